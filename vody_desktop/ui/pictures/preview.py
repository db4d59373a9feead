"""`PicturePreview`: a picture shown large in a frameless popup next to its cell.

It shows the loader's large version, "Loading picture…" until it arrives, or the reason it
could not be shown. Esc, Space or a click anywhere else closes it (a Qt popup closes itself on
an outside click and gives the focus back to the view).
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QImage, QKeyEvent, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from vody_desktop.ui.pictures.loader import PictureLoader

LOADING: Final = "Loading picture…"
#: Room for the message when there is no picture yet.
_TEXT_SIZE: Final = QSize(320, 120)


class PicturePreview(QFrame):
    """The large picture of one link; `show_for` opens it, any of Esc, Space, a click closes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("picturePreview")
        self.setAccessibleName("Picture preview")
        self.setFrameShape(QFrame.Shape.Box)
        self._label = QLabel(self)
        self._label.setObjectName("picturePreviewLabel")
        self._label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._label.setWordWrap(True)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(4, 4, 4, 4)
        self._layout.addWidget(self._label)
        self._url: str | None = None
        self._anchor = QRect()
        self._loader: PictureLoader | None = None

    @property
    def url(self) -> str | None:
        return self._url

    def text(self) -> str:
        """What the popup says instead of a picture ("" while it shows one)."""
        return self._label.text()

    def showing_picture(self) -> bool:
        pixmap = self._label.pixmap()
        return not pixmap.isNull()

    def show_for(self, url: str, anchor: QRect, loader: PictureLoader) -> None:
        """Show `url`'s large picture next to `anchor` (global coordinates, e.g. the cell's)."""
        if self._loader is not loader:
            if self._loader is not None:
                self._loader.largeReady.disconnect(self._on_loader_largeReady)
            loader.largeReady.connect(self._on_loader_largeReady)
            self._loader = loader
        self._url = url
        self._anchor = QRect(anchor)
        self._update(loader.large(url))
        self.show()  # a popup comes on top and takes the keyboard by itself

    def _on_loader_largeReady(self, url: str) -> None:
        if url == self._url and self._loader is not None and self.isVisible():
            self._update(self._loader.large(url))

    def _update(self, image: QImage | None) -> None:
        assert self._loader is not None
        assert self._url is not None
        if image is not None:
            # Only here, on the UI thread, does a QImage become a QPixmap.
            self._label.setPixmap(QPixmap.fromImage(image))
            self._label.setToolTip(self._url)
            size = image.deviceIndependentSize().toSize()
        else:
            self._label.setPixmap(QPixmap())
            self._label.setText(self._loader.failure(self._url) or LOADING)
            self._label.setToolTip("")
            size = _TEXT_SIZE
        margins = self.contentsMargins() + self._layout.contentsMargins()
        self.resize(size.grownBy(margins))
        self.move(self._position())

    def _position(self) -> QPoint:
        """Right of the anchor when it fits on its screen, else left of it; kept on screen."""
        screen = QGuiApplication.screenAt(self._anchor.center()) or QGuiApplication.primaryScreen()
        room = screen.availableGeometry()
        x = self._anchor.right() + 8
        if x + self.width() > room.right():
            x = self._anchor.left() - 8 - self.width()
        x = max(room.left(), min(x, room.right() - self.width()))
        y = max(room.top(), min(self._anchor.top(), room.bottom() - self.height()))
        return QPoint(x, y)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Space):
            self.close()
            event.accept()
            return
        super().keyPressEvent(event)
