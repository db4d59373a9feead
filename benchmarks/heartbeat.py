"""A 10 ms heartbeat on the UI thread: how long the window could not react (a "stall").

A QTimer fires every `INTERVAL_MS`; any gap between two ticks beyond that interval is time the
event loop was busy with something else. Gaps are attributed to the phase that was running.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, Qt, QTimer

INTERVAL_MS = 10
LONG_MS = 20


class Heartbeat(QObject):
    """Records the longest stall per phase (gap between ticks minus the interval), in ms."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._last = 0.0
        self._phase = ""
        self.stalls_ms: dict[str, float] = {}
        #: Every stall over `LONG_MS`, per phase, in order (to see each step of a long phase).
        self.long_stalls_ms: dict[str, list[float]] = {}

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Attribute gaps to `name` while the block runs (the closing gap included)."""
        self._on_timer_timeout()  # the gap so far belongs to the phase before
        self._phase = name
        self.stalls_ms.setdefault(name, 0.0)
        self.long_stalls_ms.setdefault(name, [])
        try:
            yield
        finally:
            self._on_timer_timeout()
            self._phase = ""

    def max_stall_ms(self) -> float:
        return max(self.stalls_ms.values(), default=0.0)

    def _on_timer_timeout(self) -> None:
        now = time.perf_counter()
        stall = (now - self._last) * 1000 - INTERVAL_MS
        self._last = now
        if self._phase:
            self.stalls_ms[self._phase] = max(self.stalls_ms[self._phase], stall)
            if stall > LONG_MS:
                self.long_stalls_ms[self._phase].append(round(stall, 1))
