"""The number tokens of a JSON text, exactly as written, for tests that check numbers survive.

Comparing decoded values cannot see `1E+2` become `100.0`, `-0` become `0`, or a 60-digit
integer lose digits through a float: Python's `json` decodes each pair to equal values. These
tests compare the number tokens' bytes instead, in document order.
"""

from __future__ import annotations

import re

# A JSON string (skipped, so digits inside strings and keys are not counted) or a JSON number.
_STRING_OR_NUMBER = re.compile(
    rb'"(?:[^"\\]|\\.)*"|(?P<number>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)'
)


def number_tokens(text: bytes | str) -> list[bytes]:
    """Every number token of a JSON text, in order, byte for byte."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return [m["number"] for m in _STRING_OR_NUMBER.finditer(data) if m["number"] is not None]
