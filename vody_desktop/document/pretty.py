"""Pretty JSON for export and for the raw-view tab, exact to the source and streamed in chunks.

The format is that of `json.dumps(value, indent=2, ensure_ascii=False)` plus a final newline,
except that nothing is re-encoded: key order (duplicates included), number text ("1.0E+2",
"-0", "18446744073709551617") and string escapes ("\\u00e9", "\\/") stay exactly as received,
and non-ASCII text stays UTF-8. Indentation stops growing after `MAX_INDENT_LEVELS` levels, so a
100,000-level document gives a file of linear rather than quadratic size (2 * 10^10 bytes).

Fast path: `msgspec.json.format`, which keeps number text, escapes and key order (verified in
tests). Values larger than `SPLIT_BYTES` are printed member by member, small members in batches,
so memory stays bounded, the caller can cancel between chunks, and no single call holds the GIL
long enough to stall a window. Anything msgspec cannot
format (RecursionError on deep nesting) or that needs the indentation cap goes through an
iterative printer that produces the same text.
"""

from __future__ import annotations

import codecs
from collections.abc import Generator, Iterable, Iterator
from itertools import chain

import msgspec

from vody_desktop.document.scanner import LOOSE_TOKEN, STRING, skip_ws, strip_value
from vody_desktop.document.slices import sliced_members

MAX_INDENT_LEVELS = 64
#: Values larger than this are printed member by member. Small, because one msgspec call holds
#: the GIL throughout (about 2 ms per MB): an export thread must hand it back to the UI thread
#: within a few ms (one call on a 25 MB document stalled the window for 50 ms).
SPLIT_BYTES = 1 << 20
BATCH_BYTES = 1 << 20
MAX_SPLIT_LEVELS = 16
CHUNK_BYTES = 256 << 10
MAX_CHUNK_BYTES = 1 << 20

_OPEN = frozenset(b"[{")
_CLOSE = frozenset(b"]}")
_COMMA, _COLON = ord(","), ord(":")
_Member = tuple[bytes | None, msgspec.Raw | memoryview]


def iter_pretty_json(raw: bytes | memoryview, indent: int = 2) -> Iterator[bytes]:
    """Yield the pretty text of one valid JSON value (document or subtree) in chunks."""
    if indent < 1:
        raise ValueError("indent must be at least 1")
    view = strip_value(raw)
    pending: list[bytes] = []
    size = 0
    for piece in _pretty_value(view, indent, 0, MAX_SPLIT_LEVELS):
        if len(piece) >= MAX_CHUNK_BYTES:
            if pending:
                yield b"".join(pending)
                pending, size = [], 0
            for offset in range(0, len(piece), MAX_CHUNK_BYTES):
                yield piece[offset : offset + MAX_CHUNK_BYTES]
            continue
        pending.append(piece)
        size += len(piece)
        if size >= CHUNK_BYTES:
            yield b"".join(pending)
            pending, size = [], 0
    pending.append(b"\n")
    yield b"".join(pending)


