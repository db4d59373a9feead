"""Values put into words for people: sizes, times, statuses, JSON keys and types, long text cut.

One place for the small formatters that several layers share (api/ and document/ name sizes in
their messages, the window, the history, the tree and the detail pane name the rest), so a value
reads the same wherever it appears. Plain functions over plain values: nothing here imports Qt or
another part of the app at run time, so every layer, the command line included, may use it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for the annotations: this module must stay importable from any layer
    from vody_desktop.document.node import JsonNode

# -- sizes -------------------------------------------------------------------------------------
_UNITS = ("bytes", "KB", "MB", "GB", "TB")


def human_size(size_bytes: int) -> str:
    """`size_bytes` in the largest binary unit that keeps the number at least 1 (1 KB = 1024)."""
    size = float(size_bytes)
    for unit in _UNITS:
        if size < 1024 or unit == _UNITS[-1]:
            if unit == "bytes":
                return f"{int(size)} bytes"
            return f"{size:.0f} {unit}" if size >= 10 else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


# -- inference status ------------------------------------------------------------------------
STATUS_WORDS = {
    "completed": "Completed",
    "in_progress": "Still running",
    "failed": "Failed",
}


def status_words(status: str) -> str:
    """The status as a person would say it ("in_progress" -> "Still running")."""
    return STATUS_WORDS.get(status, status.replace("_", " ").capitalize() or "Unknown")


# -- times -------------------------------------------------------------------------------------
_TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|z|[+-]\d{2}:?\d{2})?"
)


def local_time(moment: datetime | None) -> str:
    """A timestamp in the computer's time zone, or an em dash when unknown."""
    if moment is None:
        return "—"
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def local_time_of(text: str) -> str | None:
    """'Local time: …' for an ISO 8601 timestamp, or None if the text is not one."""
    if not 16 <= len(text) <= 40 or not _TIMESTAMP.fullmatch(text):
        return None
    try:
        moment = datetime.fromisoformat(text.replace(",", ".").replace("z", "Z"))
    except ValueError:
        return None
    assumed = ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
        assumed = " (the value names no time zone; read as UTC)"
    local = moment.astimezone()
    zone = local.strftime("%Z") or local.strftime("UTC%z")
    return f"Local time: {local.strftime('%a %d %b %Y, %H:%M:%S')} {zone}{assumed}"


# -- JSON nodes --------------------------------------------------------------------------------
# Keyed by `NodeKind`'s values (it is a StrEnum, so a kind finds its entry): importing the enum
# here would make this module depend on document/.
TYPE_LABELS = {
    "object": "object",
    "array": "array",
    "string": "text",
    "number": "number",
    "boolean": "true/false",
    "null": "empty (null)",
}


def key_text(node: JsonNode) -> str:
    """What the Key column shows: the member name, the array position, or "(result)"."""
    if node.key is None:
        return "(result)"
    return str(node.key)


def type_label(node: JsonNode) -> str:
    """What the Type column shows: "text", "number", "true/false", "object"…"""
    return TYPE_LABELS[node.kind]


# -- long text ---------------------------------------------------------------------------------
#: Values longer than this are elided in the tree; the full text is in the tooltip.
ELIDE_AT = 200
#: Words longer than this are shown shortened in the middle ("$.a.b…y.z").
LONG_WORD = 60
#: A tooltip shows at most this many characters, in lines of `TOOLTIP_LINE` characters.
TOOLTIP_CHARS = 2000
TOOLTIP_LINE = 100


def elide(text: str, limit: int = ELIDE_AT) -> str:
    """One line of at most `limit` characters, ending in an ellipsis when shortened."""
    line = text.replace("\r", " ").replace("\n", " ")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def shorten_long_words(text: str, limit: int = LONG_WORD) -> str:
    """`text` with each word longer than `limit` cut in the middle (labels wrap at spaces only)."""
    half = (limit - 1) // 2

    def shorten(match: re.Match[str]) -> str:
        word = match.group()
        return f"{word[:half]}…{word[-half:]}"

    return re.sub(rf"\S{{{limit + 1},}}", shorten, text)


def tooltip_for(text: str) -> str:
    """The text for a tooltip: broken into lines (a path has no spaces), very long ones cut."""
    if len(text) > TOOLTIP_CHARS:
        half = TOOLTIP_CHARS // 2
        text = f"{text[:half]} … {len(text) - TOOLTIP_CHARS:,} characters … {text[-half:]}"
    return "\n".join(text[i : i + TOOLTIP_LINE] for i in range(0, len(text), TOOLTIP_LINE))
