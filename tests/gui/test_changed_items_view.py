"""The compare window's Items tab (`ChangedItemsView`) on a real document B: what changed per
item, the changed items first, the items only in A in words, pictures from its own loader, Ctrl+C,
and nothing shown without a list of items or after `clear()`.

The comparisons here are built by hand over the real colour example (the view shows what it is
given); test_changed_items_compared.py shows the engine's own comparisons."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QTableView

from tests.conftest import find, wait_for
from tests.gui.picture_helpers import FakeFetcher, png
from vody_desktop.compare.differences import (
    Comparison,
    Difference,
    DifferenceCounts,
    DifferenceKind,
    ItemCounts,
    ItemPair,
)
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.items.table_text import iter_table_csv
from vody_desktop.pictures import fetching
from vody_desktop.sandbox import generators
from vody_desktop.sandbox.picture_paths import with_origin
from vody_desktop.ui.compare.changed_items import ChangedItemsView
from vody_desktop.ui.items.table_pictures import PICTURE_ROW_HEIGHT

#: B: the colour example (Shoes, Dress, Sofa, Handbag) with its links on an https origin.
COLOURS = with_origin(generators.color_results(), "https://vody.com")
LINKS = [item["image_path"] for item in json.loads(COLOURS)]
GONE = "https://vody.com/images/playground/color-labels/9.png"
DRESS_CHANGE = "Top prediction: color name: Navy → Blue"


def _comparison() -> Comparison:
    """A with a ninth picture B lacks; B's Dress changed and its Handbag new."""
    differences = [
        Difference(
            DifferenceKind.CHANGED,
            "$[1].predictions[0].color_name",
            (1, "predictions", 0, "color_name"),
            "Blue",
            "Navy",
            ItemPair(1, 1, LINKS[1]),
        ),
        Difference(
            DifferenceKind.REMOVED,
            "$[3]",
            (3,),
            {"image_path": GONE},
            None,
            ItemPair(3, None, GONE),
        ),
        Difference(DifferenceKind.ADDED, "$[3]", (3,), None, {}, ItemPair(None, 3, LINKS[3])),
    ]
    return Comparison(
        differences=differences,
        counts=DifferenceCounts(added=1, removed=1, changed=1),
        items=ItemCounts("$", "image_path", total_a=4, total_b=4, changed=1, added=1, removed=1),
        item_changes={1: DRESS_CHANGE, 3: "New: only in B"},
        removed_item_changes={3: "Only in A"},
    )


@pytest.fixture
def fetcher(monkeypatch: pytest.MonkeyPatch) -> FakeFetcher:
    fake = FakeFetcher({LINKS[0]: png(64, 64, "#FE2934")})
    monkeypatch.setattr(fetching, "PictureFetcher", lambda: fake)
    return fake


@pytest.fixture
def view(qtbot: Any, run_async: Any, fetcher: FakeFetcher) -> ChangedItemsView:
    shown = ChangedItemsView()
    qtbot.addWidget(shown, before_close_func=lambda widget: run_async(widget.shutdown()))
    shown.resize(1200, 500)
    with qtbot.waitExposed(shown):
        shown.show()
    return shown


def _table(view: ChangedItemsView) -> QTableView:
    return find(view, QTableView, "itemsTable")


def _titles(view: ChangedItemsView) -> list[str]:
    model = _table(view).model()
    return [model.headerData(n, Qt.Orientation.Horizontal) for n in range(model.columnCount())]


def _column(view: ChangedItemsView, title: str) -> list[str]:
    model = _table(view).model()
    number = _titles(view).index(title)
    return [model.index(row, number).data() for row in range(model.rowCount())]


def test_b_items_show_what_changed_with_the_changed_items_first(view: ChangedItemsView) -> None:
    view.show_comparison(JsonDocument.parse(COLOURS), _comparison())
    assert _column(view, "Product type") == ["Handbag", "Dress", "Shoes", "Sofa"]
    assert _column(view, "What changed") == ["New: only in B", DRESS_CHANGE, "", ""]
    header = _table(view).horizontalHeader()
    assert header.sortIndicatorSection() == _titles(view).index("What changed")
    assert "Verdict" not in _titles(view)
    assert "Note" not in _titles(view)
    assert not find(view, QComboBox, "itemsSourceCombo").isVisibleTo(view)
    assert find(view, QLabel, "changedItemsCaption").text() == (
        "The 4 items of B (to check), matched with A's by image_path."
        " Changed and new items come first."
    )
    assert find(view, QLabel, "itemsCountLabel").text() == "4 of 4 items shown"
    changes = _titles(view).index("What changed")
    assert header.sectionSize(changes) > header.sectionSize(_titles(view).index("Category"))


