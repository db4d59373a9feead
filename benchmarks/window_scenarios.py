"""Drives the real main window against a running sandbox and prints one JSON object per figure.

Run by `benchmarks/__main__.py` in a fresh process per scenario (so memory and imports of one do
not colour the next): `python -m benchmarks.window_scenarios SCENARIO URL [ID...]`.

Scenarios:
- `large URL LARGE_ID WRAPPED_ID SMALL_ID`: the 25 MB result. Time from Fetch to the top level
  painted, resident memory growth, scrolling to the end of the largest array, export; then the
  same items wrapped in an object, to expand that array as a person would; then a 10 KB result.
- `huge URL HUGE_ID`: a 250 MB result: time to the tree, stalls, scrolling to its end (its
  720,000 items show as ranges of 10,000: the last range is opened and scrolled to its end).
- `items URL LARGE_ID`: the Items tab on the 25 MB result (benchmarks/items_scenario.py).
- `soak URL LARGE_ID`: a working day in one window: the 25 MB result looked up `SOAK_LOOKUPS`
  times; resident memory `SOAK_SETTLE_S` after each tree is painted (the app's own garbage
  collection timer runs meanwhile, as in the app), growth from the first to the last, the peak.
Every phase runs under a 10 ms heartbeat timer that records the longest stall.
"""

from __future__ import annotations

import asyncio
import json
import mmap
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSettings
from PySide6.QtWidgets import QApplication

from benchmarks.heartbeat import Heartbeat
from benchmarks.search_scenario import find_in_result
from vody_desktop.throwaway_profile import use_throwaway_profile

API_KEY = "1234abcd-bdde-1234-a39a-3ff12ce386d5"
SOAK_LOOKUPS = 30
SOAK_SETTLE_S = 1.0
MB = 1024 * 1024


def emit(**fields: Any) -> None:
    print(json.dumps(fields), flush=True)


def rss_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * mmap.PAGESIZE


class PaintWatcher(QObject):
    """Notes when the tree's viewport is painted with rows in it."""

    def __init__(self, window: Any) -> None:
        super().__init__()
        self._window = window
        self.painted_at: float | None = None
        window.results.tree.viewport().installEventFilter(self)

    async def wait(self) -> float:
        """When the tree was painted with rows (stamped by the filter, so polling is exact)."""
        while self.painted_at is None:  # noqa: ASYNC110 - a Qt event filter sets it
            await asyncio.sleep(0.001)
        return self.painted_at

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._window.results.model.rowCount() > 0:
            self.painted_at = time.perf_counter()
        return False


async def settle(seconds: float = 0.05) -> None:
    await asyncio.sleep(seconds)


async def fetch(window: Any, watcher: PaintWatcher, inference_id: str) -> float:
    """Press Fetch for `inference_id`; ms until the top level is painted (and the lookup ends)."""
    window.results.clear_result()
    await settle()
    finished = asyncio.Event()
    window.lookups.ended.connect(finished.set)  # after every part has taken the result
    window.form.set_inference_id(inference_id)
    watcher.painted_at = None
    pressed = time.perf_counter()
    window.form.fetch_button.click()
    await finished.wait()
    window.lookups.ended.disconnect(finished.set)
    painted_at = await watcher.wait()
    if window.results.model.rowCount() == 0:
        raise RuntimeError(f"no rows for {inference_id}: {window.messages.title()}")
    return (painted_at - pressed) * 1000


async def scroll_to_end(window: Any, parent: QModelIndex) -> tuple[float, int]:
    """Drag the scroll bar to the bottom until the array under `parent` is fully loaded."""
    tree = window.results.tree
    model = window.results.model
    bar = tree.verticalScrollBar()
    started = time.perf_counter()
    steps = 0
    while model.canFetchMore(parent) or bar.value() < bar.maximum():
        bar.setValue(bar.maximum())
        steps += 1
        await asyncio.sleep(0.02)
        if steps > 10_000:
            raise RuntimeError("scrolling never reached the end")
    return (time.perf_counter() - started) * 1000, steps


