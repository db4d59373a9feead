"""`Row`: one row of the differences tree (no Qt), and the steps that name its place.

A row is a difference, a container on the way to one, a value of the whole merged structure,
or a range of a long array's members ("[0 … 999]", row_ranges.py): a row of the view that is
not a level of the JSON, so it has its array's place and a `span` of the array's rows.
"""

from __future__ import annotations

from vody_desktop.compare.differences import Difference, DifferenceKind, PathStep
from vody_desktop.compare.engine import ChildPair
from vody_desktop.compare.matching import MemberPair
from vody_desktop.document.node import JsonNode

#: A step of a place: a step on A (or on both sides), or ("B", step) for a value only in B (B's
#: [7] is another item than A's [7]).
PlaceStep = PathStep | tuple[str, PathStep]
Place = tuple[PlaceStep, ...]


class Row:
    """One row: a difference, a container on the way to one, (whole structure) a value, or a
    range of an array's members."""

    __slots__ = (
        "_by_step",
        "_member",
        "_node_a",
        "_node_b",
        "_pair",
        "children",
        "difference",
        "index",
        "inherited",
        "key_field",
        "label",
        "members",
        "parent",
        "place",
        "row",
        "span",
    )

    def __init__(
        self,
        parent: Row | None,
        label: str,
        place: Place,
        *,
        pair: ChildPair | None = None,
        node_a: JsonNode | None = None,
        node_b: JsonNode | None = None,
        member: MemberPair | None = None,
    ) -> None:
        self.parent = parent
        self.row = 0  # set by `add`
        self.label = label
        self.place = place
        # The two values: the engine's pair (it makes an array member's node when first
        # read), or the nodes themselves (the root).
        self._pair = pair
        self._node_a = node_a
        self._node_b = node_b
        # Or a member of a range (its indexes on A and B): its nodes are made from the
        # array's when first read, with no pair object (row_ranges.py says why).
        self._member = member
        #: The difference this row is, and its position in the comparison's list.
        self.difference: Difference | None = None
        self.index = -1
        #: Added or removed because an ancestor is (a field of an added item).
        self.inherited: DifferenceKind | None = None
        #: None until paired (whole structure); the differences-only tree has them all.
        self.children: list[Row] | None = None
        self._by_step: dict[PlaceStep, Row] | None = None
        #: A range row: its array's rows `span[0]` to `span[1] - 1`, their members as the
        #: matcher paired them and the key field it matched by (the member rows are made from
        #: them when the range is first opened).
        self.span: tuple[int, int] | None = None
        self.members: list[MemberPair] = []
        self.key_field: str | None = None

    @property
    def node_a(self) -> JsonNode | None:
        if self._pair is not None:
            return self._pair.node_a
        if self._node_a is None and self._member is not None:
            self._node_a = self._member_node(0)
        return self._node_a

    @property
    def node_b(self) -> JsonNode | None:
        if self._pair is not None:
            return self._pair.node_b
        if self._node_b is None and self._member is not None:
            self._node_b = self._member_node(1)
        return self._node_b

    def _member_node(self, side: int) -> JsonNode | None:
        assert self._member is not None
        index = self._member[0] if side == 0 else self._member[1]
        holder = self.value_parent
        if index is None or holder is None:
            return None
        array = holder.node_a if side == 0 else holder.node_b
        return array.child(index) if array is not None else None

    @property
    def steps(self) -> tuple[PathStep | None, PathStep | None]:
        """This row's step in its parent's value on A and on B (None: not on that side)."""
        if self._pair is not None:
            return self._pair.step_a, self._pair.step_b
        if self._member is not None:
            return self._member[0], self._member[1]
        return None, None

    @property
    def kind(self) -> DifferenceKind | None:
        if self.difference is not None:
            return self.difference.kind
        return self.inherited

    @property
    def value_parent(self) -> Row | None:
        """The row of the value this row's value sits in (its parent, past a range row)."""
        parent = self.parent
        while parent is not None and parent.span is not None:
            parent = parent.parent
        return parent

    @property
    def has_ranges(self) -> bool:
        """Whether this row's children are ranges of its members (row_ranges.py)."""
        children = self.children or []
        return bool(children) and children[0].span is not None

    def child_for(self, step: PlaceStep) -> Row | None:
        """The child at this place step (children must be there, and not ranges)."""
        if self._by_step is None:
            self._by_step = {child.place[-1]: child for child in self.children or ()}
        return self._by_step.get(step)

    def add(self, child: Row) -> Row:
        if self.children is None:
            self.children = []
        child.row = len(self.children)
        self.children.append(child)
        if self._by_step is not None:
            self._by_step[child.place[-1]] = child
        return child

    def set_ranges(self, ranges: list[Row]) -> list[Row]:
        """Show `ranges` as this row's children (returned)."""
        for number, piece in enumerate(ranges):
            piece.row = number
        self.children = ranges
        return ranges


def step_label(step: PlaceStep) -> str:
    if isinstance(step, tuple):
        step = step[1]
    return f"[{step}]" if isinstance(step, int) else step
