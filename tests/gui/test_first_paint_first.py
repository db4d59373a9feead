"""The window paints its form and an empty result first; the lookup's parts, the History,
Details and Query docks come right after that paint, or at once when something reaches for them
(a test, a shortcut, a result shown early). See ui/mainwindow/later_parts.py."""

from __future__ import annotations

import sys
import threading
import time
from typing import Any

import pytest
from PySide6.QtWidgets import QDockWidget, QLabel, QTableView

from tests.conftest import find
from tests.gui.helpers import wait_until_built
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.lookup import LookupRequest
from vody_desktop.sandbox import generators
from vody_desktop.store.settings import ITEMS_FIRST, AppSettings
from vody_desktop.ui import warm_imports
from vody_desktop.ui.mainwindow.items_part import ITEMS_TAB
from vody_desktop.ui.mainwindow.lookup_controller import LookupController
from vody_desktop.ui.mainwindow.window import MainWindow

DOCKS = ("historyDock", "detailDock", "queryDock")


def dock_names(window: MainWindow) -> set[str]:
    return {dock.objectName() for dock in window.findChildren(QDockWidget)}


def test_the_docks_are_built_after_the_first_paint_without_being_asked(qtbot: Any) -> None:
    window = MainWindow(AppSettings())
    qtbot.addWidget(window)
    assert dock_names(window) == set()  # the first paint has none of them
    assert not window.later.complete
    window.resize(1280, 760)
    with qtbot.waitSignal(window.later.built, timeout=120_000):
        window.show()
    assert dock_names(window) == set(DOCKS)
    for name in ("historyDock", "detailDock"):  # Query is the tab behind Details
        assert find(window, QDockWidget, name).isVisible(), name
    assert window.action_set["view.details"] is window.inspect.details.toggleViewAction()


def test_a_part_reached_for_before_the_first_paint_is_built_then(qtbot: Any) -> None:
    window = MainWindow(AppSettings())
    qtbot.addWidget(window)
    assert window.inspect.details.objectName() == "detailDock"
    assert window.history.panel.objectName() == "historyDock"
    assert window.lookups.idle
    assert window.menus["view"].title() == "&View"
    assert window.later.complete  # a dock comes with the others, as after a first paint
    assert window.action_set["view.history"] is window.history.panel.toggleViewAction()


def test_a_shortcut_of_a_dock_not_built_yet_builds_it_and_acts(qtbot: Any) -> None:
    window = MainWindow(AppSettings())
    qtbot.addWidget(window)
    window.resize(1280, 760)
    window.show()  # not painted yet: the docks are still to come
    assert "inspect" not in window.__dict__
    stand_in = window.action_set["view.history"]
    stand_in.trigger()  # View > History, which hides the shown pane
    assert window.action_set["view.history"] is not stand_in
    assert window.history.panel.isHidden()
    assert not window.action_set["view.history"].isChecked()


def test_ctrl_3_before_the_items_tab_is_built_builds_it_and_shows_the_shown_results_items(
    qtbot: Any,
) -> None:
    window = MainWindow(AppSettings())
    qtbot.addWidget(window)
    AppSettings().set(ITEMS_FIRST, False)  # the tree stays on show until Ctrl+3
    window.results.show_document(JsonDocument.parse(generators.color_results()))
    window.resize(1280, 760)
    window.show()
    assert "items" not in window.__dict__  # not painted yet: the Items tab is still to come
    window.action_set["view.items"].trigger()
    assert window.results.currentIndex() == ITEMS_TAB
    table = find(window, QTableView, "itemsTable")
    assert table.model().rowCount() == 4  # the four items of the result shown before


def test_a_result_shown_before_the_docks_are_built_is_in_details(qtbot: Any) -> None:
    window = MainWindow(AppSettings())
    qtbot.addWidget(window)
    window.results.show_document(JsonDocument.parse(b'[{"name": "first"}]'))
    window.resize(1280, 760)
    window.show()
    wait_until_built(qtbot, window)
    assert find(window, QLabel, "detailPath").text() == "$[0]  ·  object"


def test_the_client_waits_for_the_warm_up_worker_before_importing_the_network_stack(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two threads importing httpcore at once made a cold start's lookup fail ("partially
    initialized module"): the UI thread lets the worker finish first."""
    release = threading.Event()
    finished: list[bool] = []

    def still_importing() -> None:
        release.wait()
        finished.append(True)

    worker = threading.Thread(target=still_importing, daemon=True)
    worker.start()
    monkeypatch.setattr(warm_imports, "_worker", worker)
    lookups = LookupController(AppSettings())
    request = LookupRequest.build(
        inference_id="0924dcfe-a593-4e42-8c7b-4fca9a149777",
        base_url="https://api.example.com",
        environment_key="custom",
        environment="Custom",
        api_key="1234abcd-bdde-1234-a39a-3ff12ce386d5",
    )
    main = threading.get_ident()
    returned = threading.Event()

    def release_once_the_ui_thread_waits() -> None:
        while not returned.is_set():
            frame = sys._current_frames().get(main)
            names = set()
            while frame is not None:
                names.add(frame.f_code.co_name)
                frame = frame.f_back
            if "join" in names:  # the UI thread waits for the worker
                break
            time.sleep(0.001)
        release.set()

    threading.Thread(target=release_once_the_ui_thread_waits, daemon=True).start()
    lookups.client_for(request)
    returned.set()
    assert finished == [True]  # the worker had ended before the client was made
