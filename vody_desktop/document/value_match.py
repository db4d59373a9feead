"""Exact matching of decoded keys and values, for find (see document/search.py).

`ValueMatcher.walk` decodes one small subtree and lists the row paths of the nodes whose key or
value matches: strings after JSON escapes, numbers as their source text ("1.50" stays "1.50"),
true/false/null as written. Values too deep to decode are walked token by token instead.
"""

from __future__ import annotations

import json
import re
from typing import Any

import msgspec

from vody_desktop.document.scanner import LOOSE_TOKEN

RowPath = tuple[int, ...]

_QUOTE = ord('"')
_LITERALS = {True: "true", False: "false", None: "null"}


class ValueMatcher:
    """Checks decoded keys and values of small subtrees against the pattern."""

    def __init__(self, pattern: re.Pattern[str], *, needs_number_text: bool) -> None:
        self._search = pattern.search
        self._needs_number_text = needs_number_text
        self._literal_hits = {
            value: bool(pattern.search(text)) for value, text in _LITERALS.items()
        }
        self._decoder = msgspec.json.Decoder()

    def text(self, text: str) -> bool:
        return self._search(text) is not None

    def scalar(self, view: memoryview) -> bool:
        if view[0] == _QUOTE:
            return self.text(msgspec.json.decode(view, type=str))
        return self.text(bytes(view).decode("ascii"))

    def walk(self, view: memoryview, path: RowPath, out: list[RowPath], *, skip_self: bool) -> None:
        """Append the row paths of matching nodes in the value at `view` (row path `path`)."""
        try:
            if self._needs_number_text:
                value = json.loads(bytes(view), parse_float=_NumberText, parse_int=_NumberText)
            else:
                value = self._decoder.decode(view)
            found: list[RowPath] = []
            self._walk(value, list(path), found)
        except (RecursionError, msgspec.DecodeError, ValueError):
            # Too deep to decode (or a number beyond float range): the slow, exact token walk.
            found = []
            _walk_tokens(view, path, self, found)
        if skip_self and found and found[0] == path:
            found = found[1:]
        out.extend(found)

    def _walk(self, value: Any, rows: list[int], out: list[RowPath]) -> None:
        kind = type(value)
        if kind is dict:
            search = self._search
            depth = len(rows)
            rows.append(0)
            for row, (key, child) in enumerate(value.items()):
                rows[depth] = row
                if search(key) is not None:
                    out.append(tuple(rows))
                    if type(child) in (dict, list):
                        self._walk(child, rows, out)
                else:
                    self._walk(child, rows, out)
            rows.pop()
        elif kind is list:
            depth = len(rows)
            rows.append(0)
            for row, child in enumerate(value):
                rows[depth] = row
                self._walk(child, rows, out)
            rows.pop()
        elif kind is str or kind is _NumberText:
            if self._search(value) is not None:
                out.append(tuple(rows))
        elif (kind is bool or value is None) and self._literal_hits[value]:
            out.append(tuple(rows))


class _NumberText(str):
    """A number kept as its source text (json.loads hook), so "1.50" matches "1.50"."""

    __slots__ = ()


def _walk_tokens(
    view: memoryview, path: RowPath, matcher: ValueMatcher, out: list[RowPath]
) -> None:
    """The walk for values too deep to decode: one token at a time, with an explicit stack.

    Duplicate keys keep the first key's row, like the tree (a value overridden by a later
    duplicate may then report a match the tree no longer shows).
    """
    rows = list(path)
    # Per open container: is it an object, the next row, and the rows of its keys so far.
    stack: list[tuple[bool, list[int], dict[str, int]]] = []
    expect_key = False
    for match in LOOSE_TOKEN.finditer(view):
        token = match.group(match.lastindex or 0)
        first = token[0]
        if first == _QUOTE and expect_key:
            expect_key = False
            key = msgspec.json.decode(token, type=str)
            _, counter, seen = stack[-1]
            row = seen.setdefault(key, counter[0])
            if row == counter[0]:
                counter[0] += 1
            rows[-1] = row
            if matcher.text(key):
                out.append(tuple(rows))
            continue
        if first in b"[{":
            if stack and not stack[-1][0]:
                rows[-1] = stack[-1][1][0]
                stack[-1][1][0] += 1
            stack.append((first == ord("{"), [0], {}))
            rows.append(0)
            expect_key = first == ord("{")
            continue
        if first in b"]}":
            stack.pop()
            rows.pop()
            continue
        if first == ord(","):
            expect_key = bool(stack) and stack[-1][0]
            continue
        if first == ord(":"):
            continue
        if stack and not stack[-1][0]:
            rows[-1] = stack[-1][1][0]
            stack[-1][1][0] += 1
        text = msgspec.json.decode(token, type=str) if first == _QUOTE else token.decode()
        if matcher.text(text) and (not out or out[-1] != tuple(rows)):
            out.append(tuple(rows))
