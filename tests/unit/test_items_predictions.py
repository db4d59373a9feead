"""`vody_desktop.items.predictions.top_prediction`: the name and score of an item's best-scoring
prediction, found by score rather than by position."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vody_desktop.items.predictions import top_prediction
from vody_desktop.sandbox import generators


def test_the_sandbox_colour_results_top_predictions() -> None:
    items = json.loads(generators.color_results())
    # The sandbox as items-pictures left it (its classifier's scores changed with the drawings).
    assert top_prediction(items[0]) == ("Red", 0.8196)
    assert top_prediction(items[1]) == ("Navy", 0.8429)


def test_the_sandbox_pattern_results_name_the_pattern() -> None:
    items = json.loads(generators.pattern_results())
    assert top_prediction(items[0]) == ("striped", 0.6977)


def test_the_top_is_found_by_score_not_by_position() -> None:
    item = {
        "predictions": [
            {"color_name": "Orange", "score": 0.2},
            {"color_name": "Red", "score": 0.7},
            {"color_name": "Teal", "score": 0.1},
        ]
    }
    assert top_prediction(item) == ("Red", 0.7)


def test_equal_scores_keep_the_first() -> None:
    item = {"predictions": [{"name": "A", "score": 0.5}, {"name": "B", "score": 0.5}]}
    assert top_prediction(item) == ("A", 0.5)


@pytest.mark.parametrize(
    ("element", "name"),
    [
        ({"hex_color": "#FE2934", "color_name": "Red", "score": 1}, "Red"),
        ({"label": "cat", "score": 1}, "cat"),
        ({"className": "dog", "score": 1}, "dog"),
        ({"image": "https://x.test/a.png", "pattern": "striped", "score": 1}, "striped"),
        ({"hex_color": "#FE2934", "score": 1}, "#FE2934"),
        ({"score": 1}, None),
    ],
)
def test_the_name_is_what_a_person_reads_as_the_answer(
    element: dict[str, Any], name: str | None
) -> None:
    assert top_prediction({"predictions": [element]}) == (name, 1.0)


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ({"output": {"predictions": [{"name": "A", "confidence": 0.9}]}}, ("A", 0.9)),
        ({"preds": [{"label": "x", "probability": 0.25}]}, ("x", 0.25)),
        ({"predictedClasses": [{"label": "x", "score": 1}]}, ("x", 1.0)),
        # Without scores the first prediction is the top one.
        ({"predictions": [{"name": "first"}, {"name": "second"}]}, ("first", None)),
        # A score that is not a number is no score; True is not a number here either.
        ({"predictions": [{"name": "a", "score": "0.9"}, {"name": "b", "score": 0.1}]}, ("b", 0.1)),
        ({"predictions": [{"name": "a", "score": True}, {"name": "b", "score": 0}]}, ("b", 0.0)),
        (
            {"predictions": [{"name": "a", "score": float("nan")}, {"name": "b", "score": 2}]},
            ("b", 2.0),
        ),
    ],
)
def test_shapes_of_predictions(item: dict[str, Any], expected: tuple[Any, Any]) -> None:
    assert top_prediction(item) == expected


@pytest.mark.parametrize(
    "item",
    [
        {},
        {"hex_color_label": "#FE2934"},
        {"predictions": []},
        {"predictions": ["Red", "Blue"]},
        {"predictions": {"name": "Red", "score": 1}},
        # Objects with scores under a key that is not about predictions.
        {"colors": [{"name": "Red", "score": 1}]},
    ],
)
def test_no_predictions_gives_nothing(item: dict[str, Any]) -> None:
    assert top_prediction(item) == (None, None)


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=8))
def test_the_top_score_is_the_highest_of_any_scores(scores: list[float]) -> None:
    item = {"predictions": [{"name": f"p{n}", "score": s} for n, s in enumerate(scores)]}
    name, score = top_prediction(item)
    assert score == max(scores)
    assert name == f"p{scores.index(max(scores))}"
