"""The rows of the differences tree, without Qt: built from a `Comparison` (differences only) or
lazily from the two documents (the whole merged structure).

Every difference has one place in the tree: its steps on A, and for an added value its steps on
B turned into A's (an item matched by its key may be A's [3] and B's [5]: a field added to it
belongs under A's [3], beside the fields changed in it), the last one marked as B's. Both trees
use these places, so the next difference is found the same way in either, and a container row
knows how many differences lie below it.

- `DifferenceTree.only_differences()` builds the rows on the way to a difference, at once (on a
  worker thread: a comparison of two unrelated files can hold a million differences).
- `DifferenceTree.whole()` gives the root of the merged structure; each row's children are
  paired (the engine's `pair_children`) when first asked for, so 1.26 M nodes are never rows at
  once, and a member's nodes are made only when its row is read. An array of more than a
  thousand members shows ranges of them ("[0 … 999]", row_ranges.py).

The tree reads the documents through root nodes of its own over their bytes: the main window
may show the same document in its tree, on another thread than the one that builds these rows,
and nodes are not shared across threads.
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
from vody_desktop.compare.matching import MemberPair, member_list, pair_raw
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.node import JsonNode, NodeKind, path_segment
from vody_desktop.ui.compare.row import Place, PlaceStep, Row, step_label
from vody_desktop.ui.compare.row_ranges import (
    member_rows,
    member_step,
    range_for,
    ranges_of,
    too_long,
)

__all__ = ["DifferenceTree", "Place", "PlaceStep", "Row", "node_value", "step_label"]


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


def _own_root(document: JsonDocument | None) -> JsonNode | None:
    """A root node over the document's bytes that shares no node with the document's own.

    An array's members are the document's (decoded when it was parsed, read-only since, so a
    25 MB list is not decoded again while holding the GIL), as the engine's own roots do."""
    if document is None:
        return None
    root = document.root
    if root.kind is NodeKind.ARRAY:
        members = root.children_raw()
        if not isinstance(members, list) or not members or isinstance(members[0], msgspec.Raw):
            return JsonNode(root.raw, level=(None, members))  # type: ignore[arg-type]
    return JsonNode(root.raw)


