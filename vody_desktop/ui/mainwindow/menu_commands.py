"""`MenuCommands`: the menu commands that need only a few parts: Copy as curl, Preferences and
the theme, Help > Open log folder and Copy diagnostics.

Each is given what it reads (the form, the settings, the key keeper, the history) and where it
answers (the message area, the status line); none of them knows the window. The history comes
as a function: the window builds it after its first paint, and the commands exist before that.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from vody_desktop.errors import UserFacingError
from vody_desktop.store.paths import log_dir
from vody_desktop.store.settings import THEME, AppSettings
from vody_desktop.ui.appearance import apply_theme
from vody_desktop.ui.mainwindow.key_keeper import KeyKeeper
from vody_desktop.ui.mainwindow.lookup_form import LookupForm
from vody_desktop.ui.widgets.message_area import MessageArea
from vody_desktop.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from vody_desktop.ui.history.history_keeper import HistoryKeeper

COPIED_MS = 8000


class MenuCommands(QObject):
    """Copy as curl, Preferences, theme, log folder and diagnostics for one window."""

    #: The Preferences dialog applied new settings.
    preferencesApplied = Signal()

    def __init__(
        self,
        *,
        form: LookupForm,
        settings: AppSettings,
        keys: KeyKeeper,
        history: Callable[[], HistoryKeeper],
        messages: MessageArea,
        status_line: StatusLine,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._form = form
        self._settings = settings
        self._keys = keys
        self._history = history
        self._messages = messages
        self._status_line = status_line

    def secrets(self) -> list[str]:
        """Every key this window knows (the log and the diagnostics leave them out)."""
        return [self._form.api_key(), *self._keys.store.session_keys()]

    # -- copy as curl --------------------------------------------------------------------
    def copy_as_curl(self, include_key: bool = False) -> None:
        # Imported on first use: it brings the API client's module, which the first paint
        # does not need.
        from vody_desktop.api.curl import KEY_VARIABLE, curl_commands

        form = self._form
        try:
            text = curl_commands(
                form.base_url(), form.inference_id_text(), form.api_key() if include_key else None
            )
        except UserFacingError as error:
            self._messages.show_error(error)
            return
        QGuiApplication.clipboard().setText(text)
        where = "with your key in it" if include_key else f"the key is written as ${KEY_VARIABLE}"
        self._status_line(f"Copied the curl commands ({where})", COPIED_MS)

    def copy_as_curl_with_key(self) -> None:
        self.copy_as_curl(include_key=True)

    # -- preferences and appearance ------------------------------------------------------
    def open_preferences(self) -> None:
        # Imported on first use: no dialog's code is needed for the window's first paint.
        from vody_desktop.ui.dialogs.preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self._settings, self._parent)
        dialog.applied.connect(self._on_preferences_applied)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _on_preferences_applied(self) -> None:
        self.apply_theme()
        self._history().apply_preferences()
        self.preferencesApplied.emit()

    def apply_theme(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self._settings.get(THEME))

    # -- help ----------------------------------------------------------------------------
    def open_log_folder(self) -> None:
        folder = log_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            from PySide6.QtCore import QUrl  # its enums are not needed for the first paint

            opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        except OSError:
            opened = False
        if not opened:
            self._messages.info(
                "The log folder could not be opened here",
                f"Open it in your file manager: {folder}",
            )

    def key_storage(self) -> str:
        store = self._keys.store
        if not store.loaded:
            return "not opened yet"
        return "system password store" if store.has_keychain else "session memory only"

    def copy_diagnostics(self) -> None:
        from vody_desktop.ui.mainwindow.diagnostics import diagnostics_text  # importlib.metadata

        text = diagnostics_text(
            self._settings, key_storage=self.key_storage(), secrets=self.secrets()
        )
        text += f"\nHistory: {self._history().description}"
        QGuiApplication.clipboard().setText(text)
        self._status_line("Copied the diagnostics (no keys in them)", COPIED_MS)
