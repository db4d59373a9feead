"""Compact JSON for export: the value on one line, exact to the source, streamed in chunks.

All whitespace between tokens is removed and nothing else changes: key order (duplicates
included), number text ("1.0E+2", "-0", "18446744073709551617") and string escapes ("\\u00e9",
"\\/") stay exactly as received. The file ends with one newline, like the pretty format.

`msgspec.json.format(value, indent=-1)` does exactly this (verified in
tests/unit/test_export_formats.py: `test_compact_keeps_number_text_key_order_duplicates_and_escapes`
and `test_compact_matches_msgspec_formatting`); `indent=0` would keep a space after ':' and ','.
An array larger than `SPLIT_BYTES` is formatted in batches of elements so memory stays bounded
and the writer can be cancelled between chunks; anything too deep for msgspec goes through a
token loop without recursion.
"""

from __future__ import annotations

from collections.abc import Iterator

import msgspec

from vody_desktop.document.scanner import LOOSE_TOKEN, strip_value

SPLIT_BYTES = 16 << 20
BATCH_BYTES = 1 << 20
CHUNK_BYTES = 256 << 10
MAX_SPLIT_LEVELS = 8


def iter_compact_json(raw: bytes | memoryview) -> Iterator[bytes]:
    """Yield the compact text of one valid JSON value (document or subtree), then b"\\n"."""
    view = strip_value(raw)
    for piece in _compact_value(view, MAX_SPLIT_LEVELS):
        for offset in range(0, len(piece), CHUNK_BYTES):
            yield piece[offset : offset + CHUNK_BYTES]
    yield b"\n"


def _compact_value(view: memoryview, levels: int) -> Iterator[bytes]:
    if levels > 0 and len(view) > SPLIT_BYTES and view[0] == ord("["):
        try:
            items = msgspec.json.decode(view, type=list[msgspec.Raw])
        except RecursionError:
            items = None
        if items is not None:
            yield from _compact_items(items, levels)
            return
    try:
        yield msgspec.json.format(view, indent=-1)
    except RecursionError:
        yield from _iterative(view)


def _compact_items(items: list[msgspec.Raw], levels: int) -> Iterator[bytes]:
    yield b"["
    separator = b""
    batch: list[msgspec.Raw] = []
    size = 0
    for item in items:
        if len(item) > SPLIT_BYTES:
            if batch:
                yield separator + _format_batch(batch)
                separator, batch, size = b",", [], 0
            yield separator
            yield from _compact_value(memoryview(item), levels - 1)
            separator = b","
            continue
        batch.append(item)
        size += len(item)
        if size >= BATCH_BYTES:
            yield separator + _format_batch(batch)
            separator, batch, size = b",", [], 0
    if batch:
        yield separator + _format_batch(batch)
    yield b"]"


def _format_batch(batch: list[msgspec.Raw]) -> bytes:
    joined = b"[" + b",".join(bytes(item) for item in batch) + b"]"
    try:
        return msgspec.json.format(joined, indent=-1)[1:-1]
    except RecursionError:
        return b"".join(_iterative(memoryview(joined)))[1:-1]


def _iterative(view: memoryview, batch_tokens: int = 8192) -> Iterator[bytes]:
    """The same text as msgspec.json.format(indent=-1), without recursion."""
    out: list[bytes] = []
    for match in LOOSE_TOKEN.finditer(view):
        out.append(match.group(match.lastindex or 0))
        if len(out) >= batch_tokens:
            yield b"".join(out)
            out.clear()
    if out:
        yield b"".join(out)
