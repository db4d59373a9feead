"""A JSONPath query on a 10,000-level result: a plain message instead of a RecursionError, and a
window that still answers the next query."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from tests.conftest import wait_for
from vody_desktop.document.query import TooDeepError
from vody_desktop.sandbox import catalogue
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.find.query_panel import QueryPanel
from vody_desktop.ui.mainwindow.window import MainWindow

DEEP = catalogue.results_bytes(catalogue.DEEP_ID)  # 10,000 levels: {"level": 1, "child": [...]}
#: Two equal values 10,000 levels deep: comparing them recurses once per level (Python 3.13
#: still compares 5,000 levels, so fewer would not reach its limit).
TWINS = b"[" + b"[" * 10_000 + b"]" * 10_000 + b", " + b"[" * 10_000 + b"]" * 10_000 + b"]"
TOO_DEEP = f"{TooDeepError.title}. {TooDeepError.advice}"


@pytest.fixture
def window(qtbot: Any, run_async: Any) -> Iterator[MainWindow]:
    main_window = MainWindow(AppSettings())
    qtbot.addWidget(main_window)
    main_window.show()
    yield main_window
    main_window.close()
    run_async(main_window.shutdown())


async def open_saved(window: MainWindow, folder: Path, body: bytes) -> None:
    path = folder / "deep.json"
    path.write_bytes(body)
    window.open_file(str(path))
    await wait_for(lambda: window.results.model.rowCount() > 0, 30, "the tree")


def type_query(window: MainWindow, text: str) -> QueryPanel:
    """Ctrl+Shift+F, type the query, Enter: as a person runs one."""
    panel = window.inspect.query
    window.inspect.focus_query()
    panel.edit.setText(text)
    QApplication.sendEvent(
        panel.edit,
        QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),
    )
    return panel


async def status_settles(panel: QueryPanel) -> str:
    await wait_for(lambda: panel.status.text() != "Running the query…", 60, "the query's answer")
    return panel.status.text()


@pytest.mark.parametrize("query", ["$..level", "$..*", "$..[?@.level == 9999]"])
def test_a_query_at_any_depth_says_plainly_that_the_result_is_too_deep(
    window: MainWindow, run_async: Any, tmp_path: Path, query: str
) -> None:
    async def scenario() -> None:
        await open_saved(window, tmp_path, DEEP)
        panel = type_query(window, query)
        assert await status_settles(panel) == TOO_DEEP
        assert panel.results.rowCount() == 0
        assert f"Query: {query}" in panel.status.toolTip()
        assert "Traceback" not in panel.status.toolTip()
        # the window still works: a query with named steps finds the value at level 3
        panel = type_query(window, "$.child[1].level")
        assert await status_settles(panel) == "1 result"
        panel.list_view.setCurrentIndex(panel.results.index(0))
        await wait_for(
            lambda: window.path_label.text() == "Selected: $.child[1].level", 30, "the selection"
        )
        assert panel.status.toolTip() == ""

    run_async(scenario())


def test_comparing_values_too_deep_to_compare_says_so_plainly(
    window: MainWindow, run_async: Any, tmp_path: Path
) -> None:
    async def scenario() -> None:
        await open_saved(window, tmp_path, TWINS)
        panel = type_query(window, "$[?@ == $[1]]")
        assert await status_settles(panel) == TOO_DEEP
        assert "RecursionError" in panel.status.toolTip()
        panel = type_query(window, "$[1]")
        assert await status_settles(panel) == "1 result"

    run_async(scenario())
