"""What the window remembers and keeps safe, attached to `MainWindow` in one place.

Keys (keychain per environment), the history dock, the log scrubber, Copy as curl, Preferences,
appearance, Help > Open log folder / Copy diagnostics, and the window's dock and column layout.
It listens to the window's signals (`lookupRecorded`, `lookupFinished`, `closed`) and adds
actions to its menus; the lookup flow itself is not touched.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication

from vody_desktop.api.curl import KEY_VARIABLE, curl_commands
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.errors import UserFacingError
from vody_desktop.lookup import LookupRecord
from vody_desktop.store.history import (
    DATABASE_NAME,
    HistoryEntry,
    HistoryFromNewerVersionError,
    HistoryStore,
)
from vody_desktop.store.log_file import add_secret_source, remove_secret_source
from vody_desktop.store.paths import data_dir, log_dir
from vody_desktop.store.secrets import KeyStore
from vody_desktop.store.settings import (
    KEEP_RESULTS_OFFLINE,
    OFFLINE_RESULTS_LIMIT_MB,
    RESULT_COLUMNS,
    THEME,
    WINDOW_STATE,
    AppSettings,
)
from vody_desktop.ui.appearance import apply_theme
from vody_desktop.ui.diagnostics import diagnostics_text
from vody_desktop.ui.history_panel import HistoryPanel
from vody_desktop.ui.history_worker import HistoryWorker
from vody_desktop.ui.key_keeper import KeyKeeper
from vody_desktop.ui.preferences_dialog import PreferencesDialog
from vody_desktop.words import local_time

if TYPE_CHECKING:
    from vody_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class StoreFeatures(QObject):
    """Owns the key keeper, the history and the extra actions of one main window."""

    def __init__(self, window: MainWindow, settings: AppSettings) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._pending: tuple[LookupRecord, dict[str, int]] | None = None

        self.keys = KeyKeeper(window.form, window.messages, KeyStore(), self)
        add_secret_source(self._secrets)
        self.history = HistoryWorker(data_dir() / DATABASE_NAME, self)
        self.panel = HistoryPanel(self.history, window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)
        self._build_actions()
        self._restore_layout()

        window.lookupRecorded.connect(self._on_window_lookup_recorded)
        window.lookupFinished.connect(self._on_window_lookup_finished)
        window.closed.connect(self._on_window_closed)
        self.panel.reopenRequested.connect(self.reopen)
        self.panel.savedCopyRequested.connect(self.show_saved_copy)
        self.history.failed.connect(self._on_history_failed)
        self.history.notice.connect(window.messages.show_error)
        self.apply_theme()
        if settings.problem:
            window.messages.info("Your settings were reset", settings.problem)
        self.keys.start()

    def _secrets(self) -> list[str]:
        return [self._window.form.api_key(), *self.keys.store.session_keys()]

    # -- menus ---------------------------------------------------------------------------
    def _build_actions(self) -> None:
        window = self._window
        self.copy_curl_action = self._action("Copy as &curl", self.copy_as_curl, "Ctrl+Shift+C")
        self.copy_curl_with_key_action = self._action(
            "Copy as curl &with key", lambda: self.copy_as_curl(include_key=True)
        )
        self.preferences_action = self._action("&Preferences…", self.open_preferences)
        self.preferences_action.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.Preferences), QKeySequence("Ctrl+,")]
        )
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        window.edit_menu.addSeparator()
        window.edit_menu.addAction(self.copy_curl_action)
        window.edit_menu.addAction(self.copy_curl_with_key_action)
        window.edit_menu.addSeparator()
        window.edit_menu.addAction(self.preferences_action)

        self.forget_key_action = self._action("&Forget key", self.keys.forget_key)
        self.forget_key_action.setToolTip("Remove the key of this environment from this computer")
        window.lookup_menu.addSeparator()
        window.lookup_menu.addAction(self.forget_key_action)

        history_action = self.panel.toggleViewAction()
        history_action.setText("&History")
        history_action.setShortcut(QKeySequence("Ctrl+H"))
        window.view_menu.addSeparator()
        window.view_menu.addAction(history_action)

        self.open_log_action = self._action("Open &log folder", self.open_log_folder)
        self.copy_diagnostics_action = self._action("Copy &diagnostics", self.copy_diagnostics)
        window.help_menu.addSeparator()
        window.help_menu.addAction(self.open_log_action)
        window.help_menu.addAction(self.copy_diagnostics_action)

    def _action(self, text: str, slot: object, shortcut: str = "") -> QAction:
        action = QAction(text, self._window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return action

    # -- layout --------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        state = self._settings.get(WINDOW_STATE)
        if state.isEmpty() or not self._window.restoreState(state):
            self._window.resizeDocks([self.panel], [320], Qt.Orientation.Horizontal)
        columns = self._settings.get(RESULT_COLUMNS)
        if not columns.isEmpty():
            self._window.results.tree.header().restoreState(columns)

    def _on_window_closed(self) -> None:
        self._settings.set(WINDOW_STATE, self._window.saveState())
        self._settings.set(RESULT_COLUMNS, self._window.results.tree.column_state())
        self.history.close()
        remove_secret_source(self._secrets)

    # -- history -------------------------------------------------------------------------
    def _on_window_lookup_recorded(self, record: LookupRecord) -> None:
        log.info(
            "Lookup %s on %s: HTTP %s, %s, %.2f s",
            record.inference_id,
            record.environment,
            record.http_status,
            record.error_title or record.inference_status or "no status",
            record.duration_s,
        )
        self.keys.on_lookup_recorded(record)
        entry: dict[str, int] = {}

        def add(store: HistoryStore) -> int:
            entry["id"] = store.add(record)
            return entry["id"]

        self.history.submit(add, lambda _entry_id: self.panel.refresh())
        self._pending = (record, entry)

    def _on_history_failed(self, error: UserFacingError) -> None:
        if isinstance(error, HistoryFromNewerVersionError):
            # Nothing is wrong: the history belongs to a newer version and is left alone.
            self._window.messages.info(error.title, error.advice, error.detail)
        else:
            self._window.messages.show_error(error)

    def _on_window_lookup_finished(self) -> None:
        pending, self._pending = self._pending, None
        document = self._window.results.document
        if pending is None or document is None or not self._settings.get(KEEP_RESULTS_OFFLINE):
            return
        record, entry = pending
        if record.size_bytes != document.size_bytes:
            return  # this lookup brought no result; the tree shows an earlier one
        body = document.data
        limit = max(1, self._settings.get(OFFLINE_RESULTS_LIMIT_MB)) * 1024 * 1024

        def save(store: HistoryStore) -> bool:
            return "id" in entry and store.save_offline_copy(entry["id"], body, limit)

        self.history.submit(save, lambda _saved: self.panel.refresh())

    def reopen(self, entry: HistoryEntry) -> None:
        """Fetch a remembered lookup again, in its environment."""
        self._window.form.select_base_url(entry.base_url)
        self._window.start_lookup(entry.inference_id)

    def show_saved_copy(self, entry: HistoryEntry) -> None:
        def load(store: HistoryStore) -> JsonDocument | None:
            body = store.offline_copy(entry.entry_id)
            return JsonDocument.parse(body) if body is not None else None

        def show(document: JsonDocument | None) -> None:
            window = self._window
            if document is None:
                window.messages.info("The saved copy is gone", "Use Open again to fetch it.")
                return
            window.cancel_lookup(quietly=True)
            window.summary.show_unavailable(f"Saved copy of {entry.inference_id}")
            window.result_header.showing(
                entry.inference_id,
                entry.environment,
                f"copy saved on {local_time(entry.started_at)}",
            )
            window.results.show_document(document)
            window.export_button.setEnabled(False)
            window.export_action.setEnabled(False)
            window.messages.info(
                f"Showing the copy saved on {local_time(entry.started_at)}",
                "It was not fetched again. Use Open again in the history for the latest "
                "results (and to export them).",
            )

        self.history.submit(load, show)

    # -- copy as curl --------------------------------------------------------------------
    def copy_as_curl(self, include_key: bool = False) -> None:
        form = self._window.form
        try:
            text = curl_commands(
                form.base_url(), form.inference_id_text(), form.api_key() if include_key else None
            )
        except UserFacingError as error:
            self._window.messages.show_error(error)
            return
        QGuiApplication.clipboard().setText(text)
        where = "with your key in it" if include_key else f"the key is written as ${KEY_VARIABLE}"
        self._window.statusBar().showMessage(f"Copied the curl commands ({where})", 8000)

    # -- preferences and appearance ------------------------------------------------------
    def open_preferences(self) -> None:
        dialog = PreferencesDialog(self._settings, self._window)
        dialog.applied.connect(self._on_preferences_applied)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _on_preferences_applied(self) -> None:
        self.apply_theme()
        if not self._settings.get(KEEP_RESULTS_OFFLINE):
            self.history.submit(lambda store: store.drop_offline_copies(), self._refresh)

    def _refresh(self, _result: object = None) -> None:
        self.panel.refresh()

    def apply_theme(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self._settings.get(THEME))

    # -- help ----------------------------------------------------------------------------
    def open_log_folder(self) -> None:
        folder = log_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        except OSError:
            opened = False
        if not opened:
            self._window.messages.info(
                "The log folder could not be opened here",
                f"Open it in your file manager: {folder}",
            )

    def key_storage(self) -> str:
        store = self.keys.store
        if not store.loaded:
            return "not opened yet"
        return "system password store" if store.has_keychain else "session memory only"

    def copy_diagnostics(self) -> None:
        text = diagnostics_text(
            self._settings, key_storage=self.key_storage(), secrets=self._secrets()
        )
        text += f"\nHistory: {'on' if self.history.available else 'off'} ({self.history.path})"
        QGuiApplication.clipboard().setText(text)
        self._window.statusBar().showMessage("Copied the diagnostics (no keys in them)", 8000)
