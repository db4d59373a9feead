"""JsonDocument/JsonNode: structure, keys, kinds, display values and paths of ordinary documents."""

from __future__ import annotations

import json

import pytest

from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.node import JsonNode, NodeKind


def parse(text: str | bytes) -> JsonNode:
    data = text.encode() if isinstance(text, str) else text
    return JsonDocument.parse(data).root


def test_object_children_have_keys_rows_kinds_and_display_values() -> None:
    root = parse('{"name": "Ann", "age": 42, "ok": true, "none": null, "tags": ["a"], "m": {}}')
    assert root.kind is NodeKind.OBJECT
    assert root.is_container
    assert root.child_count == 6
    assert root.display_value == "{6}"
    rows = [(c.row, c.key, c.kind, c.display_value) for c in root.children()]
    assert rows == [
        (0, "name", NodeKind.STRING, "Ann"),
        (1, "age", NodeKind.NUMBER, "42"),
        (2, "ok", NodeKind.BOOLEAN, "true"),
        (3, "none", NodeKind.NULL, "null"),
        (4, "tags", NodeKind.ARRAY, "[1]"),
        (5, "m", NodeKind.OBJECT, "{0}"),
    ]
    assert all(c.parent is root and c.depth == 1 for c in root.children())


def test_array_children_are_keyed_by_index_and_cached() -> None:
    root = parse("[10, [20, 30], false]")
    assert root.display_value == "[3]"
    assert [c.key for c in root.children()] == [0, 1, 2]
    assert root.child(1) is root.child(1)
    assert root.child(1).child(1).display_value == "30"
    assert root.child(1).child(1).row == 1
    assert root.child(1).child(1).depth == 2


def test_child_out_of_range_raises_index_error() -> None:
    root = parse("[1]")
    with pytest.raises(IndexError):
        root.child(1)
    with pytest.raises(IndexError):
        root.child(-1)
    with pytest.raises(IndexError):
        root.child(0).child(0)


@pytest.mark.parametrize(
    ("text", "kind", "display"),
    [
        ('"hello"', NodeKind.STRING, "hello"),
        ("3.5", NodeKind.NUMBER, "3.5"),
        ("true", NodeKind.BOOLEAN, "true"),
        ("false", NodeKind.BOOLEAN, "false"),
        ("null", NodeKind.NULL, "null"),
        ("[]", NodeKind.ARRAY, "[0]"),
        ("{}", NodeKind.OBJECT, "{0}"),
    ],
)
def test_any_json_value_is_accepted_at_the_top(text: str, kind: NodeKind, display: str) -> None:
    root = parse(f" \n{text}\t ")
    assert root.kind is kind
    assert root.display_value == display
    assert root.child_count == 0
    assert root.path() == "$"
    assert root.key is None
    assert root.row == 0
    assert root.depth == 0
    assert root.parent is None


def test_empty_containers_are_containers_without_children() -> None:
    root = parse('{"a": [], "b": {}, "c": [ ], "d": { }}')
    for child in root.children():
        assert child.is_container
        assert child.child_count == 0
        assert child.children() == []
    assert [c.display_value for c in root.children()] == ["[0]", "{0}", "[0]", "{0}"]


def test_byte_order_mark_and_whitespace_are_tolerated() -> None:
    doc = JsonDocument.parse(b'\xef\xbb\xbf \r\n {"a": 1} \n')
    assert doc.root.child(0).display_value == "1"
    assert bytes(doc.root.raw) == b'{"a": 1}'
    assert doc.size_bytes == len(doc.data) == 17


@pytest.mark.parametrize(
    "number",
    [
        "18446744073709551617",
        "-18446744073709551617",
        "-0.0",
        "-0",
        "1e308",
        "1E+2",
        "1.0e-7",
        "0.10000000000000000001",
        "123456789012345678901234567890.5",
    ],
)
def test_numbers_show_their_exact_source_text(number: str) -> None:
    root = parse(f'{{"n": {number}}}')
    node = root.child(0)
    assert node.kind is NodeKind.NUMBER
    assert node.display_value == number
    assert bytes(node.raw) == number.encode()


