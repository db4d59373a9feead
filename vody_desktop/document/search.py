"""Find text in the keys and values of a JSON document, fast on 25 MB and without Qt.

A match is a node (one row of the tree) whose key or value contains the pattern; it is given as
its row path, the row numbers from the top (`(3, 5, 0)` is row 0 of row 5 of row 3), which the
window turns into a node with `JsonNode.child` and into a tree index with the model.

How it stays fast: the raw bytes are searched first, with `bytes.find` on a lower-cased copy (or
a bytes regex), to find the few top-level items that can hold a match at all; only those are
decoded and checked exactly, value by value, on the decoded text. So numbers are matched on
their source text, strings on their text after JSON escapes. The raw search is a pre-filter that
never misses: an item containing a backslash (an escape: its raw bytes differ from its text) is
always checked exactly, and so are items with non-ASCII text when the pattern's case folding
could reach past ASCII ("k" also matches the Kelvin sign). Containers larger than `SPLIT_BYTES`
are split into their members, so no single step holds the GIL long and the first match of a
25 MB document is found in milliseconds.

`DocumentSearch.run` is a generator meant for a worker thread: it yields after every small piece
of work, so the caller can stop it, report progress and hand the GIL back to the UI thread.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import accumulate

import msgspec

from vody_desktop.document.scanner import STRING, skip_ws
from vody_desktop.document.search_options import SearchOptions
from vody_desktop.document.value_match import RowPath, ValueMatcher
from vody_desktop.errors import UserFacingError

__all__ = [
    "DocumentSearch",
    "RowPath",
    "SearchOptions",
    "SearchPatternError",
    "SearchProgress",
    "compile_pattern",
]

#: Containers larger than this are split into their members instead of decoded at once.
SPLIT_BYTES = 128 * 1024
#: The raw pre-filter looks at most this far per call (bounds how long one call holds the GIL).
FIND_WINDOW = 2 * 1024 * 1024
#: Lower-casing the document for case-insensitive search happens this many bytes per step.
LOWER_SLICE = 1024 * 1024
LOWER_OVERLAP = 256
#: Array items checked per step when verifying that their separators are all the same.
VERIFY_BATCH = 4096

_OPENERS = frozenset(b"[{")
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_ANCHORS_OR_LOOKAROUND = re.compile(r"\^|\$|\\[AZbB]|\(\?<?[=!]")
_NUMBER_CHARS = frozenset("0123456789+-.e")
# ASCII letters whose case-insensitive match includes non-ASCII letters (e.g. "k" and U+212A).
_WIDE_FOLDING = frozenset("iks")


class SearchPatternError(UserFacingError):
    """The text in the find field is not a usable search (a broken regular expression)."""

    title = "This search pattern can't be used"
    advice = "Check the pattern, or untick “Regular expression” to search for the text as typed."


def compile_pattern(options: SearchOptions) -> re.Pattern[str]:
    """The pattern matched against decoded keys and values; SearchPatternError if unusable."""
    source = options.text if options.regex else re.escape(options.text)
    if options.whole_word:
        source = rf"(?<!\w)(?:{source})(?!\w)"
    flags = 0 if options.case_sensitive else re.IGNORECASE
    try:
        pattern = re.compile(source, flags)
    except re.error as error:
        where = f" (at character {error.pos + 1})" if error.pos is not None else ""
        raise SearchPatternError(
            detail=f"Regular expression error: {error.msg}{where}: {options.text}"
        ) from None
    if pattern.search("") is not None:
        raise SearchPatternError(
            "This pattern matches empty text",
            "It would match every value. Make the pattern ask for at least one character.",
            f"Pattern: {options.text}",
        )
    return pattern


@dataclass(frozen=True, slots=True)
class SearchProgress:
    """One step of a search: matches found in it (in document order) and bytes covered."""

    matches: list[RowPath]
    done_bytes: int


class DocumentSearch:
    """Searches one document; keeps what can be reused between searches (lower-cased bytes).

    Cheap to create (no copies). Run one search at a time (the window stops the old one
    before starting a new one); `prepare` may run on another thread meanwhile.
    """

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.view = memoryview(data)
        self.start, self.end = _value_span(self.view)
        self.size = len(data)
        # Lower-cased blocks of the document (for case-insensitive finding), made on demand.
        self._lowered: dict[int, bytes] = {}
        self._is_ascii: bool | None = None
        self._has_backslash = False
        # Member spans of the large containers, by start offset: the same for every search.
        self._spans: dict[int, _Spans | None] = {}
        self._spans_lock = threading.Lock()

    def prepare(self) -> None:
        """Do now, e.g. while the person types, what the first search would do first: check
        the text for escapes and split the top level. Safe beside a running search."""
        for _ in self._prepare(SearchOptions("x", case_sensitive=True)):
            pass
        if self.start < self.end and self.view[self.start] in _OPENERS:
            self._frame((), self.start, self.end)

    # -- the whole search ----------------------------------------------------------------
    def run(self, options: SearchOptions) -> Iterator[SearchProgress]:
        """Yield progress (with matches in document order) until the document is covered."""
        pattern = compile_pattern(options)
        if self.start >= self.end:
            return
        yield from self._prepare(options)
        finder = self._finder(options, pattern)
        matcher = ValueMatcher(pattern, needs_number_text=_may_match_numbers(options))
        view = self.view
        if view[self.start] not in _OPENERS:
            found = finder(self.start, self.end) < self.end and matcher.scalar(
                view[self.start : self.end]
            )
            yield SearchProgress([()] if found else [], self.end)
            return
        root = self._frame((), self.start, self.end)
        if root is None:
            matches: list[RowPath] = []
            matcher.walk(view[self.start : self.end], (), matches, skip_self=False)
            yield SearchProgress(matches, self.end)
            return
        frames = [root]
        while frames:
            frame = frames[-1]
            starts, ends, keys = frame.starts, frame.ends, frame.keys
            row = frame.row
            if row >= len(starts):
                frames.pop()
                continue
            matches = []
            if keys is None:
                # An array: skip straight to the next member whose bytes can hold a match,
                # looking about FIND_WINDOW bytes ahead per step, to the end of a member.
                last = max(row, bisect_right(starts, starts[row] + FIND_WINDOW) - 1)
                hit = finder(starts[row], ends[last])
                if hit >= ends[last]:
                    frame.row = last + 1
                    yield SearchProgress(matches, ends[last])
                    continue
                row = max(row, bisect_right(starts, hit) - 1)
                if hit >= ends[row]:  # between members: no value there
                    frame.row = row + 1
                    yield SearchProgress(matches, ends[row])
                    continue
            frame.row = row + 1
            start, end = starts[row], ends[row]
            path = (*frame.path, row)
            key_hit = keys is not None and matcher.text(keys[row])
            if key_hit:
                matches.append(path)
            if view[start] in _OPENERS and end - start > SPLIT_BYTES:
                child = self._frame(path, start, end)
                if child is not None:
                    frames.append(child)
                    yield SearchProgress(matches, start)
                    continue
            elif keys is not None and finder(start, end) >= end:
                yield SearchProgress(matches, end)
                continue
            matcher.walk(view[start:end], path, matches, skip_self=key_hit)
            yield SearchProgress(matches, end)

    # -- preparation ---------------------------------------------------------------------
    def _prepare(self, options: SearchOptions) -> Iterator[SearchProgress]:
        if self._is_ascii is None:
            self._is_ascii = self.data.isascii()
            self._has_backslash = b"\\" in self.data
            yield SearchProgress([], 0)

    def _finder(self, options: SearchOptions, pattern: re.Pattern[str]) -> _Finder:
        """A function giving the first offset in [start, end) where a match may begin (or end).

        A match found in decoded text always starts at such an offset; most offsets it gives
        are real matches, and the exact check on the decoded value settles the rest.
        """
        finders: list[_Finder] = []
        if self._has_backslash:
            finders.append(_bytes_finder(self.data, b"\\"))
        text = options.text
        if options.regex:
            source = pattern.pattern
            if not source.isascii() or _ANCHORS_OR_LOOKAROUND.search(text):
                return _everywhere
            raw = re.compile(source.encode("ascii"), pattern.flags & re.IGNORECASE)
            finders.append(_regex_finder(self.view, raw))
            if not self._is_ascii:
                finders.append(_regex_finder(self.view, _NON_ASCII))
        elif not text.isascii():
            if not options.case_sensitive:
                return _everywhere  # non-ASCII case folding is checked on the text only
            finders.append(_bytes_finder(self.data, text.encode("utf-8")))
        elif options.case_sensitive:
            finders.append(_bytes_finder(self.data, text.encode("ascii")))
        else:
            finders.append(self._lowered_finder(text.lower().encode("ascii")))
            if not self._is_ascii and _WIDE_FOLDING & set(text.lower()):
                finders.append(_regex_finder(self.view, _NON_ASCII))
        if len(finders) == 1:
            return finders[0]
        return lambda start, end: min(find(start, end) for find in finders)

    def _lowered_finder(self, needle: bytes) -> _Finder:
        """Case-insensitive find of an ASCII needle in lower-cased blocks of the document.

        A block is lower-cased the first time it is searched (so the first match does not wait
        for the whole document) and kept for later searches. Each block carries the first
        bytes of the next, so a needle starting near its end is still found whole.
        """
        if len(needle) > LOWER_OVERLAP:
            lowered = self.data.lower()
            return _bytes_finder(lowered, needle)
        blocks, data = self._lowered, self.data

        def finder(start: int, end: int) -> int:
            pos = start
            while pos < end:
                number = pos // LOWER_SLICE
                base = number * LOWER_SLICE
                block = blocks.get(number)
                if block is None:
                    block = blocks[number] = data[base : base + LOWER_SLICE + LOWER_OVERLAP].lower()
                stop = min(end, base + LOWER_SLICE)
                hit = block.find(needle, pos - base, min(end, stop + len(needle) - 1) - base)
                if hit >= 0:
                    return base + hit
                pos = stop
            return end

        return _remembering(finder)

    def _frame(self, path: RowPath, start: int, end: int) -> _Frame | None:
        """The container at [start, end) split into its members; None if it can't be split."""
        with self._spans_lock:  # `prepare` on another thread may be splitting the same
            if start not in self._spans:
                spans = _member_spans(self.data, start, end)
                if spans is not None:
                    keys, starts, ends = spans
                    spans = keys, [start + s for s in starts], [start + e for e in ends]
                self._spans[start] = spans
        found = self._spans[start]
        return None if found is None else _Frame(path, *found)


