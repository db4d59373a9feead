"""The window paints its form and an empty result first; the lookup's parts, the History,
Details and Query docks come right after that paint, or at once when something reaches for them
(a test, a shortcut, a result shown early). See ui/mainwindow/later_parts.py."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDockWidget, QLabel

from tests.conftest import find
from tests.gui.helpers import wait_until_built
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.store.settings import AppSettings
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


def test_a_result_shown_before_the_docks_are_built_is_in_details(qtbot: Any) -> None:
    window = MainWindow(AppSettings())
    qtbot.addWidget(window)
    window.results.show_document(JsonDocument.parse(b'[{"name": "first"}]'))
    window.resize(1280, 760)
    window.show()
    wait_until_built(qtbot, window)
    assert find(window, QLabel, "detailPath").text() == "$[0]  ·  object"
