"""The main window's size: never larger than the screen it opens on.

At 200 % scale a 2560x1440 screen is 1280x720 logical pixels, less a task bar; a fixed default
of 1280x780 put Export, the status bar and the Details' Copy button below the edge. The default
size is the preferred one cut to the screen's available geometry (`QScreen.availableGeometry`,
which leaves out task bars and docks), less the window frame; a restored size is cut the same
way (the last session may have run on a larger screen). The frame's real size is known only
once the window is shown, so the fit is checked again then.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

PREFERRED_SIZE = QSize(1280, 780)
#: Frame and title bar of a typical window manager, until the real ones are known.
ESTIMATED_FRAME = QSize(16, 40)


def available_geometry(window: QWidget) -> QRect:
    """The part of the window's screen that windows may use."""
    screen: QScreen | None = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 720)


def fitted_size(wanted: QSize, available: QSize, frame: QSize) -> QSize:
    """`wanted` cut so that it and its `frame` fit into `available`."""
    return QSize(
        max(1, min(wanted.width(), available.width() - frame.width())),
        max(1, min(wanted.height(), available.height() - frame.height())),
    )


def fit_to_screen(window: QWidget, *, restored: bool) -> None:
    """Give `window` its default size (unless a size was `restored`) within the screen, and
    check again with the real frame when it is first shown."""
    available = available_geometry(window)
    wanted = window.size() if restored else PREFERRED_SIZE
    size = fitted_size(wanted, available.size(), ESTIMATED_FRAME)
    if not restored or size != window.size():
        window.resize(size)
        _center(window, available)
    _FitOnFirstShow(window)


def keep_on_screen(window: QWidget) -> None:
    """Shrink and move `window` so that its frame lies within the available geometry."""
    available = available_geometry(window)
    frame = window.frameGeometry()
    if available.contains(frame):
        return
    extra = frame.size() - window.size()
    window.resize(fitted_size(window.size(), available.size(), extra))
    _center(window, available)


def _center(window: QWidget, available: QRect) -> None:
    frame = window.frameGeometry()
    extra = frame.size() - window.size()
    left = available.left() + max(0, (available.width() - window.width() - extra.width()) // 2)
    top = available.top() + max(0, (available.height() - window.height() - extra.height()) // 2)
    window.move(QPoint(left, top))


class _FitOnFirstShow(QObject):
    """Runs `keep_on_screen` once, after the window is first shown (the frame is known)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Show:
            self._window.removeEventFilter(self)
            # After the window manager has placed the frame.
            QTimer.singleShot(0, self._fit)
        return False

    def _fit(self) -> None:
        keep_on_screen(self._window)
        self.deleteLater()
