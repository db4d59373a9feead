"""The result tabs and Details: which tab a result opens on, what Details says, the corner
label, Ctrl+End in the raw view, and invisible characters made visible (but never copied)."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton

from tests.conftest import find, wait_for
from tests.gui.helpers import wait_until_built
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.store.settings import ITEMS_FIRST, AppSettings
from vody_desktop.ui.mainwindow.window import MainWindow
from vody_desktop.ui.result import json_tree_model, raw_view
from vody_desktop.ui.result.json_tree_model import KEY_COLUMN, VALUE_COLUMN
from vody_desktop.ui.result.result_view import RAW_TAB, TREE_TAB, ResultView

SMALL = b'[{"name": "first"}, {"name": "second"}]'


@pytest.fixture
def window(qtbot: Any, run_async: Any) -> Iterator[MainWindow]:
    settings = AppSettings()
    settings.set(ITEMS_FIRST, False)  # these are the Tree and Raw tabs' tests (SMALL has items)
    main_window = MainWindow(settings)
    qtbot.addWidget(main_window)
    main_window.resize(1280, 760)
    main_window.show()
    wait_until_built(qtbot, main_window)  # the Details dock, after the first paint
    yield main_window
    main_window.close()
    run_async(main_window.shutdown())


def click_tab(window: MainWindow, index: int) -> None:
    """What a person does: click the tab's label."""
    bar = window.results.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())


# -- which tab a result opens on ----------------------------------------------------------
def test_after_text_shown_on_the_raw_tab_the_next_result_opens_on_the_tree(
    window: MainWindow,
) -> None:
    window.results.show_text("<html>a sign-in page</html>")  # a failure switches to Raw JSON
    assert window.results.currentIndex() == RAW_TAB
    window.results.show_document(JsonDocument.parse(SMALL))
    assert window.results.currentIndex() == TREE_TAB
    assert window.results.tree.isVisible()


def test_a_result_opens_on_the_tab_the_person_chose(window: MainWindow, run_async: Any) -> None:
    results = window.results

    async def scenario() -> None:  # the raw view fills on the loop
        results.show_document(JsonDocument.parse(SMALL))
        click_tab(window, RAW_TAB)
        results.show_text("not json")
        results.show_document(JsonDocument.parse(b"[1, 2]"))
        assert results.currentIndex() == RAW_TAB  # their choice, not the failure's
        await wait_for(lambda: results.raw_view.toPlainText() == "[\n  1,\n  2\n]", 5, "raw")
        click_tab(window, TREE_TAB)
        results.show_text("not json")
        results.show_document(JsonDocument.parse(b"[3]"))
        assert results.currentIndex() == TREE_TAB

    run_async(scenario())


# -- what Details says --------------------------------------------------------------------
def test_details_show_the_first_row_of_a_new_result(window: MainWindow) -> None:
    path = find(window, QLabel, "detailPath")
    assert path.text() == "Fetch or open a result to see its values here."
    window.results.show_document(JsonDocument.parse(SMALL))
    assert window.results.selected_node() is not None  # $[0] is selected …
    assert path.text() == "$[0]  ·  object"  # … and Details says so
    assert '"name": "first"' in find(window, QPlainTextEdit, "detailText").toPlainText()
    window.results.tree.setCurrentIndex(QModelIndex())
    assert path.text() == "Select a row to see its value in full here."
    window.results.clear_result()
    assert path.text() == "Fetch or open a result to see its values here."


