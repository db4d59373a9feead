"""The message area fits its parts to the width it gets, so that its text always shows whole:
its buttons sit beside the title and advice when the message is wide, on the title's line when
narrower, and under the text when narrow; when height is short, the details box shrinks (it
scrolls) before any text does; and a narrower message asks for more height, so the window cannot
be made so short that the advice is cut.

Each test places a MessageArea above a part that takes the rest of the height, as the window does,
and reads where the title, advice, buttons and details ended up.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from tests.conftest import find
from vody_desktop.ui.widgets.message_area import MessageArea

TITLE = "The result arrived incomplete"
ADVICE = (
    "The answer stops part way through, so it can't be shown as a tree; the part that arrived "
    "is shown as text in the Raw JSON tab. Fetch again; if it keeps happening, copy the "
    "details into a support ticket."
)
DETAIL = "GET https://prod-api.vody.com/v1/inferences/…\nHTTP 200 OK\nContent-Length: 2048\n" * 3


class Holder(QWidget):
    """A message area above a part that takes the rest of the height (like the result tree)."""

    def __init__(self) -> None:
        super().__init__()
        self.messages = MessageArea()
        self.rest = QWidget()
        self.rest.setMinimumHeight(100)
        self.rest.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addWidget(self.rest, 1)


def settle() -> None:
    for _ in range(4):  # a new width asks the parent's layout again, on a posted event
        QApplication.processEvents()


def show(qtbot: Any, width: int, height: int = 600, *, action: bool = False) -> Holder:
    holder = Holder()
    qtbot.addWidget(holder)
    holder.messages.error(TITLE, ADVICE, DETAIL)
    if action:
        holder.messages.set_action("Wait until complete", lambda: None)
    holder.resize(width, height)
    with qtbot.waitExposed(holder):
        holder.show()
    settle()
    return holder


def open_details(holder: Holder) -> QPlainTextEdit:
    find(holder, QPushButton, "messageDetailsButton").click()
    settle()
    return find(holder, QPlainTextEdit, "messageDetails")


def label(holder: Holder, name: str) -> QLabel:
    return find(holder, QLabel, name)


def buttons(holder: Holder) -> QRect:
    """The rectangle around the message's visible buttons."""
    shown = [b for b in holder.messages.findChildren(QPushButton) if b.isVisible()]
    area = shown[0].geometry()
    for button in shown[1:]:
        area = area.united(button.geometry())
    return area


def assert_whole(holder: Holder) -> None:
    """Title and advice are as tall as their wrapped text needs, and every part of the message
    lies within its frame, none on another."""
    for name in ("messageTitle", "messageAdvice"):
        text = label(holder, name)
        assert text.isVisible()
        assert text.height() >= text.heightForWidth(text.width()), name
    messages = holder.messages
    children = messages.findChildren(QWidget, "", Qt.FindChildOption.FindDirectChildrenOnly)
    parts = [child for child in children if child.isVisible()]
    for part in parts:
        assert messages.contentsRect().contains(part.geometry()), part.objectName()
    for i, one in enumerate(parts):
        for other in parts[i + 1 :]:
            assert not one.geometry().intersects(other.geometry()), (one, other)


@pytest.mark.parametrize("width", [320, 420, 520, 640, 760, 900, 1200])
@pytest.mark.parametrize("action", [False, True], ids=["three-buttons", "four-buttons"])
@pytest.mark.parametrize("details", [False, True], ids=["details-closed", "details-open"])
def test_the_text_shows_whole_at_any_width(
    qtbot: Any, width: int, action: bool, details: bool
) -> None:
    holder = show(qtbot, width, action=action)
    if details:
        open_details(holder)
    assert_whole(holder)


def test_buttons_sit_beside_the_text_when_the_message_is_wide(qtbot: Any) -> None:
    holder = show(qtbot, 1200)
    title, advice, row = (
        label(holder, "messageTitle"),
        label(holder, "messageAdvice"),
        buttons(holder),
    )
    assert row.left() > max(title.geometry().right(), advice.geometry().right())
    assert title.geometry().top() < row.center().y() < advice.geometry().bottom()


def test_buttons_move_onto_the_titles_line_when_narrower(qtbot: Any) -> None:
    holder = show(qtbot, 640)
    title, advice, row = (
        label(holder, "messageTitle"),
        label(holder, "messageAdvice"),
        buttons(holder),
    )
    assert row.left() > title.geometry().right()
    assert row.top() <= title.geometry().center().y() <= row.bottom()
    # The advice runs under the buttons, across the whole message.
    assert advice.geometry().top() > row.bottom()
    assert advice.geometry().right() >= row.right()
    assert_whole(holder)


def test_buttons_go_under_the_text_when_beside_the_title_is_too_narrow(qtbot: Any) -> None:
    holder = show(qtbot, 420, action=True)
    title, advice, row = (
        label(holder, "messageTitle"),
        label(holder, "messageAdvice"),
        buttons(holder),
    )
    assert row.top() > advice.geometry().bottom()
    assert title.width() == advice.width() >= row.width()
    assert row.right() == advice.geometry().right()  # right-aligned under the text
    assert_whole(holder)


def test_right_to_left_puts_the_buttons_on_the_left(qtbot: Any) -> None:
    holder = show(qtbot, 1200)
    holder.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    settle()
    assert buttons(holder).right() < label(holder, "messageAdvice").geometry().left()


def test_on_a_short_window_the_details_shrink_before_the_text(qtbot: Any) -> None:
    holder = show(qtbot, 640)
    details = open_details(holder)
    roomy = details.height()
    holder.resize(640, 1)  # as short as it can be: the window's smallest height
    settle()
    assert holder.height() > 1
    assert details.height() < roomy
    assert details.height() >= details.fontMetrics().lineSpacing()  # still a line; it scrolls
    assert details.verticalScrollBar().maximum() > 0
    assert_whole(holder)


def test_a_narrower_message_asks_for_more_height(qtbot: Any) -> None:
    holder = show(qtbot, 1200, height=1)
    wide = holder.minimumSizeHint().height()
    holder.resize(520, 1)
    settle()
    # The advice wraps into more lines, and the window's smallest height grows to hold them.
    assert holder.minimumSizeHint().height() > wide
    assert holder.height() >= holder.minimumSizeHint().height()
    assert_whole(holder)
