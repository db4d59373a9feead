"""The compare window's differences tree without a server: the model (qtmodeltester), its marks
(not colour alone), differences only against the whole merged structure, and going from
difference to difference with the keys, expanding on the way."""

from __future__ import annotations

import gc
import json
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from tests.conftest import wait_for
from vody_desktop.compare.differences import Comparison
from vody_desktop.compare.engine import ChildPair, compare_documents
from vody_desktop.compare.summary import value_text
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.ui.compare import row_ranges
from vody_desktop.ui.compare.difference_rows import DifferenceTree, Row
from vody_desktop.ui.compare.differences_model import (
    A_COLUMN,
    B_COLUMN,
    WHERE_COLUMN,
    DifferencesModel,
)
from vody_desktop.ui.compare.differences_view import DifferencesView
from vody_desktop.ui.compare.row_ranges import RANGE_SIZE

ITEM_1 = {"image_path": "img/1.jpg", "top_prediction": {"color": "Red", "score": 0.91}}
ITEM_2 = {"image_path": "img/2.jpg", "top_prediction": {"color": "Blue", "score": 0.8}}
ITEM_3 = {"image_path": "img/3.jpg", "top_prediction": {"color": "Green", "score": 0.75}}
ITEM_4 = {"image_path": "img/4.jpg", "top_prediction": {"color": "Teal", "score": 0.6}}
CHANGED_1 = {**ITEM_1, "top_prediction": {"color": "Orange", "score": 0.91}}
A = [ITEM_1, ITEM_2, ITEM_3]
B = [ITEM_2, CHANGED_1, ITEM_4]


def document(value: Any) -> JsonDocument:
    return JsonDocument.parse(json.dumps(value).encode())


def comparison() -> Comparison:
    """What the engine finds: items matched by image_path, img/1 changed (and moved), img/3
    only in A, img/4 only in B."""
    return compare_documents(document(A), document(B))


def tree() -> DifferenceTree:
    return DifferenceTree(comparison(), document(A), document(B))


def texts(model: DifferencesModel, parent: QModelIndex | None = None) -> list[list[str]]:
    parent = parent or QModelIndex()
    return [
        [str(model.data(model.index(row, column, parent))) for column in range(3)]
        for row in range(model.rowCount(parent))
    ]


def shown_view(qtbot: Any, only: bool = True) -> DifferencesView:
    """The Differences tab over A and B, shown, active, the tree focused."""
    view = DifferencesView()
    qtbot.addWidget(view)
    view.show_tree(tree())
    view.set_only_differences(only)
    with qtbot.waitActive(view):
        view.show()
        view.activateWindow()
    view.tree.setFocus()
    return view


def index_of_current(view: DifferencesView) -> int:
    """The number of the difference selected (-1: a row that is none)."""
    row = view.current_row()
    assert row is not None
    return row.index


@pytest.mark.parametrize("only", [True, False])
def test_the_model_passes_qtmodeltester_in_both_modes(qtmodeltester: Any, only: bool) -> None:
    model = DifferencesModel()
    model.set_tree(tree())
    model.set_only_differences(only)
    qtmodeltester.check(model, force_py=True)
    model.set_only_differences(not only)  # a reset the tester watches
    model.set_tree(None)


def test_differences_only_shows_each_difference_with_a_mark_a_word_and_both_values(
    qapp: QApplication,
) -> None:
    model = DifferencesModel()
    model.set_tree(tree())
    top = texts(model)
    assert top == [
        ["[image_path = img/1.jpg]", "{2}", "{2}"],
        ["\u2212 [image_path = img/3.jpg]", value_text(ITEM_3), "—"],
        ["+ [image_path = img/4.jpg]", "—", value_text(ITEM_4)],
    ]
    assert value_text(ITEM_3).startswith('{"image_path": "img/3.jpg"')
    item = model.index(0, 0)
    prediction = model.index(0, 0, item)
    colour = model.index(0, 0, prediction)
    assert texts(model, prediction) == [["~ color", '"Red"', '"Orange"']]
    accessible = Qt.ItemDataRole.AccessibleTextRole
    assert model.data(colour, accessible) == "changed, color"
    assert model.data(model.index(1, WHERE_COLUMN), accessible) == (
        "removed (only in A), [image_path = img/3.jpg]"
    )
    assert model.data(model.index(2, A_COLUMN), Qt.ItemDataRole.ToolTipRole) == "A: not there"
    assert model.data(item, accessible) == "[image_path = img/1.jpg], 1 difference inside"
    # The mark's colour differs by kind, and a row that is no difference has none.
    foreground = Qt.ItemDataRole.ForegroundRole
    assert model.data(model.index(1, 0), foreground) != model.data(model.index(2, 0), foreground)
    assert model.data(item, foreground) is None