# -- "Showing 1,000 of 3,000 items" belongs to the tree -----------------------------------
def test_loaded_label_shows_only_on_the_tree_tab(
    window: MainWindow, run_async: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(json_tree_model, "CHUNK_SIZE", 25)  # a long nested list: in chunks
    monkeypatch.setattr(json_tree_model, "MAX_CHUNK_SIZE", 100)
    label = window.results.loaded_label

    async def scenario() -> None:
        document = JsonDocument.parse(json.dumps({"items": list(range(3000))}).encode())
        window.results.show_document(document)
        window.results.tree.expand(window.results.model.index(0, 0))
        await wait_for(label.isVisible, 5, "the loaded label")
        assert label.text().startswith("Showing ")
        assert " of 3,000 items in $.items" in label.text()
        click_tab(window, RAW_TAB)  # (the raw view fills on the loop)
        await wait_for(lambda: not label.isVisible(), 5, "the label to go")
        click_tab(window, TREE_TAB)
        await wait_for(label.isVisible, 5, "the label back")

    run_async(scenario())


# -- Ctrl+End and Ctrl+Home in the raw view -----------------------------------------------
def test_ctrl_end_goes_to_the_end_of_the_raw_view(window: MainWindow, run_async: Any) -> None:
    window.results.show_document(JsonDocument.parse(json.dumps(list(range(500))).encode()))
    click_tab(window, RAW_TAB)
    raw = window.results.raw_view

    async def scenario() -> None:
        await wait_for(lambda: raw.complete and raw.line_count == 502, 10, "the raw text")

    run_async(scenario())
    raw.setFocus()
    bar = raw.verticalScrollBar()
    assert bar.value() == 0
    QTest.keyClick(raw, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert bar.value() == bar.maximum() > 0
    assert raw.selected_text() == "]"  # the last line is the one marked
    QTest.keyClick(raw, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert bar.value() == 0
    assert raw.selected_text() == "["


# -- invisible characters -----------------------------------------------------------------
INVISIBLE = {"zero\u200bwidth": "a\u200bb\u0007c\ufeff", "emoji": "👩\u200d💻"}
INVISIBLE_BYTES = json.dumps(INVISIBLE, ensure_ascii=False).encode()


def test_invisible_characters_are_marked_in_the_tree_and_details(window: MainWindow) -> None:
    window.results.show_document(JsonDocument.parse(INVISIBLE_BYTES))
    model = window.results.model
    assert model.index(0, KEY_COLUMN).data() == "zero⟨U+200B⟩width"
    assert model.index(0, VALUE_COLUMN).data() == "a⟨U+200B⟩b⟨U+0007⟩c⟨U+FEFF⟩"
    assert model.index(1, VALUE_COLUMN).data() == "👩\u200d💻"  # an emoji stays one emoji
    window.results.tree.setCurrentIndex(model.index(0, 0))
    assert find(window, QPlainTextEdit, "detailText").toPlainText() == "a⟨U+200B⟩b⟨U+0007⟩c⟨U+FEFF⟩"
    assert "zero⟨U+200B⟩width" in find(window, QLabel, "detailPath").text()
    assert "zero⟨U+200B⟩width" in window.path_label.text()


def test_copy_and_export_keep_the_invisible_characters(
    window: MainWindow, run_async: Any, tmp_path: Path
) -> None:
    window.results.show_document(JsonDocument.parse(INVISIBLE_BYTES))
    window.results.tree.setCurrentIndex(window.results.model.index(0, 0))
    clipboard = QGuiApplication.clipboard()
    window.action_set.trigger("edit.copy_value")  # Ctrl+C in the tree
    assert clipboard.text() == "a\u200bb\u0007c\ufeff"
    clipboard.clear()
    find(window, QPushButton, "detailCopyButton").click()
    assert clipboard.text() == "a\u200bb\u0007c\ufeff"
    clipboard.clear()
    details = find(window, QPlainTextEdit, "detailText")
    details.selectAll()
    details.copy()  # a selection in Details: the markers turn back into the characters
    assert clipboard.text() == "a\u200bb\u0007c\ufeff"
    target = tmp_path / "out.json"
    window.export_to(str(target))

    async def scenario() -> None:
        await wait_for(target.exists, 10, "the export")

    run_async(scenario())
    assert json.loads(target.read_bytes()) == INVISIBLE


def test_a_result_cleared_while_its_raw_tab_fills_leaves_the_raw_tab_empty(
    qtbot: Any, run_async: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A raw fill cancelled by a newer result must not make the view lose track of the newer
    fill when it winds down: clearing the result then must stop that fill too."""
    # Each fill's worker step waits at a gate, so both fills are surely still under way when
    # the first one has wound down and the result is cleared.
    gate = threading.Event()
    next_batch = raw_view._Cutter.next_batch

    def gated(cutter: Any) -> Any:
        gate.wait()
        return next_batch(cutter)

    monkeypatch.setattr(raw_view._Cutter, "next_batch", gated)
    view = ResultView()
    qtbot.addWidget(view)
    view.setCurrentIndex(RAW_TAB)
    first = JsonDocument.parse(b'[{"first": 1}]')
    second = JsonDocument.parse(b'[{"second": 2}]')

    async def scenario() -> None:
        before = asyncio.all_tasks()
        view.show_document(first)
        (first_fill,) = asyncio.all_tasks() - before
        await wait_for(lambda: not view.raw_view.complete, what="the first fill to begin")
        before = asyncio.all_tasks()
        view.show_document(second)
        (second_fill,) = asyncio.all_tasks() - before
        await asyncio.wait([first_fill])  # the first fill has wound down after its cancel
        assert not second_fill.done()
        view.clear_result()
        gate.set()
        await asyncio.wait([second_fill])
        assert view.raw_view.is_empty()
        assert view.raw_view.toPlainText() == ""
        await view.shutdown()

    try:
        run_async(scenario())
    finally:
        gate.set()  # no worker thread is left waiting, whatever happened
