"""Find, filter, query, copy, expand and details: what a person sees in the window."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QDesktopServices, QGuiApplication, QIcon, QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit, QTreeView

from tests.conftest import add_window, find, wait_for
from tests.gui.helpers import wait_until_built
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.mainwindow.window import MainWindow
from vody_desktop.ui.result import tree_actions
from vody_desktop.ui.result.json_tree_model import NODE_ROLE, VALUE_COLUMN
from vody_desktop.ui.result.result_view import RAW_TAB

ITEMS = [
    {
        "id": i,
        "name": f"item {i}",
        "colors": [
            {
                "hex": "#FF7F50" if i % 10 == 7 else "#000080",
                "name": "Coral" if i % 10 == 7 else "Navy",
            }
        ],
        "url": f"https://vody.com/images/{i:03d}.png",
        "seen": "2024-03-01T12:00:00Z",
        "score": 0.5 + i / 1000,
    }
    for i in range(3000)
]
DOCUMENT = json.dumps(ITEMS, indent=1).encode()


@pytest.fixture
def window(qtbot: Any, run_async: Any) -> MainWindow:
    main_window = MainWindow(AppSettings())
    add_window(qtbot, main_window, run_async)
    main_window.resize(1100, 700)
    main_window.show()
    wait_until_built(qtbot, main_window)  # the find controller and docks, after the first paint
    main_window.results.show_document(JsonDocument.parse(DOCUMENT))
    return main_window


def press(
    widget: Any, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, key, modifiers))


async def search(window: MainWindow, text: str) -> None:
    edit = find(window, QLineEdit, "searchEdit")
    edit.setText(text)
    press(edit, Qt.Key.Key_Return)
    finder = window.inspect.find
    await wait_for(lambda: finder.finished, what="the count")


def count_text(window: MainWindow) -> str:
    return find(window, QLabel, "searchCountLabel").text()


def selected_path(window: MainWindow) -> str:
    node = window.results.selected_node()
    return node.path() if node is not None else ""


def test_find_counts_and_steps_through_matches(window: MainWindow, run_async: Any) -> None:
    async def scenario() -> None:
        await search(window, "item 37")
        assert count_text(window) == "1 of 11"  # item 37, 370..379
        await wait_for(lambda: selected_path(window) == "$[37].name", what="the match selected")
        assert window.results.tree.isExpanded(window.results.tree.currentIndex().parent())
        assert find(window, QLabel, "pathLabel").text() == "Selected: $[37].name"

        await search(window, "coral")  # case-insensitive: matches "Coral"
        assert count_text(window) == "1 of 300"
        await wait_for(lambda: selected_path(window) == "$[7].colors[0].name", what="first")
        press(find(window, QLineEdit, "searchEdit"), Qt.Key.Key_Return)
        await wait_for(lambda: selected_path(window) == "$[17].colors[0].name", what="second")
        assert count_text(window) == "2 of 300"
        window.inspect.find.previous_match()  # Shift+F3
        window.inspect.find.previous_match()
        await wait_for(lambda: selected_path(window) == "$[2997].colors[0].name", what="wrapped")
        assert count_text(window) == "300 of 300"

    run_async(scenario())


def test_find_options_and_bad_patterns(window: MainWindow, run_async: Any) -> None:
    bar = window.inspect.find_bar

    async def scenario() -> None:
        bar.case_button.setChecked(True)
        await search(window, "coral")
        assert count_text(window) == "No matches"
        bar.case_button.setChecked(False)
        bar.word_button.setChecked(True)
        await search(window, "item 3")
        assert count_text(window) == "1 of 1"
        bar.word_button.setChecked(False)
        bar.regex_button.setChecked(True)
        await search(window, r"^item 29\d\d$")
        assert count_text(window) == "1 of 100"
        find(window, QLineEdit, "searchEdit").setText("item (")
        bar.search_now()
        assert count_text(window) == "Can't search"
        assert "Regular expression" in bar.count_label.toolTip()
        assert "This search pattern can't be used" in window.statusBar().currentMessage()

    run_async(scenario())


def test_matched_text_is_highlighted(window: MainWindow, run_async: Any) -> None:
    async def scenario() -> None:
        await search(window, "navy")
        delegate = window.results.tree.itemDelegate()
        assert delegate is window.inspect.find.delegate
        assert delegate._spans("Navy blue") == [(0, 4)]
        window.grab()  # paints the highlighted rows without error

    run_async(scenario())


def test_filter_shows_only_matching_branches(window: MainWindow, run_async: Any) -> None:
    async def scenario() -> None:
        await search(window, "item 1234")
        window.inspect.find_bar.filter_button.setChecked(True)
        filtered = find(window, QTreeView, "filteredTree")
        await wait_for(filtered.isVisible, what="the filtered tree")
        model = filtered.model()
        assert model.rowCount() == 1  # 2,999 top-level items hidden
        top = model.index(0, 0)
        assert top.data() == "1234"
        assert [model.index(r, 0, top).data() for r in range(model.rowCount(top))] == ["name"]
        assert model.index(0, 1, top).data() == "item 1234"
        filtered.setCurrentIndex(model.index(0, 0, top))
        assert find(window, QLabel, "pathLabel").text() == "Selected: $[1234].name"
        window.inspect.find_bar.filter_button.setChecked(False)
        await wait_for(window.results.tree.isVisible, what="the full tree")
        assert window.results.model.rowCount() >= 1000
        await wait_for(lambda: selected_path(window) == "$[1234].name", what="same node")

    run_async(scenario())


def test_query_lists_results_and_selects_them(window: MainWindow, run_async: Any) -> None:
    query = window.inspect.query

    async def scenario() -> None:
        query.edit.setText("$[*].colors[0].hex")
        query.run()
        await wait_for(lambda: query.results.rowCount() == 3000, what="the results")
        assert query.status.text() == "3,000 results"
        assert query.results.index(3).data() == "$[3].colors[0].hex  =  #000080"
        query.list_view.setCurrentIndex(query.results.index(2500))
        await wait_for(lambda: selected_path(window) == "$[2500].colors[0].hex", what="selected")

        query.edit.setText("$[*.colors")
        query.run()
        await wait_for(lambda: "can't be read" in query.status.text(), what="the error")
        assert "near character 4" in query.status.text()
        assert "starts with $" in query.status.text()
        assert query.results.rowCount() == 0

    run_async(scenario())


def test_copy_value_key_path_and_json(window: MainWindow, run_async: Any) -> None:
    clipboard = QGuiApplication.clipboard()
    actions = window.inspect.actions

    async def scenario() -> None:
        await search(window, "#FF7F50")
        await wait_for(lambda: selected_path(window) == "$[7].colors[0].hex", what="selected")
        window.action_set.trigger("edit.copy_value")  # Ctrl+C
        assert clipboard.text() == "#FF7F50"
        actions.copy_key.trigger()
        assert clipboard.text() == "hex"
        actions.copy_path.trigger()
        assert clipboard.text() == "$[7].colors[0].hex"
        tree = window.results.tree
        tree.setCurrentIndex(tree.currentIndex().parent())
        actions.copy_json.trigger()
        assert clipboard.text() == '{\n  "hex": "#FF7F50",\n  "name": "Coral"\n}'
        assert actions.copy_path.shortcut().toString() == "Ctrl+Alt+C"

    run_async(scenario())


def test_expand_all_stops_at_the_cap(
    window: MainWindow, run_async: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tree_actions, "EXPAND_ALL_CAP", 50)
    tree = window.results.tree
    model = window.results.model

    async def scenario() -> None:
        window.inspect.actions.expand_all.trigger()
        await wait_for(lambda: "Expanded the first 50 rows" in window.statusBar().currentMessage())
        assert tree.isExpanded(model.index(0, 0))
        assert not tree.isExpanded(model.index(500, 0))
        window.inspect.actions.collapse_all.trigger()
        assert not tree.isExpanded(model.index(0, 0))
        monkeypatch.setattr(tree_actions, "EXPAND_ALL_CAP", 100_000)
        window.inspect.actions.expand_levels[0].trigger()  # level 1: the items open
        await wait_for(lambda: tree.isExpanded(model.index(999, 0)), what="level 1")
        colors = model.index(2, 0, model.index(0, 0))
        assert colors.data() == "colors"
        assert not tree.isExpanded(colors)

    run_async(scenario())


def test_detail_pane_shows_the_whole_value(window: MainWindow, run_async: Any) -> None:
    long_text = "word " * 2000
    window.results.show_document(
        JsonDocument.parse(json.dumps({"note": long_text, "n": 1}).encode())
    )
    tree, model = window.results.tree, window.results.model
    window.inspect.details.show()
    window.inspect.details.raise_()
    tree.setCurrentIndex(model.index(0, 0))
    text = find(window, QPlainTextEdit, "detailText")
    assert text.toPlainText() == long_text
    assert text.lineWrapMode() == QPlainTextEdit.LineWrapMode.WidgetWidth
    assert find(window, QLabel, "detailPath").text() == "$.note  ·  text"
    assert len(model.index(0, 1).data()) == 200  # elided in the tree
    window.inspect.details.copy_button.click()
    assert QGuiApplication.clipboard().text() == long_text


def test_values_read_as_a_person_expects(window: MainWindow) -> None:
    model = window.results.model
    first = model.index(0, 0)
    tree = window.results.tree
    tree.expand(first)
    colors = model.index(2, 0, first)
    assert colors.data() == "colors"
    tree.expand(colors)
    tree.expand(model.index(0, 0, colors))
    hex_index = model.index(0, VALUE_COLUMN, model.index(0, 0, colors))
    assert hex_index.data() == "#000080"
    swatch = hex_index.data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(swatch, QIcon)
    assert not swatch.isNull()
    name_index = model.index(1, VALUE_COLUMN, first)
    assert name_index.data(Qt.ItemDataRole.DecorationRole) is None
    seen = model.index(4, VALUE_COLUMN, first)
    assert seen.data(Qt.ItemDataRole.ToolTipRole).startswith("Local time: Fri 01 Mar 2024")
    url = model.index(3, VALUE_COLUMN, first)
    assert "Open link in browser" in url.data(Qt.ItemDataRole.ToolTipRole)
    score = model.index(5, VALUE_COLUMN, first)
    assert score.data(NODE_ROLE).kind == "number"


def test_only_web_links_open(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from vody_desktop.ui.result import value_look

    assert value_look.link_of("https://vody.com/a.png") is not None
    assert value_look.link_of("file:///etc/passwd") is None
    assert value_look.link_of("javascript:alert(1)") is None
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    model = window.results.model
    window.results.tree.expand(model.index(0, 0))
    window.results.tree.setCurrentIndex(model.index(3, 0, model.index(0, 0)))
    window.inspect.actions.open_link.trigger()
    assert opened == ["https://vody.com/images/000.png"]
    window.results.tree.setCurrentIndex(model.index(1, 0, model.index(0, 0)))
    window.inspect.actions.open_link.trigger()
    assert opened == ["https://vody.com/images/000.png"]
    assert "Only web links" in window.statusBar().currentMessage()


def test_raw_view_numbers_lines_and_finds(window: MainWindow, run_async: Any) -> None:
    raw = window.results.raw_view

    async def scenario() -> None:
        window.results.setCurrentIndex(RAW_TAB)
        await wait_for(lambda: raw.complete and not raw.is_empty(), what="the raw text")
        assert raw.line_count == DOCUMENT.count(b"\n") + 1  # the same lines, indented by 2
        assert raw.line(0) == "["
        assert raw.line(2) == '    "id": 0,'
        assert json.loads(raw.toPlainText()) == ITEMS
        edit = find(window, QLineEdit, "searchEdit")
        edit.setText("item 1234")
        press(edit, Qt.Key.Key_Return)
        await wait_for(lambda: count_text(window) == "1 of 1", what="raw count")
        line, start, end = raw.matches[0]
        assert raw.line(line)[start:end] == "item 1234"
        assert raw.verticalScrollBar().value() <= line < raw.verticalScrollBar().value() + 60
        window.action_set.trigger("edit.copy_value")
        assert QGuiApplication.clipboard().text() == '    "name": "item 1234",'
        window.grab()

    run_async(scenario())


def test_the_path_of_the_selection_is_always_shown(window: MainWindow) -> None:
    tree, model = window.results.tree, window.results.model
    tree.setCurrentIndex(model.index(12, 0))
    assert find(window, QLabel, "pathLabel").text() == "Selected: $[12]"
    tree.setCurrentIndex(QModelIndex())
    assert find(window, QLabel, "pathLabel").text() == ""
