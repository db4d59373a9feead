"""`BodyBuffer`: a response body received into one buffer and handed over as bytes, no copy.

Both ways end with `BytesIO.getvalue()`, which returns the buffer itself when nothing else
views it:
- size unknown (no Content-Length, or a body to unpack): `BytesIO.write()`, which grows by
  realloc; glibc moves a mapped block's pages without copying them;
- size declared: a buffer of that size, mapped but not touched yet (`bytes(n)` is calloc'd),
  written through a view. Its pages are faulted in ahead of the writes by a helper thread
  (madvise MADV_POPULATE_WRITE, Linux 5.14 and later), which holds no GIL: faulting 250 MB in
  page by page as the writes reach them cost the window's thread about 100 ms. The contents are
  never touched by the helper; where the call is missing it does nothing.
"""

from __future__ import annotations

import ctypes
import functools
import io
import mmap
import sys
import threading
from collections.abc import Callable
from typing import Final, cast

#: Smaller bodies are written into a growing buffer: the helper would not pay for itself.
PREFAULT_MIN_BYTES: Final = 8 << 20
#: Pages are asked for in steps, from the start, so the first ones are ready soonest...
PREFAULT_STEP_BYTES: Final = 16 << 20
#: ...and at most this many steps ahead of the writes: a server that declares 500 MB and sends
#: little must not make the app hold 500 MB.
PREFAULT_AHEAD_STEPS: Final = 4
#: A helper that waited this long for the writes to go on gives up (the body stopped, failed or
#: crawls: the writes then fault their pages in themselves, which costs nothing that matters).
PREFAULT_PATIENCE_S: Final = 2.0
_MADV_POPULATE_WRITE: Final = 23  # from Linux's mman-common.h


class BodyBuffer:
    """Collects a body's pieces in order; `getvalue()` once, at the end."""

    def __init__(self, declared_bytes: int | None = None) -> None:
        """`declared_bytes`: the body's exact size if known (Content-Length, nothing to
        unpack); a body that turns out longer still arrives whole."""
        self._size = 0
        self._view: memoryview | None = None
        # One permit per step the writes have passed: the helper's leave to go one step on.
        self._passed = threading.Semaphore(0)
        self._next_step = PREFAULT_STEP_BYTES
        if declared_bytes is not None and declared_bytes >= PREFAULT_MIN_BYTES:
            # The only reference to the new bytes is the BytesIO's: getbuffer() does not copy.
            self._received = io.BytesIO(bytes(declared_bytes))
            self._view = self._received.getbuffer()
            _prefault_in_background(self._received, self._view, self._passed)
        else:
            self._received = io.BytesIO()

    @property
    def size(self) -> int:
        return self._size

    def write(self, piece: bytes) -> None:
        end = self._size + len(piece)
        view = self._view
        if view is not None and end <= len(view):
            view[self._size : end] = piece
            while end >= self._next_step:
                self._passed.release()
                self._next_step += PREFAULT_STEP_BYTES
        else:
            self._leave_view()
            self._received.write(piece)
        self._size = end

    def getvalue(self) -> bytes:
        """The body as bytes (the buffer itself, not a copy)."""
        self._leave_view()
        self._received.truncate(self._size)
        return self._received.getvalue()

    def _leave_view(self) -> None:
        """Write through the BytesIO from here on (it refuses to while a view exists)."""
        if self._view is not None:
            self._view.release()
            self._view = None
            self._received.seek(self._size)


def _prefault_in_background(
    owner: io.BytesIO, view: memoryview, passed: threading.Semaphore
) -> None:
    """Ask the system to fault in the pages under `view` on a helper thread, at most
    `PREFAULT_AHEAD_STEPS` ahead of the steps the writes have `passed`; `owner` is kept alive
    until the helper ends, so the pages can't be freed meanwhile."""
    madvise = _madvise()
    if madvise is None:
        return
    start = ctypes.addressof(ctypes.c_char.from_buffer(view))  # the view stays unexported
    first = -(-start // mmap.PAGESIZE) * mmap.PAGESIZE  # madvise takes whole pages
    last = (start + len(view)) // mmap.PAGESIZE * mmap.PAGESIZE

    def populate(_owner: io.BytesIO) -> None:
        for step, at in enumerate(range(first, last, PREFAULT_STEP_BYTES)):
            if step >= PREFAULT_AHEAD_STEPS and not passed.acquire(timeout=PREFAULT_PATIENCE_S):
                return
            if madvise(at, min(PREFAULT_STEP_BYTES, last - at), _MADV_POPULATE_WRITE) != 0:
                return  # an older kernel: the writes fault the pages in as before

    threading.Thread(target=populate, args=(owner,), name="vody-prefault", daemon=True).start()


@functools.cache
def _madvise() -> Callable[[int, int, int], int] | None:
    """libc's madvise (ctypes releases the GIL while it runs), on Linux only."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        madvise = ctypes.CDLL(None, use_errno=True).madvise
    except (OSError, AttributeError):
        return None
    madvise.argtypes = (ctypes.c_size_t, ctypes.c_size_t, ctypes.c_int)
    madvise.restype = ctypes.c_int
    return cast("Callable[[int, int, int], int]", madvise)
