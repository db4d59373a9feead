"""Text colours that stay readable on the palette in use, light or dark.

WCAG 2 asks for a contrast ratio of at least 4.5:1 between text and its background. Colours fixed
for a white page fail on a dark one (the Raw JSON keys were 2.1:1 on the dark base), so every
colour we choose is a *preference* (a hue that reads as "key", "text", "number"…) that
`readable_on` darkens or lightens until it passes on each background it is drawn on. The find
highlight is an opaque marker colour with dark text chosen for it, in both modes.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QColor, QPalette

MINIMUM_CONTRAST = 4.5

#: Preferred syntax colours on light and on dark backgrounds (adjusted by `readable_on`).
_LIGHT_SYNTAX = {
    "key": QColor(23, 80, 160),
    "string": QColor(20, 120, 50),
    "number": QColor(170, 70, 0),
    "literal": QColor(130, 40, 150),
}
_DARK_SYNTAX = {
    "key": QColor(138, 180, 248),
    "string": QColor(129, 201, 149),
    "number": QColor(252, 173, 112),
    "literal": QColor(215, 174, 251),
}
#: Find matches: a marker-pen yellow, and orange for the current one; opaque, so the text on
#: them has one known background.
FIND_BACKGROUND = QColor(255, 214, 10)
CURRENT_FIND_BACKGROUND = QColor(255, 150, 0)
_FIND_TEXT = QColor(0, 0, 0)
#: The Raw JSON view's selected lines and line-number strip, drawn over the base colour.
SELECTION_OVERLAY = QColor(51, 153, 255, 60)
GUTTER_OVERLAY = QColor(0, 0, 0, 18)
_GUTTER_TEXT = QColor(130, 130, 130)


def _channel(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an opaque colour (0 black … 1 white)."""
    return (
        0.2126 * _channel(colour.redF())
        + 0.7152 * _channel(colour.greenF())
        + 0.0722 * _channel(colour.blueF())
    )


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG 2 contrast ratio of two opaque colours, from 1 (same) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def blend(overlay: QColor, base: QColor) -> QColor:
    """`overlay` (possibly translucent) painted over the opaque `base`."""
    alpha = overlay.alphaF()
    return QColor.fromRgbF(
        overlay.redF() * alpha + base.redF() * (1 - alpha),
        overlay.greenF() * alpha + base.greenF() * (1 - alpha),
        overlay.blueF() * alpha + base.blueF() * (1 - alpha),
    )


def readable_on(
    preferred: QColor, backgrounds: Iterable[QColor], minimum: float = MINIMUM_CONTRAST
) -> QColor:
    """`preferred`, or the nearest colour of its hue that reaches `minimum` contrast on every
    background: darker on light backgrounds, lighter on dark ones."""
    grounds = [QColor(b) for b in backgrounds]
    if all(contrast_ratio(preferred, b) >= minimum for b in grounds):
        return QColor(preferred)
    mean = sum(relative_luminance(b) for b in grounds) / max(1, len(grounds))
    towards_black = mean > 0.18  # about where black and white text have equal contrast
    hue = max(0.0, preferred.hslHueF())
    saturation = preferred.hslSaturationF()
    lightness = preferred.lightnessF()
    for step in range(1, 101):
        shifted = (
            lightness * (1 - step / 100)
            if towards_black
            else (lightness + (1 - lightness) * step / 100)
        )
        candidate = QColor.fromHslF(hue, saturation, shifted)
        if all(contrast_ratio(candidate, b) >= minimum for b in grounds):
            return candidate
    return QColor(0, 0, 0) if towards_black else QColor(255, 255, 255)


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


def syntax_colours(palette: QPalette) -> dict[str, QColor]:
    """Raw JSON colours (key, string, number, literal) readable on `palette`'s base, also on
    selected lines."""
    base = palette.color(QPalette.ColorRole.Base)
    grounds = (base, blend(SELECTION_OVERLAY, base))
    preferred = _DARK_SYNTAX if is_dark(palette) else _LIGHT_SYNTAX
    return {kind: readable_on(colour, grounds) for kind, colour in preferred.items()}


def plain_text_colour(palette: QPalette) -> QColor:
    """The palette's text colour, made readable on its base and on selected lines."""
    base = palette.color(QPalette.ColorRole.Base)
    grounds = (base, blend(SELECTION_OVERLAY, base))
    return readable_on(palette.color(QPalette.ColorRole.Text), grounds)


def gutter_colours(palette: QPalette) -> tuple[QColor, QColor]:
    """(background, text) of the Raw JSON line numbers."""
    background = blend(GUTTER_OVERLAY, palette.color(QPalette.ColorRole.Base))
    return background, readable_on(_GUTTER_TEXT, (background,))


def find_text_colour(background: QColor) -> QColor:
    """The text colour on a find highlight of `background`."""
    return readable_on(_FIND_TEXT, (background,))
