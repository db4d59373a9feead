"""The compare window's differences tree without a server: the model (qtmodeltester), its marks
(not colour alone), differences only against the whole merged structure, and going from
difference to difference with the keys, expanding on the way."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from vody_desktop.compare.differences import (
    Comparison,
    Difference,
    DifferenceCounts,
    DifferenceKind,
    ItemCounts,
    ItemPair,
)
from vody_desktop.compare.summary import value_text
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.ui.compare.difference_rows import DifferenceTree
from vody_desktop.ui.compare.differences_model import (
    A_COLUMN,
    B_COLUMN,
    WHERE_COLUMN,
    DifferencesModel,
)
from vody_desktop.ui.compare.differences_view import DifferencesView

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
    """What the engine finds for A and B (items matched by image_path), written out by hand."""
    differences = [
        Difference(
            DifferenceKind.CHANGED,
            "$[0].top_prediction.color",
            (0, "top_prediction", "color"),
            "Red",
            "Orange",
            ItemPair(0, 1, "img/1.jpg"),
        ),
        Difference(
            DifferenceKind.REMOVED, "$[2]", (2,), ITEM_3, None, ItemPair(2, None, "img/3.jpg")
        ),
        Difference(
            DifferenceKind.ADDED, "$[2]", (2,), None, ITEM_4, ItemPair(None, 2, "img/4.jpg")
        ),
    ]
    return Comparison(
        differences,
        DifferenceCounts(added=1, removed=1, changed=1),
        ItemCounts("$", "image_path", 3, 3, changed=1, added=1, removed=1),
    )


def tree() -> DifferenceTree:
    return DifferenceTree(comparison(), document(A), document(B))


def texts(model: DifferencesModel, parent: QModelIndex = QModelIndex()) -> list[list[str]]:
    return [
        [str(model.data(model.index(row, column, parent))) for column in range(3)]
        for row in range(model.rowCount(parent))
    ]


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
        ["[0]  image_path = img/1.jpg  (B: [1])", "", ""],
        ["\u2212 [2]  image_path = img/3.jpg", value_text(ITEM_3), "—"],
        ["\uff0b [2]  image_path = img/4.jpg", "—", value_text(ITEM_4)],
    ]
    assert value_text(ITEM_3).startswith('{"image_path": "img/3.jpg"')
    item = model.index(0, 0)
    prediction = model.index(0, 0, item)
    colour = model.index(0, 0, prediction)
    assert texts(model, prediction) == [["~ color", '"Red"', '"Orange"']]
    accessible = Qt.ItemDataRole.AccessibleTextRole
    assert model.data(colour, accessible) == "changed, color"
    assert model.data(model.index(1, WHERE_COLUMN), accessible).startswith(
        "removed (only in A), [2]"
    )
    assert model.data(model.index(2, A_COLUMN), Qt.ItemDataRole.ToolTipRole) == "A: not there"
    assert model.data(item, accessible) == (
        "[0]  image_path = img/1.jpg  (B: [1]), 1 difference inside"
    )
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
    assert [text[0] for text in where if text[0] in "\u2212\uff0b"] == ["\u2212", "\uff0b"]
    second = model.index(1, WHERE_COLUMN)  # img/2.jpg: the same on both sides
    assert model.data(model.index(1, A_COLUMN)) == "{2}"
    assert model.data(model.index(1, B_COLUMN)) == "{2}"
    fields = texts(model, second)
    assert ["image_path", '"img/2.jpg"', '"img/2.jpg"'] in fields


def test_next_and_previous_difference_go_in_order_and_expand_the_rows_on_the_way(
    qtbot: Any,
) -> None:
    view = DifferencesView()
    qtbot.addWidget(view)
    view.show_tree(tree())
    view.tree.collapseAll()
    view.tree.setCurrentIndex(QModelIndex())
    view._last = -1
    said: list[str] = []
    view.said.connect(said.append)
    view.show()
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_F8)
    assert view.path_label.text() == "$[0].top_prediction.color"
    assert view.tree.isExpanded(view.tree.currentIndex().parent())
    qtbot.keyClick(view.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert view.path_label.text() == "$[2]"
    assert view.current_row() is not None and view.current_row().index == 1  # type: ignore[union-attr]
    qtbot.keyClick(view.tree, Qt.Key.Key_F8)
    assert view.current_row().index == 2  # type: ignore[union-attr]
    assert view.position_label.text() == "Difference 3 of 3"
    qtbot.keyClick(view.tree, Qt.Key.Key_F8)
    assert said == ["That was the last difference"]
    qtbot.keyClick(view.tree, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert view.path_label.text() == "$[0].top_prediction.color"


@pytest.mark.parametrize("only", [True, False])
def test_ctrl_c_copies_the_path_and_both_values(qtbot: Any, only: bool) -> None:
    view = DifferencesView()
    qtbot.addWidget(view)
    view.show_tree(tree())
    view.set_only_differences(only)
    view.show()
    view.go_to(0)
    view.tree.setFocus()
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
    assert view.current_row() is not None and view.current_row().index == 2  # type: ignore[union-attr]
