"""`JsonDocument`: validate received bytes once and expose them as a lazily decoded node tree.

Parsing checks UTF-8 and the whole JSON grammar but decodes only the top level: msgspec decodes
the root into `msgspec.Raw` slices (validating everything below on the way), so a 25 MB result
is ready in milliseconds; a large top-level array is checked a slice at a time (slices.py), so
the thread that parses never holds the GIL for long. A document too deep for msgspec is
validated by the iterative scanner.
"""

from __future__ import annotations

import codecs
import re
from typing import TYPE_CHECKING

from vody_desktop.document.errors import EmptyDocumentError, InvalidJsonError
from vody_desktop.document.node import JsonNode
from vody_desktop.document.scanner import scan, skip_ws
from vody_desktop.document.slices import sliced_members

if TYPE_CHECKING:
    # msgspec (about 13 ms to import) is imported where it is used: the window's first paint
    # imports this module but decodes nothing (ui/mainwindow/later_parts.py).
    import msgspec

_BOM = codecs.BOM_UTF8
#: Small pieces: each is decoded into a str that is thrown away, and 1 MB ones were mapped and
#: unmapped by glibc every time (see allocator.py). 250 MB of accented text: 16 KB pieces
#: 120 ms, 1 MB pieces 310-410 ms.
_UTF8_CHECK_CHUNK = 16 << 10
_WHITESPACE = frozenset(b" \t\r\n")
_MSGSPEC_MESSAGE = re.compile(
    r"(?:JSON is malformed: )?(?P<reason>.*?)(?: \(byte (?P<byte>\d+)\))?"
)
_CUT_OFF = "the document ends too early (it was cut off)"


class JsonDocument:
    """A received JSON result: the bytes as received and the root node over them."""

    # A weak reference tells whether a replaced result has left memory (the tests use one).
    __slots__ = ("__weakref__", "data", "root", "size_bytes")

    def __init__(self, data: bytes, root: JsonNode) -> None:
        """Use `JsonDocument.parse`; this only stores an already validated document."""
        self.data = data
        self.root = root
        self.size_bytes = len(data)

    def __repr__(self) -> str:
        return f"<JsonDocument {self.root.kind} {self.size_bytes} bytes>"

    @classmethod
    def parse(cls, data: bytes) -> JsonDocument:
        """Validate `data` as one JSON value and decode its top level.

        Leading/trailing whitespace and a UTF-8 byte order mark are tolerated. Raises
        EmptyDocumentError for nothing but whitespace, InvalidJsonError for anything else
        that is not valid JSON in UTF-8 (with the byte offset of the problem).
        """
        import msgspec

        data = bytes(data)  # a mutable buffer could change under the views we keep
        view = memoryview(data)
        start = skip_ws(view, len(_BOM) if data.startswith(_BOM) else 0)
        if start == len(data):
            raise EmptyDocumentError(
                detail=f"Received {len(data)} bytes and none of them is JSON content.",
                position=start,
                reason="empty document",
            )
        end = len(data)
        while data[end - 1] in _WHITESPACE:  # not rstrip(): that would copy the whole document
            end -= 1
        _check_utf8(data, view)
        body = view[start:end]
        try:
            members = sliced_members(body)  # a large array: no long GIL hold
            root = _fast_root(body) if members is None else JsonNode(body, level=(None, members))
        except msgspec.DecodeError as exc:
            raise _from_msgspec(view, start, end, exc) from None
        except RecursionError:
            index = scan(view, start)
            root = JsonNode(body, index=index, start=start)
        return cls(data, root)


def _fast_root(body: memoryview) -> JsonNode:
    import msgspec

    first = body[0]
    if first == ord("["):
        return JsonNode(body, level=(None, msgspec.json.decode(body, type=list[msgspec.Raw])))
    if first == ord("{"):
        members = msgspec.json.decode(body, type=dict[str, msgspec.Raw])
        return JsonNode(body, level=(list(members), list(members.values())))
    msgspec.json.decode(body, type=msgspec.Raw)  # validates a scalar document
    return JsonNode(body)


def _check_utf8(data: bytes, view: memoryview) -> None:
    """Raise InvalidJsonError at the first byte that is not valid UTF-8, in bounded memory."""
    if data.isascii():  # most results: 10 ms for 250 MB, and nothing allocated
        return
    pos, size = 0, len(view)
    while pos < size:
        chunk = view[pos : pos + _UTF8_CHECK_CHUNK]
        final = pos + len(chunk) >= size
        try:
            _, consumed = codecs.utf_8_decode(chunk, "strict", final)
        except UnicodeDecodeError as exc:
            bad = pos + exc.start
            reason = f"the bytes are not valid UTF-8 text ({exc.reason}: byte 0x{view[bad]:02x})"
            raise InvalidJsonError.at(view, bad, reason) from None
        pos += consumed


def _from_msgspec(
    view: memoryview, start: int, end: int, exc: msgspec.DecodeError
) -> InvalidJsonError:
    message = str(exc)
    match = _MSGSPEC_MESSAGE.fullmatch(message)
    if match is None or match["byte"] is None:
        # "Input data was truncated" has no offset; msgspec also says it for "\ud800x".
        reason = _CUT_OFF if "truncated" in message else message
        return InvalidJsonError.at(view, end, reason)
    reason, position = match["reason"], start + int(match["byte"])
    if reason == "trailing characters":
        # msgspec points just past the first extra character.
        reason, position = "unexpected text after the end of the JSON value", position - 1
    return InvalidJsonError.at(view, position, reason)
