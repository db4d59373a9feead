"""A result that a new one replaces leaves memory at once, not at a rare full collection.

Shown through the window's real path (the lookup controller's `finished` signal, which the
presenter, the files, the history and the key keeper all hear), after a person has opened its
branches, selected a value, read its details, searched, filtered and queried it.
"""

from __future__ import annotations

import gc
import json
import weakref
from typing import Any

from PySide6.QtWidgets import QLabel, QTreeView

from tests.conftest import add_window, find, wait_for
from tests.gui.helpers import wait_until_built
from tests.lookup_results import show_document
from tests.replaced_results import FullCollections, age_everything, live_node_count, live_roots
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.node import JsonNode
from vody_desktop.store.settings import ITEMS_FIRST, AppSettings
from vody_desktop.ui.mainwindow.window import MainWindow

ITEMS = [
    {
        "id": i,
        "name": f"item {i}",
        "colors": [{"hex": "#FF7F50", "name": "Coral" if i % 7 else "Navy"}],
    }
    for i in range(200)
]
FIRST = json.dumps(ITEMS).encode()
SECOND = json.dumps({"results": ITEMS[:3]}).encode()


def open_window(qtbot: Any, run_async: Any) -> tuple[MainWindow, list[JsonNode]]:
    """A shown window, and the documents' roots alive before this test showed any (an earlier
    test's window may wait for its deletion yet)."""
    settings = AppSettings()
    settings.set(ITEMS_FIRST, False)  # the tree is opened here (the Items tab is built anyway)
    window = MainWindow(settings)
    add_window(qtbot, window, run_async)
    window.resize(1100, 700)
    with qtbot.waitExposed(window):
        window.show()
    wait_until_built(qtbot, window)  # the find controller and docks, after the first paint
    gc.collect()  # earlier tests' garbage out of the way
    return window, live_roots()


def assert_replacing_frees(
    window: MainWindow, first_gone: weakref.ref[JsonDocument], earlier: list[JsonNode]
) -> None:
    """Showing the second result lets the first go at once: its document and every node of
    it, with no full collection in between."""
    with FullCollections() as full:
        show_document(window, JsonDocument.parse(SECOND))
        shown = window.results.document
        assert shown is not None
        assert first_gone() is None
        assert live_roots(besides=earlier) == [shown.root]
    assert full.count == 0


def test_replaced_result_is_freed_without_a_full_collection(qtbot: Any, run_async: Any) -> None:
    window, earlier = open_window(qtbot, run_async)
    first = JsonDocument.parse(FIRST)
    first_gone = weakref.ref(first)
    show_document(window, first)
    del first
    tree = window.results.tree
    window.inspect.details.show()
    tree.expandAll()  # every branch opened: nodes at every depth, each pointing at its parent
    model = window.results.model
    colour = model.index(0, 0, model.index(2, 0, model.index(2, 0)))  # $[2].colors[0]
    tree.setCurrentIndex(colour)
    assert find(window, QLabel, "pathLabel").text() == "Selected: $[2].colors[0]"
    qtbot.waitUntil(lambda: tree.viewport().isVisible())
    assert live_node_count() > 200  # the opened tree's nodes exist, parents and children
    age_everything()
    assert first_gone() is not None  # on show, it stays

    assert_replacing_frees(window, first_gone, earlier)
    assert model.index(0, 0).data() == "results"


def test_searched_filtered_and_queried_result_is_freed(qtbot: Any, run_async: Any) -> None:
    window, earlier = open_window(qtbot, run_async)

    async def scenario() -> weakref.ref[JsonDocument]:
        first = JsonDocument.parse(FIRST)
        first_gone = weakref.ref(first)
        show_document(window, first)
        del first
        finder, bar = window.inspect.find, window.inspect.find_bar
        bar.edit.setText("Navy")  # as typed: the search starts after the typing pause
        await wait_for(lambda: finder.finished, what="the count")
        assert bar.count_label.text() == "1 of 29"
        window.inspect.find_bar.filter_button.setChecked(True)
        filtered = find(window, QTreeView, "filteredTree")
        await wait_for(filtered.isVisible, what="the matching branches")
        filtered.setCurrentIndex(filtered.model().index(0, 0))
        query = window.inspect.query
        query.show()
        query.edit.setText("$[*].colors[0].hex")
        query.run()
        await wait_for(lambda: query.results.rowCount() == 200, what="the query's results")
        query.list_view.setCurrentIndex(query.results.index(5))
        await wait_for(
            lambda: find(window, QLabel, "pathLabel").text() == "Selected: $[5].colors[0].hex",
            what="the chosen result selected in the tree",
        )
        return first_gone

    first_gone = run_async(scenario())
    age_everything()
    assert first_gone() is not None

    assert_replacing_frees(window, first_gone, earlier)
