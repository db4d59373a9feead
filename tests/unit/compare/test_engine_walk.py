"""compare_documents on the hard shapes: 10,000 levels of nesting, progress and cancelling."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.compare.helpers import doc, found
from vody_desktop.compare import walk
from vody_desktop.compare.differences import CompareCancelledError, CompareOptions
from vody_desktop.compare.engine import compare_documents, pair_children, values_equal
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.node import JsonNode
from vody_desktop.sandbox.generators import DEEP_LEVELS, deep_document


def deep_path(levels: int) -> str:
    # Odd levels are {"level": n, "child": ...}, even levels ["level n", ...].
    return "$" + "".join(".child" if level % 2 else "[1]" for level in range(1, levels + 1))


def test_a_10000_level_document_compares_without_a_recursion_error() -> None:
    deep = deep_document()
    changed = JsonDocument.parse(deep.replace(b'"bottom"', b'"top"'))

    comparison = compare_documents(JsonDocument.parse(deep), changed)

    assert found(comparison) == [("changed", deep_path(DEEP_LEVELS), "bottom", "top")]
    assert len(comparison.differences[0].steps) == DEEP_LEVELS


def test_a_10000_level_document_equals_itself_and_a_copy() -> None:
    deep = deep_document()
    assert compare_documents(JsonDocument.parse(deep), JsonDocument.parse(bytes(deep))).equal


def test_a_deep_subtree_only_on_one_side_is_one_difference() -> None:
    deep = deep_document()
    a = JsonDocument.parse(b'{"keep": 1, "deep": ' + deep + b"}")
    b = JsonDocument.parse(b'{"keep": 1}')

    comparison = compare_documents(a, b)

    assert [(d.kind.value, d.path) for d in comparison.differences] == [("removed", "$.deep")]
    removed = comparison.differences[0].a
    assert removed["level"] == 1  # the whole subtree, decoded without recursion


def test_values_equal_and_pair_children_work_on_deep_nodes() -> None:
    deep = deep_document()
    a = JsonDocument.parse(deep).root
    b = JsonDocument.parse(deep.replace(b'"bottom"', b'"top"')).root

    assert values_equal(a, a, CompareOptions())
    assert not values_equal(a, b, CompareOptions())
    pairs = pair_children(a, b, CompareOptions())
    assert [p.label for p in pairs] == ["level", "child"]
    assert values_equal(pairs[0].node_a, pairs[0].node_b, CompareOptions())
    assert not values_equal(pairs[1].node_a, pairs[1].node_b, CompareOptions())


def many_items(count: int, *, changed_every: int = 0) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for n in range(count):
        score = 0.5 + (0.25 if changed_every and n % changed_every == 0 else 0.0)
        items.append({"image_path": f"img/{n}.jpg", "predictions": [{"score": score}]})
    return items


@pytest.fixture
def every_tick(monkeypatch: pytest.MonkeyPatch) -> None:
    """Progress and cancelling are looked at on every tick, not every 50 ms of work, so the
    tests do not depend on how fast the machine is."""
    monkeypatch.setattr(walk, "TICK_SECONDS", 0.0)
    monkeypatch.setattr(walk, "SCAN_CHUNK", 64)


@pytest.mark.usefixtures("every_tick")
def test_progress_rises_and_ends_at_one() -> None:
    a = doc(many_items(3000))
    b = doc(list(reversed(many_items(3000, changed_every=7))), indent=1)
    shares: list[float] = []

    comparison = compare_documents(a, b, progress=shares.append)

    assert comparison.items is not None
    assert comparison.items.changed == len(range(0, 3000, 7))
    assert len(shares) > 10
    assert shares == sorted(shares)
    assert all(0.0 <= share <= 1.0 for share in shares)
    assert shares[-1] == 1.0
    assert shares.count(1.0) == 1


def test_progress_ends_at_one_for_a_tiny_comparison() -> None:
    shares: list[float] = []
    compare_documents(doc({"a": 1}), doc({"a": 2}), progress=shares.append)
    assert shares == [1.0]


def test_cancelled_from_the_start_raises() -> None:
    with pytest.raises(CompareCancelledError):
        compare_documents(doc([1]), doc([2]), cancelled=lambda: True)


@pytest.mark.usefixtures("every_tick")
def test_cancelling_midway_raises_and_stops_asking() -> None:
    a = doc(many_items(3000))
    b = doc(many_items(3000, changed_every=3))
    asked: list[float] = []
    shares: list[float] = []

    def cancelled() -> bool:
        asked.append(len(shares))
        return len(shares) >= 3  # after the third progress report

    with pytest.raises(CompareCancelledError):
        compare_documents(a, b, progress=shares.append, cancelled=cancelled)

    assert len(shares) == 3
    assert asked[-1] == 3
    assert shares[-1] < 1.0


def test_a_boolean_against_a_number_is_found_across_the_search_s_megabyte_cut() -> None:
    # The only `true` of A starts 2 bytes before the 1 MB mark, where the search for
    # booleans cuts the document; `True == 1` in Python, so only that search tells them apart.
    head = b'{"pad": "'
    middle = b'", "v": '
    pad = b"x" * ((1 << 20) - 2 - len(head) - len(middle))
    a = JsonDocument.parse(head + pad + middle + b"true}")
    b = JsonDocument.parse(head + pad + middle + b"1}")

    assert found(compare_documents(a, b)) == [("changed", "$.v", True, 1)]


def test_an_item_too_deep_for_msgspec_is_compared_a_level_at_a_time() -> None:
    def deep_item(name: str, bottom: str) -> bytes:
        return (
            b'{"image_path": "'
            + name.encode()
            + b'", "nest": '
            + b"[" * 3000
            + f'"{bottom}"'.encode()
            + b"]" * 3000
            + b"}"
        )

    a = JsonDocument.parse(b"[" + deep_item("a.jpg", "x") + b", " + deep_item("b.jpg", "y") + b"]")
    b = JsonDocument.parse(b"[" + deep_item("a.jpg", "x") + b", " + deep_item("b.jpg", "z") + b"]")

    comparison = compare_documents(a, b)

    path = "$[1].nest" + "[0]" * 3000
    assert found(comparison) == [("changed", path, "y", "z")]
    assert comparison.items is not None
    assert comparison.items.changed == 1
    words = comparison.item_changes[1]
    assert words.startswith("First nest: 0: 0")
    assert words.endswith("…: y → z")
    assert len(words) < 60


def test_an_array_of_objects_and_other_values_is_matched_by_position() -> None:
    a = {"list": [{"id": "x"}, 3, {"id": "y"}]}
    b = {"list": [{"id": "y"}, 3, {"id": "x"}]}

    assert found(compare_documents(doc(a), doc(b))) == [
        ("changed", "$.list[0].id", "x", "y"),
        ("changed", "$.list[2].id", "y", "x"),
    ]


def test_comparing_never_adds_nodes_to_the_documents_own_trees(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The window may show a document in a tree on its thread while a worker compares it.
    a = doc({"model": "m", "results": [{"id": n, "v": n} for n in range(20)]})
    b = doc({"model": "m", "results": [{"id": n, "v": n % 3} for n in range(21)]})
    roots = {id(a.root), id(b.root)}
    asked: list[JsonNode] = []
    child = JsonNode.child

    def spy(node: JsonNode, row: int) -> JsonNode:
        asked.append(node)
        return child(node, row)

    monkeypatch.setattr(JsonNode, "child", spy)

    comparison = compare_documents(a, b)

    assert comparison.items is not None
    assert comparison.items.path == "$.results"
    assert comparison.counts.total == 18  # 17 values changed, 1 item added
    assert asked  # the walk did open nodes: its own
    for node in asked:
        while node.parent is not None:
            node = node.parent
        assert id(node) not in roots


def test_a_10000_level_array_compares_level_by_level() -> None:
    levels = 10_000
    a = JsonDocument.parse(b"[" * levels + b"1" + b"]" * levels)
    b = JsonDocument.parse(b"[" * levels + b"2" + b"]" * levels)

    comparison = compare_documents(a, b)

    assert found(comparison) == [("changed", "$" + "[0]" * (levels - 1) + "[0]", 1, 2)]
