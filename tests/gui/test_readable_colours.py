"""Every text colour of the Raw JSON view and the find highlight reaches WCAG's 4.5:1 against
its background, in the light and the dark palette the app uses, computed from those palettes
and read back from the pixels the view paints."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

from vody_desktop.ui.appearance import apply_theme, dark_palette, light_palette
from vody_desktop.ui.result.contrast import (
    CURRENT_FIND_BACKGROUND,
    FIND_BACKGROUND,
    MINIMUM_CONTRAST,
    SELECTION_OVERLAY,
    blend,
    contrast_ratio,
    find_text_colour,
    readable_on,
)
from vody_desktop.ui.result.raw_view import RawColours, RawJsonView
from vody_desktop.ui.result.value_delegate import HIGHLIGHT, HIGHLIGHT_TEXT

LINE = '{"colour": "blue", "score": 0.25, "ok": true}'
TOKENS = {"key": '"colour"', "string": '"blue"', "number": "0.25", "literal": "true"}


def app_palettes(app: QApplication) -> dict[str, QPalette]:
    """The two palettes the app paints with (see ui/appearance.py)."""
    return {"light": light_palette(app), "dark": dark_palette()}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_raw_json_text_colours_reach_4_5_to_1_on_plain_and_selected_lines(
    qapp: Any, scheme: str
) -> None:
    palette = app_palettes(qapp)[scheme]
    base = palette.color(QPalette.ColorRole.Base)
    selected = blend(SELECTION_OVERLAY, base)
    colours = RawColours.for_palette(palette)
    texts = {**colours.syntax, "plain": colours.text}
    for name, colour in texts.items():
        for ground in (base, selected):
            ratio = contrast_ratio(colour, ground)
            assert ratio >= MINIMUM_CONTRAST, f"{scheme} {name}: {ratio:.2f}:1"
    gutter = contrast_ratio(colours.gutter_text, colours.gutter_back)
    assert gutter >= MINIMUM_CONTRAST, f"{scheme} line numbers: {gutter:.2f}:1"


def test_the_dark_palette_gets_its_own_syntax_colours(qapp: Any) -> None:
    light = RawColours.for_palette(light_palette(qapp)).syntax
    dark = RawColours.for_palette(dark_palette()).syntax
    for kind in TOKENS:
        # On the dark base the colours are lighter than the text around them is dark.
        assert dark[kind].lightnessF() > light[kind].lightnessF(), kind


@pytest.mark.parametrize("background", [FIND_BACKGROUND, CURRENT_FIND_BACKGROUND])
def test_find_highlight_text_reaches_4_5_to_1(background: QColor) -> None:
    assert background.alpha() == 255  # opaque: the text on it has one known background
    assert contrast_ratio(find_text_colour(background), background) >= MINIMUM_CONTRAST
    assert contrast_ratio(HIGHLIGHT_TEXT, HIGHLIGHT) >= MINIMUM_CONTRAST


@pytest.mark.parametrize(
    ("preferred", "ground"),
    [("#175090", "#1f1f1f"), ("#8ab4f8", "#ffffff"), ("#ffd60a", "#ffd60a"), ("#777", "#777")],
)
def test_readable_on_always_reaches_the_minimum(preferred: str, ground: str) -> None:
    colour = readable_on(QColor(preferred), [QColor(ground)])
    assert contrast_ratio(colour, QColor(ground)) >= MINIMUM_CONTRAST


# -- the pixels the Raw JSON view paints -------------------------------------------------------


@pytest.fixture(params=["light", "dark"])
def themed(request: pytest.FixtureRequest, qapp: Any) -> Iterator[str]:
    """The app in the light or dark theme, as Preferences > Light or dark sets it."""
    apply_theme(qapp, request.param)
    yield request.param
    apply_theme(qapp, "system")


def best_contrast(image: QImage, left: int, right: int, height: int, ground: QColor) -> float:
    """The highest contrast of any pixel in columns [left, right) against `ground`: the core of
    the glyphs, which is drawn in the pen's own colour."""
    best = 1.0
    for y in range(height):
        for x in range(max(0, left), min(image.width(), right)):
            best = max(best, contrast_ratio(image.pixelColor(x, y), ground))
    return best


def test_painted_tokens_and_find_matches_read_well(qtbot: Any, run_async: Any, themed: str) -> None:
    view = RawJsonView()
    qtbot.addWidget(view)
    view.resize(700, 120)
    view.set_text(LINE)
    with qtbot.waitExposed(view):
        view.show()
    run_async(view.find_all(re.compile("blue")))
    assert view.matches == [(0, LINE.index("blue"), LINE.index("blue") + 4)]
    image = view.viewport().grab().toImage()
    metrics = view.fontMetrics()
    height = metrics.lineSpacing()
    base = view.palette().base().color()
    if themed == "dark":
        assert base.lightnessF() < 0.5
    for kind, token in TOKENS.items():
        if kind == "string":
            continue  # under the find highlight, checked below
        start = LINE.index(token)
        left = metrics.horizontalAdvance(LINE[:start])
        right = metrics.horizontalAdvance(LINE[: start + len(token)])
        ratio = best_contrast(image, left, right, height, base)
        assert ratio >= MINIMUM_CONTRAST, f"{themed} {kind}: {ratio:.2f}:1"
    start = LINE.index("blue")
    left = metrics.horizontalAdvance(LINE[:start])
    right = metrics.horizontalAdvance(LINE[: start + 4])
    # The marker is what most of the match's box shows (the current match, or a plain one).
    box = Counter(image.pixelColor(x, y).rgb() for y in range(height) for x in range(left, right))
    ground = QColor.fromRgb(box.most_common(1)[0][0])
    assert ground.rgb() in (CURRENT_FIND_BACKGROUND.rgb(), FIND_BACKGROUND.rgb())
    ratio = best_contrast(image, left + 1, right - 1, height, ground)
    assert ratio >= MINIMUM_CONTRAST, f"{themed} find match: {ratio:.2f}:1"
