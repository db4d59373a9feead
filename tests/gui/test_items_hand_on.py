"""The Items tab with the other parts wired in: swatches and the Match column, thumbnails and
their failures, copying rows as tab-separated text, and exporting the shown rows as CSV."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QTableView

from tests.conftest import add_window, find, wait_for
from tests.gui.picture_helpers import FakeFetcher, png
from tests.lookup_results import show_document
from vody_desktop.document.export_formats import ExportFormat
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.pictures import fetching
from vody_desktop.pictures.fetching import PictureFetchError
from vody_desktop.sandbox import generators
from vody_desktop.sandbox.picture_paths import with_origin
from vody_desktop.store.settings import LOAD_PICTURES, MATCH_THRESHOLD, AppSettings
from vody_desktop.ui.items.items_view import ROW_HEIGHT
from vody_desktop.ui.items.table_pictures import PICTURE_ROW_HEIGHT
from vody_desktop.ui.mainwindow.items_part import ITEMS_TAB
from vody_desktop.ui.mainwindow.window import MainWindow

#: The sandbox's colour example with its links on an https origin (the fake fetcher serves them).
COLOURS = with_origin(generators.color_results(), "https://vody.com")
PICTURE, MISSING = (item["image_path"] for item in json.loads(COLOURS)[:2])


@pytest.fixture
def fetcher(monkeypatch: pytest.MonkeyPatch) -> FakeFetcher:
    """The window's picture loader fetches from this fake (a picture, and a 404)."""
    fake = FakeFetcher({PICTURE: png(64, 64), MISSING: PictureFetchError("404: not there")})
    monkeypatch.setattr(fetching, "PictureFetcher", lambda: fake)
    return fake


def _window(qtbot: Any, run_async: Any, settings: AppSettings | None = None) -> MainWindow:
    window = MainWindow(settings or AppSettings())
    add_window(qtbot, window, run_async)
    window.resize(1600, 800)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


@pytest.fixture
def window(qtbot: Any, run_async: Any, fetcher: FakeFetcher) -> MainWindow:
    main_window = _window(qtbot, run_async)
    show_document(main_window, JsonDocument.parse(COLOURS))
    return main_window


def _table(window: MainWindow) -> QTableView:
    return find(window, QTableView, "itemsTable")


def _titles(window: MainWindow) -> list[str]:
    model = _table(window).model()
    return [model.headerData(n, Qt.Orientation.Horizontal) for n in range(model.columnCount())]


def _column(window: MainWindow, title: str) -> list[str]:
    model = _table(window).model()
    number = _titles(window).index(title)
    return [model.index(row, number).data() for row in range(model.rowCount())]


def test_the_match_column_follows_the_score_and_says_tick_or_cross(window: MainWindow) -> None:
    titles = _titles(window)
    assert titles.index("Match") == titles.index("Top prediction: score") + 1
    matches = _column(window, "Match")
    labels = _column(window, "Hex color label")
    for label, match in zip(labels, matches, strict=True):
        if label:
            assert match.startswith(("✓ ", "✗ "))
        else:
            assert match == ""  # no label, nothing to compare


def test_sorting_by_match_puts_the_worst_first_and_mismatches_only_keeps_them(
    qtbot: Any, run_async: Any, fetcher: FakeFetcher
) -> None:
    settings = AppSettings()
    settings.set(MATCH_THRESHOLD, 0)  # every difference above 0.0 is a mismatch
    window = _window(qtbot, run_async, settings)
    document = [
        {"hex_color_label": "#FF0000", "predictions": [{"hex_color": "#FF0000", "score": 0.9}]},
        {"hex_color_label": "#FF0000", "predictions": [{"hex_color": "#0000FF", "score": 0.8}]},
        {"hex_color_label": "#FF0000", "predictions": [{"hex_color": "#FF1000", "score": 0.7}]},
    ]
    show_document(window, JsonDocument.parse(json.dumps(document).encode()))
    table = _table(window)
    header = table.horizontalHeader()
    section = _titles(window).index("Match")
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    matches = _column(window, "Match")
    differences = [float(text.split()[1]) for text in matches]
    assert differences == sorted(differences, reverse=True)  # the worst first
    assert matches[0].startswith("✗")
    window.items.tab.mismatches_check.setChecked(True)
    assert all(text.startswith("✗") for text in _column(window, "Match"))
    assert len(_column(window, "Match")) == 2


