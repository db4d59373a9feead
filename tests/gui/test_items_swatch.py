"""The Items table's colour swatch, read back from the pixels it paints in the light and the dark
theme, and the Match cell's text and words."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPalette

from vody_desktop.items.colours import ColourMatch, match_colours
from vody_desktop.ui.appearance import apply_theme, dark_palette, light_palette
from vody_desktop.ui.items.swatch import (
    SWATCH_SIDE,
    border_colour,
    match_description,
    match_text,
    paint_swatch,
    swatch_rects,
)
from vody_desktop.ui.result.contrast import contrast_ratio

#: WCAG 2.1 non-text contrast (1.4.11): a swatch's edge must stand out from what touches it.
NON_TEXT_CONTRAST = 3.0
#: White, black, the dark table's own base, a pale beige, navy, red, a mid grey.
COLOURS = ["#FFFFFF", "#000000", "#1F1F1F", "#F5F5DC", "#000080", "#FE2934", "#808080"]
SQUARE = QRect(10, 10, 16, 16)


@pytest.fixture(params=["light", "dark"])
def themed(request: pytest.FixtureRequest, qapp: Any) -> Iterator[str]:
    """The app in the light or dark theme, as Preferences > Light or dark sets it."""
    apply_theme(qapp, request.param)
    yield request.param
    apply_theme(qapp, "system")


def painted(colour: str, background: QColor, *, pass_background: bool) -> QImage:
    """A 36x36 picture of the table's background with one swatch painted on it."""
    image = QImage(36, 36, QImage.Format.Format_ARGB32)
    image.fill(background)
    painter = QPainter(image)
    paint_swatch(painter, SQUARE, colour, background if pass_background else None)
    painter.end()
    return image


def table_base() -> QColor:
    return QGuiApplication.palette().color(QPalette.ColorRole.Base)


@pytest.mark.parametrize("colour", COLOURS)
def test_the_swatch_shows_its_colour_inside_a_border_that_stands_out(
    themed: str, colour: str
) -> None:
    base = table_base()
    assert (base.lightnessF() < 0.5) == (themed == "dark")
    image = painted(colour, base, pass_background=False)
    centre = SQUARE.center()
    assert image.pixelColor(centre).name().upper() == colour
    # The middle of each straight edge is a whole pixel of the border (not blurred over two).
    middle_y = SQUARE.top() + SQUARE.height() // 2
    middle_x = SQUARE.left() + SQUARE.width() // 2
    edges = [
        image.pixelColor(SQUARE.left(), middle_y),
        image.pixelColor(SQUARE.right(), middle_y),
        image.pixelColor(middle_x, SQUARE.top()),
        image.pixelColor(middle_x, SQUARE.bottom()),
    ]
    border = edges[0]
    assert {edge.rgb() for edge in edges} == {border.rgb()}
    assert border.rgb() == border_colour(QColor(colour), base).rgb()
    the_square_stands_out(QColor(colour), border, base)
    # Nothing is painted outside the square.
    assert image.pixelColor(SQUARE.left() - 1, middle_y).rgb() == base.rgb()
    assert image.pixelColor(SQUARE.right() + 1, middle_y).rgb() == base.rgb()


def test_the_rounded_corners_leave_the_background_showing(themed: str) -> None:
    base = table_base()
    image = painted("#FE2934", base, pass_background=False)
    corner = image.pixelColor(SQUARE.topLeft())
    assert corner.rgb() != QColor("#FE2934").rgb()
    assert corner.rgb() != border_colour(QColor("#FE2934"), base).rgb()


