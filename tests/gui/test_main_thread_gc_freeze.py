"""The app's collector takes what outlives start-up out of the collector's sight, and gives it back
when it stops (ui/main_thread_gc.py)."""

from __future__ import annotations

import gc
from typing import Any

from vody_desktop.ui.main_thread_gc import MainThreadGarbageCollector


def test_survivors_of_start_up_are_frozen_until_the_collector_stops(qapp: Any) -> None:
    collector = MainThreadGarbageCollector()
    collector.start()
    try:
        kept = [object() for _ in range(10)]  # made "during start-up"
        collector.freeze_survivors()
        assert gc.get_freeze_count() >= len(kept)
    finally:
        collector.stop()
    assert gc.get_freeze_count() == 0
