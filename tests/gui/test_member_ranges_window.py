"""A result with a very long list in the window: the ranges ("[120,000 … 129,999]") open on the
way to whatever a person reaches (find, the Items tab, the keyboard), paths stay real, and a
range row copies, describes and expands as it should."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QPlainTextEdit, QTableView

from tests.conftest import add_window, find, wait_for
from tests.gui.helpers import wait_until_built
from tests.lookup_results import show_document
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.node import JsonNode
from vody_desktop.store.settings import ITEMS_FIRST, AppSettings
from vody_desktop.ui.mainwindow.window import MainWindow
from vody_desktop.ui.result import tree_actions
from vody_desktop.ui.result.result_view import TREE_TAB

COUNT = 150_000  # more than MAX_FLAT (100,000): the list shows 15 ranges of 10,000
ITEMS = [{"id": n, "name": f"item {n}"} for n in range(COUNT)]


@pytest.fixture(scope="module")
def document_bytes() -> bytes:
    return json.dumps(ITEMS).encode()


@pytest.fixture
def window(qtbot: Any, run_async: Any, document_bytes: bytes) -> MainWindow:
    settings = AppSettings()
    settings.set(ITEMS_FIRST, False)
    main_window = MainWindow(settings)
    add_window(qtbot, main_window, run_async)
    main_window.resize(1100, 700)
    with qtbot.waitActive(main_window):
        main_window.show()
        main_window.activateWindow()
    wait_until_built(qtbot, main_window)  # the find controller and docks, after the first paint
    show_document(main_window, JsonDocument.parse(document_bytes))
    return main_window


def member(window: MainWindow, number: int) -> JsonNode:
    document = window.results.document
    assert document is not None
    return document.root.child(number)


def selected_path(window: MainWindow) -> str:
    return window.path_label.text().removeprefix("Selected: ")


def test_the_top_shows_ranges_of_the_long_list(window: MainWindow) -> None:
    model = window.results.model
    assert model.rowCount() == 15
    assert [model.index(14, column).data() for column in range(3)] == [
        "[140,000 … 149,999]",
        "10,000 items",
        "range",
    ]
    assert selected_path(window) == "$[0:10000]"  # the first row is current


def test_find_reveals_a_match_inside_its_range(window: MainWindow, run_async: Any) -> None:
    async def scenario() -> None:
        edit = find(window, QLineEdit, "searchEdit")
        edit.setText("item 123456")
        QTest.keyClick(edit, Qt.Key.Key_Return)
        await wait_for(lambda: selected_path(window) == "$[123456].name", what="the match")
        tree = window.results.tree
        member = tree.currentIndex().parent()
        assert member.data() == "123456"
        assert member.parent().data() == "[120,000 … 129,999]"
        assert tree.isExpanded(member)
        assert tree.isExpanded(member.parent())
        assert tree.visualRect(tree.currentIndex()).intersects(tree.viewport().rect())

    run_async(scenario())


def test_enter_on_an_item_shows_it_inside_its_range(window: MainWindow, run_async: Any) -> None:
    window.items.show_tab()
    table = find(window, QTableView, "itemsTable")

    async def scenario() -> None:
        await wait_for(lambda: table.model().rowCount() == COUNT, what="the items")
        table.setCurrentIndex(table.model().index(134_567, 0))
        QTest.keyClick(table, Qt.Key.Key_Return)
        await wait_for(lambda: selected_path(window) == "$[134567]", what="$[134567] in the tree")
        assert window.results.currentIndex() == TREE_TAB
        current = window.results.tree.currentIndex()
        assert current.parent().data() == "[130,000 … 139,999]"

    run_async(scenario())


def test_choosing_a_member_in_the_tree_selects_its_item_row(
    window: MainWindow, run_async: Any
) -> None:
    model = window.results.model
    table = find(window, QTableView, "itemsTable")

    async def scenario() -> None:
        await wait_for(lambda: table.model().rowCount() == COUNT, what="the items")
        window.results.tree.setCurrentIndex(model.index_for_node(member(window, 101_234)))
        assert table.currentIndex().row() == 101_234

    run_async(scenario())


def test_copy_path_of_a_member_is_its_real_path(window: MainWindow) -> None:
    model = window.results.model
    tree = window.results.tree
    tree.setCurrentIndex(model.index_for_node(member(window, 54_321).child(1)))
    window.inspect.actions.copy_path.trigger()
    assert QGuiApplication.clipboard().text() == "$[54321].name"
    tree.setCurrentIndex(model.index(5, 0))
    window.inspect.actions.copy_path.trigger()
    assert QGuiApplication.clipboard().text() == "$[50000:60000]"


def test_copying_a_range_row_gives_its_members_as_a_json_array(window: MainWindow) -> None:
    tree = window.results.tree
    tree.setCurrentIndex(window.results.model.index(14, 0))
    window.action_set.trigger("edit.copy_value")  # Ctrl+C
    assert json.loads(QGuiApplication.clipboard().text()) == ITEMS[140_000:]
    window.inspect.actions.copy_key.trigger()
    assert QGuiApplication.clipboard().text() == "[140,000 … 149,999]"


def test_the_details_describe_a_range_row(window: MainWindow) -> None:
    details = window.inspect.details
    details.show()
    window.results.tree.setCurrentIndex(window.results.model.index(3, 0))
    note = find(details, QLabel, "detailNote").text()
    assert note.startswith("Items 30,000 to 39,999 of the 150,000 in $.")
    assert find(details, QPlainTextEdit, "detailText").toPlainText() == ""


def test_expand_to_a_level_opens_ranges_on_the_way(
    window: MainWindow, run_async: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tree_actions, "EXPAND_ALL_CAP", 3_000)
    tree = window.results.tree
    model = window.results.model

    async def scenario() -> None:
        window.inspect.actions.expand_levels[0].trigger()  # level 1: the items open
        await wait_for(
            lambda: "Expanded the first 3,000 rows" in window.statusBar().currentMessage(),
            what="the cap",
        )
        first_range = model.index(0, 0)
        assert tree.isExpanded(first_range)  # a range is not a level: it opened on the way
        item = model.index(0, 0, first_range)
        assert tree.isExpanded(item)  # $[0], an item, is level 1
        assert model.index(0, 0, item).data() == "id"

    run_async(scenario())


def test_keys_open_a_range_and_step_into_its_members(window: MainWindow) -> None:
    tree = window.results.tree
    tree.setFocus()
    tree.setCurrentIndex(window.results.model.index(2, 0))
    QTest.keyClick(tree, Qt.Key.Key_Right)
    assert tree.isExpanded(tree.currentIndex())
    QTest.keyClick(tree, Qt.Key.Key_Down)
    assert selected_path(window) == "$[20000]"
    QTest.keyClick(tree, Qt.Key.Key_Left)  # closed already: to the range
    assert selected_path(window) == "$[20000:30000]"
    assert tree.currentIndex().parent() == QModelIndex()


def test_a_query_result_inside_a_range_is_shown_in_the_tree(
    window: MainWindow, run_async: Any
) -> None:
    query = window.inspect.query

    async def scenario() -> None:
        query.edit.setText("$[140000:140003].name")
        query.run()
        await wait_for(lambda: query.results.rowCount() == 3, what="the results")
        assert query.results.index(2).data() == "$[140002].name  =  item 140002"
        query.list_view.setCurrentIndex(query.results.index(2))
        await wait_for(lambda: selected_path(window) == "$[140002].name", what="it in the tree")
        assert window.results.tree.currentIndex().parent().parent().data() == (
            "[140,000 … 149,999]"
        )

    run_async(scenario())


def test_the_loaded_label_names_a_partly_loaded_range(window: MainWindow) -> None:
    tree = window.results.tree
    model = window.results.model
    last_range = model.index(14, 0)
    tree.expand(last_range)
    member_row = model.index(500, 0, last_range)
    tree.setCurrentIndex(member_row)
    tree.scrollTo(member_row, QAbstractItemView.ScrollHint.PositionAtCenter)
    window.results.loaded_label.refresh()
    loaded, total = model.loaded_and_total(last_range)
    assert total == 10_000
    assert loaded < total  # Qt fetched a chunk or a few, not all
    assert window.results.loaded_label.text() == (
        f"Showing {loaded:,} of 10,000 items in $[140000:150000] · scroll down for more"
    )
