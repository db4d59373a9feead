"""Finding the lists of items in a result: arrays of objects, at the top or a few levels down.

A result that is an array of objects is one source (`$`); an object holding such arrays (at
any depth up to `MAX_DEPTH`) gives one source per array, named by its JSONPath (`$.results`).
Only the first bytes of the members are looked at (no member is decoded), so a 72,000-item
array is recognised in milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from vody_desktop.document.node import JsonNode, NodeKind

#: How many levels below the root an array of items may sit ($.a.b.items is depth 3).
MAX_DEPTH = 3
#: An array is taken as items when its first members (up to this many) are all objects.
SAMPLE_MEMBERS = 64
#: Objects with more members than this are not searched for arrays (they are data, not a wrapper).
MAX_WRAPPER_KEYS = 200
_BRACE = ord("{")


@dataclass(frozen=True, eq=False)
class ItemSource:
    """One array of objects in the document: where it is and how many items it holds."""

    path: str
    node: JsonNode

    @property
    def count(self) -> int:
        return self.node.child_count

    @property
    def label(self) -> str:
        """How the chooser names it: "$.results (500 items)"."""
        noun = "item" if self.count == 1 else "items"
        return f"{self.path} ({self.count:,} {noun})"

    def item_raw(self, row: int) -> memoryview:
        """The bytes of item `row` (a view into the document; nothing is decoded)."""
        return self.node.child_raw(row)


def is_item_array(node: JsonNode) -> bool:
    """True for a non-empty array whose first members are objects."""
    if node.kind is not NodeKind.ARRAY or not node.has_children:
        return False
    sample = min(node.child_count, SAMPLE_MEMBERS)
    return all(node.child_raw(row)[0] == _BRACE for row in range(sample))


def find_item_sources(root: JsonNode, max_depth: int = MAX_DEPTH) -> list[ItemSource]:
    """Every array of objects in the document, the largest first (ties in document order)."""
    found = list(_walk(root, max_depth))
    found.sort(key=lambda source: -source.count)  # stable: document order among equals
    return found


def _walk(root: JsonNode, max_depth: int) -> Iterator[ItemSource]:
    stack = [root]
    while stack:
        node = stack.pop()
        if is_item_array(node):
            yield ItemSource(node.path(), node)
            continue  # the items' own arrays are columns, not sources
        if (
            node.kind is NodeKind.OBJECT
            and node.depth < max_depth
            and node.child_count <= MAX_WRAPPER_KEYS
        ):
            children = [node.child(row) for row in range(node.child_count)]
            stack.extend(child for child in reversed(children) if child.is_container)