def test_the_items_only_in_a_are_named_under_the_table(view: ChangedItemsView) -> None:
    view.show_comparison(JsonDocument.parse(COLOURS), _comparison())
    label = find(view, QLabel, "changedItemsOnlyInA")
    assert label.isVisibleTo(view)
    assert label.text() == f"1 item only in A (not in B, so not in the table): {GONE}"


def test_items_matched_by_place_are_named_by_their_number_in_a(view: ChangedItemsView) -> None:
    comparison = Comparison(
        differences=[
            Difference(
                DifferenceKind.REMOVED, f"$[{n}]", (n,), {}, None, ItemPair(n, None, f"#{n}")
            )
            for n in (4, 5)
        ],
        counts=DifferenceCounts(removed=2),
        items=ItemCounts("$", None, total_a=6, total_b=4, changed=0, added=0, removed=2),
        removed_item_changes={4: "Only in A", 5: "Only in A"},
    )
    view.show_comparison(JsonDocument.parse(COLOURS), comparison)
    assert find(view, QLabel, "changedItemsOnlyInA").text() == (
        "2 items only in A (not in B, so not in the table): item 4 · item 5"
    )
    caption = find(view, QLabel, "changedItemsCaption").text()
    assert caption == "The 4 items of B (to check), matched with A's by their place in the list."
    assert _column(view, "What changed") == ["", "", "", ""]


def test_many_items_only_in_a_are_counted_after_the_first_twenty(view: ChangedItemsView) -> None:
    gone = range(4, 29)
    comparison = Comparison(
        differences=[],
        counts=DifferenceCounts(removed=len(gone)),
        items=ItemCounts("$", None, total_a=29, total_b=4, changed=0, added=0, removed=len(gone)),
        removed_item_changes=dict.fromkeys(gone, "Only in A"),
    )
    view.show_comparison(JsonDocument.parse(COLOURS), comparison)
    text = find(view, QLabel, "changedItemsOnlyInA").text()
    assert text.startswith("25 items only in A (not in B, so not in the table): item 4 · item 5")
    assert text.endswith("item 23 and 5 more")


def test_the_compared_list_is_shown_though_another_is_larger(view: ChangedItemsView) -> None:
    body = {"errors": [{"code": "a"}, {"code": "b"}, {"code": "c"}], "results": [{"name": "x"}]}
    comparison = Comparison(
        differences=[],
        counts=DifferenceCounts(changed=1),
        items=ItemCounts("$.results", "name", total_a=1, total_b=1, changed=1, added=0, removed=0),
        item_changes={0: "Score: 0.9 → 0.5"},
    )
    view.show_comparison(JsonDocument.parse(json.dumps(body).encode()), comparison)
    assert _column(view, "Name") == ["x"]
    assert _column(view, "What changed") == ["Score: 0.9 → 0.5"]
    assert (
        find(view, QLabel, "changedItemsCaption")
        .text()
        .startswith("The 1 item of B (to check) at $.results, matched with A's by name.")
    )


def test_the_view_loads_pictures_with_its_own_loader_and_shutdown_closes_it(
    view: ChangedItemsView, run_async: Any, fetcher: FakeFetcher
) -> None:
    view.show_comparison(JsonDocument.parse(COLOURS), _comparison())
    table = _table(view)
    assert table.verticalHeader().defaultSectionSize() == PICTURE_ROW_HEIGHT

    async def loaded() -> None:
        table.viewport().repaint()  # painting the rows asks for their pictures
        await wait_for(lambda: view.loader.cached(LINKS[0]), what="the Shoes' thumbnail")

    run_async(loaded())
    assert LINKS[0] in fetcher.fetched
    run_async(view.shutdown())
    assert fetcher.closed


