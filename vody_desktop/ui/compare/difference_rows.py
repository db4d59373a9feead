"""The rows of the differences tree, without Qt: built from a `Comparison` (differences only) or
lazily from the two documents (the whole merged structure).

Every difference has one place in the tree: its path on A, or for an added value the path on B
with the item's step put back on A when the item itself is on both sides (an item matched by
its key may sit at [3] in A and [5] in B: a field added to it belongs under A's [3], beside the
fields changed in it). Both trees use these places, so the next difference is found the same
way in either, and a container row knows how many differences lie below it.

- `DifferenceTree.only_differences()` builds the rows on the way to a difference, at once (on a
  worker thread: a comparison of two unrelated files can hold a million differences).
- `DifferenceTree.whole()` gives the root of the merged structure; each row's children are
  paired (the engine's `pair_children`) when first asked for, so 1.26 M nodes are never rows at
  once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import msgspec

from vody_desktop.compare.differences import (
    CompareOptions,
    Comparison,
    Difference,
    DifferenceKind,
    PathStep,
)
from vody_desktop.compare.engine import pair_children
from vody_desktop.compare.matching import pair_raw
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.node import JsonNode, NodeKind, path_segment

#: A step of a place: a step on A (or on both sides), or ("B", step) for a value only in B (B's
#: [7] is another item than A's [7]).
PlaceStep = PathStep | tuple[str, PathStep]
Place = tuple[PlaceStep, ...]
#: A row's value on one side: its node, its row in the parent's node, or nothing.
NodeRef = JsonNode | int | None


@dataclass(frozen=True, slots=True)
class Paired:
    """A child of two paired containers, light: its name and its rows (not yet its nodes)."""

    label: str
    a: NodeRef
    b: NodeRef
    #: Whether it has rows below it, when known without making its nodes.
    expandable: bool | None = None


class Row:
    """One row: a difference, a container on the way to one, or (whole structure) a value."""

    __slots__ = (
        "_a",
        "_b",
        "_by_step",
        "_expandable",
        "children",
        "difference",
        "index",
        "inherited",
        "label",
        "parent",
        "place",
        "row",
    )

    def __init__(
        self,
        parent: Row | None,
        label: str,
        place: Place,
        *,
        node_a: NodeRef = None,
        node_b: NodeRef = None,
        expandable: bool | None = None,
    ) -> None:
        self.parent = parent
        self.row = 0  # set by `add`
        self.label = label
        self.place = place
        # A node, or its row in the parent's node: made when first read (72,000 items are
        # 72,000 rows, and their nodes wait until a row is painted or opened).
        self._a = node_a
        self._b = node_b
        self._expandable = expandable
        #: The difference this row is, and its position in the comparison's list.
        self.difference: Difference | None = None
        self.index = -1
        #: Added or removed because an ancestor is (a field of an added item).
        self.inherited: DifferenceKind | None = None
        #: None until paired (whole structure); the differences-only tree has them all.
        self.children: list[Row] | None = None
        self._by_step: dict[PlaceStep, Row] | None = None

    @property
    def node_a(self) -> JsonNode | None:
        node = self._a
        if isinstance(node, int):
            parent = self.parent.node_a if self.parent is not None else None
            node = self._a = parent.child(node) if parent is not None else None
        return node

    @property
    def node_b(self) -> JsonNode | None:
        node = self._b
        if isinstance(node, int):
            parent = self.parent.node_b if self.parent is not None else None
            node = self._b = parent.child(node) if parent is not None else None
        return node

    @property
    def kind(self) -> DifferenceKind | None:
        if self.difference is not None:
            return self.difference.kind
        return self.inherited

    def child_for(self, step: PlaceStep) -> Row | None:
        """The child at this place step (children must be there)."""
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


def step_label(step: PlaceStep) -> str:
    if isinstance(step, tuple):
        step = step[1]
    return f"[{step}]" if isinstance(step, int) else step


@dataclass(frozen=True)
class _ItemsAt:
    """Where the list of items is (its number of steps) and the key it was matched by."""

    depth: int
    key_field: str | None


def _items_at(comparison: Comparison) -> _ItemsAt | None:
    items = comparison.items
    if items is None:
        return None
    for difference in comparison.differences:
        if difference.item is None:
            continue
        steps = difference.steps
        for depth in range(len(steps) + 1):
            if "$" + "".join(path_segment(step) for step in steps[:depth]) == items.path:
                return _ItemsAt(depth, items.key_field)
        return None
    return None


def place_of(difference: Difference, items_at: _ItemsAt | None) -> Place:
    """Where `difference` sits in the tree (see the module docstring)."""
    steps: Place = difference.steps
    if difference.kind is not DifferenceKind.ADDED or not steps:
        return steps
    item = difference.item
    if (
        item is not None
        and item.index_a is not None
        and items_at is not None
        and len(steps) > items_at.depth + 1
    ):
        depth = items_at.depth
        steps = (*steps[:depth], item.index_a, *steps[depth + 1 :])
    last = steps[-1]
    assert not isinstance(last, tuple)
    return (*steps[:-1], ("B", last))


class DifferenceTree:
    """The places of a comparison's differences, and the two ways of showing them as rows."""

    def __init__(
        self,
        comparison: Comparison,
        document_a: JsonDocument | None = None,
        document_b: JsonDocument | None = None,
        options: CompareOptions | None = None,
    ) -> None:
        self.comparison = comparison
        self.document_a = document_a
        self.document_b = document_b
        self.options = options or CompareOptions()
        self._items_at = _items_at(comparison)
        self._pairings: dict[Place, dict[PlaceStep, Paired]] = {}
        self._whole: Row | None = None
        self.places: list[Place] = [place_of(d, self._items_at) for d in comparison.differences]
        self._at_place: dict[Place, int] = {place: n for n, place in enumerate(self.places)}
        #: How many differences lie strictly below each place.
        self.below: Counter[Place] = Counter()
        for place in self.places:
            for depth in range(len(place)):
                self.below[place[:depth]] += 1

    # -- labels ------------------------------------------------------------------------------
    def _item_label(self, difference: Difference | None, step: PlaceStep, depth: int) -> str:
        """An item of the list as the engine's `pair_children` names it: "[image_path =
        img/1.jpg]" when matched by a key field, else by its position, "[3]"."""
        at = self._items_at
        item = difference.item if difference is not None else None
        if at is None or item is None or depth != at.depth or not at.key_field:
            return step_label(step)
        return f"[{at.key_field} = {item.key}]"

    # -- differences only --------------------------------------------------------------------
    def only_differences(self) -> Row:
        """The rows on the way to each difference, all built (no Qt: run it on a worker).

        With the two documents, each row is named and holds its values as in the whole
        structure (each container on the way is paired once, `pairs_of`), so a row reads the
        same in both modes.
        """
        a, b = self.document_a, self.document_b
        root = Row(None, "$", (), node_a=a.root if a else None, node_b=b.root if b else None)
        root.children = []
        for index, (difference, place) in enumerate(
            zip(self.comparison.differences, self.places, strict=True)
        ):
            row = root
            for depth, step in enumerate(place):
                child = row.child_for(step)
                if child is None:
                    pair = self._item_pair(difference, depth) or self.pairs_of(row).get(step)
                    if pair is None:
                        label = self._item_label(difference, step, depth)
                        child = Row(row, label, place[: depth + 1])
                    else:
                        child = Row(
                            row, pair.label, place[: depth + 1], node_a=pair.a, node_b=pair.b
                        )
                    row.add(child)
                    child.children = []
                row = child
            row.difference = difference
            row.index = index
        return root

    def _item_pair(self, difference: Difference, depth: int) -> Paired | None:
        """An item of the compared list, as the comparison paired it (pairing the list again
        would take a third of a second for 72,000 items)."""
        at, item = self._items_at, difference.item
        if at is None or item is None or depth != at.depth or self.document_a is None:
            return None
        if at.key_field:
            label = f"[{at.key_field} = {item.key}]"
        else:
            label = f"[{item.index_a if item.index_a is not None else item.index_b}]"
        return Paired(label, item.index_a, item.index_b)

    @property
    def whole_ready(self) -> bool:
        """Whether the whole structure's top level is paired already."""
        return self._whole is not None and self._whole.children is not None

    def top_size(self) -> int:
        """How many members the larger of the two top-level values has."""
        sizes = [
            d.root.child_count
            for d in (self.document_a, self.document_b)
            if d is not None and d.root.is_container
        ]
        return max(sizes, default=0)

    def pairs_of(self, row: Row) -> dict[PlaceStep, Paired]:
        """The children of a row's two values, paired as the engine pairs them, by place
        step (once per place: both modes share them). Empty without both documents or when
        the two values are not containers of one type."""
        found = self._pairings.get(row.place)
        if found is not None:
            return found
        found = self._pairings[row.place] = {}
        a, b = row.node_a, row.node_b
        if a is None and b is None:
            return found
        if a is not None and b is not None and a.kind is b.kind is NodeKind.ARRAY:
            # The engine's own pairing, without a node per member (see Row).
            raw_a, raw_b = a.children_raw(), b.children_raw()
            pairing = pair_raw(raw_a, raw_b, self.options.key_field)
            field = pairing.key_field
            # Which members have members of their own, read from two bytes each: a view lays
            # out every row of a long list and asks each whether it has children.
            filled_a = a.children_with_children(0, len(raw_a))
            filled_b = b.children_with_children(0, len(raw_b))
            for index_a, index_b, key in pairing.pairs:
                label = (
                    f"[{field} = {key}]"
                    if field is not None
                    else f"[{index_a if index_a is not None else index_b}]"
                )
                if index_a is not None and index_b is not None:
                    same = memoryview(raw_a[index_a])[0] == memoryview(raw_b[index_b])[0]
                    expandable = same and (filled_a[index_a] or filled_b[index_b])
                elif index_a is not None:
                    expandable = filled_a[index_a]
                else:
                    assert index_b is not None
                    expandable = filled_b[index_b]
                step: PlaceStep = index_a if index_a is not None else ("B", index_b or 0)
                found[step] = Paired(label, index_a, index_b, expandable)
            return found
        for pair in pair_children(a, b, self.options):
            if pair.node_a is not None:
                assert pair.step_a is not None
                found[pair.step_a] = Paired(pair.label, pair.node_a, pair.node_b)
            elif pair.step_b is not None:
                found[("B", pair.step_b)] = Paired(pair.label, None, pair.node_b)
        return found

    # -- the whole structure -----------------------------------------------------------------
    def whole(self) -> Row:
        """The root row of the merged structure (made once); `children_of` pairs each row's
        children when first asked for."""
        if self._whole is None:
            assert self.document_a is not None
            assert self.document_b is not None
            a, b = self.document_a.root, self.document_b.root
            self._whole = Row(None, "$", (), node_a=a, node_b=b)
            self._mark(self._whole)
        return self._whole

    def prepare_whole(self) -> None:
        """Pair the top level of the whole structure now (on the worker: 72,000 items are
        72,000 rows, which the UI thread would otherwise make when "Differences only" goes off)."""
        if self.document_a is not None and self.document_b is not None:
            self.children_of(self.whole())

    def _mark(self, row: Row) -> None:
        index = self._at_place.get(row.place)
        if index is not None:
            row.difference = self.comparison.differences[index]
            row.index = index
        elif row.parent is not None and row.parent.kind in (
            DifferenceKind.ADDED,
            DifferenceKind.REMOVED,
        ):
            row.inherited = row.parent.kind

    def expandable(self, row: Row) -> bool:
        """Whether the row has rows below it (without pairing them)."""
        if row.children is not None:
            return bool(row.children)
        if row._expandable is not None:  # known when it was paired
            return row._expandable
        a, b = row.node_a, row.node_b
        if a is not None and b is not None:
            # Two values of different types are one changed value: nothing to pair below it.
            return a.kind == b.kind and (a.has_children or b.has_children)
        node = a if a is not None else b
        return node is not None and node.has_children

    def children_of(self, row: Row) -> list[Row]:
        """The row's children, paired on first use (whole structure)."""
        if row.children is not None:
            return row.children
        expandable = self.expandable(row)
        row.children = []
        if not expandable:
            return row.children
        for step, pair in self.pairs_of(row).items():
            child = row.add(
                Row(
                    row,
                    pair.label,
                    (*row.place, step),
                    node_a=pair.a,
                    node_b=pair.b,
                    expandable=pair.expandable,
                )
            )
            self._mark(child)
        return row.children

    def row_at(self, root: Row, place: Place) -> Row | None:
        """The row at `place` (pairing the children on the way), or None."""
        row = root
        for step in place:
            self.children_of(row)
            child = row.child_for(step)
            if child is None:
                return None
            row = child
        return row


def node_value(node: JsonNode) -> Any:
    """A leaf node's value, decoded (for the value columns of the whole structure)."""
    return msgspec.json.decode(node.raw)
