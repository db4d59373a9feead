"""`ComparePart`: what the main window holds for Lookup > Compare… (Ctrl+D) and the history's
Compare.

Light on purpose: the compare window (and the engine behind it) is imported on first use. It
makes the window once (owned by the main window, not modal), raises it on every Ctrl+D, and
hands it what it reads from the main window: the environments of the lookup form, the key for
an environment (the form's, one kept for the session, or the keychain's, read off the UI
thread), and the result on show (pre-filled as A). Ctrl+D in the history list with two entries
selected compares those two; so does the list's "Compare" (the older entry is A, each side its
saved copy if it has one, else fetched again in its environment).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow

from vody_desktop.api.environments import CUSTOM_KEY, Environment, normalize_base_url
from vody_desktop.errors import UserFacingError
from vody_desktop.store.secrets import account_for
from vody_desktop.store.settings import AppSettings

if TYPE_CHECKING:  # imported on the first Ctrl+D
    from vody_desktop.api.client import ClientSettings
    from vody_desktop.api.retry import RetryPolicy
    from vody_desktop.document.json_document import JsonDocument
    from vody_desktop.store.history import HistoryEntry
    from vody_desktop.ui.compare.compare_window import CompareWindow
    from vody_desktop.ui.compare.sources import MainResult
    from vody_desktop.ui.files.result_files import ResultFiles
    from vody_desktop.ui.history.history_keeper import HistoryKeeper
    from vody_desktop.ui.mainwindow.key_keeper import KeyKeeper
    from vody_desktop.ui.mainwindow.lookup_form import LookupForm
    from vody_desktop.ui.result.result_view import ResultView


class CompareHost(Protocol):
    """What the part reads from the main window (which it is given, never imports)."""

    app_settings: AppSettings
    lookup_options: tuple[ClientSettings | None, RetryPolicy | None]
    form: LookupForm
    keys: KeyKeeper
    results: ResultView
    files: ResultFiles


class ComparePart(QObject):
    """Opens the one compare window of a main window; see the module docstring."""

    def __init__(self, host: CompareHost) -> None:
        assert isinstance(host, QMainWindow)
        super().__init__(host)
        self._host = host
        self._qt = host
        self.compare_window: CompareWindow | None = None

    # -- opening -----------------------------------------------------------------------------
    def open_window(self) -> CompareWindow:
        """Ctrl+D: compare the two entries selected in the history list when it has the focus,
        else show the compare window (A filled with the result on show, if A is empty)."""
        history = self._history()
        if (
            history is not None
            and history.panel.list_view.hasFocus()
            and history.panel.compare_selected()
        ):
            assert self.compare_window is not None  # opened by compare_entries
            return self.compare_window
        first = self.compare_window is None
        window = self._show()
        if first and self.main_result() is not None:
            window.side_a.use_main_result()
        if first:
            window.side_b.focus_input()
        return window

    def _show(self) -> CompareWindow:
        if self.compare_window is None:
            from vody_desktop.ui.compare.compare_window import CompareWindow

            self.compare_window = CompareWindow(
                settings=self._host.app_settings,
                keys=self,
                client_settings=self._client_settings,
                main_result=self.main_result,
                environments=self.environments,
                parent=self._qt,
            )
        window = self.compare_window
        window.refresh_environments()
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def compare_entries(self, older: HistoryEntry, newer: HistoryEntry) -> None:
        """Compare two history entries (the older is A) at once."""
        window = self._show()
        history = self._history()

        def fill(copies: list[JsonDocument | None]) -> None:
            for side, entry, copy in zip(
                (window.side_a, window.side_b), (older, newer), copies, strict=True
            ):
                if copy is not None:
                    side.set_document(copy, f"{entry.inference_id} (saved copy)")
                else:
                    side.set_inference_id(entry.inference_id, entry.base_url, entry.environment)
            window.start()

        if history is None:
            fill([None, None])
        else:
            history.load_copies((older, newer), fill)

    def _history(self) -> HistoryKeeper | None:
        # Only when built: Ctrl+D never builds the history for this.
        history: HistoryKeeper | None = vars(self._host).get("history")
        return history

    def _client_settings(self) -> ClientSettings:
        from vody_desktop.store.network_settings import client_settings_from

        fixed = self._host.lookup_options[0]
        return fixed or client_settings_from(self._host.app_settings)

    # -- what the compare window reads -------------------------------------------------------
    def environments(self) -> tuple[Sequence[Environment], str]:
        """The lookup form's environments (a typed address too, when one is), and its own."""
        form = self._host.form
        offered = form.environments()
        if form.environment_key() == CUSTOM_KEY:
            try:
                address = normalize_base_url(form.base_url())
            except UserFacingError:
                pass
            else:
                offered.append(Environment(CUSTOM_KEY, "Custom address", address))
        return offered, form.environment_key()

    def main_result(self) -> MainResult | None:
        from vody_desktop.ui.compare.sources import MainResult

        document = self._host.results.document
        if document is None:
            return None
        context = self._host.files.report_context(False)
        name = context.inference_id or context.source_file or "the main window's result"
        return MainResult(document, name)

    def known_key(self, environment_key: str, base_url: str) -> str:
        form = self._host.form
        try:
            same = normalize_base_url(form.base_url()) == base_url
        except UserFacingError:
            same = False
        if same and form.api_key():
            return form.api_key()
        return self._host.keys.store.session_key(account_for(environment_key, base_url))

    def saved_key(self, environment_key: str, base_url: str) -> str:
        """On a worker thread (the keychain may take a while to answer)."""
        return self._host.keys.store.remembered(account_for(environment_key, base_url))

    def apply_preferences(self) -> None:
        if self.compare_window is not None:
            self.compare_window.apply_preferences()

    async def shutdown(self) -> None:
        if self.compare_window is not None:
            await self.compare_window.shutdown()
            self.compare_window.close()
