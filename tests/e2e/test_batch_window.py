"""The batch window (File > Batch lookup…, Ctrl+B) on the real main window against a sandbox:
a mixed list run to the end, pause and resume, cancel, a completed row shown in the main window
without a new request, and the offer to resume after the app was closed mid-batch."""

from __future__ import annotations

import asyncio
import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests.conftest import find, wait_for
from tests.e2e.conftest import API_KEY, open_sandbox_window
from tests.e2e.helpers import wait_idle
from vody_desktop.sandbox import catalogue
from vody_desktop.sandbox.process import SandboxProcess
from vody_desktop.ui.batch.batch_window import BatchWindow
from vody_desktop.ui.batch.table_model import STATUS_COLUMN
from vody_desktop.ui.mainwindow.window import MainWindow

pytestmark = pytest.mark.e2e
HEADERS = {"x-vody-api-key": API_KEY}
UNKNOWN_ID = "0000dead-0000-4000-8000-000000000000"


def prefixed(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{n:04x}-0000-4000-8000-{n:012x}" for n in range(count)]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    # Any UUID starting with "ba7" is a small completed inference; the running one stays so.
    sandbox = SandboxProcess(
        [
            "--quiet",
            "--batch-knobs",
            "--rate",
            "off",
            "--small-id-prefix",
            "ba7",
            "--progress-seconds",
            "600",
        ]
    )
    url = sandbox.start()
    try:
        yield url
    finally:
        sandbox.stop()


def request_counts(server: str) -> dict[str, Any]:
    counts: dict[str, Any] = httpx.get(
        f"{server}/sandbox/requests", headers=HEADERS, timeout=30
    ).json()
    return counts


def open_batch_window(window: MainWindow) -> BatchWindow:
    window.form.api_key_edit.setText(API_KEY)
    window.action_set.trigger("file.batch")
    batch = window.findChild(BatchWindow, "batchWindow")
    assert batch is not None
    assert batch.isVisible()
    return batch


def statuses(batch: BatchWindow) -> list[str]:
    table = batch.model
    return [str(table.data(table.index(row, STATUS_COLUMN))) for row in range(table.rowCount())]


def progress(batch: BatchWindow) -> str:
    return find(batch, QLabel, "batchProgressLabel").text()


def start(batch: BatchWindow, ids_text: str, folder: Path) -> None:
    batch.input.text_edit.setPlainText(ids_text)
    batch.folder_edit.setText(str(folder))
    batch.start_button.click()


@pytest.fixture
def window(qtbot: Any, server: str, run_async: Any) -> MainWindow:
    return open_sandbox_window(qtbot, run_async, server)


def test_a_mixed_list_ends_with_each_row_in_its_state_and_the_files_in_the_folder(
    window: MainWindow, run_async: Any, tmp_path: Path
) -> None:
    batch = open_batch_window(window)
    text = (
        f"Customer says these failed: {catalogue.COLOR_RESULTS_ID}, "
        f"{catalogue.IN_PROGRESS_ID}; {catalogue.FAILED_ID}\n{UNKNOWN_ID} "
        f"{catalogue.SERVER_ERROR_ID} and again {catalogue.COLOR_RESULTS_ID.upper()}"
    )
    batch.input.text_edit.setPlainText(text)
    batch.input.recount()
    assert batch.input.count_label.text() == "5 IDs found, 1 repeated one dropped"

    async def scenario() -> None:
        start(batch, text, tmp_path)
        await wait_for(lambda: progress(batch).startswith("Finished"), what="the batch's end")

    run_async(scenario())
    assert statuses(batch) == [
        "✓ completed",
        "↻ still running",
        "✗ failed",
        "? not found",
        "! error",
    ]
    assert progress(batch) == "Finished: 5 of 5 · 4 errors"
    messages = [batch.model.item(row).message for row in range(5)]
    assert messages[4] == "The Vody server had a problem"
    assert batch.model.data(batch.model.index(0, 2)) == "color-classification"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"{catalogue.COLOR_RESULTS_ID}.json",
        "summary.csv",
    ]
    with (tmp_path / "summary.csv").open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert [row["status"] for row in rows] == [
        "completed",
        "still running",
        "failed",
        "not found",
        "error",
    ]
    assert API_KEY not in (tmp_path / "summary.csv").read_text(encoding="utf-8")
    # Start is ready for another batch; Retry failed asks again for the error and the one
    # still running only (failed and not found are the server's final answers).
    assert batch.start_button.isEnabled()
    assert not batch.pause_button.isEnabled()
    assert batch.retry_button.isEnabled()
    before = request_counts(window_server(window))["results"]

    async def retry() -> None:
        batch.retry_button.click()
        assert progress(batch) == "Asking again for 2 IDs…"
        await wait_for(lambda: progress(batch).startswith("Finished"), what="the retry's end")

    run_async(retry())
    after = request_counts(window_server(window))["results"]
    asked_again = {iid for iid in after if after[iid] != before.get(iid, 0)}
    assert asked_again == {catalogue.IN_PROGRESS_ID, catalogue.SERVER_ERROR_ID}
    assert statuses(batch)[4] == "! error"


