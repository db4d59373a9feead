"""compare_documents: the rules of comparing, on small documents a person can read."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.unit.compare.helpers import compare, doc, found
from vody_desktop.compare.differences import CompareOptions, DifferenceKind, ItemPair
from vody_desktop.compare.engine import compare_documents
from vody_desktop.document.json_document import JsonDocument


def picture(name: str, colour: str = "Red", score: float = 0.9, **extra: object) -> dict[str, Any]:
    return {
        "image_path": f"img/{name}.jpg",
        "predictions": [{"color_name": colour, "score": score}],
        **extra,
    }


def test_reordered_items_are_matched_by_their_key_field() -> None:
    a = [picture("1"), picture("2", "Blue"), picture("3", "Green")]
    b = [a[2], a[0], a[1]]

    comparison = compare(a, b)

    assert comparison.equal
    assert comparison.items is not None
    assert comparison.items.key_field == "image_path"
    assert (comparison.items.total_a, comparison.items.total_b) == (3, 3)
    assert (comparison.items.changed, comparison.items.added, comparison.items.removed) == (0, 0, 0)


def test_a_change_in_a_reordered_item_is_one_difference_on_a_s_path() -> None:
    a = [picture("1"), picture("2", "Blue", 0.8)]
    b = [picture("2", "Blue", 0.5), picture("1")]

    comparison = compare(a, b)

    assert found(comparison) == [("changed", "$[1].predictions[0].score", 0.8, 0.5)]
    difference = comparison.differences[0]
    assert difference.steps == (1, "predictions", 0, "score")
    assert difference.item == ItemPair(index_a=1, index_b=0, key="img/2.jpg")
    assert comparison.item_changes == {0: "Top prediction: score: 0.8 → 0.5"}


def test_key_order_never_matters() -> None:
    assert compare({"a": 1, "b": {"c": 2, "d": 3}}, {"b": {"d": 3, "c": 2}, "a": 1}).equal


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (1, 1.0),
        (0.5, 0.5 + 1e-9),
        (1e6, 1e6 * (1 + 1e-12)),
        (123456789012345678901234567890, 123456789012345678901234567890.0),
    ],
)
def test_numbers_equal_within_the_tolerance(a: float, b: float) -> None:
    assert compare({"score": a}, {"score": b}).equal
    assert compare([picture("1", score=a)], [picture("1", score=b)]).equal


def test_a_real_change_of_a_number_is_reported_with_both_values() -> None:
    comparison = compare({"score": 0.91}, {"score": 0.9})

    assert found(comparison) == [("changed", "$.score", 0.91, 0.9)]
    assert comparison.counts.changed == 1
    assert comparison.counts.total == 1


def test_the_tolerances_are_options() -> None:
    assert not compare({"s": 1.0}, {"s": 1.01}).equal
    assert compare({"s": 1.0}, {"s": 1.01}, absolute_tolerance=0.05).equal
    assert compare({"s": 1000.0}, {"s": 1001.0}, relative_tolerance=0.01).equal
    assert not compare({"s": 1e-9}, {"s": 2e-9}, absolute_tolerance=0.0).equal


def test_a_missing_item_and_an_extra_item_are_one_difference_each() -> None:
    a = [picture("1"), picture("2"), picture("3")]
    b = [picture("1"), picture("3"), picture("4", "Blue")]

    comparison = compare(a, b)

    assert found(comparison) == [
        ("removed", "$[1]", picture("2"), None),
        ("added", "$[2]", None, picture("4", "Blue")),
    ]
    assert comparison.differences[0].item == ItemPair(index_a=1, index_b=None, key="img/2.jpg")
    assert comparison.differences[1].item == ItemPair(index_a=None, index_b=2, key="img/4.jpg")
    assert comparison.items is not None
    assert (comparison.items.changed, comparison.items.added, comparison.items.removed) == (0, 1, 1)
    assert comparison.item_changes == {2: "New: only in B"}
    assert comparison.removed_item_changes == {1: "Only in A"}


def test_items_without_a_key_field_are_matched_by_position() -> None:
    a = [{"colour": "Red"}, {"colour": "Red"}, {"colour": "Blue"}]
    b = [{"colour": "Red"}, {"colour": "Green"}, {"colour": "Blue"}, {"colour": "Red"}]

    comparison = compare(a, b)

    assert found(comparison) == [
        ("changed", "$[1].colour", "Red", "Green"),
        ("added", "$[3]", None, {"colour": "Red"}),
    ]
    assert comparison.items is not None
    assert comparison.items.key_field is None
    assert comparison.differences[0].item == ItemPair(index_a=1, index_b=1, key="#1")
    assert comparison.item_changes == {1: "Colour: Red → Green", 3: "New: only in B"}


def test_a_forced_key_field_is_used_when_it_fits_both_sides() -> None:
    a = [{"image_path": "a.jpg", "id": 1}, {"image_path": "b.jpg", "id": 2}]
    b = [{"image_path": "b.jpg", "id": 1}, {"image_path": "a.jpg", "id": 2}]

    detected = compare(a, b)
    forced = compare(a, b, key_field="id")

    assert found(detected) == [("changed", "$[0].id", 1, 2), ("changed", "$[1].id", 2, 1)]
    assert found(forced) == [
        ("changed", "$[0].image_path", "a.jpg", "b.jpg"),
        ("changed", "$[1].image_path", "b.jpg", "a.jpg"),
    ]
    assert forced.items is not None
    assert forced.items.key_field == "id"


def test_a_key_field_unique_only_on_one_side_is_not_used() -> None:
    a = [{"name": "x", "v": 1}, {"name": "y", "v": 2}]
    b = [{"name": "y", "v": 1}, {"name": "y", "v": 2}]  # "name" repeats in B

    comparison = compare(a, b)

    assert comparison.items is not None
    assert comparison.items.key_field is None
    assert found(comparison) == [("changed", "$[0].name", "x", "y")]


def test_nested_arrays_of_objects_are_matched_by_key_too() -> None:
    a = {"results": [{"id": "p", "tags": [{"id": "t1", "w": 1}, {"id": "t2", "w": 2}]}]}
    reordered = {"results": [{"id": "p", "tags": [{"id": "t2", "w": 2}, {"id": "t1", "w": 1}]}]}
    changed = {"results": [{"id": "p", "tags": [{"id": "t3", "w": 3}, {"id": "t2", "w": 5}]}]}

    assert compare(a, reordered).equal
    comparison = compare(a, changed)
    assert found(comparison) == [
        ("removed", "$.results[0].tags[0]", {"id": "t1", "w": 1}, None),
        ("changed", "$.results[0].tags[1].w", 2, 5),
        ("added", "$.results[0].tags[0]", None, {"id": "t3", "w": 3}),
    ]
    assert comparison.items is not None
    assert comparison.items.path == "$.results"
    assert {d.item for d in comparison.differences} == {ItemPair(0, 0, "p")}


def test_an_added_value_s_path_is_on_b() -> None:
    a = [{"id": "x", "tags": [{"id": "t1"}]}, {"id": "y", "tags": []}]
    b = [{"id": "y", "tags": []}, {"id": "x", "tags": [{"id": "t1"}, {"id": "t2"}]}]

    comparison = compare(a, b)

    assert found(comparison) == [("added", "$[1].tags[1]", None, {"id": "t2"})]
    assert comparison.differences[0].steps == (1, "tags", 1)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ([1, 2], {"0": 1}),
        ({"a": 1}, "a"),
        ([], {}),
        (None, 0),
        (True, 1),
        (False, 0),
        ("1", 1),
        ([1], "[1]"),
    ],
)
def test_different_types_are_one_changed_difference(a: object, b: object) -> None:
    comparison = compare(a, b)

    assert found(comparison) == [("changed", "$", a, b)]


@pytest.mark.parametrize(("a", "b"), [(True, 1), (False, 0), (1.0, True)])
def test_a_boolean_never_equals_a_number_inside_items(a: object, b: object) -> None:
    # Python says True == 1; JSON says a boolean is not a number.
    comparison = compare([{"id": "x", "flag": a}], [{"id": "x", "flag": b}])

    assert found(comparison) == [("changed", "$[0].flag", a, b)]


@pytest.mark.parametrize("value", [1, -2.5, "text", "", None, True, False])
def test_equal_scalars_at_the_top(value: object) -> None:
    assert compare(value, value).equal


def test_changed_scalars_at_the_top() -> None:
    assert found(compare("red", "orange")) == [("changed", "$", "red", "orange")]
    assert found(compare(1, 2)) == [("changed", "$", 1, 2)]
    assert found(compare(True, False)) == [("changed", "$", True, False)]


def test_empty_containers() -> None:
    assert compare([], []).equal
    assert compare({}, {}).equal
    assert compare({"a": []}, {"a": []}).equal
    assert found(compare([], [{"id": 1}])) == [("added", "$[0]", None, {"id": 1})]
    assert found(compare({"a": {}}, {"a": {"b": 1}})) == [("added", "$.a.b", None, 1)]
    assert found(compare({"a": [1]}, {"a": []})) == [("removed", "$.a[0]", 1, None)]


def test_members_only_on_one_side_follow_a_s_order_then_b_s() -> None:
    comparison = compare({"a": 1, "b": 2, "c": 3}, {"d": 4, "c": 30, "a": 1})

    assert found(comparison) == [
        ("removed", "$.b", 2, None),
        ("changed", "$.c", 3, 30),
        ("added", "$.d", None, 4),
    ]
    assert (comparison.counts.added, comparison.counts.removed, comparison.counts.changed) == (
        1,
        1,
        1,
    )


def test_arrays_of_plain_values_are_compared_by_position() -> None:
    assert found(compare({"tags": ["a", "b"]}, {"tags": ["b", "a"]})) == [
        ("changed", "$.tags[0]", "a", "b"),
        ("changed", "$.tags[1]", "b", "a"),
    ]


def test_unicode_and_odd_keys_are_spelled_in_paths() -> None:
    a = {"名前": {"😀": 1, "it's": 2, "plain": 3}}
    b = {"名前": {"😀": 10, "it's": 20, "plain": 30}}

    comparison = compare(a, b)

    assert [d.path for d in comparison.differences] == [
        "$['名前']['😀']",
        "$['名前']['it\\'s']",
        "$['名前'].plain",
    ]
    assert comparison.differences[0].steps == ("名前", "😀")


def test_a_pretty_printed_result_equals_the_compact_one() -> None:
    value = {"results": [picture(str(n), score=n / 10, flag=n % 2 == 0) for n in range(50)]}

    assert compare_documents(doc(value), doc(value, indent=2)).equal


def test_a_pretty_printed_result_still_shows_a_boolean_against_a_number() -> None:
    a = [{"id": n, "ok": True} for n in range(5)]
    b = [{"id": n, "ok": 1 if n == 3 else True} for n in range(5)]

    comparison = compare_documents(doc(a), doc(b, indent=2))

    assert found(comparison) == [("changed", "$[3].ok", True, 1)]


def test_the_difference_kinds_are_the_words_people_read() -> None:
    comparison = compare({"a": 1, "b": 2}, {"a": 2, "c": 3})

    assert [d.kind for d in comparison.differences] == [
        DifferenceKind.CHANGED,
        DifferenceKind.REMOVED,
        DifferenceKind.ADDED,
    ]


def test_options_default_to_the_contract_s_tolerances() -> None:
    options = CompareOptions()
    assert compare({"s": 0.5}, {"s": 0.5 + 0.9 * options.absolute_tolerance}).equal
    assert not compare({"s": 0.5}, {"s": 0.5 + 2 * options.absolute_tolerance}).equal


def written(value: Any, **dumps: Any) -> JsonDocument:
    return JsonDocument.parse(json.dumps(value, **dumps).encode())


@pytest.mark.parametrize(
    ("style_a", "style_b"),
    [
        ({"indent": 2}, {}),  # a pretty-printed golden file against the answer
        ({"separators": (",", ":")}, {}),  # no whitespace against json's spaces
        ({}, {"separators": (",", ":")}),
        ({"indent": 2}, {"indent": "\t"}),
    ],
    ids=["pretty-spaced", "minimal-spaced", "spaced-minimal", "pretty-tabs"],
)
def test_whitespace_never_makes_a_difference(
    style_a: dict[str, Any], style_b: dict[str, Any]
) -> None:
    items = [picture(str(n), score=n / 7, flag=n % 3 == 0, note=None) for n in range(40)]
    reordered = list(reversed(items))
    reordered[5] = picture(str(34), score=0.5, flag=False, note=None)  # A's item 34 changed

    comparison = compare_documents(written(items, **style_a), written(reordered, **style_b))

    assert found(comparison) == [("changed", "$[34].predictions[0].score", 34 / 7, 0.5)]


def test_members_written_unlike_the_first_ones_still_compare_equal() -> None:
    # The first members set how a side is written; one written otherwise is still the same.
    items = [{"id": n, "tags": ["a", "b"], "ok": True} for n in range(10)]
    odd = b"[" + b",".join(json.dumps(item, separators=(",", ":")).encode() for item in items[:9])
    odd += b"," + json.dumps(items[9], indent=3).encode() + b"]"

    assert compare_documents(JsonDocument.parse(odd), written(items, indent=1)).equal
    assert compare_documents(written(items), JsonDocument.parse(odd)).equal


def test_numbers_past_the_float_range_compare_by_their_text() -> None:
    def parsed(text: str) -> JsonDocument:
        return JsonDocument.parse(f'[{{"id": "x", "big": {text}}}]'.encode())

    assert compare_documents(parsed("1e400"), parsed("1e400")).equal
    changed = compare_documents(parsed("1e400"), parsed("2e400"))
    assert [(d.kind.value, d.path) for d in changed.differences] == [("changed", "$[0].big")]
