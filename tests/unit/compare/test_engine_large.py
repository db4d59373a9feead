"""Two 25 MB results (the sandbox's large one and a copy with known edits): exactly those edits."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from tests.unit.compare.helpers import found
from vody_desktop.compare.differences import DifferenceKind, ItemPair
from vody_desktop.compare.engine import compare_documents
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.sandbox.large import ITEM_COUNT, ensure_large_document

SCORE_CHANGED, NOISE, TYPE_CHANGED, REMOVED = 5, 6, 8, 9


@pytest.fixture(scope="module")
def large() -> bytes:
    return ensure_large_document().read_bytes()


def edited_copy(large: bytes, *, pretty: bool) -> tuple[bytes, list[int], dict[str, Any]]:
    """B: A's items reversed, one score changed, one with 1e-12 noise, one product type
    changed, one item removed, one added at the end. Returns B, B's order as A's indexes, and
    the added item."""
    members = JsonDocument.parse(large).root.children_raw()
    order = [index for index in reversed(range(len(members))) if index != REMOVED]
    parts = []
    for index in order:
        raw = bytes(members[index])
        if index in (SCORE_CHANGED, NOISE, TYPE_CHANGED):
            item = msgspec.json.decode(raw)
            if index == SCORE_CHANGED:
                item["predictions"][0]["score"] += 0.25
            elif index == NOISE:
                item["predictions"][0]["score"] += 1e-12
            else:
                item["product_type"] = "Changed type"
            raw = msgspec.json.encode(item)
        parts.append(raw)
    added = msgspec.json.decode(bytes(members[0]))
    added["image_path"] = "img/added.jpg"
    parts.append(msgspec.json.encode(added))
    body = b"[" + b",\n".join(parts) + b"]"
    return (msgspec.json.format(body, indent=2) if pretty else body), order, added


@pytest.mark.parametrize("pretty", [False, True], ids=["compact", "pretty-printed"])
def test_two_25_mb_results_differ_by_exactly_the_edits(large: bytes, pretty: bool) -> None:
    body_b, order, added = edited_copy(large, pretty=pretty)
    a, b = JsonDocument.parse(large), JsonDocument.parse(body_b)
    item_a = {i: msgspec.json.decode(bytes(a.root.child_raw(i))) for i in (5, 8, 9)}
    where_b = {index: position for position, index in enumerate(order)}
    last_b = len(order)
    score = item_a[SCORE_CHANGED]["predictions"][0]["score"]

    comparison = compare_documents(a, b)

    assert found(comparison) == [
        ("changed", f"$[{SCORE_CHANGED}].predictions[0].score", score, score + 0.25),
        (
            "changed",
            f"$[{TYPE_CHANGED}].product_type",
            item_a[TYPE_CHANGED]["product_type"],
            "Changed type",
        ),
        ("removed", f"$[{REMOVED}]", item_a[REMOVED], None),
        ("added", f"$[{last_b}]", None, added),
    ]
    assert [d.item for d in comparison.differences] == [
        ItemPair(SCORE_CHANGED, where_b[SCORE_CHANGED], item_a[SCORE_CHANGED]["image_path"]),
        ItemPair(TYPE_CHANGED, where_b[TYPE_CHANGED], item_a[TYPE_CHANGED]["image_path"]),
        ItemPair(REMOVED, None, item_a[REMOVED]["image_path"]),
        ItemPair(None, last_b, "img/added.jpg"),
    ]
    assert comparison.items is not None
    assert comparison.items.key_field == "image_path"
    assert (comparison.items.total_a, comparison.items.total_b) == (ITEM_COUNT, ITEM_COUNT)
    assert (comparison.items.changed, comparison.items.added, comparison.items.removed) == (2, 1, 1)
    assert (comparison.counts.changed, comparison.counts.added, comparison.counts.removed) == (
        2,
        1,
        1,
    )
    product_type = item_a[TYPE_CHANGED]["product_type"]
    assert comparison.item_changes == {
        where_b[SCORE_CHANGED]: f"Top prediction: score: {score!r} → {score + 0.25!r}",
        where_b[TYPE_CHANGED]: f"Product type: {product_type} → Changed type",
        last_b: "New: only in B",
    }
    assert comparison.removed_item_changes == {REMOVED: "Only in A"}
    assert [d.kind for d in comparison.differences] == [
        DifferenceKind.CHANGED,
        DifferenceKind.CHANGED,
        DifferenceKind.REMOVED,
        DifferenceKind.ADDED,
    ]
