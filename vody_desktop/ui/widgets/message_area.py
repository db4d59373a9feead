"""`MessageArea`: the one place the window talks to the person.

`error()` and `info()` show a short title and what to do next; the technical detail (status code,
request ID, a snippet of the answer) stays folded away behind "Show details", in a fixed-width
font so a `^` under a snippet points at the right character, with a button that copies it for a
support ticket. `progress()` shows a notice that updates itself (a retry countdown): once the
person dismisses it, its updates stay hidden until the next ordinary message or `clear()`.
Each new message is announced to screen readers (an accessibility announcement, assertive for
errors), once: a countdown that only changes its number is not read out again every second. A
word too long to wrap (a JSON path, say) is shown shortened in the middle, so no message can
widen the window; Copy details copies it whole. The parts are placed by `MessageLayout`: the
buttons beside the text, on the title's line or under the text, whichever leaves the text whole
in the least height at the width the message gets.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from vody_desktop.errors import UserFacingError
from vody_desktop.ui.widgets.message_layout import MessageLayout
from vody_desktop.words import shorten_long_words

_STYLES = {
    "error": "QFrame#messageArea { background: palette(base); border: 1px solid #c62828;"
    " border-left: 4px solid #c62828; border-radius: 4px; }",
    "info": "QFrame#messageArea { background: palette(base); border: 1px solid #1565c0;"
    " border-left: 4px solid #1565c0; border-radius: 4px; }",
}


class MessageArea(QFrame):
    """A banner with a title, advice and optional copyable details; hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageArea")
        self.setAccessibleName("Messages")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._kind = ""
        self._progress = False  # the notice shown is a progress notice
        self._progress_dismissed = False
        self._full_text = ("", "")  # title and advice as given (shown with long words cut)

        self._title = QLabel()
        self._title.setObjectName("messageTitle")
        self._title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self._title.font()
        font.setBold(True)
        self._title.setFont(font)
        self._title.setWordWrap(True)

        self._advice = QLabel()
        self._advice.setObjectName("messageAdvice")
        self._advice.setWordWrap(True)
        self._advice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._details_button = QPushButton("Show details")
        self._details_button.setObjectName("messageDetailsButton")
        self._details_button.setCheckable(True)
        self._details_button.toggled.connect(self._on_details_button_toggled)
        self._copy_button = QPushButton("Copy details")
        self._copy_button.setObjectName("messageCopyButton")
        self._copy_button.clicked.connect(self._on_copy_button_clicked)
        # One optional action that fits the message ("Wait until complete", "Cancel", …).
        self._action_button = QPushButton()
        self._action_button.setObjectName("messageActionButton")
        self._action_button.clicked.connect(self._on_action_button_clicked)
        self._action: Callable[[], object] | None = None
        self._dismiss_button = QPushButton("Dismiss")
        self._dismiss_button.setObjectName("messageDismissButton")
        self._announced = ""  # the shape of the last message read out (digits as #)
        self._dismiss_button.clicked.connect(self._on_dismiss_button_clicked)

        self._details = QPlainTextEdit()
        self._details.setObjectName("messageDetails")
        self._details.setAccessibleName("Technical details")
        self._details.setReadOnly(True)
        self._details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self._details.setMaximumHeight(120)
        # As short as one line: on a short screen the box shrinks (it scrolls) before any
        # text of the message is cut (see MessageLayout).
        margin = 2
        self._details.document().setDocumentMargin(margin)
        line = self._details.fontMetrics().lineSpacing()
        self._details.setMinimumHeight(line + 2 * (margin + self._details.frameWidth()))
        self._details.setVisible(False)

        #: The message's buttons, in a row; features may add their own here.
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self._action_button)
        self.buttons.addWidget(self._details_button)
        self.buttons.addWidget(self._copy_button)
        self.buttons.addWidget(self._dismiss_button)

        layout = MessageLayout(self._title, self._advice, self.buttons, self._details, self)
        layout.setContentsMargins(12, 6, 8, 6)
        self.clear()

    # -- the channel ---------------------------------------------------------------------
    def error(self, title: str, advice: str = "", detail: str = "") -> None:
        self._show("error", title, advice, detail)

    def info(self, title: str, advice: str = "", detail: str = "") -> None:
        self._show("info", title, advice, detail)

    def show_error(self, error: UserFacingError) -> None:
        self.error(error.title, error.advice, error.detail)

    def progress(self, title: str, advice: str = "", detail: str = "") -> None:
        """Show or update a notice of something still going on (the person stops it with the
        window's Cancel). Dismissed once, it stays hidden until the next ordinary message."""
        if self._progress_dismissed:
            return
        self._show("info", title, advice, detail)
        self._progress = True

    def end_progress(self) -> None:
        """Take a progress notice away (its wait is over); an ordinary message stays."""
        if self._progress:
            self._hide()

    @property
    def showing_progress(self) -> bool:
        return self._progress and self.isVisible()

    def set_action(self, text: str, callback: Callable[[], object]) -> None:
        """Offer one button with the message shown now; the next message removes it."""
        self._action = callback
        self._action_button.setText(text)
        self._action_button.setAccessibleName(text.replace("&", ""))
        self._action_button.setVisible(True)

    @property
    def action_button(self) -> QPushButton:
        return self._action_button

    def clear(self) -> None:
        self._progress_dismissed = False
        self._hide()

    def _hide(self) -> None:
        self._kind = ""
        self._progress = False
        self._full_text = ("", "")  # title and advice as given (shown with long words cut)
        self._action = None
        self._action_button.setVisible(False)
        self._title.clear()
        self._advice.clear()
        self._details.clear()
        self._details_button.setChecked(False)
        self._announced = ""
        self.setVisible(False)

    # -- what the person sees (also used by tests) ---------------------------------------
    @property
    def kind(self) -> str:
        """ "error", "info", or "" when nothing is shown."""
        return self._kind

    def title(self) -> str:
        return self._title.text()

    def advice(self) -> str:
        return self._advice.text()

    def detail(self) -> str:
        return self._details.toPlainText()

    # -- internals -----------------------------------------------------------------------
    def _show(self, kind: str, title: str, advice: str, detail: str) -> None:
        self._kind = kind
        self._progress = False
        self._progress_dismissed = False
        self.setStyleSheet(_STYLES[kind])
        self._full_text = (title, advice)
        self._title.setText(shorten_long_words(title))
        self._advice.setText(shorten_long_words(advice))
        self._advice.setVisible(bool(advice))
        self._details.setPlainText(detail)
        self._details_button.setVisible(bool(detail))
        self._copy_button.setVisible(bool(detail))
        self._details_button.setChecked(False)
        self._action = None
        self._action_button.setVisible(False)
        self.setAccessibleDescription(f"{title}. {advice}")
        self.setVisible(True)
        self._announce(kind, title, advice)

    def _announce(self, kind: str, title: str, advice: str) -> None:
        """Have screen readers read a new message (a live region, in web terms)."""
        shape = re.sub(r"\d+", "#", f"{kind}:{title}")
        if shape == self._announced:
            return  # the same message with a new number (a countdown): read once
        self._announced = shape
        # Imported with the first message: PySide6 makes QAccessible's eight Python enums
        # (about 2 ms) when the class is first imported, which the window's first paint does
        # not need.
        from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

        event = QAccessibleAnnouncementEvent(self, f"{title}. {advice}".strip(" ."))
        politeness = QAccessible.AnnouncementPoliteness
        event.setPoliteness(politeness.Assertive if kind == "error" else politeness.Polite)
        QAccessible.updateAccessibility(event)

    def _on_dismiss_button_clicked(self) -> None:
        dismissed_progress = self._progress
        self.clear()
        self._progress_dismissed = dismissed_progress

    def _on_action_button_clicked(self) -> None:
        if self._action is not None:
            self._action()

    def _on_details_button_toggled(self, checked: bool) -> None:
        self._details.setVisible(checked)
        self._details_button.setText("Hide details" if checked else "Show details")

    def _on_copy_button_clicked(self) -> None:
        title, advice = self._full_text
        text = f"{title}\n{advice}\n\n{self._details.toPlainText()}"
        QGuiApplication.clipboard().setText(text.strip())
