"""JSONPath queries: results as rows of the tree, plain errors, and a stop between results."""

from __future__ import annotations

import json

import pytest

from vody_desktop.document import query
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.query import QueryCancelledError, QueryError, run_query

DATA = json.dumps(
    [
        {"id": 1, "colors": [{"hex": "#FF7F50", "score": 0.9}], "b": 1, "a": 2},
        {"id": 2, "colors": [{"hex": "#000080", "score": 0.2}], "a": 3},
    ]
).encode()


def paths_of(expression: str, data: bytes = DATA) -> list[str]:
    document = JsonDocument.parse(data)
    out = []
    for rows in run_query(data, expression).paths:
        node = document.root
        for row in rows:
            node = node.child(row)
        out.append(node.path())
    return out


def test_query_results_are_nodes_of_the_tree() -> None:
    assert paths_of("$[*].colors[0].hex") == ["$[0].colors[0].hex", "$[1].colors[0].hex"]
    assert paths_of("$[?@.colors[0].score > 0.5].id") == ["$[0].id"]
    assert paths_of("$..a") == ["$[0].a", "$[1].a"]  # key order of the object kept
    assert paths_of("$[-1].id") == ["$[1].id"]


def test_large_containers_are_decoded_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(query, "DECODE_SPLIT_BYTES", 16)
    wrapped = json.dumps({"results": json.loads(DATA)}).encode()
    assert paths_of("$.results[1].colors[0].hex", wrapped) == ["$.results[1].colors[0].hex"]


def test_bad_query_is_explained_plainly() -> None:
    with pytest.raises(QueryError) as caught:
        run_query(DATA, "$[*.colors")
    assert caught.value.title == "This query can't be read: there is a problem near character 4"
    assert "starts with $" in caught.value.advice
    assert "JSONPath error" in caught.value.detail
    with pytest.raises(QueryError, match="Type a query first"):
        run_query(DATA, "  ")


def test_results_are_capped_and_a_query_can_be_stopped() -> None:
    many = json.dumps(list(range(50))).encode()
    result = run_query(many, "$[*]", limit=10)
    assert len(result.paths) == 10
    assert result.truncated
    with pytest.raises(QueryCancelledError):
        run_query(many, "$[*]", should_stop=lambda: True)
