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
"""

from __future__ import annotations

from vody_desktop.compare.differences import DifferenceKind
from vody_desktop.compare.engine import ChildPair
from vody_desktop.document.member_range import range_label
from vody_desktop.ui.compare.row import PlaceStep, Row

#: An array with more members than this shows ranges of this many.
RANGE_SIZE = 1000

Members = list[tuple[PlaceStep, ChildPair]]


def ranges_of(row: Row, members: Members) -> list[Row] | None:
    """The range rows of `row`'s members (already paired, in order), or None when they are
    few enough to show as they are, or are an object's."""
    if len(members) <= RANGE_SIZE or any(isinstance(step, str) for step, _pair in members):
        return None
    on_a = [member for member in members if isinstance(member[0], int)]
    only_b = [member for member in members if isinstance(member[0], tuple)]
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
            made.inherited = inherited
            ranges.append(made)
            position += len(piece)
    return ranges


def _index(step: PlaceStep) -> int:
    index = step[1] if isinstance(step, tuple) else step
    assert isinstance(index, int)
    return index


def _contiguous(piece: Members) -> tuple[int, int] | None:
    """(first, stop) of the indexes of `piece` when they follow one another, else None."""
    first, last = _index(piece[0][0]), _index(piece[-1][0])
    return (first, last + 1) if last - first + 1 == len(piece) else None


def _indexes_label(piece: Members) -> str:
    span = _contiguous(piece)
    assert span is not None  # one side's members, in its order
    return range_label(*span)


def _only_in_b_label(piece: Members, first: int, total: int) -> str:
    """Members only in B, after A's: B's indexes would read as A's, so by their count."""
    if total <= RANGE_SIZE:
        return f"only in B: {_items(total)}"
    return f"only in B: {first + 1:,} to {first + len(piece):,} of {total:,}"


def _items(count: int) -> str:
    return f"{count:,} item{'s' if count != 1 else ''}"


def range_texts(row: Row) -> tuple[str, str]:
    """What the A and B columns say for a range row: how many of its members each side has."""
    on_a = sum(1 for _step, pair in row.members if pair.step_a is not None)
    on_b = sum(1 for _step, pair in row.members if pair.step_b is not None)
    return (_items(on_a) if on_a else "—"), (_items(on_b) if on_b else "—")


def range_path(row: Row) -> str:
    """A range row's JSONPath: the slice of its array that selects its members, or (members
    only in B that do not follow one another) the array's own path."""
    array = row.parent
    assert array is not None
    on_b = isinstance(row.members[0][0], tuple)
    node = array.node_b if on_b else array.node_a
    base = node.path() if node is not None else "$"
    span = _contiguous(row.members)
    return base if span is None else f"{base}[{span[0]}:{span[1]}]"
