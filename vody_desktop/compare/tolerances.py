"""The tolerances people type (Preferences > Compare) read as numbers, and the options they make.

Kept as text in the settings ("1e-06"): read here, with a comma taken as a decimal point, and
anything that is not a finite number of at least zero refused (None), so a typo falls back to
the default instead of comparing with a nonsense tolerance.
"""

from __future__ import annotations

import math

from vody_desktop.compare.differences import CompareOptions

DEFAULTS = CompareOptions()


def parse_tolerance(text: str) -> float | None:
    """The tolerance `text` names ("1e-6", "0,001", " 0.5 "), or None when it names none."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    if not math.isfinite(value) or value < 0:
        return None
    return value


def tolerance_text(value: float) -> str:
    """How a tolerance is written back ("1e-06", "0.001")."""
    return repr(float(value))


def options_from_texts(
    absolute: str, relative: str, key_field: str | None = None
) -> CompareOptions:
    """Options from the two typed tolerances; a text that names no tolerance gives the default."""
    absolute_value = parse_tolerance(absolute)
    relative_value = parse_tolerance(relative)
    return CompareOptions(
        key_field=key_field,
        absolute_tolerance=(
            DEFAULTS.absolute_tolerance if absolute_value is None else absolute_value
        ),
        relative_tolerance=(
            DEFAULTS.relative_tolerance if relative_value is None else relative_value
        ),
    )