_Finder = Callable[[int, int], int]


def _everywhere(start: int, _end: int) -> int:
    return start


def _bytes_finder(haystack: bytes, needle: bytes) -> _Finder:
    find = haystack.find
    return _remembering(lambda start, end: _or_end(find(needle, start, end), end))


def _regex_finder(view: memoryview, raw: re.Pattern[bytes]) -> _Finder:
    def finder(start: int, end: int) -> int:
        found = raw.search(view, start, end)
        return end if found is None else found.start()

    return _remembering(finder)


def _or_end(hit: int, end: int) -> int:
    return end if hit < 0 else hit


def _remembering(finder: _Finder) -> _Finder:
    """Reuse the last answer while it still holds: after a hit far ahead, the calls for the
    members before it cost nothing (matters when two finders take turns)."""
    last = [-1, -1, -1]  # searched from, searched to, answer

    def remembering(start: int, end: int) -> int:
        began, to, answer = last
        if began <= start:
            if answer < to and start <= answer:
                return answer if answer < end else end
            if answer >= to and end <= to:
                return end
        answer = finder(start, end)
        last[:] = [start, end, answer]
        return answer

    return remembering


@dataclass(slots=True)
class _Frame:
    path: RowPath
    keys: list[str] | None
    starts: list[int]
    ends: list[int]
    row: int = 0


