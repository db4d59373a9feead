"""`vody_desktop.items.colours`: hex colours, CIEDE2000 differences, the Match verdict and which
columns hold the labelled and the predicted colour."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vody_desktop.document.csv_export import table_column
from vody_desktop.items import colours
from vody_desktop.items.colours import (
    ColourMatch,
    colour_difference,
    colour_pair,
    match_colours,
    parse_hex,
)
from vody_desktop.sandbox import generators

HEX_DIGITS = "0123456789abcdefABCDEF"


def loaded_after(code: str) -> set[str]:
    """The top-level packages a fresh interpreter has imported after running `code`."""
    probe = f"import sys\n{code}\nprint(','.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return set(done.stdout.strip().split(","))


def test_importing_colours_loads_neither_qt_nor_coloraide() -> None:
    # A fresh interpreter: this test process may have imported both already. coloraide takes
    # about 80 ms to import: a window whose result has no colours never pays for it.
    loaded = loaded_after("import vody_desktop.items.colours as c; c.parse_hex('#abc')")
    assert "PySide6" not in loaded
    assert "coloraide" not in loaded


def test_warm_up_imports_coloraide_ahead_of_the_first_difference() -> None:
    loaded = loaded_after("import vody_desktop.items.colours as c; c.warm_up()")
    assert "coloraide" in loaded


# -- parse_hex ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("#FE2934", "#FE2934"),
        ("#fe2934", "#FE2934"),
        ("#Fe2934", "#FE2934"),
        ("#abc", "#AABBCC"),
        ("#ABC", "#AABBCC"),
        ("#000", "#000000"),
    ],
)
def test_parse_hex_reads_short_and_long_forms_in_any_case(value: str, expected: str) -> None:
    assert parse_hex(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "FE2934",  # no "#"
        "#FE293",  # five digits
        "#FE29344",
        "#FE2934AA",  # alpha is not a label colour
        "#abcd",
        " #FE2934",
        "#FE2934 ",
        "#FE2934\n",
        "#GG0000",
        "#",
        "",
        "red",
        "#\uff26\uff26\uff26",  # full-width letters are not hex digits
        "#\u0661\u0662\u0663",  # nor are other scripts' digits
        None,
        0xFE2934,
        b"#FE2934",
        ["#FE2934"],
        {"hex": "#FE2934"},
    ],
)
def test_parse_hex_refuses_anything_else(value: object) -> None:
    assert parse_hex(value) is None


@given(st.text(alphabet=HEX_DIGITS, min_size=6, max_size=6))
def test_parse_hex_of_any_six_digits_is_their_upper_case(digits: str) -> None:
    assert parse_hex("#" + digits) == "#" + digits.upper()


@given(st.text(alphabet=HEX_DIGITS, min_size=3, max_size=3))
def test_parse_hex_doubles_each_digit_of_the_short_form(digits: str) -> None:
    parsed = parse_hex("#" + digits)
    assert parsed == "#" + "".join(digit.upper() * 2 for digit in digits)


@given(st.text(max_size=9))
def test_parse_hex_answers_a_colour_or_none_for_any_text(text: str) -> None:
    parsed = parse_hex(text)
    if parsed is not None:
        assert len(parsed) == 7
        assert parsed[0] == "#"
        assert all(c in "0123456789ABCDEF" for c in parsed[1:])
        assert parse_hex(parsed) == parsed


# -- colour_difference ----------------------------------------------------------------------


def test_the_same_colour_differs_by_nothing_whatever_its_spelling() -> None:
    assert colour_difference("#FE2934", "#fe2934") == 0.0
    assert colour_difference("#abc", "#AABBCC") == 0.0


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # Published CIEDE2000 values for sRGB primaries (D65); CIE76 would give 170.6 and 176.3.
        ("#FF0000", "#00FF00", 86.608),
        ("#FF0000", "#0000FF", 52.878),
        ("#000000", "#FFFFFF", 100.0),
    ],
)
def test_colour_difference_is_ciede2000(a: str, b: str, expected: float) -> None:
    assert colour_difference(a, b) == pytest.approx(expected, abs=0.001)


def test_neighbouring_greys_are_below_one_unit_apart() -> None:
    assert 0 < colour_difference("#808080", "#7F7F7F") < 1


@given(
    st.text(alphabet=HEX_DIGITS, min_size=6, max_size=6),
    st.text(alphabet=HEX_DIGITS, min_size=6, max_size=6),
)
def test_colour_difference_is_symmetric_and_not_negative(a: str, b: str) -> None:
    forth = colour_difference("#" + a, "#" + b)
    assert forth == colour_difference("#" + b, "#" + a)
    assert 0 <= forth < 150  # sRGB pairs reach a little over 100 (black/white is 100)


@pytest.mark.parametrize(("a", "b"), [("red", "#FF0000"), ("#FF0000", ""), ("#FF00", "#FF0000")])
def test_colour_difference_refuses_what_is_not_a_hex_colour(a: str, b: str) -> None:
    with pytest.raises(ValueError, match="not a hex colour"):
        colour_difference(a, b)


def test_each_distinct_pair_is_computed_once() -> None:
    colours._clear_caches()
    palette = ["#FE2934", "#000080", "#228B22", "#FFA500"]
    for _ in range(50):
        for a in palette:
            for b in palette:
                colour_difference(a, b.lower())
                match_colours(b, a, 10)
    # 4 colours: 10 unordered pairs (4 with themselves), whatever the order or the case.
    assert colours._pair_difference.cache_info().misses == 10


def test_a_cached_match_is_the_same_as_a_fresh_one() -> None:
    colours._clear_caches()
    first = match_colours("#FE2934", "#b22222", 10)
    assert match_colours("#FE2934", "#b22222", 10) == first
    colours._clear_caches()
    assert match_colours("#fe2934", "#B22222", 10) == first
    assert match_colours("#B22222", "#FE2934", 10) == first


# -- match_colours --------------------------------------------------------------------------


def test_a_close_prediction_matches_and_a_far_one_does_not() -> None:
    close = match_colours("#FE2934", "#FF2A35", threshold=10)
    far = match_colours("#FE2934", "#4169E1", threshold=10)
    assert close.matches
    assert close.difference < 1
    assert not far.matches
    assert far.difference > 10


def test_match_is_decided_on_the_difference_as_shown() -> None:
    difference = colour_difference("#FE2934", "#B22222")
    shown = round(difference, 1)
    assert match_colours("#FE2934", "#B22222", threshold=shown) == ColourMatch(difference, True)
    assert not match_colours("#FE2934", "#B22222", threshold=shown - 0.1).matches


def test_a_zero_threshold_accepts_only_the_same_colour() -> None:
    assert match_colours("#abc", "#AABBCC", 0).matches
    assert not match_colours("#000080", "#0000FF", 0).matches


def test_colour_match_is_frozen() -> None:
    match = ColourMatch(1.0, True)
    with pytest.raises(AttributeError):
        match.matches = False  # type: ignore[misc]


# -- colour_pair ------------------------------------------------------------------------------


def flatten(item: Any, parts: list[str | int] | None = None) -> dict[str, Any]:
    """One item's cells by column id, as the CSV export names columns."""
    parts = parts or []
    cells: dict[str, Any] = {}
    children: Any = item.items() if isinstance(item, dict) else enumerate(item)
    for key, value in children:
        if isinstance(value, dict | list) and value:
            cells.update(flatten(value, [*parts, key]))
        else:
            cells[table_column([*parts, key])] = value
    return cells


