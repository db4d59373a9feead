"""The keychain is looked up on a worker thread: the window works meanwhile, typing wins.

The stand-in keychain below blocks in `get_password` until the test opens its gate (an Event),
the way a keychain daemon that is still starting would. Had the lookup stayed on the UI thread,
the window would not get as far as saying "Looking for a saved key…" with the gate shut: the
test would wait in `waitUntil` and fail.
"""

from __future__ import annotations

import sys
import threading
import time
from types import FrameType
from typing import Any

import keyring
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QLineEdit

from tests.conftest import HANG_MS, add_window, find, wait_for
from tests.gui.helpers import GatedKeyring
from vody_desktop import app
from vody_desktop.lookup import LookupRequest
from vody_desktop.store.secrets import SERVICE_NAME
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.mainwindow import key_keeper
from vody_desktop.ui.mainwindow.key_keeper import LOOKING_PLACEHOLDER
from vody_desktop.ui.mainwindow.window import MainWindow

SAVED_KEY = "saved-key-1111-2222-3333-444455556666"
TYPED_KEY = "typed-key-aaaa-bbbb-cccc-ddddeeeeffff"
INFERENCE_ID = "0924dcfe-a593-4e42-8c7b-4fca9a149777"
CLOSED_PORT_URL = "http://127.0.0.1:9"


def open_window(qtbot: Any) -> tuple[MainWindow, GatedKeyring]:
    backend = GatedKeyring()
    backend.passwords[(SERVICE_NAME, "prod")] = SAVED_KEY
    keyring.set_keyring(backend)
    window = MainWindow(AppSettings())
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    return window, backend


def test_the_window_works_while_the_keychain_is_looked_up(qtbot: Any) -> None:
    window, backend = open_window(qtbot)
    key_edit = find(window, QLineEdit, "apiKeyEdit")
    # The worker is inside the keychain, and the window still answers: it says what it does.
    qtbot.waitUntil(backend.waiting.is_set, timeout=HANG_MS)
    assert not window.keys.store.loaded
    assert key_edit.text() == ""
    assert key_edit.placeholderText() == LOOKING_PLACEHOLDER
    assert backend.reader_threads == ["keychain-lookup"]

    with qtbot.waitSignal(window.keys.loaded, timeout=HANG_MS):
        backend.gate.set()
    assert key_edit.text() == SAVED_KEY
    assert find(window, QCheckBox, "rememberKeyCheck").isChecked()
    assert key_edit.placeholderText() != LOOKING_PLACEHOLDER


def test_a_key_typed_during_the_lookup_wins_over_the_saved_one(qtbot: Any) -> None:
    window, backend = open_window(qtbot)
    key_edit = find(window, QLineEdit, "apiKeyEdit")
    qtbot.waitUntil(backend.waiting.is_set, timeout=HANG_MS)
    key_edit.setFocus(Qt.FocusReason.OtherFocusReason)
    QTest.keyClicks(key_edit, TYPED_KEY)
    assert not window.keys.store.loaded  # typed while the worker still waited in the keychain

    with qtbot.waitSignal(window.keys.loaded, timeout=HANG_MS):
        backend.gate.set()
    assert key_edit.text() == TYPED_KEY
    # The box still says truthfully that a key is saved for this environment.
    assert find(window, QCheckBox, "rememberKeyCheck").isChecked()


def test_a_lookup_started_with_the_window_goes_before_the_keychain(
    qtbot: Any, run_async: Any
) -> None:
    """As with an ID on the command line and the key in $VODY_API_KEY: the lookup starts
    before the event loop runs; the keychain worker waits until it has ended."""
    lookup_running_at_read: list[bool] = []
    windows: list[MainWindow] = []
    backend = GatedKeyring()
    backend.gate.set()  # this keychain answers at once: only the order is in question
    real_get = backend.get_password

    def get_password(service: str, username: str) -> str | None:
        lookup_running_at_read.append(windows[0].lookups.running)
        return real_get(service, username)

    backend.get_password = get_password  # type: ignore[method-assign]
    keyring.set_keyring(backend)
    finished: list[object] = []

    async def scenario() -> None:
        # In one step of the loop, as app.py does: build, show, look up the argument.
        # Nothing listens on the discard port: the lookup ends with a connection error.
        window = MainWindow(
            AppSettings(), api_key=TYPED_KEY, environment="custom", custom_url=CLOSED_PORT_URL
        )
        windows.append(window)
        add_window(qtbot, window, run_async)
        window.lookups.finished.connect(finished.append)
        window.show()
        window.start_lookup(INFERENCE_ID)
        await wait_for(lambda: bool(finished) and window.keys.store.loaded, what="both")

    run_async(scenario())
    assert len(finished) == 1
    assert lookup_running_at_read == [False]
    assert find(windows[0], QLineEdit, "apiKeyEdit").text() == TYPED_KEY