def test_pause_holds_the_queue_and_resume_finishes_it(
    window: MainWindow, run_async: Any, tmp_path: Path
) -> None:
    ids = prefixed("ba71", 40)
    batch = open_batch_window(window)

    async def scenario() -> None:
        start(batch, "\n".join(ids), tmp_path)
        await wait_for(lambda: any(s == "✓ completed" for s in statuses(batch)))
        batch.pause_button.click()
        assert batch.pause_button.text() == "&Resume"
        await wait_for(lambda: not any("fetching" in s for s in statuses(batch)))
        assert "paused" in progress(batch)
        held = statuses(batch).count("· queued")
        assert held > 0
        # Nothing was asked for the held rows: only the rows that ended were looked up.
        counts = await asyncio.to_thread(request_counts, window_server(window))
        asked = set(counts["results"]) & set(ids)
        assert len(asked) == 40 - held
        batch.pause_button.click()
        await wait_for(lambda: progress(batch).startswith("Finished"))

    run_async(scenario())
    assert statuses(batch) == ["✓ completed"] * 40
    assert progress(batch) == "Finished: 40 of 40"
    assert len(list(tmp_path.glob("*.json"))) == 40


def window_server(window: MainWindow) -> str:
    return window.form.base_url()


def test_cancel_stops_with_the_rest_queued_and_start_continues(
    window: MainWindow, run_async: Any, tmp_path: Path
) -> None:
    ids = prefixed("ba72", 120)
    batch = open_batch_window(window)
    saved: set[str] = set()

    async def scenario() -> None:
        start(batch, "\n".join(ids), tmp_path)
        await wait_for(lambda: statuses(batch).count("✓ completed") >= 2)
        batch.cancel_button.click()
        await wait_for(lambda: progress(batch).startswith("Stopped"))
        shown = statuses(batch)
        assert set(shown) <= {"✓ completed", "· queued"}
        assert "· queued" in shown
        assert batch.start_button.isEnabled()
        completed = {f"{ids[row]}.json" for row, seen in enumerate(shown) if seen == "✓ completed"}
        # A result being written when Cancel came is kept too (its row stays queued, and the
        # next run takes the file instead of fetching it again).
        saved.update(path.stem for path in tmp_path.glob("*.json"))
        assert completed <= {f"{iid}.json" for iid in saved}
        rows = (tmp_path / "summary.csv").read_text(encoding="utf-8").splitlines()
        assert len(rows) == 121
        batch.start_button.click()  # the same list and folder: continues
        await wait_for(lambda: progress(batch).startswith("Finished"))

    run_async(scenario())
    assert statuses(batch) == ["✓ completed"] * 120
    assert len(list(tmp_path.glob("*.json"))) == 120
    # What was saved before the stop is not fetched again (a request cut off by Cancel is).
    counts = request_counts(window_server(window))["results"]
    assert saved
    assert all(counts[iid] == 1 for iid in saved), "a saved result was fetched again"


