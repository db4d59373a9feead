"""The Items tab on the sandbox's large result (72,000 items): open, sort, filter, scroll.

Run by `window_scenarios.py items URL LARGE_ID` in its own process. The result is fetched once
(the document is then in memory); each run hands that document to the window as a finished
lookup and measures until the Items table has painted its first rows (`items_first_rows_ms`:
"result in memory -> first rows painted"). Sorting by a numeric column (the top prediction's
score) and applying a text filter are timed from the request to the table painted in the new
order. A 10 ms heartbeat records the longest stall of each phase, scrolling included.
Pictures are on: the rows on screen load their thumbnails from the sandbox meanwhile (decoded
off the UI thread), so the stalls include them; `thumbnails_ms` is measured on its own.

Review mode last (`review_keypress_ms`): with the review of the 72,000 items open, verdict keys
are pressed on the table as a tester does (1, 2, 3, 0 in turn, each moving to the next row), in
`RUNS` batches of `KEYS_PER_RUN`; the figure is each batch's worst heartbeat stall around a key
press (its UI-thread work, the repaint and the written-callback from the history's worker),
median and spread over the batches. `review_open_ms` is the time from the result shown to the
review open (choosing the key field and reading every key, on a worker thread).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt

from benchmarks.heartbeat import Heartbeat
from vody_desktop.api.environments import SANDBOX_KEY
from vody_desktop.lookup import LookupRequest, LookupResult

RUNS = 5
FILTER_TEXT = "navy"
KEYS_PER_RUN = 20
#: The keys pressed in turn: correct, wrong, unsure, clear.
VERDICT_KEYS = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_0)


class TablePaints(QObject):
    """Stamps every paint of the Items table's viewport while it has rows."""

    def __init__(self, window: Any) -> None:
        super().__init__()
        self._window = window
        self.painted_at: float | None = None
        window.items.tab.table.viewport().installEventFilter(self)

    def reset(self) -> None:
        self.painted_at = None

    async def wait(self) -> float:
        while self.painted_at is None:  # noqa: ASYNC110 - a Qt event filter sets it
            await asyncio.sleep(0.001)
        return self.painted_at

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._window.items.tab.model.rowCount() > 0:
            self.painted_at = time.perf_counter()
        return False


async def _applied(window: Any) -> None:
    done = asyncio.Event()
    window.items.tab.orderApplied.connect(done.set)
    try:
        await done.wait()
    finally:
        window.items.tab.orderApplied.disconnect(done.set)


async def _fetch_document(window: Any, inference_id: str) -> Any:
    finished = asyncio.Event()
    window.lookups.ended.connect(finished.set)
    window.form.set_inference_id(inference_id)
    window.form.fetch_button.click()
    await finished.wait()
    window.lookups.ended.disconnect(finished.set)
    document = window.results.document
    if document is None:
        raise RuntimeError(f"no result for {inference_id}: {window.messages.title()}")
    return document


def _show(window: Any, document: Any, url: str, inference_id: str) -> None:
    request = LookupRequest.build(
        inference_id=inference_id,
        base_url=url,
        environment_key=SANDBOX_KEY,
        environment="Sandbox",
        api_key="bench",
    )
    window.lookups.finished.emit(LookupResult(request, document=document))


async def _review(window: Any, beat: Heartbeat) -> list[dict[str, Any]]:
    """Verdict key presses on the 72,000 items (see the module docstring)."""
    from PySide6.QtTest import QTest

    tab = window.items.tab
    window.history  # noqa: B018 - the history's worker keeps the verdicts (built if not yet)
    while tab.review.session is None:  # noqa: ASYNC110 - the review opens on a worker thread
        await asyncio.sleep(0.005)
    table = tab.table
    table.setFocus()
    table.setCurrentIndex(tab.model.index(0, 0))
    worst: list[float] = []
    press_ms: list[float] = []
    for run in range(RUNS):
        name = f"review keypress {run + 1}"
        with beat.phase(name):
            for press in range(KEYS_PER_RUN):
                started = time.perf_counter()
                QTest.keyClick(table, VERDICT_KEYS[press % len(VERDICT_KEYS)])
                press_ms.append((time.perf_counter() - started) * 1000)
                await asyncio.sleep(0.03)  # a fast tester: ~30 keys a second at most
        worst.append(beat.stalls_ms[name])
        await asyncio.sleep(0.2)
    reviews = window.items.reviews
    while reviews is not None and reviews.pending:  # noqa: ASYNC110 - the worker's callbacks
        await asyncio.sleep(0.01)
    return [
        {
            "figure": "review_keypress_ms",
            **_spread(worst),
            "items": tab.model.total,
            "keys": RUNS * KEYS_PER_RUN,
            "press_call_ms_median": round(statistics.median(press_ms), 2),
            "press_call_ms_max": round(max(press_ms), 2),
            "summary": tab.review.summary_label.text(),
            "long_stalls": {
                f"run {run + 1}": beat.long_stalls_ms[f"review keypress {run + 1}"]
                for run in range(RUNS)
            },
        },
    ]


