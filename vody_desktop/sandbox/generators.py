"""The bytes of the catalogue's documents (everything except the large one, see ``large``).

Each function returns exactly what the sandbox serves; they are deterministic and cached.
Documents that cannot be built with ``json.dumps`` (10,000 levels of nesting, exact number
spellings, escaped surrogate pairs) are built as text.
"""

from __future__ import annotations

import functools
import json
from typing import Any, Final

from vody_desktop.sandbox import picture_paths as pics
from vody_desktop.sandbox.classify import COLOR_MODEL, PATTERN_MODEL, classify_items

DEEP_LEVELS: Final = 10_000
LONG_STRING_LENGTH: Final = 1_048_576

#: The reference's example pictures, served by the sandbox itself (see picture_paths).
_IMAGES: Final = f"{pics.PLACEHOLDER}/images/playground"

COLOR_ITEMS: Final[tuple[dict[str, str], ...]] = (
    {
        "image_path": f"{_IMAGES}/color-labels/0.png",
        "product_type": "Shoes",
        "hex_color_label": "#FE2934",
        "category": "Fashion",
    },
    {
        "image_path": f"{_IMAGES}/color-labels/1.png",
        "product_type": "Dress",
        "hex_color_label": "#000080",
        "category": "Fashion",
    },
    {"image_path": f"{_IMAGES}/color-labels/2.png", "product_type": "Sofa", "category": "Home"},
    {"image_path": f"{_IMAGES}/color-labels/3.png", "product_type": "Handbag"},
)

STATUS_EXAMPLE_ITEMS: Final[tuple[dict[str, str], ...]] = (
    {
        "image_path": f"{_IMAGES}/color-labels/4.png",
        "product_type": "T-Shirt",
        "hex_color_label": "#228B22",
        "category": "Fashion",
    },
    {"image_path": f"{_IMAGES}/color-labels/5.png", "product_type": "Sneakers"},
)

PATTERN_ITEMS: Final[tuple[dict[str, str], ...]] = (
    {
        "image_path": f"{_IMAGES}/pattern-labels/0.png",
        "product_type": "Shirt",
        "category": "Fashion",
    },
    {"image_path": f"{_IMAGES}/pattern-labels/1.png", "product_type": "Rug", "category": "Home"},
    {"image_path": f"{_IMAGES}/pattern-labels/2.png", "product_type": "Scarf"},
)


def _failing(path: str, product_type: str, label: str) -> dict[str, str]:
    return {"image_path": path, "product_type": product_type, "hex_color_label": label}


#: One picture that loads, then one of each way a picture fails (picture_routes.py).
PICTURE_FAULT_ITEMS: Final[tuple[dict[str, str], ...]] = (
    _failing(pics.named_picture("products", "loads", "Shoes", "#FE2934"), "Shoes", "#FE2934"),
    _failing(f"{pics.PLACEHOLDER}{pics.NOT_FOUND}", "Dress", "#000080"),
    _failing(f"{pics.PLACEHOLDER}{pics.NOT_A_PICTURE}", "Sofa", "#228B22"),
    _failing(f"{pics.PLACEHOLDER}{pics.CORRUPT}", "Handbag", "#FFD700"),
    _failing(f"{pics.PLACEHOLDER}{pics.TOO_LARGE}", "T-Shirt", "#800080"),
    _failing(f"{pics.PLACEHOLDER}{pics.TOO_LARGE_UNDECLARED}", "Rug", "#8B4513"),
    _failing(f"{pics.PLACEHOLDER}{pics.SLOW}", "Scarf", "#87CEEB"),
    _failing(f"{pics.PLACEHOLDER}{pics.REDIRECT_TO_HTTP}", "Lamp", "#FFA500"),
    _failing(f"{pics.PLACEHOLDER}{pics.REDIRECT_SAME_ORIGIN}", "Curtains", "#FFC0CB"),
    _failing(f"{pics.PLACEHOLDER}{pics.SETS_COOKIE}", "Jacket", "#808080"),
    _failing(pics.PLAIN_HTTP_ELSEWHERE, "Sneakers", "#000000"),
)


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8")


@functools.cache
def color_results() -> bytes:
    """Completed colour classification of four items (the reference's results example)."""
    return _dump(classify_items(COLOR_MODEL, COLOR_ITEMS))


@functools.cache
def status_example_results() -> bytes:
    """Completed colour classification of two items (the reference's status example)."""
    return _dump(classify_items(COLOR_MODEL, STATUS_EXAMPLE_ITEMS))


@functools.cache
def pattern_results() -> bytes:
    """Completed pattern classification of three items."""
    return _dump(classify_items(PATTERN_MODEL, PATTERN_ITEMS))


@functools.cache
def picture_fault_results() -> bytes:
    """Colour classification of items whose pictures fail in each way the sandbox knows."""
    return _dump(classify_items(COLOR_MODEL, PICTURE_FAULT_ITEMS))


@functools.cache
def deep_document() -> bytes:
    """``DEEP_LEVELS`` nested containers, alternating objects and arrays, built as text.

    Odd levels are ``{"level": n, "child": ...}``, even levels ``["level n", ...]``; the innermost
    container holds ``"bottom"``.
    """
    opening: list[str] = []
    closing: list[str] = []
    for level in range(1, DEEP_LEVELS + 1):
        if level % 2:
            opening.append(f'{{"level": {level}, "child": ')
            closing.append("}")
        else:
            opening.append(f'["level {level}", ')
            closing.append("]")
    return ("".join(opening) + '"bottom"' + "".join(reversed(closing))).encode("ascii")


