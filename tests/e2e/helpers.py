"""What the end-to-end tests do again and again, done as a person does it: type the key and the
ID, press Enter, wait for the lookup to end, read the message. No tests here."""

from __future__ import annotations

import asyncio
from typing import Any, Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from tests.conftest import HANG_S, find, wait_for
from tests.e2e.conftest import API_KEY
from vody_desktop.sandbox import catalogue
from vody_desktop.ui.mainwindow.window import MainWindow

#: The answers that are not JSON, and the title the window gives each.
UNREADABLE_ANSWERS: Final = [
    (catalogue.TRUNCATED_ID, "The result arrived incomplete"),
    (catalogue.HTML_200_ID, "The server sent a web page instead of the result"),
    (catalogue.INVALID_UTF8_ID, "The server sent text in the wrong encoding"),
]


def type_and_fetch(qtbot: Any, window: MainWindow, key: str, text: str) -> None:
    """What a person does: type the key, type the ID, press Enter."""
    key_edit = find(window, QLineEdit, "apiKeyEdit")
    id_edit = find(window, QLineEdit, "inferenceIdEdit")
    key_edit.clear()
    id_edit.clear()
    if key:
        qtbot.keyClicks(key_edit, key)
    qtbot.keyClicks(id_edit, text)
    qtbot.keyClick(id_edit, Qt.Key.Key_Return)


async def wait_idle(window: MainWindow, seconds: float = HANG_S) -> None:
    """Wait until the lookup has ended (Cancel is greyed out again) and the pictures its rows
    asked for have arrived or failed: nothing of the window is still on the network when the
    test's coroutine ends (a load left running would go on between tests, outside the loop)."""
    await asyncio.sleep(0)
    await wait_for(
        lambda: not window.form.cancel_button.isEnabled(), seconds, what="the lookup to end"
    )
    table = window.items.tab.table
    if table.isVisible():
        table.viewport().repaint()  # the rows on show ask for their pictures now, not later
    await wait_for(lambda: window.items.loader.idle, seconds, what="the pictures to load")


async def fetch_tree(
    qtbot: Any, window: MainWindow, inference_id: str, seconds: float = HANG_S
) -> None:
    """Look `inference_id` up with the sandbox key and wait for its tree and the lookup's end."""
    type_and_fetch(qtbot, window, API_KEY, inference_id)
    await wait_for(lambda: window.results.model.rowCount() > 0, seconds, "the tree")
    await wait_idle(window, seconds)


def shown(window: MainWindow) -> tuple[str, str, str]:
    """The message area as a person reads it: title, advice, details."""
    return window.messages.title(), window.messages.advice(), window.messages.detail()


async def fetch_and_read(qtbot: Any, window: MainWindow, inference_id: str) -> tuple[str, str, str]:
    """Look `inference_id` up with the sandbox key, wait for the end, and read the message."""
    type_and_fetch(qtbot, window, API_KEY, inference_id)
    await wait_idle(window)
    return shown(window)
