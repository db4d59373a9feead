"""The walk behind compare_documents and values_equal: an explicit stack over two documents.

Each pair of values that belong together is settled in the cheapest way that is exact:

1. equal bytes: equal (most items of two results of the same model);
2. equal once whitespace is gone (msgspec's formatter: a pretty-printed saved file against
   the compact answer);
3. both decoded with msgspec and equal by Python `==` (C speed; key order free, `1 == 1.0`),
   unless a boolean could stand against a number (`True == 1` in Python but not in JSON);
4. otherwise the tolerant walk over the two decoded values finds the differences.

A value too large to decode at once (a 25 MB list of items) or too deep for msgspec (the
10,000-level document) is opened one level at a time through its JsonNode instead; an array's
members are settled a chunk at a time from one stack entry. No step holds the GIL for long:
the window runs this on a worker thread. Progress and cancelling are looked at about every
TICK_SECONDS. Differences come in A's order, the values only in B after A's values at the
same level; an added value's path is on B.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import msgspec

from vody_desktop.compare.differences import (
    CompareCancelledError,
    CompareOptions,
    Comparison,
    Difference,
    DifferenceCounts,
    DifferenceKind,
    ItemCounts,
    ItemPair,
    PathStep,
    Progress,
)
from vody_desktop.compare.item_words import ADDED_TEXT, REMOVED_TEXT, changed_item_text
from vody_desktop.compare.matching import (
    MemberPair,
    Pairing,
    RawMember,
    member_list,
    pair_raw,
    pair_values,
)
from vody_desktop.compare.numbers import ValueKind, scalars_equal, value_kind
from vody_desktop.compare.shortcuts import has_bools, same_without_whitespace, writing_style
from vody_desktop.compare.steps import Steps, path_text, step_tuple
from vody_desktop.document.node import JsonNode, NodeKind
from vody_desktop.items.discovery import find_item_sources

#: Values at most this large (both sides together) are decoded whole; larger ones are opened a
#: level at a time (a 25 MB document decoded whole would need ~10x its size in Python objects).
DECODE_LIMIT = 1 << 20
#: After msgspec gave up on nesting this deep, the next levels down are not tried again.
DEEP_SKIP = 256
#: How often progress is told and cancelling is checked (seconds).
TICK_SECONDS = 0.05
_TICK_EVERY = 128  # work steps between looks at the clock
#: Array members compared in one go (bytes, then without whitespace: about 10 ms).
SCAN_CHUNK = 4096
_decode = msgspec.json.decode
_compact = msgspec.json.format


class FirstDifferenceError(Exception):
    """A walk that stops at the first difference found one (`values_equal`)."""


#: Where a pair of values is: its steps on A and on B (they differ below a pair of array
#: members matched by key, and an added value's path is on B).
_Place = tuple[Steps, Steps]


@dataclass(frozen=True, slots=True)
class Route:
    """Where the list of items is, on both sides."""

    steps: tuple[PathStep, ...]
    path: str


@dataclass(slots=True)
class _Cursor:
    """An array pair being settled member by member (one stack entry however long it is)."""

    place: _Place
    node_a: JsonNode
    node_b: JsonNode
    members_a: Sequence[RawMember]
    members_b: Sequence[RawMember]
    pairs: list[MemberPair]
    is_items: bool
    item: ItemPair | None
    deep: int
    #: Both arrays' size in bytes (for progress).
    size: int
    #: Pairs before this position have been looked at by `_scan`.
    scanned: int = 0
    #: Positions of the scanned chunk still to settle, the next one last.
    pending: list[int] = field(default_factory=list)
    #: Whether the scanned chunk's pending members were found different without whitespace.
    compacted: bool = False
    #: How each side's members are written (`writing_style`), found when first needed.
    styles: tuple[int | None, int | None] | None = None


@dataclass(slots=True)
class _ItemEnd:
    """Pushed under an item's own work: when popped, the item's differences are all known."""

    index_b: int
    start: int
    depth: int
    value_a: Any
    value_b: Any


# Stack entries, by their first element: two nodes, two decoded values, an array pair's
# cursor, the end of an item's work, an object member found on one side only.
_Work = tuple[Any, ...]
_NODES, _VALUES, _CURSOR, _ITEM_END, _ALONE = 0, 1, 2, 3, 4
_EQUAL, _DECODED, _OPEN = 0, 1, 2


class Walk:
    """One comparison's state: the stack, the differences so far, the progress clock."""

    def __init__(
        self,
        options: CompareOptions,
        *,
        total: int,
        bools: tuple[Callable[[], bool], Callable[[], bool]],
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        route: Route | None = None,
        stop_at_first: bool = False,
    ) -> None:
        self.options = options
        self.differences: list[Difference] = []
        self.item_changes: dict[int, str] = {}
        self.removed_item_changes: dict[int, str] = {}
        self.items: ItemCounts | None = None
        self._changed_items = 0
        self._progress = progress
        self._cancelled = cancelled
        self._route = route
        self._stop_at_first = stop_at_first
        # Whether each document holds a boolean anywhere: searched when first needed.
        self._bools_a: bool | Callable[[], bool] = bools[0]
        self._bools_b: bool | Callable[[], bool] = bools[1]
        self._total = max(total, 1)
        self._done = 0
        self._shown = 0.0
        self._steps_to_tick = _TICK_EVERY
        self._next_tick = time.perf_counter() + TICK_SECONDS
        self._stack: list[_Work] = []

    # -- progress -------------------------------------------------------------------------

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise CompareCancelledError("the comparison was cancelled")

    def _tick(self) -> None:
        self._steps_to_tick -= 1
        if self._steps_to_tick <= 0:
            self._tick_now()

    def _tick_now(self) -> None:
        """Look at the clock: tell progress and check cancelling when TICK_SECONDS passed."""
        self._steps_to_tick = _TICK_EVERY
        now = time.perf_counter()
        if now < self._next_tick:
            return
        self._next_tick = now + TICK_SECONDS
        self.check()
        share = min(self._done / self._total, 0.99)
        if self._progress is not None and share > self._shown:
            self._shown = share
            self._progress(share)

    def finish(self) -> None:
        if self._progress is not None:
            self._progress(1.0)

    def comparison(self) -> Comparison:
        counts = {kind: 0 for kind in DifferenceKind}
        for difference in self.differences:
            counts[difference.kind] += 1
        return Comparison(
            differences=self.differences,
            counts=DifferenceCounts(
                added=counts[DifferenceKind.ADDED],
                removed=counts[DifferenceKind.REMOVED],
                changed=counts[DifferenceKind.CHANGED],
            ),
            items=self.items,
            item_changes=self.item_changes,
            removed_item_changes=self.removed_item_changes,
        )

    # -- differences ----------------------------------------------------------------------

    def _add(
        self, kind: DifferenceKind, place: _Place, a: Any, b: Any, item: ItemPair | None
    ) -> None:
        if self._stop_at_first:
            raise FirstDifferenceError
        path_steps = step_tuple(place[1] if kind is DifferenceKind.ADDED else place[0])
        self.differences.append(Difference(kind, path_text(path_steps), path_steps, a, b, item))

    # -- the loop -------------------------------------------------------------------------

    def run(self, a: JsonNode, b: JsonNode) -> None:
        stack = self._stack
        stack.append((_NODES, (None, None), a, b, None, 0, self._route is not None))
        while stack:
            work = stack.pop()
            tag = work[0]
            if tag == _CURSOR:
                self._cursor(work[1])
            elif tag == _VALUES:
                self._values(*work[1:])
            elif tag == _NODES:
                self._nodes(*work[1:])
            elif tag == _ITEM_END:
                self._item_end(work[1])
            else:
                self._alone(*work[1:])
            self._tick()

    def _settle(
        self, raw_a: RawMember, raw_b: RawMember, deep: int, *, compacted: bool = False
    ) -> tuple[int, Any, Any]:
        """Two values whose bytes differ: (_EQUAL, ...) when they are the same but for
        whitespace, or equal by `==`; (_DECODED, a, b) to walk the decoded values; (_OPEN, ...)
        when msgspec cannot decode them (to open them as nodes). `compacted`: the caller
        found them different without whitespace already."""
        if deep:
            return _OPEN, None, None
        try:
            # A pretty-printed side: the same text once whitespace is gone (quicker than
            # decoding both, and no boolean can pass for a number).
            if not compacted and _compact(raw_a, indent=-1) == _compact(raw_b, indent=-1):
                return _EQUAL, None, None
            value_a, value_b = _decode(raw_a), _decode(raw_b)
        except (RecursionError, msgspec.DecodeError):
            # Too deep, or a number beyond float range ("1e400"): the nodes decode those.
            return _OPEN, None, None
        try:
            same = value_a == value_b
        except RecursionError:
            same = False
        if same and not self._bool_risk(raw_a, raw_b):
            return _EQUAL, None, None
        return _DECODED, value_a, value_b

    def _bool_risk(self, raw_a: RawMember, raw_b: RawMember) -> bool:
        """Could `==` have taken a boolean for a number (`True == 1`)? Only if a side holds
        true or false: looked for in the whole document once, then in the two values."""
        if not isinstance(self._bools_a, bool):
            self._bools_a = self._bools_a()
        if not isinstance(self._bools_b, bool):
            self._bools_b = self._bools_b()
        return (self._bools_a and has_bools(raw_a)) or (self._bools_b and has_bools(raw_b))

    def _nodes(
        self,
        place: _Place,
        a: JsonNode,
        b: JsonNode,
        item: ItemPair | None,
        deep: int,
        on_route: bool,
    ) -> None:
        """Two nodes: settled whole when small, else opened a level at a time. The nodes on
        the way to the list of items (`on_route`) are always opened, so that list is met."""
        raw_a, raw_b = a.raw, b.raw
        size = len(raw_a) + len(raw_b)
        if not on_route:
            if raw_a == raw_b:
                self._done += size
                return
            if size <= DECODE_LIMIT or not (a.is_container and b.is_container):
                verdict, value_a, value_b = self._settle(raw_a, raw_b, deep)
                if verdict == _EQUAL:
                    self._done += size
                    return
                if verdict == _DECODED:
                    self._done += size
                    self._values(place, value_a, value_b, item)
                    return
                if not deep:  # msgspec gave up here: not again for the next levels down
                    deep = DEEP_SKIP
        self._open(place, a, b, item, max(deep - 1, 0), on_route)

    def _open(
        self,
        place: _Place,
        a: JsonNode,
        b: JsonNode,
        item: ItemPair | None,
        deep: int,
        on_route: bool,
    ) -> None:
        """Compare two nodes a level at a time (too large or too deep to decode at once)."""
        kind_a, kind_b = a.kind, b.kind
        if kind_a is not kind_b or not a.is_container:
            self._done += len(a.raw) + len(b.raw)
            value_a, value_b = a.to_python(), b.to_python()
            same = kind_a is kind_b and scalars_equal(value_a, value_b, self.options)
            if same and kind_a is NodeKind.NUMBER and math.isinf(value_a):
                # Past the float range ("1e400" decodes as infinity): the text tells.
                same = bytes(a.raw) == bytes(b.raw)
            if not same:
                self._add(DifferenceKind.CHANGED, place, value_a, value_b, item)
            return
        steps_a, steps_b = place
        route = self._route.steps if on_route and self._route is not None else ()
        if kind_a is NodeKind.OBJECT:
            next_step = route[a.depth] if a.depth < len(route) else None
            rows_b = {b.child(row).key: row for row in range(b.child_count)}
            work: list[_Work] = []
            for row in range(a.child_count):
                child = a.child(row)
                key = child.key
                row_b = rows_b.pop(key, None)
                here = ((steps_a, key), (steps_b, key))
                if row_b is None:
                    work.append((_ALONE, DifferenceKind.REMOVED, here, child, item))
                else:
                    routed = key == next_step
                    work.append((_NODES, here, child, b.child(row_b), item, deep, routed))
            for key_b, row_b in rows_b.items():
                here = ((steps_a, key_b), (steps_b, key_b))
                work.append((_ALONE, DifferenceKind.ADDED, here, b.child(row_b), item))
            self._stack.extend(reversed(work))
            return
        members_a = member_list(a)
        self._tick_now()  # listing a large array's members takes a while: cancel here too
        members_b = member_list(b)
        self._tick_now()
        pairing = pair_raw(members_a, members_b, self.options.key_field, tick=self._tick_now)
        is_items = on_route and a.depth == len(route)
        if is_items:
            self._start_items(pairing, len(members_a), len(members_b))
        size = len(a.raw) + len(b.raw)
        cursor = _Cursor(
            place, a, b, members_a, members_b, pairing.pairs, is_items, item, deep, size
        )
        self._stack.append((_CURSOR, cursor))

    def _start_items(self, pairing: Pairing, total_a: int, total_b: int) -> None:
        assert self._route is not None
        added = sum(1 for pair in pairing.pairs if pair[0] is None)
        removed = sum(1 for pair in pairing.pairs if pair[1] is None)
        self.items = ItemCounts(
            path=self._route.path,
            key_field=pairing.key_field,
            total_a=total_a,
            total_b=total_b,
            changed=0,
            added=added,
            removed=removed,
        )

    def _cursor(self, cursor: _Cursor) -> None:
        """Settle members until one needs a closer look; then push it above the cursor.

        The pairs are looked at a chunk at a time: one comprehension finds the pairs whose
        bytes differ (most of two results of one model are the same), and only those come
        into this loop."""
        pairs, members_a, members_b = cursor.pairs, cursor.members_a, cursor.members_b
        (steps_a, steps_b), is_items, deep = cursor.place, cursor.is_items, cursor.deep
        pending = cursor.pending
        while True:
            if not pending:
                if cursor.scanned >= len(pairs):
                    return
                pending = cursor.pending = self._scan(cursor)
                self._tick_now()
                continue
            index_a, index_b, key = pairs[pending.pop()]
            if index_a is None or index_b is None:
                item = ItemPair(index_a, index_b, key) if is_items else cursor.item
                self._alone_member(cursor, index_a, index_b, item)
                self._tick()
                continue
            verdict, value_a, value_b = self._settle(
                members_a[index_a], members_b[index_b], deep, compacted=cursor.compacted
            )
            if verdict == _EQUAL:
                self._tick()
                continue
            self._stack.append((_CURSOR, cursor))
            here = ((steps_a, index_a), (steps_b, index_b))
            item = ItemPair(index_a, index_b, key) if is_items else cursor.item
            if is_items:
                depth = cursor.node_a.depth + 1
                end = _ItemEnd(index_b, len(self.differences), depth, value_a, value_b)
                self._stack.append((_ITEM_END, end))
            if verdict == _DECODED:
                self._stack.append((_VALUES, here, value_a, value_b, item))
            else:
                node_a, node_b = cursor.node_a.child(index_a), cursor.node_b.child(index_b)
                # Too deep for msgspec here (or inside a deep stretch already).
                skip = deep or DEEP_SKIP
                self._stack.append((_NODES, here, node_a, node_b, item, skip, False))
            return

    def _scan(self, cursor: _Cursor) -> list[int]:
        """The next chunk's positions whose members differ, in bytes and once whitespace is
        taken out (last first, to pop); that chunk's share of the arrays' bytes counts done."""
        pairs, members_a, members_b = cursor.pairs, cursor.members_a, cursor.members_b
        start = cursor.scanned
        stop = min(start + SCAN_CHUNK, len(pairs))
        chunk = pairs[start:stop]
        same: list[bool] | None = None
        cursor.compacted = False
        if not cursor.deep:
            try:
                styles = self._styles(cursor)
                same = same_without_whitespace(chunk, members_a, members_b, styles)
                cursor.compacted = True
            except RecursionError:  # a member too deep for msgspec: bytes only, below
                pass
        if same is None:
            same = [
                index_a is not None
                and index_b is not None
                and members_a[index_a] == members_b[index_b]
                for index_a, index_b, _ in chunk
            ]
        cursor.scanned = stop
        self._done += cursor.size * (stop - start) // len(pairs)
        return [start + offset for offset in range(len(chunk) - 1, -1, -1) if not same[offset]]

    def _styles(self, cursor: _Cursor) -> tuple[int | None, int | None]:
        if cursor.styles is None:
            cursor.styles = (writing_style(cursor.members_a), writing_style(cursor.members_b))
        return cursor.styles

    def _alone_member(
        self, cursor: _Cursor, index_a: int | None, index_b: int | None, item: ItemPair | None
    ) -> None:
        if index_b is None:
            assert index_a is not None
            raw = cursor.members_a[index_a]
            value = _member_value(raw, cursor.node_a, index_a)
            self._add(DifferenceKind.REMOVED, ((cursor.place[0], index_a), None), value, None, item)
            if cursor.is_items:
                self.removed_item_changes[index_a] = REMOVED_TEXT
        else:
            raw = cursor.members_b[index_b]
            value = _member_value(raw, cursor.node_b, index_b)
            self._add(DifferenceKind.ADDED, (None, (cursor.place[1], index_b)), None, value, item)
            if cursor.is_items:
                self.item_changes[index_b] = ADDED_TEXT

    def _alone(
        self, kind: DifferenceKind, place: _Place, node: JsonNode, item: ItemPair | None
    ) -> None:
        """An object member only on one side, found while opening a level at a time."""
        self._done += len(node.raw)
        value = node.to_python()
        if kind is DifferenceKind.REMOVED:
            self._add(kind, place, value, None, item)
        else:
            self._add(kind, place, None, value, item)

    def _item_end(self, end: _ItemEnd) -> None:
        """An item's work is done: count it and say in words what changed, if anything."""
        found = self.differences[end.start :]
        if not found:
            return
        self._changed_items += 1
        if self.items is not None:
            self.items = _with_changed(self.items, self._changed_items)
        self.item_changes[end.index_b] = changed_item_text(
            end.value_a, end.value_b, found, end.depth, self.options
        )

    def _values(self, place: _Place, a: Any, b: Any, item: ItemPair | None) -> None:
        """The tolerant walk over two decoded values (iterative: values can nest ~1000 deep).

        Its own stack holds pairs to compare (3-tuples) and ready differences (4-tuples), so
        they come out in order."""
        options = self.options
        todo: list[tuple[Any, ...]] = [(place, a, b)]
        while todo:
            entry = todo.pop()
            if len(entry) == 4:
                self._add(entry[0], entry[1], entry[2], entry[3], item)
                continue
            here, value_a, value_b = entry
            kind_a = value_kind(value_a)
            if kind_a is not value_kind(value_b):
                self._add(DifferenceKind.CHANGED, here, value_a, value_b, item)
            elif kind_a is ValueKind.OBJECT:
                todo.extend(reversed(_object_work(here, value_a, value_b)))
            elif kind_a is ValueKind.ARRAY:
                todo.extend(reversed(_array_work(here, value_a, value_b, options)))
            elif not scalars_equal(value_a, value_b, options):
                self._add(DifferenceKind.CHANGED, here, value_a, value_b, item)


