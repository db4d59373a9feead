"""An ID on the command line: its lookup starts before the window shows and goes first; the
parts built after the first paint (docks, history) wait for its end, and the history still
records it (ui/mainwindow/later_parts.py, app.act_on_argument)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QListView

from tests.conftest import add_window, find, wait_for
from tests.e2e.conftest import API_KEY, TEST_CLIENT_SETTINGS, TEST_RETRY_POLICY
from tests.e2e.helpers import wait_idle
from vody_desktop.app import act_on_argument
from vody_desktop.sandbox import catalogue
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.mainwindow import later_parts
from vody_desktop.ui.mainwindow.window import MainWindow


def test_a_lookup_started_with_the_window_goes_before_its_docks_and_reaches_the_history(
    qtbot: Any, sandbox_url: str, run_async: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # However slow this machine is today, the lookup ends within the docks' wait.
    monkeypatch.setattr(later_parts, "LOOKUP_FIRST_MS", 600_000)
    window = MainWindow(
        AppSettings(),
        api_key=API_KEY,
        sandbox_url=sandbox_url,
        client_settings=TEST_CLIENT_SETTINGS,
        retry_policy=TEST_RETRY_POLICY,
    )
    add_window(qtbot, window, run_async)
    docks_built_when_rows_came: list[bool] = []

    async def scenario() -> None:
        act_on_argument(window, catalogue.COLOR_RESULTS_ID)  # as the app does, before show()
        window.lookups.finished.connect(
            lambda _result: docks_built_when_rows_came.append(window.later.complete)
        )
        window.show()
        await wait_idle(window)
        assert window.results.model.rowCount() > 0
        await wait_for(lambda: window.later.complete, what="the docks after the lookup")
        history = find(window, QListView, "historyList")
        await wait_for(
            lambda: catalogue.COLOR_RESULTS_ID in str(history.model().index(0, 0).data() or ""),
            what="the lookup in the history",
        )

    run_async(scenario())
    assert docks_built_when_rows_came == [False]
