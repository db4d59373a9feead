"""`ItemsDelegate`: how the Items table paints a cell: a thumbnail for a picture link, a swatch
beside a hex colour, the Match verdict; plain text for everything else.

Pictures come from the `PictureLoader`: a cell asks for its thumbnail as it is painted (which
starts the load) and is painted again when `thumbnailReady` says it arrived. While loading, the
cell shows the link's text; a picture that could not be loaded shows a plain "No picture" box,
and its tooltip says why.

A comparison's What changed cell wraps its words onto the lines a row has room for (two or
three beside a thumbnail; the last line ends in "…" when more is left), where the other cells
keep to one line.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QHelpEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from vody_desktop.items.colours import parse_hex
from vody_desktop.items.columns import Column, Role
from vody_desktop.ui.items.items_model import CHANGES_ID, ItemsTableModel
from vody_desktop.ui.items.swatch import paint_swatch, swatch_rects
from vody_desktop.ui.pictures.loader import PictureLoader

_Index = QModelIndex | QPersistentModelIndex
PADDING = 3
FAILED_TEXT = "No picture"


class ItemsDelegate(QStyledItemDelegate):
    """Paints picture cells with their thumbnails; the rest as the style does."""

    def __init__(
        self, model: ItemsTableModel, loader: PictureLoader | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._loader = loader
        # Per column: is it pictures, colours, or plain (plain cells go straight to the style).
        self._kinds: list[str] = []
        model.modelReset.connect(self._on_model_reset)

    def _on_model_reset(self) -> None:
        self._kinds = [_kind(column) for column in self._model.columns]

    def painted_columns(self) -> list[int]:
        """The columns this delegate paints (pictures, colours, Match); the view's own C++
        delegate paints the rest, without a call into Python per cell."""
        return [number for number, kind in enumerate(self._kinds) if kind != _PLAIN]

    def set_loader(self, loader: PictureLoader | None) -> None:
        self._loader = loader

    def picture_url(self, index: _Index) -> str | None:
        """The link of a picture cell (None for other cells and for empty ones)."""
        column = index.column()
        if column >= len(self._kinds) or self._kinds[column] != _PICTURE:
            return None
        text = index.data(Qt.ItemDataRole.ToolTipRole)
        return text if isinstance(text, str) and text else None

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        column = index.column()
        kind = self._kinds[column] if column < len(self._kinds) else _PLAIN
        if kind == _PLAIN:
            super().paint(painter, option, index)
            return
        if kind == _WRAPPED:
            self._paint_wrapped(painter, option, index)
            return
        url = self.picture_url(index)
        loader = self._loader
        if url is None or loader is None or not loader.enabled:
            text = index.data(Qt.ItemDataRole.DisplayRole)
            if isinstance(text, str) and text.startswith("#") and parse_hex(text) is not None:
                self._paint_colour(painter, option, index, text)
            else:
                super().paint(painter, option, index)
            return
        image = loader.thumbnail(url)
        failure = loader.failure(url) if image is None else None
        if image is None and failure is None:
            super().paint(painter, option, index)  # the link's text while it loads
            return
        # The background and selection as the style paints them, then the picture.
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""
        style = background.widget.style() if background.widget is not None else None
        if style is not None:
            style.drawControl(
                QStyle.ControlElement.CE_ItemViewItem, background, painter, background.widget
            )
        area = option.rect.adjusted(PADDING, PADDING, -PADDING, -PADDING)
        painter.save()
        if image is not None:
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(area.topLeft(), size)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, image)
        else:
            box = QRect(area.topLeft(), area.size().boundedTo(area.size()))
            box.setWidth(min(area.width(), max(area.height(), 80)))
            painter.setPen(option.palette.color(QPalette.ColorRole.Mid))
            painter.drawRect(box.adjusted(0, 0, -1, -1))
            painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, FAILED_TEXT)
        painter.restore()

    def _paint_wrapped(
        self, painter: QPainter, option: QStyleOptionViewItem, index: _Index
    ) -> None:
        """The cell as the style paints it, its text wrapped at spaces."""
        wrapped = QStyleOptionViewItem(option)
        self.initStyleOption(wrapped, index)
        wrapped.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        style = wrapped.widget.style() if wrapped.widget is not None else None
        if style is not None:
            style.drawControl(
                QStyle.ControlElement.CE_ItemViewItem, wrapped, painter, wrapped.widget
            )

    def _paint_colour(
        self, painter: QPainter, option: QStyleOptionViewItem, index: _Index, colour: str
    ) -> None:
        """A swatch of the colour left of its text."""
        square, text_area = swatch_rects(option.rect)
        shifted = QStyleOptionViewItem(option)
        shifted.rect = option.rect  # the background and selection over the whole cell
        self.initStyleOption(shifted, index)
        shifted.text = ""
        style = shifted.widget.style() if shifted.widget is not None else None
        if style is not None:
            style.drawControl(
                QStyle.ControlElement.CE_ItemViewItem, shifted, painter, shifted.widget
            )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active
        ground = option.palette.color(
            group, QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base
        )
        paint_swatch(painter, square, colour, ground)
        pen = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(option.palette.color(group, pen))
        painter.drawText(
            text_area, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), colour
        )
        painter.restore()

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: _Index,
    ) -> bool:
        url = self.picture_url(index)
        if url is not None and self._loader is not None:
            failure = self._loader.failure(url)
            if failure:
                QToolTip.showText(event.globalPos(), f"{url}\n{failure}", view)
                return True
        return super().helpEvent(event, view, option, index)


_PICTURE, _COLOUR, _PLAIN, _WRAPPED = "picture", "colour", "plain", "wrapped"


def _kind(column: Column) -> str:
    if column.id == CHANGES_ID:
        return _WRAPPED
    if column.role is Role.PICTURE:
        return _PICTURE
    if column.role is Role.MATCH:
        return _PLAIN  # text as the model gives it
    if any(isinstance(value, str) and parse_hex(value) is not None for value in column.samples):
        return _COLOUR
    return _PLAIN
