"""`KeyKeeper`: the key field, the "Remember this key" box and the keychain, per environment.

- The keychain is looked up on a worker thread (`start()`): finding keyring's backend takes
  80-110 ms, which would freeze the window just shown. Meanwhile the key field says "Looking for
  a saved key…"; a key typed (or pasted) in the meantime wins over the saved one. `loaded` is
  emitted on the UI thread once the answer is in use. Remembering or forgetting before then
  looks the keychain up at once (the person asked for it). While a lookup with a key in the
  field runs (an ID on the command line), the worker waits for it to end and for the window to
  paint its result: its imports would take turns at the GIL with receiving and showing the
  result, and the key it could fill in is not needed.
- Each environment (or custom address) has its own key: switching fills in the key known for
  it (remembered or typed earlier in this session); with none known, the field is left as is.
- Ticking the box saves the key at once (or after the first lookup, if the field is empty);
  unticking removes the saved copy, and "Forget key" removes it and clears the field.
- Without a usable keychain the box is disabled and a line under the field says the key is
  kept only until the app closes.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal

from vody_desktop.store.secrets import (
    NO_KEYCHAIN_NOTE,
    KeychainError,
    KeychainLookup,
    KeyStore,
    account_for,
    look_up_keychain,
)
from vody_desktop.ui.mainwindow.lookup_form import LookupForm
from vody_desktop.ui.widgets.message_area import MessageArea

if TYPE_CHECKING:  # the lookups' code comes after the first paint (later_parts.py)
    from vody_desktop.lookup import LookupResult
    from vody_desktop.ui.mainwindow.lookup_controller import LookupController

log = logging.getLogger(__name__)
_REFUSED = frozenset({401, 403})
#: Posted to the keeper when a lookup it waited for has ended (see `_on_lookups_busy_changed`).
_START_WORKER = QEvent.Type(QEvent.registerEventType())
#: How long closing the app waits for a keychain lookup still running.
EXIT_WAIT_S = 3.0
LOOKING_PLACEHOLDER = "Looking for a saved key…"
#: How long the keychain worker waits for the shown window's first paint at most.
PAINT_WAIT_MS = 1000


class KeyKeeper(QObject):
    """Keeps the key field, the remember box and the key store in step."""

    #: The keychain lookup is over (found or not): the field and the box show its answer.
    loaded = Signal()
    _found = Signal(object)  # a KeychainLookup, from the worker thread (queued to this one)

    def __init__(
        self, form: LookupForm, messages: MessageArea, store: KeyStore, parent: QObject
    ) -> None:
        super().__init__(parent)
        self._form = form
        self._messages = messages
        self._worker: threading.Thread | None = None
        self.store = store
        self._account = self.current_account()
        form.environment_combo.currentIndexChanged.connect(self._on_environment_changed)
        form.custom_url_edit.editingFinished.connect(self._on_environment_changed)
        form.api_key_edit.textChanged.connect(self._on_api_key_edit_text_changed)
        form.remember_key_check.clicked.connect(self._on_remember_key_check_clicked)
        self._found.connect(self._on_found)
        self._placeholder = form.api_key_edit.placeholderText()
        self._busy = self._waiting_for_lookup = False
        self._painted = self._after_paint = False
        self._on_api_key_edit_text_changed(form.api_key_edit.text())

    def current_account(self) -> str:
        return account_for(self._form.environment_key(), self._form.base_url())

    def start(self) -> None:
        """Look the keychain up on a worker thread; the field says so until the answer is in."""
        if self.store.loaded:
            return
        self._form.api_key_edit.setPlaceholderText(LOOKING_PLACEHOLDER)
        # From the event loop, and after the window's first paint when it is shown: keyring's
        # imports would take turns at the GIL with building and painting the window. (Qt may
        # run a zero timer before that paint: the app paints its window before its loop runs.)
        self._form.installEventFilter(self)
        QTimer.singleShot(0, self._start_worker)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._form and event.type() == QEvent.Type.Paint:
            self._form.removeEventFilter(self)
            self._painted = True
            if self._after_paint and self._worker is None:
                QTimer.singleShot(0, self._start_worker)
        return False

    def follow(self, lookups: LookupController) -> None:
        """Listen to the lookups: a lookup started with the window goes before the keychain
        worker; a key the server accepted is saved when the box asks for it."""
        lookups.started.connect(self._on_lookups_started)
        lookups.busyChanged.connect(self._on_lookups_busy_changed)
        lookups.finished.connect(self.on_lookup_finished)

    def _on_lookups_started(self, _request: object) -> None:
        # `started` comes at once; `busyChanged(True)` only on the task's first step, after
        # the zero timer that starts the worker.
        self._busy = True

    def _on_lookups_busy_changed(self, busy: bool, _words: str = "") -> None:
        self._busy = busy
        if not busy and self._waiting_for_lookup:
            self._waiting_for_lookup = False
            # The result is shown next (this comes just before `finished`): a low-priority
            # event comes after the window's repaint, which Qt posts with that priority too
            # (and after the zero timers of the result's views), so the worker's imports do
            # not slow the first rows. Without a repaint to wait for it comes at once.
            QCoreApplication.postEvent(
                self, QEvent(_START_WORKER), Qt.EventPriority.LowEventPriority.value
            )

    def event(self, event: QEvent) -> bool:
        if event.type() == _START_WORKER:
            self._start_worker()
            return True
        return super().event(event)

    def _start_worker(self) -> None:
        if self.store.loaded:
            return
        if self._form.isVisible() and not self._painted and not self._after_paint:
            # Shown and not painted yet: right after its first paint, or after PAINT_WAIT_MS
            # (a window never exposed, minimized, must not hold a lookup that waits for the key).
            self._after_paint = True
            QTimer.singleShot(PAINT_WAIT_MS, self._start_worker)
            return
        if self._worker is not None:  # started by the paint or by the bound, whichever came first
            return
        if self._busy and self._form.api_key():
            self._waiting_for_lookup = True
            return
        account = self.current_account()
        self._worker = threading.Thread(
            target=self._look_up, args=(account,), name="keychain-lookup", daemon=True
        )
        self._worker.start()

    async def shutdown(self) -> None:
        """Let a keychain lookup still running end before the app does (for `EXIT_WAIT_S` at
        most: a keychain that does not answer must not hold the app open). A daemon thread
        still inside Qt's signal code when Python finalizes is stopped there, and that aborts
        the process ("FATAL: exception not rethrown"): it happened when the window was closed
        right after the first rows of an ID given on the command line."""
        worker = self._worker
        if worker is not None and worker.is_alive():
            import asyncio

            await asyncio.to_thread(worker.join, EXIT_WAIT_S)

    def _look_up(self, account: str) -> None:
        """On the worker: keyring's import, its backend, the saved key (no Qt object touched)."""
        lookup = look_up_keychain(account)
        try:
            self._found.emit(lookup)
        except RuntimeError:  # the window was closed and deleted meanwhile: nobody to tell
            log.debug("Keychain lookup finished after the window was gone")

    def _on_found(self, lookup: KeychainLookup) -> None:
        if self.store.loaded:
            return  # looked up at once meanwhile (remember, forget): that answer is in use
        self.store.adopt(lookup)
        account = self.current_account()
        # The key read on the worker is for the account shown then; another one is read now.
        remembered = lookup.key if account == lookup.account else self.store.remembered(account)
        self._show_store_state(account, remembered)

    def _load(self) -> None:
        """The keychain now, on this thread (the person asked for it before the worker answered)."""
        if self.store.loaded:
            return
        self.store.load()
        account = self.current_account()
        self._show_store_state(account, self.store.remembered(account))

    def _show_store_state(self, account: str, remembered: str) -> None:
        self._form.api_key_edit.setPlaceholderText(self._placeholder)
        self._form.remember_key_check.setEnabled(self.store.has_keychain)
        self._form.key_storage_note.setText("" if self.store.has_keychain else NO_KEYCHAIN_NOTE)
        self._form.key_storage_note.setVisible(not self.store.has_keychain)
        was_empty = not self._form.api_key()
        self._fill_in(account, remembered, replace_typed=False)
        if was_empty and self._form.api_key() and self._form.api_key_edit.hasFocus():
            # The window put the focus into the empty key field; with the saved key filled in,
            # the first field still to fill is another (the ID), as if it had been there at once.
            self._form.focus_first_empty_field()
        self.loaded.emit()

    # -- switching environments ----------------------------------------------------------
    def _on_environment_changed(self, *_args: object) -> None:
        account = self.current_account()
        if account != self._account:
            self._account = account
            self._show_key_for(account, replace_typed=True)

    def _show_key_for(self, account: str, *, replace_typed: bool) -> None:
        self._fill_in(account, self.store.remembered(account), replace_typed=replace_typed)

    def _fill_in(self, account: str, remembered: str, *, replace_typed: bool) -> None:
        # A key typed this session (for this account) comes before the saved one.
        key = self.store.session_key(account) or remembered
        self._form.remember_key_check.setChecked(bool(remembered))
        if key and (replace_typed or not self._form.api_key()):
            self._form.api_key_edit.setText(key)

    def _on_api_key_edit_text_changed(self, text: str) -> None:
        self.store.keep_for_session(self._account, text.strip())

    # -- remembering and forgetting ------------------------------------------------------
    def _on_remember_key_check_clicked(self, checked: bool) -> None:
        self._load()
        account, key = self.current_account(), self._form.api_key()
        if not checked:
            self.forget_saved(account)
        elif key:
            self._remember(account, key, announce=True)
        else:
            self._messages.info(
                "The key will be remembered once you enter it",
                "Paste your key and fetch an inference; Vody Desktop then keeps the key for "
                "this environment.",
            )

    def _remember(self, account: str, key: str, *, announce: bool) -> None:
        try:
            self.store.remember(account, key)
        except KeychainError as error:
            self._form.remember_key_check.setChecked(False)
            self._messages.show_error(error)
            return
        if announce:
            self._messages.info(
                f"Key remembered for {self._form.environment_label()}",
                "It is kept in this computer's password store and filled in next time. "
                "Use Lookup > Forget key to remove it.",
            )

    def forget_saved(self, account: str) -> None:
        try:
            self.store.forget_saved(account)
        except KeychainError as error:
            self._messages.show_error(error)
            return
        self._messages.info(
            f"The key for {self._form.environment_label()} is no longer saved",
            "It still works until you close Vody Desktop.",
        )

    def forget_key(self) -> None:
        """Lookup > Forget key: remove the saved key and clear the field."""
        self._load()
        account = self.current_account()
        try:
            self.store.forget(account)
        except KeychainError as error:
            self._messages.show_error(error)
            return
        self._form.remember_key_check.setChecked(False)
        self._form.api_key_edit.clear()
        self._messages.info(
            f"Key forgotten for {self._form.environment_label()}",
            "It was removed from this computer. Paste a key to look something up again.",
        )
        self._form.focus_key()

    def on_lookup_finished(self, result: LookupResult) -> None:
        """After a lookup the server accepted: save its key if the box asks for it."""
        record = result.record
        if record is None or record.http_status in _REFUSED:
            return
        if not self._form.remember_key_check.isChecked():
            return
        key = result.request.api_key
        if self._form.api_key() != key:
            return  # the field was changed while the lookup ran: that key is not known to work
        account = self.current_account()
        if key and self.store.has_keychain and self.store.remembered(account) != key:
            self._remember(account, key, announce=False)
