"""Keys stay readable in deep results: the indentation shrinks, the Key column widens and
scrolls to the key when it must, a key cut short ends in "…" with the whole key in its tooltip,
and the next result starts from the normal layout again."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QHeaderView

from vody_desktop.document.json_document import JsonDocument
from vody_desktop.ui.result.result_tree import DEFAULT_INDENT, KEY_ROOM, MIN_INDENT
from vody_desktop.ui.result.result_view import ResultView

LONG_KEY = "a_rather_long_member_name_that_cannot_fit_in_the_room_left_for_keys"


def nested(levels: int, last_key: str = "bottom") -> bytes:
    """{"level_1": {"level_2": … {last_key: "end"}}} with `levels` levels."""
    value: object = {last_key: "end"}
    for level in range(levels - 1, 0, -1):
        value = {f"level_{level}": value}
    return json.dumps(value).encode()


@pytest.fixture
def view(qtbot: Any) -> ResultView:
    results = ResultView()
    qtbot.addWidget(results)
    results.resize(900, 500)
    with qtbot.waitExposed(results):
        results.show()
    return results


def open_down(view: ResultView, levels: int) -> QModelIndex:
    """Open the one container on each level, as a person clicking the arrows would; return
    the row on the last level."""
    model, tree = view.model, view.tree
    index = model.index(0, 0)
    for _ in range(levels - 1):
        tree.expand(index)
        while model.canFetchMore(index):
            model.fetchMore(index)
        index = model.index(0, 0, index)
    return index


def painted_pixels(view: ResultView, index: QModelIndex) -> int:
    """How many pixels of the key's cell differ from the background: 0 means blank."""
    tree = view.tree
    rect = tree.visualRect(index).intersected(tree.viewport().rect())
    if rect.isEmpty():
        return 0
    image = tree.viewport().grab(rect).toImage()
    ground = image.pixelColor(image.width() - 1, 0).rgb()
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).rgb() != ground
    )


@pytest.mark.parametrize("levels", [14, 40, 200])
def test_a_deep_key_stays_in_view(qtbot: Any, view: ResultView, levels: int) -> None:
    view.show_document(JsonDocument.parse(nested(levels)))
    deepest = open_down(view, levels)
    view.tree.setCurrentIndex(deepest)
    tree = view.tree
    assert deepest.data() == "bottom"
    assert MIN_INDENT <= tree.indentation() < DEFAULT_INDENT
    # The key has its room in the Key column, and that room is on screen.
    assert tree.key_room(deepest) >= KEY_ROOM - tree.indentation()
    rect = tree.visualRect(deepest)
    assert tree.viewport().rect().contains(rect.topLeft())
    qtbot.wait_until(lambda: painted_pixels(view, deepest) > 20)


def test_a_key_cut_short_is_elided_with_the_whole_key_in_its_tooltip(view: ResultView) -> None:
    view.show_document(JsonDocument.parse(nested(30, LONG_KEY)))
    deepest = open_down(view, 30)
    view.tree.setCurrentIndex(deepest)
    tip = view.tree.key_tooltip(deepest)
    assert tip is not None
    assert LONG_KEY in tip
    assert "Level 30" in tip
    shallow = view.model.index(0, 0)
    assert view.tree.key_tooltip(shallow) is None  # "level_1" fits: no tooltip needed


def test_the_next_result_starts_from_the_normal_layout(view: ResultView) -> None:
    header = view.tree.header()
    chosen = header.sectionSize(0)
    view.show_document(JsonDocument.parse(nested(200)))
    view.tree.setCurrentIndex(open_down(view, 200))
    assert header.sectionSize(0) > chosen  # widened to reach the key
    # What is saved is the width the person chose, not the one made for this result.
    saved = QHeaderView(header.orientation())
    saved.setModel(view.model)
    assert saved.restoreState(view.tree.column_state())
    assert saved.sectionSize(0) == chosen
    view.show_document(JsonDocument.parse(b'{"a": 1}'))
    assert view.tree.indentation() == DEFAULT_INDENT
    assert header.sectionSize(0) == chosen
    assert view.tree.horizontalScrollBar().value() == 0
