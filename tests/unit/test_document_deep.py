"""Deeply nested documents (10,000 and 100,000 levels) work under the default recursion limit."""

from __future__ import annotations

import json
import sys

import pytest

from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.node import JsonNode, NodeKind
from vody_desktop.document.pretty import MAX_INDENT_LEVELS, iter_pretty_json

DEPTHS = [10_000, 100_000]


def indentation(depth: int) -> str:
    return "  " * min(depth, MAX_INDENT_LEVELS)


def nested_arrays(n: int) -> bytes:
    return b"[" * n + b"]" * n


def nested_objects(n: int) -> bytes:
    return b'{"a":' * n + b"1" + b"}" * n


def expected_pretty_arrays(n: int) -> bytes:
    lines = [indentation(d) + "[" for d in range(n - 1)]
    lines.append(indentation(n - 1) + "[]")
    lines += [indentation(d) + "]" for d in reversed(range(n - 1))]
    return ("\n".join(lines) + "\n").encode()


def expected_pretty_objects(n: int) -> bytes:
    lines = ["{"] + [indentation(d) + '"a": {' for d in range(1, n)]
    lines.append(indentation(n) + '"a": 1')
    lines += [indentation(d) + "}" for d in reversed(range(n))]
    return ("\n".join(lines) + "\n").encode()


def walk_first_children(node: JsonNode) -> JsonNode:
    while node.child_count:
        node = node.child(0)
    return node


@pytest.fixture(autouse=True)
def _default_recursion_limit() -> None:
    assert sys.getrecursionlimit() == 1000


@pytest.mark.parametrize("n", DEPTHS)
def test_deep_arrays_parse_walk_and_path(n: int) -> None:
    doc = JsonDocument.parse(nested_arrays(n))
    bottom = walk_first_children(doc.root)
    assert bottom.depth == n - 1
    assert bottom.kind is NodeKind.ARRAY
    assert bottom.display_value == "[0]"
    assert bottom.path() == "$" + "[0]" * (n - 1)
    assert bytes(bottom.raw) == b"[]"
    assert bottom.parent is not None
    assert bytes(bottom.parent.raw) == b"[[]]"


@pytest.mark.parametrize("n", DEPTHS)
def test_deep_objects_parse_walk_path_and_value(n: int) -> None:
    doc = JsonDocument.parse(nested_objects(n))
    bottom = walk_first_children(doc.root)
    assert bottom.depth == n
    assert bottom.key == "a"
    assert bottom.display_value == "1"
    assert bottom.path() == "$" + ".a" * n
    value = doc.root.to_python()
    for _ in range(n):
        value = value["a"]
    assert value == 1


@pytest.mark.parametrize("n", DEPTHS)
def test_deep_arrays_pretty_export(n: int) -> None:
    assert b"".join(iter_pretty_json(nested_arrays(n))) == expected_pretty_arrays(n)


@pytest.mark.parametrize("n", DEPTHS)
def test_deep_objects_pretty_export(n: int) -> None:
    assert b"".join(iter_pretty_json(nested_objects(n))) == expected_pretty_objects(n)


def test_deep_document_with_wide_levels_and_siblings() -> None:
    n = 3000
    data = b'{"x": [' * n + b'1, "two", {"k": null}' + b'], "y": 2}' * n
    doc = JsonDocument.parse(data)
    node = doc.root
    for _ in range(n):
        assert node.child_count == 2
        assert node.child(1).key == "y"
        assert node.child(1).display_value == "2"
        node = node.child(0)
        assert node.kind is NodeKind.ARRAY
        if node.child_count == 3:
            break
        node = node.child(0)
    assert [c.display_value for c in node.children()] == ["1", "two", "{1}"]
    assert node.child(2).child(0).path().endswith("[0].x[2].k")
    assert node.child(2).to_python() == {"k": None}


def test_deep_subtree_below_a_shallow_root_switches_to_the_scanner() -> None:
    deep = nested_arrays(5000)
    data = b'{"small": [1, 2], "deep": ' + deep + b"}"
    doc = JsonDocument.parse(data)
    deep_node = doc.root.child(1)
    assert deep_node.key == "deep"
    bottom = walk_first_children(deep_node)
    assert bottom.depth == 5000
    assert bottom.path() == "$.deep" + "[0]" * 4999
    assert doc.root.child(0).to_python() == [1, 2]


@pytest.mark.parametrize("extra", [-1, 0, 1, 2, 30])
def test_depth_around_the_indent_cap(extra: int) -> None:
    n = MAX_INDENT_LEVELS + extra
    assert b"".join(iter_pretty_json(nested_arrays(n))) == expected_pretty_arrays(n)
    assert b"".join(iter_pretty_json(nested_objects(n))) == expected_pretty_objects(n)
    if n - 1 <= MAX_INDENT_LEVELS:  # the arrays stay within the cap: plain json.dumps layout
        value = json.loads(nested_arrays(n))
        assert expected_pretty_arrays(n).decode() == json.dumps(value, indent=2) + "\n"


def test_duplicate_keys_in_a_deep_document_behave_like_the_fast_path() -> None:
    data = b'{"a": 1, "b": ' + nested_arrays(5000) + b', "a": 3}'
    root = JsonDocument.parse(data).root
    assert [(c.key, c.row) for c in root.children()] == [("a", 0), ("b", 1)]
    assert root.child(0).display_value == "3"
    assert JsonDocument.parse(b'{"a": 1, "b": [], "a": 3}').root.child(0).display_value == "3"
