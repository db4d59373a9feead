"""Find on the 25 MB result, as a person does it: Ctrl+F, type, Enter, wait for the count.

Called by `window_scenarios.large` while the large result is shown. Figures:
- `search_first_match_ms`: Enter pressed -> the first match selected in the tree, for the first
  search on this result (the window gets the document ready from Ctrl+F on, while the word
  is typed at `TYPING_GAP_S` per key, a fast typist);
- `search_count_ms`: Enter pressed -> "n of N" final (every match counted);
- `search_max_stall_ms`: the longest the window could not react during the search (and during
  stepping to the next few matches).
A second, warm search (another word) is reported alongside.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from benchmarks.heartbeat import Heartbeat

QUERIES = ("coral", "forest green")
TYPING_GAP_S = 0.08


def emit(**fields: Any) -> None:
    print(json.dumps(fields), flush=True)


async def _search(window: Any, text: str) -> tuple[float, float, str]:
    find = window.inspect.find
    edit = window.inspect.find_bar.edit
    window.inspect.find_bar.focus()  # what Ctrl+F does
    edit.clear()
    for key in text:
        edit.insert(key)
        await asyncio.sleep(TYPING_GAP_S)
    started = time.perf_counter()
    QApplication.sendEvent(
        edit, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
    )
    while not (find.matches and _selected_is(window, find.matches[0])):
        if find.finished and not find.matches:
            raise RuntimeError(f"no match for {text!r}")
        await asyncio.sleep(0.001)
    first = (time.perf_counter() - started) * 1000
    if not find.finished:
        done = asyncio.Event()
        find.runner.searchFinished.connect(done.set)
        await done.wait()
        find.runner.searchFinished.disconnect(done.set)
    counted = (time.perf_counter() - started) * 1000
    return first, counted, window.inspect.find_bar.count_label.text()


def _selected_is(window: Any, path: tuple[int, ...]) -> bool:
    node = window.results.selected_node()
    rows: list[int] = []
    while node is not None and node.parent is not None:
        rows.append(node.row)
        node = node.parent
    return tuple(reversed(rows)) == path


async def find_in_result(window: Any, beat: Heartbeat) -> None:
    results = []
    with beat.phase("search"):
        for text in QUERIES:
            results.append((text, *await _search(window, text)))
            for _ in range(5):  # F3 through the next matches
                window.inspect.find.next_match()
                await asyncio.sleep(0.05)
    (text, first, counted, label), (warm_text, warm_first, warm_counted, warm_label) = results
    emit(
        figure="search_first_match_ms", value=round(first, 1), query=text, warm=round(warm_first, 1)
    )
    emit(
        figure="search_count_ms",
        value=round(counted, 1),
        query=text,
        shown=label,
        warm=round(warm_counted, 1),
        warm_query=warm_text,
        warm_shown=warm_label,
    )
    emit(figure="search_max_stall_ms", value=round(beat.stalls_ms["search"], 1))
    window.inspect.find_bar.edit.clear()
    window.inspect.find.search(window.inspect.find_bar.options())
