"""Product pictures the sandbox serves: a simple shape per product type, in one colour.

A shoe, a dress, a sofa, a bag, a shirt… filled with the colour an item was labelled with (or
its top predicted colour), so a tester can judge a colour prediction by eye, offline. Drawn
with QImage and QPainter shapes only: no text, since the sandbox process has no
QGuiApplication (and so no fonts). QImage and QPainter on a QImage work on any thread; the
server draws through `asyncio.to_thread` and keeps the PNGs in a small cache.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QImageWriter, QPainter, QPainterPath, QPen, QPolygonF

SIZE: Final = 320
BACKGROUND: Final = "#F2F2EF"
OUTLINE: Final = "#3A3A3A"

Draw = Callable[[QPainter, QColor], None]


def _polygon(painter: QPainter, points: list[tuple[float, float]]) -> None:
    painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in points]))


def _shoe(painter: QPainter, fill: QColor) -> None:
    path = QPainterPath(QPointF(55, 130))
    path.lineTo(125, 130)
    path.cubicTo(150, 175, 185, 185, 235, 190)
    path.cubicTo(275, 195, 290, 215, 288, 245)
    path.lineTo(50, 245)
    path.closeSubpath()
    painter.drawPath(path)
    painter.setBrush(fill.darker(150))
    painter.drawRoundedRect(QRectF(44, 238, 250, 22), 8, 8)


def _dress(painter: QPainter, fill: QColor) -> None:
    _polygon(
        painter,
        [
            (118, 45),
            (140, 45),
            (160, 72),
            (180, 45),
            (202, 45),
            (205, 115),
            (182, 150),
            (255, 285),
            (65, 285),
            (138, 150),
            (115, 115),
        ],
    )


def _sofa(painter: QPainter, fill: QColor) -> None:
    painter.drawRoundedRect(QRectF(60, 95, 200, 95), 16, 16)
    painter.drawRoundedRect(QRectF(60, 170, 200, 55), 10, 10)
    painter.drawRoundedRect(QRectF(30, 135, 48, 100), 14, 14)
    painter.drawRoundedRect(QRectF(242, 135, 48, 100), 14, 14)
    painter.setBrush(fill.darker(160))
    painter.drawRect(QRectF(45, 235, 14, 30))
    painter.drawRect(QRectF(261, 235, 14, 30))


def _bag(painter: QPainter, fill: QColor) -> None:
    painter.save()
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(fill.darker(130), 14))
    painter.drawArc(QRectF(105, 60, 110, 140), 0, 180 * 16)
    painter.restore()
    painter.drawRoundedRect(QRectF(65, 130, 190, 145), 22, 22)
    painter.setBrush(fill.darker(150))
    painter.drawRect(QRectF(150, 150, 20, 16))


def _shirt(painter: QPainter, fill: QColor) -> None:
    path = QPainterPath(QPointF(100, 60))
    path.lineTo(132, 60)
    path.quadTo(160, 95, 188, 60)
    for x, y in [
        (220, 60),
        (282, 112),
        (252, 148),
        (226, 128),
        (226, 275),
        (94, 275),
        (94, 128),
        (68, 148),
        (38, 112),
    ]:
        path.lineTo(x, y)
    path.closeSubpath()
    painter.drawPath(path)


def _rug(painter: QPainter, fill: QColor) -> None:
    painter.drawRect(QRectF(55, 80, 210, 160))
    painter.save()
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(fill.darker(150), 6))
    painter.drawRect(QRectF(75, 100, 170, 120))
    painter.drawEllipse(QRectF(130, 130, 60, 60))
    painter.setPen(QPen(QColor(OUTLINE), 3))
    for x in range(60, 265, 14):
        painter.drawLine(QPointF(x, 240), QPointF(x, 256))
        painter.drawLine(QPointF(x, 64), QPointF(x, 80))
    painter.restore()


def _scarf(painter: QPainter, fill: QColor) -> None:
    painter.save()
    painter.translate(160, 160)
    painter.rotate(-35)
    painter.drawRoundedRect(QRectF(-150, -32, 300, 64), 10, 10)
    painter.setPen(QPen(QColor(OUTLINE), 3))
    for y in range(-26, 30, 10):
        painter.drawLine(QPointF(150, y), QPointF(168, y))
        painter.drawLine(QPointF(-150, y), QPointF(-168, y))
    painter.restore()


def _lamp(painter: QPainter, fill: QColor) -> None:
    painter.save()
    painter.setBrush(QColor(OUTLINE))
    painter.drawRect(QRectF(154, 160, 12, 90))
    painter.restore()
    _polygon(painter, [(115, 60), (205, 60), (245, 165), (75, 165)])
    painter.setBrush(fill.darker(140))
    painter.drawEllipse(QRectF(105, 240, 110, 30))


def _curtains(painter: QPainter, fill: QColor) -> None:
    painter.save()
    painter.setPen(QPen(QColor(OUTLINE), 8))
    painter.drawLine(QPointF(30, 55), QPointF(290, 55))
    painter.restore()
    for left in (40, 170):
        path = QPainterPath(QPointF(left, 60))
        path.lineTo(left + 110, 60)
        path.cubicTo(left + 70, 140, left + 95, 220, left + 110, 280)
        path.lineTo(left, 280)
        path.closeSubpath()
        painter.drawPath(path)


def _box(painter: QPainter, fill: QColor) -> None:
    painter.drawRoundedRect(QRectF(70, 70, 180, 180), 24, 24)


SHAPES: Final[dict[str, Draw]] = {
    "shoe": _shoe,
    "dress": _dress,
    "sofa": _sofa,
    "bag": _bag,
    "shirt": _shirt,
    "rug": _rug,
    "scarf": _scarf,
    "lamp": _lamp,
    "curtains": _curtains,
    "box": _box,
}


@functools.lru_cache(maxsize=512)
def product_png(shape: str, colour: str) -> bytes:
    """A SIZE x SIZE PNG of `shape` filled with `colour` ("#RRGGBB"); deterministic, cached."""
    draw = SHAPES.get(shape, _box)
    image = QImage(SIZE, SIZE, QImage.Format.Format_RGB32)
    image.fill(QColor(BACKGROUND))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = QColor(colour)
        painter.setBrush(fill)
        painter.setPen(
            QPen(
                QColor(OUTLINE),
                4,
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
                Qt.PenJoinStyle.RoundJoin,
            )
        )
        draw(painter, fill)
    finally:
        painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not QImageWriter(buffer, QByteArray(b"png")).write(image):
        raise RuntimeError("could not encode the picture as PNG")
    buffer.close()
    return bytes(data.data())
