"""The safety net: anything unexpected is logged and shown in a dialog with copyable details.

`install_excepthook` replaces `sys.excepthook`, which PySide6 calls for an exception raised in a
slot or a virtual method. The dialog is opened with `.open()` (never `exec()`, which would start
a nested event loop under qasync), a second error while it is
open is appended to it instead of stacking dialogs. The API key is removed from every text.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vody_desktop.api.redaction import redact

log = logging.getLogger("vody_desktop")

TITLE = "Something unexpected went wrong"
ADVICE = (
    "The window still works, and you can carry on. If this keeps happening, press "
    "“Copy details” and paste them into a support ticket."
)
ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


class UnexpectedErrorDialog(QDialog):
    """Says that something went wrong, and holds the technical details for a ticket."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unexpectedErrorDialog")
        self.setWindowTitle(TITLE)
        title = QLabel(f"<b>{TITLE}</b>")
        advice = QLabel(ADVICE)
        advice.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setObjectName("unexpectedErrorDetails")
        self.details.setAccessibleName("Technical details")
        self.details.setReadOnly(True)
        self.details.setMinimumSize(560, 220)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("&Copy details")
        self.copy_button.setObjectName("unexpectedErrorCopyButton")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(advice)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def add_details(self, text: str) -> None:
        current = self.details.toPlainText()
        self.details.setPlainText(f"{current}\n\n{text}" if current else text)

    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText("Copied")


class UnexpectedErrorReporter:
    """Logs unexpected errors and shows them in one `UnexpectedErrorDialog` at a time."""

    def __init__(self, parent: QWidget, secret: Callable[[], str]) -> None:
        self._parent = parent
        self._secret = secret
        self.dialog: UnexpectedErrorDialog | None = None

    def report(self, text: str) -> None:
        text = redact(text, self._secret())
        log.error("Unexpected error:\n%s", text)
        if self.dialog is None:
            self.dialog = UnexpectedErrorDialog(self._parent)
            self.dialog.finished.connect(self._on_dialog_finished)
            self.dialog.add_details(text)
            self.dialog.open()
        else:
            self.dialog.add_details(text)

    def hook(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        try:
            self.report("".join(traceback.format_exception(kind, error, tb)))
        except Exception:  # never let the safety net itself take the app down
            log.exception("Could not show an unexpected error")

    def _on_dialog_finished(self, _result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()


def install_excepthook(parent: QWidget, secret: Callable[[], str]) -> UnexpectedErrorReporter:
    """Route unexpected exceptions to a reporter over `parent`; `secret()` is the current key."""
    reporter = UnexpectedErrorReporter(parent, secret)
    sys.excepthook = reporter.hook
    return reporter
