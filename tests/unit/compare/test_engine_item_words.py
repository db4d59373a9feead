"""The words per item in `item_changes`: the Items view's column titles, short."""

from __future__ import annotations

from typing import Any

from tests.unit.compare.helpers import compare
from vody_desktop.compare.engine import compare_documents
from vody_desktop.document.json_document import JsonDocument


def colour_item(name: str, top: str, score: float, **extra: Any) -> dict[str, Any]:
    return {
        "image_path": f"img/{name}.jpg",
        "product_type": "Shoes",
        "predictions": [
            {"color_name": top, "score": score},
            {"color_name": "Grey", "score": 0.01},
            {"color_name": "Navy", "score": 0.005},
        ],
        **extra,
    }


def test_a_changed_top_prediction_reads_as_the_items_view_titles() -> None:
    a = [colour_item("1", "Red", 0.91), colour_item("2", "Blue", 0.5)]
    b = [colour_item("2", "Blue", 0.5), colour_item("1", "Orange", 0.62)]

    comparison = compare(a, b)

    assert comparison.item_changes == {
        1: "Top prediction: color name: Red → Orange; Top prediction: score: 0.91 → 0.62"
    }
    assert comparison.removed_item_changes == {}


def test_more_than_three_changes_are_cut_to_three_and_a_count() -> None:
    a = [{"id": "x", "a": 1, "b": 2, "c": 3, "d": 4, "e": 5}]
    b = [{"id": "x", "a": 10, "b": 20, "c": 30, "d": 40, "e": 50}]

    comparison = compare(a, b)

    assert comparison.item_changes == {0: "A: 1 → 10; B: 2 → 20; C: 3 → 30; +2 more"}


def test_a_field_that_appears_or_disappears_reads_as_empty() -> None:
    a = [{"id": "x", "category": "Home"}]
    b = [{"id": "x", "note": "new"}]

    comparison = compare(a, b)

    assert comparison.item_changes == {0: "Category: Home → (empty); Note: (empty) → new"}


def test_a_change_the_columns_do_not_show_is_told_from_the_difference() -> None:
    # The third prediction is no column of the Items view.
    a = [colour_item("1", "Red", 0.9)]
    b = [colour_item("1", "Red", 0.9)]
    b[0]["predictions"][2] = {"color_name": "Navy", "score": 0.25}

    comparison = compare(a, b)

    assert [d.path for d in comparison.differences] == ["$[0].predictions[2].score"]
    assert comparison.item_changes == {0: "Predictions: #3: score: 0.005 → 0.25"}


def test_long_values_are_cut_with_an_ellipsis() -> None:
    a = [{"id": "x", "caption": "a" * 100}]
    b = [{"id": "x", "caption": "b" * 100}]

    text = compare(a, b).item_changes[0]

    assert text == f"Caption: {'a' * 39}… → {'b' * 39}…"


def test_added_and_removed_items_have_their_own_words() -> None:
    a = [{"id": "x"}, {"id": "gone"}]
    b = [{"id": "new"}, {"id": "x"}]

    comparison = compare(a, b)

    assert comparison.item_changes == {0: "New: only in B"}
    assert comparison.removed_item_changes == {1: "Only in A"}


def test_unchanged_items_have_no_words() -> None:
    a = [colour_item(str(n), "Red", 0.9) for n in range(5)]
    b = list(reversed(a))
    b[1] = colour_item("3", "Red", 0.9 + 1e-12)

    comparison = compare(a, b)

    assert comparison.equal
    assert comparison.item_changes == {}


def test_changes_no_column_shows_follow_the_columns_changes() -> None:
    a = [colour_item("1", "Red", 0.9)]
    b = [colour_item("1", "Red", 0.8)]
    b[0]["predictions"][2] = {"color_name": "Navy", "score": 0.25}

    comparison = compare(a, b)

    assert comparison.item_changes == {
        0: "Top prediction: score: 0.9 → 0.8; Predictions: #3: score: 0.005 → 0.25"
    }


def test_a_prediction_replaced_is_told_once_by_its_columns() -> None:
    # Matched by colour name, Red's prediction is gone and Orange's is new: the columns say it.
    a = [colour_item("1", "Red", 0.9)]
    b = [colour_item("1", "Orange", 0.9)]

    comparison = compare(a, b)

    assert [(d.kind.value, d.path) for d in comparison.differences] == [
        ("removed", "$[0].predictions[0]"),
        ("added", "$[0].predictions[0]"),
    ]
    assert comparison.item_changes == {0: "Top prediction: color name: Red → Orange"}


def test_a_value_too_deep_to_write_is_named_by_its_brackets() -> None:
    deep = b"[" * 20_000 + b"]" * 20_000
    a = JsonDocument.parse(b'[{"id": "x", "v": ' + deep + b"}]")
    b = JsonDocument.parse(b'[{"id": "x", "v": {"deep": false}}]')

    comparison = compare_documents(a, b)

    assert [(d.kind.value, d.path) for d in comparison.differences] == [("changed", "$[0].v")]
    assert comparison.item_changes == {0: 'V: […] → {"deep":false}'}
