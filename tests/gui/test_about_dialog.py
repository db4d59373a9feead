"""Help > About: the version, the Qt and Python versions and the licence, copyable for support."""

from __future__ import annotations

import platform
from typing import Any

from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel

from tests.conftest import HANG_MS, find
from vody_desktop import __version__
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.dialogs.about_dialog import AboutDialog
from vody_desktop.ui.mainwindow.window import MainWindow


def open_about(qtbot: Any) -> AboutDialog:
    window = MainWindow(AppSettings())
    qtbot.addWidget(window)
    window.show()
    about = window.action_set["help.about"]
    about.trigger()
    dialog = window.findChild(AboutDialog, "aboutDialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=HANG_MS)
    return dialog


def test_about_shows_versions_and_licence(qtbot: Any) -> None:
    dialog = open_about(qtbot)

    assert find(dialog, QLabel, "aboutVersion").text() == __version__
    assert find(dialog, QLabel, "aboutQt").text().startswith(qVersion())
    assert find(dialog, QLabel, "aboutPython").text().startswith(platform.python_version())
    assert find(dialog, QLabel, "aboutLicence").text() == "MIT"
    assert dialog.windowTitle() == "About Vody Desktop"
    assert dialog.windowModality() == Qt.WindowModality.WindowModal  # .open(), not exec()
    assert not dialog.windowIcon().isNull()


def test_copy_version_details_puts_them_on_the_clipboard(qtbot: Any) -> None:
    dialog = open_about(qtbot)
    QGuiApplication.clipboard().clear()

    dialog.copy_button.click()

    copied = QGuiApplication.clipboard().text()
    assert copied.splitlines()[0] == "Vody Desktop"
    assert f"Version: {__version__}" in copied
    assert f"Qt: {qVersion()}" in copied
    assert "Licence: MIT" in copied
    assert dialog.copy_button.text() == "Copied"


def test_closing_about_deletes_the_dialog(qtbot: Any) -> None:
    dialog = open_about(qtbot)
    window = dialog.parentWidget()
    assert window is not None

    with qtbot.waitSignal(dialog.destroyed, timeout=HANG_MS):
        dialog.reject()
        QApplication.processEvents()

    assert window.findChild(AboutDialog) is None
