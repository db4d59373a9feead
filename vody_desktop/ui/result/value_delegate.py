"""`ValueDelegate`: paints find matches highlighted and numbers aligned on their last digit.

Numbers are right-aligned inside a fixed-width box at the left of the Value column (about 14
digits wide), so a column of numbers lines up on its last digit without drifting to the far
edge of a wide column, away from its key. Matched text gets an opaque marker-pen background
and a text colour chosen for it (ui/contrast.py), readable in light and dark mode alike.
Everything else is painted by the standard delegate.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from vody_desktop.document.node import JsonNode, NodeKind
from vody_desktop.ui.result.contrast import FIND_BACKGROUND, find_text_colour
from vody_desktop.ui.result.json_tree_model import NODE_ROLE, VALUE_COLUMN

NUMBER_BOX_DIGITS = 14
HIGHLIGHT = FIND_BACKGROUND
HIGHLIGHT_TEXT = find_text_colour(FIND_BACKGROUND)


class ValueDelegate(QStyledItemDelegate):
    """Key, Value and Type cells: highlights `pattern` matches, aligns numbers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pattern: re.Pattern[str] | None = None

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        number = False
        if index.column() == VALUE_COLUMN:
            node = index.data(NODE_ROLE)
            number = isinstance(node, JsonNode) and node.kind is NodeKind.NUMBER
        spans = self._spans(text) if index.column() < 2 else []
        if not spans and not number:
            super().paint(painter, option, index)
            return
        widget = opt.widget
        style = widget.style()
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        rect = rect.adjusted(3, 0, -3, 0)
        metrics = opt.fontMetrics
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        left = rect.left()
        if number:
            box = max(metrics.horizontalAdvance("0" * NUMBER_BOX_DIGITS), 0)
            width = metrics.horizontalAdvance(shown)
            left = rect.left() + max(0, min(box, rect.width()) - width)
        painter.save()
        painter.setFont(opt.font)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(opt.palette.color(role))
        text_rect = QRect(left, rect.top(), rect.right() - left + 1, rect.height())
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(text_rect, int(flags), shown)
        # Matches on top: the marker hides the text under it, which is drawn again in a
        # colour that reads on the marker (the palette's text may be light, in dark mode).
        painter.setPen(HIGHLIGHT_TEXT)
        for start, end in spans:
            if start >= len(shown):
                break
            end = min(end, len(shown))
            x = left + metrics.horizontalAdvance(shown[:start])
            w = metrics.horizontalAdvance(shown[start:end])
            painter.fillRect(QRect(x, rect.top() + 1, w, rect.height() - 2), HIGHLIGHT)
            piece_rect = QRect(x, rect.top(), w + 1, rect.height())
            painter.drawText(piece_rect, int(flags), shown[start:end])
        painter.restore()

    def _spans(self, text: str) -> list[tuple[int, int]]:
        if self.pattern is None or not text:
            return []
        return [m.span() for m in self.pattern.finditer(text) if m.end() > m.start()][:50]
