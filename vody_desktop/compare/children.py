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

    __slots__ = ("_node_a", "_node_b", "_parent_a", "_parent_b", "label", "step_a", "step_b")

    label: str
    step_a: PathStep | None
    step_b: PathStep | None
    _node_a: JsonNode | None
    _node_b: JsonNode | None
    _parent_a: JsonNode | None
    _parent_b: JsonNode | None

    def __init__(
        self,
        label: str,
        step_a: PathStep | None,
        step_b: PathStep | None,
        node_a: JsonNode | None,
        node_b: JsonNode | None,
    ) -> None:
        for name, value in (
            ("label", label),
            ("step_a", step_a),
            ("step_b", step_b),
            ("_node_a", node_a),
            ("_node_b", node_b),
            ("_parent_a", None),
            ("_parent_b", None),
        ):
            object.__setattr__(self, name, value)

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
        pair = cls(label, row_a, row_b, None, None)
        object.__setattr__(pair, "_parent_a", parent_a)
        object.__setattr__(pair, "_parent_b", parent_b)
        return pair

    @property
    def node_a(self) -> JsonNode | None:
        """A's child (None when it is only in B)."""
        if self._node_a is None and self._parent_a is not None and self.step_a is not None:
            object.__setattr__(self, "_node_a", self._parent_a.child(int(self.step_a)))
        return self._node_a

    @property
    def node_b(self) -> JsonNode | None:
        """B's child (None when it is only in A)."""
        if self._node_b is None and self._parent_b is not None and self.step_b is not None:
            object.__setattr__(self, "_node_b", self._parent_b.child(int(self.step_b)))
        return self._node_b

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
