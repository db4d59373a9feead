"""The members of a large top-level array, validated a slice at a time.

msgspec decodes a whole document in one call and holds the GIL throughout: 280 ms for a 250 MB
result, a stall of the window's thread although the call runs on a worker thread. Here the array
is cut at top-level commas into slices of about `SLICE_BYTES`; each slice is checked by msgspec
on its own (as "[" + slice + "]"), so the GIL changes hands between slices. If every slice is a
non-empty list of JSON values, so is the whole array (the slices joined by the commas between
them), with the same members: nothing is taken on trust.

Where to cut is guessed from the document itself: the bytes between its first two members (such
as `},\\n{`). A guess that falls inside a member makes that slice fail to decode, and the next
place is tried; after `MAX_MISSES` misses the caller decodes the document in one call instead
(which also gives the exact place of a real error).

Only the slices' places and member counts are kept. A member's place is found when a row of its
slice is first asked for (decoding that slice again, a few milliseconds), so nothing holds a
second copy of the body.
"""

from __future__ import annotations

import re
import threading
from array import array
from bisect import bisect_right
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, overload

from vody_desktop.document.scanner import skip_ws

if TYPE_CHECKING:
    # msgspec (about 13 ms to import) is imported where it is used: the window's first paint
    # imports this module but decodes nothing (ui/mainwindow/later_parts.py).
    import msgspec

#: Arrays at least this large are checked in slices (msgspec holds the GIL ~1.1 ms per MB, so
#: smaller ones are decoded in one call: quicker, and still a short hold).
SLICED_MIN_BYTES = 32 << 20
SLICE_BYTES = 1 << 20
MAX_MISSES = 64
_TRAILING = "trailing characters (byte "
_OPENERS = frozenset(b"[{")
_CLOSERS = frozenset(b"]}")
_WHITESPACE = frozenset(b" \t\r\n")
#: What lies between two members: whitespace, the comma, whitespace.
_BETWEEN = re.compile(rb"[ \t\r\n]*,[ \t\r\n]*")
_OPEN, _CLOSE = ord("["), ord("]")


class _Buffers(threading.local):
    """Per thread, the buffer that holds a slice between brackets for msgspec, kept for the
    next slice. A new 1 MB bytes per slice was mapped and unmapped by glibc each time (blocks
    from 1 MiB up are, see allocator.py): 150 ms of page faults for a 250 MB document."""

    buffer = bytearray()


_buffers = _Buffers()


