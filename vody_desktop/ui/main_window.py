"""`MainWindow`: look up an inference, browse its result, export it.

Runs on a qasync event loop: each lookup and export is an asyncio task the window owns, so a new
lookup cancels the one in flight, Cancel stops it, and closing the window ends them quietly.
Expected failures arrive as `UserFacingError`s and go to the message area; nothing here sees httpx.
When a lookup starts, the result on show leaves the screen (the history keeps it) and the header
above the result names the inference and environment asked for, so an answer never sits under
another ID.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
import traceback
from collections.abc import Coroutine, Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vody_desktop import APP_NAME
from vody_desktop.api.bodies import decode_text
from vody_desktop.api.client import ClientSettings, VodyClient
from vody_desktop.api.environments import normalize_base_url
from vody_desktop.api.errors import (
    ApiError,
    InferenceFailedError,
    MissingApiKeyError,
    ResponseTooLargeError,
)
from vody_desktop.api.ids import parse_inference_id
from vody_desktop.api.models import ResultsBody
from vody_desktop.api.redaction import redact
from vody_desktop.api.retry import Retrier, RetryNotice, RetryPolicy
from vody_desktop.demo_support import Example
from vody_desktop.document.errors import InvalidJsonError
from vody_desktop.document.export_formats import ExportFormat
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.errors import UserFacingError
from vody_desktop.lookup import LookupOutcome, LookupRecord, look_up
from vody_desktop.resources import application_icon
from vody_desktop.store.network_settings import client_settings_from, retry_policy_from
from vody_desktop.store.settings import (
    CUSTOM_BASE_URL,
    ENVIRONMENT,
    WINDOW_GEOMETRY,
    AppSettings,
)
from vody_desktop.ui import warm_imports
from vody_desktop.ui.about_dialog import AboutDialog
from vody_desktop.ui.body_download import BodyDownloader
from vody_desktop.ui.elided_label import ElidedLabel
from vody_desktop.ui.examples_menu import examples_menu
from vody_desktop.ui.inspect_features import InspectFeatures
from vody_desktop.ui.lookup_form import CUSTOM_KEY, SANDBOX_KEY, LookupForm
from vody_desktop.ui.message_area import MessageArea
from vody_desktop.ui.notifier import Notifier
from vody_desktop.ui.raw_body_saver import RawBodySaver
from vody_desktop.ui.result_files import ResultFiles
from vody_desktop.ui.result_header import ResultHeader
from vody_desktop.ui.result_view import ResultView
from vody_desktop.ui.status_summary import StatusSummary
from vody_desktop.ui.store_features import StoreFeatures
from vody_desktop.ui.tab_order import reading_order, tab_stop_after
from vody_desktop.ui.tasks import SHUTDOWN_WAIT_S, spawn
from vody_desktop.ui.visible_text import visible
from vody_desktop.ui.window_size import fit_to_screen
from vody_desktop.unreadable import unreadable_result
from vody_desktop.waiting import PollPolicy, WaitProgress, is_running, wait_until_finished
from vody_desktop.words import human_size, status_words

log = logging.getLogger(__name__)
ELAPSED_TICK_MS = 100
#: A body that is not JSON is shown as text up to this many bytes (the whole can be saved).
UNREADABLE_PREVIEW_BYTES = 1_000_000


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
        retry_policy: RetryPolicy | None = None,
        examples: Sequence[Example] = (),
    ) -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(application_icon())
        self._settings = settings
        self._client: VodyClient | None = None
        self._client_identity = ("", "")
        # None: built from the settings for each lookup, so changed preferences apply at once.
        self._injected_client_settings = client_settings
        self._client_settings = client_settings or ClientSettings()
        self._retry_policy = retry_policy
        self.poll_policy = PollPolicy()
        self.notifier = Notifier(self)
        self._busy_text = "Fetching…"
        self._base_url = ""
        self._lookup_task: asyncio.Task[None] | None = None
        # Every task until it has ended: a cancelled lookup winds down its requests for a few
        # loop turns, and shutdown() waits for that (closing cancels the lookup first).
        self._tasks: set[asyncio.Task[None]] = set()
        self._inference_id = ""
        self._environment_words = ""  # of the lookup asked for last (for the result header)
        self._first_show = True
        self._started = 0.0
        self._received = 0

        self.form = LookupForm()
        self.messages = MessageArea()
        self.summary = StatusSummary()
        self.result_header = ResultHeader()
        self.results = ResultView()
        self.export_button = QPushButton("&Export…")
        self.export_button.setObjectName("exportButton")
        self.export_button.setToolTip("Save the result as a JSON file (Ctrl+S)")
        self.export_button.setEnabled(False)
        # Cut in the middle to fit: a deep path must not widen the window (see ElidedLabel).
        self.path_label = ElidedLabel()
        self.path_label.setObjectName("pathLabel")
        self.path_label.setAccessibleName("Selected path")
        self.raw_saver = RawBodySaver(self, self.messages)
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
        restored = not geometry.isEmpty() and self.restoreGeometry(geometry)
        fit_to_screen(self, restored=restored)
        # Keys, history dock, Copy as curl, Preferences, log and diagnostics actions.
        self.store_features = StoreFeatures(self, settings)
        # Open a saved file (menu, drop, argument); export formats, selection, progress, Cancel.
        self.files = ResultFiles(self, settings)
        # Save a result straight to a file without opening it (over the size cap, or by choice).
        self.downloader = BodyDownloader(self, self.messages, self._download_target)
        self.lookup_menu.addAction(self.downloader.action)
        warm_imports.import_soon()  # the network stack, off the UI thread, before the first Fetch
        # Find, filter, JSONPath query, copy key/path/JSON, expand/collapse, details dock.
        self.inspect = InspectFeatures(self)
        if examples:
            self._add_examples(examples)
        reading_order(self)

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
        layout.addWidget(self.result_header)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        layout.addLayout(export_row)
        self.setCentralWidget(central)
        # A normal (not permanent) widget: a message such as "Loaded 2 KB" hides it for a while;
        # as a permanent one with stretch it left those messages no room at all.
        self.statusBar().addWidget(self.path_label, 1)

    def _build_actions(self) -> None:
        self.file_menu = file_menu = self.menuBar().addMenu("&File")
        self.export_action = QAction("&Export…", self)
        self.export_action.setShortcut(QKeySequence.StandardKey.Save)
        self.export_action.setEnabled(False)
        self.export_action.triggered.connect(self.ask_export_path)
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.raw_saver.action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        self.edit_menu = edit_menu = self.menuBar().addMenu("&Edit")
        self.copy_action = copy_action = QAction("&Copy value", self)
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
            (("&Tree", self.results.tree_stack), ("&Raw JSON", self.results.raw_view)), start=1
        ):
            action = QAction(label, self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, w=widget: self.results.setCurrentWidget(w))
            self.view_menu.addAction(action)

    def _add_examples(self, examples: Sequence[Example]) -> None:
        """Demo mode: Lookup > Examples lists the sandbox's inferences (see examples_menu)."""
        self.examples_menu = examples_menu(self, examples, self.look_up_example)
        self.lookup_menu.insertMenu(self.lookup_menu.actions()[0], self.examples_menu)
        self.lookup_menu.insertSeparator(self.lookup_menu.actions()[1])
        self.form.inference_id_edit.setPlaceholderText(
            "Paste an inference ID, or pick one under Lookup > Examples"
        )

    def look_up_example(self, inference_id: str) -> None:
        """Fetch a sandbox example (from the sandbox, whichever environment was chosen)."""
        self.form.select_environment(SANDBOX_KEY)
        self.start_lookup(inference_id)

    # -- start-up focus ------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._first_show:
            self._first_show = False
            # After the zero timer that fills in a remembered key (KeyKeeper.start).
            QTimer.singleShot(0, self.focus_first_field)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab skip what cannot be seen (a dock tabbed behind another)."""
        target = tab_stop_after(self, next)
        if target is None:
            return super().focusNextPrevChild(next)
        reason = Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
        target.setFocus(reason)
        return True

    def focus_first_field(self) -> None:
        """Focus the first field that still needs input: the address, the key, else the ID."""
        form = self.form
        if form.environment_key() == CUSTOM_KEY and not form.base_url().strip():
            field = form.custom_url_edit
        elif not form.api_key():
            field = form.api_key_edit
        else:
            field = form.inference_id_edit
        field.setFocus(Qt.FocusReason.OtherFocusReason)

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
        self._environment_words = self._environment_for_header(base_url)
        self._forget_shown_result(inference_id)
        self._lookup_task = self._spawn(self._run_lookup(base_url, inference_id))

    def _environment_for_header(self, base_url: str) -> str:
        if self.form.environment_key() == CUSTOM_KEY:
            return base_url
        return self.form.environment_label()

    def _forget_shown_result(self, inference_id: str) -> None:
        """A new lookup: the result on show leaves the screen, so it is not read as this one's."""
        self.results.clear_result()
        self.summary.clear()
        self.statusBar().clearMessage()  # "Loaded 2 KB in 0.10 s" was about that result
        self._set_exportable(False)
        self.raw_saver.forget()
        self.files.show_fetched(inference_id, self._environment_words, None)
        self.result_header.looking_up(inference_id, self._environment_words)

    def _on_form_fetch_requested(self) -> None:
        self.start_lookup()

    def cancel_lookup(self, quietly: bool = False) -> None:
        task, self._lookup_task = self._lookup_task, None
        if task is not None and not task.done():
            task.cancel()
            self._set_busy(False)
            self.result_header.stopped()
            if not quietly:
                self.messages.info(
                    "Lookup cancelled", "Nothing was changed. Fetch again when ready."
                )

    def _download_target(self) -> tuple[VodyClient, str]:
        """The client and inference ID for "Download to file"; raises UserFacingError."""
        inference_id = parse_inference_id(self.form.inference_id_text())
        if not self.form.api_key():
            raise MissingApiKeyError()
        return self._client_for(normalize_base_url(self.form.base_url())), inference_id

    def _client_for(self, base_url: str) -> VodyClient:
        identity = (base_url, self.form.api_key())
        client = self._client
        settings = self._injected_client_settings or client_settings_from(self._settings)
        if client is None or identity != self._client_identity or settings != self._client_settings:
            if client is not None:
                self._spawn(client.aclose())
            client = self._client = VodyClient(*identity, settings=settings)
            self._client_identity = identity
            self._client_settings = settings
        return client

    async def _run_lookup(self, base_url: str, inference_id: str) -> None:
        self._set_busy(True)
        self.messages.clear()
        if not self._environment_words:
            self._environment_words = self._environment_for_header(base_url)
        self.result_header.looking_up(inference_id, self._environment_words)
        try:
            client = self._client_for(base_url)
            started_at = datetime.now(UTC)
            # The log's mark that a lookup is under way (its end is logged with the history).
            log.info("Lookup %s on %s started", inference_id, self.form.environment_label())
            outcome = await look_up(
                client, inference_id, self._on_progress, retrier=self._retrier()
            )
            record = LookupRecord.from_outcome(
                outcome,
                inference_id=inference_id,
                environment=self.form.environment_label(),
                base_url=base_url,
                started_at=started_at,
                duration_s=time.monotonic() - self._started,
            )
            self._base_url = base_url
            problem: str | None = None
            try:
                problem = await self._show_outcome(inference_id, outcome)
            finally:
                # What happened, also when results arrived but could not be opened.
                if problem and not record.error_title:
                    record = dataclasses.replace(record, error_title=problem)
                self.lookupRecorded.emit(record)
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
                if self.result_header.is_looking_up():  # ended without showing a result
                    self.result_header.no_result(inference_id, self._environment_words)
            self.lookupFinished.emit()

    async def _show_outcome(self, inference_id: str, outcome: LookupOutcome) -> str | None:
        """Show what came back; return the title of the problem when results arrived but
        could not be opened (for the history), else None."""
        self._inference_id = inference_id
        self.raw_saver.forget()
        environment = f"{self.form.environment_label()} ({self._base_url})"
        self.files.show_fetched(inference_id, environment, outcome.status)
        if outcome.status is not None:
            self.summary.show_status(outcome.status)
        else:
            self.summary.clear()  # a row of dashes says nothing; the message says what happened
        if outcome.results is None:
            self.results.clear_result()
            self._set_exportable(False)
            if outcome.status is not None and is_running(outcome.status):
                self.result_header.showing(inference_id, self._environment_words, "no result yet")
            else:
                self.result_header.no_result(inference_id, self._environment_words)
            error = outcome.results_error or outcome.status_error
            status = outcome.status.status if outcome.status else ""
            if status == "in_progress" and error is not None:
                self.messages.info(
                    f"This inference is {status_words(status).lower()}",
                    "Results appear once it has completed. Fetch again in a moment.",
                    error.detail,
                )
                if outcome.status is not None and is_running(outcome.status):
                    self.messages.set_action("&Wait until complete", self.start_waiting)
            elif status == "failed" and error is not None:
                failed = isinstance(error, InferenceFailedError)
                self.messages.error(
                    InferenceFailedError.title,
                    error.advice if failed else InferenceFailedError.advice,
                    error.detail,
                )
            elif isinstance(error, ResponseTooLargeError):
                self.downloader.offer(error)
            elif isinstance(error, ApiError):
                custom = self.form.environment_key() == CUSTOM_KEY
                self.messages.error(
                    error.title, error.advice_for(custom_address=custom), error.detail
                )
            elif error is not None:
                self.messages.show_error(error)
            return None
        body = outcome.results
        try:
            document = await asyncio.to_thread(JsonDocument.parse, body.body)
        except InvalidJsonError as error:
            self.result_header.showing(
                inference_id, self._environment_words, "answer shown as text"
            )
            return await self._show_unreadable(inference_id, body, error)
        self.result_header.showing(inference_id, self._environment_words)
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
        return None

    async def _show_unreadable(
        self, inference_id: str, results: ResultsBody, error: InvalidJsonError
    ) -> str:
        """A body that is not JSON: as safe text in the raw tab, explained, and saveable.
        Returns the title shown."""
        body = results.body
        cut = len(body) > UNREADABLE_PREVIEW_BYTES
        text = await asyncio.to_thread(
            decode_text, body[:UNREADABLE_PREVIEW_BYTES], results.content_type, self.form.api_key()
        )
        if cut:
            text += f"\n\n… The first {human_size(UNREADABLE_PREVIEW_BYTES)} are shown."
        self.results.show_text(text)
        self._set_exportable(False)
        problem = unreadable_result(
            results,
            error,
            custom_address=self.form.environment_key() == CUSTOM_KEY,
            secret=self.form.api_key(),
        )
        self.messages.show_error(problem)
        self.raw_saver.offer(body, inference_id)
        return problem.title

    # -- automatic retries and waiting for unfinished inferences -----------------------------
    def _retrier(self) -> Retrier:
        policy = self._retry_policy or retry_policy_from(self._settings)
        return Retrier(policy, on_notice=self._on_retry_notice)

    def _on_retry_notice(self, notice: RetryNotice) -> None:
        # A live notice: the form's Cancel (and Esc) stops the retry; Dismiss hides the notice
        # for the rest of this lookup.
        if notice.seconds_left == 0:
            self.messages.end_progress()
            return
        self.messages.progress(notice.title(), notice.advice(), notice.error.detail)

    def start_waiting(self) -> None:
        """Check the shown inference now and then until it has finished, then fetch it."""
        if not self._inference_id or not self._base_url:
            return
        self.cancel_lookup(quietly=True)
        self._lookup_task = self._spawn(self._run_wait(self._base_url, self._inference_id))

    async def _run_wait(self, base_url: str, inference_id: str) -> None:
        self._busy_text = "Waiting…"
        self._set_busy(True)
        try:
            status = await wait_until_finished(
                self._client_for(base_url),
                inference_id,
                policy=self.poll_policy,
                retrier=self._retrier(),
                on_progress=self._on_wait_progress,
            )
        except UserFacingError as error:
            self.messages.show_error(error)
            if asyncio.current_task() is self._lookup_task:
                self._set_busy(False)
                self._lookup_task = None
            return
        finally:
            self._busy_text = "Fetching…"
        await self._run_lookup(base_url, inference_id)
        words = status_words(status.status)
        self.notifier.notify_if_background(
            f"Inference {words.lower()}", f"{inference_id}: {words}. Open {APP_NAME} to see it."
        )

    def _on_wait_progress(self, progress: WaitProgress) -> None:
        self.summary.show_status(progress.status)
        self.messages.progress(progress.title(), progress.advice())

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
        self.form.set_elapsed(f"{self._busy_text} {elapsed:.1f} s{received}")

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
        """Ask where to save and in which format (see ui/result_files.py), then export."""
        self.files.ask_export_path()

    def export_to(self, path: str, fmt: ExportFormat | None = None) -> None:
        """Export the whole result to `path`, in `fmt` or the format its suffix asks for."""
        self.files.export_to(path, fmt)

    def open_file(self, path: str) -> None:
        """Show a saved JSON result from a file, marked as opened from file."""
        self.files.open_file(path)

    # -- copy and selection --------------------------------------------------------------
    def _on_copy_action_triggered(self) -> None:
        if self.results.copy_selected_value():
            self.statusBar().showMessage("Copied the selected value", 3000)

    def _on_results_selected_path_changed(self, path: str) -> None:
        self.path_label.set_full_text(visible(f"Selected: {path}") if path else "")

    def _on_focus_id_action_triggered(self) -> None:
        self.form.inference_id_edit.setFocus()
        self.form.inference_id_edit.selectAll()

    def _on_about_action_triggered(self) -> None:
        AboutDialog(self).open()

    # -- tasks and shutdown --------------------------------------------------------------
    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        task = spawn(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def closeEvent(self, event: QCloseEvent) -> None:
        self._settings.set(WINDOW_GEOMETRY, self.saveGeometry())
        self.cancel_lookup(quietly=True)
        super().closeEvent(event)
        self.closed.emit()

    async def shutdown(self) -> None:
        """Cancel what is running and close the connection pool; prints nothing."""
        self.cancel_lookup(quietly=True)
        if self._tasks:  # also lookups cancelled a moment ago, still winding down
            await asyncio.wait(list(self._tasks), timeout=SHUTDOWN_WAIT_S)
        await self.results.shutdown()
        await self.inspect.shutdown()
        await self.raw_saver.shutdown()
        await self.downloader.shutdown()
        await self.files.shutdown()
        if self._client is not None:
            with contextlib.suppress(Exception):
                await self._client.aclose()
            self._client = None
        self._settings.sync()
