"""Property tests: the lazy tree, the iterative scanner and both pretty printers agree with json."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from vody_desktop.document import pretty
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.node import JsonNode, NodeKind
from vody_desktop.document.pretty import iter_pretty_json
from vody_desktop.document.scanner import build_python, scan

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**63, max_value=2**200)
    | st.integers(min_value=-(2**200), max_value=-(2**63))
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=40,
)
dump_options = st.sampled_from(
    [
        {},
        {"ensure_ascii": False},
        {"indent": 1},
        {"separators": (",", ":"), "ensure_ascii": False},
        {"indent": "\t", "separators": (" ,", " : ")},
    ]
)


def tree_value(root: JsonNode) -> Any:
    """Rebuild a value through child()/key/display_value only (no recursion)."""
    holder: list[Any] = []
    stack: list[tuple[JsonNode, Any]] = [(root, holder)]
    while stack:
        node, target = stack.pop()
        if node.kind is NodeKind.OBJECT:
            value: Any = {}
        elif node.kind is NodeKind.ARRAY:
            value = [None] * node.child_count
        else:
            value = json.loads(bytes(node.raw))
            if node.kind is NodeKind.STRING:
                assert value == node.display_value
        if isinstance(target, list) and target is holder:
            holder.append(value)
        else:
            container, key = target
            container[key] = value
        if node.is_container:
            for row in range(node.child_count):
                child = node.child(row)
                assert child.row == row
                assert child.parent is node
                stack.append((child, (value, child.key)))
    return holder[0]


@settings(max_examples=300, deadline=None)
@given(value=values, options=dump_options)
def test_parse_then_to_python_equals_the_value(value: Any, options: dict[str, Any]) -> None:
    raw = json.dumps(value, **options).encode()
    doc = JsonDocument.parse(raw)
    assert doc.root.to_python() == value
    assert tree_value(doc.root) == value


@settings(max_examples=300, deadline=None)
@given(value=values, options=dump_options)
def test_scanner_tree_equals_fast_tree(value: Any, options: dict[str, Any]) -> None:
    raw = json.dumps(value, **options).encode()
    view = memoryview(raw)
    scanned = JsonNode(view, index=scan(view), start=0)
    assert tree_value(scanned) == value
    assert build_python(raw) == value


@settings(max_examples=300, deadline=None)
@given(value=values, options=dump_options)
def test_pretty_output_is_the_same_json(value: Any, options: dict[str, Any]) -> None:
    raw = json.dumps(value, **options).encode()
    out = b"".join(iter_pretty_json(raw))
    assert out.endswith(b"\n")
    assert json.loads(out) == json.loads(raw)


@settings(max_examples=300, deadline=None)
@given(value=values, options=dump_options)
def test_pretty_fast_path_equals_iterative_path(value: Any, options: dict[str, Any]) -> None:
    raw = json.dumps(value, **options).encode()
    fast = b"".join(iter_pretty_json(raw))
    iterative = b"".join(pretty._iterative(memoryview(raw.strip()), 2, 0)) + b"\n"
    assert fast == iterative


@settings(max_examples=300, deadline=None)
@given(value=values)
def test_pretty_equals_json_dumps_indent_2(value: Any) -> None:
    raw = json.dumps(value, ensure_ascii=False).encode()
    expected = json.dumps(value, indent=2, ensure_ascii=False) + "\n"
    assert b"".join(iter_pretty_json(raw)).decode() == expected
