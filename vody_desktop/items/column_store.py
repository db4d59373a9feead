"""`ColumnStore`: each column's cells for every item, read once (on a worker thread) and kept.

Sorting or filtering 72,000 items needs the cells of a column for all of them. Reading one
column takes ~0.1-0.3 s (column_values.py); the store keeps what it has read, so a second sort by
the same column, or a filter typed letter by letter, costs only the comparison. Columns that are
not read from the items (the Match verdict) are given as functions of other columns.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence

import msgspec

from vody_desktop.items.cells import Cell, Parts, cell_text
from vody_desktop.items.column_values import read_column

#: A column computed from others: (the column ids it reads, the function of their cells).
Derived = tuple[tuple[str, ...], Callable[..., Cell]]


class ColumnStore:
    """The cells of the items' columns, by column id; safe to fill from a worker thread."""

    def __init__(
        self,
        raws: Sequence[msgspec.Raw | memoryview | bytes],
        parts: Mapping[str, Parts],
        derived: Mapping[str, Derived] | None = None,
    ) -> None:
        self._raws = raws
        self._parts = parts
        self._derived = dict(derived or {})
        self._values: dict[str, list[Cell]] = {}
        self._texts: dict[str, list[str]] = {}
        self._lock = threading.RLock()  # one reader at a time; a derived column reads others

    def __len__(self) -> int:
        return len(self._raws)

    def has(self, column: str) -> bool:
        """The column's cells are read already (asking for them costs nothing)."""
        return column in self._values

    def values(self, column: str) -> Sequence[Cell]:
        found = self._values.get(column)
        if found is not None:
            return found
        with self._lock:
            found = self._values.get(column)
            if found is None:
                found = self._read(column)
                self._values[column] = found
        return found

    def texts(self, column: str) -> Sequence[str]:
        found = self._texts.get(column)
        if found is None:
            found = [cell_text(value).casefold() for value in self.values(column)]
            self._texts[column] = found
        return found

    def _read(self, column: str) -> list[Cell]:
        derived = self._derived.get(column)
        if derived is not None:
            sources, function = derived
            inputs = [self.values(source) for source in sources]
            return [function(*cells) for cells in zip(*inputs, strict=True)]
        parts = self._parts.get(column)
        if parts is None:
            return [None] * len(self._raws)
        return read_column(self._raws, parts)
