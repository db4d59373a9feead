"""The order in which the items table shows its rows: a sort and a filter, computed in Python.

`QSortFilterProxyModel` calls back into Python for every comparison (11.9 s to sort 72,000
rows here); sorting the keys in Python takes tens of milliseconds. So the table asks for an
`OrderRequest`, `compute_order` (run on a worker thread when the table is large) answers with
the item numbers to show, and the model applies them in one go.

Sort keys: numbers as numbers, text naturally ("item 9" before "item 10", case ignored), empty
cells last whichever the direction. The filter matches any shown cell's text, case ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from vody_desktop.items.cells import Cell, cell_text

_DIGITS = re.compile(r"(\d+)")


class ColumnData(Protocol):
    """Every item's cells of one column (by item number), computed on first use and kept."""

    def values(self, column: str) -> Sequence[Cell]:
        """The cells themselves (numbers stay numbers)."""

    def texts(self, column: str) -> Sequence[str]:
        """The cells as they read, case-folded (what the text filter searches)."""

    def rows_with_text(
        self, rows: list[int], text: str, columns: Sequence[str], cancelled: Callable[[], bool]
    ) -> list[int] | None:
        """The `rows` with `text` in one of `columns`, case ignored (`text_filter` does it by
        the columns' texts); None when cancelled."""


@dataclass(frozen=True)
class OrderRequest:
    """What the person asked for: the sort, the text filter and the quick filters."""

    sort_column: str | None = None
    descending: bool = False
    text: str = ""
    text_columns: tuple[str, ...] = ()
    score_column: str | None = None
    score_below: float | None = None
    match_column: str | None = None
    mismatches_only: bool = False
    #: Only these item numbers (the review's quick filters: not yet reviewed, wrong only).
    only: frozenset[int] | None = None

    @property
    def is_identity(self) -> bool:
        """Nothing asked: every item in document order."""
        return (
            self.sort_column is None
            and not self.text
            and self.score_below is None
            and not self.mismatches_only
            and self.only is None
        )


def compute_order(
    count: int,
    request: OrderRequest,
    data: ColumnData,
    *,
    is_mismatch: Callable[[Cell], bool] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> list[int] | None:
    """The item numbers to show, in order; None when `cancelled()` said stop on the way."""
    rows: list[int] = list(range(count))
    if request.only is not None:
        only = request.only
        rows = [row for row in rows if row in only]
    if request.mismatches_only and request.match_column and is_mismatch is not None:
        matches = data.values(request.match_column)
        rows = [row for row in rows if is_mismatch(matches[row])]
    if request.score_below is not None and request.score_column:
        scores = data.values(request.score_column)
        limit = request.score_below
        rows = [row for row in rows if _below(scores[row], limit)]
    if cancelled():
        return None
    if request.text:
        kept = data.rows_with_text(rows, request.text, request.text_columns, cancelled)
        if kept is None:
            return None
        rows = kept
    if request.sort_column is not None:
        values = data.values(request.sort_column)
        if cancelled():
            return None
        rows = sort_rows(rows, values, descending=request.descending)
    return rows


def sort_rows(rows: Sequence[int], values: Sequence[Cell], *, descending: bool) -> list[int]:
    """`rows` ordered by their value: numbers, then text, empty cells always last."""
    numbers: list[int] = []
    texts: list[int] = []
    empty: list[int] = []
    for row in rows:
        value = values[row]
        if value is None or value == "":
            empty.append(row)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            numbers.append(row)
        else:
            texts.append(row)
    numbers.sort(key=values.__getitem__, reverse=descending)  # type: ignore[arg-type]
    texts.sort(key=lambda row: natural_key(values[row]), reverse=descending)
    filled = texts + numbers if descending else numbers + texts
    return filled + empty


def natural_key(value: Cell) -> tuple[str | int, ...]:
    """Text compared as people read it: digit runs as numbers, case ignored."""
    text = cell_text(value).casefold()
    if not any(ch.isdigit() for ch in text):
        return (text,)
    parts = _DIGITS.split(text)  # text, digits, text, ... (always text at even places)
    return tuple(int(part) if number % 2 else part for number, part in enumerate(parts))


def _below(value: Cell, limit: float) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value < limit


def text_filter(
    rows: list[int],
    text: str,
    columns: Sequence[str],
    data: ColumnData,
    cancelled: Callable[[], bool],
) -> list[int] | None:
    """The `rows` with `text` in one of `columns` (case ignored), by the columns' texts; None
    when cancelled on the way."""
    needle = text.casefold()
    keep = bytearray(len(rows))
    for column in columns:
        texts = data.texts(column)
        if cancelled():
            return None
        for at, row in enumerate(rows):
            if needle in texts[row]:
                keep[at] = 1
    return [row for at, row in enumerate(rows) if keep[at]]
