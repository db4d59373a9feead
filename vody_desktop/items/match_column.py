"""The Match column of a colour classification table: which columns it compares, and its cells.

Where the items have a labelled colour and the model's top predicted colour (`colour_pair`
decides which columns those are), the table gets a computed "Match" column. Its cell is the
CIEDE2000 difference of the two colours (a number, so a sort puts the worst predictions first),
shown as "✓ 2.3" or "✗ 27.5" against the threshold in the preferences. An item without both
colours has an empty Match cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vody_desktop.items.cells import Cell
from vody_desktop.items.colours import colour_difference, colour_pair, parse_hex
from vody_desktop.items.columns import Column, Role

MATCH_TITLE = "Match"


@dataclass(frozen=True)
class MatchColumn:
    """The computed column and the two columns it compares."""

    column: Column
    label: str
    predicted: str


def find_match_column(columns: Sequence[Column]) -> MatchColumn | None:
    """The Match column for `columns`, or None when they hold no label/prediction colour pair."""
    samples = {column.id: column.samples for column in columns}
    pair = colour_pair([column.id for column in columns], lambda column: samples[column])
    if pair is None:
        return None
    ids = set(samples)
    column_id = "match"
    while column_id in ids:  # an item with a "match" field of its own keeps it
        column_id = "_" + column_id
    column = Column(column_id, (column_id,), MATCH_TITLE, Role.MATCH)
    return MatchColumn(column, pair[0], pair[1])


def with_match_column(columns: Sequence[Column], match: MatchColumn) -> list[Column]:
    """`columns` with the Match column placed after the prediction and its score."""
    placed = list(columns)
    after = [n for n, c in enumerate(placed) if c.role in (Role.PREDICTION, Role.SCORE)]
    at = after[-1] + 1 if after else len(placed)
    placed.insert(at, match.column)
    return placed


def difference(label: Cell, predicted: Cell) -> float | None:
    """The Match cell: the colour difference, or None when either is not a hex colour."""
    if parse_hex(label) is None or parse_hex(predicted) is None:
        return None
    assert isinstance(label, str)
    assert isinstance(predicted, str)
    return colour_difference(label, predicted)


def is_mismatch(cell: Cell, threshold: float) -> bool:
    """A Match cell that says ✗ (compared as shown, to one decimal, like `match_colours`)."""
    return (
        isinstance(cell, float | int) and not isinstance(cell, bool) and round(cell, 1) > threshold
    )


def is_match(cell: Cell, threshold: float) -> bool:
    """A Match cell that says ✓."""
    return (
        isinstance(cell, float | int)
        and not isinstance(cell, bool)
        and not is_mismatch(cell, threshold)
    )
