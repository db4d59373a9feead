"""`ElidedLabel`: one line of text that is cut in the middle to fit, never wider than its place.

A JSON path has no spaces to wrap at, and a plain `QLabel` asks for the width of its whole text:
a 10,000-level path asked for a window 246,000 px wide. This label keeps the full text (its
`text()`, what assistive technology reads, the tooltip and what "Copy" puts on the clipboard) and
only paints it shortened, "$[0].a…[0].b", so its size hints never depend on the text.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from vody_desktop.words import tooltip_for

#: The widest this label asks to be (it takes more when the layout has room to give).
PREFERRED_WIDTH = 360
MINIMUM_WIDTH = 60


class ElidedLabel(QLabel):
    """A single-line plain-text label elided in the middle; Copy (Ctrl+C, menu) copies it all."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)  # a key in a path is not markup
        self.setWordWrap(False)
        # Ignored: the layout gives this label what is left; its text never asks for more.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.copy_action = QAction("&Copy", self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self.copy_text)
        self.addAction(self.copy_action)
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        """Show `text` (shortened to fit); the tooltip and Copy have all of it."""
        self.setText(text)
        self.setToolTip(tooltip_for(text) if text else "")
        self.copy_action.setEnabled(bool(text))
        self.update()

    def copy_text(self) -> None:
        if self.text():
            QGuiApplication.clipboard().setText(self.text())

    def shown_text(self) -> str:
        """The text as painted at the current width."""
        rect = self.contentsRect()
        indent = max(0, self.indent()) + self.margin()
        width = max(0, rect.width() - 2 * indent)
        line = self.text().replace("\n", " ")
        return self.fontMetrics().elidedText(line, Qt.TextElideMode.ElideMiddle, width)

    # -- size: never from the text ---------------------------------------------------------
    def sizeHint(self) -> QSize:
        # Measured on the start only: laying out a 45,000-character path costs time for nothing.
        indent = max(0, self.indent()) + self.margin()
        margins = self.contentsMargins()
        text = self.text()[: PREFERRED_WIDTH // 2]
        width = self.fontMetrics().horizontalAdvance(text) + 2 * indent
        width += margins.left() + margins.right()
        return QSize(max(MINIMUM_WIDTH, min(width, PREFERRED_WIDTH)), self._line_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(MINIMUM_WIDTH, self._line_height())

    def heightForWidth(self, _width: int) -> int:
        return self._line_height()

    def _line_height(self) -> int:
        margins = self.contentsMargins()
        return self.fontMetrics().height() + 2 * self.margin() + margins.top() + margins.bottom()

    def paintEvent(self, event: QPaintEvent) -> None:
        del event
        if not self.text():  # nothing to draw (asking the style would cost the first paint
            return  # PySide6's making QStyle's Python enums, about 10 ms)
        painter = QPainter(self)
        rect = self.contentsRect()
        indent = max(0, self.indent()) + self.margin()
        rect.adjust(indent, self.margin(), -indent, -self.margin())
        self.style().drawItemText(
            painter,
            rect,
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            self.shown_text(),
            self.foregroundRole(),
        )
        painter.end()
