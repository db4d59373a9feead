"""`MainWindow`: look up an inference, browse its result, export it.

Runs on a qasync event loop: each lookup and export is an asyncio task the window owns, so a new
lookup cancels the one in flight, Cancel stops it, and closing the window ends them quietly.
Expected failures arrive as `UserFacingError`s and go to the message area; nothing here sees httpx.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import traceback
from collections.abc import Coroutine
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vody_desktop import APP_NAME, __version__
from vody_desktop.api.client import ClientSettings, VodyClient
from vody_desktop.api.environments import normalize_base_url
from vody_desktop.api.errors import MissingApiKeyError
from vody_desktop.api.ids import parse_inference_id
from vody_desktop.api.redaction import redact
from vody_desktop.api.sizes import human_size
from vody_desktop.document.atomic_write import atomic_write
from vody_desktop.document.errors import InvalidJsonError
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.pretty import iter_pretty_json
from vody_desktop.errors import UserFacingError
from vody_desktop.lookup import LookupOutcome, LookupRecord, look_up
from vody_desktop.store.settings import (
    CUSTOM_BASE_URL,
    ENVIRONMENT,
    LAST_EXPORT_FOLDER,
    WINDOW_GEOMETRY,
    AppSettings,
)
from vody_desktop.ui.lookup_form import CUSTOM_KEY, LookupForm
from vody_desktop.ui.message_area import MessageArea
from vody_desktop.ui.result_view import ResultView
from vody_desktop.ui.status_summary import StatusSummary, status_words

log = logging.getLogger(__name__)
ELAPSED_TICK_MS = 100


class MainWindow(QMainWindow):
    """The whole lookup workflow in one window."""

    lookupFinished = Signal()
    #: A `LookupRecord` for every lookup that reached the server (for the history).
    lookupRecorded = Signal(object)
    closed = Signal()

    def __init__(
        self,
        settings: AppSettings,
        *,
        api_key: str = "",
        sandbox_url: str | None = None,
        environment: str | None = None,
        custom_url: str = "",
        client_settings: ClientSettings | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self._settings = settings
        self._client: VodyClient | None = None
        self._client_identity = ("", "")
        self._client_settings = client_settings or ClientSettings()
        self._lookup_task: asyncio.Task[None] | None = None
        self._export_task: asyncio.Task[None] | None = None
        self._inference_id = ""
        self._started = 0.0
        self._received = 0

        self.form = LookupForm()
        self.messages = MessageArea()
        self.summary = StatusSummary()
        self.results = ResultView()
        self.export_button = QPushButton("&Export…")
        self.export_button.setObjectName("exportButton")
        self.export_button.setToolTip("Save the result as a JSON file (Ctrl+S)")
        self.export_button.setEnabled(False)
        self.path_label = QLabel()
        self.path_label.setObjectName("pathLabel")
        self._build_layout()
        self._build_actions()

        if sandbox_url:
            self.form.add_sandbox(sandbox_url)
        self.form.select_environment(
            environment or ("sandbox" if sandbox_url else settings.get(ENVIRONMENT)),
            custom_url or settings.get(CUSTOM_BASE_URL),
        )
        self.form.api_key_edit.setText(api_key)
        self.form.fetchRequested.connect(self._on_form_fetch_requested)
        self.form.cancelRequested.connect(self.cancel_lookup)
        self.results.selectedPathChanged.connect(self._on_results_selected_path_changed)
        self.export_button.clicked.connect(self.ask_export_path)

        self._elapsed_timer = QTimer(self)
        self._elapsed_timer.setInterval(ELAPSED_TICK_MS)
        self._elapsed_timer.timeout.connect(self._on_elapsed_timer_timeout)

        geometry = settings.get(WINDOW_GEOMETRY)
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(1000, 720)

    # -- layout --------------------------------------------------------------------------
    def _build_layout(self) -> None:
        export_row = QHBoxLayout()
        export_row.addStretch(1)
        export_row.addWidget(self.export_button)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.setSpacing(8)
        layout.addWidget(self.form)
        layout.addWidget(self.messages)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        layout.addLayout(export_row)
        self.setCentralWidget(central)
        self.statusBar().addPermanentWidget(self.path_label, 1)
        QWidget.setTabOrder(self.form.cancel_button, self.results)
        QWidget.setTabOrder(self.results, self.export_button)

    def _build_actions(self) -> None:
        self.file_menu = file_menu = self.menuBar().addMenu("&File")
        self.export_action = QAction("&Export…", self)
        self.export_action.setShortcut(QKeySequence.StandardKey.Save)
        self.export_action.setEnabled(False)
        self.export_action.triggered.connect(self.ask_export_path)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        self.edit_menu = edit_menu = self.menuBar().addMenu("&Edit")
        copy_action = QAction("&Copy value", self)
        copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        copy_action.triggered.connect(self._on_copy_action_triggered)
        self.results.tree.addAction(copy_action)
        edit_menu.addAction(copy_action)

        self.view_menu = self.menuBar().addMenu("&View")
        self.lookup_menu = lookup_menu = self.menuBar().addMenu("&Lookup")
        fetch_action = QAction("&Fetch", self)
        fetch_action.setShortcut(QKeySequence("Ctrl+Return"))
        fetch_action.triggered.connect(self._on_form_fetch_requested)
        cancel_action = QAction("&Cancel", self)
        cancel_action.setShortcut(QKeySequence("Esc"))
        cancel_action.triggered.connect(self.cancel_lookup)
        focus_id_action = QAction("Go to inference &ID", self)
        focus_id_action.setShortcut(QKeySequence("Ctrl+L"))
        focus_id_action.triggered.connect(self._on_focus_id_action_triggered)
        for action in (fetch_action, cancel_action, focus_id_action):
            lookup_menu.addAction(action)
        self.help_menu = self.menuBar().addMenu("&Help")
        about_action = QAction(f"&About {APP_NAME}", self)
        about_action.triggered.connect(self._on_about_action_triggered)
        self.help_menu.addAction(about_action)

        for number, (label, widget) in enumerate(
            (("&Tree", self.results.tree), ("&Raw JSON", self.results.raw_view)), start=1
        ):
            action = QAction(label, self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, w=widget: self.results.setCurrentWidget(w))
            self.view_menu.addAction(action)

    # -- lookup --------------------------------------------------------------------------
    def start_lookup(self, text: str | None = None) -> None:
        """Look up the ID in the field (or `text`), after checking the input without a request."""
        if text is not None:
            self.form.set_inference_id(text)
        try:
            inference_id = parse_inference_id(self.form.inference_id_text())
            if not self.form.api_key():
                raise MissingApiKeyError()
            base_url = normalize_base_url(self.form.base_url())
        except MissingApiKeyError as error:
            self.messages.show_error(error)
            self.form.focus_key()
            return
        except UserFacingError as error:
            self.messages.show_error(error)
            return
        self.form.set_inference_id(inference_id)
        self._remember_environment()
        self.cancel_lookup(quietly=True)
        self._lookup_task = self._spawn(self._run_lookup(base_url, inference_id))

    def _on_form_fetch_requested(self) -> None:
        self.start_lookup()

    def cancel_lookup(self, quietly: bool = False) -> None:
        task, self._lookup_task = self._lookup_task, None
        if task is not None and not task.done():
            task.cancel()
            self._set_busy(False)
            if not quietly:
                self.messages.info(
                    "Lookup cancelled", "Nothing was changed. Fetch again when ready."
                )

    def _client_for(self, base_url: str) -> VodyClient:
        identity = (base_url, self.form.api_key())
        client = self._client
        if client is None or identity != self._client_identity:
            if client is not None:
                self._spawn(client.aclose())
            client = self._client = VodyClient(*identity, settings=self._client_settings)
            self._client_identity = identity
        return client

    async def _run_lookup(self, base_url: str, inference_id: str) -> None:
        self._set_busy(True)
        self.messages.clear()
        try:
            client = self._client_for(base_url)
            started_at = datetime.now(UTC)
            outcome = await look_up(client, inference_id, self._on_progress)
            self.lookupRecorded.emit(
                LookupRecord.from_outcome(
                    outcome,
                    inference_id=inference_id,
                    environment=self.form.environment_label(),
                    base_url=base_url,
                    started_at=started_at,
                    duration_s=time.monotonic() - self._started,
                )
            )
            await self._show_outcome(inference_id, outcome)
        except UserFacingError as error:
            self.messages.show_error(error)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # a bug: say so plainly, keep the window usable
            log.exception("Unexpected error during a lookup")
            self.messages.error(
                "Something unexpected went wrong",
                "The lookup stopped. Try again; if it keeps happening, copy the details "
                "into a support ticket.",
                redact("".join(traceback.format_exception(error)), self.form.api_key()),
            )
        finally:
            if asyncio.current_task() is self._lookup_task:
                self._set_busy(False)
                self._lookup_task = None
            self.lookupFinished.emit()

    async def _show_outcome(self, inference_id: str, outcome: LookupOutcome) -> None:
        self._inference_id = inference_id
        if outcome.status is not None:
            self.summary.show_status(outcome.status)
        else:
            self.summary.show_unavailable("Unknown (the status could not be read)")
        if outcome.results is None:
            self.results.clear_result()
            self._set_exportable(False)
            error = outcome.results_error or outcome.status_error
            status = outcome.status.status if outcome.status else ""
            if status in {"in_progress", "failed"} and error is not None:
                self.messages.info(
                    f"This inference is {status_words(status).lower()}",
                    "Results appear once it has completed. Fetch again in a moment."
                    if status == "in_progress"
                    else error.title + ". " + error.advice,
                    error.detail,
                )
            elif error is not None:
                self.messages.show_error(error)
            return
        body = outcome.results
        try:
            document = await asyncio.to_thread(JsonDocument.parse, body.body)
        except InvalidJsonError as error:
            self.results.show_text(body.body.decode("utf-8", errors="replace"))
            self._set_exportable(False)
            self.messages.show_error(error)
            return
        self.results.show_document(document)
        self._set_exportable(True)
        self.statusBar().showMessage(
            f"Loaded {human_size(document.size_bytes)} in {body.elapsed_s:.2f} s", 10_000
        )
        if outcome.status_error is not None:
            self.messages.info(
                "Results shown, but the status could not be read",
                outcome.status_error.title,
                outcome.status_error.detail,
            )

    def _on_progress(self, received: int, _total: int | None) -> None:
        self._received = received

    def _set_busy(self, busy: bool) -> None:
        self.form.set_busy(busy)
        if busy:
            self._started = time.monotonic()
            self._received = 0
            self._on_elapsed_timer_timeout()
            self._elapsed_timer.start()
        else:
            self._elapsed_timer.stop()

    def _on_elapsed_timer_timeout(self) -> None:
        elapsed = time.monotonic() - self._started
        received = f" · {human_size(self._received)} received" if self._received else ""
        self.form.set_elapsed(f"Fetching… {elapsed:.1f} s{received}")

    def _remember_environment(self) -> None:
        key = self.form.environment_key()
        if key != "sandbox":
            self._settings.set(ENVIRONMENT, key)
        if key == CUSTOM_KEY:
            self._settings.set(CUSTOM_BASE_URL, self.form.base_url().strip())

    # -- export --------------------------------------------------------------------------
    def _set_exportable(self, exportable: bool) -> None:
        self.export_button.setEnabled(exportable)
        self.export_action.setEnabled(exportable)

    def ask_export_path(self) -> None:
        """Ask where to save (without a nested event loop), then export there."""
        if self.results.document is None:
            return
        folder = self._settings.get(LAST_EXPORT_FOLDER) or str(Path.home())
        dialog = QFileDialog(
            self, "Export result", str(Path(folder) / f"{self._inference_id}.json")
        )
        dialog.setObjectName("exportDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters(["JSON files (*.json)", "All files (*)"])
        dialog.setDefaultSuffix("json")
        dialog.fileSelected.connect(self.export_to)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def export_to(self, path: str) -> None:
        document = self.results.document
        if document is None or not path:
            return
        self._export_task = self._spawn(self._run_export(document, Path(path)))

    async def _run_export(self, document: JsonDocument, path: Path) -> None:
        self.statusBar().showMessage(f"Saving {path.name}…")
        try:
            size = await asyncio.to_thread(atomic_write, path, iter_pretty_json(document.data))
        except UserFacingError as error:
            self.statusBar().clearMessage()
            self.messages.show_error(error)
            return
        self._settings.set(LAST_EXPORT_FOLDER, str(path.parent))
        self.statusBar().showMessage(f"Saved {human_size(size)} to {path}", 15_000)
        self.messages.info(f"Saved to {path.name}", f"The whole result is in {path}.")

    # -- copy and selection --------------------------------------------------------------
    def _on_copy_action_triggered(self) -> None:
        if self.results.copy_selected_value():
            self.statusBar().showMessage("Copied the selected value", 3000)

    def _on_results_selected_path_changed(self, path: str) -> None:
        self.path_label.setText(f"Selected: {path}" if path else "")

    def _on_focus_id_action_triggered(self) -> None:
        self.form.inference_id_edit.setFocus()
        self.form.inference_id_edit.selectAll()

    def _on_about_action_triggered(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle(f"About {APP_NAME}")
        box.setText(f"<b>{APP_NAME}</b> {__version__}")
        box.setInformativeText("Look up the results of model inferences on the Vody Inference API.")
        box.finished.connect(box.deleteLater)
        box.open()

    # -- tasks and shutdown --------------------------------------------------------------
    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        return asyncio.ensure_future(coroutine)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._settings.set(WINDOW_GEOMETRY, self.saveGeometry())
        self.cancel_lookup(quietly=True)
        super().closeEvent(event)
        self.closed.emit()

    async def shutdown(self) -> None:
        """Cancel what is running and close the connection pool; prints nothing."""
        tasks = [t for t in (self._lookup_task, self._export_task) if t and not t.done()]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=2)
        await self.results.shutdown()
        if self._client is not None:
            with contextlib.suppress(Exception):
                await self._client.aclose()
            self._client = None
        self._settings.sync()