def pair_of(items: list[dict[str, Any]]) -> tuple[str, str] | None:
    rows = [flatten(item) for item in items]
    columns = list(dict.fromkeys(column for row in rows for column in row))

    def samples(column: str) -> Sequence[object]:
        return [row.get(column) for row in rows]

    return colour_pair(columns, samples)


def test_the_sandbox_colour_results_pair_the_label_with_the_top_prediction() -> None:
    items = json.loads(generators.color_results())
    assert pair_of(items) == ("hex_color_label", "predictions.0.hex_color")


def test_the_status_example_pairs_too() -> None:
    items = json.loads(generators.status_example_results())
    assert pair_of(items) == ("hex_color_label", "predictions.0.hex_color")


def test_pattern_results_have_no_colour_pair() -> None:
    assert pair_of(json.loads(generators.pattern_results())) is None


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (
            {"label": {"hex": "#fe2934"}, "prediction": {"hex": "#FE2934"}},
            ("label.hex", "prediction.hex"),
        ),
        (
            {"expected_color": "#abc", "predicted_color": "#aabbcc"},
            ("expected_color", "predicted_color"),
        ),
        (
            {"hexColorLabel": "#FE2934", "predictions": [{"hexColor": "#FE2934"}]},
            ("hexColorLabel", "predictions.0.hexColor"),
        ),
        (
            {"ground_truth": "#FE2934", "output": {"predictions": ["#FE2934", "#000"]}},
            ("ground_truth", "output.predictions.0"),
        ),
        (
            {"true_color": "#FE2934", "predicted": {"hex": "#FE2934"}},
            ("true_color", "predicted.hex"),
        ),
        (
            # The prediction comes first in the item: the pair is still (label, prediction).
            {"predictions": [{"hex_color": "#FE2934"}], "target_hex": "#FE2934"},
            ("target_hex", "predictions.0.hex_color"),
        ),
    ],
)
def test_odd_shapes_still_pair(item: dict[str, Any], expected: tuple[str, str]) -> None:
    assert pair_of([item]) == expected


