"""Keyboard and assistive technology: start-up focus, Tab in reading order, named ✕ buttons,
announced messages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from tests.conftest import MemoryKeyring, find
from tests.gui.helpers import wait_until_built
from tests.lookup_results import show_document
from vody_desktop import APP_NAME
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.mainwindow.window import MainWindow
from vody_desktop.ui.widgets.clear_button import clear_button

KEY = "1234abcd-bdde-1234-a39a-3ff12ce386d5"


def shown_window(qtbot: Any, **kwargs: Any) -> MainWindow:
    window = MainWindow(AppSettings(), **kwargs)
    qtbot.addWidget(window)
    window.resize(1280, 760)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    wait_until_built(qtbot, window)  # the docks and the Tab order, after the first paint
    return window


def focused_name() -> str:
    widget = QApplication.focusWidget()
    return widget.objectName() if widget is not None else "(nothing)"


def type_into_focus(text: str) -> None:
    """What a person does right after start-up: type, wherever the focus is."""
    focused = QApplication.focusWidget()
    assert focused is not None
    QTest.keyClicks(focused, text)


# -- start-up focus -----------------------------------------------------------------------
def test_start_up_focus_is_on_the_empty_key_field(qtbot: Any) -> None:
    window = shown_window(qtbot)
    qtbot.waitUntil(lambda: focused_name() == "apiKeyEdit")
    type_into_focus("typed")
    assert window.form.api_key() == "typed"  # typing at once goes into the field


def test_start_up_focus_is_on_the_id_when_the_key_is_given(qtbot: Any) -> None:
    window = shown_window(qtbot, api_key=KEY)
    qtbot.waitUntil(lambda: focused_name() == "inferenceIdEdit")
    type_into_focus("0924dcfe")
    assert window.form.inference_id_text() == "0924dcfe"


def test_start_up_focus_is_on_the_id_when_the_keychain_fills_the_key(
    qtbot: Any, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.passwords[(APP_NAME, "prod")] = KEY
    window = shown_window(qtbot)
    qtbot.waitUntil(lambda: window.form.api_key() == KEY)
    qtbot.waitUntil(lambda: focused_name() == "inferenceIdEdit")


# -- Tab in reading order -----------------------------------------------------------------
@pytest.fixture
def busy_window(qtbot: Any, run_async: Any) -> Iterator[MainWindow]:
    """A window with a result and an error message with details, as after a lookup."""
    window = shown_window(qtbot, api_key=KEY)
    show_document(window, JsonDocument.parse(b'[{"a": 1}, {"b": [2, 3]}]'))
    window.messages.error("Something to read", "What to do next.", "HTTP 500")
    qtbot.waitUntil(lambda: focused_name() == "inferenceIdEdit")
    yield window
    window.close()
    run_async(window.shutdown())


def walk(start: QWidget, key: Qt.Key, limit: int = 60) -> list[QWidget]:
    """Press `key` from `start` until focus comes back to it; every widget focus stopped at."""
    start.setFocus(Qt.FocusReason.OtherFocusReason)
    assert QApplication.focusWidget() is start
    stops = [start]
    for _ in range(limit):
        focused = QApplication.focusWidget()
        assert focused is not None, f"focus vanished after {stops[-1].objectName()}"
        QTest.keyClick(focused, key)
        widget = QApplication.focusWidget()
        assert widget is not None
        if widget is start:
            return stops
        stops.append(widget)
    raise AssertionError(f"Tab never came back: {[w.objectName() for w in stops]}")


FORM = ["environmentCombo", "apiKeyEdit", "showKeyButton", "rememberKeyCheck"]
FORM += ["inferenceIdEdit", "fetchButton"]  # Cancel is off while nothing runs: no stop
MESSAGES = ["messageDetailsButton", "messageCopyButton", "messageDismissButton"]
FIND = ["searchEdit", "matchCaseButton", "wholeWordButton", "regexButton"]
FIND += ["previousButton", "nextButton", "filterButton"]
# The result is a list of items, so it opens on the Items tab: its filter, the review's quick
# filters, then its table.
RESULT = ["resultTabBar", "itemsFilterEdit", "reviewUnreviewedCheck", "reviewWrongCheck"]
RESULT += ["itemsTable", "exportButton"]
DOCKS = ["historySearchEdit", "historyReviewedCheck", "historyList"]
DOCKS += ["dockTabBar", "detailText", "detailCopyButton"]


def test_tab_follows_reading_order_and_stops_only_where_a_person_can_see(
    busy_window: MainWindow,
) -> None:
    stops = walk(busy_window.form.environment_combo, Qt.Key.Key_Tab)
    assert [w.objectName() for w in stops] == FORM + MESSAGES + FIND + RESULT + DOCKS
    for widget in stops:
        assert widget.isVisible(), widget.objectName()
        assert not widget.visibleRegion().isEmpty(), f"{widget.objectName()} is covered"


def test_shift_tab_goes_the_same_way_back(busy_window: MainWindow) -> None:
    forward = [w.objectName() for w in walk(busy_window.form.environment_combo, Qt.Key.Key_Tab)]
    back = [w.objectName() for w in walk(busy_window.form.environment_combo, Qt.Key.Key_Backtab)]
    assert back == forward[:1] + forward[1:][::-1]


def test_tab_reaches_the_query_dock_only_when_it_is_the_tab_on_show(
    qtbot: Any, busy_window: MainWindow
) -> None:
    names = [w.objectName() for w in walk(busy_window.form.environment_combo, Qt.Key.Key_Tab)]
    assert not {"queryEdit", "queryRunButton", "queryResults"} & set(names)
    busy_window.inspect.query.raise_()
    qtbot.waitUntil(lambda: not busy_window.inspect.query.edit.visibleRegion().isEmpty())
    names = [w.objectName() for w in walk(busy_window.form.environment_combo, Qt.Key.Key_Tab)]
    assert names[-4:] == ["dockTabBar", "queryEdit", "queryRunButton", "queryResults"]
    assert "detailText" not in names  # Details is now the hidden tab


def test_message_buttons_come_right_after_the_form(busy_window: MainWindow) -> None:
    """After Fetch, Tab reaches the message that the lookup produced, before the result."""
    busy_window.form.fetch_button.setFocus()
    QTest.keyClick(busy_window.form.fetch_button, Qt.Key.Key_Tab)
    assert focused_name() == "messageDetailsButton"


# -- the ✕ buttons in the fields ----------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "words"),
    [("apiKeyEdit", "Clear the API key"), ("inferenceIdEdit", "Clear the inference ID")],
)
def test_clear_buttons_have_names_and_tooltips(qtbot: Any, name: str, words: str) -> None:
    window = shown_window(qtbot)
    edit = find(window, QLineEdit, name)
    qtbot.keyClicks(edit, "something")
    button = clear_button(edit)
    assert button is not None
    qtbot.waitUntil(button.isVisible)
    assert button.accessibleName() == words
    assert button.toolTip() == words
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert edit.text() == ""


# -- messages reach screen readers --------------------------------------------------------
@pytest.fixture
def announcements(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str, str]]:
    """What the window tells assistive technology: (event, object, message, politeness)."""
    heard: list[tuple[str, str, str, str]] = []
    real = QAccessible.updateAccessibility

    def listen(event: QAccessibleEvent) -> None:
        target = event.object()
        name = target.objectName() if target is not None else ""
        if isinstance(event, QAccessibleAnnouncementEvent):
            politeness = event.politeness().name
            heard.append(("announcement", name, event.message(), politeness))
        real(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(listen))
    return heard


def test_new_messages_are_announced(
    qtbot: Any, announcements: list[tuple[str, str, str, str]]
) -> None:
    window = shown_window(qtbot)
    window.messages.error("The API key was not accepted", "Check the key and fetch again.")
    window.messages.info("Lookup cancelled", "Fetch again when ready.")
    assert announcements == [
        (
            "announcement",
            "messageArea",
            "The API key was not accepted. Check the key and fetch again",
            "Assertive",
        ),
        ("announcement", "messageArea", "Lookup cancelled. Fetch again when ready", "Polite"),
    ]
    assert window.messages.accessibleDescription().startswith("Lookup cancelled.")


def test_a_countdown_is_announced_once_not_every_second(
    qtbot: Any, announcements: list[tuple[str, str, str, str]]
) -> None:
    window = shown_window(qtbot)
    for seconds in (3, 2, 1):
        window.messages.info(f"Too many requests — trying again in {seconds} s", "Or cancel.")
    assert [message for _, _, message, _ in announcements] == [
        "Too many requests — trying again in 3 s. Or cancel"
    ]
    window.messages.clear()
    window.messages.info("Too many requests — trying again in 3 s", "Or cancel.")
    assert len(announcements) == 2  # a new message after the old one went away