def test_enter_on_a_completed_row_shows_its_result_in_the_main_window(
    window: MainWindow, run_async: Any, qtbot: Any, tmp_path: Path
) -> None:
    batch = open_batch_window(window)
    wanted = catalogue.PATTERN_RESULTS_ID

    async def scenario() -> None:
        start(batch, f"{catalogue.FAILED_ID}\n{wanted}", tmp_path)
        await wait_for(lambda: progress(batch).startswith("Finished"))
        before = await asyncio.to_thread(request_counts, window_server(window))
        table = batch.table
        table.setFocus()
        table.setCurrentIndex(batch.model.index(1, 0))
        qtbot.keyClick(table, Qt.Key.Key_Return)
        # The label names the file at once; the tree follows when the file has been read.
        await wait_for(lambda: window.results.document is not None, what="the opened result")
        assert window.files.source_label.isVisible()
        assert wanted in window.files.source_label.text()
        assert window.results.document is not None
        assert window.results.document.data == (tmp_path / f"{wanted}.json").read_bytes()
        after = await asyncio.to_thread(request_counts, window_server(window))
        assert after == before  # shown from the folder: no request
        # A row without results says so instead.
        table.setCurrentIndex(batch.model.index(0, 0))
        qtbot.keyClick(table, Qt.Key.Key_Return)
        assert batch.messages.title() == f"No results to show for {catalogue.FAILED_ID}"
        await wait_idle(window)  # the shown result's pictures, before the test's loop ends

    run_async(scenario())


def test_a_batch_left_by_a_closed_app_is_offered_and_resumed_fetching_nothing_twice(
    qtbot: Any, server: str, run_async: Any, tmp_path: Path
) -> None:
    ids = prefixed("ba73", 300)
    first = open_sandbox_window(qtbot, run_async, server)
    batch = open_batch_window(first)

    async def close_mid_batch() -> None:
        start(batch, "\n".join(ids), tmp_path)
        await wait_for(lambda: statuses(batch).count("✓ completed") >= 3)
        first.close()
        await first.shutdown()

    run_async(close_mid_batch())
    done_before = statuses(batch).count("✓ completed")
    saved = {path.stem for path in tmp_path.glob("*.json")}
    assert done_before < 300, "the batch ended before the app was closed"

    second = open_sandbox_window(qtbot, run_async, server)
    again = open_batch_window(second)

    async def resume() -> None:
        await wait_for(lambda: again.offer.isVisible(), what="the offer to resume")
        text = again.offer.label.text()
        assert text.startswith("Resume the batch of 300 IDs started at ")
        assert f"({done_before:,} done)" in text
        assert str(tmp_path) in text
        assert again.offer.resume_button.hasFocus()
        again.offer.resume_button.click()
        await wait_for(lambda: progress(again).startswith("Finished"))

    run_async(resume())
    assert again.folder_edit.text() == str(tmp_path)
    assert statuses(again) == ["✓ completed"] * 300
    counts = request_counts(server)["results"]
    assert len(saved) >= done_before
    assert all(counts[iid] == 1 for iid in saved), "a saved result was fetched again"


def test_keyboard_only_ctrl_b_tab_order_and_esc(
    window: MainWindow, run_async: Any, qtbot: Any
) -> None:
    async def scenario() -> None:
        window.activateWindow()
        await wait_for(window.isActiveWindow, what="the main window active")
        qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
        batch = window.findChild(BatchWindow, "batchWindow")
        assert batch is not None
        assert batch.isVisible()
        await wait_for(batch.input.text_edit.hasFocus, what="focus in the IDs box")
        qtbot.keyClicks(batch.input.text_edit, catalogue.COLOR_RESULTS_ID)
        seen = []
        for _ in range(6):
            qtbot.keyClick(batch.focusWidget(), Qt.Key.Key_Tab)
            seen.append(batch.focusWidget().objectName())
        # Hidden (the column chooser) and disabled (Pause, Cancel, Retry) widgets are skipped.
        assert seen == [
            "batchOpenFileButton",
            "batchFolderEdit",
            "batchFolderButton",
            "batchWaitCheck",
            "batchStartButton",
            "batchTable",
        ]
        qtbot.keyClick(batch, Qt.Key.Key_Escape)
        assert not batch.isVisible()
        # A second Ctrl+B in the main window brings the same window back.
        window.activateWindow()
        await wait_for(window.isActiveWindow, what="the main window active again")
        qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
        assert window.findChildren(BatchWindow) == [batch]
        assert batch.isVisible()

    run_async(scenario())