_Spans = tuple[list[str] | None, list[int], list[int]]


def _member_spans(data: bytes, begin: int, end: int) -> _Spans | None:
    """Keys (None for an array) and the start/end offsets of each member of a container.

    msgspec decodes the level as raw slices; their offsets follow from their lengths and the
    separators between them. None when the level can't be split this way: deeper than msgspec
    goes, or an object whose source has duplicate keys (which the decoded dict merges).
    Offsets are relative to `begin`.
    """
    view = memoryview(data)[begin:end]
    try:
        if view[0] == ord("["):
            values: list[msgspec.Raw] = msgspec.json.decode(view, type=list[msgspec.Raw])
            keys: list[str] | None = None
        else:
            members = msgspec.json.decode(view, type=dict[str, msgspec.Raw])
            keys, values = list(members), list(members.values())
    except RecursionError:
        return None
    if keys is None:
        uniform = _uniform_spans(data, begin, view, values)
        if uniform is not None:
            return None, *uniform
    starts: list[int] = []
    ends: list[int] = []
    ws = skip_ws
    pos = ws(view, 1)
    for index, value in enumerate(values):
        if keys is not None:
            found = STRING.match(view, pos)
            if found is None or msgspec.json.decode(found.group(), type=str) != keys[index]:
                return None
            pos = ws(view, ws(view, found.end()) + 1)
        starts.append(pos)
        pos += len(value)
        ends.append(pos)
        pos = ws(view, ws(view, pos) + 1)
    if pos < len(view):  # members left over: duplicate keys
        return None
    return keys, starts, ends


