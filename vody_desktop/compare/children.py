"""The children of two matched containers, paired for the window's side-by-side tree.

`pair_children` pairs exactly as the walk does (matching.py): object members by key, arrays of
objects by their key field, other arrays by position.
"""

from __future__ import annotations

from vody_desktop.compare.differences import CompareOptions, PathStep
from vody_desktop.compare.matching import MemberPair, member_list, pair_raw
from vody_desktop.document.node import JsonNode, NodeKind


class ChildPair:
    """Two children of two matched containers that belong together (one side None when the
    child is only on the other). `label` is what the side-by-side tree shows: the object key,
    "[3]" (by position, A's index or B's for a child only in B) or "[image_path = img/1.jpg]".

    Read-only, like a frozen dataclass of (label, step_a, step_b, node_a, node_b). The pairs of
    an array's members make their nodes when `node_a`/`node_b` is first read: the tree shows a
    few rows of 72,000, and making every node up front took most of a second.
    """

    # Two slots, set once each: making 72,000 pairs is a third of the time it was with one
    # slot per field (each set through object.__setattr__, the class being read-only).
    __slots__ = ("_names", "_nodes")

    _names: tuple[str, PathStep | None, PathStep | None]
    #: [node_a, node_b, parent_a, parent_b]; a missing node is made from its parent once.
    _nodes: list[JsonNode | None]

    def __init__(
        self,
        label: str,
        step_a: PathStep | None,
        step_b: PathStep | None,
        node_a: JsonNode | None,
        node_b: JsonNode | None,
    ) -> None:
        object.__setattr__(self, "_names", (label, step_a, step_b))
        object.__setattr__(self, "_nodes", [node_a, node_b, None, None])

    @classmethod
    def of_members(
        cls,
        label: str,
        parent_a: JsonNode,
        row_a: int | None,
        parent_b: JsonNode,
        row_b: int | None,
    ) -> ChildPair:
        """The pair of members `row_a` of array `parent_a` and `row_b` of `parent_b`."""
        pair = cls.__new__(cls)
        object.__setattr__(pair, "_names", (label, row_a, row_b))
        object.__setattr__(pair, "_nodes", [None, None, parent_a, parent_b])
        return pair

    @property
    def label(self) -> str:
        """What the tree shows for the pair."""
        return self._names[0]

    @property
    def step_a(self) -> PathStep | None:
        """The child's key or index in A (None when it is only in B)."""
        return self._names[1]

    @property
    def step_b(self) -> PathStep | None:
        """The child's key or index in B (None when it is only in A)."""
        return self._names[2]

    @property
    def node_a(self) -> JsonNode | None:
        """A's child (None when it is only in B)."""
        return self._node(0, self._names[1])

    @property
    def node_b(self) -> JsonNode | None:
        """B's child (None when it is only in A)."""
        return self._node(1, self._names[2])

    def _node(self, side: int, step: PathStep | None) -> JsonNode | None:
        nodes = self._nodes
        node = nodes[side]
        parent = nodes[side + 2]
        if node is None and parent is not None and step is not None:
            node = nodes[side] = parent.child(int(step))
        return node

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"ChildPair is read-only: cannot set {name}")

    def _fields(self) -> tuple[object, ...]:
        return (self.label, self.step_a, self.step_b, self.node_a, self.node_b)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ChildPair):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash((self.label, self.step_a, self.step_b))

    def __repr__(self) -> str:
        return (
            f"ChildPair(label={self.label!r}, step_a={self.step_a!r}, step_b={self.step_b!r}, "
            f"node_a={self.node_a!r}, node_b={self.node_b!r})"
        )


def pair_children(
    a: JsonNode | None, b: JsonNode | None, options: CompareOptions
) -> list[ChildPair]:
    """The children of two matched containers, paired as `compare_documents` pairs them (keys
    of objects; arrays of objects by key field, else by position). A container against a
    missing value or a value of another type: A's children, then B's, each alone."""
    kind_a = a.kind if a is not None else None
    kind_b = b.kind if b is not None else None
    if a is not None and b is not None and kind_a is kind_b is NodeKind.OBJECT:
        rows_b = {str(b.child(row).key): row for row in range(b.child_count)}
        pairs = []
        for row in range(a.child_count):
            child = a.child(row)
            key = str(child.key)
            row_b = rows_b.pop(key, None)
            pairs.append(
                ChildPair(key, key, key if row_b is not None else None, child, _child(b, row_b))
            )
        for key_b, row_b in rows_b.items():
            pairs.append(ChildPair(str(key_b), None, str(key_b), None, b.child(row_b)))
        return pairs
    if a is not None and b is not None and kind_a is kind_b is NodeKind.ARRAY:
        pairing = pair_raw(member_list(a), member_list(b), options.key_field)
        return [_array_child(a, b, pairing.key_field, pair) for pair in pairing.pairs]
    return _alone(a) + _alone(b, side_b=True)


def _array_child(a: JsonNode, b: JsonNode, field: str | None, pair: MemberPair) -> ChildPair:
    index_a, index_b, key = pair
    index = index_a if index_a is not None else index_b
    label = f"[{field} = {key}]" if field is not None else f"[{index}]"
    return ChildPair.of_members(label, a, index_a, b, index_b)


def _child(node: JsonNode, row: int | None) -> JsonNode | None:
    return None if row is None else node.child(row)


def _alone(node: JsonNode | None, *, side_b: bool = False) -> list[ChildPair]:
    if node is None or not node.is_container:
        return []
    pairs = []
    for row in range(node.child_count):
        child = node.child(row)
        step: PathStep = row if node.kind is NodeKind.ARRAY else str(child.key)
        label = f"[{row}]" if isinstance(step, int) else step
        if side_b:
            pairs.append(ChildPair(label, None, step, None, child))
        else:
            pairs.append(ChildPair(label, step, None, child, None))
    return pairs
