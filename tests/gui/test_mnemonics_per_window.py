"""No Alt+letter leads to two places at once, in any window or dialog of the app.

Qt gives every mnemonic ("&Mismatches only": Alt+M) a shortcut in its window: buttons and check
boxes, labels with a buddy, group boxes, the titles of a tab bar, the menu bar's titles; a
QAction with an Alt+letter key joins them. Qt fires a widget's shortcut only while the widget
is visible and enabled in the active window (`correctWidgetContext` in qshortcutmap /
qapplication: "a mnemonic on a hidden widget does not fire"). Two owners of one Alt+letter that
can be shown together make it ambiguous: Qt then only moves the focus between them, and the
check box or button is never pressed.

What can be shown together: everything in one window, except what sits on different pages of
one QStackedWidget (a QTabWidget's pages are one): only the current page is visible. The tab
titles themselves are on the tab bar, always visible. Widgets hidden for now (a message's
button, the find bar, a progress bar) are counted, since they are shown at some moment, and
so are disabled ones (they are enabled at some moment).

The windows walked: the main window with every part built (its Tree, Raw JSON and Items tabs,
the docks, the find bar, a message with each action it can offer), the Compare window, the
batch window, Preferences, Keyboard shortcuts, About, and the unexpected-error dialog.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMenuBar,
    QPushButton,
    QStackedWidget,
    QTabBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tests.conftest import add_window, wait_for
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.dialogs.error_dialog import UnexpectedErrorDialog
from vody_desktop.ui.files.body_download import OFFER_BUTTON_LABEL
from vody_desktop.ui.mainwindow.examples_menu import Example
from vody_desktop.ui.mainwindow.window import MainWindow

PORTABLE = QKeySequence.SequenceFormat.PortableText
#: What the message area's one button can offer (result_presenter.py, body_download.py).
MESSAGE_ACTIONS = ("W&ait until complete", OFFER_BUTTON_LABEL)


@dataclass(frozen=True, eq=False)
class Owner:
    """One thing Alt+letter reaches: its keys ("Alt+M"), a description, the widget it sits on."""

    keys: str
    what: str
    widget: QWidget


def mnemonic(text: str) -> str:
    """Qt's own reading of a text's mnemonic ("&&" is a literal ampersand): "Alt+M" or ""."""
    return QKeySequence.mnemonic(text).toString(PORTABLE)


def alt_letter(sequence: QKeySequence) -> str:
    """ "Alt+X" for a one-key sequence of Alt and a letter or digit, else ""."""
    if sequence.count() != 1:
        return ""
    combination = sequence[0]  # type: ignore[index]  # QKeySequence.operator[] (stubs lack it)
    key = combination.key()
    letter = Qt.Key.Key_A.value <= key.value <= Qt.Key.Key_Z.value
    digit = Qt.Key.Key_0.value <= key.value <= Qt.Key.Key_9.value
    alone = combination.keyboardModifiers() == Qt.KeyboardModifier.AltModifier
    return sequence.toString(PORTABLE) if alone and (letter or digit) else ""


def describe(widget: QWidget, text: str) -> str:
    return f"{type(widget).__name__} {text!r} ({widget.objectName() or 'no name'})"


def owners(window: QWidget) -> list[Owner]:
    """Everything in `window` (not in a window of its own) that an Alt+letter reaches."""
    found: list[Owner] = []

    def add(widget: QWidget, text: str, what: str | None = None) -> None:
        keys = mnemonic(text)
        if keys:
            found.append(Owner(keys, what or describe(widget, text), widget))

    for widget in [window, *window.findChildren(QWidget)]:
        if widget.window() is not window:
            continue
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None  # no buddy: no key
        ):
            add(widget, widget.text())
        elif isinstance(widget, QGroupBox):
            add(widget, widget.title())
        elif isinstance(widget, QTabBar):
            for tab in range(widget.count()):
                add(widget, widget.tabText(tab), f"tab {widget.tabText(tab)!r}")
        elif isinstance(widget, QMenuBar):
            for action in widget.actions():
                if action.isVisible():
                    add(widget, action.text(), f"menu {action.text()!r}")
    for action in window.findChildren(QAction):
        hosts = [
            host
            for host in action.associatedObjects()
            if isinstance(host, QWidget) and host.window() is window
        ]
        for sequence in action.shortcuts():
            keys = alt_letter(sequence)
            if keys:
                host = hosts[0] if hosts else window
                found.append(Owner(keys, f"action {action.text()!r} ({keys})", host))
    return found


def pages(widget: QWidget) -> dict[int, int]:
    """For each QStackedWidget above `widget` in its window: the page it sits on."""
    found: dict[int, int] = {}
    child = widget
    parent = widget.parentWidget()
    while parent is not None and not child.isWindow():
        if isinstance(parent, QStackedWidget):
            found[id(parent)] = parent.indexOf(child)
        child, parent = parent, parent.parentWidget()
    return found


def shown_together(a: Owner, b: Owner) -> bool:
    """False when the two sit on different pages of one stack: never visible at once."""
    pages_a, pages_b = pages(a.widget), pages(b.widget)
    return all(pages_b.get(stack, page) == page for stack, page in pages_a.items())


def clashes(window: QWidget) -> dict[str, list[str]]:
    """Each Alt+letter that two owners shown together share, with every owner of it."""
    by_keys: dict[str, list[Owner]] = defaultdict(list)
    for owner in owners(window):
        by_keys[owner.keys].append(owner)
    found: dict[str, list[str]] = {}
    for keys, sharing in by_keys.items():
        pairs = [(a, b) for n, a in enumerate(sharing) for b in sharing[n + 1 :]]
        if any(shown_together(a, b) for a, b in pairs):
            found[keys] = sorted(owner.what for owner in sharing)
    return found


# -- the walker checks itself ------------------------------------------------------------------
def test_the_walker_tells_a_shared_letter_on_one_page_from_one_on_two_pages(qtbot: Any) -> None:
    """Qt's rule, as the walker reads it: a mnemonic on a hidden page does not fire."""
    window = QWidget()
    qtbot.addWidget(window)
    tabs = QTabWidget()
    first, second = QWidget(), QWidget()
    QVBoxLayout(first).addWidget(QPushButton("&Save"))
    QVBoxLayout(second).addWidget(QPushButton("&Start"))  # Alt+S too, on another page
    tabs.addTab(first, "&One")
    tabs.addTab(second, "&Two")
    layout = QVBoxLayout(window)
    layout.addWidget(tabs)
    assert clashes(window) == {}
    below = QPushButton("&Open")  # beside the tabs: shown with either page, as is tab "&One"
    layout.addWidget(below)
    label = QLabel("&Name:")
    label.setBuddy(below)
    layout.addWidget(label)
    hidden = QPushButton("Sa&ve")
    hidden.hide()  # hidden now, shown later: still counted
    layout.addWidget(hidden)
    action = QAction("Switch", window)
    action.setShortcut(QKeySequence("Alt+T"))
    window.addAction(action)
    assert clashes(window) == {
        "Alt+O": ["QPushButton '&Open' (no name)", "tab '&One'"],
        "Alt+T": ["action 'Switch' (Alt+T)", "tab '&Two'"],
    }


