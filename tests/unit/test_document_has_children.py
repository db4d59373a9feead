"""Whether a child has children, read from its bytes without decoding or creating nodes."""

from __future__ import annotations

import pytest

from vody_desktop.document.json_document import JsonDocument

CASES = [
    (b"[]", False),
    (b"[ \n ]", False),
    (b"{}", False),
    (b"{\t}", False),
    (b"[0]", True),
    (b"[ 0 ]", True),
    (b'{"a": 1}', True),
    (b'{ "a": 1}', True),
    (b"0", False),
    (b'"[1]"', False),
    (b"null", False),
]


@pytest.mark.parametrize(("value", "expected"), CASES)
def test_child_with_children_is_read_from_its_bytes(value: bytes, expected: bool) -> None:
    root = JsonDocument.parse(b"[" + value + b"]").root
    assert root.children_with_children(0, 1) == [expected]
    assert root.child(0).has_children is expected


def test_rows_are_answered_for_a_range() -> None:
    root = JsonDocument.parse(b'{"a": [], "b": [1], "c": {"d": 2}, "e": 3}').root
    assert root.children_with_children(1, 4) == [True, True, False]
    assert root.children_with_children(0, 0) == []


def test_deep_documents_use_the_scanner_and_give_the_same_answers() -> None:
    deep = b"[" * 3000 + b"]" * 3000
    document = JsonDocument.parse(b"[[], [ ], [1], " + deep + b"]")
    root = document.root
    assert root.children_with_children(0, 4) == [False, False, True, True]
    assert root.child(3).has_children