def _bracketed(text: memoryview) -> memoryview:
    """`text` between "[" and "]", in this thread's buffer (valid until its next call)."""
    size = len(text) + 2
    if len(_buffers.buffer) < size:
        _buffers.buffer = bytearray(max(size, SLICE_BYTES + SLICE_BYTES // 4))
    view = memoryview(_buffers.buffer)[:size]
    view[0] = _OPEN
    view[1 : size - 1] = text
    view[size - 1] = _CLOSE
    return view


class SlicedMembers:
    """The members of a top-level array as a read-only sequence of views, found on first use.

    `data` is the array's text, from "[" to "]". Indexing gives a member's bytes (a view of
    `data`); slicing gives a list of them.
    """

    __slots__ = ("_data", "_firsts", "_places", "_spans", "_total")

    def __init__(self, data: memoryview, spans: list[tuple[int, int]], counts: list[int]) -> None:
        self._data = data
        self._spans = spans  # each slice's text, without the commas that end it
        firsts = [0]
        for count in counts:
            firsts.append(firsts[-1] + count)
        self._total = firsts.pop()
        self._firsts = firsts
        # Per slice: start and end of each member (offsets into data), once a row was asked for.
        self._places: dict[int, array[int]] = {}

    def __len__(self) -> int:
        return self._total

    @overload
    def __getitem__(self, row: int) -> memoryview: ...
    @overload
    def __getitem__(self, row: slice) -> list[memoryview]: ...
    def __getitem__(self, row: int | slice) -> memoryview | list[memoryview]:
        if isinstance(row, slice):
            return [self._member(r) for r in range(*row.indices(self._total))]
        if not 0 <= row < self._total:
            raise IndexError(row)
        return self._member(row)

    def __iter__(self) -> Iterator[memoryview]:
        return (self._member(row) for row in range(self._total))

    def filled_containers(self, start: int, stop: int) -> list[bool]:
        """For members `start` to `stop`: is it a non-empty object or array? Makes no views
        (a view per member made this 5 times slower: 5 ms for the 5,000 rows of a scroll)."""
        data = self._data
        filled: list[bool] = []
        row = max(start, 0)
        stop = min(stop, self._total)
        while row < stop:
            number = bisect_right(self._firsts, row) - 1
            first = self._firsts[number]
            places = self._places.get(number)
            if places is None:
                places = self._places[number] = _places(data, *self._spans[number])
            last = min(stop, first + len(places) // 2)
            for at in range(2 * (row - first), 2 * (last - first), 2):
                begin, end = places[at], places[at + 1]
                filled.append(
                    end - begin > 2
                    and data[begin] in _OPENERS
                    and (data[begin + 1] not in _WHITESPACE or skip_ws(data, begin + 1) < end - 1)
                )
            row = last
        return filled

    def _member(self, row: int) -> memoryview:
        number = bisect_right(self._firsts, row) - 1
        places = self._places.get(number)
        if places is None:
            places = self._places[number] = _places(self._data, *self._spans[number])
        at = 2 * (row - self._firsts[number])
        return self._data[places[at] : places[at + 1]]


def sliced_members(view: memoryview) -> SlicedMembers | None:
    """The members of the array `view` ("[" to "]"), checked in slices; None when it is small,
    or no way to cut it was found (decode it whole instead)."""
    end = len(view)
    if end < SLICED_MIN_BYTES or view[0] != ord("[") or view[end - 1] != ord("]"):
        return None
    separator = _separator(view)
    if separator is None:
        return None
    find = re.compile(re.escape(separator)).search  # memoryviews have no find()
    comma_at = separator.index(b",")
    close = end - 1  # the closing bracket
    begin = 1
    search_from = begin + SLICE_BYTES
    spans: list[tuple[int, int]] = []
    counts: list[int] = []
    misses = 0
    while True:
        found = find(view, search_from, close) if close - search_from > SLICE_BYTES else None
        stop = close if found is None else found.start() + comma_at
        count = _count(view[begin:stop])
        if count == 0:
            misses += 1
            if found is None or misses > MAX_MISSES:
                return None
            search_from = found.start() + 1  # the guess fell inside a member: the slice grows
            continue
        spans.append((begin, stop))
        counts.append(count)
        if found is None:
            return SlicedMembers(view, spans, counts)
        begin = stop + 1
        search_from = begin + SLICE_BYTES


def _separator(body: memoryview) -> bytes | None:
    """The bytes from the end of the first member of the array `body` to the start of the
    second (such as `},\\n{`), when both are objects or arrays; None otherwise."""
    import msgspec

    first = skip_ws(body, 1)
    if body[first] not in _OPENERS:
        return None
    try:
        msgspec.json.decode(body[first:], type=msgspec.Raw)
    except msgspec.DecodeError as error:
        message = str(error)
        at = message.find(_TRAILING)
        if at < 0:
            return None
        # msgspec points just past the first extra character.
        comma = first + int(message[at + len(_TRAILING) :].rstrip(")")) - 1
    except RecursionError:
        return None
    else:
        return None  # one member only
    if body[comma] != ord(","):
        return None
    last = comma - 1
    while body[last] in b" \t\r\n":
        last -= 1
    second = skip_ws(body, comma + 1)
    if body[last] not in _CLOSERS or body[second] not in _OPENERS:
        return None
    return bytes(body[last : second + 1])


@cache
def _list_of_raw() -> msgspec.json.Decoder[list[msgspec.Raw]]:
    import msgspec

    return msgspec.json.Decoder(list[msgspec.Raw])


def _count(text: memoryview) -> int:
    """How many JSON values `text` holds as an array's members; 0 when it is not such a list."""
    import msgspec

    try:
        return len(_list_of_raw().decode(_bracketed(text)))
    except (msgspec.DecodeError, RecursionError):
        return 0


def _places(data: memoryview, start: int, stop: int) -> array[int]:
    """Start and end offsets of each member of the slice `data[start:stop]` (valid already)."""
    members = _list_of_raw().decode(_bracketed(data[start:stop]))  # read before the next slice
    places: array[int] = array("q")
    pos = skip_ws(data, start)
    between = _BETWEEN.match
    for member in members:
        end = pos + len(member)
        places.append(pos)
        places.append(end)
        found = between(data, end)  # one match per member: the places of 3,000 in 1.5 ms
        pos = found.end() if found is not None else end  # None after the last member
    return places
