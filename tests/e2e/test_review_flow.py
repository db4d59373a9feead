"""Review mode against the sandbox, by keyboard: the reference's example is looked up, 1 2 1 3
gives its four verdicts, and a new window over the same profile (the app started again) shows
them after the same lookup; the move-to-next preference; a note by N."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel, QTableView

from tests.conftest import find, wait_for
from tests.e2e.conftest import open_sandbox_window
from tests.e2e.helpers import fetch_tree
from vody_desktop.document.export_formats import ExportFormat
from vody_desktop.review.report import CSV_HEADER
from vody_desktop.sandbox import catalogue
from vody_desktop.store.history import DATABASE_NAME
from vody_desktop.store.paths import data_dir
from vody_desktop.store.reviews import ReviewRef, ReviewStore, Verdict
from vody_desktop.store.settings import MOVE_AFTER_VERDICT, AppSettings
from vody_desktop.ui.mainwindow.window import MainWindow

pytestmark = pytest.mark.e2e

FOUR_DONE = "4 of 4 reviewed · 2 correct · 1 wrong · 1 unsure · 50% correct of those reviewed"


def _column(table: QTableView, title: str) -> list[str]:
    model = table.model()
    titles = [model.headerData(n, Qt.Orientation.Horizontal) for n in range(model.columnCount())]
    number = titles.index(title)
    return [model.index(row, number).data() or "" for row in range(model.rowCount())]


async def _open_review(qtbot: Any, window: MainWindow) -> tuple[QTableView, QLabel]:
    """Look up the reference's example and wait until its review is open (the summary reads)."""
    await fetch_tree(qtbot, window, catalogue.COLOR_RESULTS_ID)
    summary = find(window, QLabel, "reviewSummary")
    await wait_for(
        lambda: summary.isVisible() and " of 4 reviewed" in summary.text(), what="the review"
    )
    table = find(window, QTableView, "itemsTable")
    QTest.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # the Items tab
    await wait_for(lambda: QApplication.focusWidget() is table, what="the table's focus")
    await wait_for(lambda: table.currentIndex().isValid(), what="a current row")
    return table, summary


def _note_editor(window: MainWindow) -> QInputDialog:
    editor = window.items.tab.review.note_editor
    assert editor is not None, "N opened no note editor"
    assert editor.objectName() == "reviewNoteEditor"
    return editor


async def _kept(window: MainWindow) -> None:
    reviews = window.items.reviews
    assert reviews is not None
    await wait_for(lambda: reviews.pending == 0, what="the verdicts written")


def test_one_two_one_three_gives_four_verdicts_that_a_restart_shows_again(
    qtbot: Any, window: MainWindow, sandbox_url: str, run_async: Any, tmp_path: Path
) -> None:
    csv_path, markdown_path = tmp_path / "review.csv", tmp_path / "review.md"

    async def first_run() -> None:
        table, summary = await _open_review(qtbot, window)
        assert summary.text() == "0 of 4 reviewed · 0 correct · 0 wrong · 0 unsure"
        assert table.currentIndex().row() == 0
        for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_1, Qt.Key.Key_3):
            QTest.keyClick(table, key)
        assert summary.text() == FOUR_DONE
        assert _column(table, "Verdict") == ["✓", "✗", "✓", "?"]
        verdict = _column(table, "Verdict").index("✗")
        tip = (
            table.model()
            .index(verdict, table.model().columnCount() - 2)
            .data(Qt.ItemDataRole.ToolTipRole)
        )
        assert tip == "Wrong"
        await _kept(window)

    run_async(first_run())
    window.close()
    run_async(window.shutdown())

    again = open_sandbox_window(qtbot, run_async, sandbox_url)

    async def second_run() -> list[str]:
        table, summary = await _open_review(qtbot, again)
        assert summary.text() == FOUR_DONE
        assert _column(table, "Verdict") == ["✓", "✗", "✓", "?"]
        assert again.action_set["file.export_review_csv"].isEnabled()
        again.items.review_export.export_to(str(csv_path), ExportFormat.CSV)
        await wait_for(csv_path.exists, what="the review's CSV")
        again.items.review_export.export_to(str(markdown_path), ExportFormat.MARKDOWN)
        await wait_for(markdown_path.exists, what="the review's Markdown report")
        pictures = _column(table, "Picture")
        return pictures

    pictures = run_async(second_run())
    rows = list(csv.reader(csv_path.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == list(CSV_HEADER)
    assert [row[6] for row in rows[1:]] == ["correct", "wrong", "correct", "unsure"]
    assert [row[1] for row in rows[1:]] == pictures  # the picture links, in item order
    assert all(row[8] and row[9].endswith("UTC") for row in rows[1:])  # reviewer and time
    report = markdown_path.read_text(encoding="utf-8")
    assert "- **Reviewed:** 4 of 4 reviewed · 2 correct · 1 wrong · 1 unsure" in report
    assert "- **Share correct:** 50% correct of those reviewed" in report
    assert "## Wrong (1)" in report
    assert pictures[1] in report  # the wrong item's picture link
    with ReviewStore(data_dir() / DATABASE_NAME) as store:
        ref = next(iter(store.reviewed()))
        assert ref.inference_id == catalogue.COLOR_RESULTS_ID
        stored = store.load(ReviewRef(ref.base_url, ref.inference_id))
    assert stored is not None
    assert sorted(stored.verdicts.values()) == [
        Verdict.CORRECT,
        Verdict.CORRECT,
        Verdict.WRONG,
        Verdict.UNSURE,
    ]


def test_with_move_to_next_off_the_verdict_stays_on_its_row_and_n_adds_a_note(
    qtbot: Any, sandbox_url: str, run_async: Any
) -> None:
    settings = AppSettings()
    settings.set(MOVE_AFTER_VERDICT, False)
    window = open_sandbox_window(qtbot, run_async, sandbox_url, settings=settings)

    async def scenario() -> None:
        table, summary = await _open_review(qtbot, window)
        QTest.keyClick(table, Qt.Key.Key_2)
        assert table.currentIndex().row() == 0
        QTest.keyClick(table, Qt.Key.Key_1)  # a second key changes the same item's verdict
        assert summary.text().startswith("1 of 4 reviewed · 1 correct · 0 wrong")
        QTest.keyClick(table, Qt.Key.Key_0)
        assert summary.text() == "0 of 4 reviewed · 0 correct · 0 wrong · 0 unsure"
        QTest.keyClick(table, Qt.Key.Key_N)
        editor = _note_editor(window)
        await wait_for(editor.isVisible, what="the note editor")
        editor.setTextValue("blue, not navy")
        QTest.keyClick(editor, Qt.Key.Key_Return)
        await wait_for(lambda: _column(table, "Note")[0] == "blue, not navy", what="the note")
        QTest.keyClick(table, Qt.Key.Key_N)
        editor = _note_editor(window)
        await wait_for(editor.isVisible, what="the note editor again")
        editor.setTextValue("thrown away")
        QTest.keyClick(editor, Qt.Key.Key_Escape)
        await wait_for(lambda: not editor.isVisible(), what="the editor closed")
        assert _column(table, "Note")[0] == "blue, not navy"
        await _kept(window)

    run_async(scenario())
