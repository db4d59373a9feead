"""Cheap exact tests that spare decoding: whitespace-only differences, and booleans.

Most pairs of values two results share are equal; these tests tell so without decoding them
into Python objects. A pretty-printed saved file against the compact answer differs only in
whitespace: msgspec's formatter writes one side the way the other is written (or both without
whitespace) and the bytes are compared. Python says `True == 1`: a `==` between decoded values
is trusted only when neither side could hold a boolean (`has_bools`).
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from vody_desktop.compare.matching import MemberPair, RawMember

_compact = msgspec.json.format
_TRUE, _FALSE = b"true", b"false"
_BOOL_CHUNK = 1 << 20
_STYLE_SAMPLE = 3


def writing_style(members: Sequence[RawMember]) -> int | None:
    """How the members are written, as msgspec's formatter writes them: -1 without any
    whitespace, 0 on one line with a space after each comma and colon (Python's json.dumps);
    None for anything else (pretty-printed). Told from the first few members: a member that
    is written otherwise only takes the slower way (decoding), never a wrong answer."""
    sample = [bytes(member) for member in members[:_STYLE_SAMPLE]]
    if not sample:
        return None
    for indent in (-1, 0):
        if all(_compact(text, indent=indent) == text for text in sample):
            return indent
    return None


def same_without_whitespace(
    chunk: Sequence[MemberPair],
    members_a: Sequence[RawMember],
    members_b: Sequence[RawMember],
    styles: tuple[int | None, int | None],
) -> list[bool]:
    """For each pair of the chunk: the same bytes once whitespace is taken out (False for a
    member alone). A side already written in a formatter's style is compared as it is and
    the other side is written in that style; else both are written without whitespace. One
    comprehension per case: no call per member but msgspec's. RecursionError when a member
    is too deep for the formatter."""
    compact = _compact
    style_a, style_b = styles
    if style_a is not None and style_a == style_b:  # equal bytes are all that can be equal
        return [
            a is not None and b is not None and members_a[a] == members_b[b] for a, b, _ in chunk
        ]
    # A Raw never equals bytes (only another Raw or a buffer view): bytes go in a memoryview.
    if style_a is not None:
        return [
            a is not None
            and b is not None
            and (
                members_a[a] == members_b[b]
                or members_a[a] == memoryview(compact(members_b[b], indent=style_a))
            )
            for a, b, _ in chunk
        ]
    if style_b is not None:
        return [
            a is not None
            and b is not None
            and (
                members_a[a] == members_b[b]
                or memoryview(compact(members_a[a], indent=style_b)) == members_b[b]
            )
            for a, b, _ in chunk
        ]
    return [
        a is not None
        and b is not None
        and (
            members_a[a] == members_b[b]
            or compact(members_a[a], indent=-1) == compact(members_b[b], indent=-1)
        )
        for a, b, _ in chunk
    ]


def has_bools(raw: RawMember) -> bool:
    """Whether the bytes could hold true or false (or a string with those letters).

    A whole document is searched a megabyte at a time: one search of 25 MB holds the GIL for
    tens of milliseconds, which the window's thread would feel."""
    data = raw if isinstance(raw, bytes) else bytes(raw)
    size = len(data)
    for start in range(0, size, _BOOL_CHUNK):
        stop = min(start + _BOOL_CHUNK + len(_FALSE), size)  # a word across the cut
        if data.find(_TRUE, start, stop) >= 0 or data.find(_FALSE, start, stop) >= 0:
            return True
    return False
