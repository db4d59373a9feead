"""Find in the document: the fast raw-bytes search finds exactly the nodes a slow walk finds."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vody_desktop.document import search
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.node import JsonNode
from vody_desktop.document.search import (
    DocumentSearch,
    RowPath,
    SearchOptions,
    SearchPatternError,
    compile_pattern,
)


def reference(document: JsonDocument, options: SearchOptions) -> list[RowPath]:
    """Every node whose key or value matches, in document order, by walking the lazy tree."""
    pattern = compile_pattern(options)
    root = document.root
    found: list[RowPath] = []
    stack: list[tuple[JsonNode, RowPath]]
    if root.is_container:
        stack = [(root.child(row), (row,)) for row in reversed(range(root.child_count))]
    else:
        stack = [(root, ())]
    while stack:
        node, path = stack.pop()
        key_hit = isinstance(node.key, str) and pattern.search(node.key) is not None
        value_hit = not node.is_container and pattern.search(node.display_value) is not None
        if key_hit or value_hit:
            found.append(path)
        for row in reversed(range(node.child_count)):
            stack.append((node.child(row), (*path, row)))
    return found


def run(data: bytes, options: SearchOptions) -> list[RowPath]:
    return [m for progress in DocumentSearch(data).run(options) for m in progress.matches]


def check(data: bytes, options: SearchOptions) -> list[RowPath]:
    found = run(data, options)
    assert found == reference(JsonDocument.parse(data), options)
    return found


ITEMS = json.dumps(
    [
        {"name": "Coral reef", "hex": "#FF7F50", "score": 0.7152, "tags": ["sea", "Warm"]},
        {"name": "Navy", "hex": "#000080", "score": 1.50, "note": None, "ok": True},
        {"coral": {"deep": "ﬁsh"}, "Kelvin": "\u212a", "line": "one\ntwo", "q": 'say "hi"'},
    ]
).encode()


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (SearchOptions("coral"), [(0, 0), (2, 0)]),
        (SearchOptions("Coral", case_sensitive=True), [(0, 0)]),
        (SearchOptions("reef", whole_word=True), [(0, 0)]),
        (SearchOptions("ree", whole_word=True), []),
        (SearchOptions("#ff7f50"), [(0, 1)]),
        (SearchOptions("0.7152"), [(0, 2)]),
        (SearchOptions("null"), [(1, 3)]),
        (SearchOptions("true"), [(1, 4)]),
        (SearchOptions(r"^#0+8", regex=True), [(1, 1)]),
        (SearchOptions(r"e\nt", regex=True), [(2, 2)]),
        (SearchOptions('"hi"'), [(2, 3)]),
        (SearchOptions("k"), [(1, 4), (2, 1)]),  # "ok"; "Kelvin" and its value, the Kelvin sign
        (SearchOptions("warm"), [(0, 3, 1)]),
    ],
)
def test_finds_keys_and_values_as_a_person_reads_them(
    options: SearchOptions, expected: list[RowPath]
) -> None:
    assert check(ITEMS, options) == expected


def test_escaped_text_is_matched_after_decoding() -> None:
    data = b'[{"url": "https:\\/\\/vody.com\\/a"}, {"u": "caf\\u00e9"}, "\\u0041BC"]'
    assert check(data, SearchOptions("//vody.com/a")) == [(0, 0)]
    assert check(data, SearchOptions("CAFÉ")) == [(1, 0)]
    assert check(data, SearchOptions("abc")) == [(2,)]


def test_scalar_document() -> None:
    assert check(b'  "just text" \n', SearchOptions("TEXT")) == [()]
    assert check(b"42", SearchOptions("4")) == [()]
    assert check(b"42", SearchOptions("5")) == []


def test_large_containers_are_split_and_rows_stay_right(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SPLIT_BYTES", 64)
    monkeypatch.setattr(search, "FIND_WINDOW", 100)
    items = [{"id": i, "name": f"item {i}", "more": {"x": [f"v{i}"] * 4}} for i in range(60)]
    data = json.dumps({"results": items, "item count": 60}, indent=1).encode()
    found = check(data, SearchOptions("item 37"))
    assert found == [(0, 37, 1)]
    check(data, SearchOptions("item"))
    check(data, SearchOptions("v3", whole_word=True))
    check(data, SearchOptions(r"v\d9", regex=True))


def test_duplicate_keys_follow_the_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SPLIT_BYTES", 8)
    data = b'{"a": "first value here", "b": "x", "a": "second value here"}'
    assert check(data, SearchOptions("second")) == [(0,)]
    assert check(data, SearchOptions("first")) == []


def test_deep_nesting_uses_the_token_walk() -> None:
    depth = 3000
    data = b'[{"k": "top"}, ' + b"[" * depth + b'{"needle": 1}' + b"]" * depth + b"]"
    found = run(data, SearchOptions("needle"))
    assert found == [(1, *([0] * (depth - 1)), 0, 0)]
    assert run(data, SearchOptions("top")) == [(0, 0)]


@pytest.mark.parametrize(
    ("options", "title"),
    [
        (SearchOptions("(unclosed", regex=True), "This search pattern can't be used"),
        (SearchOptions("a*", regex=True), "This pattern matches empty text"),
    ],
)
def test_bad_patterns_are_explained(options: SearchOptions, title: str) -> None:
    with pytest.raises(SearchPatternError) as caught:
        compile_pattern(options)
    assert caught.value.title == title
    assert "Regular expression" in caught.value.advice or "at least one" in caught.value.advice


def test_unclosed_group_detail_says_where() -> None:
    with pytest.raises(SearchPatternError) as caught:
        compile_pattern(SearchOptions("ab(", regex=True))
    assert "at character 3" in caught.value.detail


scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-1000, max_value=1000)
    | st.floats(allow_nan=False, allow_infinity=False, width=32)
    | st.text(alphabet='abcAB k"\\\n/é\u212a01.e', max_size=6)
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(alphabet="abAk é", max_size=3), children, max_size=4)
    ),
    max_leaves=25,
)
queries = st.builds(
    SearchOptions,
    text=st.text(alphabet='abAk é"\\/1.e', min_size=1, max_size=3),
    case_sensitive=st.booleans(),
    whole_word=st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(
    value=values,
    options=queries,
    ascii_only=st.booleans(),
    split=st.sampled_from([8, 64, 1 << 20]),
)
def test_fast_search_agrees_with_walking_the_tree(
    value: Any, options: SearchOptions, ascii_only: bool, split: int
) -> None:
    data = json.dumps(value, ensure_ascii=ascii_only).encode()
    original = search.SPLIT_BYTES
    search.SPLIT_BYTES = split
    try:
        check(data, options)
        check(data, SearchOptions(re.escape(options.text), options.case_sensitive, regex=True))
    finally:
        search.SPLIT_BYTES = original


def test_arrays_with_uneven_spacing_keep_their_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SPLIT_BYTES", 16)
    data = b'[ "a" ,"b",\n\n  "needle" ,  {"k": "needle"}\t, "c"]'
    assert check(data, SearchOptions("needle")) == [(2,), (3, 0)]
