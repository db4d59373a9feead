"""Validation of POSTed batches (colour and pattern classification)."""

from __future__ import annotations

import json
from typing import Any, Final

from vody_desktop.sandbox.classify import COLOR_MODEL, is_hex_color

MAX_BODY_BYTES: Final = 5 * 1024 * 1024
MAX_ITEMS: Final = 1_000

_REQUIRED: Final = ("image_path", "product_type")
_OPTIONAL: Final = {COLOR_MODEL: ("hex_color_label", "category")}
_PATTERN_OPTIONAL: Final = ("category",)


class InvalidSubmissionError(Exception):
    """The body is not a valid batch; ``errors`` lists what is wrong, for the 400 body."""

    def __init__(self, message: str, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or []


def parse_submission(model: str, body: bytes) -> list[dict[str, Any]]:
    """Return the items of a valid batch, or raise InvalidSubmissionError.

    A batch is a non-empty JSON array of objects with string ``image_path`` and
    ``product_type``; optional fields must be strings (``hex_color_label`` as ``#RRGGBB``).
    Unknown fields are kept and echoed in the results.
    """
    try:
        value = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise InvalidSubmissionError("Request body is not valid JSON") from exc
    if not isinstance(value, list):
        raise InvalidSubmissionError("Request body must be a JSON array of items")
    if not value:
        raise InvalidSubmissionError("Request body must contain at least one item")
    if len(value) > MAX_ITEMS:
        raise InvalidSubmissionError(f"At most {MAX_ITEMS} items per request")
    optional = _OPTIONAL.get(model, _PATTERN_OPTIONAL)
    errors: list[dict[str, Any]] = []
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            errors.append({"index": index, "error": "item must be a JSON object"})
            continue
        for name in _REQUIRED:
            field = item.get(name)
            if not isinstance(field, str) or not field.strip():
                errors.append({"index": index, "field": name, "error": "required string"})
        for name in optional:
            if name in item and not isinstance(item[name], str):
                errors.append({"index": index, "field": name, "error": "must be a string"})
        label = item.get("hex_color_label")
        if "hex_color_label" in optional and isinstance(label, str) and not is_hex_color(label):
            errors.append({"index": index, "field": "hex_color_label", "error": "not #RRGGBB"})
    if errors:
        raise InvalidSubmissionError("Invalid items in request body", errors)
    return value