def _object_work(
    place: _Place, object_a: dict[str, Any], object_b: dict[str, Any]
) -> list[tuple[Any, ...]]:
    steps_a, steps_b = place
    work: list[tuple[Any, ...]] = []
    for key, member in object_a.items():
        here = ((steps_a, key), (steps_b, key))
        if key in object_b:
            work.append((here, member, object_b[key]))
        else:
            work.append((DifferenceKind.REMOVED, here, member, None))
    for key, member in object_b.items():
        if key not in object_a:
            work.append((DifferenceKind.ADDED, ((steps_a, key), (steps_b, key)), None, member))
    return work


def _array_work(
    place: _Place, list_a: list[Any], list_b: list[Any], options: CompareOptions
) -> list[tuple[Any, ...]]:
    steps_a, steps_b = place
    work: list[tuple[Any, ...]] = []
    for index_a, index_b, _ in pair_values(list_a, list_b, options.key_field).pairs:
        if index_b is None:
            assert index_a is not None
            work.append((DifferenceKind.REMOVED, ((steps_a, index_a), None), list_a[index_a], None))
        elif index_a is None:
            work.append((DifferenceKind.ADDED, (None, (steps_b, index_b)), None, list_b[index_b]))
        else:
            here = ((steps_a, index_a), (steps_b, index_b))
            work.append((here, list_a[index_a], list_b[index_b]))
    return work


def _with_changed(items: ItemCounts, changed: int) -> ItemCounts:
    return ItemCounts(
        path=items.path,
        key_field=items.key_field,
        total_a=items.total_a,
        total_b=items.total_b,
        changed=changed,
        added=items.added,
        removed=items.removed,
    )


def _member_value(raw: RawMember, parent: JsonNode, row: int) -> Any:
    try:
        return _decode(raw)
    except (RecursionError, msgspec.DecodeError):
        return parent.child(row).to_python()


def always() -> bool:
    return True


def item_route(a: JsonNode, b: JsonNode) -> Route | None:
    """The largest list of items of A that B also holds at the same path."""
    paths_b = {source.path for source in find_item_sources(b)}
    for source in find_item_sources(a):
        if source.path in paths_b:
            steps: list[PathStep] = []
            node: JsonNode | None = source.node
            while node is not None and node.parent is not None:
                assert node.key is not None
                steps.append(node.key)
                node = node.parent
            return Route(tuple(reversed(steps)), source.path)
    return None
