"""Invalid or empty results give a plain title and the byte position of the problem."""

from __future__ import annotations

import msgspec
import pytest

from vody_desktop.document import json_document
from vody_desktop.document.errors import EmptyDocumentError, InvalidJsonError
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.errors import UserFacingError


def parse_error(data: bytes) -> InvalidJsonError:
    with pytest.raises(InvalidJsonError) as info:
        JsonDocument.parse(data)
    return info.value


@pytest.mark.parametrize(
    ("data", "position", "reason"),
    [
        (b"[1, 2", 5, "ends too early"),
        (b'{"a": {"b": 1}', 14, "ends too early"),
        (b'"unclosed', 9, "ends too early"),
        (b'{"a": 1} x', 9, "unexpected text after the end"),
        (b"[1] [2]", 4, "unexpected text after the end"),
        (b"{'a': 1}", 1, "object keys must be strings"),
        (b"NaN", 0, "invalid character"),
        (b"[1, NaN]", 4, "invalid character"),
        (b"[1,]", 3, "trailing comma"),
        (b"[01]", 2, "invalid number"),
        (b'["a\x01"]', 3, "invalid character"),
        (b'["ok", "\xff"]', 8, "not valid UTF-8"),
        (b"\xff\xfe[\x00]\x00", 0, "not valid UTF-8"),
        (b'{"caf\xc3": 1}', 5, "not valid UTF-8"),
    ],
)
def test_invalid_json_reports_position_and_reason(data: bytes, position: int, reason: str) -> None:
    error = parse_error(data)
    assert type(error) is InvalidJsonError
    assert isinstance(error, UserFacingError)
    assert error.title == "The result is not valid JSON"
    assert "server" in error.advice
    assert error.position == position
    assert reason in error.reason
    assert error.detail.startswith(f"byte offset {position} (line 1, column {position + 1}): ")


@pytest.mark.parametrize("data", [b"", b" ", b" \r\n\t ", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n"])
def test_empty_or_whitespace_only_is_an_empty_result(data: bytes) -> None:
    error = parse_error(data)
    assert isinstance(error, EmptyDocumentError)
    assert error.title == "The server sent an empty result"
    assert str(error) == error.title


def test_detail_gives_line_column_and_a_snippet_with_a_caret() -> None:
    error = parse_error(b'{\n  "a": 1,\n  "b": @\n}')
    first, snippet, caret = error.detail.splitlines()
    assert first == "byte offset 19 (line 3, column 8): invalid character"
    assert snippet == '  "b": @'
    assert caret == "       ^"


def test_column_counts_characters_not_bytes() -> None:
    error = parse_error('{"é😀": x}'.encode())
    assert "(line 1, column 8)" in error.detail


def test_snippet_is_short_for_huge_lines() -> None:
    error = parse_error(b"[" + b"1," * 100_000 + b"x]")
    _, snippet, _ = error.detail.splitlines()
    assert len(snippet) < 70
    assert error.position == 200_001


def test_unpaired_surrogate_escape_is_invalid() -> None:
    error = parse_error(b'["\\udc00"]')
    assert error.position is not None


# Deeper than the fast decoder goes on any Python we support: msgspec gives up from depth 1000
# on 3.11, 2000 on 3.12.1 and 10,000 on 3.13.0 (its C recursion limit grew), so at 5,000 the
# errors below came from msgspec on 3.13 and the scanner went untested there.
SCANNER_DEPTH = 100_000


def test_the_fast_decoder_gives_up_at_the_scanner_depth() -> None:
    """The premise of the next test: if a newer Python or msgspec decodes this deep, deepen it."""
    nested = b"[" * SCANNER_DEPTH + b"]" * SCANNER_DEPTH
    with pytest.raises(RecursionError):
        msgspec.json.decode(nested, type=list[msgspec.Raw])
    members = b'{"a":' * SCANNER_DEPTH + b"{}" + b"}" * SCANNER_DEPTH
    with pytest.raises(RecursionError):
        msgspec.json.decode(members, type=dict[str, msgspec.Raw])


def test_errors_in_deep_documents_come_from_the_iterative_scanner() -> None:
    depth = SCANNER_DEPTH
    deep_trailing_comma = b"[" * depth + b"1,]" + b"]" * (depth - 1)
    error = parse_error(deep_trailing_comma)
    assert error.position == depth + 2
    assert error.reason == "a comma is followed by no item"  # the scanner's words

    unclosed = b"[" * depth
    assert parse_error(unclosed).position == depth

    surrogate = b"[" * depth + b'"\\ud800"' + b"]" * depth
    error = parse_error(surrogate)
    assert "surrogate" in error.reason
    assert error.position == depth

    bad_key = b'{"a":' * depth + b"{1:2}" + b"}" * depth
    error = parse_error(bad_key)
    assert error.reason == "expected a key in double quotes"
    assert error.position == 5 * depth + 1


def test_utf8_is_checked_across_the_pieces_it_is_read_in() -> None:
    piece = json_document._UTF8_CHECK_CHUNK
    text = '["' + "a" * (piece - 3) + "é" + "b" * piece + '"]'  # "é" straddles the first cut
    assert JsonDocument.parse(text.encode()).root.child_count == 1
    bad = b'["' + "é".encode() * piece + b'\xff"]'  # far past the first piece
    error = parse_error(bad)
    assert type(error) is InvalidJsonError
    assert error.position == 2 + 2 * piece
    assert "not valid UTF-8" in error.reason
