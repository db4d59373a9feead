"""Which columns the Items table gives a list, in the model's order, and how the computed ones read.

The list's own columns (items/columns.py, found from its first items) come in reading order;
the table adds the Match column of a colour classification after the prediction and its score
(items/match_column.py), a comparison's "What changed" after what the item is
(items_changes.py), and review mode's Verdict and Note last, so the item columns keep their
numbers (the tab shows the Verdict beside the picture by moving its section, not its column).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from vody_desktop.items.cells import Parts, decode_item
from vody_desktop.items.column_store import Derived
from vody_desktop.items.columns import Column, discover_columns
from vody_desktop.items.discovery import ItemSource
from vody_desktop.items.match_column import difference, find_match_column, with_match_column
from vody_desktop.ui.items.items_changes import with_changes_column
from vody_desktop.ui.items.items_model import NOTE_COLUMN, VERDICT_COLUMN, Computed


@dataclass(frozen=True)
class TableColumns:
    """A list's columns as the table shows them."""

    #: Every column, in the model's order.
    columns: list[Column]
    #: Where each column read from the items is found in an item (the column store's input).
    parts: dict[str, Parts]
    #: The Match column's cell from an item's cells (the model), by column id.
    computed: dict[str, Computed] = field(default_factory=dict)
    #: The same from the cells of other columns (the column store), by column id.
    derived: dict[str, Derived] = field(default_factory=dict)

    @property
    def match_column(self) -> str | None:
        """The Match column's id, when the list has one."""
        return next(iter(self.derived), None)


def table_columns(
    item_columns: Sequence[Column], *, changes: bool = False, review: bool = True
) -> TableColumns:
    """The table's columns for a list whose own are `item_columns`, with the What changed
    column when `changes`, and review mode's when `review`."""
    columns = list(item_columns)
    computed: dict[str, Computed] = {}
    derived: dict[str, Derived] = {}
    match = find_match_column(columns)
    if match is not None:
        columns = with_match_column(columns, match)
        label, predicted = parts_of(columns, match.label), parts_of(columns, match.predicted)
        # coloraide is imported at start-up off the UI thread (ui/warm_imports.py).
        computed[match.column.id] = lambda cells: difference(cells.get(label), cells.get(predicted))
        derived[match.column.id] = ((match.label, match.predicted), difference)
    parts = {column.id: column.parts for column in columns}
    if changes:
        columns = with_changes_column(columns)
    if review:
        # Review mode's columns come last: the verdict follows what it judges (picture, label,
        # prediction, match), and the item columns keep their places.
        columns = [*columns, VERDICT_COLUMN, NOTE_COLUMN]
    return TableColumns(columns, parts, computed, derived)


def parts_of(columns: Sequence[Column], column_id: str) -> Parts:
    """The parts of the column `column_id` (its path in an item)."""
    return next(column.parts for column in columns if column.id == column_id)


def columns_of(source: ItemSource, sample: int) -> list[Column]:
    """The columns of the first `sample` items of `source`."""
    count = min(source.count, sample)
    return discover_columns(decode_item(source.item_raw(row)) for row in range(count))