def test_on_a_selected_row_the_border_stands_out_from_the_selection(themed: str) -> None:
    selection = QGuiApplication.palette().color(QPalette.ColorRole.Highlight)
    image = painted("#2F65CA", selection, pass_background=True)
    border = image.pixelColor(SQUARE.left(), SQUARE.top() + SQUARE.height() // 2)
    # The colour of the dark theme's selection itself: only the border shows the square.
    assert contrast_ratio(border, selection) >= NON_TEXT_CONTRAST
    assert contrast_ratio(border, QColor("#2F65CA")) >= NON_TEXT_CONTRAST


def test_short_hex_and_lower_case_paint_the_same_colour(qapp: Any) -> None:
    base = QColor("#FFFFFF")
    long_form = painted("#AABBCC", base, pass_background=True)
    assert painted("#abc", base, pass_background=True) == long_form


@pytest.mark.parametrize("text", ["red", "", "#FE29", "n/a"])
def test_a_value_that_is_not_a_hex_colour_paints_nothing(qapp: Any, text: str) -> None:
    base = QColor("#FFFFFF")
    blank = QImage(36, 36, QImage.Format.Format_ARGB32)
    blank.fill(base)
    assert painted(text, base, pass_background=True) == blank


def the_square_stands_out(colour: QColor, border: QColor, ground: QColor) -> None:
    """What a person needs: the square's edge shows against the background (through the colour
    or, when the colour is close to the background, through the border), and the border is never
    lost against either (no grey can stand 3:1 off both for every colour; see border_colour)."""
    label = f"{colour.name()} on {ground.name()}, border {border.name()}"
    if contrast_ratio(colour, ground) < NON_TEXT_CONTRAST:
        assert contrast_ratio(border, ground) >= NON_TEXT_CONTRAST, label
        assert contrast_ratio(border, colour) >= NON_TEXT_CONTRAST, label
    assert contrast_ratio(border, ground) >= 2.5, label
    assert contrast_ratio(border, colour) >= 2.5, label


@pytest.mark.parametrize("level", range(0, 256, 15))
def test_the_square_stands_out_on_every_background_the_table_uses(qapp: Any, level: int) -> None:
    light, dark = light_palette(qapp), dark_palette()
    grounds = [
        light.color(QPalette.ColorRole.Base),
        light.color(QPalette.ColorRole.Highlight),
        dark.color(QPalette.ColorRole.Base),
        dark.color(QPalette.ColorRole.Highlight),
    ]
    colours = [
        QColor(level, level, level),
        QColor(level, 0, 0),
        QColor(0, level, 0),
        QColor(0, 0, level),
        QColor(255, level, 255 - level),
        QColor(level, 255, 255 - level),
    ]
    for ground in grounds:
        for colour in colours:
            the_square_stands_out(colour, border_colour(colour, ground), ground)


def test_the_swatch_sits_left_of_the_text_centred_in_the_cell(qapp: Any) -> None:
    cell = QRect(100, 40, 120, 22)
    square, text = swatch_rects(cell)
    assert square.width() == square.height() == SWATCH_SIDE
    assert cell.contains(square)
    assert square.left() > cell.left()
    assert abs(square.center().y() - cell.center().y()) <= 1
    assert text.left() > square.right()
    assert (text.top(), text.bottom(), text.right()) == (cell.top(), cell.bottom(), cell.right())


def test_in_a_short_row_the_swatch_shrinks_to_fit(qapp: Any) -> None:
    cell = QRect(0, 0, 80, 8)
    square, _ = swatch_rects(cell)
    assert cell.contains(square)
    assert square.height() == square.width() < SWATCH_SIDE


# -- the Match cell ---------------------------------------------------------------------------


def test_match_text_is_a_tick_or_a_cross_and_the_difference() -> None:
    assert match_text(ColourMatch(2.34, True)) == "✓ 2.3"
    assert match_text(ColourMatch(27.46, False)) == "✗ 27.5"
    assert match_text(ColourMatch(0.0, True)) == "✓ 0.0"


def test_match_description_says_it_in_words() -> None:
    assert match_description(ColourMatch(2.34, True), threshold=10) == (
        "The predicted colour matches the label (difference 2.3, threshold 10)."
    )
    assert match_description(ColourMatch(27.46, False), threshold=7.5) == (
        "The predicted colour does not match the label (difference 27.5, threshold 7.5)."
    )
    assert match_description(ColourMatch(27.46, False)) == (
        "The predicted colour does not match the label (difference 27.5)."
    )


def test_the_text_and_words_follow_the_verdict() -> None:
    match = match_colours("#FE2934", "#4169E1", threshold=10)
    assert match_text(match).startswith("✗ ")
    assert "does not match" in match_description(match, 10)


def test_on_a_high_dpi_screen_the_border_is_crisp_and_stays_inside(qapp: Any) -> None:
    base = QColor("#FFFFFF")
    image = QImage(72, 72, QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(2)
    image.fill(base)
    painter = QPainter(image)
    paint_swatch(painter, SQUARE, "#F5F5DC", base)
    painter.end()
    border = border_colour(QColor("#F5F5DC"), base)
    middle = 2 * (SQUARE.top() + SQUARE.height() // 2)
    left, right = 2 * SQUARE.left(), 2 * (SQUARE.right() + 1) - 1
    # Two device pixels of border on each side, the colour inside, the background outside.
    assert [image.pixelColor(x, middle).rgb() for x in (left, left + 1, right - 1, right)] == [
        border.rgb()
    ] * 4
    assert image.pixelColor(left + 2, middle).name().upper() == "#F5F5DC"
    assert image.pixelColor(left - 1, middle).rgb() == base.rgb()
    assert image.pixelColor(right + 1, middle).rgb() == base.rgb()
