"""The summary line and the one-line values: the words the reports, the command line and the
window all show."""

from __future__ import annotations

from tests.unit.compare.hand_built import SHOES, colour_comparison, counted, difference
from vody_desktop.compare.differences import (
    Comparison,
    DifferenceCounts,
    DifferenceKind,
    ItemCounts,
    ItemPair,
)
from vody_desktop.compare.summary import summary_line, value_text


def _items(total: int, *, changed: int = 0, added: int = 0, removed: int = 0) -> ItemCounts:
    return ItemCounts("$", "image_path", total, total - removed + added, changed, added, removed)


def test_items_are_counted_not_fields() -> None:
    # Two fields of the shoes changed, one of the dress: two changed items.
    assert summary_line(colour_comparison()) == "2 changed, 1 added, 1 removed of 3 items"


def test_the_issue_example_with_thousands() -> None:
    differences = [
        difference(DifferenceKind.CHANGED, (n, "score"), 0.1, 0.2, ItemPair(n, n, f"#{n}"))
        for n in range(3)
    ]
    comparison = counted(differences, _items(500, changed=3, added=1, removed=1))
    assert summary_line(comparison) == "3 changed, 1 added, 1 removed of 500 items"
    comparison = counted(differences, _items(12_000, changed=3))
    assert summary_line(comparison) == "3 changed of 12,000 items"


def test_lists_of_other_lengths_say_both() -> None:
    comparison = counted(
        [difference(DifferenceKind.ADDED, (500,), None, {}, ItemPair(None, 500, "#500"))],
        _items(500, added=1),
    )
    assert summary_line(comparison) == "1 added of 500 items (501 in B)"


def test_equal_items() -> None:
    assert summary_line(Comparison([], DifferenceCounts(), _items(500))) == (
        "No differences: the 500 items are the same"
    )
    assert summary_line(Comparison([], DifferenceCounts(), _items(1))) == (
        "No differences: the item is the same"
    )
    assert summary_line(Comparison([], DifferenceCounts(), _items(0))) == (
        "No differences: both lists of items are empty"
    )


def test_without_a_list_of_items() -> None:
    differences = [
        difference(DifferenceKind.CHANGED, ("model",), "v1", "v2"),
        difference(DifferenceKind.ADDED, ("note",), None, "new"),
    ]
    assert summary_line(counted(differences)) == "2 differences: 1 changed, 1 added"
    assert summary_line(counted(differences[:1])) == "1 difference: 1 changed"
    assert summary_line(counted([])) == "No differences"


def test_differences_outside_the_items_are_named() -> None:
    outside = difference(DifferenceKind.CHANGED, ("model",), "v1", "v2")
    with_item = difference(DifferenceKind.CHANGED, ("results", 0, "score"), 0.1, 0.2, SHOES)
    comparison = counted([with_item, outside], _items(4, changed=1))
    assert summary_line(comparison) == ("1 changed of 4 items, and 1 other difference (1 changed)")
    comparison = counted([outside], _items(4))
    assert summary_line(comparison) == "The 4 items are the same; 1 other difference (1 changed)"


def test_value_text_is_compact_json_on_one_line() -> None:
    assert value_text("Red") == '"Red"'
    assert value_text(1) == "1"
    assert value_text(1.0) == "1.0"  # 1 and 1.0 are told apart when shown
    assert value_text(None) == "null"
    assert value_text(True) == "true"
    assert value_text({"a": [1, 2], "b": "x"}) == '{"a": [1, 2], "b": "x"}'
    assert value_text("two\nlines") == '"two\\nlines"'
    assert value_text("Crème brûlée") == '"Crème brûlée"'


def test_value_text_cuts_long_values_with_an_ellipsis() -> None:
    text = value_text({"items": list(range(10_000))}, limit=30)
    assert len(text) == 30
    assert text.endswith("…")
    assert text.startswith('{"items": [0, 1, 2')
    assert value_text("x" * 30, limit=32) == '"' + "x" * 30 + '"'  # exactly the limit: whole
    assert value_text("x" * 31, limit=32) == '"' + "x" * 30 + "…"
