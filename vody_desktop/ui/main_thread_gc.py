"""Garbage collection on the GUI thread only.

Python's cyclic garbage collector runs in whichever thread happens to allocate when a threshold
is crossed. If that is a worker thread (decoding or exporting a result) and the garbage holds a
Qt object, Qt destroys it from the wrong thread and the process can crash ("Timers cannot be
stopped from another thread", then a segmentation fault). So automatic collection is switched off
and a timer runs it on the GUI thread instead (the same remedy as pyqtgraph's GarbageCollector).

A full collection is rare, so nothing that a person replaces may wait for one: a replaced result
is freed by reference counting (see `JsonNode.forget_children`). Freed memory also has to reach
the system, so starting the collector sets the allocator up for that too (see
vody_desktop/allocator.py): whatever runs the window (the app, the self-test, the benchmarks,
the tests) starts a collector.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

from vody_desktop.allocator import return_big_blocks

INTERVAL_MS = 1000


class MainThreadGarbageCollector(QObject):
    """While alive and started, cyclic garbage is collected by a timer on this thread."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._was_enabled = gc.isenabled()

    def start(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()
        return_big_blocks()
        self._timer.start()

    def freeze_survivors(self) -> None:
        """Everything made so far (the built window, Qt's wrappers, the imported modules) lives
        as long as the app: `gc.freeze()` takes it out of the collector's sight, so a full
        collection walks only what came after. During a batch of lookups, full collections
        went from 49-62 ms on the UI thread to 2-5 ms. Called once the window is fully built
        (by the app, not by tests, whose windows come and go in one process)."""
        gc.freeze()

    def stop(self) -> None:
        self._timer.stop()
        gc.unfreeze()
        gc.collect()
        if self._was_enabled:
            gc.enable()

    def _on_timer_timeout(self) -> None:
        # The cheap young generation every tick; a full pass only when the counts ask for it.
        threshold = gc.get_threshold()[0]
        if gc.get_count()[0] > threshold:
            gc.collect(0)
            if gc.get_count()[1] > gc.get_threshold()[1]:
                gc.collect()
