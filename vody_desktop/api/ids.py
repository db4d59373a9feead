"""Finding the inference ID in whatever the person pasted: a bare ID, a URL or a sentence."""

from __future__ import annotations

import re

from vody_desktop.api.errors import ApiError

EXAMPLE_ID = "0924dcfe-a593-4e42-8c7b-4fca9a149777"
_WHAT_AN_ID_LOOKS_LIKE = (
    f"An inference ID looks like {EXAMPLE_ID}: 32 digits and letters a to f, "
    "in five groups separated by dashes."
)

# The reference's IDs are arbitrary hex in UUID layout, so no RFC 4122 version/variant checks.
# Lookarounds keep us from cutting an "ID" out of a longer run of hex (a hash, say).
_ID = re.compile(
    r"(?<![0-9a-f])"
    r"(?:([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})"
    r"|([0-9a-f]{32}))"
    r"(?![0-9a-f])",
    re.IGNORECASE,
)
_TRIM = " \t\r\n\"'`\u2018\u2019\u201c\u201d\u00ab\u00bb<>"


class InvalidInferenceIdError(ApiError):
    """The text holds no inference ID, or more than one."""

    title = "This is not an inference ID"
    advice = _WHAT_AN_ID_LOOKS_LIKE


def parse_inference_id(text: str) -> str:
    """The one inference ID in `text`, in lowercase dashed form; raise if none or several."""
    trimmed = text.strip(_TRIM)
    if not trimmed:
        raise InvalidInferenceIdError("Enter an inference ID", _WHAT_AN_ID_LOOKS_LIKE)
    found = find_inference_ids(trimmed)
    if not found:
        raise InvalidInferenceIdError(
            "No inference ID was found in what you entered",
            f"{_WHAT_AN_ID_LOOKS_LIKE} Check that you copied the whole ID.",
        )
    if len(found) > 1:
        starts = ", ".join(f"{one[:8]}…" for one in found)
        raise InvalidInferenceIdError(
            "What you entered holds more than one inference ID",
            f"Enter only the one you want to look up. The IDs found start with: {starts}",
        )
    return found[0]


def find_inference_ids(text: str) -> list[str]:
    """Every inference ID in `text`, lowercase and dashed, each once, in the order found."""
    return list(dict.fromkeys(all_inference_ids(text)))


def all_inference_ids(text: str) -> list[str]:
    """Every inference ID in `text`, lowercase and dashed, repeats included (to count them)."""
    return [_canonical(match) for match in _ID.finditer(text)]


def _canonical(match: re.Match[str]) -> str:
    hex_digits = match.group(6) or "".join(match.group(i) for i in range(1, 6))
    h = hex_digits.lower()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
