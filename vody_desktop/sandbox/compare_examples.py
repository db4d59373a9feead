"""The "before" and "after" colour results the sandbox serves for trying Compare.

They differ the way people meet it when the same pictures come back another day (stdlib only):

- the items come back in another order (matched by `image_path`, that is no difference);
- the shoes' top prediction changed from Red to Orange (its colour name and hex);
- one score of the dress changed (Beige 0.051 -> 0.0732);
- the sofa's top score carries 1e-12 of noise (0.864 -> 0.864000000001: no difference);
- the handbag's top score is 1 before and 1.0 after (equal numbers: no difference);
- the scarf is only in "before" (removed), the curtains only in "after" (added);
- the lamp is the same.

So comparing before with after finds 2 changed items, 1 added, 1 removed of 6 items. The
pictures are drawn by the sandbox from their names (picture_paths.named_picture), one per item,
the same picture on both sides.
"""

from __future__ import annotations

import functools
import json
from typing import Any, Final

from vody_desktop.sandbox.picture_paths import named_picture

Prediction = tuple[str, str, float | int]

#: One item: (number, product type, label or "", category or "", predictions as (hex, name,
#: score)).
_Item = tuple[str, str, str, str, tuple[Prediction, ...]]

_SHOES: Final[_Item] = (
    "01",
    "Shoes",
    "#FE2934",
    "Fashion",
    (("#FE2934", "Red", 0.8196), ("#C0C0C0", "Silver", 0.0806), ("#FF7F50", "Coral", 0.0599)),
)
_SHOES_AFTER: Final[_Item] = (
    *_SHOES[:4],
    (("#FFA500", "Orange", 0.8196), ("#C0C0C0", "Silver", 0.0806), ("#FF7F50", "Coral", 0.0599)),
)
_DRESS: Final[_Item] = (
    "02",
    "Dress",
    "#000080",
    "Fashion",
    (("#000080", "Navy", 0.8429), ("#F5F5DC", "Beige", 0.051), ("#008080", "Teal", 0.0491)),
)
_DRESS_AFTER: Final[_Item] = (
    *_DRESS[:4],
    (("#000080", "Navy", 0.8429), ("#F5F5DC", "Beige", 0.0732), ("#008080", "Teal", 0.0491)),
)
_SOFA: Final[_Item] = (
    "03",
    "Sofa",
    "",
    "Home",
    (
        ("#E6E6FA", "Lavender", 0.864),
        ("#228B22", "Forest green", 0.0637),
        ("#808080", "Grey", 0.0319),
    ),
)
_SOFA_AFTER: Final[_Item] = (
    *_SOFA[:4],
    (
        ("#E6E6FA", "Lavender", 0.864 + 1e-12),
        ("#228B22", "Forest green", 0.0637),
        ("#808080", "Grey", 0.0319),
    ),
)
_HANDBAG: Final[_Item] = (
    "04",
    "Handbag",
    "#FFFFFF",
    "Fashion",
    (("#FFFFFF", "White", 1), ("#C0C0C0", "Silver", 0), ("#F5F5DC", "Beige", 0)),
)
_HANDBAG_AFTER: Final[_Item] = (
    *_HANDBAG[:4],
    (("#FFFFFF", "White", 1.0), ("#C0C0C0", "Silver", 0), ("#F5F5DC", "Beige", 0)),
)
_SCARF: Final[_Item] = (
    "05",
    "Scarf",
    "#87CEEB",
    "Fashion",
    (("#87CEEB", "Sky blue", 0.7712), ("#008080", "Teal", 0.1203), ("#000080", "Navy", 0.0511)),
)
_LAMP: Final[_Item] = (
    "06",
    "Lamp",
    "#FFD700",
    "Home",
    (("#FFD700", "Gold", 0.9034), ("#FFA500", "Orange", 0.0522), ("#F5F5DC", "Beige", 0.0217)),
)
_CURTAINS: Final[_Item] = (
    "07",
    "Curtains",
    "#FFC0CB",
    "Home",
    (("#FFC0CB", "Pink", 0.8811), ("#E6E6FA", "Lavender", 0.0605), ("#FF7F50", "Coral", 0.0311)),
)

BEFORE_ITEMS: Final = (_SHOES, _DRESS, _SOFA, _HANDBAG, _SCARF, _LAMP)
#: Another order, the scarf gone, the curtains new.
AFTER_ITEMS: Final = (_LAMP, _HANDBAG_AFTER, _CURTAINS, _SHOES_AFTER, _SOFA_AFTER, _DRESS_AFTER)


def _item(item: _Item) -> dict[str, Any]:
    number, product_type, label, category, predictions = item
    # The picture shows the item's own colour: its label, else its first "before" prediction.
    colour = label or predictions[0][0]
    result: dict[str, Any] = {
        "image_path": named_picture("compare", number, product_type, colour),
        "product_type": product_type,
    }
    if label:
        result["hex_color_label"] = label
    if category:
        result["category"] = category
    result["predictions"] = [
        {"hex_color": hex_color, "color_name": name, "score": score}
        for hex_color, name, score in predictions
    ]
    return result


def _dump(items: tuple[_Item, ...]) -> bytes:
    # json writes 1 and 1.0 as they are (an int and a float), and the noisy float in full.
    return json.dumps([_item(i) for i in items], ensure_ascii=False, indent=2).encode("utf-8")


@functools.cache
def before_results() -> bytes:
    """The "before" colour result: six items."""
    return _dump(BEFORE_ITEMS)


@functools.cache
def after_results() -> bytes:
    """The "after" colour result: the same pictures a day later (see the module docstring)."""
    return _dump(AFTER_ITEMS)
