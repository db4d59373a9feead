"""Checking a large result while it arrives: its UTF-8 and the slices of its top-level array.

A 250 MB result used to be checked only after its last byte: 245 ms of a worker's time between
the last byte and the tree. A `BodyPrecheck` takes each piece as the client receives it (it is
the client's `BodyWatcher`, api/client.py) and hands it to a worker thread, which checks the
UTF-8 and cuts and checks the array's slices as slices.py does for a whole document; by the last
byte only the last slice is left. `JsonDocument.parse(data, prechecked)` takes the outcome and
skips what it covers. The work is the same (it holds the GIL as long), but it is done while the
window's thread waits for the network: measured on the 250 MB result, fetch to tree went from
about 1.9 s to 1.0 s on a busy machine; on an idle one, where loopback delivers faster than the
window's thread takes it, the two ways take about as long.

Nothing is taken on trust: every byte goes through the same decoders, on a copy of the very
pieces the body is made of, and the parse still checks that the outcome describes its bytes
(size, start, end). Whenever the check can't go on (not a large array, no place to cut, bytes
that are not UTF-8, a slice that does not decode, a worker that falls too far behind) it gives
up, and the parse does its whole work, so errors keep their exact place and wording.
"""

from __future__ import annotations

import codecs
import queue
import re
import threading
from dataclasses import dataclass
from typing import Final

from vody_desktop.document import slices
from vody_desktop.document.scanner import skip_ws

_BOM: Final = codecs.BOM_UTF8
#: Pieces waiting for the worker: beyond this it gives up rather than hold a second body.
MAX_BACKLOG_BYTES: Final = 64 << 20
#: Give up finding where the first two members meet after this many bytes.
MAX_FIRST_MEMBER_BYTES: Final = 4 << 20
#: The worker's buffer: a few slices, so it is compacted about once per 6 MB.
BUFFER_BYTES: Final = 8 << 20
_UTF8_CHUNK: Final = 16 << 10  # as json_document._check_utf8: small str pieces, thrown away
_WHITESPACE: Final = frozenset(b" \t\r\n")
_CLOSE: Final = ord("]")


@dataclass(frozen=True)
class Prechecked:
    """A body of `size` bytes, all UTF-8, holding one array from `start` ("[") to its "]", whose
    slices `spans` (offsets from `start`, without the commas between them) hold `counts`
    members each, every slice checked by msgspec."""

    size: int
    start: int
    spans: list[tuple[int, int]]
    counts: list[int]

    def describes(self, size: int, start: int, end: int) -> bool:
        """Whether this is the outcome for a body of `size` bytes whose JSON text runs from
        `start` to `end` (the closing bracket is at `end - 1`)."""
        return (
            self.size == size
            and self.start == start
            and bool(self.spans)
            and self.spans[-1][1] == end - 1 - start
            and end - start >= slices.SLICED_MIN_BYTES
        )


