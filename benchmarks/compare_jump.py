"""The compare window's Differences tab on two 25 MB results: `compare_jump_max_stall_ms`.

`python -m benchmarks.compare_jump LARGE_FILE` writes the "reordered" B of
benchmarks/compare_scenario.py (A's 72,000 items shuffled, 1% edited, 20 removed, 20 added:
about 940 differences) and runs the scenario RUNS times, each in a fresh process
(`... run A B`). A run compares the two on a worker thread as the window's runner does, then
drives the Differences tab (`DifferencesView`, the size it has in the window) under a 10 ms
heartbeat on the UI thread, one step per event-loop turn, as a person would:

- showing the differences only (the first view);
- unticking "Differences only": the whole merged structure (its 72,000 items are paired on a
  worker first);
- jumping far down: the last difference (as Enter on an item of the Items tab does, or
  switching modes with a difference far down selected);
- F8 from the first difference to the last, then Shift+F8 back to the first, key by key;
- ticking "Differences only" again, and unticking it again.

Each phase records the longest heartbeat stall (the gap between two ticks beyond 10 ms); the
figure is the worst phase, median and spread over the runs, beside the stalls the same
heartbeat sees next to plain Python work on a thread (what a busy machine gives anyway).
The app's own garbage collection timer runs throughout (ui/main_thread_gc.py), as in the app,
and its pauses count. A second heartbeat leaves them out (`without_gc_max_stall_ms`: the
steps' own stalls), and the longest collection of each generation is reported beside them.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

RUNS = 3
#: Between two steps: long enough for the heartbeat to tick once (its interval is 10 ms).
STEP_GAP_S = 0.02
HANG_S = 120.0
BASELINE_LOOP = 3_000_000
ROOT = Path(__file__).resolve().parents[1]


def emit(fields: dict[str, Any]) -> None:
    print(json.dumps(fields), flush=True)


def spread(runs: list[float]) -> dict[str, Any]:
    return {"value": round(statistics.median(runs), 1), "min": min(runs), "max": max(runs)}


async def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + HANG_S
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {HANG_S:.0f} s for {what}")
        await asyncio.sleep(STEP_GAP_S)


async def steps(count: int, step: Callable[[], object]) -> None:
    for _ in range(count):
        step()
        await asyncio.sleep(STEP_GAP_S)


class GarbageCollections:
    """The longest collection of each generation (the collector runs on the UI thread)."""

    def __init__(self) -> None:
        self.max_ms: dict[int, float] = {}
        self.count: dict[int, int] = {}
        #: All collections so far, in ms (what `BeatWithoutCollections` leaves out).
        self.total_ms = 0.0
        self._started = 0.0

    def on_collect(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        generation = info["generation"]
        took = (time.perf_counter() - self._started) * 1000
        self.max_ms[generation] = max(self.max_ms.get(generation, 0.0), took)
        self.count[generation] = self.count.get(generation, 0) + 1
        self.total_ms += took


def beat_without_collections(collections: GarbageCollections) -> Any:
    """A heartbeat that leaves out the garbage collector's pauses: the stalls of the steps
    themselves (the collector runs on its own timer, between steps)."""
    from benchmarks.heartbeat import Heartbeat

    class BeatWithoutCollections(Heartbeat):
        seen_ms = 0.0

        def _on_timer_timeout(self) -> None:
            spent = collections.total_ms - self.seen_ms
            self.seen_ms = collections.total_ms
            self._last += spent / 1000  # the collector's pause is no step's
            super()._on_timer_timeout()

    return BeatWithoutCollections()


@contextmanager
def both(beat: Any, other: Any, name: str) -> Iterator[None]:
    with beat.phase(name), other.phase(name):
        yield


async def scenario(path_a: str, path_b: str) -> dict[str, Any]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from benchmarks.heartbeat import Heartbeat
    from vody_desktop.compare.differences import CompareOptions
    from vody_desktop.document.json_document import JsonDocument
    from vody_desktop.ui.compare.differences_view import DifferencesView
    from vody_desktop.ui.compare.runner import _compare
    from vody_desktop.ui.main_thread_gc import MainThreadGarbageCollector

    collector = MainThreadGarbageCollector()
    collector.start()
    collections = GarbageCollections()
    gc.callbacks.append(collections.on_collect)
    view = DifferencesView()
    view.resize(1076, 560)  # the tab's size in the compare window (1100 x 760)
    view.show()
    collector.freeze_survivors()  # as the app does once its window is built

    def compare() -> Any:
        a = JsonDocument.parse(Path(path_a).read_bytes())
        b = JsonDocument.parse(Path(path_b).read_bytes())
        return _compare(a, b, CompareOptions(), threading.Event(), lambda _share: None)

    comparison, tree, rows = await asyncio.to_thread(compare)
    total = len(comparison.differences)
    beat = Heartbeat()
    beat.start()
    steps_beat = beat_without_collections(collections)
    steps_beat.start()
    await asyncio.sleep(0.2)
    press = view.tree

    def key(name: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(press, name, modifier)

    def position() -> int:
        row = view.current_row()
        return -1 if row is None else row.index

    with both(beat, steps_beat, "show differences only"):
        view.show_tree(tree, rows)
        await asyncio.sleep(0.1)
    with both(beat, steps_beat, "whole structure, first"):
        view.only_check.setChecked(False)
        await wait_until(lambda: not view.model.only_differences, "the whole structure")
        await asyncio.sleep(0.1)
    with both(beat, steps_beat, "jump far down"):
        view.go_to(total - 1)
        await asyncio.sleep(0.1)
    assert position() == total - 1, position()
    view.go_to(0)
    await asyncio.sleep(0.1)
    with both(beat, steps_beat, "F8 to the last"):
        await steps(total - 1, lambda: key(Qt.Key.Key_F8))
    assert position() == total - 1, position()
    with both(beat, steps_beat, "Shift+F8 to the first"):
        await steps(total - 1, lambda: key(Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier))
    assert position() == 0, position()
    with both(beat, steps_beat, "differences only again"):
        view.only_check.setChecked(True)
        await asyncio.sleep(0.1)
    with both(beat, steps_beat, "whole structure again"):
        view.only_check.setChecked(False)
        await wait_until(lambda: not view.model.only_differences, "the whole structure")
        await asyncio.sleep(0.1)
    with both(beat, steps_beat, "baseline: plain Python on a thread"):
        await asyncio.to_thread(lambda: sum(n * n for n in range(BASELINE_LOOP)))
    beat.stop()
    steps_beat.stop()
    baseline = beat.stalls_ms.pop("baseline: plain Python on a thread")
    beat.long_stalls_ms.pop("baseline: plain Python on a thread", None)
    steps_beat.stalls_ms.pop("baseline: plain Python on a thread")
    gc.callbacks.remove(collections.on_collect)
    view.close()
    await view.shutdown()
    collector.stop()
    return {
        "gc_max_ms": {
            str(generation): round(ms, 1) for generation, ms in collections.max_ms.items()
        },
        "gc_count": {str(generation): count for generation, count in collections.count.items()},
        "max_stall_ms": round(beat.max_stall_ms(), 1),
        "without_gc_max_stall_ms": round(steps_beat.max_stall_ms(), 1),
        "without_gc_phases": {name: round(ms, 1) for name, ms in steps_beat.stalls_ms.items()},
        "phases": {name: round(ms, 1) for name, ms in beat.stalls_ms.items()},
        "long_stalls_ms": beat.long_stalls_ms,
        "baseline_stall_ms": round(baseline, 1),
        "differences": total,
    }


def run_once(path_a: str, path_b: str) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    result: dict[str, Any] = qasync.run(scenario(path_a, path_b))
    return result


def child(path_a: Path, path_b: Path) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.compare_jump", "run", str(path_a), str(path_b)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"a run failed ({done.returncode}):\n{done.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure(large_path: Path) -> int:
    from benchmarks.compare_scenario import write_cases

    with tempfile.TemporaryDirectory(prefix="vody-bench-jump-") as folder:
        path_b = write_cases(large_path.read_bytes(), Path(folder))["reordered"]
        runs = [child(large_path, path_b) for _ in range(RUNS)]
    phases = {name: spread([run["phases"][name] for run in runs]) for name in runs[0]["phases"]}
    emit(
        {
            "figure": "compare_jump_max_stall_ms",
            **spread([run["max_stall_ms"] for run in runs]),
            "runs": [run["max_stall_ms"] for run in runs],
            "phases": phases,
            "long_stalls_ms": [run["long_stalls_ms"] for run in runs],
            "without_gc_max_stall_ms": spread([run["without_gc_max_stall_ms"] for run in runs]),
            "without_gc_phases": {
                name: spread([run["without_gc_phases"][name] for run in runs])
                for name in runs[0]["without_gc_phases"]
            },
            "baseline_stall_ms": spread([run["baseline_stall_ms"] for run in runs]),
            "gc_max_ms": [run["gc_max_ms"] for run in runs],
            "gc_count": [run["gc_count"] for run in runs],
            "differences": runs[0]["differences"],
        }
    )
    return 0


def main(args: list[str]) -> int:
    if args[:1] == ["run"]:
        emit(run_once(args[1], args[2]))
        return 0
    if args:
        return measure(Path(args[0]))
    from vody_desktop.sandbox.large import ensure_large_document

    return measure(ensure_large_document())


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