def test_the_whole_structure_shows_every_value_and_marks_only_the_differences(
    qapp: QApplication,
) -> None:
    model = DifferencesModel()
    model.set_tree(tree())
    model.set_only_differences(False)
    where = [model.data(model.index(row, WHERE_COLUMN)) for row in range(model.rowCount())]
    assert len(where) == 4  # items 1, 2 and 3 of A, and B's new item
    assert [text[0] for text in where if text[0] in "\u2212+"] == ["\u2212", "+"]
    second = model.index(1, WHERE_COLUMN)  # img/2.jpg: the same on both sides
    assert model.data(model.index(1, A_COLUMN)) == "{2}"
    assert model.data(model.index(1, B_COLUMN)) == "{2}"
    fields = texts(model, second)
    assert ["image_path", '"img/2.jpg"', '"img/2.jpg"'] in fields


def test_next_and_previous_difference_go_in_order_and_expand_the_rows_on_the_way(
    qtbot: Any,
) -> None:
    view = shown_view(qtbot)
    said: list[str] = []
    view.said.connect(said.append)
    assert view.path_label.text() == "$[0].top_prediction.color"  # the first, selected at once
    qtbot.keyClick(view.tree, Qt.Key.Key_F8)
    assert view.path_label.text() == "$[2]"
    assert index_of_current(view) == 1
    qtbot.keyClick(view.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert index_of_current(view) == 2
    assert view.position_label.text() == "Difference 3 of 3"
    qtbot.keyClick(view.tree, Qt.Key.Key_F8)
    assert said == ["That was the last difference"]
    assert index_of_current(view) == 2
    view.tree.collapseAll()
    qtbot.keyClick(view.tree, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert view.path_label.text() == "$[0].top_prediction.color"
    current = view.tree.currentIndex()
    assert view.tree.isExpanded(current.parent())
    assert view.tree.isExpanded(current.parent().parent())
    assert view.tree.visualRect(current).isValid()  # scrolled to and shown


@pytest.mark.parametrize("only", [True, False])
def test_ctrl_c_copies_the_path_and_both_values(qtbot: Any, only: bool) -> None:
    view = shown_view(qtbot, only)
    view.go_to(0)
    qtbot.keyClick(view.tree, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == '$[0].top_prediction.color: "Red" → "Orange"'


def test_switching_modes_keeps_the_difference_selected(qtbot: Any) -> None:
    view = DifferencesView()
    qtbot.addWidget(view)
    view.show_tree(tree())
    view.go_to(2)
    view.only_check.setChecked(False)
    row = view.current_row()
    assert row is not None
    assert row.index == 2
    assert view.path_label.text() == "$[2]"
    view.only_check.setChecked(True)
    assert index_of_current(view) == 2


def long_lists() -> DifferenceTree:
    """6,000 items, two of them changed (one near the start, one near the end), and three
    more only in B."""
    before = [{"id": f"item-{n:05d}", "score": n / 10_000} for n in range(6000)]
    after = [dict(item) for item in before]
    after[10]["score"] = 0.5
    after[5990]["score"] = 0.25
    after += [{"id": f"new-{n}", "score": 0.0} for n in range(3)]
    a, b = document(before), document(after)
    return DifferenceTree(compare_documents(a, b), a, b)


def largest_level(view: DifferencesView, parent: QModelIndex | None = None) -> int:
    """The most rows the view holds under one row (or at its top), over every open row."""
    model, parent = view.model, parent or QModelIndex()
    largest = model.rowCount(parent)
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        if view.tree.isExpanded(index):
            largest = max(largest, largest_level(view, index))
    return largest


def test_a_long_whole_structure_is_paired_on_a_worker_and_shown_in_ranges(
    qtbot: Any, run_async: Any
) -> None:
    view = DifferencesView()
    qtbot.addWidget(view)
    view.show_tree(long_lists())
    assert view.model.rowCount() == 5  # differences only: two changed items, three new ones
    assert str(view.model.data(view.model.index(0, WHERE_COLUMN))) == "[id = item-00010]"

    async def scenario() -> None:
        view.only_check.setChecked(False)
        assert view.model.only_differences  # not yet: the 6,003 items are paired first
        assert view.position_label.text() == "Pairing 6,003 values…"
        await wait_for(lambda: not view.model.only_differences, what="the whole structure")

    run_async(scenario())
    # The view lays out every row of a level at once: 6,003 rows would hold the window.
    assert texts(view.model) == [
        *[[f"[{n:,} … {n + 999:,}]", "1,000 items", "1,000 items"] for n in range(0, 6000, 1000)],
        ["only in B: 3 items", "—", "3 items"],
    ]
    assert view.path_label.text() == "$[10].score"  # the difference selected stays selected
    first_range = view.model.index(0, WHERE_COLUMN)
    assert view.tree.isExpanded(first_range)
    tooltip = Qt.ItemDataRole.ToolTipRole
    assert view.model.data(first_range, tooltip) == "$[0:1000]\n1 difference inside"
    view.next_difference()  # far down: through the last range of A's items
    assert view.path_label.text() == "$[5990].score"
    assert index_of_current(view) == 1
    item = view.tree.currentIndex().parent()
    assert view.model.data(item) == "[id = item-05990]"
    assert view.model.data(item.siblingAtColumn(A_COLUMN)) == "{2}"  # its values, read when shown
    assert view.model.data(view.tree.currentIndex().siblingAtColumn(B_COLUMN)) == "0.25"
    assert view.model.data(item.parent()) == "[5,000 … 5,999]"
    assert view.tree.visualRect(view.tree.currentIndex()).isValid()  # scrolled to
    view.next_difference()
    assert view.path_label.text() == "$[6000]"  # B's first new item
    assert view.model.data(view.tree.currentIndex().parent()) == "only in B: 3 items"
    view.go_to(4)
    view.go_to(0)
    assert largest_level(view) <= RANGE_SIZE
    # Shift+F8 from a range row that is no difference: the difference before its first.
    view.tree.setCurrentIndex(view.model.index(5, WHERE_COLUMN))
    view.previous_difference()
    assert view.path_label.text() == "$[10].score"


def test_a_long_array_holds_no_object_per_member_until_its_range_is_opened(
    qapp: QApplication,
) -> None:
    """Every object of the tree is walked by each full garbage collection, on the UI thread:
    a range keeps its members as the matcher's plain tuples."""
    tree = long_lists()
    before = sum(isinstance(o, (ChildPair, Row)) for o in gc.get_objects())
    tree.prepare_whole()
    ranges = tree.whole().children
    assert ranges is not None
    assert len(ranges) == 7
    made = sum(isinstance(o, (ChildPair, Row)) for o in gc.get_objects()) - before
    assert made <= 2 * len(ranges)  # the whole's root and its ranges, not 6,003 pairs
    opened = tree.children_of(ranges[5])
    assert [row.label for row in opened[-2:]] == ["[id = item-05998]", "[id = item-05999]"]
    made = sum(isinstance(o, (ChildPair, Row)) for o in gc.get_objects()) - before
    assert made <= 2 * len(ranges) + RANGE_SIZE  # a row for each member of the range opened


@pytest.mark.parametrize("only", [True, False])
def test_a_model_with_ranges_passes_qtmodeltester(
    qtmodeltester: Any, monkeypatch: pytest.MonkeyPatch, only: bool
) -> None:
    monkeypatch.setattr(row_ranges, "RANGE_SIZE", 4)
    before = [{"id": n, "score": n} for n in range(10)]
    after = [{"id": n, "score": n if n % 3 else -n} for n in range(1, 13)]
    a, b = document(before), document(after)
    model = DifferencesModel()
    model.set_tree(DifferenceTree(compare_documents(a, b), a, b))
    model.set_only_differences(only)
    qtmodeltester.check(model, force_py=True)
    if not only:
        assert [model.data(model.index(row, 0)) for row in range(model.rowCount())] == [
            "[0 … 3]",
            "[4 … 7]",
            "[8 … 9]",
            "only in B: 3 items",
        ]


def test_a_field_added_inside_a_reordered_member_sits_under_that_member_in_both_modes(
    qapp: QApplication,
) -> None:
    before = [{"id": "x", "predictions": [{"name": "a", "s": 1}, {"name": "b", "s": 2}]}]
    after = [{"id": "x", "predictions": [{"name": "b", "s": 3, "new": 1}, {"name": "a", "s": 1}]}]
    a, b = document(before), document(after)
    comparison = compare_documents(a, b)
    paths = {(d.kind.value, d.path) for d in comparison.differences}
    assert paths == {("changed", "$[0].predictions[1].s"), ("added", "$[0].predictions[0].new")}
    tree = DifferenceTree(comparison, a, b)
    model = DifferencesModel()
    model.set_tree(tree)
    for only in (True, False):
        model.set_only_differences(only)
        for number in range(2):
            index = model.index_of_difference(number)
            assert index.isValid()
            member = index.parent()
            assert model.data(member) == "[name = b]"  # both under B's [0], which is A's [1]