@functools.cache
def unicode_document() -> bytes:
    """Emoji, right-to-left text, combining marks and other hard text, in keys and values."""
    document = {
        "emoji": "😀 👍🏽 👨‍👩‍👧‍👦 🏳️‍🌈 🇯🇵 🧑🏿‍🚀",
        "arabic": "مرحبا بالعالم",
        "hebrew": "שלום עולם",
        "mixed_direction": "Price: 42 ₪ (שקל) and 3 دينار",
        "combining": "e\u0301 a\u0308 n\u0303 "
        "Z\u0351\u0357\u0352a\u0310\u0304l\u0313\u0348g\u0311o",
        "cjk": "色の分類 · 图案分类 · 패턴 분류",
        "zero_width": "zero\u200bwidth\u200cjoiner\u200dmarks\ufeff",
        "control": 'tab\tnewline\nquote"backslash\\nul\u0000',
        "🔑 emoji key": "value",
        "ключ": "значение",
        "مفتاح": "قيمة",
        "items": [
            {"product_type": "Café chair", "color_name": "Crème brûlée"},
            {"product_type": "Ñandú scarf", "color_name": "Ελληνικό μπλε"},
        ],
    }
    text = json.dumps(document, ensure_ascii=False, indent=2)
    # Escaped forms that json.dumps would not write with ensure_ascii=False.
    escaped = '"escaped": "\\ud83d\\ude00 caf\\u00e9 \\u05e9\\u05dc\\u05d5\\u05dd \\u0041\\u030a"'
    return (text[:-2] + ",\n  " + escaped + "\n}").encode("utf-8")


@functools.cache
def long_string_document() -> bytes:
    """An object whose ``text`` value is a string of exactly ``LONG_STRING_LENGTH`` characters.

    The text marks its own offsets (``[offset 1000]``) so a viewer can show where it is.
    """
    pieces: list[str] = []
    size = 0
    offset = 0
    while size < LONG_STRING_LENGTH:
        piece = f"[offset {offset}] The quick brown fox jumps over the lazy dog. "
        pieces.append(piece)
        size += len(piece)
        offset = size
    text = "".join(pieces)[:LONG_STRING_LENGTH]
    return json.dumps({"length": LONG_STRING_LENGTH, "text": text}, indent=2).encode("ascii")


NUMBERS_TEXT: Final = """{
  "beyond_uint64": 18446744073709551616,
  "huge_integer": 123456789012345678901234567890123456789012345678901234567890,
  "negative_beyond_int64": -9223372036854775809,
  "max_safe_integer": 9007199254740991,
  "beyond_safe_integer": 9007199254740993,
  "one_e308": 1e308,
  "max_double": 1.7976931348623157e308,
  "min_subnormal": 5e-324,
  "negative_zero": -0.0,
  "negative_zero_integer": -0,
  "many_decimals": 0.1000000000000000055511151231257827021181583404541015625,
  "pi_50_digits": 3.14159265358979323846264338327950288419716939937510,
  "trailing_zeros": 1.500000,
  "upper_exponent": 1E+2,
  "negative_exponent": 2.5e-10,
  "integer_float": 1.0,
  "numbers": [0, -1, 1e308, -1e308, 18446744073709551615, 0.30000000000000004]
}
"""


def numbers_document() -> bytes:
    """Numbers whose exact spelling a client must keep (big integers, 1e308, -0.0, ...)."""
    return NUMBERS_TEXT.encode("ascii")


EMPTY_OBJECT: Final = b"{}"
EMPTY_ARRAY: Final = b"[]"
TOP_LEVEL_ARRAY: Final = b'[1, "two", {"three": 3}, [4, [5]], null, true, false, -6.5]'
SCALAR_STRING: Final = b'"Inference complete: nothing to classify"'
SCALAR_NUMBER: Final = b"42"
SCALAR_NULL: Final = b"null"


# Bodies of the fault inferences (see ``faults``).

BAD_GATEWAY_HTML: Final = b"""<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
"""

HTML_PAGE: Final = b"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in to continue</title></head>
<body>
<h1>Sign in to continue</h1>
<p>This network requires you to sign in before you can reach the internet.</p>
<form method="post" action="/login"><input name="user"><button>Sign in</button></form>
</body>
</html>
"""

INVALID_UTF8: Final = (
    b'{"product_type": "Caf\xe9 chair", "note": "Latin-1 bytes, not UTF-8: \xff\xfe", '
    b'"color_name": "Cr\xe8me"}'
)


@functools.cache
def truncated_results() -> bytes:
    """The colour results cut off part way: a complete HTTP body that is not valid JSON."""
    full = color_results()
    return full[: len(full) * 3 // 5]


@functools.cache
def gzip_payload() -> bytes:
    """The JSON sent gzip-compressed (``Content-Encoding: gzip``) by the gzip fault."""
    results = classify_items(PATTERN_MODEL, PATTERN_ITEMS[:2])
    return _dump({"note": "This body was sent with Content-Encoding: gzip", "results": results})
