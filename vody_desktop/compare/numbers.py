"""Equality of two decoded JSON values' scalars under the comparing rules: numbers with tolerances.

A JSON value decodes to dict, list, str, int, float, bool or None. `True == 1` in Python, but a
boolean and a number are different JSON types, so every test here looks at the kind first.
"""

from __future__ import annotations

import enum
import math
from typing import Any

from vody_desktop.compare.differences import CompareOptions


class ValueKind(enum.IntEnum):
    """The JSON type of a decoded value (int and float are both NUMBER)."""

    OBJECT = 0
    ARRAY = 1
    STRING = 2
    NUMBER = 3
    BOOLEAN = 4
    NULL = 5


def value_kind(value: Any) -> ValueKind:
    """The JSON type of a decoded value."""
    if isinstance(value, dict):
        return ValueKind.OBJECT
    if isinstance(value, list):
        return ValueKind.ARRAY
    if isinstance(value, str):
        return ValueKind.STRING
    if isinstance(value, bool):  # before int: bool is an int subclass
        return ValueKind.BOOLEAN
    if value is None:
        return ValueKind.NULL
    return ValueKind.NUMBER


def is_number(value: Any) -> bool:
    """True for int and float, not for bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def numbers_equal(a: float, b: float, options: CompareOptions) -> bool:
    """|a - b| <= max(absolute, relative * max(|a|, |b|)); exact for integers beyond float."""
    if a == b:  # also inf == inf, and big integers that a float cannot hold
        return True
    try:
        fa, fb = float(a), float(b)
    except OverflowError:  # an integer past 1e308 against anything but itself
        return False
    if math.isinf(fa) or math.isinf(fb):
        return False
    allowed = max(options.absolute_tolerance, options.relative_tolerance * max(abs(fa), abs(fb)))
    return abs(fa - fb) <= allowed


def scalars_equal(a: Any, b: Any, options: CompareOptions) -> bool:
    """Two decoded scalars (or a scalar and anything): same JSON type and the same value."""
    kind = value_kind(a)
    if kind is not value_kind(b):
        return False
    if kind is ValueKind.NUMBER:
        return numbers_equal(a, b, options)
    return bool(a == b)