# -- the app's windows -------------------------------------------------------------------------
@pytest.fixture
def main_window(qtbot: Any, run_async: Any) -> MainWindow:
    """The main window with every part built (docks, Items tab, find bar) and shown."""
    window = MainWindow(AppSettings(), examples=[Example("inf_1", "Colour results", "Inferences")])
    add_window(qtbot, window, run_async)
    window.later.build_all()
    window.resize(1400, 900)
    with qtbot.waitExposed(window):
        window.show()
    assert window.items.tab is not None  # the Items tab's widgets, checked with the others
    return window


def test_the_main_window_gives_each_alt_letter_one_place(main_window: MainWindow) -> None:
    window = main_window
    for text in MESSAGE_ACTIONS:  # the message area's button says one of these at a time
        window.messages.error("A problem", "What to do next.", "details")
        window.messages.set_action(text, lambda: None)
        assert clashes(window) == {}, text


def test_each_other_window_and_dialog_gives_each_alt_letter_one_place(
    qtbot: Any, run_async: Any, main_window: MainWindow
) -> None:
    window = main_window
    names = {
        "compareWindow",
        "batchWindow",
        "preferencesDialog",
        "shortcutsDialog",
        "aboutDialog",
        "unexpectedErrorDialog",
    }

    def shown() -> dict[str, QWidget]:
        return {w.objectName(): w for w in QApplication.topLevelWidgets() if w.isVisible()}

    async def open_them() -> None:
        # In the loop, as from the menus: the windows start tasks of their own.
        for action in ("lookup.compare", "file.batch", "edit.preferences", "help.shortcuts"):
            window.action_set[action].trigger()
        window.action_set["help.about"].trigger()
        error_dialog = UnexpectedErrorDialog(window)
        qtbot.addWidget(error_dialog)
        error_dialog.show()
        await wait_for(lambda: names <= set(shown()), what="every window and dialog")

    run_async(open_them())
    found = {name: clashes(widget) for name, widget in shown().items() if name in names}
    assert found == {name: {} for name in names}
