"""The model's top prediction in an item: the name and score of its best-scoring prediction.

An item's `predictions` are usually sorted best first, but nothing in the API promises it, so the
top one is found by score, not by position. The name is what a person reads as the answer:
`color_name` ("Red"), `pattern` ("paisley"), a `label` or `class`, not a hex code or a link when
something better is there.

Qt-free.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, Final

#: Words in a key that name the array of predictions.
_PREDICTION_WORDS: Final = frozenset(
    {"prediction", "predictions", "predicted", "pred", "preds", "classifications"}
)
#: Keys of an element's score, in the order they are looked for.
_SCORE_KEYS: Final = ("score", "confidence", "probability", "prob", "likelihood")
#: Words in a key that make its text the prediction's name; "name" above all.
_NAME_WORDS: Final = frozenset({"label", "class", "category", "tag", "pattern"})
_WORD: Final = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_NOT_A_NAME: Final = re.compile(r"#[0-9a-fA-F]{3,8}|[a-zA-Z][a-zA-Z0-9+.-]*://\S*")
#: How deep to look for the predictions inside wrapper objects (`{"output": {"predictions":…}}`).
_DEPTH: Final = 3


def top_prediction(item: Mapping[str, Any]) -> tuple[str | None, float | None]:
    """(name, score) of the highest-scoring prediction in `item`; (None, None) without one.

    Without any scores the first prediction is the top one and its score is None.
    """
    predictions = _predictions(item)
    if not predictions:
        return None, None
    scored = [(score, element) for element in predictions if (score := _score(element)) is not None]
    if not scored:
        return _name(predictions[0]), None
    # max keeps the first of equal scores: the API's own order breaks ties.
    score, best = max(scored, key=lambda pair: pair[0])
    return _name(best), score


def _words(key: str) -> set[str]:
    return {word.lower() for word in _WORD.findall(key)}


def _predictions(item: Mapping[str, Any]) -> list[Mapping[str, Any]] | None:
    """The first array of objects under a key that speaks of predictions, breadth first."""
    level: list[Mapping[str, Any]] = [item]
    for _ in range(_DEPTH):
        deeper: list[Mapping[str, Any]] = []
        for mapping in level:
            for key, value in mapping.items():
                if isinstance(value, Mapping):
                    deeper.append(value)
                elif (
                    isinstance(value, list)
                    and value
                    and all(isinstance(element, Mapping) for element in value)
                    and _words(str(key)) & _PREDICTION_WORDS
                ):
                    return value
        level = deeper
    return None


def _score(element: Mapping[str, Any]) -> float | None:
    for key in _SCORE_KEYS:
        value = element.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
            if math.isfinite(number):
                return number
    return None


def _name(element: Mapping[str, Any]) -> str | None:
    best: tuple[int, str] | None = None
    for key, value in element.items():
        if not isinstance(value, str) or not value:
            continue
        words = _words(str(key))
        if "name" in words:
            rank = 0
        elif words & _NAME_WORDS:
            rank = 1
        elif not _NOT_A_NAME.fullmatch(value):
            rank = 2
        else:
            rank = 3  # a hex code or a link: the name only when nothing else is there
        if best is None or rank < best[0]:
            best = (rank, value)
    return None if best is None else best[1]
