"""What changed in one item, in the words of the Items view's columns.

"Top prediction: color name: Red → Orange; Top prediction: score: 0.91 → 0.62": the item's
cells (as the Items view flattens it, with its column titles) that differ under the comparing
rules, in the view's reading order; then the changes no cell shows (the third prediction's
score, something nested deeper), told from the item's differences. Each text names the first
`MAX_CHANGES` changes, then "+N more".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec

from vody_desktop.compare.differences import CompareOptions, Difference, DifferenceKind, PathStep
from vody_desktop.compare.numbers import is_number, numbers_equal
from vody_desktop.items.cells import COUNT, Cell, Parts, cell_text, dig
from vody_desktop.items.columns import column_title, discover_columns

#: The text of an item only in B (in `Comparison.item_changes`, by B's index).
ADDED_TEXT = "New: only in B"
#: The text of an item only in A (in `Comparison.removed_item_changes`, by A's index).
REMOVED_TEXT = "Only in A"
MAX_CHANGES = 3
#: A value longer than this is cut (with "…"): the text is one table cell.
VALUE_CHARS = 40
ARROW = "→"
_EMPTY = "(empty)"


def changed_item_text(
    item_a: Any,
    item_b: Any,
    differences: Sequence[Difference],
    depth: int,
    options: CompareOptions,
) -> str:
    """The words for an item found in both results with `differences` (the item's decoded
    values, None when they could not be decoded; `depth` is the length of the item's own path
    steps, so a difference's steps past it name the place inside the item)."""
    try:
        cells = _cell_changes(item_a, item_b, options)
    except RecursionError:  # a cell holding nesting too deep to write as text
        cells = []
    told = [_without_count(parts) for parts, _ in cells]
    changes = [text for _, text in cells]
    for difference in differences:
        place = difference.steps[depth:]
        if not any(_related(parts, place) for parts in told):
            changes.append(_difference_words(difference, depth))
    if len(changes) > MAX_CHANGES:
        return "; ".join(changes[:MAX_CHANGES]) + f"; +{len(changes) - MAX_CHANGES} more"
    return "; ".join(changes)


def _cell_changes(item_a: Any, item_b: Any, options: CompareOptions) -> list[tuple[Parts, str]]:
    """The Items view's cells that differ: each column's parts and the words for it."""
    if not isinstance(item_a, dict) or not isinstance(item_b, dict):
        return []
    changes = []
    for column in discover_columns([item_a, item_b]):
        cell_a, cell_b = dig(item_a, column.parts), dig(item_b, column.parts)
        if not _cells_equal(cell_a, cell_b, options):
            words = f"{column.title}: {_cell_words(cell_a)} {ARROW} {_cell_words(cell_b)}"
            changes.append((column.parts, words))
    return changes


def _without_count(parts: Parts) -> Parts:
    """("predictions", "count") stands for the list itself: ("predictions",)."""
    return parts[:-1] if parts and parts[-1] == COUNT else parts


def _related(parts: Parts, place: Sequence[PathStep]) -> bool:
    """Whether a changed cell already tells of a difference at `place` (one lies in the
    other: a cell inside a value that changed type, or a change inside a cell's value)."""
    common = min(len(parts), len(place))
    return tuple(parts[:common]) == tuple(place[:common])


def _cells_equal(a: Cell, b: Cell, options: CompareOptions) -> bool:
    if is_number(a) and is_number(b):
        return numbers_equal(a, b, options)  # type: ignore[arg-type]
    return type(a) is type(b) and a == b


def _cell_words(cell: Cell) -> str:
    text = cell_text(cell)
    return _cut(text) if text else _EMPTY


def _difference_words(difference: Difference, depth: int) -> str:
    steps = difference.steps[depth:]
    title = _title(steps)
    if difference.kind is DifferenceKind.ADDED:
        return f"{title}: only in B"
    if difference.kind is DifferenceKind.REMOVED:
        return f"{title}: only in A"
    return f"{title}: {_value_words(difference.a)} {ARROW} {_value_words(difference.b)}"


def _title(steps: Sequence[PathStep]) -> str:
    if not steps:
        return "Whole item"
    # Index 0 after a name reads "Top prediction" / "First colour" (column_title); others "#3".
    parts = tuple(step if isinstance(step, str) or step == 0 else f"#{step + 1}" for step in steps)
    return _cut(column_title(parts))  # a place 3,000 levels down still fits a cell


def _value_words(value: Any) -> str:
    if isinstance(value, dict | list):
        try:
            return _cut(msgspec.json.encode(value).decode())
        except RecursionError:  # nesting too deep to write: its brackets say what it is
            return "{…}" if isinstance(value, dict) else "[…]"
    return _cell_words(value)


def _cut(text: str) -> str:
    return text if len(text) <= VALUE_CHARS else text[: VALUE_CHARS - 1] + "…"
