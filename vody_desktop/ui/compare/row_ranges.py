"""Ranges of a long array's members in the whole merged structure: the "[0 … 999]" rows.

`QTreeView` lays out every row of a level at once (and again whenever rows are added to it),
asking the model for each row's index, flags and whether it has children. This model answers
in Python, about 10 µs a row: the 72,000 items of two 25 MB results, shown flat, held the
window 0.8 s whenever a difference far down was gone to. So an array with more than
`RANGE_SIZE` members shows ranges of `RANGE_SIZE` (as browser devtools do, and as the main
window's tree does past 100,000 members: document/member_range.py): no level ever lays out
more than about a thousand rows.

A range of A's members is named by A's indexes ("[1,000 … 1,999]", A's order is the merged
order) and its path is the slice that selects them (`$[1000:2000]`). The members only in B come
after A's, in ranges of their own named by their count ("only in B: 20 items": B's indexes
would read as A's); when the whole array is only in B, its ranges are named by B's indexes.
Objects are not grouped (a range of keys has no JSONPath).

A range keeps its members as the matcher's plain (index A, index B, key) tuples, and makes
their rows only when it is opened, one object each (no pair object, its nodes made when read):
a pair object for each of 72,000 members (with its list and its place) was 216,000 objects
more for the garbage collector to walk on the UI thread (66 ms a full pass here, 200 ms on a
busy machine).
"""

from __future__ import annotations

from vody_desktop.compare.differences import DifferenceKind
from vody_desktop.compare.matching import MemberPair
from vody_desktop.document.member_range import range_label
from vody_desktop.ui.compare.row import PlaceStep, Row

#: An array with more members than this shows ranges of this many.
RANGE_SIZE = 1000


def too_long(count: int) -> bool:
    """Whether an array of `count` members shows ranges."""
    return count > RANGE_SIZE


def member_step(member: MemberPair) -> PlaceStep:
    """A member's step in the places of the tree: A's index, or ("B", index) when only in B."""
    index_a, index_b, _key = member
    if index_a is not None:
        return index_a
    assert index_b is not None
    return ("B", index_b)


def ranges_of(row: Row, members: list[MemberPair], key_field: str | None) -> list[Row]:
    """The range rows of `row`'s members (paired, A's then those only in B)."""
    on_a = [member for member in members if member[0] is not None]
    only_b = [member for member in members if member[0] is None]
    inherited = row.kind if row.kind in (DifferenceKind.ADDED, DifferenceKind.REMOVED) else None
    ranges: list[Row] = []
    position = 0
    for group, in_b in ((on_a, False), (only_b, True)):
        for first in range(0, len(group), RANGE_SIZE):
            piece = group[first : first + RANGE_SIZE]
            if in_b and on_a:
                label = _only_in_b_label(piece, first, len(group))
            else:  # A's members, or an array only in B: by their indexes
                label = _indexes_label(piece)
            made = Row(row, label, row.place)
            made.span = (position, position + len(piece))
            made.members = piece
            made.key_field = key_field
            made.inherited = inherited
            ranges.append(made)
            position += len(piece)
    return ranges


def range_for(row: Row, step: PlaceStep) -> Row | None:
    """The range of `row` (an array shown in ranges) that holds the member at `step`."""
    ranges = row.children or []
    if isinstance(step, int):  # A's members, in A's order from 0, RANGE_SIZE to a range
        number = step // RANGE_SIZE
        if number < len(ranges) and ranges[number].members[0][0] is not None:
            return ranges[number]
        return None
    for candidate in ranges:  # the few ranges of members only in B
        members = candidate.members
        if members[0][0] is None and any(member_step(m) == step for m in members):
            return candidate
    return None


def member_rows(range_row: Row) -> list[Row]:
    """The rows of a range's members (made when the range is opened), named as the engine's
    `pair_children` names them."""
    field = range_row.key_field
    rows = []
    for member in range_row.members:
        index_a, index_b, key = member
        label = (
            f"[{field} = {key}]"
            if field is not None
            else f"[{index_a if index_a is not None else index_b}]"
        )
        step = member_step(member)
        rows.append(Row(range_row, label, (*range_row.place, step), member=member))
    return rows


def _index(member: MemberPair, on_b: bool) -> int:
    index = member[1] if on_b else member[0]
    assert index is not None
    return index


def _contiguous(piece: list[MemberPair]) -> tuple[int, int] | None:
    """(first, stop) of the indexes of `piece` on its side when they follow one another."""
    on_b = piece[0][0] is None
    first, last = _index(piece[0], on_b), _index(piece[-1], on_b)
    return (first, last + 1) if last - first + 1 == len(piece) else None


def _indexes_label(piece: list[MemberPair]) -> str:
    span = _contiguous(piece)
    assert span is not None  # one side's members, in its order
    return range_label(*span)


def _only_in_b_label(piece: list[MemberPair], first: int, total: int) -> str:
    """Members only in B, after A's: B's indexes would read as A's, so by their count."""
    if total <= RANGE_SIZE:
        return f"only in B: {_items(total)}"
    return f"only in B: {first + 1:,} to {first + len(piece):,} of {total:,}"


def _items(count: int) -> str:
    return f"{count:,} item{'s' if count != 1 else ''}"


def range_texts(row: Row) -> tuple[str, str]:
    """What the A and B columns say for a range row: how many of its members each side has."""
    on_a = sum(1 for member in row.members if member[0] is not None)
    on_b = sum(1 for member in row.members if member[1] is not None)
    return (_items(on_a) if on_a else "—"), (_items(on_b) if on_b else "—")


def range_path(row: Row) -> str:
    """A range row's JSONPath: the slice of its array that selects its members, or (members
    only in B that do not follow one another) the array's own path."""
    array = row.parent
    assert array is not None
    on_b = row.members[0][0] is None
    node = array.node_b if on_b else array.node_a
    base = node.path() if node is not None else "$"
    span = _contiguous(row.members)
    return base if span is None else f"{base}[{span[0]}:{span[1]}]"
