"""What a comparison of two results finds: the differences, their counts, and the options.

These types are the contract between the comparing engine (engine.py), the reports and the
command line, and the window's view of the differences. Side A is the older or reference
result (a "golden" file, yesterday's inference), side B the one being checked.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class DifferenceKind(enum.StrEnum):
    """How a value differs: only in B, only in A, or in both with other values."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


#: A step of a path: an object's key or an array's index (on the side the path is on).
PathStep = str | int


@dataclass(frozen=True, slots=True)
class Difference:
    """One difference, at the deepest level where the two values differ.

    `path` is the JSONPath in the app's spelling (`$[3].top_prediction.color`, as
    `JsonNode.path`): on side A, or on side B for an added value. `steps` is the same path as
    keys and indexes. `a` and `b` are the decoded values (None for the side that has none; the
    kind tells that apart from a JSON null). An item present on one side only is one ADDED or
    REMOVED difference holding the whole item, never one per field. Two values of different
    types (an object and an array, a number and a string) are one CHANGED difference.
    `item` is the item this difference belongs to when it lies inside the compared list of
    items, else None.
    """

    kind: DifferenceKind
    path: str
    steps: tuple[PathStep, ...]
    a: Any
    b: Any
    item: ItemPair | None = None


@dataclass(frozen=True, slots=True)
class ItemPair:
    """Which item of the list of items a difference belongs to, on each side.

    `index_a`/`index_b` are the item's positions in A and in B (None on the side it is missing
    from); `key` is its key field's value as text ("img/0001.jpg"), or "#<index>" when the
    items were matched by position.
    """

    index_a: int | None
    index_b: int | None
    key: str


@dataclass(frozen=True, slots=True)
class DifferenceCounts:
    """How many differences of each kind (the `summary` of `--format json`)."""

    added: int = 0
    removed: int = 0
    changed: int = 0

    @property
    def total(self) -> int:
        return self.added + self.removed + self.changed


@dataclass(frozen=True, slots=True)
class ItemCounts:
    """The list of items both results hold, compared item by item.

    `path` is where the list is (`$`, `$.results`); `key_field` the field the items were matched
    by, or None when they were matched by position. `changed`, `added` and `removed` count
    items (an item with three changed fields counts once); `total_a`/`total_b` are the list's
    lengths.
    """

    path: str
    key_field: str | None
    total_a: int
    total_b: int
    changed: int
    added: int
    removed: int


@dataclass(frozen=True, slots=True)
class Comparison:
    """The outcome of comparing A with B.

    `differences` are in the order of A's document, an added value after the values of A at
    the same level. `items` is set when both results hold a list of items at the same path
    (found as the Items view finds them); `item_changes` then says in words, per item, what
    changed ("Top prediction: color name Red → Orange"), keyed by the item's index in B (in A
    for a removed item, whose text is "only in A").
    """

    differences: list[Difference]
    counts: DifferenceCounts
    items: ItemCounts | None = None
    item_changes: dict[int, str] = field(default_factory=dict)
    removed_item_changes: dict[int, str] = field(default_factory=dict)

    @property
    def equal(self) -> bool:
        return not self.differences


@dataclass(frozen=True, slots=True)
class CompareOptions:
    """How values are matched.

    Numbers are equal when |a - b| <= max(absolute_tolerance, relative_tolerance * max(|a|,
    |b|)), so `1.0` equals `1` and 1e-9 noise is no difference (the absolute default is 1e-6:
    model scores carry about six digits; 1e-9 itself is not exact in binary, 0.5 + 1e-9 - 0.5
    is a little more than 1e-9). `key_field` forces the field
    arrays of objects are matched by (when it is unique on both sides); None detects one
    (`image_path`, `id`, `name`, ...) and falls back to position.
    """

    key_field: str | None = None
    absolute_tolerance: float = 1e-6
    relative_tolerance: float = 1e-9


#: Called now and then with the share done (0.0 .. 1.0); called on the comparing thread.
Progress = Callable[[float], None]


class CompareCancelledError(Exception):
    """The comparison was cancelled before it finished."""
