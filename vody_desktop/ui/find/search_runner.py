"""`SearchRunner`: runs a `DocumentSearch` on a worker thread and hands matches to the UI thread.

The search is a generator of small steps (see document/search.py). The worker pulls steps and
sends what it found to the UI thread through a queued Qt signal: the first match at once, then
at most every `DELIVER_EVERY_S`, then the end. Between steps it pauses briefly every few
milliseconds, so the UI thread gets the GIL whenever it needs it (a thread that only computes
makes the UI thread wait up to the 5 ms switch interval for each call into Python, and painting
makes hundreds of those). A new search or `cancel()` stops the old one at its next step; its
late deliveries are ignored by their generation number.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from vody_desktop.document.search import DocumentSearch, RowPath, SearchOptions
from vody_desktop.errors import UserFacingError

DELIVER_EVERY_S = 0.03
#: Matches beyond this many are counted but not kept (a million row paths would make every
#: garbage collection on the UI thread slow, and nobody steps through them one by one).
MAX_KEPT_MATCHES = 100_000
#: The worker computes at most this long before pausing for the UI thread...
WORK_SLICE_S = 0.003
#: ...and pauses this long.
PAUSE_S = 0.0005


@dataclass(slots=True)
class SearchUpdate:
    """What the worker found since its last update."""

    generation: int
    matches: list[RowPath] = field(default_factory=list)
    #: Matches found in this update, kept or not.
    count: int = 0
    done_bytes: int = 0
    finished: bool = False
    error: UserFacingError | None = None


class SearchRunner(QObject):
    """One search at a time; signals arrive on the UI thread."""

    #: New matches (in document order, after those already sent) of the current search, and
    #: how many were found in all with them (more than the list once MAX_KEPT_MATCHES is hit).
    matchesFound = Signal(list, int)
    #: Fraction of the document covered so far (0..1).
    progressed = Signal(float)
    #: The current search covered the whole document.
    searchFinished = Signal()
    #: The current search could not start (a bad pattern); carries the UserFacingError.
    searchFailed = Signal(object)
    _delivered = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._size = 1
        self.running = False
        self._delivered.connect(self._on_delivered)

    def start(self, search: DocumentSearch, options: SearchOptions) -> None:
        """Stop any running search and start this one."""
        self.cancel()
        self._generation += 1
        self._stop = threading.Event()
        self._size = max(1, search.size)
        self.running = True
        self._thread = threading.Thread(
            target=self._work,
            args=(search, options, self._generation, self._stop),
            name="vody-search",
            daemon=True,
        )
        self._thread.start()

    def prepare(self, search: DocumentSearch) -> None:
        """Get `search` ready for a first search, on a worker thread (see DocumentSearch)."""
        threading.Thread(target=search.prepare, name="vody-search-prepare", daemon=True).start()

    def cancel(self) -> None:
        """Stop the running search (if any); nothing more arrives from it."""
        self._stop.set()
        self._generation += 1
        self.running = False

    def wait(self, timeout: float = 2.0) -> None:
        """Wait for the worker thread to end (after `cancel`), for an orderly shutdown."""
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    # -- worker thread -------------------------------------------------------------------
    def _work(
        self,
        search: DocumentSearch,
        options: SearchOptions,
        generation: int,
        stop: threading.Event,
    ) -> None:
        update = SearchUpdate(generation)
        last_sent = time.perf_counter()
        slice_start = last_sent
        sent_any = False
        kept = 0
        try:
            for step in search.run(options):
                if stop.is_set():
                    return
                if step.matches:
                    update.count += len(step.matches)
                    if kept < MAX_KEPT_MATCHES:
                        room = step.matches[: MAX_KEPT_MATCHES - kept]
                        update.matches.extend(room)
                        kept += len(room)
                update.done_bytes = max(update.done_bytes, step.done_bytes)
                now = time.perf_counter()
                if (update.count and not sent_any) or now - last_sent >= DELIVER_EVERY_S:
                    sent_any = sent_any or bool(update.count)
                    self._delivered.emit(update)
                    update = SearchUpdate(generation, done_bytes=update.done_bytes)
                    last_sent = now
                if now - slice_start >= WORK_SLICE_S:
                    time.sleep(PAUSE_S)
                    slice_start = time.perf_counter()
        except UserFacingError as error:
            update.error = error
        update.finished = True
        if not stop.is_set():
            self._delivered.emit(update)

    # -- UI thread -----------------------------------------------------------------------
    def _on_delivered(self, update: SearchUpdate) -> None:
        if update.generation != self._generation:
            return  # from a search that was replaced or cancelled
        if update.error is not None:
            self.running = False
            self.searchFailed.emit(update.error)
            return
        if update.count:
            self.matchesFound.emit(update.matches, update.count)
        self.progressed.emit(min(1.0, update.done_bytes / self._size))
        if update.finished:
            self.running = False
            self.searchFinished.emit()
