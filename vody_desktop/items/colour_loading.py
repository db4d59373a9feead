"""When the colour library of the Match column (coloraide) is loaded, and on which thread.

coloraide takes about 80 ms of Python to import (items/colours.py imports it on the first
difference). On a usual start ui/warm_imports.py loads it on its worker after the network stack
(`load_here()`). A lookup started with the window (an ID on the command line) holds it back
(`hold()`): on that cold path its import took turns at the GIL with receiving, parsing and
showing the result, and the first rows came 40-60 ms later (`python -m benchmarks startup`);
the Match column is the eighth, seldom in the first rows' view. While it is held or loading
(`pending()`), the Items table's Match cells read "…" instead of importing it on the UI thread;
the table asks for it after its first paint (`load()`) and repaints the column when the
listeners hear it is in (they are called on the loading thread).

Qt-free, so the warm-up worker may import it (the table's Qt side is ui/items/items_model.py).
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class _State(enum.Enum):
    IDLE = "idle"  # not loaded, not held back: the first difference imports it where it runs
    HELD = "held"
    LOADING = "loading"
    LOADED = "loaded"


_lock = threading.Lock()
_state = _State.IDLE
_listeners: list[Callable[[], None]] = []
_worker: threading.Thread | None = None


def hold() -> None:
    """Keep the library back until `load()` (a lookup started with the window goes first)."""
    global _state
    with _lock:
        if _state is _State.IDLE:
            _state = _State.HELD


def pending() -> bool:
    """Held back or loading: a Match cell on show waits for it rather than import it."""
    return _state in (_State.HELD, _State.LOADING)


def when_loaded(listener: Callable[[], None]) -> None:
    """Call `listener` (on the loading thread) each time a load ends; register it before
    asking `pending()`, so that no end is missed."""
    with _lock:
        if listener not in _listeners:
            _listeners.append(listener)


def load() -> None:
    """Load the library on a worker thread now, unless it is loaded or loading."""
    global _worker
    if _start_loading(unless_held=False):
        _worker = threading.Thread(target=_load, name="colour-library", daemon=True)
        _worker.start()


def wait() -> None:
    """Wait for the thread that loads the library (`load()`'s worker, or the warm-up worker in
    `load_here()`), if one runs: closing waits for it, as a daemon thread still in Qt's signal
    code (a listener's) when Python finalizes aborts the app."""
    worker = _worker
    if worker is not None and worker is not threading.current_thread():
        worker.join()


def load_here() -> None:
    """Load the library on this (worker) thread, unless it is held back, loaded or loading."""
    global _worker
    if _start_loading(unless_held=True):
        _worker = threading.current_thread()
        _load()


def _start_loading(*, unless_held: bool) -> bool:
    global _state
    with _lock:
        if _state in (_State.LOADING, _State.LOADED) or (unless_held and _state is _State.HELD):
            return False
        _state = _State.LOADING
        return True


def _load() -> None:
    global _state
    from vody_desktop.items.colours import warm_up

    try:
        warm_up()
    except Exception as error:  # a Match cell then imports it itself, and shows what it gets
        log.debug("Colour library not loaded ahead: %s", error)
    with _lock:
        _state = _State.LOADED
        listeners = list(_listeners)
    for listener in listeners:
        listener()
