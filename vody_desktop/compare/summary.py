"""The words of a comparison: its summary line, and a value shown on one line.

Qt-free; shared by the reports, the command line and the compare window, so each says the same:

- `summary_line`: "3 changed, 1 added, 1 removed of 500 items" when both results hold a list of
  items (items are counted, not fields: an item with three changed fields is one changed item),
  "No differences: the 500 items are the same", or "2 differences: 1 changed, 1 added" when
  there is no list of items. Differences outside the list are added as ", and 2 other
  differences (2 changed)".
- `value_text`: a value as compact JSON on one line, cut with "…" (a removed item may be a
  large object: only as much of it is encoded as is shown).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Final

from vody_desktop.compare.differences import (
    Comparison,
    Difference,
    DifferenceCounts,
    DifferenceKind,
    ItemCounts,
)

#: How long a value shown on one line may be, by default.
VALUE_LIMIT: Final = 200
ELLIPSIS: Final = "…"
#: The order the kinds are named in, everywhere.
KIND_ORDER: Final = (DifferenceKind.CHANGED, DifferenceKind.ADDED, DifferenceKind.REMOVED)

_ENCODER: Final = json.JSONEncoder(
    ensure_ascii=False, separators=(", ", ": "), allow_nan=True, default=str
)


def count_of(number: int, one: str, many: str | None = None) -> str:
    """ "1 item", "1,234 items"."""
    return f"{number:,} {one if number == 1 else (many or one + 's')}"


def kinds_text(changed: int, added: int, removed: int) -> str:
    """ "3 changed, 1 added, 1 removed", naming only the kinds there are ("" for none)."""
    numbers = {
        DifferenceKind.CHANGED: changed,
        DifferenceKind.ADDED: added,
        DifferenceKind.REMOVED: removed,
    }
    return ", ".join(f"{numbers[kind]:,} {kind.value}" for kind in KIND_ORDER if numbers[kind])


def counts_of(differences: Iterable[Difference]) -> DifferenceCounts:
    """How many differences of each kind there are among `differences`."""
    changed = added = removed = 0
    for difference in differences:
        if difference.kind is DifferenceKind.CHANGED:
            changed += 1
        elif difference.kind is DifferenceKind.ADDED:
            added += 1
        else:
            removed += 1
    return DifferenceCounts(added=added, removed=removed, changed=changed)


def differences_text(counts: DifferenceCounts) -> str:
    """ "2 differences: 1 changed, 1 added", or "No differences"."""
    if not counts.total:
        return "No differences"
    kinds = kinds_text(counts.changed, counts.added, counts.removed)
    return f"{count_of(counts.total, 'difference')}: {kinds}"


def items_total_text(items: ItemCounts) -> str:
    """ "500 items", or "500 items (501 in B)" when the two lists differ in length."""
    text = count_of(items.total_a, "item")
    if items.total_b != items.total_a:
        text += f" ({items.total_b:,} in B)"
    return text


def summary_line(comparison: Comparison) -> str:
    """One line that says what the comparison found (see the module docstring)."""
    items = comparison.items
    if items is None:
        return differences_text(comparison.counts)
    other = counts_of(d for d in comparison.differences if d.item is None)
    item_kinds = kinds_text(items.changed, items.added, items.removed)
    if item_kinds:
        line = f"{item_kinds} of {items_total_text(items)}"
    elif comparison.equal:
        return f"No differences: {_the_items_are_the_same(items)}"
    else:
        same = _the_items_are_the_same(items)
        line = same[0].upper() + same[1:]
    if other.total:
        joint = ", and " if item_kinds else "; "
        line += f"{joint}{count_of(other.total, 'other difference')} "
        line += f"({kinds_text(other.changed, other.added, other.removed)})"
    return line


def _the_items_are_the_same(items: ItemCounts) -> str:
    if items.total_a == 0:
        return "both lists of items are empty"
    if items.total_a == 1:
        return "the item is the same"
    return f"the {items.total_a:,} items are the same"


def value_text(value: Any, limit: int = VALUE_LIMIT) -> str:
    """`value` as compact JSON on one line, at most `limit` characters (cut with "…").

    Only as much is encoded as is shown, so a removed item of many megabytes costs little.
    """
    limit = max(1, limit)
    parts: list[str] = []
    length = 0
    for chunk in _ENCODER.iterencode(value):
        parts.append(chunk)
        length += len(chunk)
        if length > limit:
            break
    text = "".join(parts)
    if len(text) <= limit:
        return text
    return text[: limit - 1] + ELLIPSIS