async def export(window: Any, folder: Path) -> float:
    target = folder / "export.json"
    started = time.perf_counter()
    window.export_to(str(target))
    while window.messages.title() != "Saved to export.json":  # noqa: ASYNC110 - what a person sees
        await asyncio.sleep(0.005)
    # The file goes with its folder after the phase: deleting 300 MB is not the app's work
    # (71 ms on the window's thread here, counted as an export stall).
    return (time.perf_counter() - started) * 1000


async def large(window: Any, beat: Heartbeat, ids: list[str]) -> None:
    large_id, wrapped_id, small_id = ids
    watcher = PaintWatcher(window)
    with beat.phase("first fetch"):
        await fetch(window, watcher, small_id)  # opens the connection
        window.results.clear_result()
        await settle(1.2)  # let the garbage-collection timer run once
    before = rss_bytes()
    with beat.phase("fetch and display"):
        first = await fetch(window, watcher, large_id)
        await settle(0.3)
    size = window.results.document.size_bytes
    growth = rss_bytes() - before
    runs = [first]
    for _ in range(4):
        with beat.phase("fetch and display"):
            runs.append(await fetch(window, watcher, large_id))
            await settle(0.2)
    emit(
        figure="time_to_tree_ms",
        value=round(statistics.median(runs), 1),
        first_run=round(first, 1),
        runs=[round(run, 1) for run in runs],
        body_bytes=size,
    )
    emit(figure="rss_growth_ratio", value=round(growth / size, 2), rss_growth_bytes=growth)
    with beat.phase("scroll to end"):
        scroll_ms, steps = await scroll_to_end(window, QModelIndex())
    emit(figure="scroll_to_end_ms", value=round(scroll_ms, 1), drags=steps, array="$")
    with tempfile.TemporaryDirectory() as folder, beat.phase("export"):
        export_ms = await export(window, Path(folder))
    emit(figure="export_json_ms", value=round(export_ms, 1))
    await find_in_result(window, beat)  # find: first match, count, stalls

    with beat.phase("fetch and display"):
        await fetch(window, watcher, wrapped_id)
        await settle(0.2)
    model = window.results.model
    array = next(
        model.index(row, 0)
        for row in range(model.rowCount())
        if model.index(row, 2).data() == "array"
    )
    with beat.phase("expand largest array"):
        started = time.perf_counter()
        window.results.tree.expand(array)
        window.results.tree.viewport().repaint()
        expand_ms = (time.perf_counter() - started) * 1000
        await settle(0.1)
    emit(
        figure="expand_largest_array_ms",
        value=round(expand_ms, 1),
        children=model.loaded_and_total(array)[1],
        path="$." + str(array.data()),
    )
    with beat.phase("scroll to end"):
        scroll_ms, steps = await scroll_to_end(window, array)
    emit(figure="scroll_nested_to_end_ms", value=round(scroll_ms, 1), drags=steps)

    small = []
    for _ in range(5):
        with beat.phase("small result"):
            small.append(await fetch(window, watcher, small_id))
    emit(
        figure="time_to_tree_small_ms",
        value=round(statistics.median(small), 1),
        runs=[round(run, 1) for run in small],
    )
    emit(figure="stalls_ms", **{k: round(v, 1) for k, v in beat.stalls_ms.items()})


