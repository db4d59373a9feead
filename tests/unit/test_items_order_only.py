"""The row order's `only` (review mode's quick filters): only those items, with the other
filters and the sort still applied."""

from __future__ import annotations

import json

from vody_desktop.items.column_store import ColumnStore
from vody_desktop.items.ordering import OrderRequest, compute_order


def _store(scores: list[float]) -> ColumnStore:
    raws = [json.dumps({"score": score}).encode() for score in scores]
    return ColumnStore(raws, {"score": ("score",)})


def test_only_keeps_those_items_and_the_sort_still_applies() -> None:
    store = _store([0.5, 0.1, 0.9, 0.3])
    request = OrderRequest(sort_column="score", only=frozenset({0, 2, 3}))
    assert not request.is_identity
    assert compute_order(4, request, store) == [3, 0, 2]


def test_only_with_score_below_narrows_further_and_an_empty_set_shows_nothing() -> None:
    store = _store([0.5, 0.1, 0.9, 0.3])
    request = OrderRequest(score_column="score", score_below=0.6, only=frozenset({0, 2}))
    assert compute_order(4, request, store) == [0]
    assert compute_order(4, OrderRequest(only=frozenset()), store) == []
    assert OrderRequest(only=None).is_identity
