"""Hex colours in items: reading them, CIEDE2000 differences, the Match verdict, the column pair.

A colour classification item holds a labelled colour (`hex_color_label`) and the model's
predictions (`predictions.0.hex_color` is the top one). The Items view shows how far apart the two
are in CIEDE2000 units (computed by coloraide, not by hand) and a ✓ or ✗ against the threshold in
the preferences.

Speed: coloraide needs about 27 µs for one difference from two hex strings (1.9 s for 72,000
items). Labels and predictions come from small palettes, so the distinct pairs are cached (and
the verdicts, keyed by the text as written): the large result's 72,000 items then cost a few
hundred real computations and 72,000 dictionary look-ups, about 15 ms (benchmarks/colour_match.py).
A result whose every colour is new gains nothing from the caches, which are bounded so it cannot
grow them without limit; compute such a column off the UI thread.

Qt-free: the view layer (ui/items) paints what this module decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

_HEX: Final = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
#: Distinct pairs kept. A palette of 60 colours (1,830 pairs) fits; a result whose every colour is
#: new gains nothing from any cache, and this bound keeps the caches to a few MB.
_PAIR_CACHE: Final = 4096
#: Share of a column's present samples that must be hex colours for it to count as a colour column
#: (a few "n/a" labels among thousands of colours should not hide the Match column).
_HEX_SHARE: Final = 0.8

#: Words in a column id that say "this is the expected answer". Only columns of hex colours
#: outside the predictions are asked, so a broad list costs no false pairs in practice.
_LABEL_WORDS: Final = frozenset(
    {
        "label",
        "labels",
        "labelled",
        "labeled",
        "expected",
        "truth",
        "true",
        "actual",
        "target",
        "annotation",
        "annotated",
        "gold",
    }
)
#: Words in a column id that say "this is what the model answered".
_PREDICTION_WORDS: Final = frozenset({"prediction", "predictions", "predicted", "pred", "preds"})
_WORD: Final = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def parse_hex(value: object) -> str | None:
    """The colour as "#RRGGBB" (upper case) for a "#rgb" or "#rrggbb" string, else None.

    Strict like the tree's swatches: no surrounding spaces, no alpha digits, the "#" required.
    """
    if not isinstance(value, str) or len(value) not in (4, 7) or not _HEX.fullmatch(value):
        return None
    digits = value[1:].upper()
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    return "#" + digits


def colour_difference(a: str, b: str) -> float:
    """CIEDE2000 difference of two hex colours (0 = the same; about 1 = just noticeable).

    Raises ValueError when either is not a "#rgb"/"#rrggbb" colour (check with `parse_hex`).
    """
    return _difference_as_written(a, b)


@dataclass(frozen=True)
class ColourMatch:
    """How far the predicted colour is from the label, and whether that counts as a match."""

    difference: float
    matches: bool


def match_colours(label: str, predicted: str, threshold: float) -> ColourMatch:
    """The Match verdict: the difference, and a match when it is within `threshold`.

    The difference is compared as shown (one decimal), so a cell never reads "✗ 10.0" under a
    threshold of 10. Raises ValueError when either colour is not a hex colour.
    """
    return _match(label, predicted, threshold)


def colour_pair(
    columns: Sequence[str], samples: Callable[[str], Sequence[object]]
) -> tuple[str, str] | None:
    """(label column, predicted column) for a Match column, or None when there is no such pair.

    The label column holds hex colours and its id speaks of a label (`hex_color_label`,
    `label.hex`, `expected_color`, `ground_truth`, `true_color`, `target`), outside the
    predictions. The predicted column holds hex colours and sits under the first element of the
    predictions (`predictions.0.hex_color`) or a single prediction object (`prediction.hex`), or
    is named `predicted_*`. The first such column in `columns` order wins on each side.
    `samples(column)` gives a few of the column's values; it is asked only about candidates.
    """
    label: str | None = None
    predicted: str | None = None
    for column in columns:
        parts = column.split(".")
        if _mentions_predictions(parts):
            if predicted is None and _is_top_prediction(parts) and _holds_colours(samples(column)):
                predicted = column
        elif label is None and _speaks_of_label(parts) and _holds_colours(samples(column)):
            label = column
    if label is None or predicted is None:
        return None
    return label, predicted


# -- the colour computation ----------------------------------------------------------------


def _normalised(text: str) -> str:
    colour = parse_hex(text)
    if colour is None:
        raise ValueError(f"not a hex colour: {text!r}")
    return colour


@lru_cache(maxsize=_PAIR_CACHE)
def _match(label: str, predicted: str, threshold: float) -> ColourMatch:
    # Cached whole (ColourMatch is frozen): a column of 72,000 cells is 72,000 look-ups.
    difference = _difference_as_written(label, predicted)
    return ColourMatch(difference, round(difference, 1) <= threshold)


@lru_cache(maxsize=_PAIR_CACHE)
def _difference_as_written(a: str, b: str) -> float:
    # Keyed by the text as written: no parsing on a hit.
    first, second = _normalised(a), _normalised(b)
    # The formula is symmetric; one entry below serves both orders and every spelling.
    return _pair_difference(first, second) if first <= second else _pair_difference(second, first)


@lru_cache(maxsize=_PAIR_CACHE)
def _pair_difference(first: str, second: str) -> float:
    # Imported on the first difference, not with this module: coloraide takes about 80 ms to
    # import, which neither start-up nor a table without colours should pay (see warm_up).
    from coloraide import Color

    return float(Color(first).delta_e(second, method="2000"))


def warm_up() -> None:
    """Import coloraide and compute one difference, so the first Match cell does not wait.

    For a worker thread (ui/warm_imports.py) or a background task: about 80 ms, mostly the import.
    """
    _pair_difference("#000000", "#FFFFFF")


def _clear_caches() -> None:
    """Forget every cached colour and pair (for measurements and tests)."""
    for cached in (_match, _difference_as_written, _pair_difference):
        cached.cache_clear()


# -- which columns --------------------------------------------------------------------------


def _words(part: str) -> list[str]:
    """The lower-case words of one id part: "hexColorLabel" and "hex_color_label" alike."""
    return [word.lower() for word in _WORD.findall(part)]


def _mentions_predictions(parts: list[str]) -> bool:
    return any(word in _PREDICTION_WORDS for part in parts for word in _words(part))


def _speaks_of_label(parts: list[str]) -> bool:
    return any(word in _LABEL_WORDS for part in parts for word in _words(part))


def _is_top_prediction(parts: list[str]) -> bool:
    """Under the first element of the predictions, in a single prediction, or `predicted_*`."""
    for index, part in enumerate(parts):
        words = _words(part)
        if not any(word in _PREDICTION_WORDS for word in words):
            continue
        rest = parts[index + 1 :]
        if rest and rest[0].isdigit():
            if rest[0] != "0":
                return False  # a later prediction, not the top one
            rest = rest[1:]
        # Deeper arrays (`predictions.0.colors.1.hex`) are not the prediction's own colour.
        return not any(inner.isdigit() for inner in rest)
    return False


def _holds_colours(values: Sequence[object]) -> bool:
    present = [value for value in values if value is not None and value != ""]
    if not present:
        return False
    colours = sum(1 for value in present if parse_hex(value) is not None)
    return colours >= _HEX_SHARE * len(present)