def _child_at(node: JsonNode | None, step: PathStep) -> JsonNode | None:
    """The child of `node` at `step` (an index, or a key), or None."""
    if node is None or not node.is_container:
        return None
    if isinstance(step, int):
        return node.child(step) if 0 <= step < node.child_count else None
    for row in range(node.child_count):
        child = node.child(row)
        if child.key == step:
            return child
    return None


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
        self.options = options or CompareOptions()
        self.root_a = _own_root(document_a)
        self.root_b = _own_root(document_b)
        self._items_at = _items_at(comparison)
        # B's index of a member -> A's, per pair of arrays (by the nodes' ids: they live as
        # long as the tree).
        self._partners: dict[tuple[int, int], dict[PathStep, PathStep]] = {}
        self.places: list[Place] = [self._place_of(d) for d in comparison.differences]
        self._at_place: dict[Place, int] = {place: n for n, place in enumerate(self.places)}
        #: How many differences lie strictly below each place.
        self.below: Counter[Place] = Counter()
        for place in self.places:
            for depth in range(len(place)):
                self.below[place[:depth]] += 1
        self._whole: Row | None = None

    # -- places ------------------------------------------------------------------------------
    def _place_of(self, difference: Difference) -> Place:
        """Where `difference` sits (see the module docstring)."""
        steps = difference.steps
        if difference.kind is not DifferenceKind.ADDED or not steps:
            return steps
        place: list[PlaceStep] = []
        node_a, node_b = self.root_a, self.root_b
        at, item = self._items_at, difference.item
        for depth, step in enumerate(steps[:-1]):
            if at is not None and item is not None and depth == at.depth:
                on_a: PathStep | None = item.index_a
            elif isinstance(step, str):
                on_a = step
            else:
                on_a = self._partner_on_a(node_a, node_b, step)
            if on_a is None:  # no documents to pair with: B's step is the best there is
                on_a = step
            place.append(on_a)
            node_a, node_b = _child_at(node_a, on_a), _child_at(node_b, step)
        return (*place, ("B", steps[-1]))

    def _partner_on_a(
        self, node_a: JsonNode | None, node_b: JsonNode | None, step_b: int
    ) -> PathStep | None:
        """A's member paired with B's member `step_b` (two arrays matched by key: other
        indexes), or None without both arrays."""
        if node_a is None or node_b is None:
            return None
        key = (id(node_a), id(node_b))
        partners = self._partners.get(key)
        if partners is None:
            partners = self._partners[key] = {
                pair.step_b: pair.step_a
                for pair in pair_children(node_a, node_b, self.options)
                if pair.step_a is not None and pair.step_b is not None
            }
        return partners.get(step_b)

    def _item_pair(
        self, row: Row, difference: Difference, depth: int
    ) -> tuple[str, ChildPair] | None:
        """An item of the compared list as the comparison paired it, named as the engine's
        `pair_children` names it (pairing the list again would take a third of a second for
        72,000 items)."""
        at, item = self._items_at, difference.item
        a, b = row.node_a, row.node_b
        if at is None or item is None or depth != at.depth or a is None or b is None:
            return None
        index = item.index_a if item.index_a is not None else item.index_b
        label = f"[{at.key_field} = {item.key}]" if at.key_field else f"[{index}]"
        return label, ChildPair.of_members(label, a, item.index_a, b, item.index_b)

    # -- differences only --------------------------------------------------------------------
    def only_differences(self) -> Row:
        """The rows on the way to each difference, all built (no Qt: run it on a worker).

        With the two documents each row is named and holds its two values as in the whole
        structure, so a row reads the same in both modes.
        """
        root = Row(None, "$", (), node_a=self.root_a, node_b=self.root_b)
        root.children = []
        pairs: dict[int, dict[PlaceStep, ChildPair]] = {}
        for index, (difference, place) in enumerate(
            zip(self.comparison.differences, self.places, strict=True)
        ):
            row = root
            for depth, step in enumerate(place):
                child = row.child_for(step)
                if child is None:
                    child = self._new_child(row, step, place[: depth + 1], difference, pairs)
                    child.children = []
                row = child
            row.difference = difference
            row.index = index
        return root

    def _new_child(
        self,
        row: Row,
        step: PlaceStep,
        place: Place,
        difference: Difference,
        pairs: dict[int, dict[PlaceStep, ChildPair]],
    ) -> Row:
        found = self._item_pair(row, difference, len(place) - 1)
        if found is not None:
            return row.add(Row(row, found[0], place, pair=found[1]))
        known = pairs.get(id(row))
        if known is None:
            known = pairs[id(row)] = self._pairs_by_step(row)
        pair = known.get(step)
        if pair is None:  # no documents: named by its step
            return row.add(Row(row, self._plain_label(difference, step, len(place) - 1), place))
        return row.add(Row(row, pair.label, place, pair=pair))

    def _plain_label(self, difference: Difference, step: PlaceStep, depth: int) -> str:
        at, item = self._items_at, difference.item
        if at is not None and item is not None and depth == at.depth and at.key_field:
            return f"[{at.key_field} = {item.key}]"
        return step_label(step)

    def _pairs_by_step(self, row: Row) -> dict[PlaceStep, ChildPair]:
        """The row's children as the engine pairs them, by place step."""
        a, b = row.node_a, row.node_b
        if a is None and b is None:
            return {}
        found: dict[PlaceStep, ChildPair] = {}
        for pair in pair_children(a, b, self.options):
            if pair.step_a is not None:
                found[pair.step_a] = pair
            elif pair.step_b is not None:
                found[("B", pair.step_b)] = pair
        return found

    # -- the whole structure -----------------------------------------------------------------
    def whole(self) -> Row:
        """The root row of the merged structure (made once); `children_of` pairs each row's
        children when first asked for."""
        if self._whole is None:
            self._whole = Row(None, "$", (), node_a=self.root_a, node_b=self.root_b)
            self._mark(self._whole)
        return self._whole

    @property
    def has_documents(self) -> bool:
        return self.root_a is not None and self.root_b is not None

    @property
    def whole_ready(self) -> bool:
        """Whether the whole structure's top level is paired already."""
        return self._whole is not None and self._whole.children is not None

    def prepare_whole(self) -> None:
        """Pair the top level of the whole structure now (on a worker: 72,000 items are
        72,000 rows, which the UI thread would otherwise make at once)."""
        if self.has_documents:
            self.children_of(self.whole())

    def top_size(self) -> int:
        """How many members the larger of the two top-level values has."""
        sizes = [r.child_count for r in (self.root_a, self.root_b) if r is not None]
        return max(sizes, default=0)

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
        """Whether the row has rows below it. A member of a long array is answered from its
        parent's bytes (no node made: a view asks every row it lays out)."""
        if row.children is not None:
            return bool(row.children)
        if row.span is not None:
            return True  # a range is never empty
        holder = row.value_parent
        peek_a = self._peek(holder.node_a if holder else None, row.steps[0])
        peek_b = self._peek(holder.node_b if holder else None, row.steps[1])
        if peek_a is not None or peek_b is not None:
            if row.steps[0] is not None and row.steps[1] is not None:
                if peek_a is None or peek_b is None:
                    return self._expandable_nodes(row)
                # Two values of different types are one changed value: nothing to pair below.
                return peek_a[0] == peek_b[0] and (peek_a[1] or peek_b[1])
            known = peek_a if peek_a is not None else peek_b
            assert known is not None
            return known[1]
        return self._expandable_nodes(row)

    @staticmethod
    def _peek(parent: JsonNode | None, step: PathStep | None) -> tuple[int, bool] | None:
        """(first byte, has members) of an array's member, from the array's bytes."""
        if parent is None or not isinstance(step, int) or parent.kind is not NodeKind.ARRAY:
            return None
        return parent.child_raw(step)[0], parent.children_with_children(step, step + 1)[0]

    @staticmethod
    def _expandable_nodes(row: Row) -> bool:
        a, b = row.node_a, row.node_b
        if a is not None and b is not None:
            return a.kind == b.kind and (a.has_children or b.has_children)
        node = a if a is not None else b
        return node is not None and node.has_children

    def children_of(self, row: Row) -> list[Row]:
        """The row's children, paired on first use (whole structure)."""
        if row.children is not None:
            return row.children
        if row.span is not None:  # a range: its members' rows, made when first opened
            children = member_rows(row)
        elif not self.expandable(row):
            children = []
        elif (long := self._long_array(row)) is not None:
            return row.set_ranges(ranges_of(row, *long))
        else:
            children = [
                Row(row, pair.label, (*row.place, step), pair=pair)
                for step, pair in self._pairs_by_step(row).items()
            ]
        row.children = []
        for child in children:
            self._mark(row.add(child))
        return row.children

    def _long_array(self, row: Row) -> tuple[list[MemberPair], str | None] | None:
        """A row's members as the matcher pairs them (plain tuples) with the key field, when it
        holds an array too long to show flat; else None."""
        a, b = row.node_a, row.node_b
        arrays = [n for n in (a, b) if n is not None and n.kind is NodeKind.ARRAY]
        if not arrays or not too_long(max(n.child_count for n in arrays)):
            return None
        if a is not None and b is not None:
            if a.kind is not b.kind:
                return None  # one changed value: nothing is paired below it
            pairing = pair_raw(member_list(a), member_list(b), self.options.key_field)
            return pairing.pairs, pairing.key_field
        if a is not None:  # an array only in A, or only in B: each member alone
            return [(index, None, "") for index in range(a.child_count)], None
        assert b is not None
        return [(None, index, "") for index in range(b.child_count)], None

    def row_at(self, root: Row, place: Place) -> Row | None:
        """The row at `place` (pairing the children on the way, through the range that holds
        a member of a long array), or None."""
        row = root
        for step in place:
            self.children_of(row)
            child = range_for(row, step) if row.has_ranges else row.child_for(step)
            if child is not None and child.span is not None:
                self.children_of(child)
                child = child.child_for(step)
            if child is None:
                return None
            row = child
        return row

    def below_of(self, row: Row) -> int:
        """How many differences lie below `row` (in a range: at or below its members)."""
        if row.span is None:
            return self.below.get(row.place, 0)
        count = 0
        for member in row.members:
            place = (*row.place, member_step(member))
            count += self.below.get(place, 0) + (place in self._at_place)
        return count

    def first_below(self, row: Row) -> int:
        """The number of the first difference below a row (in a range: at or below its
        members), or -1."""
        if not self.below_of(row):
            return -1
        depth = len(row.place)
        steps = {member_step(m) for m in row.members} if row.span is not None else None
        for number, place in enumerate(self.places):
            if place[:depth] != row.place:
                continue
            if steps is None or (len(place) > depth and place[depth] in steps):
                return number
        return -1


def node_value(node: JsonNode) -> Any:
    """A leaf node's value, decoded (for the value columns of the whole structure)."""
    return msgspec.json.decode(node.raw)
