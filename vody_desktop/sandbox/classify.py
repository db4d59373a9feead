"""Deterministic stand-ins for the colour and pattern classification models.

The same item always gets the same predictions, so catalogue results and POSTed inferences are
reproducible. Output items repeat the input fields and add a ``predictions`` array.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Mapping, Sequence
from typing import Any, Final

COLOR_MODEL: Final = "color-classification"
PATTERN_MODEL: Final = "pattern-classification"
MODELS: Final = (COLOR_MODEL, PATTERN_MODEL)

#: (hex, name) pairs the fake colour model chooses from.
COLOR_PALETTE: Final[tuple[tuple[str, str], ...]] = (
    ("#FE2934", "Red"),
    ("#B22222", "Firebrick"),
    ("#FF7F50", "Coral"),
    ("#FFA500", "Orange"),
    ("#FFD700", "Gold"),
    ("#F5F5DC", "Beige"),
    ("#808000", "Olive"),
    ("#228B22", "Forest green"),
    ("#98FF98", "Mint"),
    ("#008080", "Teal"),
    ("#87CEEB", "Sky blue"),
    ("#000080", "Navy"),
    ("#4169E1", "Royal blue"),
    ("#800080", "Purple"),
    ("#E6E6FA", "Lavender"),
    ("#FFC0CB", "Pink"),
    ("#8B4513", "Saddle brown"),
    ("#D2B48C", "Tan"),
    ("#808080", "Grey"),
    ("#C0C0C0", "Silver"),
    ("#000000", "Black"),
    ("#FFFFFF", "White"),
)

PATTERNS: Final[tuple[str, ...]] = (
    "solid",
    "striped",
    "checked",
    "plaid",
    "floral",
    "polka-dot",
    "geometric",
    "paisley",
    "animal-print",
    "camouflage",
    "herringbone",
    "abstract",
)


def item_rng(item: Mapping[str, Any]) -> random.Random:
    """A random generator seeded by the item's content, so equal items classify equally."""
    canonical = json.dumps(item, sort_keys=True, ensure_ascii=True, default=str)
    seed = int.from_bytes(hashlib.sha256(canonical.encode("ascii")).digest()[:8], "big")
    return random.Random(seed)  # noqa: S311 - not for security, only reproducible fake output


def _scores(rng: random.Random, count: int) -> list[float]:
    """Descending confidence scores that sum to less than one."""
    remaining = 1.0
    scores: list[float] = []
    for index in range(count):
        share = rng.uniform(0.55, 0.95) if index == 0 else rng.uniform(0.2, 0.7)
        score = round(remaining * share, 4)
        scores.append(score)
        remaining -= score
    return sorted(scores, reverse=True)


def _nearest_color_name(hex_color: str) -> str:
    """The palette name closest (in RGB) to ``hex_color``; ``hex_color`` must be ``#RRGGBB``."""
    red, green, blue = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))

    def distance(entry: tuple[str, str]) -> int:
        other = [int(entry[0][i : i + 2], 16) for i in (1, 3, 5)]
        return (red - other[0]) ** 2 + (green - other[1]) ** 2 + (blue - other[2]) ** 2

    return min(COLOR_PALETTE, key=distance)[1]


def classify_color(item: Mapping[str, Any], rng: random.Random) -> dict[str, Any]:
    """One colour classification result: the input fields plus three predictions."""
    choices = rng.sample(COLOR_PALETTE, 3)
    label = item.get("hex_color_label")
    if isinstance(label, str) and is_hex_color(label):
        top = (label.upper(), _nearest_color_name(label))
        choices = [top, *(c for c in choices if c[1] != top[1])][:3]
    predictions = [
        {"hex_color": hex_color, "color_name": name, "score": score}
        for (hex_color, name), score in zip(choices, _scores(rng, 3), strict=True)
    ]
    return {**item, "predictions": predictions}


def classify_pattern(item: Mapping[str, Any], rng: random.Random) -> dict[str, Any]:
    """One pattern classification result: the input fields plus three predictions."""
    labels = rng.sample(PATTERNS, 3)
    predictions = [
        {"pattern": label, "score": score}
        for label, score in zip(labels, _scores(rng, 3), strict=True)
    ]
    return {**item, "predictions": predictions}


def classify_items(model: str, items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Results for a whole submitted batch, one output object per input item."""
    classify = classify_color if model == COLOR_MODEL else classify_pattern
    return [classify(item, item_rng(item)) for item in items]


def is_hex_color(value: str) -> bool:
    """Whether ``value`` looks like ``#RRGGBB``."""
    return (
        len(value) == 7
        and value[0] == "#"
        and all(c in "0123456789abcdefABCDEF" for c in value[1:])
    )
