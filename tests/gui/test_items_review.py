"""Review mode on the Items table, offscreen: verdicts matched by key when the result changed,
items without a key field (matched by position), the review's quick filters, and a Verdict
column that reads without colour."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QLabel, QTableView

from tests.conftest import HANG_MS, find
from tests.gui.helpers import record
from tests.lookup_results import request_for, show_document
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.store.history import HistoryEntry, HistoryUnavailableError
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.mainwindow.window import MainWindow


def _doc(items: list[dict[str, Any]]) -> JsonDocument:
    return JsonDocument.parse(json.dumps(items).encode())


def _picture(name: str) -> dict[str, Any]:
    return {"image_path": f"https://example.com/{name}.png", "label": name}


def _window(qtbot: Any) -> MainWindow:
    settings = AppSettings()
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(1100, 700)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.build_rest()  # the history (where verdicts are kept) is there from the start
    return window


def _show(qtbot: Any, window: MainWindow, document: JsonDocument) -> QTableView:
    show_document(window, document)
    table = find(window, QTableView, "itemsTable")
    qtbot.waitUntil(lambda: window.items.tab.review.session is not None, timeout=HANG_MS)
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    return table


def _verdicts(table: QTableView) -> list[str]:
    model = table.model()
    column = next(
        n
        for n in range(model.columnCount())
        if model.headerData(n, Qt.Orientation.Horizontal) == "Verdict"
    )
    return [model.index(row, column).data() or "" for row in range(model.rowCount())]


def _summary(window: MainWindow) -> str:
    return find(window, QLabel, "reviewSummary").text()


def _written(qtbot: Any, window: MainWindow) -> None:
    reviews = window.items.reviews
    assert reviews is not None
    qtbot.waitUntil(lambda: reviews.pending == 0, timeout=HANG_MS)


def test_a_changed_result_says_so_and_keeps_verdicts_by_key(qtbot: Any) -> None:
    window = _window(qtbot)
    table = _show(qtbot, window, _doc([_picture("a"), _picture("b"), _picture("c")]))
    QTest.keyClick(table, Qt.Key.Key_1)
    QTest.keyClick(table, Qt.Key.Key_2)
    assert _verdicts(table) == ["✓", "✗", ""]
    _written(qtbot, window)

    table = _show(qtbot, window, _doc([_picture("b"), _picture("c"), _picture("d")]))
    assert _verdicts(table) == ["✗", "", ""]  # b kept its verdict in its new place
    assert _summary(window).startswith("1 of 3 reviewed · 0 correct · 1 wrong · 0 unsure")
    changed = find(window, QLabel, "reviewChangedLabel")
    assert changed.isVisible()
    assert changed.text() == (
        "This result changed since it was reviewed: 1 item is new and 1 reviewed item is gone."
        " Verdicts are matched by image_path."
    )


def test_items_without_a_key_field_are_matched_by_position(qtbot: Any) -> None:
    window = _window(qtbot)
    same = [{"v": 1}, {"v": 1}, {"v": 2}]
    table = _show(qtbot, window, _doc(same))
    table.setCurrentIndex(table.model().index(1, 0))
    QTest.keyClick(table, Qt.Key.Key_3)
    assert _verdicts(table) == ["", "?", ""]
    _written(qtbot, window)

    table = _show(qtbot, window, _doc(same))  # looked up again: the same result
    assert _verdicts(table) == ["", "?", ""]
    assert not find(window, QLabel, "reviewChangedLabel").isVisible()

    table = _show(qtbot, window, _doc([{"v": 1}, {"v": 3}, {"v": 2}]))
    assert _verdicts(table) == ["", "?", ""]
    assert "matched by position" in find(window, QLabel, "reviewChangedLabel").text()


def test_wrong_only_and_not_yet_reviewed_filter_the_rows(qtbot: Any) -> None:
    window = _window(qtbot)
    table = _show(qtbot, window, _doc([_picture(name) for name in "abcd"]))
    for key in (Qt.Key.Key_2, Qt.Key.Key_1):
        QTest.keyClick(table, key)
    count = find(window, QLabel, "itemsCountLabel")
    find(window, QCheckBox, "reviewWrongCheck").setChecked(True)
    assert count.text() == "1 of 4 items shown"
    assert _verdicts(table) == ["✗"]
    find(window, QCheckBox, "reviewUnreviewedCheck").setChecked(True)
    assert not find(window, QCheckBox, "reviewWrongCheck").isChecked()
    assert count.text() == "2 of 4 items shown"
    assert _verdicts(table) == ["", ""]
    find(window, QCheckBox, "reviewUnreviewedCheck").setChecked(False)
    assert count.text() == "4 of 4 items shown"


def test_the_verdict_column_says_it_in_words_and_shapes(qtbot: Any) -> None:
    window = _window(qtbot)
    table = _show(qtbot, window, _doc([_picture(name) for name in "abcd"]))
    for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3):
        QTest.keyClick(table, key)
    model = table.model()
    column = model.columnCount() - 2
    words = [model.index(row, column).data(Qt.ItemDataRole.AccessibleTextRole) for row in range(4)]
    assert words == ["Correct", "Wrong", "Unsure", "Not yet reviewed"]
    colours = {
        model.index(row, column).data(Qt.ItemDataRole.ForegroundRole).name() for row in range(3)
    }
    assert len(colours) == 3  # and a colour each, beside the shape
    assert _summary(window) == (
        "3 of 4 reviewed · 1 correct · 1 wrong · 1 unsure · 33% correct of those reviewed"
    )
    table.setCurrentIndex(model.index(0, 0))
    QTest.keyClick(table, Qt.Key.Key_0)
    assert _verdicts(table)[0] == ""
    assert table.currentIndex().row() == 1  # cleared, then on to the next


def test_sorting_by_verdict_puts_wrong_first_and_unreviewed_last(qtbot: Any) -> None:
    window = _window(qtbot)
    table = _show(qtbot, window, _doc([_picture(name) for name in "abcde"]))
    for key in (Qt.Key.Key_1, Qt.Key.Key_3, Qt.Key.Key_2):
        QTest.keyClick(table, key)
    model = table.model()
    verdict = model.columnCount() - 2
    table.horizontalHeader().setSortIndicator(verdict, Qt.SortOrder.AscendingOrder)
    assert _verdicts(table) == ["✗", "?", "✓", "", ""]
    table.horizontalHeader().setSortIndicator(verdict, Qt.SortOrder.DescendingOrder)
    assert _verdicts(table) == ["✓", "?", "✗", "", ""]


def test_a_saved_copy_from_the_history_shows_its_inferences_verdicts(qtbot: Any) -> None:
    window = _window(qtbot)
    document = _doc([_picture(name) for name in "abc"])
    table = _show(qtbot, window, document)
    QTest.keyClick(table, Qt.Key.Key_2)
    _written(qtbot, window)
    window.results.clear_result()
    qtbot.waitUntil(lambda: window.items.tab.review.session is None, timeout=HANG_MS)

    request = request_for()
    entry = HistoryEntry(
        **{**dataclasses.asdict(record(request.inference_id)), "base_url": request.base_url},
        entry_id=1,
        note="",
        has_offline_copy=True,
    )
    window.show_saved_copy(entry, JsonDocument.parse(bytes(document.data)))
    qtbot.waitUntil(lambda: window.items.tab.review.session is not None, timeout=HANG_MS)
    assert _verdicts(find(window, QTableView, "itemsTable")) == ["✗", "", ""]
    assert _summary(window).startswith("1 of 3 reviewed · 0 correct · 1 wrong")


def test_when_the_history_fails_the_review_goes_on_and_says_it_is_not_kept(qtbot: Any) -> None:
    window = _window(qtbot)
    table = _show(qtbot, window, _doc([_picture(name) for name in "ab"]))
    # What the worker does when the file stops working (a full disk, a removed folder).
    window.history.worker._fail(HistoryUnavailableError(detail="disk I/O error"))
    QTest.keyClick(table, Qt.Key.Key_1)
    assert _verdicts(table) == ["✓", ""]
    assert _summary(window).endswith("· not kept: the history is off")
    reviews = window.items.reviews
    assert reviews is not None
    assert reviews.pending == 0  # nothing waits for a dead worker


def test_a_double_click_in_the_note_column_opens_the_note_editor(qtbot: Any) -> None:
    window = _window(qtbot)
    table = _show(qtbot, window, _doc([_picture(name) for name in "ab"]))
    model = table.model()
    note = model.index(1, model.columnCount() - 1)
    assert model.headerData(note.column(), Qt.Orientation.Horizontal) == "Note"
    table.scrollTo(note)
    table.setCurrentIndex(note)
    # The scroll is laid out on the next turn of the event loop.
    qtbot.waitUntil(lambda: table.indexAt(table.visualRect(note).center()) == note)
    centre = table.visualRect(note).center()
    # As a mouse sends a double click: a click, then the second press as a double click.
    QTest.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre
    )
    QTest.mouseDClick(
        table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre
    )
    editor = window.items.tab.review.note_editor
    assert editor is not None
    qtbot.waitUntil(editor.isVisible, timeout=HANG_MS)
    assert "item 1" in editor.labelText()
    editor.setTextValue("  scuffed box  ")
    editor.accept()
    assert note.data() == "scuffed box"
    assert model.index(1, model.columnCount() - 2).data(Qt.ItemDataRole.ToolTipRole) == (
        "Not yet reviewed. Note: scuffed box"
    )
