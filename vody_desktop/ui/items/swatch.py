"""How a colour cell and the Match cell of the Items table look.

A hex colour cell shows a small rounded square of the colour left of its text. The square's 1 px
border is the grey that contrasts best with both the colour and the cell's background, so a white
swatch on the light table and a black one on the dark table still show their edge (WCAG 2.1's
"non-text contrast" asks for 3:1; see `border_colour` for what a grey can reach).

The Match cell reads "✓ 2.3" or "✗ 27.5"; its tooltip and accessible text say the same in words.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen

from vody_desktop.items.colours import ColourMatch, parse_hex
from vody_desktop.ui.result.contrast import relative_luminance

#: The square's side and the room around it inside a cell, in device-independent pixels.
SWATCH_SIDE: Final = 12
SWATCH_MARGIN: Final = 4
SWATCH_GAP: Final = 6
_RADIUS: Final = 2.5


def paint_swatch(
    painter: QPainter, rect: QRect, colour: str, background: QColor | None = None
) -> None:
    """Paint a rounded square of `colour` ("#rgb"/"#rrggbb") filling `rect`, with a 1 px border.

    `background` is what the square sits on (the selection colour on a selected row); by default
    the application palette's base colour. A `colour` that is not a hex colour paints nothing.
    """
    hex_colour = parse_hex(colour)
    if hex_colour is None or rect.isEmpty():
        return
    fill = QColor(hex_colour)
    ground = background or QGuiApplication.palette().color(QPalette.ColorRole.Base)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    pen = QPen(border_colour(fill, ground))
    pen.setWidthF(1.0)
    painter.setPen(pen)
    painter.setBrush(fill)
    # Half a pixel in: the 1 px line then covers whole pixels instead of blurring over two.
    painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), _RADIUS, _RADIUS)
    painter.restore()


def swatch_rects(cell: QRect) -> tuple[QRect, QRect]:
    """(the swatch's square, the rest for the text) in a colour cell: the square at the left,
    centred vertically, never taller than the cell."""
    side = max(0, min(SWATCH_SIDE, cell.height() - 2))
    square = QRect(
        cell.left() + SWATCH_MARGIN, cell.top() + (cell.height() - side) // 2, side, side
    )
    text = cell.adjusted(SWATCH_MARGIN + side + SWATCH_GAP, 0, 0, 0)
    return square, text


def border_colour(colour: QColor, background: QColor) -> QColor:
    """The grey whose lower contrast, against `colour` or against `background`, is highest.

    No single border colour can stand 3:1 off every colour and every background at once (WCAG
    contrast depends on luminance only: a colour midway between black and the background leaves
    no room), so this takes the best there is, and it is enough where it matters. Measured over
    all luminances on the light and dark bases and both selection colours:
    - a colour close to the background (under 3:1 from it, where only the border shows the
      square) gets a border at least 3.7:1 from both (5.5:1 on the bases);
    - otherwise the colour itself stands at least 3:1 off the background, and the border is still
      at least 2.5:1 from both.
    """
    level = _best_grey(relative_luminance(colour), relative_luminance(background))
    return QColor(level, level, level)


#: The relative luminance of each grey level, 0 to 255 (WCAG's formula, as in contrast.py).
_GREYS: Final = tuple(relative_luminance(QColor(level, level, level)) for level in range(256))


def _ratio(first: float, second: float) -> float:
    return (max(first, second) + 0.05) / (min(first, second) + 0.05)


@lru_cache(maxsize=1024)
def _best_grey(colour: float, background: float) -> int:
    # Plain floats, no QColor per candidate: about 0.1 ms for a new pair, paid once per pair.
    return max(
        range(256),
        key=lambda level: min(_ratio(_GREYS[level], colour), _ratio(_GREYS[level], background)),
    )


# -- the Match cell -------------------------------------------------------------------------


def match_text(match: ColourMatch) -> str:
    """The Match cell's text: "✓ 2.3" when the colours match, "✗ 27.5" when they do not."""
    return f"{'✓' if match.matches else '✗'} {match.difference:.1f}"


def match_description(match: ColourMatch, threshold: float | None = None) -> str:
    """The Match cell in plain words, for its tooltip and accessible text."""
    verdict = "matches" if match.matches else "does not match"
    facts = f"difference {match.difference:.1f}"
    if threshold is not None:
        facts += f", threshold {_number(threshold)}"
    return f"The predicted colour {verdict} the label ({facts})."


def _number(value: float) -> str:
    """10 -> "10", 7.5 -> "7.5": a threshold as a person typed it."""
    return f"{value:g}"
