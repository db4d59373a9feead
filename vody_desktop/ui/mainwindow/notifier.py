"""A quiet desktop notification when something the person waited for finishes in the background.

A tray balloon (`QSystemTrayIcon.showMessage`) where the desktop has a tray that shows messages;
otherwise the window asks for attention (`QApplication.alert`: a flashing taskbar entry). Nothing
happens while the window is in front, and `enabled = False` keeps tests silent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

from vody_desktop import APP_NAME
from vody_desktop.words import status_words

if TYPE_CHECKING:  # the lookups' code comes after the first paint (later_parts.py)
    from vody_desktop.api.models import InferenceStatus
    from vody_desktop.lookup import LookupRequest


class Notifier:
    """Tells the person about a finished wait when they are looking elsewhere."""

    def __init__(self, window: QWidget) -> None:
        self._window = window
        self._tray: QSystemTrayIcon | None = None
        self.enabled = True
        #: (title, text) of every notification sent, newest last (for tests and the log).
        self.sent: list[tuple[str, str]] = []

    def in_background(self) -> bool:
        window = self._window
        return not window.isActiveWindow() or window.isMinimized() or not window.isVisible()

    def wait_ended(self, request: LookupRequest, status: InferenceStatus) -> bool:
        """The inference waited for has finished (completed or failed)."""
        words = status_words(status.status)
        return self.notify_if_background(
            f"Inference {words.lower()}",
            f"{request.inference_id}: {words}. Open {APP_NAME} to see it.",
        )

    def notify_if_background(self, title: str, text: str) -> bool:
        """Notify unless the window is in front; True when a notification was sent."""
        if not self.enabled or not self.in_background():
            return False
        self.sent.append((title, text))
        if QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages():
            if self._tray is None:
                self._tray = QSystemTrayIcon(self._window.windowIcon(), self._window)
            self._tray.show()
            self._tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 10_000)
        else:
            QApplication.alert(self._window)
        return True
