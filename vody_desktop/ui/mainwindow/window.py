"""`MainWindow`: places the parts of the lookup workflow and connects them, in one place.

Each part gets only what it uses and answers through signals: the `LookupController` runs
lookups and ends each with one `LookupResult`, which the result presenter, the files, the
history and the key keeper each take what they need from. The first paint shows the form, the
message area, the empty result with its find bar and Export, the menus; the Items tab, the lookup
controller, the docks and the history come right after it, or when first reached for
(later_parts.py). The batch and compare windows are made on first use. Runs on a qasync event
loop; closing the window cancels what runs, and `shutdown()` waits for it to wind down.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QMainWindow, QVBoxLayout, QWidget

from vody_desktop import APP_NAME
from vody_desktop.api.environments import SANDBOX_KEY
from vody_desktop.api.errors import MissingApiKeyError
from vody_desktop.errors import UserFacingError
from vody_desktop.resources import application_icon
from vody_desktop.store.log_file import add_secret_source, remove_secret_source
from vody_desktop.store.secrets import KeyStore
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui import warm_imports
from vody_desktop.ui.batch.launcher import BatchLauncher
from vody_desktop.ui.files.result_files import ResultFiles
from vody_desktop.ui.find.find_bar import FindBar
from vody_desktop.ui.mainwindow.action_set import ActionSet
from vody_desktop.ui.mainwindow.compare_part import ComparePart
from vody_desktop.ui.mainwindow.key_keeper import KeyKeeper
from vody_desktop.ui.mainwindow.later_parts import REVIEW_EXPORTS, LaterParts
from vody_desktop.ui.mainwindow.lookup_form import LookupForm
from vody_desktop.ui.mainwindow.menu_commands import MenuCommands
from vody_desktop.ui.mainwindow.notifier import Notifier
from vody_desktop.ui.mainwindow.result_header import ResultHeader
from vody_desktop.ui.mainwindow.selected_path_label import SelectedPathLabel
from vody_desktop.ui.mainwindow.status_summary import StatusSummary
from vody_desktop.ui.mainwindow.tab_order import tab_stop_after
from vody_desktop.ui.mainwindow.window_actions import bind_window_actions
from vody_desktop.ui.mainwindow.window_layout import restore_geometry, save_layout
from vody_desktop.ui.result.result_view import ResultView
from vody_desktop.ui.widgets.message_area import MessageArea

if TYPE_CHECKING:  # built after the first paint (later_parts.py)
    from vody_desktop.api.client import ClientSettings, VodyClient
    from vody_desktop.api.retry import RetryPolicy
    from vody_desktop.document.export_formats import ExportFormat
    from vody_desktop.document.json_document import JsonDocument
    from vody_desktop.store.history import HistoryEntry
    from vody_desktop.ui.files.body_download import BodyDownloader
    from vody_desktop.ui.files.raw_body_saver import RawBodySaver
    from vody_desktop.ui.find.inspector import Inspector
    from vody_desktop.ui.history.history_keeper import HistoryKeeper
    from vody_desktop.ui.mainwindow.examples_menu import Example  # the demo's only
    from vody_desktop.ui.mainwindow.items_part import ItemsPart
    from vody_desktop.ui.mainwindow.lookup_controller import LookupController
    from vody_desktop.ui.mainwindow.result_presenter import ResultPresenter

STATUS_MS = 4000
_EXPORTS = ("file.export", "file.export_selection")
#: Wound down at shutdown in this order (the downloader uses the lookup controller's client).
_WIND_DOWN = ("compare", "batch", "downloader", "raw_saver", "files", "inspect", "items", "keys")


class MainWindow(QMainWindow):
    """The whole lookup workflow in one window."""

    closed = Signal()
    # Built after the first paint, or when first asked for (`__getattr__`, later_parts.py).
    lookups: LookupController
    raw_saver: RawBodySaver
    downloader: BodyDownloader
    presenter: ResultPresenter
    history: HistoryKeeper
    inspect: Inspector
    items: ItemsPart

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
        app_icon = QApplication.windowIcon()  # app.py gave the app its icon already
        self.setWindowIcon(application_icon() if app_icon.isNull() else app_icon)
        self.app_settings = settings
        self.lookup_options = (client_settings, retry_policy)  # for the lookup controller
        self._first_show = True
        self.form = LookupForm()
        self.messages = MessageArea()
        self.summary = StatusSummary()
        self.result_header = ResultHeader()
        self.results = ResultView()
        self.find_bar = FindBar()
        self.path_label = SelectedPathLabel()
        self.notifier = Notifier(self)
        self.files = ResultFiles(
            results=self.results,
            messages=self.messages,
            settings=settings,
            status_line=self.status_line,
            secret=self.form.api_key,
            parent=self,
        )
        self.keys = KeyKeeper(self.form, self.messages, KeyStore(), self)
        self.commands = MenuCommands(
            form=self.form,
            settings=settings,
            keys=self.keys,
            history=lambda: self.history,
            messages=self.messages,
            status_line=self.status_line,
            parent=self,
        )
        self.batch = BatchLauncher(self, self.form, self.files.open_file, settings, client_settings)
        self.compare = ComparePart(self)
        self.action_set = ActionSet(self)
        self.later = LaterParts(self)
        self._place_parts()
        self.menus = bind_window_actions(self.action_set, self, examples)
        self._connect_signals()
        self.form.fill(
            settings,
            api_key=api_key,
            sandbox_url=sandbox_url,
            environment=environment,
            custom_url=custom_url,
        )
        restore_geometry(self, settings, self.results.tree)
        add_secret_source(self.commands.secrets)
        self.commands.apply_theme()
        if settings.problem:
            self.messages.info("Your settings were reset", settings.problem)
        self.keys.start()
        warm_imports.import_soon()  # the network stack, off the UI thread, before the first Fetch

    def __getattr__(self, name: str) -> Any:
        """A part built after the first paint, built now if it is not yet (later_parts.py)."""
        later = self.__dict__.get("later")
        if later is None or name.startswith("_"):
            raise AttributeError(name)
        return later.part(name)

    def build_rest(self) -> None:
        """Build every part the first paint left for later, now (a shortcut that needs one)."""
        self.later.build_all()

    def _place_parts(self) -> None:
        export_row = QHBoxLayout()
        export_row.addStretch(1)
        export_row.addWidget(self.files.export_button)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.setSpacing(8)
        for part in (self.form, self.messages, self.result_header, self.summary):
            layout.addWidget(part)
        layout.addWidget(self.files.source_label)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.results, 1)
        layout.addLayout(export_row)
        self.setCentralWidget(central)
        # A normal (not permanent) widget: a message such as "Loaded 2 KB" hides it for a while;
        # as a permanent one with stretch it left those messages no room at all.
        self.statusBar().addWidget(self.path_label, 1)
        self.statusBar().addPermanentWidget(self.files.progress)
        QWidget.setTabOrder(self.form.cancel_button, self.find_bar.edit)
        QWidget.setTabOrder(self.find_bar.edit, self.results)
        self.files.accept_drops_on(self)

    def _connect_signals(self) -> None:
        """The first paint's parts; later_parts.py connects the parts it builds."""
        form, files = self.form, self.files
        form.fetchRequested.connect(self.start_lookup)
        form.cancelRequested.connect(self.cancel_lookup)
        files.exportableChanged.connect(lambda on: self._enable(_EXPORTS, on))
        files.titleChanged.connect(self.setWindowTitle)
        files.openStarted.connect(lambda: self.cancel_lookup(quietly=True))
        files.fileShown.connect(self.summary.clear)
        files.fileShown.connect(self.result_header.clear)
        self.results.selectedPathChanged.connect(self.path_label.show_path)
        self._enable(REVIEW_EXPORTS, False)  # while no review is open (later_parts.py)

    # -- lookup --------------------------------------------------------------------------
    def start_lookup(self, text: str | None = None) -> bool:
        """Look up the ID in the field (or `text`), checked first; whether the lookup started."""
        if text is not None:
            self.form.set_inference_id(text)
        try:
            request = self.form.request()
        except UserFacingError as error:
            self.messages.show_error(error)
            if isinstance(error, MissingApiKeyError):
                self.form.focus_key()
            return False
        self.form.set_inference_id(request.inference_id)
        self.form.remember_environment(self.app_settings)
        self.cancel_lookup(quietly=True)
        self.lookups.start(request)
        return True

    def look_up_example(self, inference_id: str) -> None:
        """Fetch a sandbox example (from the sandbox, whichever environment was chosen)."""
        self.form.select_environment(SANDBOX_KEY)
        self.start_lookup(inference_id)

    def cancel_lookup(self, quietly: bool = False) -> None:
        if "lookups" in self.__dict__ and self.lookups.cancel():  # none runs before it is built
            self.presenter.show_stopped(quietly=quietly)

    def download_target(self) -> tuple[VodyClient, str]:
        """The client and inference ID for "Download to file"; raises UserFacingError."""
        request = self.form.request()
        return self.lookups.client_for(request), request.inference_id

    def reopen_from_history(self, entry: HistoryEntry) -> None:
        self.form.select_base_url(entry.base_url)
        self.start_lookup(entry.inference_id)

    def show_saved_copy(self, entry: HistoryEntry, document: JsonDocument) -> None:
        self.cancel_lookup(quietly=True)
        self.files.show_saved_copy(entry.inference_id)
        self.items.follow_saved_copy(
            entry.base_url, entry.inference_id, entry.environment, document
        )
        self.presenter.show_saved_copy(
            entry.inference_id, entry.environment, entry.started_at, document
        )

    def _enable(self, action_ids: tuple[str, ...], enabled: bool) -> None:
        for action_id in action_ids:
            self.action_set[action_id].setEnabled(enabled)

    def export_to(self, path: str, fmt: ExportFormat | None = None) -> None:
        """Export the whole result to `path`, in `fmt` or the format its suffix asks for."""
        self.files.export_to(path, fmt)

    def open_file(self, path: str) -> None:
        """Show a saved JSON result from a file, marked as opened from file."""
        self.files.open_file(path)

    def status_line(self, text: str, ms: int) -> None:
        if text:
            self.statusBar().showMessage(text, ms)
        else:
            self.statusBar().clearMessage()

    def say(self, text: str) -> None:
        self.statusBar().showMessage(text, STATUS_MS)

    # -- focus ---------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._first_show:
            self._first_show = False
            # After the zero timer that fills in a remembered key (KeyKeeper.start).
            QTimer.singleShot(0, self.form.focus_first_empty_field)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab skip what cannot be seen (a dock tabbed behind another)."""
        target = tab_stop_after(self, next)
        if target is None:
            return super().focusNextPrevChild(next)
        reason = Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
        target.setFocus(reason)
        return True

    # -- closing -------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self.later.stop()
        save_layout(self, self.app_settings, self.results.tree, docks=self.later.complete)
        self.cancel_lookup(quietly=True)
        super().closeEvent(event)
        if "history" in self.__dict__ or self.later.waiting_for_history:  # a lookup to keep
            self.history.close()
        remove_secret_source(self.commands.secrets)
        self.closed.emit()

    async def shutdown(self) -> None:
        """Cancel what is running, wait for it to wind down, close the connection pool."""
        self.cancel_lookup(quietly=True)
        for name in (*_WIND_DOWN, "results", "lookups", "later"):
            part = self.__dict__.get(name)  # a part never built has nothing to wind down
            if part is not None:
                await part.shutdown()
        self.app_settings.sync()
