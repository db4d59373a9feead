"""The compare window (Lookup > Compare…, Ctrl+D) on the real main window against the sandbox:
two IDs, the result on show against a saved file, two history entries, an unknown ID on one
side, Cancel while a side is still on its way, and the report files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from tests.conftest import find, wait_for
from tests.e2e.conftest import API_KEY
from tests.e2e.helpers import fetch_tree, wait_idle
from vody_desktop.api.environments import SANDBOX_KEY
from vody_desktop.compare.differences import DifferenceKind
from vody_desktop.sandbox import catalogue
from vody_desktop.store.settings import COMPARE_ABSOLUTE_TOLERANCE, KEEP_RESULTS_OFFLINE
from vody_desktop.ui.compare.compare_window import CompareWindow
from vody_desktop.ui.compare.differences_model import WHERE_COLUMN
from vody_desktop.ui.compare.sources import SourceKind, SourcePicker
from vody_desktop.ui.mainwindow.window import MainWindow

pytestmark = pytest.mark.e2e
UNKNOWN_ID = "0000dead-0000-4000-8000-000000000000"
BEFORE_AFTER = "2 changed, 1 added, 1 removed of 6 items"


def open_compare(window: MainWindow) -> CompareWindow:
    """Ctrl+D, with the sandbox key in the main form."""
    window.form.api_key_edit.setText(API_KEY)
    window.action_set.trigger("lookup.compare")
    compare = window.findChild(CompareWindow, "compareWindow")
    assert compare is not None
    assert compare.isVisible()
    return compare


def type_id(qtbot: Any, side: SourcePicker, inference_id: str) -> None:
    """What a person does: choose "Inference ID" and the sandbox, type the ID."""
    side.kind_combo.setCurrentIndex(side.kind_combo.findData(SourceKind.ID))
    side.environment_combo.setCurrentIndex(side.environment_combo.findData(SANDBOX_KEY))
    side.id_edit.clear()
    qtbot.keyClicks(side.id_edit, inference_id)


def summary(compare: CompareWindow) -> str:
    return find(compare, QLabel, "compareSummary").text()


async def compared(compare: CompareWindow) -> None:
    await wait_for(lambda: bool(summary(compare)), what="the comparison's summary")
    assert not compare.runner.running


def test_two_ids_compare_item_by_item_with_marks_and_items(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    compare = open_compare(window)
    type_id(qtbot, compare.side_a, catalogue.COMPARE_BEFORE_ID)
    type_id(qtbot, compare.side_b, catalogue.COMPARE_AFTER_ID)

    async def scenario() -> None:
        qtbot.keyClick(compare.side_b.id_edit, Qt.Key.Key_Return)
        await compared(compare)

    run_async(scenario())
    assert summary(compare) == BEFORE_AFTER
    tree = compare.differences
    model = tree.model
    marks = [str(model.data(model.index(row, WHERE_COLUMN)))[0] for row in range(model.rowCount())]
    # The shoes and the dress (changed inside), the scarf (only in A), the curtains (only in B).
    assert marks == ["[", "[", "\u2212", "+"]
    # The first difference, selected: the shoes' top prediction, compared by rank.
    assert tree.path_label.text() == "$[0].predictions[0].hex_color"
    assert compare.tabs.isTabEnabled(1)
    caption = find(compare, QLabel, "changedItemsOnlyInA").text()
    assert caption.startswith("1 item only in A")
    assert "05-scarf" in caption
    assert compare.messages.title() == ""


def test_the_result_on_show_against_a_saved_golden_file(
    qtbot: Any, window: MainWindow, run_async: Any, tmp_path: Path
) -> None:
    async def fetch() -> None:
        await fetch_tree(qtbot, window, catalogue.COLOR_RESULTS_ID)

    run_async(fetch())
    document = window.results.document
    assert document is not None
    golden = json.loads(document.data)
    golden[0]["image_path"] += "?v=1"  # that item is another one now: one removed, one added
    golden[1]["predictions"][0]["score"] += 1e-12  # noise: no difference
    (tmp_path / "golden.json").write_text(json.dumps(golden), encoding="utf-8")
    compare = open_compare(window)
    assert compare.side_a.kind is SourceKind.MAIN  # pre-filled with the result on show
    assert catalogue.COLOR_RESULTS_ID in compare.side_a.main_label.text()
    compare.side_b.set_file(tmp_path / "golden.json")

    async def scenario() -> None:
        compare.compare_button.click()
        await compared(compare)

    run_async(scenario())
    assert compare.outcome is not None
    total = compare.outcome.comparison.items
    assert total is not None
    assert summary(compare) == f"1 added, 1 removed of {total.total_a:,} items"
    assert compare.outcome.name_b == "golden.json"


def test_two_history_entries_compare_the_older_as_a(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    async def fetch_both() -> None:
        await fetch_tree(qtbot, window, catalogue.COMPARE_BEFORE_ID)
        await fetch_tree(qtbot, window, catalogue.COMPARE_AFTER_ID)
        panel = window.history.panel
        await wait_for(lambda: panel.model.rowCount() >= 2, what="both lookups in the history")

    run_async(fetch_both())
    panel = window.history.panel
    view = panel.list_view
    selection = view.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    selection.select(panel.model.index(0), flags)
    selection.select(panel.model.index(1), flags)
    assert panel.compare_action.isEnabled()
    view.setFocus()
    assert QApplication.focusWidget() is view

    async def scenario() -> None:
        qtbot.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
        compare = window.findChild(CompareWindow, "compareWindow")
        assert compare is not None
        await compared(compare)

    run_async(scenario())
    compare = window.findChild(CompareWindow, "compareWindow")
    assert compare is not None
    assert compare.outcome is not None
    assert compare.outcome.name_a.startswith(catalogue.COMPARE_BEFORE_ID)  # the older
    assert compare.outcome.name_b.startswith(catalogue.COMPARE_AFTER_ID)
    assert summary(compare) == BEFORE_AFTER


def test_an_unknown_id_on_one_side_says_which_side_and_the_window_stays_usable(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    compare = open_compare(window)
    type_id(qtbot, compare.side_a, catalogue.COMPARE_BEFORE_ID)
    type_id(qtbot, compare.side_b, UNKNOWN_ID)

    async def scenario() -> None:
        qtbot.keyClick(compare.side_b.id_edit, Qt.Key.Key_Return)
        await wait_for(lambda: bool(compare.messages.title()), what="the message")
        await wait_for(lambda: not compare.runner.running, what="the end")

    run_async(scenario())
    assert compare.messages.title() == "B: No inference was found with this ID on Sandbox"
    assert API_KEY not in compare.messages.advice() + compare.messages.detail()
    assert summary(compare) == ""
    assert compare.compare_button.isEnabled()
    assert compare.side_b.isEnabled()
    assert QApplication.focusWidget() is compare.side_b.id_edit

    async def again() -> None:
        compare.side_b.id_edit.setText(catalogue.COMPARE_AFTER_ID)
        compare.compare_button.click()
        await compared(compare)

    run_async(again())
    assert summary(compare) == BEFORE_AFTER
    assert compare.messages.title() == ""


def test_esc_stops_a_comparison_whose_side_is_still_on_its_way(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    compare = open_compare(window)
    type_id(qtbot, compare.side_a, catalogue.COMPARE_BEFORE_ID)
    type_id(qtbot, compare.side_b, catalogue.SLOW_ID)  # answers after 10 minutes
    state = find(compare, QLabel, "compareStateLabel")

    async def scenario() -> None:
        qtbot.keyClick(compare.side_b.id_edit, Qt.Key.Key_Return)
        await wait_for(lambda: state.text() == "Getting A and B…", what="the fetching")
        assert compare.cancel_button.isEnabled()
        qtbot.keyClick(compare.side_b.id_edit, Qt.Key.Key_Escape)
        await wait_for(lambda: state.text() == "Stopped", what="the stop")

    run_async(scenario())
    assert not compare.runner.running
    assert compare.compare_button.isEnabled()
    assert not compare.cancel_button.isEnabled()
    assert compare.isVisible()  # Esc stopped the comparison; only a second Esc closes
    assert summary(compare) == ""


def test_the_report_files_hold_the_differences(
    qtbot: Any, window: MainWindow, run_async: Any, tmp_path: Path
) -> None:
    compare = open_compare(window)
    type_id(qtbot, compare.side_a, catalogue.COMPARE_BEFORE_ID)
    type_id(qtbot, compare.side_b, catalogue.COMPARE_AFTER_ID)
    markdown, as_json = tmp_path / "ticket.md", tmp_path / "differences.json"

    async def scenario() -> None:
        compare.compare_button.click()
        await compared(compare)
        compare.saver.save_to(markdown)
        await wait_for(lambda: compare.saver.saved == markdown, what="the Markdown report")
        compare.saver.save_to(as_json)
        await wait_for(lambda: compare.saver.saved == as_json, what="the JSON report")
        await wait_idle(window)

    run_async(scenario())
    report = json.loads(as_json.read_text(encoding="utf-8"))
    assert report["summary"] == {"added": 1, "removed": 1, "changed": 3}
    changed = [d for d in report["differences"] if d["kind"] == DifferenceKind.CHANGED]
    assert changed == [
        {
            "kind": "changed",
            "path": "$[0].predictions[0].hex_color",
            "a": "#FE2934",
            "b": "#FFA500",
        },
        {"kind": "changed", "path": "$[0].predictions[0].color_name", "a": "Red", "b": "Orange"},
        {"kind": "changed", "path": "$[1].predictions[1].score", "a": 0.051, "b": 0.0732},
    ]
    text = markdown.read_text(encoding="utf-8")
    assert BEFORE_AFTER in text
    assert catalogue.COMPARE_BEFORE_ID in text
    assert catalogue.COMPARE_AFTER_ID in text
    assert (
        find(compare, QLabel, "compareStateLabel").text() == "Saved the report as differences.json"
    )
    # Ctrl+S in the compare window asks where to save its report (not the main window's Export).
    compare.activateWindow()
    compare.differences.tree.setFocus()
    qtbot.keyClick(compare.differences.tree, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    dialog = compare.findChild(QFileDialog, "compareReportDialog")
    assert dialog is not None
    assert dialog.isVisible()
    dialog.reject()
    QApplication.clipboard().clear()
    compare.copy_button.click()
    assert QApplication.clipboard().text().startswith(BEFORE_AFTER + "\nA (reference): ")


def test_the_tolerance_in_preferences_is_used_by_the_next_comparison(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    compare = open_compare(window)
    type_id(qtbot, compare.side_a, catalogue.COMPARE_BEFORE_ID)
    type_id(qtbot, compare.side_b, catalogue.COMPARE_AFTER_ID)
    # The dress's score went from 0.051 to 0.0732: within 0.05, no difference.
    window.app_settings.set(COMPARE_ABSOLUTE_TOLERANCE, "0.05")

    async def scenario() -> None:
        compare.compare_button.click()
        await compared(compare)

    run_async(scenario())
    assert summary(compare) == "1 changed, 1 added, 1 removed of 6 items"


def test_history_entries_with_saved_copies_compare_their_copies(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    window.app_settings.set(KEEP_RESULTS_OFFLINE, True)

    async def fetch_both() -> None:
        await fetch_tree(qtbot, window, catalogue.COMPARE_BEFORE_ID)
        await fetch_tree(qtbot, window, catalogue.COMPARE_AFTER_ID)
        panel = window.history.panel
        await wait_for(
            lambda: (
                panel.model.rowCount() >= 2
                and all(entry.has_offline_copy for entry in panel.model.entries[:2])
            ),
            what="both lookups and their copies in the history",
        )

    run_async(fetch_both())
    panel = window.history.panel
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (0, 1):
        panel.list_view.selectionModel().select(panel.model.index(row), flags)

    async def scenario() -> None:
        panel.compare_action.trigger()  # the list's context menu
        compare = window.findChild(CompareWindow, "compareWindow")
        assert compare is not None
        await compared(compare)

    run_async(scenario())
    compare = window.findChild(CompareWindow, "compareWindow")
    assert compare is not None
    assert compare.outcome is not None
    assert compare.outcome.name_a == f"{catalogue.COMPARE_BEFORE_ID} (saved copy)"
    assert compare.outcome.name_b == f"{catalogue.COMPARE_AFTER_ID} (saved copy)"
    assert compare.side_a.main_label.text().startswith("A copy kept in the history")
    assert summary(compare) == BEFORE_AFTER
