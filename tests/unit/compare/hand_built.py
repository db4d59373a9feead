"""Comparisons built by hand, as the engine would report them, for the report and summary tests.

The scenario is the sandbox's before/after pair in small: four colour items matched by
`image_path`; one top prediction Red -> Orange, one score changed, one item added, one removed.
"""

from __future__ import annotations

from typing import Any

from vody_desktop.compare.differences import (
    Comparison,
    Difference,
    DifferenceCounts,
    DifferenceKind,
    ItemCounts,
    ItemPair,
    PathStep,
)

SHOES = ItemPair(index_a=0, index_b=1, key="img/shoes.png")
DRESS = ItemPair(index_a=1, index_b=0, key="img/dress.png")
SOFA = ItemPair(index_a=2, index_b=None, key="img/sofa.png")
LAMP = ItemPair(index_a=None, index_b=3, key="img/lamp.png")

SOFA_ITEM = {"image_path": "img/sofa.png", "product_type": "Sofa"}
LAMP_ITEM = {"image_path": "img/lamp.png", "product_type": "Lamp"}


def difference(
    kind: DifferenceKind,
    steps: tuple[PathStep, ...],
    a: Any,
    b: Any,
    item: ItemPair | None = None,
) -> Difference:
    path = "$" + "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in steps)
    return Difference(kind, path, steps, a, b, item)


def counted(differences: list[Difference], items: ItemCounts | None = None) -> Comparison:
    kinds = [d.kind for d in differences]
    counts = DifferenceCounts(
        added=kinds.count(DifferenceKind.ADDED),
        removed=kinds.count(DifferenceKind.REMOVED),
        changed=kinds.count(DifferenceKind.CHANGED),
    )
    return Comparison(differences, counts, items)


def colour_comparison() -> Comparison:
    """Shoes: top prediction Red -> Orange; dress: a score changed; sofa removed; lamp added."""
    differences = [
        difference(
            DifferenceKind.CHANGED, (0, "predictions", 0, "color_name"), "Red", "Orange", SHOES
        ),
        difference(
            DifferenceKind.CHANGED, (0, "predictions", 0, "hex_color"), "#FE2934", "#FFA500", SHOES
        ),
        difference(DifferenceKind.CHANGED, (1, "predictions", 1, "score"), 0.051, 0.0732, DRESS),
        difference(DifferenceKind.REMOVED, (2,), SOFA_ITEM, None, SOFA),
        difference(DifferenceKind.ADDED, (3,), None, LAMP_ITEM, LAMP),
    ]
    items = ItemCounts(
        path="$", key_field="image_path", total_a=3, total_b=3, changed=2, added=1, removed=1
    )
    comparison = counted(differences, items)
    comparison.item_changes.update(
        {1: "Top prediction: color name Red → Orange", 0: "Score of Beige 0.051 → 0.0732"}
    )
    comparison.removed_item_changes[2] = "only in A"
    return comparison
