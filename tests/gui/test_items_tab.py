"""The Items tab: when it is there, which tab opens first, Ctrl+3, sorting, filtering, the quick
filters, Enter to the tree and back, and the columns remembered per model."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QTableView

from tests.conftest import add_window, find, wait_for
from tests.lookup_results import show_document
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.items.cells import decode_item
from vody_desktop.items.columns import discover_columns
from vody_desktop.items.discovery import find_item_sources
from vody_desktop.sandbox import generators
from vody_desktop.store.settings import ITEMS_FIRST, AppSettings
from vody_desktop.ui.items.items_model import ITEM_ROLE, ItemsTableModel
from vody_desktop.ui.mainwindow.items_part import ITEMS_TAB
from vody_desktop.ui.mainwindow.window import MainWindow
from vody_desktop.ui.result.result_view import TREE_TAB


def _window(qtbot: Any, run_async: Any) -> MainWindow:
    window = MainWindow(AppSettings())
    add_window(qtbot, window, run_async)
    window.resize(1280, 760)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


@pytest.fixture
def window(qtbot: Any, run_async: Any) -> MainWindow:
    return _window(qtbot, run_async)


def _colours() -> JsonDocument:
    return JsonDocument.parse(generators.color_results())


def _table(window: MainWindow) -> QTableView:
    return find(window, QTableView, "itemsTable")


def _count(window: MainWindow) -> str:
    return find(window, QLabel, "itemsCountLabel").text()


def _titles(window: MainWindow) -> list[str]:
    model = _table(window).model()
    return [model.headerData(n, Qt.Orientation.Horizontal) for n in range(model.columnCount())]


def _column(window: MainWindow, title: str) -> list[str]:
    model = _table(window).model()
    number = _titles(window).index(title)
    return [model.index(row, number).data() for row in range(model.rowCount())]


def _click_header(window: MainWindow, title: str) -> None:
    table = _table(window)
    model = table.model()
    titles = [model.headerData(n, Qt.Orientation.Horizontal) for n in range(model.columnCount())]
    header = table.horizontalHeader()
    section = titles.index(title)
    header_x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    QTest.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header_x, header.height() // 2)
    )


def test_the_model_passes_qtmodeltester_through_sorts_and_filters(qtmodeltester: Any) -> None:
    source = find_item_sources(_colours().root)[0]
    columns = discover_columns(decode_item(source.item_raw(n)) for n in range(source.count))
    model = ItemsTableModel()
    model.set_source(source, columns)
    qtmodeltester.check(model, force_py=True)
    model.set_order([3, 1])
    assert [model.index(row, 0).data(ITEM_ROLE) for row in range(2)] == [3, 1]
    model.set_order(None)
    assert model.rowCount() == 4


def test_a_list_of_items_opens_on_the_items_tab_and_a_scalar_hides_it(window: MainWindow) -> None:
    show_document(window, _colours())
    assert window.results.isTabVisible(ITEMS_TAB)
    assert window.results.currentIndex() == ITEMS_TAB
    assert window.results.tabText(ITEMS_TAB) == "Item&s"
    assert _count(window) == "4 of 4 items shown"
    assert _column(window, "Product type") == ["Shoes", "Dress", "Sofa", "Handbag"]
    show_document(window, JsonDocument.parse(b'"just text"'))
    assert not window.results.isTabVisible(ITEMS_TAB)
    assert window.results.currentIndex() == TREE_TAB


def test_with_items_first_off_the_result_opens_on_the_tree(qtbot: Any, run_async: Any) -> None:
    AppSettings().set(ITEMS_FIRST, False)
    window = _window(qtbot, run_async)
    show_document(window, _colours())
    assert window.results.isTabVisible(ITEMS_TAB)
    assert window.results.currentIndex() == TREE_TAB
    QTest.keySequence(window, "Ctrl+3")
    assert window.results.currentIndex() == ITEMS_TAB
    assert _table(window).hasFocus()


def test_several_lists_get_a_chooser_named_by_path_and_size(window: MainWindow) -> None:
    document = {"results": [{"a": 1}, {"a": 2}], "errors": [{"code": "x"}]}
    show_document(window, JsonDocument.parse(json.dumps(document).encode()))
    combo = find(window, QComboBox, "itemsSourceCombo")
    assert combo.isVisibleTo(window)
    assert [combo.itemText(n) for n in range(combo.count())] == [
        "$.results (2 items)",
        "$.errors (1 item)",
    ]
    combo.setCurrentIndex(1)
    assert _column(window, "Code") == ["x"]
    assert _count(window) == "1 of 1 item shown"


def test_clicking_a_header_sorts_numbers_as_numbers_and_again_reverses(
    window: MainWindow,
) -> None:
    show_document(window, _colours())
    _click_header(window, "Top prediction: score")
    scores = [float(text) for text in _column(window, "Top prediction: score")]
    assert scores == sorted(scores)
    _click_header(window, "Top prediction: score")
    assert [float(t) for t in _column(window, "Top prediction: score")] == sorted(
        scores, reverse=True
    )


def test_empty_cells_sort_last(window: MainWindow) -> None:
    show_document(window, _colours())
    _click_header(window, "Hex color label")
    labels = _column(window, "Hex color label")
    assert labels[-2:] == ["", ""]
    _click_header(window, "Hex color label")
    assert _column(window, "Hex color label")[-2:] == ["", ""]


def test_the_filter_matches_any_cell_ignoring_case(window: MainWindow, run_async: Any) -> None:
    show_document(window, _colours())
    edit = find(window, QLineEdit, "itemsFilterEdit")
    QTest.keyClicks(edit, "navy")

    async def filtered() -> None:
        await wait_for(lambda: _count(window) == "1 of 4 items shown", what="the filter")

    run_async(filtered())
    assert _column(window, "Product type") == ["Dress"]
    edit.clear()
    run_async(wait_for(lambda: _count(window) == "4 of 4 items shown", what="all again"))


def test_score_below_shows_only_low_scores(window: MainWindow) -> None:
    show_document(window, _colours())
    tab = window.items.tab
    tab.score_spin.setValue(0.7)
    tab.score_check.setChecked(True)
    scores = [float(text) for text in _column(window, "Top prediction: score")]
    assert scores
    assert all(score < 0.7 for score in scores)
    assert _count(window) == f"{len(scores)} of 4 items shown"


def test_enter_on_a_row_shows_the_item_in_the_tree(window: MainWindow, run_async: Any) -> None:
    show_document(window, _colours())
    table = _table(window)
    table.setFocus()
    table.setCurrentIndex(table.model().index(2, 1))
    QTest.keyClick(table, Qt.Key.Key_Return)

    async def revealed() -> None:
        await wait_for(
            lambda: window.path_label.text() == "Selected: $[2]", what="$[2] in the tree"
        )

    run_async(revealed())
    assert window.results.currentIndex() == TREE_TAB


def test_choosing_an_item_in_the_tree_selects_its_row(window: MainWindow) -> None:
    show_document(window, _colours())
    _click_header(window, "Top prediction: score")  # rows no longer in document order
    model = window.results.model
    window.results.tree.setCurrentIndex(model.index(1, 0))  # $[1]
    table = _table(window)
    assert table.currentIndex().data(ITEM_ROLE) == 1


def test_hidden_and_moved_columns_are_remembered_for_the_next_window(
    qtbot: Any, run_async: Any
) -> None:
    first = _window(qtbot, run_async)
    show_document(first, _colours())
    header = _table(first).horizontalHeader()
    header.setSectionHidden(7, True)  # Predictions: count
    header.moveSection(header.visualIndex(3), 0)  # Hex color label first
    first.close()
    run_async(first.shutdown())

    second = _window(qtbot, run_async)
    show_document(second, _colours())
    header = _table(second).horizontalHeader()
    assert header.isSectionHidden(7)
    assert header.logicalIndex(0) == 3


def test_the_header_menu_hides_and_shows_columns(window: MainWindow) -> None:
    show_document(window, _colours())
    table = window.items.tab.table
    menu = table.column_menu()
    category = next(a for a in menu.actions() if a.text() == "Category")
    category.setChecked(False)
    assert table.horizontalHeader().isSectionHidden(2)
    category.setChecked(True)
    assert not table.horizontalHeader().isSectionHidden(2)


def test_a_large_list_is_sorted_off_the_ui_thread(window: MainWindow, run_async: Any) -> None:
    items = [{"n": (i * 7919) % 6000, "name": f"item {i}"} for i in range(6000)]
    show_document(window, JsonDocument.parse(json.dumps(items).encode()))
    _click_header(window, "N")
    assert _count(window) == "Sorting and filtering…"
    run_async(wait_for(lambda: _count(window) == "6,000 of 6,000 items shown", what="sorted"))
    assert _column(window, "N")[:3] == ["0", "1", "2"]


def test_a_field_first_seen_after_the_first_items_still_gets_its_column(
    window: MainWindow, run_async: Any
) -> None:
    items: list[dict[str, object]] = [{"name": f"item {i}"} for i in range(900)]
    items[700]["late"] = "here"

    async def shown() -> None:
        show_document(window, JsonDocument.parse(json.dumps(items).encode()))
        await wait_for(lambda: "Late" in _titles(window), what="the late column")

    run_async(shown())
    assert _column(window, "Late")[700] == "here"


def test_a_result_of_another_model_leaves_the_first_models_columns_as_they_were(
    qtbot: Any, run_async: Any
) -> None:
    first = _window(qtbot, run_async)
    show_document(first, _colours())
    _table(first).horizontalHeader().setSectionHidden(2, True)  # Category
    show_document(first, JsonDocument.parse(b'[{"x": 1, "y": 2, "z": 3}]'))
    show_document(first, _colours())
    assert _table(first).horizontalHeader().isSectionHidden(2)


def test_a_large_list_on_the_tree_gets_its_table_when_the_items_tab_is_opened(
    qtbot: Any, run_async: Any
) -> None:
    AppSettings().set(ITEMS_FIRST, False)
    window = _window(qtbot, run_async)
    items = [{"name": f"item {i}", "text": "x" * 100} for i in range(12_000)]  # over 1 MB

    async def scenario() -> None:
        show_document(window, JsonDocument.parse(json.dumps(items).encode()))
        assert window.results.isTabVisible(ITEMS_TAB)
        await wait_for(lambda: window.results.tree.model().rowCount() > 0, what="the tree")
        assert window.items.tab.model.rowCount() == 0  # nothing built for the table yet
        window.action_set.trigger("view.items")
        await wait_for(lambda: _count(window) == "12,000 of 12,000 items shown", what="rows")
        assert _column(window, "Name")[:2] == ["item 0", "item 1"]

    run_async(scenario())