def test_numbers_decode_exactly() -> None:
    root = parse("[18446744073709551617, -0.0, 1e308, 1e400, 0.1]")
    value = root.to_python()
    assert value[0] == 2**64 + 1
    assert isinstance(value[0], int)
    assert str(value[1]) == "-0.0"
    assert value[2] == 1e308
    assert value[3] == float("inf")  # like json.loads
    assert root.child(0).to_python() == 2**64 + 1


@pytest.mark.parametrize(
    ("escaped", "decoded"),
    [
        (r"\u00e9", "é"),
        (r"line\nbreak", "line\nbreak"),
        (r"say \"hi\"", 'say "hi"'),
        (r"back\\slash \/", "back\\slash /"),
        (r"\ud83d\ude00", "😀"),
        (r"\t\b\f\r", "\t\b\f\r"),
    ],
)
def test_escaped_strings_are_decoded_for_display_and_kept_raw(escaped: str, decoded: str) -> None:
    root = parse(f'{{"{escaped}": "{escaped}"}}')
    node = root.child(0)
    assert node.key == decoded
    assert node.display_value == decoded
    assert bytes(node.raw) == f'"{escaped}"'.encode()


@pytest.mark.parametrize(
    "text",
    ["😀 emoji 👩‍👩‍👧", "עִבְרִית مرحبا", "e\u0301 combining", "日本語", "\u200f rtl mark"],
)
def test_unicode_keys_and_values_round_trip(text: str) -> None:
    data = json.dumps({text: [text]}, ensure_ascii=False).encode()
    root = parse(data)
    assert root.child(0).key == text
    assert root.child(0).child(0).display_value == text
    assert root.to_python() == {text: [text]}


def test_one_megabyte_string() -> None:
    big = "x" * 1_000_000 + "é"
    root = parse(json.dumps({"big": big, "after": 1}, ensure_ascii=False))
    assert root.child(0).display_value == big
    assert len(root.child(0).raw) == len(big.encode()) + 2
    assert root.child(1).display_value == "1"


def test_duplicate_keys_keep_first_position_and_last_value_like_json_loads() -> None:
    root = parse('{"a": 1, "b": 2, "a": 3}')
    assert [(c.key, c.display_value) for c in root.children()] == [("a", "3"), ("b", "2")]


@pytest.mark.parametrize(
    ("text", "steps", "path"),
    [
        ('[0, 1, 2, {"colors": [{"hex": "#fff"}]}]', [3, 0, 0, 0], "$[3].colors[0].hex"),
        ('{"key with space": 1}', [0], "$['key with space']"),
        ("""{"it's": 1}""", [0], r"$['it\'s']"),
        ('{"back\\\\slash": 1}', [0], r"$['back\\slash']"),
        ('{"new\\nline": 1}', [0], r"$['new\nline']"),
        ('{"_ok9": 1}', [0], "$._ok9"),
        ('{"9lives": 1}', [0], "$['9lives']"),
        ('{"": 1}', [0], "$['']"),
        ('{"café": 1}', [0], "$['café']"),
        ('{"a-b": {"c.d": 1}}', [0, 0], "$['a-b']['c.d']"),
    ],
)
def test_paths_use_dot_form_only_for_identifier_keys(
    text: str, steps: list[int], path: str
) -> None:
    node = parse(text)
    for row in steps:
        node = node.child(row)
    assert node.path() == path


def test_raw_is_the_exact_source_slice() -> None:
    root = parse('{"a" :  [1,   2] , "b":"x\\u0041"}')
    assert bytes(root.child(0).raw) == b"[1,   2]"
    assert bytes(root.child(1).raw) == b'"x\\u0041"'
    assert root.child(1).display_value == "xA"


def test_child_count_decodes_only_that_node() -> None:
    root = parse('[{"a": [1, 2, 3]}, {"b": 2}]')
    first = root.child(0)
    assert first.child_count == 1
    assert first.child(0).child_count == 3
    assert root.child(1).to_python() == {"b": 2}


def test_node_kind_is_a_str_enum() -> None:
    assert NodeKind("object") is NodeKind.OBJECT
    assert isinstance(NodeKind.NULL, str)
    assert [str(kind) for kind in NodeKind] == [
        "object",
        "array",
        "string",
        "number",
        "boolean",
        "null",
    ]
