"""An ID on the command line: its lookup starts before the window shows and goes first (its
request for the results leaves before the window's first show, app.send_before_showing); the
parts built after the first paint (docks, history) wait for its end, and the history still
records it (ui/mainwindow/later_parts.py, app.act_on_argument); the keychain is read after the
result's first rows are painted (ui/mainwindow/key_keeper.py)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QListView

from tests.conftest import add_window, find, wait_for
from tests.e2e.conftest import API_KEY, TEST_CLIENT_SETTINGS, TEST_RETRY_POLICY
from tests.e2e.helpers import wait_idle
from vody_desktop.app import act_on_argument, send_before_showing
from vody_desktop.items import colour_loading
from vody_desktop.items.columns import Role
from vody_desktop.sandbox import catalogue
from vody_desktop.store import secrets
from vody_desktop.store.secrets import KeychainLookup
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui import warm_imports
from vody_desktop.ui.items import items_model
from vody_desktop.ui.items.items_model import PENDING_MATCH
from vody_desktop.ui.mainwindow import key_keeper, later_parts
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


class _Shown(QObject):
    """Notes, in `events`, the window's first show."""

    def __init__(self, window: MainWindow, events: list[str]) -> None:
        super().__init__(window)
        self._events = events
        window.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and "window shown" not in self._events:
            self._events.append("window shown")
        return False


def test_a_lookup_started_with_the_window_sends_its_request_for_the_results_before_it_shows(
    qtbot: Any, sandbox_url: str, run_async: Any
) -> None:
    """Qt paints a window just shown before the loop runs the lookup: the request went out
    after the first paint (10-60 ms); now the answer streams in while the window paints."""
    events: list[str] = []

    async def scenario() -> None:
        warm_imports.import_now()  # as the app does for an ID on the command line
        await warm_imports.ready()
        window = MainWindow(
            AppSettings(),
            api_key=API_KEY,
            sandbox_url=sandbox_url,
            client_settings=TEST_CLIENT_SETTINGS,
            retry_policy=TEST_RETRY_POLICY,
        )
        add_window(qtbot, window, run_async)
        _Shown(window, events)
        assert act_on_argument(window, catalogue.COLOR_RESULTS_ID)  # as app._run does, then:
        window.lookups.requestSent.connect(
            lambda path: events.append(f"{path.rsplit('/', 1)[-1]} requested")
        )
        await send_before_showing(window.lookups)
        window.show()
        await wait_idle(window)
        assert window.results.model.rowCount() > 0

    run_async(scenario())
    assert "results requested" in events
    assert events.index("results requested") < events.index("window shown")


class _RowsPainted(QObject):
    """Notes, in `events`, the first paint of a result view that has rows to show."""

    def __init__(self, window: MainWindow, events: list[str]) -> None:
        super().__init__(window)
        self._window = window
        self._events = events
        self._views = {
            window.results.tree.viewport(): window.results.model,
            window.items.tab.table.viewport(): window.items.tab.table.model(),
        }
        for viewport in self._views:
            viewport.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        model = self._views.get(watched)  # type: ignore[call-overload]
        painted = event.type() == QEvent.Type.Paint and model is not None and model.rowCount() > 0
        if painted and "rows painted" not in self._events:
            self._events.append("rows painted")
        return False


def test_the_keychain_is_read_after_the_first_rows_of_a_lookup_started_with_the_window(
    qtbot: Any, sandbox_url: str, run_async: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """keyring's imports (80-140 ms of Python) would take turns at the GIL with showing the
    result: the keychain worker waits until the window has painted the first rows."""
    events: list[str] = []
    real_look_up = secrets.look_up_keychain

    def look_up_keychain(account: str) -> KeychainLookup:
        events.append("keychain read")  # on the worker thread, as it starts
        return real_look_up(account)

    monkeypatch.setattr(key_keeper, "look_up_keychain", look_up_keychain)

    async def scenario() -> None:
        # Made in the loop, as app._run makes it: the keychain's zero timer then comes after
        # the lookup has started.
        window = MainWindow(
            AppSettings(),
            api_key=API_KEY,
            sandbox_url=sandbox_url,
            client_settings=TEST_CLIENT_SETTINGS,
            retry_policy=TEST_RETRY_POLICY,
        )
        add_window(qtbot, window, run_async)
        act_on_argument(window, catalogue.COLOR_RESULTS_ID)  # as the app does, before show()
        _RowsPainted(window, events)
        window.resize(1280, 760)
        window.show()
        await wait_for(lambda: window.keys.store.loaded, what="the keychain's answer")
        await wait_idle(window)  # the pictures of the rows too: nothing left on the network

    run_async(scenario())
    assert events == ["rows painted", "keychain read"]


class _FirstMatchCell(QObject):
    """Notes, in `events`, the Items table's first paint with rows, and what its first Match
    cell read then."""

    def __init__(self, window: MainWindow, events: list[str]) -> None:
        super().__init__(window)
        self._table = window.items.tab.table
        self._events = events
        self._table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint:  # a closing window's other events: not here
            return False
        model = self._table.model()
        if model.rowCount() > 0:
            self._events.append("rows painted")
            self._events.append(f"Match cell read {model.index(0, _match_column(model)).data()}")
            watched.removeEventFilter(self)
        return False


def _match_column(model: Any) -> int:
    roles = [model.columns[number].role for number in range(model.columnCount())]
    return roles.index(Role.MATCH)


def test_a_lookup_started_with_the_window_paints_its_rows_before_the_colour_library_loads(
    qtbot: Any, sandbox_url: str, run_async: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """coloraide's import (about 80 ms of Python) took turns at the GIL with receiving and
    showing the result: it waits for the Items table's first paint, the Match cells read "…"
    until it is in, and then their difference."""
    # A process of its own in the app: held back, as warm_imports.import_for_lookup leaves it.
    monkeypatch.setattr(colour_loading, "_state", colour_loading._State.HELD)
    monkeypatch.setattr(colour_loading, "_listeners", [])
    monkeypatch.setattr(items_model, "_colours_news", None)
    events: list[str] = []
    colour_loading.when_loaded(lambda: events.append("colour library loaded"))

    async def scenario() -> None:
        window = MainWindow(
            AppSettings(),
            api_key=API_KEY,
            sandbox_url=sandbox_url,
            client_settings=TEST_CLIENT_SETTINGS,
            retry_policy=TEST_RETRY_POLICY,
        )
        add_window(qtbot, window, run_async)
        act_on_argument(window, catalogue.COLOR_RESULTS_ID)
        _FirstMatchCell(window, events)
        window.resize(1600, 760)  # the Match column in view
        window.show()
        await wait_idle(window)
        model = window.items.tab.model
        cell = model.index(0, _match_column(model))
        await wait_for(lambda: cell.data() != PENDING_MATCH, what="the Match cells")
        assert cell.data()[0] in "✓✗"

    run_async(scenario())
    assert events == ["rows painted", f"Match cell read {PENDING_MATCH}", "colour library loaded"]
