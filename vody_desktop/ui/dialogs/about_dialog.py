"""Help > About: what this program is, its version, the Qt and Python it runs on, its licence.

Support asks for these versions first, so "Copy version details" puts them on the clipboard as
plain text. Open it with `.open()` (never `exec()`: it would nest an event loop inside qasync).
"""

from __future__ import annotations

import platform
import sys
from html import escape

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vody_desktop import APP_NAME, __version__
from vody_desktop.resources import application_icon

DESCRIPTION = "Look up the results of model inferences on the Vody Inference API."
LICENCE = "MIT"
COPYRIGHT = "© Vody"


def version_details() -> list[tuple[str, str]]:
    """The facts the dialog lists, as (label, value) pairs."""
    bundle = " (installed bundle)" if getattr(sys, "frozen", False) else ""
    return [
        ("Version", f"{__version__}{bundle}"),
        ("Qt", f"{qVersion()} (PySide6 {PySide6.__version__})"),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()})"),
        ("System", f"{platform.system()} {platform.release()} ({platform.machine()})"),
        ("Licence", LICENCE),
    ]


def version_details_text() -> str:
    """The same facts as plain text, for a support ticket."""
    lines = [f"{APP_NAME}"] + [f"{label}: {value}" for label, value in version_details()]
    return "\n".join(lines)


class AboutDialog(QDialog):
    """A small window-modal dialog; deletes itself when closed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(f"About {APP_NAME}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        icon = QLabel()
        icon.setPixmap(application_icon().pixmap(64, 64))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel(f"<b style='font-size: large'>{escape(APP_NAME)}</b>")
        title.setObjectName("aboutTitle")
        description = QLabel(DESCRIPTION)
        description.setWordWrap(True)

        facts = QGridLayout()
        facts.setHorizontalSpacing(12)
        for row, (label, value) in enumerate(version_details()):
            facts.addWidget(QLabel(f"{label}:"), row, 0, Qt.AlignmentFlag.AlignRight)
            value_label = QLabel(value)
            value_label.setObjectName(f"about{label}")
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            facts.addWidget(value_label, row, 1)
        facts.setColumnStretch(1, 1)
        notice = QLabel(
            f"{COPYRIGHT}. Released under the {LICENCE} licence: free to use, copy and change, "
            "with no warranty."
        )
        notice.setWordWrap(True)

        text = QVBoxLayout()
        text.addWidget(title)
        text.addWidget(description)
        text.addSpacing(6)
        text.addLayout(facts)
        text.addSpacing(6)
        text.addWidget(notice)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addSpacing(8)
        top.addLayout(text, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("&Copy version details")
        self.copy_button.setObjectName("copyVersionButton")
        self.copy_button.setToolTip("Copy the versions above, for a support ticket")
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(version_details_text())
        self.copy_button.setText("Copied")