async def huge(window: Any, beat: Heartbeat, ids: list[str]) -> None:
    (huge_id,) = ids
    watcher = PaintWatcher(window)
    before = rss_bytes()
    with beat.phase("fetch and display"):
        time_to_tree = await fetch(window, watcher, huge_id)
        await settle(0.3)
    size = window.results.document.size_bytes
    emit(
        figure="huge_time_to_tree_ms",
        value=round(time_to_tree, 1),
        body_bytes=size,
        rss_growth_ratio=round((rss_bytes() - before) / size, 2),
    )
    with beat.phase("scroll to end"):
        scroll_ms, steps = await scroll_to_end(window, QModelIndex())
    emit(figure="huge_scroll_to_end_ms", value=round(scroll_ms, 1), drags=steps)
    emit(figure="huge_scroll_long_stalls_ms", runs=beat.long_stalls_ms["scroll to end"])
    model = window.results.model
    last = model.index(model.rowCount() - 1, 0)
    if model.is_range(last):  # the end of the list is inside its last range: open it, scroll
        with beat.phase("open the last range"):
            started = time.perf_counter()
            window.results.tree.expand(last)
            window.results.tree.viewport().repaint()
            open_ms = (time.perf_counter() - started) * 1000
            await settle(0.1)
        emit(figure="huge_open_range_ms", value=round(open_ms, 1), range=str(last.data()))
        with beat.phase("scroll to end"):
            scroll_ms, steps = await scroll_to_end(window, last)
        emit(figure="huge_scroll_range_to_end_ms", value=round(scroll_ms, 1), drags=steps)
    with tempfile.TemporaryDirectory() as folder, beat.phase("export"):
        export_ms = await export(window, Path(folder))
    emit(figure="huge_export_json_ms", value=round(export_ms, 1))
    emit(figure="huge_stalls_ms", **{k: round(v, 1) for k, v in beat.stalls_ms.items()})
    emit(figure="huge_long_stalls_ms", **beat.long_stalls_ms)  # every stall over 20 ms


async def soak(window: Any, beat: Heartbeat, ids: list[str]) -> None:
    (large_id,) = ids
    watcher = PaintWatcher(window)
    before = rss_bytes()
    after: list[int] = []
    for _ in range(SOAK_LOOKUPS):
        with beat.phase("soak lookup"):
            await fetch(window, watcher, large_id)
            await settle(SOAK_SETTLE_S)
        after.append(rss_bytes())
    size = window.results.document.size_bytes
    emit(
        figure="soak_rss_growth_mb",
        value=round((after[-1] - after[0]) / MB, 1),
        body_mb=round(size / MB, 1),
        lookups=SOAK_LOOKUPS,
        peak_mb=round(max(after) / MB, 1),
        first_mb=round(after[0] / MB, 1),
        last_mb=round(after[-1] / MB, 1),
        before_mb=round(before / MB, 1),
        rss_mb=[round(value / MB) for value in after],
        max_stall_ms=round(beat.stalls_ms["soak lookup"], 1),
    )


async def items(window: Any, beat: Heartbeat, ids: list[str], url: str) -> None:
    from benchmarks.items_scenario import items as items_scenario

    for figure in await items_scenario(window, beat, url, ids):
        emit(**figure)


async def run(scenario: str, url: str, ids: list[str], settings_file: Path) -> None:
    from vody_desktop.store.settings import ITEMS_FIRST, LOAD_PICTURES, AppSettings
    from vody_desktop.ui.main_thread_gc import MainThreadGarbageCollector
    from vody_desktop.ui.mainwindow.window import MainWindow

    collector = MainThreadGarbageCollector()
    collector.start()
    settings = AppSettings(QSettings(str(settings_file), QSettings.Format.IniFormat))
    # The tree's figures are measured on the tree; the Items tab has its own scenario.
    settings.set(ITEMS_FIRST, scenario == "items")
    # The items scenario loads the pictures its rows link to (the sandbox draws them).
    settings.set(LOAD_PICTURES, scenario == "items")
    window = MainWindow(settings, api_key=API_KEY, sandbox_url=url)
    window.resize(1000, 720)
    window.show()
    beat = Heartbeat()
    beat.start()
    with beat.phase("idle after start-up"):  # background imports (ui/warm_imports.py) run here
        await settle(1.0)
    try:
        if scenario == "items":
            await items(window, beat, ids, url)
        else:
            await {"large": large, "huge": huge, "soak": soak}[scenario](window, beat, ids)
    finally:
        beat.stop()
        window.close()
        await window.shutdown()
        collector.stop()


def main() -> int:
    scenario, url, *ids = sys.argv[1:]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    use_throwaway_profile("vody-bench-")  # the parent's, or one of its own when run alone
    import qasync

    app = QApplication(sys.argv[:1])
    # As the app does: closing the window must not stop the loop before shutdown() has run.
    app.setQuitOnLastWindowClosed(False)
    with tempfile.TemporaryDirectory() as folder:
        qasync.run(run(scenario, url, ids, Path(folder) / "settings.ini"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
