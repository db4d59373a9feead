"""The Items tab against the sandbox: the reference's colour classification example is looked up
and opens as a table of its four items, with their pictures (served by the sandbox) and a Match
column; a filter and a CSV of the rows shown work on it as a tester would use them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QTableView

from tests.conftest import find, wait_for
from tests.e2e.helpers import fetch_tree
from vody_desktop.document.export_formats import ExportFormat
from vody_desktop.sandbox import catalogue
from vody_desktop.ui.mainwindow.items_part import ITEMS_TAB
from vody_desktop.ui.mainwindow.window import MainWindow

pytestmark = pytest.mark.e2e


def _titles(table: QTableView) -> list[str]:
    model = table.model()
    return [model.headerData(n, Qt.Orientation.Horizontal) for n in range(model.columnCount())]


def test_the_reference_example_opens_as_four_rows_with_a_match_column(
    qtbot: Any, window: MainWindow, run_async: Any, tmp_path: Path
) -> None:
    table = find(window, QTableView, "itemsTable")
    count = find(window, QLabel, "itemsCountLabel")
    target = tmp_path / "shown.csv"

    async def scenario() -> None:
        await fetch_tree(qtbot, window, catalogue.COLOR_RESULTS_ID)
        assert window.results.currentIndex() == ITEMS_TAB
        assert table.isVisible()
        assert table.model().rowCount() == 4
        assert count.text() == "4 of 4 items shown"
        titles = _titles(table)
        assert titles[:3] == ["Picture", "Product type", "Category"]
        assert "Match" in titles
        # The sandbox serves the pictures its items link to: the thumbnails arrive.
        picture = titles.index("Picture")
        links = [table.model().index(row, picture).data() for row in range(4)]
        loader = window.items.loader

        def thumbnails_in() -> bool:
            table.viewport().update()  # painted rows ask for their pictures
            return all(loader.cached(link) for link in links)

        await wait_for(thumbnails_in, what="the four thumbnails")
        find(window, QLineEdit, "itemsFilterEdit").setText("fashion")
        await wait_for(lambda: count.text() == "2 of 4 items shown", what="the filter")
        window.files.export_to(str(target), ExportFormat.CSV)
        await wait_for(target.exists, what="the CSV of the rows shown")

    run_async(scenario())
    rows = target.read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 3  # the header and the two rows shown
    assert rows[0].startswith("Picture,Product type,Category")