def test_thumbnails_load_and_a_failed_picture_says_why(
    window: MainWindow, run_async: Any, fetcher: FakeFetcher
) -> None:
    table = _table(window)
    assert table.verticalHeader().defaultSectionSize() == PICTURE_ROW_HEIGHT
    loader = window.items.loader

    async def loaded() -> None:
        table.viewport().repaint()  # painting the rows asks for their pictures
        await wait_for(
            lambda: loader.cached(PICTURE) and loader.failure(MISSING) is not None,
            what="one thumbnail and one failure",
        )

    run_async(loaded())
    assert loader.failure(MISSING) is not None
    assert "404" in (loader.failure(MISSING) or "")
    window.grab()  # paints the thumbnail and the placeholder without error


def test_with_pictures_off_nothing_is_fetched_and_rows_are_plain(
    qtbot: Any, run_async: Any, fetcher: FakeFetcher
) -> None:
    settings = AppSettings()
    settings.set(LOAD_PICTURES, False)
    window = _window(qtbot, run_async, settings)
    show_document(window, JsonDocument.parse(COLOURS))
    table = _table(window)

    async def painted() -> None:
        table.viewport().repaint()  # with pictures on, this would ask for them

    run_async(painted())
    assert table.verticalHeader().defaultSectionSize() == ROW_HEIGHT
    assert fetcher.fetched == []
    assert _column(window, "Picture")[0] == PICTURE  # the link as text


def test_ctrl_c_copies_the_selected_rows_as_tab_separated_text(window: MainWindow) -> None:
    table = _table(window)
    table.setFocus()
    model = table.model()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    table.selectionModel().select(model.index(0, 0), flags)
    table.selectionModel().select(model.index(1, 0), flags)
    QTest.keySequence(table, "Ctrl+C")
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0].split("\t")[:3] == ["Picture", "Product type", "Category"]
    assert [line.split("\t")[1] for line in lines[1:]] == ["Shoes", "Dress"]
    assert "Copied 2 rows" in window.statusBar().currentMessage()


def test_csv_export_on_the_items_tab_writes_the_rows_shown(
    window: MainWindow, run_async: Any, tmp_path: Path
) -> None:
    assert window.results.currentIndex() == ITEMS_TAB
    table = _table(window)
    header = table.horizontalHeader()
    header.setSectionHidden(_titles(window).index("Picture"), True)
    edit = find(window, QLineEdit, "itemsFilterEdit")
    edit.setText("fashion")
    window.items.tab.request_order()
    target = tmp_path / "shown.csv"
    window.files.export_to(str(target), ExportFormat.CSV)

    async def saved() -> None:
        await wait_for(target.exists, what="the CSV file")

    run_async(saved())
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Product type,Category,Hex color label")
    assert [line.split(",")[0] for line in lines[1:]] == ["Shoes", "Dress"]
    assert "Match" in lines[0]


# The preview is a popup: offscreen Qt can neither raise it nor grab the keyboard for it.
@pytest.mark.qt_log_ignore(
    "This plugin does not support grabbing the keyboard",
    r"This plugin does not support raise\(\)",
)
def test_space_on_a_row_shows_its_picture_large(
    window: MainWindow, run_async: Any, fetcher: FakeFetcher
) -> None:
    table = _table(window)
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 1))  # the product type: Space still finds it

    async def previewed() -> None:
        QTest.keyClick(table, Qt.Key.Key_Space)
        preview = window.items.tab.pictures.preview
        await wait_for(
            lambda: preview is not None and preview.isVisible() and preview.showing_picture(),
            what="the large picture",
        )
        assert preview is not None
        assert preview.url == PICTURE
        preview.close()

    run_async(previewed())


def test_a_new_threshold_in_preferences_changes_the_verdicts_at_once(window: MainWindow) -> None:
    near = [{"hex_color_label": "#FF0000", "predictions": [{"hex_color": "#FF1000"}]}]
    show_document(window, JsonDocument.parse(json.dumps(near).encode()))
    assert _column(window, "Match")[0].startswith("✓")  # within the default threshold of 10
    AppSettings().set(MATCH_THRESHOLD, 0)
    window.commands.preferencesApplied.emit()  # what the dialog's OK does
    assert _column(window, "Match")[0].startswith("✗")
