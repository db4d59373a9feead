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
from vody_desktop.compare.engine import ChildPair, pair_children
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.node import JsonNode, path_segment

#: A step of a place: a step on A (or on both sides), or ("B", step) for a value only in B (B's
#: [7] is another item than A's [7]).
PlaceStep = PathStep | tuple[str, PathStep]
Place = tuple[PlaceStep, ...]


class Row:
    """One row: a difference, a container on the way to one, or (whole structure) a value."""

    __slots__ = (
        "_by_step",
        "children",
        "difference",
        "index",
        "inherited",
        "label",
        "node_a",
        "node_b",
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
        node_a: JsonNode | None = None,
        node_b: JsonNode | None = None,
    ) -> None:
        self.parent = parent
        self.row = 0  # set by `add`
        self.label = label
        self.place = place
        self.node_a = node_a
        self.node_b = node_b
        #: The difference this row is, and its position in the comparison's list.
        self.difference: Difference | None = None
        self.index = -1
        #: Added or removed because an ancestor is (a field of an added item).
        self.inherited: DifferenceKind | None = None
        #: None until paired (whole structure); the differences-only tree has them all.
        self.children: list[Row] | None = None
        self._by_step: dict[PlaceStep, Row] | None = None

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
        structure (the containers on the way are paired with `pair_children`, once each), so
        a row reads the same in both modes.
        """
        a, b = self.document_a, self.document_b
        root = Row(None, "$", (), node_a=a.root if a else None, node_b=b.root if b else None)
        root.children = []
        pairs: dict[int, dict[PlaceStep, ChildPair]] = {}
        for index, (difference, place) in enumerate(
            zip(self.comparison.differences, self.places, strict=True)
        ):
            row = root
            for depth, step in enumerate(place):
                child = row.child_for(step)
                if child is None:
                    pair = self._pair_of(row, step, pairs)
                    if pair is None:
                        child = Row(
                            row, self._item_label(difference, step, depth), place[: depth + 1]
                        )
                    else:
                        child = Row(
                            row,
                            pair.label,
                            place[: depth + 1],
                            node_a=pair.node_a,
                            node_b=pair.node_b,
                        )
                    row.add(child)
                    child.children = []
                row = child
            row.difference = difference
            row.index = index
        return root

    def _pair_of(
        self, row: Row, step: PlaceStep, pairs: dict[int, dict[PlaceStep, ChildPair]]
    ) -> ChildPair | None:
        """The child of `row` at `step` as `pair_children` pairs it (None without documents)."""
        if row.node_a is None or row.node_b is None:
            return None
        found = pairs.get(id(row))
        if found is None:
            found = pairs[id(row)] = {}
            for pair in pair_children(row.node_a, row.node_b, self.options):
                if pair.node_a is not None:
                    assert pair.step_a is not None
                    found[pair.step_a] = pair
                elif pair.step_b is not None:
                    found[("B", pair.step_b)] = pair
        return found.get(step)

    # -- the whole structure -----------------------------------------------------------------
    def whole(self) -> Row:
        """The root row of the merged structure; `children_of` pairs each row's children."""
        assert self.document_a is not None
        assert self.document_b is not None
        root = Row(None, "$", (), node_a=self.document_a.root, node_b=self.document_b.root)
        self._mark(root)
        return root

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
        for pair in pair_children(row.node_a, row.node_b, self.options):
            step: PlaceStep | None = pair.step_a
            if pair.node_a is None:
                assert pair.step_b is not None
                step = ("B", pair.step_b)
            assert step is not None
            child = row.add(
                Row(row, pair.label, (*row.place, step), node_a=pair.node_a, node_b=pair.node_b)
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
