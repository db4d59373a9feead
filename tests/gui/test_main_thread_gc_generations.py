"""The app's collector runs the generations as CPython does: a full pass (which walks every
object the app holds, on the UI thread) only once the oldest generation grew by a quarter
(ui/main_thread_gc.py)."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from tests.conftest import HANG_MS
from vody_desktop.ui.main_thread_gc import MainThreadGarbageCollector


@pytest.fixture
def passes() -> Iterator[Counter[int]]:
    """The passes of each generation while the test runs, with small thresholds."""
    counted: Counter[int] = Counter()

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "stop":
            counted[info["generation"]] += 1

    thresholds = gc.get_threshold()
    gc.set_threshold(200, 2, 2)
    gc.callbacks.append(count)
    yield counted
    gc.callbacks.remove(count)
    gc.set_threshold(*thresholds)


def churn() -> None:
    """Garbage that only a collection frees (each list holds itself)."""
    for _ in range(300):
        cycle: list[object] = []
        cycle.append(cycle)


def test_a_full_pass_waits_until_the_oldest_generation_grew_by_a_quarter(
    qtbot: Any, passes: Counter[int]
) -> None:
    collector = MainThreadGarbageCollector(interval_ms=1)
    work = QTimer()
    work.setInterval(1)
    work.timeout.connect(churn)
    collector.start()
    work.start()
    try:
        qtbot.waitUntil(lambda: passes[2] >= 1, timeout=HANG_MS)  # nothing was counted yet
        left = len(gc.get_objects(2))
        # Garbage comes and goes: middle passes, and no full one.
        middle = passes[1]
        qtbot.waitUntil(lambda: passes[1] >= middle + 6, timeout=HANG_MS)
        assert passes[2] == 1
        # A third more objects that live on: they reach the oldest generation, and a full
        # pass follows.
        kept: list[list[object]] = [[] for _ in range(left // 3 + 1000)]
        qtbot.waitUntil(lambda: passes[2] >= 2, timeout=HANG_MS)
        assert kept
    finally:
        work.stop()
        collector.stop()
