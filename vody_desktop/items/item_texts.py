"""A column of texts given per item rather than read from the items: the "What changed" column.

A comparison of two results says per item, in words, what changed ("Top prediction: color name:
Red → Orange"). The Items table shows it as one more column, which sorts, filters, copies and
exports like the others, though no item's bytes hold it: `ItemTexts` answers its cells by item
number, and `WithItemTexts` adds such columns to the `ColumnData` the row order reads
(items/ordering.py). An item the texts do not name reads "" (unchanged), so a sort puts the
named items first in either direction (empty cells sort last).

The texts are never changed in place: a new comparison brings a new `ItemTexts`, so a row order
or an export running on a worker thread reads a consistent set. Qt-free.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence

from vody_desktop.items.cells import Cell
from vody_desktop.items.ordering import ColumnData


class ItemTexts:
    """Texts by item number, for a list of `count` items; an item not named reads ""."""

    def __init__(self, texts: Mapping[int, str], count: int) -> None:
        self._texts = {item: text for item, text in texts.items() if 0 <= item < count and text}
        self._count = count
        self._lock = threading.Lock()
        self._values: list[Cell] | None = None
        self._folded: list[str] | None = None

    @property
    def count(self) -> int:
        return self._count

    @property
    def items(self) -> frozenset[int]:
        """The items that have a text."""
        return frozenset(self._texts)

    def text(self, item: int) -> str:
        return self._texts.get(item, "")

    def values(self) -> Sequence[Cell]:
        """Every item's cell (None when it has no text), made on first use."""
        with self._lock:
            if self._values is None:
                get = self._texts.get
                self._values = [get(item) for item in range(self._count)]
            return self._values

    def folded(self) -> Sequence[str]:
        """Every item's text case-folded (what the text filter searches), made on first use."""
        values = self.values()
        with self._lock:
            if self._folded is None:
                self._folded = [
                    value.casefold() if isinstance(value, str) else "" for value in values
                ]
            return self._folded


class WithItemTexts:
    """`ColumnData` that answers the columns in `extra` from their `ItemTexts` and every other
    column from `data` (the table's column store, or the review's view of it)."""

    def __init__(self, data: ColumnData, extra: Mapping[str, ItemTexts]) -> None:
        self._data = data
        self._extra = dict(extra)

    def values(self, column: str) -> Sequence[Cell]:
        texts = self._extra.get(column)
        return texts.values() if texts is not None else self._data.values(column)

    def texts(self, column: str) -> Sequence[str]:
        texts = self._extra.get(column)
        return texts.folded() if texts is not None else self._data.texts(column)

    def rows_with_text(
        self, rows: list[int], text: str, columns: Sequence[str], cancelled: Callable[[], bool]
    ) -> list[int] | None:
        """The `rows` with `text` in one of `columns`, case ignored, in the order of `rows`."""
        own = [self._extra[column] for column in columns if column in self._extra]
        others = [column for column in columns if column not in self._extra]
        if not own:
            return self._data.rows_with_text(rows, text, others, cancelled)
        found = self._data.rows_with_text(rows, text, others, cancelled) if others else []
        if found is None:
            return None
        kept = set(found)
        needle = text.casefold()
        for texts in own:
            folded = texts.folded()
            kept.update(row for row in rows if needle in folded[row])
        if cancelled():
            return None
        return [row for row in rows if row in kept]