def test_ctrl_c_copies_the_rows_with_what_changed_and_says_so(view: ChangedItemsView) -> None:
    said: list[str] = []
    view.said.connect(said.append)
    view.show_comparison(JsonDocument.parse(COLOURS), _comparison())
    table = _table(view)
    table.setFocus()
    flags = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    table.selectionModel().select(table.model().index(1, 0), flags)
    QTest.keySequence(table, "Ctrl+C")
    lines = [line.split("\t") for line in QGuiApplication.clipboard().text().splitlines()]
    at = lines[0].index("What changed")
    assert [(line[1], line[at]) for line in lines[1:]] == [("Dress", DRESS_CHANGE)]
    assert said == ["Copied 1 row as tab-separated text"]


def test_without_a_list_of_items_and_after_clear_nothing_is_shown(view: ChangedItemsView) -> None:
    view.show_comparison(JsonDocument.parse(COLOURS), _comparison())
    view.clear()
    assert _table(view).model().rowCount() == 0
    assert not find(view, QLabel, "changedItemsOnlyInA").isVisibleTo(view)
    assert find(view, QLabel, "changedItemsCaption").text() == ""
    scalar = Comparison(differences=[], counts=DifferenceCounts())
    view.show_comparison(JsonDocument.parse(b'"just text"'), scalar)
    assert _table(view).model().rowCount() == 0
    assert find(view, QLabel, "changedItemsCaption").text() == (
        "These results hold no list of items to compare one by one."
    )


def test_the_rows_handed_on_for_a_csv_hold_what_changed_in_the_order_shown(
    view: ChangedItemsView,
) -> None:
    view.show_comparison(JsonDocument.parse(COLOURS), _comparison())
    find(view, QCheckBox, "itemsChangedOnlyCheck").setChecked(True)
    shown = view.shown_rows()
    assert shown is not None
    text = b"".join(iter_table_csv(shown.header, shown.rows())).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    at, name = rows[0].index("What changed"), rows[0].index("Product type")
    assert [(row[name], row[at]) for row in rows[1:]] == [
        ("Handbag", "New: only in B"),
        ("Dress", DRESS_CHANGE),
    ]
    assert shown.words() == "The 2 items shown (of 4)"


def _ink_height(view: ChangedItemsView, row: int, column: int) -> int:
    """How many pixel rows of a cell hold text (pixels much darker than the cell's ground)."""
    table = _table(view)
    rect = table.visualRect(table.model().index(row, column))
    image = table.viewport().grab(rect).toImage()
    ground = image.pixelColor(2, 2).lightness()
    inked = [
        y
        for y in range(image.height())
        if any(image.pixelColor(x, y).lightness() < ground - 100 for x in range(image.width()))
    ]
    return inked[-1] - inked[0] + 1 if inked else 0


def test_a_long_what_changed_wraps_onto_the_lines_of_a_picture_row(view: ChangedItemsView) -> None:
    comparison = _comparison()
    long_text = f"{DRESS_CHANGE}; Top prediction: score: 0.8429 → 0.6120"
    view.show_comparison(
        JsonDocument.parse(COLOURS),
        Comparison(
            comparison.differences,
            comparison.counts,
            comparison.items,
            {1: long_text, 3: "New: only in B"},
            comparison.removed_item_changes,
        ),
    )
    column = _titles(view).index("What changed")
    assert _column(view, "What changed")[1] == long_text
    line = _table(view).fontMetrics().height()
    assert _ink_height(view, 0, column) < line  # "New: only in B": one line
    assert _ink_height(view, 1, column) > 1.5 * line  # two lines, not one cut short


def test_when_b_has_no_items_left_no_other_list_takes_their_place(view: ChangedItemsView) -> None:
    body = {"errors": [{"code": "a"}], "results": []}
    comparison = Comparison(
        differences=[
            Difference(
                DifferenceKind.REMOVED,
                "$.results[0]",
                ("results", 0),
                {},
                None,
                ItemPair(0, None, "x"),
            )
        ],
        counts=DifferenceCounts(removed=1),
        items=ItemCounts("$.results", "name", total_a=1, total_b=0, changed=0, added=0, removed=1),
        removed_item_changes={0: "Only in A"},
    )
    view.show_comparison(JsonDocument.parse(json.dumps(body).encode()), comparison)
    assert _table(view).model().rowCount() == 0  # not the errors list
    assert find(view, QLabel, "changedItemsCaption").text() == (
        "B (to check) has no items at $.results."
    )
    assert find(view, QLabel, "changedItemsOnlyInA").text() == (
        "1 item only in A (not in B, so not in the table): x"
    )
