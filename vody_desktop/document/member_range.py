"""Ranges of a very long array's members: the "[0 … 9,999]" rows of the tree, and what they copy as.

Qt lays out every sibling row of a tree at once (about 150 ns a row here: 100,000 rows take
10-15 ms, the 720,000 members of a 250 MB result 80-160 ms, a stall the person feels). Browser
devtools and dedicated JSON viewers group a long array's members into ranges instead; so does
the tree here: an array of more than `MAX_FLAT` members shows ranges of `RANGE_SIZE` members
("[0 … 9,999]"), ranges of ranges when even those would be more than `RANGE_SIZE` rows. Opening a
range shows its members with their real indexes. A range is not a JSON level: a member's path
is its real JSONPath (`$[123456]`), and a range's own path is the RFC 9535 slice that selects
exactly its members (`$[120000:130000]`, the end excluded).

Objects are not grouped: a range of keys has no JSONPath of its own, and results with 100,000
keys in one object are not what this app is shown.

Plain Python over `JsonNode`: no Qt here (the tree model in ui/result uses it).
"""

from __future__ import annotations

from typing import Any

from vody_desktop.document.node import JsonNode, NodeKind

#: An array with more members than this shows ranges. The 72,000 items of a 25 MB result stay
#: one flat list (laid out in 5-10 ms here); 100,000 rows take 10-15 ms.
MAX_FLAT = 100_000
#: Members per range (a range of ranges holds this many ranges).
RANGE_SIZE = 10_000


def range_step(node: JsonNode) -> int:
    """Members per row of `node`'s children: 1 (flat), or `RANGE_SIZE` ** k for ranges."""
    if node.kind is not NodeKind.ARRAY:
        return 1
    count = node.child_count
    if count <= MAX_FLAT:
        return 1
    step = RANGE_SIZE
    while -(-count // step) > RANGE_SIZE:
        step *= RANGE_SIZE
    return step


def inner_step(step: int) -> int:
    """Members per row inside a range whose rows held `step` members each."""
    return step // RANGE_SIZE


def range_label(first: int, stop: int) -> str:
    """What the Key column shows for members `first` to `stop - 1`: "[0 … 9,999]"."""
    return f"[{first:,} … {stop - 1:,}]"


def range_cells(container: JsonNode, first: int, stop: int) -> tuple[str, str, str]:
    """The Key, Value and Type columns of a range row: "[0 … 9,999]", "10,000 items", "range"."""
    count = stop - first
    return range_label(first, stop), f"{count:,} item{'s' if count != 1 else ''}", "range"


def range_tooltip(container: JsonNode, first: int, stop: int) -> str:
    """What a range row's value says when pointed at."""
    return (
        f"Items {first:,} to {stop - 1:,} of the {container.child_count:,} in "
        f"{container.path()}, grouped so that the list opens quickly. Open the row to see them."
    )


def range_path(container: JsonNode, first: int, stop: int) -> str:
    """The JSONPath slice of members `first` to `stop - 1`: "$[10000:20000]"."""
    return f"{container.path()}[{first}:{stop}]"


class RangeNode(JsonNode):
    """Members `first` to `stop - 1` of an array, as a JSON array of their exact source text.

    What copying, exporting or showing a range row gives: a value of its own (not part of the
    document's tree: its parent is None), whose `path()` is the slice in the document. Its bytes
    (3.5 MB for 10,000 items of a 250 MB result) are joined only when something reads them: a
    range row that merely becomes the current row costs nothing.
    """

    __slots__ = ("container", "first", "joined", "stop")

    def __init__(self, container: JsonNode, first: int, stop: int) -> None:
        super().__init__(memoryview(b"[]"), key=range_label(first, stop))
        self.container = container
        self.first = first
        self.stop = stop
        self.depth = container.depth + 1
        self.joined = False

    def __repr__(self) -> str:
        return f"<RangeNode {self.path()}>"

    @property
    def count(self) -> int:
        """How many members the range holds."""
        return self.stop - self.first

    @property
    def has_children(self) -> bool:
        return True  # a range is never empty

    @property
    def raw(self) -> memoryview:
        self._join()
        return self._view

    def path(self) -> str:
        return range_path(self.container, self.first, self.stop)

    def child(self, row: int) -> JsonNode:
        """The real member (its path is `$[first + row]`, not an index into the range)."""
        if not 0 <= row < self.count:
            raise IndexError(f"row {row} out of range for a range of {self.count}")
        return self.container.child(self.first + row)

    def to_python(self) -> Any:
        self._join()
        return super().to_python()

    def _ensure_level(self) -> None:
        self._join()
        super()._ensure_level()

    def _join(self) -> None:
        if self.joined:
            return
        container = self.container
        members = b",".join(bytes(container.child_raw(row)) for row in range(self.first, self.stop))
        self._view = memoryview(b"[" + members + b"]")
        self.joined = True
