"""Errors of the document layer: a result that is not valid JSON, or no result at all.

Titles and advice are for people who are not programmers; `detail` carries the technical part
(byte offset, line and column, the reason and a short snippet around the problem).
"""

from __future__ import annotations

from vody_desktop.errors import UserFacingError

_SNIPPET_RADIUS = 30


class InvalidJsonError(UserFacingError):
    """The received bytes are not one valid JSON value."""

    title = "The result is not valid JSON"
    advice = (
        "The answer from the server is damaged or incomplete, so it can't be shown. "
        "Fetch it again. If it keeps happening, copy the details into a support ticket."
    )

    def __init__(
        self,
        title: str | None = None,
        advice: str | None = None,
        detail: str = "",
        *,
        position: int | None = None,
        reason: str = "",
    ) -> None:
        super().__init__(title, advice, detail)
        self.position = position
        self.reason = reason

    @classmethod
    def at(cls, data: bytes | memoryview, position: int, reason: str) -> InvalidJsonError:
        """Build the error for `reason` at byte `position` of `data` (the bytes as received)."""
        position = max(0, min(position, len(data)))
        return cls(
            detail=describe_position(data, position, reason), position=position, reason=reason
        )


class EmptyDocumentError(InvalidJsonError):
    """Nothing but whitespace (or nothing at all) was received."""

    title = "The server sent an empty result"
    advice = (
        "There is nothing to show. Check the inference ID and fetch again in a moment. "
        "If it keeps happening, copy the details into a support ticket."
    )


def describe_position(data: bytes | memoryview, position: int, reason: str) -> str:
    """Return "byte offset N (line L, column C): reason" plus a snippet with a caret."""
    view = memoryview(data)
    window_start = max(0, position - 100_000)
    line_start = window_start + bytes(view[window_start:position]).rfind(b"\n") + 1
    line = _count_newlines(view, position) + 1
    column = len(bytes(view[line_start:position]).decode("utf-8", errors="replace")) + 1
    head = _printable(bytes(view[max(line_start, position - _SNIPPET_RADIUS) : position]))
    tail = _printable(bytes(view[position : position + _SNIPPET_RADIUS]).split(b"\n", 1)[0])
    caret = " " * len(head) + "^"
    where = f"byte offset {position:,} (line {line:,}, column {column:,})"
    return f"{where}: {reason}\n{head}{tail}\n{caret}"


def _count_newlines(view: memoryview, end: int) -> int:
    # bytes.count is fast; memoryview has no count(), so count in slices to avoid one huge copy.
    total = 0
    step = 1 << 22
    for start in range(0, end, step):
        total += bytes(view[start : min(end, start + step)]).count(b"\n")
    return total


def _printable(raw: bytes) -> str:
    text = raw.decode("utf-8", errors="replace")
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
