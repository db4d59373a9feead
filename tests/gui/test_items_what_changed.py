"""The Items tab's "What changed" column, attached from a comparison: where it stands, its texts,
sorting, the filter box, "Changed items only", Ctrl+C, the CSV export, the model checked by
qtmodeltester, and nothing of it without a comparison."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QTableView

from tests.conftest import add_window, find, wait_for
from tests.lookup_results import show_document
from vody_desktop.document.export_formats import ExportFormat
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.sandbox import generators
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.items.items_model import ITEM_ROLE
from vody_desktop.ui.items.items_tab import ItemsTab
from vody_desktop.ui.mainwindow.items_part import ITEMS_TAB
from vody_desktop.ui.mainwindow.window import MainWindow

#: What changed in the colour example's items (Shoes, Dress, Sofa, Handbag), as a comparison says.
CHANGES = {1: "Top prediction: color name: Navy → Blue", 3: "New: only in B"}


@pytest.fixture
def window(qtbot: Any, run_async: Any) -> MainWindow:
    main_window = MainWindow(AppSettings())
    add_window(qtbot, main_window, run_async)
    main_window.resize(1600, 800)
    with qtbot.waitActive(main_window):
        main_window.show()
        main_window.activateWindow()
    show_document(main_window, JsonDocument.parse(generators.color_results()))
    return main_window


@pytest.fixture
def compared(window: MainWindow) -> MainWindow:
    """The window's Items tab with the comparison's texts attached."""
    window.items.tab.set_item_changes(CHANGES)
    return window


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
    header = table.horizontalHeader()
    section = _titles(window).index(title)
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    QTest.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def test_without_a_comparison_there_is_no_what_changed_column_and_no_quick_filter(
    window: MainWindow,
) -> None:
    assert "What changed" not in _titles(window)
    assert not find(window, QCheckBox, "itemsChangedOnlyCheck").isVisibleTo(window)
    assert _count(window) == "4 of 4 items shown"


def test_the_column_follows_what_the_item_is_and_says_what_changed(compared: MainWindow) -> None:
    titles = _titles(compared)
    assert titles[: titles.index("What changed") + 2] == [
        "Picture",
        "Product type",
        "Category",
        "Hex color label",
        "What changed",
        "Top prediction: hex color",
    ]
    assert _column(compared, "What changed") == ["", CHANGES[1], "", CHANGES[3]]
    assert _column(compared, "Product type") == ["Shoes", "Dress", "Sofa", "Handbag"]
    model = _table(compared).model()
    cell = model.index(1, titles.index("What changed"))
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == CHANGES[1]
    check = find(compared, QCheckBox, "itemsChangedOnlyCheck")
    assert check.isVisibleTo(compared)
    assert check.text() == "Changed items &only"


def test_sorting_by_what_changed_puts_the_changed_items_first_both_ways(
    compared: MainWindow,
) -> None:
    _click_header(compared, "What changed")
    assert _column(compared, "Product type") == ["Handbag", "Dress", "Shoes", "Sofa"]
    _click_header(compared, "What changed")
    assert _column(compared, "Product type") == ["Dress", "Handbag", "Shoes", "Sofa"]
    assert _column(compared, "What changed")[2:] == ["", ""]


def test_the_filter_box_finds_the_words_of_what_changed(
    compared: MainWindow, run_async: Any
) -> None:
    edit = find(compared, QLineEdit, "itemsFilterEdit")
    QTest.keyClicks(edit, "ONLY IN B")
    run_async(wait_for(lambda: _count(compared) == "1 of 4 items shown", what="the filter"))
    assert _column(compared, "Product type") == ["Handbag"]
    edit.clear()
    run_async(wait_for(lambda: _count(compared) == "4 of 4 items shown", what="all again"))
    QTest.keyClicks(edit, "navy")  # in the Dress's own cells and in its change: one row
    run_async(wait_for(lambda: _count(compared) == "1 of 4 items shown", what="navy"))
    assert _column(compared, "Product type") == ["Dress"]


def test_changed_items_only_keeps_the_changed_and_new_items(compared: MainWindow) -> None:
    check = find(compared, QCheckBox, "itemsChangedOnlyCheck")
    check.setChecked(True)
    assert _count(compared) == "2 of 4 items shown"
    assert _column(compared, "Product type") == ["Dress", "Handbag"]
    check.setChecked(False)
    assert _count(compared) == "4 of 4 items shown"


def test_ctrl_c_copies_what_changed_with_the_rest_of_the_row(compared: MainWindow) -> None:
    table = _table(compared)
    table.setFocus()
    model = table.model()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    table.selectionModel().select(model.index(0, 0), flags)
    table.selectionModel().select(model.index(1, 0), flags)
    QTest.keySequence(table, "Ctrl+C")
    lines = [line.split("\t") for line in QGuiApplication.clipboard().text().splitlines()]
    at = lines[0].index("What changed")
    assert lines[0][at - 1 : at + 1] == ["Hex color label", "What changed"]
    assert [(line[1], line[at]) for line in lines[1:]] == [("Shoes", ""), ("Dress", CHANGES[1])]
    assert "Copied 2 rows" in compared.statusBar().currentMessage()


def test_the_csv_export_writes_what_changed_for_the_rows_shown(
    compared: MainWindow, run_async: Any, tmp_path: Path
) -> None:
    assert compared.results.currentIndex() == ITEMS_TAB
    find(compared, QCheckBox, "itemsChangedOnlyCheck").setChecked(True)
    target = tmp_path / "changed.csv"
    compared.files.export_to(str(target), ExportFormat.CSV)
    run_async(wait_for(target.exists, what="the CSV file"))
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    at = header.index("What changed")
    rows = [line.split(",") for line in lines[1:]]
    assert [(row[header.index("Product type")], row[at]) for row in rows] == [
        ("Dress", CHANGES[1]),
        ("Handbag", CHANGES[3]),
    ]


def test_taking_the_comparison_away_takes_the_column_and_the_filter_away(
    compared: MainWindow,
) -> None:
    check = find(compared, QCheckBox, "itemsChangedOnlyCheck")
    check.setChecked(True)
    assert _count(compared) == "2 of 4 items shown"
    compared.items.tab.set_item_changes(None)
    assert "What changed" not in _titles(compared)
    assert not check.isVisibleTo(compared)
    assert _count(compared) == "4 of 4 items shown"


def test_the_column_belongs_to_the_list_that_was_compared(qtbot: Any) -> None:
    document = {"errors": [{"code": "x"}], "results": [{"name": "a"}, {"name": "b"}]}
    tab = ItemsTab()
    qtbot.addWidget(tab)
    tab.show_document(JsonDocument.parse(json.dumps(document).encode()))
    tab.set_item_changes({0: "Name: z → a"}, "$.results")
    titles = [tab.model.headerData(n, Qt.Orientation.Horizontal) for n in range(2)]
    assert titles == ["Name", "What changed"]
    tab.show_source(1)  # $.errors: no comparison of its items
    assert tab.model.source is not None
    assert tab.model.source.path == "$.errors"
    assert "What changed" not in [column.title for column in tab.model.columns]
    assert not tab.changes.check.isEnabled()
    tab.show_source(0)  # back to the compared list: its column again
    assert [column.title for column in tab.model.columns] == [
        "Name",
        "What changed",
        "Verdict",
        "Note",
    ]


def test_the_model_with_the_column_passes_qtmodeltester(qtbot: Any, qtmodeltester: Any) -> None:
    tab = ItemsTab()
    qtbot.addWidget(tab)
    tab.show_document(JsonDocument.parse(generators.color_results()), changes=CHANGES)
    model = tab.model
    assert "What changed" in [column.title for column in model.columns]
    qtmodeltester.check(model, force_py=True)  # and again on each change that follows
    tab.changes.check.setChecked(True)
    assert [model.index(row, 0).data(ITEM_ROLE) for row in range(model.rowCount())] == [1, 3]
    tab.set_item_changes(None)
    assert "What changed" not in [column.title for column in model.columns]
    tab.set_item_changes({2: "Category: Home → Garden"})
    assert model.rowCount() == 4


def test_a_large_list_is_sorted_by_what_changed_off_the_ui_thread(
    window: MainWindow, run_async: Any
) -> None:
    items = [{"name": f"item {i}"} for i in range(6000)]
    show_document(window, JsonDocument.parse(json.dumps(items).encode()))
    window.items.tab.set_item_changes({5999: "Name: a → b", 7: "New: only in B"})
    _click_header(window, "What changed")
    assert _count(window) == "Sorting and filtering…"
    run_async(wait_for(lambda: _count(window) == "6,000 of 6,000 items shown", what="sorted"))
    assert _column(window, "Name")[:3] == ["item 5999", "item 7", "item 0"]


def test_a_sort_stays_on_its_column_when_the_what_changed_column_comes(
    window: MainWindow,
) -> None:
    _click_header(window, "Category")
    _click_header(window, "Category")  # descending: Home, Fashion, Fashion, then no category
    sorted_by_category = ["Sofa", "Shoes", "Dress", "Handbag"]
    assert _column(window, "Product type") == sorted_by_category
    window.items.tab.set_item_changes(CHANGES)
    header = _table(window).horizontalHeader()
    assert _titles(window)[header.sortIndicatorSection()] == "Category"
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert _column(window, "Product type") == sorted_by_category
    _click_header(window, "What changed")
    window.items.tab.set_item_changes(None)  # the sorted column goes: document order
    assert header.sortIndicatorSection() == -1
    assert _column(window, "Product type") == ["Shoes", "Dress", "Sofa", "Handbag"]


def test_the_next_result_does_not_keep_the_last_ones_what_changed(compared: MainWindow) -> None:
    assert "What changed" in _titles(compared)
    show_document(compared, JsonDocument.parse(generators.color_results()))  # looked up again
    assert "What changed" not in _titles(compared)
    assert not find(compared, QCheckBox, "itemsChangedOnlyCheck").isVisibleTo(compared)
