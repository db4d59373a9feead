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
        # Objects left in the oldest generation by the last full pass, and moved there since.
        self._long_lived_total = 0
        self._long_lived_pending = 0

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
        # The generations as CPython's own collector runs them: the young one when enough was
        # made since, the middle one every `middle` young passes, and a full pass (which walks
        # every object the app holds: 200-400 ms on the UI thread with two 25 MB results
        # compared, on a busy machine) only every `oldest` middle passes, and only once the
        # objects that reached the oldest generation since the last full pass are a quarter of
        # those it left there (CPython's rule, which keeps full passes rare as the data grows).
        # It ran a full pass every 11 young ones: about every 11 seconds of work.
        young, middle, oldest = gc.get_threshold()
        if gc.get_count()[0] <= young:
            return
        gc.collect(0)
        if gc.get_count()[1] <= middle:
            return
        self._long_lived_pending += len(gc.get_objects(1))  # what this pass moves up
        gc.collect(1)
        if gc.get_count()[2] > oldest and self._long_lived_pending > self._long_lived_total // 4:
            gc.collect()
            self._long_lived_total = len(gc.get_objects(2))
            self._long_lived_pending = 0
