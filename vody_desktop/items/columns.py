"""The columns of a list of items: found from the first few thousand items, put in reading order.

A tester reads a row from left to right the way they check it: the picture, what the item is
(product type, category, name, id), the labelled value next to the model's top prediction and
its score, then everything else. Column ids are the CSV export's dotted names
(`predictions.0.score`); titles are words ("Top prediction: score").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from functools import cached_property
from typing import Any

from vody_desktop.items.cells import COUNT, Cell, Parts, column_id, flat_cells
from vody_desktop.pictures.links import is_picture_link

#: How many items the columns are found from (the issue: "the first few thousand").
SAMPLE_ITEMS = 2000
#: Sample values kept per column (to recognise pictures and colours).
SAMPLE_VALUES = 8
#: What identifies an item, most telling first.
IDENTITY_KEYS = (
    "product_type",
    "category",
    "name",
    "title",
    "product_name",
    "id",
    "item_id",
    "sku",
)
SCORE_KEYS = frozenset({"score", "confidence", "probability", "prob"})
#: Arrays whose first element is the model's best guess.
PREDICTION_LISTS = frozenset({"predictions", "prediction", "results", "labels", "classes"})


class Role(IntEnum):
    """Where a column goes, in this order."""

    PICTURE = 0
    IDENTITY = 1
    LABEL = 2
    PREDICTION = 3
    SCORE = 4
    MATCH = 5  # computed: the labelled and predicted colours compared
    OTHER = 6


@dataclass(frozen=True)
class Column:
    """One column of the items table."""

    id: str
    parts: Parts
    title: str
    role: Role = Role.OTHER
    samples: tuple[Cell, ...] = field(default=(), compare=False)

    @cached_property
    def is_numeric(self) -> bool:
        """Its sample values are all numbers (not booleans)."""
        values = [value for value in self.samples if value is not None and value != ""]
        return bool(values) and all(
            isinstance(value, int | float) and not isinstance(value, bool) for value in values
        )


PictureTest = Callable[[str, str | None], bool]


def discover_columns(
    items: Iterable[Any],
    *,
    sample_items: int = SAMPLE_ITEMS,
    is_picture: PictureTest = is_picture_link,
) -> list[Column]:
    """The columns of decoded `items` (the union of their fields over the first
    `sample_items`), in reading order."""
    seen: dict[Parts, list[Cell]] = {}
    for number, item in enumerate(items):
        if number >= sample_items:
            break
        for parts, value in flat_cells(item).items():
            samples = seen.setdefault(parts, [])
            if len(samples) < SAMPLE_VALUES and value is not None and value != "":
                samples.append(value)
    columns = [
        Column(column_id(parts), parts, "", _role(parts, samples, is_picture), tuple(samples))
        for parts, samples in seen.items()
    ]
    ordered = order_columns(columns)
    return [
        Column(c.id, c.parts, column_title(c.parts, c.role), c.role, c.samples) for c in ordered
    ]


def order_columns(columns: Sequence[Column]) -> list[Column]:
    """Reading order: by role, identity keys in `IDENTITY_KEYS` order, else first seen."""

    def key(numbered: tuple[int, Column]) -> tuple[int, int, int]:
        number, column = numbered
        rank = number
        if column.role is Role.IDENTITY:
            rank = IDENTITY_KEYS.index(str(column.parts[-1]))
        return (column.role, rank, number)

    return [column for _, column in sorted(enumerate(columns), key=key)]


def column_title(parts: Parts, role: Role = Role.OTHER) -> str:
    """Readable header words: "image_path" -> "Picture" (a picture column), "product_type" ->
    "Product type", ("predictions", 0, "color_name") -> "Top prediction: color name",
    ("predictions", "count") -> "Predictions: count"."""
    if role is Role.PICTURE and len(parts) == 1:
        return "Picture"
    words: list[str] = []
    number = 0
    while number < len(parts):
        part = parts[number]
        following = parts[number + 1] if number + 1 < len(parts) else None
        if isinstance(part, str) and following == 0:
            singular = _singular(_words(part))
            first = "Top" if part.lower() in PREDICTION_LISTS else "First"
            words.append(f"{first} {singular}")
            number += 2
            continue
        words.append(_words(str(part)) if part != COUNT else "count")
        number += 1
    text = ": ".join(words)
    return text[:1].upper() + text[1:]


def _role(parts: Parts, samples: Sequence[Cell], is_picture: PictureTest) -> Role:
    last = parts[-1]
    key = str(last)
    texts = [value for value in samples if isinstance(value, str)]
    if texts and len(texts) == len(samples) and all(is_picture(text, key) for text in texts):
        return Role.PICTURE
    if len(parts) == 1 and key in IDENTITY_KEYS:
        return Role.IDENTITY
    if len(parts) == 1 and "label" in key.lower():
        return Role.LABEL
    if len(parts) == 3 and str(parts[0]).lower() in PREDICTION_LISTS and parts[1] == 0:
        return Role.SCORE if key.lower() in SCORE_KEYS else Role.PREDICTION
    return Role.OTHER


def _words(name: str) -> str:
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)  # camelCase
    return re.sub(r"[_\-\s]+", " ", spaced).strip().lower() or name


def _singular(words: str) -> str:
    if words.endswith("ies"):
        return words[:-3] + "y"
    if words.endswith("s") and not words.endswith("ss"):
        return words[:-1]
    return words
