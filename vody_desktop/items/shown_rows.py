"""The rows the Items table shows, as text, for the clipboard and the CSV export.

A snapshot, taken on the UI thread when the person copies or exports: the order of the shown
items, the shown columns in their on-screen order, and how each cell reads. The rows are then
made one at a time from the items' bytes, with no cache shared with the table, so an export can
run on a worker thread while the table keeps painting. A column given per item rather than read
from it (the comparison's "What changed", items/item_texts.py) is answered by item number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import msgspec

from vody_desktop.items.cells import Cell, Parts, decode_item, flat_cells
from vody_desktop.items.item_texts import ItemTexts

#: How a cell reads, from the item's cells (a computed column computes it here).
CellText = Callable[[dict[Parts, Cell]], str]


@dataclass(frozen=True)
class ShownRows:
    """What the table shows: its header and a way to make its rows as text."""

    header: list[str]
    items: Sequence[int]
    raws: Sequence[msgspec.Raw | memoryview | bytes]
    cells: list[CellText | ItemTexts]
    total: int

    @property
    def count(self) -> int:
        return len(self.items)

    def rows(self) -> Iterator[list[str]]:
        """Each shown item's cells as text, in the table's order."""
        for item in self.items:
            cells = flat_cells(decode_item(self.raws[item]))
            yield [
                text.text(item) if isinstance(text, ItemTexts) else text(cells)
                for text in self.cells
            ]

    def words(self) -> str:
        """ "The 12 items shown (of 500)" / "All 500 items"."""
        if self.count == self.total:
            return f"All {self.total:,} items" if self.total != 1 else "The 1 item"
        noun = "item" if self.count == 1 else "items"
        return f"The {self.count:,} {noun} shown (of {self.total:,})"
