"""An item's cells: its fields flattened to dotted column ids, as the CSV export names them.

`{"a": {"b": 1}}` gives `a.b`; an array of objects gives its first element's fields
(`predictions.0.score`) and its length (`predictions.count`); an array of plain values is one
cell of text ("red, blue"). Values keep their JSON type (str, int, float, bool, None), so sorting
can compare numbers as numbers; a number reads exactly as the server wrote it (`NumberText`).
One item decodes in microseconds (msgspec), so rows are read on demand from their bytes and
never all kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec

from vody_desktop.document.csv_export import table_column

Cell = str | int | float | bool | None
Parts = tuple[str | int, ...]
#: Nesting below this is shown as text, not as more columns.
MAX_NESTING = 6
COUNT = "count"


class NumberText(float):
    """A JSON number with a fraction or exponent: compares as a float, reads as written
    ("1.0E+2" stays "1.0E+2", "0.50" stays "0.50"), as the tree and the exports show it."""

    def __new__(cls, text: str) -> NumberText:
        number = super().__new__(cls, text)
        number.text = text
        return number

    text: str

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__


_decode = msgspec.json.Decoder(float_hook=NumberText).decode


def decode_item(raw: Any) -> Any:
    """The item as Python values (None for bytes that msgspec cannot take, such as very deep
    nesting: such an item shows empty cells rather than stopping the table)."""
    try:
        return _decode(raw)
    except (msgspec.DecodeError, RecursionError):
        return None


def flat_cells(item: Any) -> dict[Parts, Cell]:
    """The item's cells by column parts, in the item's own key order."""
    cells: dict[Parts, Cell] = {}
    if isinstance(item, dict):
        for parts, value in _flatten(item, (), 0):
            cells[parts] = value
    return cells


def column_id(parts: Parts) -> str:
    """The dotted id of a column: ("predictions", 0, "score") -> "predictions.0.score"."""
    return table_column(list(parts))


def dig(item: Any, parts: Parts) -> Cell:
    """The one cell at `parts` in a decoded item (what `flat_cells` would give there), or None."""
    value = item
    last = len(parts) - 1
    for number, part in enumerate(parts):
        if part == COUNT and number == last and isinstance(value, list):
            return len(value)
        if isinstance(value, dict) and isinstance(part, str):
            value = value.get(part)
        elif isinstance(value, list) and isinstance(part, int) and part < len(value):
            value = value[part]
        else:
            return None
    return _cell(value)


def cell_text(value: Cell) -> str:
    """What a cell reads: text as is, numbers as written, true/false, empty for null/missing."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return value if isinstance(value, str) else repr(value)


def _cell(value: Any) -> Cell:
    if isinstance(value, dict):
        return msgspec.json.encode(value).decode() if value else ""
    if isinstance(value, list):
        return ", ".join(cell_text(_cell(member)) for member in value)
    return value  # type: ignore[no-any-return]


def _flatten(value: dict[str, Any], prefix: Parts, depth: int) -> Iterator[tuple[Parts, Cell]]:
    for key, member in value.items():
        parts = (*prefix, key)
        if depth < MAX_NESTING and isinstance(member, dict) and member:
            yield from _flatten(member, parts, depth + 1)
        elif depth < MAX_NESTING and _is_object_list(member):
            yield from _flatten(member[0], (*parts, 0), depth + 1)
            yield (*parts, COUNT), len(member)
        else:
            yield parts, _cell(member)


def _is_object_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and isinstance(value[0], dict) and bool(value[0])