def test_an_id_on_the_command_line_waits_for_the_remembered_key(qtbot: Any, run_async: Any) -> None:
    """`vody-desktop <ID>` with a key saved in the keychain: the lookup uses it, rather than
    asking for a key because the keychain had not answered yet."""
    backend = GatedKeyring()
    backend.passwords[(SERVICE_NAME, "prod")] = SAVED_KEY
    keyring.set_keyring(backend)
    window = MainWindow(AppSettings())
    add_window(qtbot, window, run_async)
    window.show()
    started: list[LookupRequest] = []
    window.lookups.started.connect(started.append)

    async def scenario() -> None:
        await wait_for(backend.waiting.is_set, what="the keychain read")
        app.act_on_argument(window, INFERENCE_ID)
        assert started == []  # nothing yet: the key is still on its way
        assert window.messages.title() != "Enter your API key"
        backend.gate.set()
        await wait_for(lambda: bool(started), what="the lookup")
        window.cancel_lookup(quietly=True)

    run_async(scenario())
    assert [(r.inference_id, r.api_key) for r in started] == [(INFERENCE_ID, SAVED_KEY)]


def test_closing_waits_for_a_keychain_lookup_still_running(qtbot: Any, run_async: Any) -> None:
    """The app must not end while the worker is inside Qt's signal code: Python stops such a
    daemon thread where it is, and the process aborts ("FATAL: exception not rethrown")."""
    window, backend = open_window(qtbot)
    qtbot.waitUntil(backend.waiting.is_set, timeout=HANG_MS)
    worker = next(t for t in threading.enumerate() if t.name == "keychain-lookup")

    def answer_once_someone_waits_for_the_worker() -> None:
        # The keychain answers only when a thread is seen joining the worker (as the frames of
        # test_first_paint_first.py show the UI thread waiting): without that wait the
        # shutdown ends with the worker still inside the keychain, and the test fails.
        while not backend.gate.is_set():
            for top in sys._current_frames().values():
                frame: FrameType | None = top
                while frame is not None:
                    if frame.f_code.co_name == "join" and frame.f_locals.get("self") is worker:
                        backend.gate.set()
                    frame = frame.f_back
            time.sleep(0.001)

    alive_after_shutdown: list[bool] = []

    async def close_while_the_keychain_answers() -> None:
        window.close()
        threading.Thread(target=answer_once_someone_waits_for_the_worker, daemon=True).start()
        await window.shutdown()
        alive_after_shutdown.append(worker.is_alive())
        backend.gate.set()  # a shutdown that did not wait leaves the releaser looking

    run_async(close_while_the_keychain_answers())
    assert alive_after_shutdown == [False]


def test_closing_does_not_wait_for_a_keychain_that_never_answers(
    qtbot: Any, run_async: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(key_keeper, "EXIT_WAIT_S", 0.01)
    window, backend = open_window(qtbot)
    qtbot.waitUntil(backend.waiting.is_set, timeout=HANG_MS)

    async def close() -> None:
        window.close()
        await window.shutdown()

    run_async(close())
    assert not backend.gate.is_set()  # shut down with the keychain still silent
    backend.gate.set()  # let the stand-in's thread end


def test_a_shown_window_that_is_never_painted_still_gets_its_saved_key(qtbot: Any) -> None:
    """The worker waits for the shown window's first paint (its imports would slow that paint),
    but a window never painted (minimized, never exposed) gets the key after a bound."""

    class NoPaint(QObject):
        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
            return event.type() == QEvent.Type.Paint  # swallowed: the form is never painted

    backend = GatedKeyring()
    backend.passwords[(SERVICE_NAME, "prod")] = SAVED_KEY
    keyring.set_keyring(backend)
    backend.gate.set()
    window = MainWindow(AppSettings())
    qtbot.addWidget(window)
    no_paint = NoPaint(window)
    window.form.installEventFilter(no_paint)  # runs before the keeper's own filter
    with qtbot.waitSignal(window.keys.loaded, timeout=HANG_MS):
        window.show()
    assert find(window, QLineEdit, "apiKeyEdit").text() == SAVED_KEY