def pretty_json_preview(raw: bytes | memoryview, max_chars: int) -> tuple[str, bool]:
    """Pretty text of `raw` (without the final newline) cut to `max_chars`; True if cut."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    parts: list[str] = []
    count = 0
    # The iterative printer streams, so the cost follows max_chars, not the document's size.
    chunks = _iterative(strip_value(raw), 2, 0, batch_tokens=256)
    for chunk in chunks:
        text = decoder.decode(chunk)
        parts.append(text)
        count += len(text)
        if count > max_chars + 1:
            break
    chunks.close()
    text = "".join(parts)
    return text[:max_chars], len(text) > max_chars


def _too_deep(indent: int, base: int) -> bytes:
    """Marks a line of msgspec output (starting at depth `base`) beyond the indentation cap."""
    return b"\n" + b" " * (indent * (MAX_INDENT_LEVELS + 1 - base))


def _indentation(indent: int, depth: int) -> bytes:
    return b"\n" + b" " * (indent * min(depth, MAX_INDENT_LEVELS))


def _pretty_value(view: memoryview, indent: int, base: int, levels: int) -> Iterator[bytes]:
    if levels > 0 and len(view) > SPLIT_BYTES and view[0] in _OPEN:
        members = _split(view)
        if members is not None:
            yield from _pretty_members(view[0] == ord("{"), members, indent, base, levels)
            return
    yield from _format_whole(view, indent, base)


def _format_whole(view: memoryview, indent: int, base: int) -> Iterator[bytes]:
    try:
        out = msgspec.json.format(view, indent=indent)
    except RecursionError:
        yield from _iterative(view, indent, base)
        return
    if _too_deep(indent, base) in out:
        yield from _iterative(view, indent, base)  # deeper than the indentation cap
        return
    yield out.replace(b"\n", _indentation(indent, base)) if base else out


def _split(view: memoryview) -> Iterable[_Member] | None:
    """Direct children (object members with their source key text); None if not possible."""
    try:
        if view[0] == ord("["):
            # A large array in slices: one decode would hold the GIL (280 ms for 250 MB).
            items = sliced_members(view) or msgspec.json.decode(view, type=list[msgspec.Raw])
            # One at a time: a list of them all (720,000 views of a 250 MB result) took 150 MB,
            # and freeing it at the end held the GIL for 50 ms, a stall of the window.
            return ((None, item) for item in items)
        members = msgspec.json.decode(view, type=dict[str, msgspec.Raw])
    except RecursionError:
        return None
    # The dict drops duplicate keys; walk the source to recover each key's text and give up
    # (None) if the members found there are not exactly the dict's.
    out: list[_Member] = []
    pos = skip_ws(view, 1)
    for key, value in members.items():
        match = STRING.match(view, pos)
        if match is None or msgspec.json.decode(match.group(), type=str) != key:
            return None
        pos = skip_ws(view, skip_ws(view, match.end()) + 1)
        if not _same_bytes(view[pos : pos + len(value)], memoryview(value)):
            return None
        out.append((match.group(), value))
        pos = skip_ws(view, skip_ws(view, pos + len(value)) + 1)  # skip ',' or '}'
    return out if pos == len(view) else None


def _same_bytes(left: memoryview, right: memoryview) -> bool:
    # Comparing memoryviews goes item by item; bytes slices use memcmp and bound the copies.
    if len(left) != len(right):
        return False
    step = 1 << 20
    return all(
        bytes(left[i : i + step]) == bytes(right[i : i + step]) for i in range(0, len(left), step)
    )


def _pretty_members(
    is_object: bool, members: Iterable[_Member], indent: int, base: int, levels: int
) -> Iterator[bytes]:
    opener, closer = (b"{", b"}") if is_object else (b"[", b"]")
    remaining = iter(members)
    first = next(remaining, None)
    if first is None:
        yield opener + closer
        return
    yield opener
    separator = b""
    batch: list[_Member] = []
    batch_size = 0
    for key, value in chain((first,), remaining):
        if len(value) > SPLIT_BYTES and memoryview(value)[0] in _OPEN:
            if batch:
                yield separator
                yield from _format_batch(is_object, batch, indent, base)
                separator, batch, batch_size = b",", [], 0
            yield separator + _indentation(indent, base + 1) + _key_prefix(key)
            yield from _pretty_value(memoryview(value), indent, base + 1, levels - 1)
            separator = b","
            continue
        batch.append((key, value))
        batch_size += len(value)
        if batch_size >= BATCH_BYTES:
            yield separator
            yield from _format_batch(is_object, batch, indent, base)
            separator, batch, batch_size = b",", [], 0
    if batch:
        yield separator
        yield from _format_batch(is_object, batch, indent, base)
    yield _indentation(indent, base) + closer


def _format_batch(is_object: bool, batch: list[_Member], indent: int, base: int) -> Iterator[bytes]:
    """Members of a container at depth `base`, each on its own line, without the brackets."""
    if is_object:
        joined = b",".join(_key_prefix(key).rstrip() + bytes(value) for key, value in batch)
        combined = b"{" + joined + b"}"
    else:
        combined = b"[" + b",".join(bytes(value) for _, value in batch) + b"]"
    try:
        out: bytes | None = msgspec.json.format(combined, indent=indent)
    except RecursionError:
        out = None
    if out is not None and _too_deep(indent, base) not in out:
        body = out[1:-2]  # drop the brackets and the newline before the closing one
        yield body.replace(b"\n", _indentation(indent, base)) if base else body
        return
    for number, (key, value) in enumerate(batch):
        yield (b"," if number else b"") + _indentation(indent, base + 1) + _key_prefix(key)
        yield from _format_whole(memoryview(value), indent, base + 1)


def _key_prefix(key: bytes | None) -> bytes:
    return b"" if key is None else key + b": "


def _iterative(
    view: memoryview, indent: int, base: int, *, batch_tokens: int = 8192
) -> Generator[bytes, None, None]:
    """The same format as msgspec.json.format, without recursion; starts at depth `base`."""
    newlines = [_indentation(indent, depth) for depth in range(MAX_INDENT_LEVELS + 1)]
    cap = MAX_INDENT_LEVELS
    out: list[bytes] = []
    depth = base
    opener: bytes | None = None
    for match in LOOSE_TOKEN.finditer(view):
        token = match.group(match.lastindex or 0)
        first = token[0]
        if opener is not None:
            if first in _CLOSE:
                out.append(opener + token)
                opener = None
                continue
            depth += 1
            out.append(opener + newlines[depth if depth < cap else cap])
            opener = None
        if first in _OPEN:
            opener = token
            continue
        if first in _CLOSE:
            depth -= 1
            out.append(newlines[depth if depth < cap else cap] + token)
        elif first == _COMMA:
            out.append(b"," + newlines[depth if depth < cap else cap])
        elif first == _COLON:
            out.append(b": ")
        else:
            out.append(token)
        if len(out) >= batch_tokens:
            yield b"".join(out)
            out.clear()
    if opener is not None:
        out.append(opener)
    if out:
        yield b"".join(out)
