"""The iterative JSON path: validation, bracket matching and one-level splitting without recursion.

msgspec (and json) recurse once per nesting level and raise RecursionError from about depth 1000;
on CPython 3.12+ raising the recursion limit does not help. This module is the slow but
depth-proof fallback used only when the fast decoder gives up: `scan` validates a whole value
with an explicit stack and records where every container ends, after which `split_level` finds
one container's children in time proportional to their number, and `build_python` decodes a
value without recursion.

Validity follows msgspec, so both paths accept the same documents: the RFC 8259 grammar, and
`\\u` escapes must not leave a UTF-16 surrogate unpaired. UTF-8 is checked by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from vody_desktop.document.errors import InvalidJsonError

# msgspec (about 13 ms to import) is imported where it is used: the window's first paint
# imports this module but decodes nothing (ui/mainwindow/later_parts.py).

WS = re.compile(rb"[ \t\n\r]*")
# WS always matches (possibly empty); the cast spares an Optional check in the hot loops.
_ws = cast("Callable[[memoryview, int], re.Match[bytes]]", WS.match)
_STRING_BODY = rb'"[^"\\\x00-\x1f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\x00-\x1f]*)*'
STRING = re.compile(_STRING_BODY + rb'"')
_STRING_PREFIX = re.compile(_STRING_BODY)
_SCALAR = re.compile(rb"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null")
# For input already known to be valid: any string, punctuation, or a bare scalar.
LOOSE_TOKEN = re.compile(
    rb'[ \t\n\r]*(?:("[^"\\]*(?:\\.[^"\\]*)*")|([\[\]{},:])|([^ \t\n\r\[\]{},:"]+))', re.S
)

_OPEN = frozenset(b"[{")
_QUOTE, _COLON, _COMMA = ord('"'), ord(":"), ord(",")
_LBRACE, _RBRACE, _LBRACKET, _RBRACKET = ord("{"), ord("}"), ord("["), ord("]")

# Parser states of `scan`.
_VALUE, _KEY, _AFTER = 0, 1, 2


@dataclass(frozen=True, slots=True)
class ScanIndex:
    """A validated buffer and the end offset (exclusive) of every container, by start offset."""

    data: memoryview
    ends: dict[int, int]


def scan(data: memoryview, start: int = 0) -> ScanIndex:
    """Validate that `data[start:]` holds exactly one JSON value (plus whitespace), iteratively.

    Raises InvalidJsonError with the offset within `data`.
    """
    n = len(data)
    ends: dict[int, int] = {}
    stack: list[int] = []
    ws = _ws
    pos = ws(data, start).end()
    state = _VALUE
    while True:
        if state == _AFTER:
            if not stack:
                if pos != n:
                    raise _error(data, pos, "unexpected text after the end of the JSON value")
                return ScanIndex(data, ends)
            if pos >= n:
                raise _error(data, pos, "the document ends too early (it was cut off)")
            c = data[pos]
            top = stack[-1]
            closer = _RBRACE if data[top] == _LBRACE else _RBRACKET
            if c == _COMMA:
                pos = ws(data, pos + 1).end()
                if pos < n and data[pos] == closer:
                    raise _error(data, pos, "a comma is followed by no item")
                state = _KEY if closer == _RBRACE else _VALUE
                continue
            if c == closer:
                ends[stack.pop()] = pos + 1
                pos = ws(data, pos + 1).end()
                continue
            expected = "',' or '}'" if closer == _RBRACE else "',' or ']'"
            raise _error(data, pos, f"expected {expected}")
        if pos >= n:
            raise _error(data, pos, "the document ends too early (it was cut off)")
        c = data[pos]
        if state == _KEY:
            if c != _QUOTE:
                raise _error(data, pos, "expected a key in double quotes")
            pos = ws(data, _string_end(data, pos)).end()
            if pos >= n or data[pos] != _COLON:
                raise _error(data, pos, "expected ':' after a key")
            pos = ws(data, pos + 1).end()
            state = _VALUE
        elif c in _OPEN:
            closer = _RBRACE if c == _LBRACE else _RBRACKET
            inner = ws(data, pos + 1).end()
            if inner < n and data[inner] == closer:
                ends[pos] = inner + 1
                pos = ws(data, inner + 1).end()
                state = _AFTER
            else:
                stack.append(pos)
                pos = inner
                state = _KEY if c == _LBRACE else _VALUE
        elif c == _QUOTE:
            pos = ws(data, _string_end(data, pos)).end()
            state = _AFTER
        else:
            match = _SCALAR.match(data, pos)
            if match is None:
                reason = "expected a value (object, array, text, number, true, false or null)"
                raise _error(data, pos, reason)
            pos = ws(data, match.end()).end()
            state = _AFTER


def skip_ws(data: memoryview, pos: int) -> int:
    """The offset of the first non-whitespace byte at or after `pos`."""
    return _ws(data, pos).end()


def _string_end(data: memoryview, pos: int) -> int:
    match = STRING.match(data, pos)
    if match is None:
        bad = _STRING_PREFIX.match(data, pos)
        end = bad.end() if bad is not None else pos
        if end >= len(data):
            raise _error(data, pos, "a text value is not closed (missing '\"')")
        if data[end] < 0x20:
            raise _error(data, end, f"control character 0x{data[end]:02x} inside a text value")
        raise _error(data, end, "invalid escape sequence inside a text value")
    if b"\\u" in match.group():
        import msgspec

        try:
            msgspec.json.decode(match.group(), type=str)
        except msgspec.DecodeError:
            raise _error(data, pos, "a \\u escape leaves a UTF-16 surrogate unpaired") from None
    return match.end()


def _error(data: memoryview, pos: int, reason: str) -> InvalidJsonError:
    return InvalidJsonError.at(data, pos, reason)


def split_level(index: ScanIndex, start: int) -> tuple[list[str] | None, list[tuple[int, int]]]:
    """Return (keys or None for an array, child value spans) of the container at `start`.

    Duplicate object keys keep the first key's position and the last value, like json.loads,
    msgspec and JSON.parse.
    """
    import msgspec

    data, ends = index.data, index.ends
    ws = _ws
    is_object = data[start] == _LBRACE
    spans: list[tuple[int, int]] = []
    members: dict[str, tuple[int, int]] = {}
    pos = ws(data, start + 1).end()
    if data[pos] in (_RBRACE, _RBRACKET):
        return ([] if is_object else None), spans
    while True:
        key = ""
        if is_object:
            match = STRING.match(data, pos)
            assert match is not None
            key = msgspec.json.decode(match.group(), type=str)
            pos = ws(data, ws(data, match.end()).end() + 1).end()  # skip ':'
        if data[pos] in _OPEN:
            end = ends[pos]
        else:
            scalar = LOOSE_TOKEN.match(data, pos)
            assert scalar is not None
            end = scalar.end()
        if is_object:
            members[key] = (pos, end)
        else:
            spans.append((pos, end))
        pos = ws(data, end).end()
        if data[pos] != _COMMA:
            break
        pos = ws(data, pos + 1).end()
    if is_object:
        return list(members), list(members.values())
    return None, spans


def build_python(data: bytes | memoryview) -> Any:
    """Decode a valid JSON value without recursion (numbers exact: big ints stay int)."""
    import msgspec

    root: list[Any] = []
    stack: list[Any] = [root]
    pending_key: str | None = None
    expect_key = False
    for match in LOOSE_TOKEN.finditer(data):
        token = match.group(match.lastindex or 0)
        first = token[0]
        if first == _QUOTE:
            text = msgspec.json.decode(token, type=str)
            if expect_key:
                pending_key = text
                expect_key = False
                continue
            value: Any = text
        elif first in (_LBRACKET, _LBRACE):
            container: Any = [] if first == _LBRACKET else {}
            _add(stack[-1], pending_key, container)
            stack.append(container)
            expect_key = first == _LBRACE
            continue
        elif first in (_RBRACKET, _RBRACE):
            stack.pop()
            continue
        elif first == _COMMA:
            expect_key = isinstance(stack[-1], dict)
            continue
        elif first == _COLON:
            continue
        else:
            value = _scalar(token)
        _add(stack[-1], pending_key, value)
    return root[0]


def _add(container: Any, key: str | None, value: Any) -> None:
    if isinstance(container, dict):
        assert key is not None
        container[key] = value
    else:
        container.append(value)


def _scalar(token: bytes) -> Any:
    if token == b"true":
        return True
    if token == b"false":
        return False
    if token == b"null":
        return None
    if token.isdigit() or (token[:1] == b"-" and token[1:].isdigit()):
        return int(token)
    return float(token)


_BOM = b"\xef\xbb\xbf"


def strip_value(raw: bytes | memoryview) -> memoryview:
    """The value without a UTF-8 byte order mark and surrounding whitespace."""
    view = memoryview(raw)
    start = skip_ws(view, len(_BOM) if bytes(view[:3]) == _BOM else 0)
    end = len(view)
    while end > start and view[end - 1] in b" \t\r\n":
        end -= 1
    if start == end:
        raise ValueError("no JSON value to format")
    return view[start:end]
