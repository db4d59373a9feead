"""pair_children and values_equal: the window's side-by-side tree pairs what the engine pairs."""

from __future__ import annotations

import pytest

from tests.unit.compare.helpers import doc
from vody_desktop.compare.differences import CompareOptions
from vody_desktop.compare.engine import ChildPair, pair_children, values_equal
from vody_desktop.document.node import JsonNode

OPTIONS = CompareOptions()


def root(value: object, *, indent: int | None = None) -> JsonNode:
    return doc(value, indent=indent).root


def shown(pairs: list[ChildPair]) -> list[tuple[str, object, object]]:
    """What each row of the tree shows: its label and the two values (None when missing)."""
    return [
        (
            pair.label,
            None if pair.node_a is None else pair.node_a.to_python(),
            None if pair.node_b is None else pair.node_b.to_python(),
        )
        for pair in pairs
    ]


def test_object_members_are_paired_by_key_a_s_order_then_b_s() -> None:
    pairs = pair_children(root({"a": 1, "b": 2}), root({"c": 3, "a": 10}), OPTIONS)

    assert shown(pairs) == [("a", 1, 10), ("b", 2, None), ("c", None, 3)]
    assert [(p.step_a, p.step_b) for p in pairs] == [("a", "a"), ("b", None), (None, "c")]


def test_items_are_paired_by_their_key_field_with_it_in_the_label() -> None:
    a = [{"image_path": "img/1.jpg", "s": 1}, {"image_path": "img/2.jpg", "s": 2}]
    b = [{"image_path": "img/3.jpg", "s": 3}, {"image_path": "img/1.jpg", "s": 1}]

    pairs = pair_children(root(a), root(b), OPTIONS)

    assert [p.label for p in pairs] == [
        "[image_path = img/1.jpg]",
        "[image_path = img/2.jpg]",
        "[image_path = img/3.jpg]",
    ]
    assert [(p.step_a, p.step_b) for p in pairs] == [(0, 1), (1, None), (None, 0)]
    assert pairs[0].node_a is not None
    assert pairs[0].node_a.path() == "$[0]"
    assert pairs[0].node_b is not None
    assert pairs[0].node_b.path() == "$[1]"


def test_a_forced_key_field_names_the_pairs() -> None:
    a = [{"image_path": "a.jpg", "id": 1}, {"image_path": "b.jpg", "id": 2}]
    b = [{"image_path": "b.jpg", "id": 1}, {"image_path": "a.jpg", "id": 2}]

    pairs = pair_children(root(a), root(b), CompareOptions(key_field="id"))

    assert [p.label for p in pairs] == ["[id = 1]", "[id = 2]"]
    assert [(p.step_a, p.step_b) for p in pairs] == [(0, 0), (1, 1)]


def test_arrays_without_a_key_are_paired_by_position() -> None:
    pairs = pair_children(root([1, 2, 3]), root([1, 5]), OPTIONS)

    assert shown(pairs) == [("[0]", 1, 1), ("[1]", 2, 5), ("[2]", 3, None)]


def test_a_container_against_another_type_or_nothing_lists_each_side_alone() -> None:
    assert shown(pair_children(root({"a": 1}), root([7]), OPTIONS)) == [
        ("a", 1, None),
        ("[0]", None, 7),
    ]
    assert shown(pair_children(None, root({"x": [1]}), OPTIONS)) == [("x", None, [1])]
    assert shown(pair_children(root([1]), None, OPTIONS)) == [("[0]", 1, None)]
    assert pair_children(root(5), root(6), OPTIONS) == []
    assert pair_children(None, None, OPTIONS) == []


def test_the_pairs_are_the_ones_compare_documents_reports() -> None:
    # A pair whose values differ is exactly where compare_documents finds a difference.
    a = [{"id": "x", "v": 1.0}, {"id": "y", "v": 2}, {"id": "z", "v": True}]
    b = [{"id": "z", "v": 1}, {"id": "y", "v": 2.0000000001}, {"id": "x", "v": 1}]

    pairs = pair_children(root(a), root(b), OPTIONS)

    assert [(p.label, values_equal(p.node_a, p.node_b, OPTIONS)) for p in pairs] == [
        ("[id = x]", True),
        ("[id = y]", True),
        ("[id = z]", False),
    ]


def test_values_equal_follows_the_rules() -> None:
    assert values_equal(root({"a": 1, "b": [1.0]}), root({"b": [1], "a": 1.0}), OPTIONS)
    assert values_equal(root({"a": 1}), root({"a": 1}, indent=4), OPTIONS)
    assert values_equal(root(0.5), root(0.5 + 1e-9), OPTIONS)
    assert not values_equal(root(0.5), root(0.6), OPTIONS)
    assert not values_equal(root(True), root(1), OPTIONS)
    assert not values_equal(root([True]), root([1]), OPTIONS)
    assert not values_equal(root("1"), root(1), OPTIONS)
    assert not values_equal(root({"a": 1}), root({"a": 1, "b": None}), OPTIONS)
    assert values_equal(None, None, OPTIONS)
    assert not values_equal(root(None), None, OPTIONS)
    assert not values_equal(None, root({}), OPTIONS)


def test_a_child_pair_is_read_only_and_can_be_made_by_hand() -> None:
    a, b = root({"x": 1}), root({"x": 2})
    made = ChildPair("x", "x", "x", a.child(0), b.child(0))

    assert pair_children(a, b, OPTIONS) == [made]
    with pytest.raises(AttributeError):
        made.label = "y"


def test_the_members_nodes_are_the_documents_own() -> None:
    a, b = root([{"id": "p", "v": 1}, {"id": "q", "v": 2}]), root([{"id": "q", "v": 2}])

    pairs = pair_children(a, b, OPTIONS)

    assert pairs[0].node_a is a.child(0)
    assert pairs[0].node_b is None
    assert pairs[1].node_a is a.child(1)
    assert pairs[1].node_b is b.child(0)