def _uniform_spans(
    data: bytes, begin: int, view: memoryview, values: list[msgspec.Raw]
) -> tuple[list[int], list[int]] | None:
    """Spans of array items that all sit behind the same separator (",\n" in most results):
    verified at C speed by rebuilding the array's text; None when the separators differ."""
    if len(values) < 2:
        return None
    lengths = [len(value) for value in values]
    first = skip_ws(view, 1)
    second = skip_ws(view, skip_ws(view, first + lengths[0]) + 1)
    separator = bytes(view[first + lengths[0] : second])
    last_end = first + sum(lengths) + len(separator) * (len(values) - 1)
    if last_end > len(view) or skip_ws(view, last_end) != len(view) - 1:
        return None
    # Rebuild and compare a few thousand items at a time (memcmp, no copy of the document;
    # one join of 25 MB would hold the GIL for 20 ms).
    position = begin + first
    for batch in range(0, len(values), VERIFY_BATCH):
        piece = separator.join(values[batch : batch + VERIFY_BATCH])
        if batch + VERIFY_BATCH < len(values):
            piece += separator
        if not data.startswith(piece, position):
            return None
        position += len(piece)
    step = len(separator)
    starts = list(accumulate((length + step for length in lengths[:-1]), initial=first))
    ends = [start + length for start, length in zip(starts, lengths, strict=True)]
    return starts, ends


def _may_match_numbers(options: SearchOptions) -> bool:
    if options.regex:
        return True
    return bool(options.text) and set(options.text.lower()) <= _NUMBER_CHARS


def _value_span(view: memoryview) -> tuple[int, int]:
    """Where the value starts and ends, without a byte order mark and surrounding whitespace."""
    start = skip_ws(view, 3 if bytes(view[:3]) == b"\xef\xbb\xbf" else 0)
    end = len(view)
    while end > start and view[end - 1] in b" \t\r\n":
        end -= 1
    return start, end
