"""Where the sandbox's pictures live, and what a picture's path says it shows (stdlib only).

The catalogue's documents link to the sandbox itself: their ``image_path`` values start with
`PLACEHOLDER`, which the server replaces with the origin a request came to (origin.py). A
picture's shape and colour follow from its path alone, so the server never regenerates a
document to draw one:

- ``/images/playground/color-labels/0.png`` (the reference's examples): the known item,
  looked up in the documents built from generators.py;
- ``/images/catalogue/000123-shoe-fe2934.png`` and any other ``…-<shape>-<rrggbb>.png``: the
  shape and colour are in the name (the large result's items, the failing-pictures entry).
- ``/images/faults/…``: pictures that fail on purpose (picture_routes.py).
"""

from __future__ import annotations

import re
from typing import Final

#: What the documents hold until they are sent (a reserved name, RFC 2606: it never resolves).
PLACEHOLDER: Final = "http://sandbox-origin.invalid"

#: The colour of a picture whose item has neither a label nor a predicted colour (patterns).
NEUTRAL: Final = "#9A9A9A"

FAULTS: Final = "/images/faults"
NOT_FOUND: Final = f"{FAULTS}/not-found.png"
NOT_A_PICTURE: Final = f"{FAULTS}/not-a-picture.png"
CORRUPT: Final = f"{FAULTS}/corrupt.png"
TOO_LARGE: Final = f"{FAULTS}/too-large.png"
TOO_LARGE_UNDECLARED: Final = f"{FAULTS}/too-large-undeclared.png"
SLOW: Final = f"{FAULTS}/slow.png"
REDIRECT_TO_HTTP: Final = f"{FAULTS}/redirect-to-http.png"
REDIRECT_SAME_ORIGIN: Final = f"{FAULTS}/redirect-same-origin.png"
SETS_COOKIE: Final = f"{FAULTS}/sets-cookie.png"
#: Where REDIRECT_TO_HTTP sends the client: plain http to another computer (never contacted).
PLAIN_HTTP_ELSEWHERE: Final = "http://pictures.example.com/images/shoe.png"

#: Product types as the catalogue and submissions name them (letters only, lower case).
_SHAPE_OF_TYPE: Final = {
    "shoes": "shoe", "shoe": "shoe", "sneakers": "shoe", "boots": "shoe",
    "dress": "dress", "skirt": "dress",
    "sofa": "sofa", "couch": "sofa", "chair": "sofa",
    "handbag": "bag", "bag": "bag", "backpack": "bag",
    "tshirt": "shirt", "shirt": "shirt", "jacket": "shirt", "sweater": "shirt",
    "rug": "rug", "carpet": "rug",
    "scarf": "scarf",
    "lamp": "lamp",
    "curtains": "curtains", "curtain": "curtains",
}  # fmt: skip

_NAMED: Final = re.compile(r"(?:[\w.]*-)?(?P<shape>[a-z]+)-(?P<hex>[0-9a-fA-F]{6})\.png")


def with_origin(body: bytes, origin: str) -> bytes:
    """`body` with every placeholder replaced by `origin` (``http://HOST:PORT``)."""
    return body.replace(PLACEHOLDER.encode("ascii"), origin.encode("ascii"))


def shape_for(product_type: object) -> str:
    """The shape drawn for a product type ("T-Shirt" -> "shirt"); "box" for anything else."""
    if not isinstance(product_type, str):
        return "box"
    return _SHAPE_OF_TYPE.get(re.sub(r"[^a-z]", "", product_type.lower()), "box")


def named_picture(folder: str, name: str, product_type: object, colour: str) -> str:
    """``PLACEHOLDER/images/<folder>/<name>-<shape>-<rrggbb>.png``: says what it shows."""
    shape = shape_for(product_type)
    return f"{PLACEHOLDER}/images/{folder}/{name}-{shape}-{colour.lstrip('#').lower()}.png"


def parse_named(path: str) -> tuple[str, str] | None:
    """(shape, "#RRGGBB") from a path whose file name ends in ``-<shape>-<rrggbb>.png``."""
    match = _NAMED.fullmatch(path.rsplit("/", 1)[-1])
    if match is None:
        return None
    return match["shape"], "#" + match["hex"].upper()
