"""`ResultFiles`: exporting the shown result in any format, and opening a saved result file.

Does what File > Open, Export and Export selection ask (the window binds its actions here) and
what a file dropped onto the window asks; runs the Export dialog with its format choice and the
export itself: the writer's chunks go to `atomic_write` in a worker thread while a small panel
(`progress`, placed by the window in its status bar) shows the bytes written and a Cancel
button. A result opened from a file is marked as such (`source_label` above the result, and
the title it asks for) until the next lookup shows something else.

It decides, in one place, whether the shown result can be exported (`exportableChanged`): a
fetched or opened document can, a saved copy from the history or text that is not JSON cannot.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFrame, QPushButton, QWidget

from vody_desktop import APP_NAME
from vody_desktop.document.export_formats import (
    FORMATS,
    ExportFormat,
    export_chunks,
    format_for_path,
)
from vody_desktop.document.member_range import RangeNode
from vody_desktop.errors import UserFacingError
from vody_desktop.store.settings import LAST_EXPORT_FOLDER, AppSettings
from vody_desktop.ui.files.export_dialogs import (
    LAST_EXPORT_FORMAT,
    LAST_OPEN_FOLDER,
    chosen_format,
    export_dialog,
    open_dialog,
    selection_file_name,
)
from vody_desktop.ui.files.export_progress import ExportProgress
from vody_desktop.ui.result.result_view import ResultView
from vody_desktop.ui.tasks import TaskOwner
from vody_desktop.ui.widgets.elided_label import ElidedLabel
from vody_desktop.ui.widgets.message_area import MessageArea
from vody_desktop.ui.widgets.status_line import StatusLine
from vody_desktop.words import human_size

if TYPE_CHECKING:  # imported on first use: the document's code (and msgspec) is not needed
    # to paint the window's Export button (see the first paint, ui/mainwindow/later_parts.py)
    from vody_desktop.api.models import InferenceStatus
    from vody_desktop.document.export_job import ExportJob
    from vody_desktop.document.markdown_report import ReportContext
    from vody_desktop.items.shown_rows import ShownRows
    from vody_desktop.lookup import LookupRequest, LookupResult

#: A file that is not JSON is shown as text up to this many characters.
TEXT_PREVIEW_CHARS = 1_000_000


@dataclass(frozen=True)
class _Source:
    """Where the shown result came from (for file names and the ticket report)."""

    inference_id: str = ""
    environment: str = ""
    fetched_at: datetime | None = None
    status: InferenceStatus | None = None
    file: Path | None = None

    @property
    def base_name(self) -> str:
        if self.file is not None:
            return self.file.stem
        return self.inference_id or "result"


class _FileDropFilter(QObject):
    """Accepts a single local file dragged onto the window and opens it."""

    def __init__(self, files: ResultFiles) -> None:
        super().__init__(files)
        self._files = files

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragEnterEvent | QDropEvent)
            if _dropped_file(event) is not None:
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            path = _dropped_file(event)
            if path is not None:
                event.acceptProposedAction()
                self._files.open_file(path)
                return True
        return super().eventFilter(watched, event)


def _dropped_file(event: QDropEvent) -> str | None:
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    return urls[0].toLocalFile()


class ResultFiles(QObject):
    """Export and open for one result view; see the module docstring."""

    #: Whether the shown result can be exported (as a whole or its selection).
    exportableChanged = Signal(bool)
    #: The window title that names the shown result's source.
    titleChanged = Signal(str)
    #: A saved file is about to replace what is shown (a lookup in flight should stop).
    openStarted = Signal()
    #: A saved file is shown: the header and summary of a lookup no longer apply.
    fileShown = Signal()

    def __init__(
        self,
        *,
        results: ResultView,
        messages: MessageArea,
        settings: AppSettings,
        status_line: StatusLine,
        secret: Callable[[], str],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._results = results
        self._messages = messages
        self._settings = settings
        self._status_line = status_line
        self._secret = secret  # the key, kept out of exported text
        self._source = _Source()
        self._tasks = TaskOwner()
        self._job: ExportJob | None = None
        self.exportable = False
        #: The rows the Items tab shows, when it is the tab on show (set by the window's part):
        #: a CSV export then writes those rows, filter and column order applied.
        self.shown_rows: Callable[[], ShownRows | None] = lambda: None

        self.source_label = ElidedLabel()  # a long file name must not widen the window
        self.source_label.setObjectName("sourceLabel")
        self.source_label.setAccessibleName("Result source")
        self.source_label.setTextFormat(Qt.TextFormat.PlainText)  # a file name is not markup
        self.source_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.source_label.setMargin(6)
        self.source_label.setVisible(False)
        self.progress = ExportProgress()
        self.export_button = QPushButton("E&xport…")
        self.export_button.setObjectName("exportButton")
        self.export_button.setToolTip("Save the result as a JSON file (Ctrl+S)")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.ask_export_path)

    def accept_drops_on(self, widget: QWidget) -> None:
        """Open a single local file dropped onto `widget`."""
        widget.setAcceptDrops(True)
        widget.installEventFilter(_FileDropFilter(self))

    # -- where the result came from --------------------------------------------------------
    def show_started(self, request: LookupRequest) -> None:
        """A lookup has started: what it replaces can no longer be exported."""
        self._show_source(_Source(request.inference_id, request.where_in_full, datetime.now(UTC)))
        self._set_exportable(False)

    def show_result(self, result: LookupResult) -> None:
        """A lookup has finished: its result (when it opened) can be exported under its ID."""
        request = result.request
        self._show_source(
            _Source(request.inference_id, request.where_in_full, datetime.now(UTC), result.status)
        )
        self._set_exportable(result.document is not None)

    def show_saved_copy(self, inference_id: str) -> None:
        """A copy from the history is shown: fetch it again to export it."""
        self._show_source(_Source(inference_id))
        self._set_exportable(False)

    def _show_source(self, source: _Source) -> None:
        self._source = source
        self.source_label.setVisible(False)
        self.titleChanged.emit(APP_NAME)

    def _set_exportable(self, exportable: bool) -> None:
        self.exportable = exportable
        self.export_button.setEnabled(exportable)
        self.exportableChanged.emit(exportable)

    def report_context(self, selection: bool) -> ReportContext:
        from vody_desktop.document.markdown_report import ReportContext, status_fields

        source = self._source
        node = self._results.selected_node()
        selected = node is not None and (selection or node.parent is not None)
        return ReportContext(
            inference_id=source.inference_id,
            environment=source.environment,
            fetched_at=source.fetched_at,
            source_file=source.file.name if source.file else "",
            summary=status_fields(source.status) if source.inference_id else (),
            selected_path=node.path() if node is not None and selected else "",
            selected_value=node.display_value if node is not None and selected else "",
        )

    # -- opening a saved file ----------------------------------------------------------------
    def ask_open_path(self) -> None:
        folder = self._settings.get(LAST_OPEN_FOLDER) or str(Path.home())
        dialog = open_dialog(self._parent, folder)
        dialog.fileSelected.connect(self.open_file)
        dialog.open()

    def open_file(self, path: str | Path) -> None:
        """Read and show a saved JSON result (off the UI thread)."""
        if not str(path):
            return
        self.openStarted.emit()
        self._tasks.spawn(self._run_open(Path(path)))

    async def _run_open(self, path: Path) -> None:
        import asyncio

        from vody_desktop.document.errors import InvalidJsonError
        from vody_desktop.document.json_document import JsonDocument
        from vody_desktop.document.json_file import read_json_file

        self._status_line(f"Opening {path.name}…", 0)
        try:
            data = await asyncio.to_thread(read_json_file, path)
        except UserFacingError as error:
            self._status_line("", 0)
            self._messages.show_error(error)
            return
        self._settings.set(LAST_OPEN_FOLDER, str(path.parent))
        self._source = _Source(file=path)
        self._messages.clear()
        self.fileShown.emit()  # the source label names the file instead of the header
        self.source_label.setText(
            f"Opened from file: {path.name} — a saved result, not fetched from the server"
        )
        self.source_label.setToolTip(str(path))
        self.source_label.setVisible(True)
        self.titleChanged.emit(f"{path.name} (opened from file) — {APP_NAME}")
        try:
            document = await asyncio.to_thread(JsonDocument.parse, data)
        except InvalidJsonError as error:
            text = data[: TEXT_PREVIEW_CHARS * 4].decode("utf-8", errors="replace")
            self._results.show_text(text[:TEXT_PREVIEW_CHARS])
            self._set_exportable(False)
            self._status_line("", 0)
            self._messages.error(
                "This file is not valid JSON",
                "It may be damaged or cut off, or it is not a saved result. Its content is shown "
                "as text in the Raw JSON tab.",
                f"File: {path}\n{error.title}\n{error.detail}",
            )
            return
        self._results.show_document(document)
        self._set_exportable(True)
        self._status_line(f"Opened {path.name} ({human_size(document.size_bytes)})", 10_000)

    # -- exporting -----------------------------------------------------------------------------
    def ask_export_path(self, selection: bool = False) -> None:
        """Ask where to save and in which format (without a nested event loop), then export."""
        results = self._results
        if results.document is None or not self.exportable:
            return
        node = results.selected_node()
        if selection and node is None:
            self._messages.info(
                "Select a value first", "Click a row in the tree, then export the selection."
            )
            return
        folder = self._settings.get(LAST_EXPORT_FOLDER) or str(Path.home())
        remembered = self._settings.get(LAST_EXPORT_FORMAT)
        last = ExportFormat(remembered) if remembered in set(ExportFormat) else ExportFormat.JSON
        base = self._source.base_name
        if selection and node is not None:
            base = selection_file_name(base, node.path())
        dialog = export_dialog(self._parent, folder, base, last, selection=selection)

        def on_file_selected(path: str) -> None:
            self.export_to(path, chosen_format(dialog, path, last), selection=selection)

        dialog.fileSelected.connect(on_file_selected)
        dialog.open()

    def ask_export_selection_path(self) -> None:
        self.ask_export_path(selection=True)

    def export_to(
        self, path: str, fmt: ExportFormat | None = None, *, selection: bool = False
    ) -> None:
        """Export the result (or the selected value) to `path`; the format defaults by suffix."""
        from vody_desktop.document.export_job import ExportJob
        from vody_desktop.items.table_text import iter_table_csv

        results = self._results
        document = results.document
        if document is None or not path:
            return
        fmt = fmt or format_for_path(path) or ExportFormat.JSON
        shown = self.shown_rows() if fmt is ExportFormat.CSV and not selection else None
        if shown is not None:
            self.cancel_export()
            job = self._job = ExportJob(Path(path), iter_table_csv(shown.header, shown.rows()))
            self._tasks.spawn(self._run_export(job, fmt, "", what=shown.words()))
            return
        node = results.selected_node() if selection else None
        raw = node.raw if node is not None else memoryview(document.data)
        base_path, first_index = node.path() if node is not None else "$", 0
        if isinstance(node, RangeNode):  # "[10,000 … 19,999]": its members' real paths
            base_path, first_index = node.container.path(), node.first
        chunks = export_chunks(
            raw,
            fmt,
            base_path=base_path,
            first_index=first_index,
            context=self.report_context(selection),
            selection_only=node is not None,
            secret=self._secret(),
        )
        self.cancel_export()
        job = self._job = ExportJob(Path(path), chunks)
        self._tasks.spawn(self._run_export(job, fmt, node.path() if node is not None else ""))

    def export_chunks(
        self, path: str, chunks: Iterable[bytes], fmt: ExportFormat, what: str
    ) -> None:
        """Write `chunks` (made lazily, on the export's thread) to `path` as every export is
        written: atomically, cancellable, with progress (the review's reports use it)."""
        from vody_desktop.document.export_job import ExportJob

        self.cancel_export()
        job = self._job = ExportJob(Path(path), chunks)
        self._tasks.spawn(self._run_export(job, fmt, "", what=what))

    def cancel_export(self) -> None:
        if self._job is not None:
            self._job.cancel()

    async def _run_export(
        self, job: ExportJob, fmt: ExportFormat, selected: str, what: str = ""
    ) -> None:
        import asyncio

        from vody_desktop.document.atomic_write import ExportCancelled

        path = job.path
        self._status_line(f"Saving {path.name}…", 0)
        self.progress.track(job)
        try:
            size = await asyncio.to_thread(job.run)
        except ExportCancelled:
            self._status_line("", 0)
            self._messages.info(
                "Export cancelled",
                "Nothing was saved. Any file that was already there is unchanged.",
            )
            return
        except UserFacingError as error:
            self._status_line("", 0)
            self._messages.show_error(error)
            return
        except asyncio.CancelledError:
            job.cancel()  # the window is closing: stop the thread at its next chunk
            raise
        except Exception:
            self._status_line("", 0)  # not "Saving…" forever
            raise  # to the safety net: logged and shown with its details (ui/tasks.py)
        finally:
            if self._job is job:
                self._job = None
                self.progress.finish()
        self._settings.set(LAST_EXPORT_FOLDER, str(path.parent))
        self._settings.set(LAST_EXPORT_FORMAT, fmt.value)
        self._status_line(f"Saved {human_size(size)} to {path}", 15_000)
        what = what or (f"The value at {selected}" if selected else "The whole result")
        self._messages.info(f"Saved to {path.name}", f"{what} is in {path} ({FORMATS[fmt].label}).")

    async def shutdown(self) -> None:
        """Cancel what is running (an export thread stops at its next chunk) and wait a little."""
        self.cancel_export()
        await self._tasks.shutdown()