class _Cutter:
    """Fed a body's pieces in order (one thread); checks them and cuts the array's slices."""

    def __init__(self) -> None:
        self._utf8 = codecs.getincrementaldecoder("utf-8")("strict")
        # The bytes from the next slice's start on, in one buffer reused from slice to slice:
        # a buffer of 1 MB or more made anew is mapped and faulted in by glibc each time
        # (see allocator.py and slices._Buffers).
        self._buffer = bytearray(BUFFER_BYTES)
        self._used = 0
        self._offset = 0  # where _buffer starts in the body
        self._size = 0
        self._start = -1  # where the array's "[" is, once known
        self._separator = b""
        self._find: re.Pattern[bytes] | None = None
        self._begin = 0  # where the next slice starts
        self._search_from = 0
        self._misses = 0
        self._spans: list[tuple[int, int]] = []
        self._counts: list[int] = []
        self.failed = False

    def feed(self, piece: bytes) -> None:
        if self.failed:
            return
        self._check_utf8(piece, final=False)
        self._append(piece)
        if not self.failed and (self._find is not None or self._find_separator()):
            self._cut_received()

    def finish(self) -> Prechecked | None:
        """The outcome once every piece was fed; None when the check gave up."""
        self._check_utf8(b"", final=True)
        if self.failed or self._find is None:
            return None
        buffer = self._buffer
        end = self._used
        while end and buffer[end - 1] in _WHITESPACE:
            end -= 1
        if not end or buffer[end - 1] != _CLOSE:
            return None
        if not self._cut_to(self._offset + end - 1):
            return None
        return Prechecked(self._size, self._start, self._spans, self._counts)

    def _append(self, piece: bytes) -> None:
        size = len(piece)
        if self._used + size > len(self._buffer):
            kept = self._used - (self._begin - self._offset)
            if kept + size > len(self._buffer):  # a slice longer than the buffer (rare)
                larger = bytearray(2 * (kept + size))
                larger[:kept] = memoryview(self._buffer)[self._used - kept : self._used]
                self._buffer = larger
            else:  # same length: no resize, so no view of the buffer is in the way
                self._buffer[:kept] = self._buffer[self._used - kept : self._used]
            self._offset = self._begin
            self._used = kept
        self._buffer[self._used : self._used + size] = piece
        self._used += size
        self._size += size

    def _check_utf8(self, piece: bytes, *, final: bool) -> None:
        decoder = self._utf8
        if piece.isascii() and not final and not decoder.getstate()[0]:
            return  # most results: nothing to decode
        try:
            for at in range(0, len(piece), _UTF8_CHUNK):
                decoder.decode(piece[at : at + _UTF8_CHUNK])
            if final:
                decoder.decode(b"", True)
        except UnicodeDecodeError:
            self.failed = True

    def _find_separator(self) -> bool:
        """Where the array starts and what lies between its members, once received."""
        received = memoryview(self._buffer)[: self._used]  # the body from its first byte
        if self._start < 0:
            if self._used < len(_BOM):
                return False
            first = skip_ws(received, len(_BOM) if self._buffer.startswith(_BOM) else 0)
            if first == self._used:
                return False
            if received[first] != ord("["):
                self.failed = True  # not an array: parsed whole
                return False
            self._start = first
        try:
            separator = slices.find_separator(received[self._start :])
        except IndexError:  # the second member has not started yet
            separator = None
        if separator is None:
            if self._used > MAX_FIRST_MEMBER_BYTES:
                self.failed = True
            return False
        self._separator = separator
        self._find = re.compile(re.escape(separator))
        self._begin = self._start + 1
        self._search_from = self._begin + slices.SLICE_BYTES
        return True

    def _cut_received(self) -> None:
        """Cut and check the slices that have arrived whole."""
        while not self.failed:
            found = self._next_separator(self._used)
            if found is None:
                # Nothing more to cut yet: next time, look only at what is new.
                tail = self._offset + self._used - len(self._separator) + 1
                self._search_from = max(self._search_from, tail)
                return
            self._take(found)

    def _cut_to(self, close: int) -> bool:
        """Cut and check the rest, up to the closing bracket at `close`, as
        slices.sliced_members does; False when a slice failed."""
        while not self.failed:
            found = None
            if close - self._search_from > slices.SLICE_BYTES:
                found = self._next_separator(close - self._offset)
            if found is None:
                return self._take_last(close)
            self._take(found)
        return False

    def _next_separator(self, until: int) -> int | None:
        """Where the next separator from `_search_from` on starts (before `until` in the
        buffer), as an offset into the body."""
        assert self._find is not None
        start = max(self._search_from - self._offset, 0)
        found = self._find.search(self._buffer, start, until)
        return None if found is None else self._offset + found.start()

    def _take(self, separator_at: int) -> None:
        """Cut the next slice at the separator at `separator_at`, if that makes a list."""
        stop = separator_at + self._separator.index(b",")
        count = self._count(stop)
        if count == 0:  # the guess fell inside a member: the slice grows
            self._misses += 1
            self.failed = self._misses > slices.MAX_MISSES
            self._search_from = separator_at + 1
            return
        self._spans.append((self._begin - self._start, stop - self._start))
        self._counts.append(count)
        self._begin = stop + 1
        self._search_from = self._begin + slices.SLICE_BYTES

    def _take_last(self, close: int) -> bool:
        count = self._count(close)
        if count == 0:
            self.failed = True
            return False
        self._spans.append((self._begin - self._start, close - self._start))
        self._counts.append(count)
        return True

    def _count(self, stop: int) -> int:
        """The members from the next slice's start to `stop` (0: not a list of values)."""
        with memoryview(self._buffer) as buffer:
            return slices.count_members(buffer[self._begin - self._offset : stop - self._offset])


class BodyPrecheck:
    """Watches a results body while it arrives and checks it on a worker thread.

    One per results request: `begin` (again for a retried request) starts over. The receiving
    thread only queues pieces; `result()` (on a worker: it waits) ends the check; `close()`
    stops it at any time without waiting.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pieces: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._outcome: Prechecked | None = None
        self._backlog = 0  # bytes queued and not yet taken by the worker
        self._watching = False

    def begin(self, declared_bytes: int | None) -> None:
        """A body starts; `declared_bytes` is its size if the server said (Content-Length)."""
        self.close()
        # Smaller bodies are not sliced, so checking them early would only do the work twice.
        if declared_bytes is not None and declared_bytes < slices.SLICED_MIN_BYTES:
            return
        with self._lock:
            self._pieces = queue.SimpleQueue()
            self._backlog = 0
            self._outcome = None
            self._watching = True
            self._thread = threading.Thread(
                target=self._run, args=(self._pieces,), name="vody-precheck", daemon=True
            )
        self._thread.start()

    def piece(self, data: bytes) -> None:
        """The next piece of the body (called by the receiving thread: it only queues it)."""
        with self._lock:
            if not self._watching:
                return
            self._backlog += len(data)
            if self._backlog > MAX_BACKLOG_BYTES:
                self._stop()  # the worker fell behind: don't hold a second body
                return
            self._pieces.put(data)

    def result(self) -> Prechecked | None:
        """Wait for the check to end: its outcome, or None if it gave up or never ran."""
        with self._lock:
            thread, watching = self._thread, self._watching
            self._thread = None
            if watching:
                self._pieces.put(None)
        if thread is None or not watching:
            return None
        thread.join()
        return self._outcome

    def close(self) -> None:
        """Stop checking (an error, a cancel, a body no longer needed); does not wait."""
        with self._lock:
            self._stop()
            self._thread = None

    def _stop(self) -> None:
        if self._watching:
            self._watching = False
            self._pieces.put(None)

    def _run(self, pieces: queue.SimpleQueue[bytes | None]) -> None:
        cutter = _Cutter()
        while (piece := pieces.get()) is not None:
            with self._lock:
                self._backlog -= len(piece)
            cutter.feed(piece)
            del piece
            if cutter.failed:
                self._give_up(pieces)
                return
        outcome = cutter.finish()
        with self._lock:
            if self._watching and pieces is self._pieces:
                self._outcome = outcome

    def _give_up(self, pieces: queue.SimpleQueue[bytes | None]) -> None:
        """The check can't go on: stop the queueing and free what is queued."""
        with self._lock:
            if pieces is self._pieces:
                self._watching = False
            while not pieces.empty():
                pieces.get_nowait()
