"""Make characters that draw nothing visible: `a\u200bb` is shown as `a⟨U+200B⟩b`.

QA testers need to see a zero-width space, a byte-order mark, a stray control character or a
right-to-left override in a value; drawn as they are, they are invisible (or silently reorder the
text around them). This is for what is painted only: copy and export use the value itself.

Marked: control characters (Unicode category Cc) other than tab, line feed and carriage return;
format characters (Cf: zero-width space and joiners, direction marks and overrides, soft hyphen,
BOM); line and paragraph separators; and a few letters that draw as blank (Hangul fillers, the
combining grapheme joiner). Left alone, because they are part of how emoji are written: a zero-
width joiner between two emoji (👩‍💻) and the tag characters of a flag (🏴󠁧󠁢󠁳󠁣󠁴󠁿).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

MARK_OPEN, MARK_CLOSE = "⟨", "⟩"
_KEEP = {"\t", "\n", "\r"}
_BLANK_LETTERS = {"\u034f", "\u115f", "\u1160", "\u17b4", "\u17b5", "\u3164", "\uffa0"}
_ZWJ = "\u200d"
_BLACK_FLAG = "\U0001f3f4"
_TAGS = range(0xE0020, 0xE0080)
#: Where the marked code points live: the BMP and the few astral blocks with format characters
#: (Kaithi, Egyptian hieroglyph controls, shorthand controls, musical symbols, tags). Scanning
#: only these takes 10 ms; all of Unicode, 130 ms.
_BLOCKS = (
    range(0x10000),
    range(0x11000, 0x11100),
    range(0x13400, 0x13460),
    range(0x1BC00, 0x1BCB0),
    range(0x1D100, 0x1D200),
    range(0xE0000, 0xE0080),
)


@cache
def _invisible_class() -> re.Pattern[str]:
    """One character class with every marked code point (built on first use)."""
    ranges: list[tuple[int, int]] = []
    for code in (code for block in _BLOCKS for code in block):
        char = chr(code)
        marked = char in _BLANK_LETTERS or (
            char not in _KEEP and unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")
        )
        if not marked:
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    parts = "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )
    return re.compile(f"[{parts}]")


_MARKER = re.compile(r"⟨U\+([0-9A-F]{4,6})⟩")


def marker(char: str) -> str:
    """`⟨U+200B⟩` for one character."""
    return f"{MARK_OPEN}U+{ord(char):04X}{MARK_CLOSE}"


def _is_emoji(char: str) -> bool:
    return unicodedata.category(char) == "So" or ord(char) >= 0x1F000


def _part_of_emoji(text: str, position: int) -> bool:
    """Whether the character at `position` belongs to an emoji sequence (left unmarked)."""
    char = text[position]
    before = text[position - 1] if position > 0 else ""
    if char == _ZWJ:
        after = text[position + 1] if position + 1 < len(text) else ""
        # An emoji, possibly with a variation selector or skin tone, before; an emoji after.
        return (
            bool(before and after)
            and _is_emoji(after)
            and (_is_emoji(before) or before in "\ufe0f\ufe0e" or 0x1F3FB <= ord(before) <= 0x1F3FF)
        )
    if ord(char) in _TAGS:
        return before == _BLACK_FLAG or (bool(before) and ord(before) in _TAGS)
    if ord(char) == 0xE007F:  # cancel tag: ends a flag's tag sequence
        return bool(before) and ord(before) in _TAGS
    return False


def visible(text: str) -> str:
    """`text` with each invisible character replaced by its `⟨U+XXXX⟩` marker."""
    invisible = _invisible_class()
    if invisible.search(text) is None:
        return text  # the common case: one regex scan, no copy

    def replace(match: re.Match[str]) -> str:
        if _part_of_emoji(text, match.start()):
            return match.group()
        return marker(match.group())

    return invisible.sub(replace, text)


def unmark(text: str) -> str:
    """The reverse of `visible` (for copying a selection of marked text): markers to characters.

    Only markers of characters `visible` marks are turned back, so ordinary text that happens to
    read "⟨U+0041⟩" stays as it is.
    """

    def back(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if _invisible_class().fullmatch(char) else match.group()

    return _MARKER.sub(back, text)
