"""Names for the ✕ "clear" button Qt draws inside a line edit.

`QLineEdit.setClearButtonEnabled` adds an icon button with no name and no tooltip: a screen
reader announces an unnamed button, and a mouse user gets no hint. Qt makes the button from an
action it names `_q_qlineeditclearaction`; both get the words here.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLineEdit, QToolButton

QT_CLEAR_ACTION = "_q_qlineeditclearaction"


def enable_named_clear_button(edit: QLineEdit, what: str) -> None:
    """Turn on `edit`'s clear button, named "Clear <what>" (name, tooltip and action text)."""
    edit.setClearButtonEnabled(True)
    words = f"Clear {what}"
    action = edit.findChild(QAction, QT_CLEAR_ACTION)
    if action is not None:
        action.setText(words)
        action.setToolTip(words)
    for button in edit.findChildren(QToolButton):
        if button.defaultAction() is action:
            button.setAccessibleName(words)
            button.setToolTip(words)


def clear_button(edit: QLineEdit) -> QToolButton | None:
    """The clear button of `edit` (for tests), or None when it has none."""
    action = edit.findChild(QAction, QT_CLEAR_ACTION)
    for button in edit.findChildren(QToolButton):
        if action is not None and button.defaultAction() is action:
            return button
    return None
