"""`ResultFiles`: exporting the shown result in any format, and opening a saved result file.

Owns File > Open (Ctrl+O), drag and drop of a file onto the window, File > Export selection,
the Export dialog with its format choice, and the export run itself: the writer's chunks go to
`atomic_write` in a worker thread while a small panel in the status bar shows the bytes written
and a Cancel button. A result opened from a file is marked as such (a banner above the result
and the window title) until the next lookup shows something else.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
)

from vody_desktop import APP_NAME
from vody_desktop.api.models import InferenceStatus
from vody_desktop.document.atomic_write import ExportCancelled
from vody_desktop.document.errors import InvalidJsonError
from vody_desktop.document.export_formats import (
    FORMATS,
    ExportFormat,
    export_chunks,
    format_for_path,
)
from vody_desktop.document.export_job import ExportJob
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.json_file import read_json_file
from vody_desktop.document.markdown_report import ReportContext, status_fields
from vody_desktop.errors import UserFacingError
from vody_desktop.store.settings import LAST_EXPORT_FOLDER, AppSettings
from vody_desktop.ui.elided_label import ElidedLabel
from vody_desktop.ui.export_dialogs import (
    LAST_EXPORT_FORMAT,
    LAST_OPEN_FOLDER,
    chosen_format,
    export_dialog,
    open_dialog,
    selection_file_name,
)
from vody_desktop.ui.export_progress import ExportProgress
from vody_desktop.ui.tasks import SHUTDOWN_WAIT_S, spawn
from vody_desktop.words import human_size

if TYPE_CHECKING:
    from vody_desktop.ui.main_window import MainWindow

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
    """Export and open for one main window; see the module docstring."""

    def __init__(self, window: MainWindow, settings: AppSettings) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._source = _Source()
        self._tasks: set[asyncio.Task[None]] = set()
        self._job: ExportJob | None = None

        self.source_label = ElidedLabel()  # a long file name must not widen the window
        self.source_label.setObjectName("sourceLabel")
        self.source_label.setAccessibleName("Result source")
        self.source_label.setTextFormat(Qt.TextFormat.PlainText)  # a file name is not markup
        self.source_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.source_label.setMargin(6)
        self.source_label.setVisible(False)
        self.progress = ExportProgress()
        window.statusBar().addPermanentWidget(self.progress)

        self.open_action = QAction("&Open saved result…", window)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.ask_open_path)
        self.export_selection_action = QAction("Export &selection…", window)
        self.export_selection_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.export_selection_action.setEnabled(False)
        self.export_selection_action.triggered.connect(self.ask_export_selection_path)
        window.export_action.changed.connect(self._on_export_action_changed)
        # File menu: Open first, Export selection right after Export.
        menu = window.file_menu
        actions = menu.actions()
        menu.insertAction(actions[0], self.open_action)
        menu.insertSeparator(actions[0])
        after_export = actions.index(window.export_action) + 1
        if after_export < len(actions):
            menu.insertAction(actions[after_export], self.export_selection_action)
        else:
            menu.addAction(self.export_selection_action)

        central = window.centralWidget()
        layout = central.layout() if central is not None else None
        if isinstance(layout, QBoxLayout):
            layout.insertWidget(layout.indexOf(window.results), self.source_label)
        window.setAcceptDrops(True)
        window.installEventFilter(_FileDropFilter(self))

    # -- where the result came from --------------------------------------------------------
    def show_fetched(
        self, inference_id: str, environment: str, status: InferenceStatus | None
    ) -> None:
        """A lookup is being shown: forget any opened file."""
        self._source = _Source(inference_id, environment, datetime.now(UTC), status)
        self.source_label.setVisible(False)
        self._window.setWindowTitle(APP_NAME)

    def report_context(self, selection: bool) -> ReportContext:
        source = self._source
        node = self._window.results.selected_node()
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
        dialog = open_dialog(self._window, folder)
        dialog.fileSelected.connect(self.open_file)
        dialog.open()

    def open_file(self, path: str | Path) -> None:
        """Read and show a saved JSON result (off the UI thread)."""
        if not str(path):
            return
        self._window.cancel_lookup(quietly=True)
        self._spawn(self._run_open(Path(path)))

    async def _run_open(self, path: Path) -> None:
        window = self._window
        window.statusBar().showMessage(f"Opening {path.name}…")
        try:
            data = await asyncio.to_thread(read_json_file, path)
        except UserFacingError as error:
            window.statusBar().clearMessage()
            window.messages.show_error(error)
            return
        self._settings.set(LAST_OPEN_FOLDER, str(path.parent))
        self._source = _Source(file=path)
        window.messages.clear()
        window.summary.clear()
        window.result_header.clear()  # the source label names the file instead
        self.source_label.setText(
            f"Opened from file: {path.name} — a saved result, not fetched from the server"
        )
        self.source_label.setToolTip(str(path))
        self.source_label.setVisible(True)
        window.setWindowTitle(f"{path.name} (opened from file) — {APP_NAME}")
        try:
            document = await asyncio.to_thread(JsonDocument.parse, data)
        except InvalidJsonError as error:
            text = data[: TEXT_PREVIEW_CHARS * 4].decode("utf-8", errors="replace")
            window.results.show_text(text[:TEXT_PREVIEW_CHARS])
            window._set_exportable(False)
            window.statusBar().clearMessage()
            window.messages.error(
                "This file is not valid JSON",
                "It may be damaged or cut off, or it is not a saved result. Its content is shown "
                "as text in the Raw JSON tab.",
                f"File: {path}\n{error.title}\n{error.detail}",
            )
            return
        window.results.show_document(document)
        window._set_exportable(True)
        window.statusBar().showMessage(
            f"Opened {path.name} ({human_size(document.size_bytes)})", 10_000
        )

    # -- exporting -----------------------------------------------------------------------------
    def ask_export_path(self, selection: bool = False) -> None:
        """Ask where to save and in which format (without a nested event loop), then export."""
        results = self._window.results
        if results.document is None:
            return
        node = results.selected_node()
        if selection and node is None:
            self._window.messages.info(
                "Select a value first", "Click a row in the tree, then export the selection."
            )
            return
        folder = self._settings.get(LAST_EXPORT_FOLDER) or str(Path.home())
        remembered = self._settings.get(LAST_EXPORT_FORMAT)
        last = ExportFormat(remembered) if remembered in set(ExportFormat) else ExportFormat.JSON
        base = self._source.base_name
        if selection and node is not None:
            base = selection_file_name(base, node.path())
        dialog = export_dialog(self._window, folder, base, last, selection=selection)

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
        results = self._window.results
        document = results.document
        if document is None or not path:
            return
        fmt = fmt or format_for_path(path) or ExportFormat.JSON
        node = results.selected_node() if selection else None
        raw = node.raw if node is not None else memoryview(document.data)
        chunks = export_chunks(
            raw,
            fmt,
            base_path=node.path() if node is not None else "$",
            context=self.report_context(selection),
            selection_only=node is not None,
            secret=self._window.form.api_key(),
        )
        self.cancel_export()
        job = self._job = ExportJob(Path(path), chunks)
        self._spawn(self._run_export(job, fmt, node.path() if node is not None else ""))

    def cancel_export(self) -> None:
        if self._job is not None:
            self._job.cancel()

    async def _run_export(self, job: ExportJob, fmt: ExportFormat, selected: str) -> None:
        window = self._window
        path = job.path
        window.statusBar().showMessage(f"Saving {path.name}…")
        self.progress.track(job)
        try:
            size = await asyncio.to_thread(job.run)
        except ExportCancelled:
            window.statusBar().clearMessage()
            window.messages.info(
                "Export cancelled",
                "Nothing was saved. Any file that was already there is unchanged.",
            )
            return
        except UserFacingError as error:
            window.statusBar().clearMessage()
            window.messages.show_error(error)
            return
        except asyncio.CancelledError:
            job.cancel()  # the window is closing: stop the thread at its next chunk
            raise
        except Exception:
            window.statusBar().clearMessage()  # not "Saving…" forever
            raise  # to the safety net: logged and shown with its details (ui/tasks.py)
        finally:
            if self._job is job:
                self._job = None
                self.progress.finish()
        self._settings.set(LAST_EXPORT_FOLDER, str(path.parent))
        self._settings.set(LAST_EXPORT_FORMAT, fmt.value)
        window.statusBar().showMessage(f"Saved {human_size(size)} to {path}", 15_000)
        what = f"The value at {selected}" if selected else "The whole result"
        window.messages.info(
            f"Saved to {path.name}", f"{what} is in {path} ({FORMATS[fmt].label})."
        )

    def _on_export_action_changed(self) -> None:
        self.export_selection_action.setEnabled(self._window.export_action.isEnabled())

    # -- tasks ---------------------------------------------------------------------------------
    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        task = spawn(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def shutdown(self) -> None:
        """Cancel what is running (an export thread stops at its next chunk) and wait a little."""
        self.cancel_export()
        tasks = [task for task in self._tasks if not task.done()]
        for task in tasks:
            task.cancel()
        if tasks:
            with contextlib.suppress(Exception):
                await asyncio.wait(tasks, timeout=SHUTDOWN_WAIT_S)
