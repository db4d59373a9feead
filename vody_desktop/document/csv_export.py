"""CSV for spreadsheets: a table when the value is an array of objects, else path/value rows.

Table: one row per element. Nested fields get dotted column names built from keys and array
positions, e.g. `predictions.0.hex_color` (chosen over `predictions[0].hex_color` because every
part is then a plain name a spreadsheet filter shows cleanly; a key that itself contains a dot
is ambiguous in the header, which is acceptable for reading). The columns are the union of all
elements' fields in first-seen order; a field an element lacks is an empty cell.

Anything else (an object, an array holding non-objects, a scalar) becomes rows of `path,value`,
one per scalar, with JSONPath paths as the app shows them (`$[3].colors[0].hex`).

Cells: text as it reads (decoded), numbers exactly as received (except that an integer written
"-0" reads "0"), `true`/`false`/`null` as written, an empty object or array as `{}`/`[]`.
Excel: UTF-8 with a byte order mark (so accents survive), every field quoted by the `csv` module
where needed, CRLF line ends. Text from the server that starts with = + - @, a tab or a carriage
return is prefixed with an apostrophe so a spreadsheet shows it as text instead of running it
as a formula (OWASP "CSV injection"); numbers are never changed, so -0.5 stays a number.

Two passes over the elements (columns first, then rows) keep memory bounded by one element.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import msgspec

from vody_desktop.document.node import JsonNode, NodeKind, path_segment
from vody_desktop.document.scanner import strip_value

BOM = "\ufeff"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_CHARS = 256 << 10
PATH_HEADER = ("path", "value")
PAUSE_EVERY = 512  # elements between the empty chunks of the first pass


class _NumberText(str):
    """The exact source text of a JSON number that is not a plain integer."""

    __slots__ = ()


_DECODER = msgspec.json.Decoder(float_hook=_NumberText)
_Walk = Iterator[tuple[list[str | int], Any]]


def iter_csv(
    raw: bytes | memoryview, base_path: str = "$", first_index: int = 0
) -> Iterator[bytes]:
    """Yield the CSV (UTF-8 with BOM) of one valid JSON value; `base_path` prefixes paths.

    `first_index`: `raw` is an array of members of the array at `base_path` from this index on
    (a range row of the tree, "[10,000 … 19,999]"): paths name the members' real indexes.
    """
    view = strip_value(raw)
    # A generator: both passes run where the chunks are consumed (the export thread).
    elements = _object_elements(view)
    if elements is not None:
        columns: list[str] = []
        # Empty chunks now and then, so a Cancel is honoured during the first pass too.
        yield from _columns(elements, columns)
        if columns:
            yield from _write_rows(_table_rows(elements, columns), header=columns)
            return
    yield from _write_rows(_path_rows(view, base_path, first_index), header=list(PATH_HEADER))


def table_column(parts: list[str | int]) -> str:
    """The dotted column name of a field: ["colors", 0, "hex"] -> "colors.0.hex"."""
    return ".".join(str(part) for part in parts)


def guard_formula(text: str) -> str:
    """`text`, with an apostrophe in front if a spreadsheet would take it as a formula."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


# -- reading the value -------------------------------------------------------------------


def _object_elements(view: memoryview) -> list[msgspec.Raw] | None:
    """The elements when `view` is a non-empty array of objects only, else None."""
    if view[0] != ord("["):
        return None
    try:
        items = msgspec.json.decode(view, type=list[msgspec.Raw])
    except RecursionError:
        return None
    if not items or any(memoryview(item)[0] != ord("{") for item in items):
        return None
    return items


def _leaves(raw: bytes | memoryview) -> _Walk:
    """(key path, scalar or empty container) for every leaf of one value, depth-proof."""
    try:
        value = _DECODER.decode(raw)
    except RecursionError:
        yield from _walk(JsonNode(memoryview(raw)), _node_children, _node_cell)
        return
    yield from _walk(value, _python_children, _python_cell)


def _walk(
    root: Any,
    children: Callable[[Any], Iterable[tuple[str | int, Any]] | None],
    cell: Callable[[Any], str],
) -> _Walk:
    """Depth-first without recursion; the key path is one list grown and shrunk in place."""
    top = children(root)
    if top is None:
        yield [], cell(root)
        return
    parts: list[str | int] = []
    stack: list[Iterator[tuple[str | int, Any]]] = [iter(top)]
    while stack:
        step = next(stack[-1], None)
        if step is None:
            stack.pop()
            if parts:
                parts.pop()
            continue
        key, child = step
        inner = children(child)
        if inner is None:
            parts.append(key)
            yield parts, cell(child)
            parts.pop()
        else:
            parts.append(key)
            stack.append(iter(inner))


def _python_children(value: Any) -> Iterable[tuple[str | int, Any]] | None:
    if isinstance(value, dict) and value:
        return value.items()
    if isinstance(value, list) and value:
        return enumerate(value)
    return None


def _python_cell(value: Any) -> str:
    if isinstance(value, _NumberText):
        return value
    if isinstance(value, str):
        return guard_formula(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return str(value)


def _node_children(node: JsonNode) -> Iterable[tuple[str | int, Any]] | None:
    if not node.is_container or node.child_count == 0:
        return None
    # Every child has a key: its row in an array, its name in an object.
    children = map(node.child, range(node.child_count))
    return ((0 if child.key is None else child.key, child) for child in children)


def _node_cell(node: JsonNode) -> str:
    if node.kind is NodeKind.STRING:
        return guard_formula(node.display_value)
    if node.kind is NodeKind.OBJECT:
        return "{}"
    if node.kind is NodeKind.ARRAY:
        return "[]"
    return node.display_value


# -- rows --------------------------------------------------------------------------------


def _columns(elements: list[msgspec.Raw], columns: list[str]) -> Iterator[bytes]:
    """Fill `columns` with every field's column in first-seen order; yield b"" now and then."""
    seen: dict[str, None] = {}
    for number, element in enumerate(elements, start=1):
        for parts, _ in _leaves(element):
            if parts:
                seen.setdefault(table_column(parts), None)
        if number % PAUSE_EVERY == 0:
            yield b""
    columns.extend(guard_formula(name) for name in seen)


def _table_rows(elements: list[msgspec.Raw], columns: list[str]) -> Iterator[list[str]]:
    width = len(columns)
    position = {name: number for number, name in enumerate(columns)}
    for element in elements:
        row = [""] * width
        for parts, text in _leaves(element):
            if parts:
                row[position[guard_formula(table_column(parts))]] = text
        yield row


def _path_rows(view: memoryview, base_path: str, first_index: int) -> Iterator[list[str]]:
    for parts, text in _leaves(view):
        if first_index and parts and isinstance(parts[0], int):
            parts = [parts[0] + first_index, *parts[1:]]
        yield [base_path + "".join(path_segment(part) for part in parts), text]


def _write_rows(rows: Iterable[list[str]], header: list[str]) -> Iterator[bytes]:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)  # Excel dialect: quotes only where needed, CRLF line ends
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
        if buffer.tell() >= CHUNK_CHARS:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
