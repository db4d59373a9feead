"""Access keys (the underlined letter, Alt+letter) lead to one place each.

Two entries of one menu with the same letter make Alt+letter stop at the first and never reach
the second; a menu title and a field label with the same letter fight over Alt+letter in the
window. A person who works by keyboard must be able to reach each by its letter.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from PySide6.QtWidgets import QAbstractButton, QLabel, QMenu

from tests.conftest import add_window
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.mainwindow.examples_menu import Example
from vody_desktop.ui.mainwindow.window import MainWindow

MNEMONIC = re.compile(r"&([^&])")


def access_key(text: str) -> str | None:
    """The letter after a single `&` ("&&" is a literal ampersand), lower case."""
    found = MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def clashes(entries: list[str]) -> dict[str, list[str]]:
    by_key: dict[str, list[str]] = defaultdict(list)
    for text in entries:
        key = access_key(text)
        if key is not None:
            by_key[key].append(text)
    return {key: texts for key, texts in by_key.items() if len(texts) > 1}


def menu_clashes(menu: QMenu) -> dict[str, dict[str, list[str]]]:
    """Clashing entries of `menu` and of each submenu, by menu title."""
    shown = [action for action in menu.actions() if action.isVisible()]
    found = {menu.title(): clashes([a.text() for a in shown if not a.isSeparator()])}
    for action in shown:
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            found |= menu_clashes(submenu)
    return {title: clash for title, clash in found.items() if clash}


def demo_window(qtbot: Any, run_async: Any) -> MainWindow:
    window = MainWindow(AppSettings(), examples=[Example("inf_1", "Colour results", "Inferences")])
    add_window(qtbot, window, run_async)
    window.resize(1400, 900)
    with qtbot.waitExposed(window):
        window.show()
    return window


def test_no_two_entries_of_a_menu_share_an_access_key(qtbot: Any, run_async: Any) -> None:
    window = demo_window(qtbot, run_async)
    found: dict[str, dict[str, list[str]]] = {}
    for action in window.menuBar().actions():
        menu = action.menu()
        assert isinstance(menu, QMenu)
        found |= menu_clashes(menu)
    assert found == {}


def test_menu_titles_labels_and_buttons_each_have_their_own_access_key(
    qtbot: Any, run_async: Any
) -> None:
    """Everything Alt+letter can reach in the window at once, with a message and its action
    shown and the History pane open."""
    window = demo_window(qtbot, run_async)
    window.messages.error("A problem", "What to do next.", "details")
    window.messages.set_action("W&ait until complete", lambda: None)
    qtbot.waitUntil(window.messages.action_button.isVisible)
    assert window.history.panel.isVisible()
    texts = [action.text() for action in window.menuBar().actions()]
    texts += [b.text() for b in window.findChildren(QAbstractButton) if b.isVisible()]
    texts += [
        label.text()
        for label in window.findChildren(QLabel)
        if label.isVisible() and label.buddy() is not None
    ]
    assert clashes(texts) == {}