async def _review_opened(window: Any, started: float) -> float:
    tab = window.items.tab
    while tab.review.session is None:  # noqa: ASYNC110 - the review opens on a worker thread
        await asyncio.sleep(0.005)
    return (time.perf_counter() - started) * 1000


def _spread(runs: list[float]) -> dict[str, Any]:
    return {
        "value": round(statistics.median(runs), 1),
        "min": round(min(runs), 1),
        "max": round(max(runs), 1),
        "runs": [round(run, 1) for run in runs],
    }


def _section(window: Any, title: str) -> int:
    model = window.items.tab.model
    titles = [model.headerData(n, Qt.Orientation.Horizontal) for n in range(model.columnCount())]
    return titles.index(title)


async def items(window: Any, beat: Heartbeat, url: str, ids: list[str]) -> list[dict[str, Any]]:
    (large_id,) = ids
    tab = window.items.tab
    paints = TablePaints(window)
    with beat.phase("items fetch"):
        document = await _fetch_document(window, large_id)
        await asyncio.sleep(0.5)
    opened: list[float] = []
    review_opened: list[float] = []
    window.history  # noqa: B018 - the history's worker keeps the verdicts (built if not yet)
    sorted_ms: list[float] = []
    filtered_ms: list[float] = []
    header = tab.table.horizontalHeader()
    for _ in range(RUNS):
        window.results.clear_result()
        tab.filter_edit.clear()
        await asyncio.sleep(0.3)
        with beat.phase("items open"):
            paints.reset()
            started = time.perf_counter()
            _show(window, document, url, large_id)
            opened.append((await paints.wait() - started) * 1000)
            review_opened.append(await _review_opened(window, started))
            await asyncio.sleep(0.2)
        with beat.phase("items sort"):
            section = _section(window, "Top prediction: score")
            paints.reset()
            started = time.perf_counter()
            header.setSortIndicator(section, Qt.SortOrder.DescendingOrder)  # a header click
            await _applied(window)
            sorted_ms.append((await paints.wait() - started) * 1000)
            await asyncio.sleep(0.2)
        with beat.phase("items filter"):
            tab.filter_edit.setText(FILTER_TEXT)
            paints.reset()
            started = time.perf_counter()
            tab.request_order()  # what Enter or the end of typing does
            await _applied(window)
            filtered_ms.append((await paints.wait() - started) * 1000)
            shown = tab.count_label.text()
            await asyncio.sleep(0.2)
    with beat.phase("items scroll"):
        tab.filter_edit.clear()
        tab.request_order()
        await _applied(window)
        bar = tab.table.verticalScrollBar()
        for step in range(40):  # a person dragging the scroll bar down the whole list
            bar.setValue(bar.maximum() * (step + 1) // 40)
            await asyncio.sleep(0.02)
    items_stalls = {
        k: v for k, v in beat.stalls_ms.items() if k.startswith("items ") and k != "items fetch"
    }
    review = await _review(window, beat)
    return [
        *review,
        {"figure": "review_open_ms", **_spread(review_opened), "items": tab.model.total},
        {"figure": "items_first_rows_ms", **_spread(opened), "items": tab.model.total},
        {"figure": "items_sort_ms", **_spread(sorted_ms), "column": "Top prediction: score"},
        {"figure": "items_filter_ms", **_spread(filtered_ms), "text": FILTER_TEXT, "shown": shown},
        {
            "figure": "items_max_stall_ms",
            "value": round(max(items_stalls.values()), 1),
            **{k: round(v, 1) for k, v in items_stalls.items()},
            "long_stalls": {k: beat.long_stalls_ms[k] for k in items_stalls},
        },
    ]
