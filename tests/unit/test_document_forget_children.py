"""`JsonNode.forget_children`: a dropped document's nodes are freed by reference counting, and a
node that someone still holds keeps working."""

from __future__ import annotations

import json

from tests.replaced_results import live_roots
from vody_desktop.document.json_document import JsonDocument

DOCUMENT = json.dumps(
    [{"id": i, "colors": [{"hex": "#FF7F50", "name": "Coral"}]} for i in range(50)]
).encode()


def decode_every_node(document: JsonDocument) -> int:
    made, stack = 0, [document.root]
    while stack:
        node = stack.pop()
        made += 1
        stack.extend(node.children())
    return made


def test_forgotten_nodes_are_freed_without_a_collection() -> None:
    # Automatic collection is off in the test session (tests/conftest.py), as in the app.
    earlier = live_roots()
    document = JsonDocument.parse(DOCUMENT)
    assert decode_every_node(document) == 1 + 50 * 6
    document.root.forget_children()
    del document
    assert live_roots(besides=earlier) == []


def test_without_forgetting_the_nodes_wait_for_a_collection() -> None:
    # What the test above guards against: parent and child hold each other.
    earlier = live_roots()
    document = JsonDocument.parse(DOCUMENT)
    decode_every_node(document)
    del document
    assert len(live_roots(besides=earlier)) == 1


def test_nodes_work_after_forgetting() -> None:
    document = JsonDocument.parse(DOCUMENT)
    held = document.root.child(7).child(1).child(0).child(1)  # $[7].colors[0].name
    document.root.forget_children()
    assert held.path() == "$[7].colors[0].name"  # its parents are still there
    assert held.display_value == "Coral"
    again = document.root.child(7).child(1).child(0).child(1)
    assert again is not held  # decoded anew on demand
    assert again.path() == held.path()
    assert again.display_value == "Coral"
    assert document.root.child_count == 50