@pytest.mark.parametrize(
    "item",
    [
        # A label but no predictions.
        {"hex_color_label": "#FE2934", "product_type": "Shoes"},
        # Predictions but no label.
        {"predictions": [{"hex_color": "#FE2934", "score": 0.9}]},
        # Colour names only, no hex values.
        {"color_label": "Red", "predictions": [{"color_name": "Red", "score": 0.9}]},
        # Hex colours under names that say neither "label" nor "prediction".
        {"background": "#FFFFFF", "foreground": "#000000"},
        # A prediction's "label" field is the model's answer, never the expected one.
        {"predictions": [{"label": "#FE2934"}, {"label": "#000080"}]},
        # Only a later prediction carries a colour.
        {"hex_color_label": "#FE2934", "predictions": [{"score": 1}, {"hex": "#FE2934"}]},
    ],
)
def test_items_without_both_colours_have_no_pair(item: dict[str, Any]) -> None:
    assert pair_of([item]) is None


def test_labels_missing_from_some_items_still_pair() -> None:
    items = json.loads(generators.color_results())
    assert sum("hex_color_label" in item for item in items) == 2  # two of four are labelled
    assert pair_of(items) == ("hex_color_label", "predictions.0.hex_color")


def test_a_label_column_of_mostly_words_is_not_a_colour_column() -> None:
    items = [
        {"label": "Red" if n % 2 else "#FE2934", "predictions": [{"hex": "#FE2934"}]}
        for n in range(10)
    ]
    assert pair_of(items) is None


def test_a_few_unreadable_labels_among_many_colours_keep_the_pair() -> None:
    items = [
        {"hex_label": "n/a" if n == 0 else "#FE2934", "predictions": [{"hex": "#FE2934"}]}
        for n in range(10)
    ]
    assert pair_of(items) == ("hex_label", "predictions.0.hex")


def test_samples_are_asked_only_for_candidate_columns() -> None:
    asked: list[str] = []

    def samples(column: str) -> Sequence[object]:
        asked.append(column)
        return ["#FE2934"]

    columns = ["image_path", "product_type", "hex_color_label", "predictions.0.hex_color"]
    assert colour_pair(columns, samples) == ("hex_color_label", "predictions.0.hex_color")
    assert asked == ["hex_color_label", "predictions.0.hex_color"]
