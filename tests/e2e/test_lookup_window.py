"""The real window against the sandbox server over loopback: type, fetch, read, export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.conftest import wait_for
from tests.e2e.conftest import API_KEY, open_sandbox_window
from tests.e2e.helpers import UNREADABLE_ANSWERS, fetch_tree, type_and_fetch, wait_idle
from vody_desktop.api.client import ClientSettings
from vody_desktop.sandbox import catalogue
from vody_desktop.ui.mainwindow.window import MainWindow

pytestmark = pytest.mark.e2e


def top_rows(window: MainWindow) -> list[tuple[str, ...]]:
    model = window.results.model
    return [tuple(model.index(r, c).data() for c in range(3)) for r in range(model.rowCount())]


def test_lookup_shows_summary_tree_and_exports_exact_json(
    qtbot: Any, window: MainWindow, run_async: Any, tmp_path: Path, sandbox_url: str
) -> None:
    async def scenario() -> None:
        await fetch_tree(qtbot, window, catalogue.COLOR_RESULTS_ID)

        served = json.loads(catalogue.results_bytes(catalogue.COLOR_RESULTS_ID, origin=sandbox_url))
        rows = top_rows(window)
        assert len(rows) == len(served)
        assert rows[0][0] == "0"
        assert rows[0][1] == f"{{{len(served[0])}}}"
        assert rows[0][2] == "object"
        summary = window.summary.text()
        assert "Model: color-classification" in summary
        assert "Status: Completed" in summary
        assert not window.messages.isVisible()
        # small results open expanded: the first item's fields are visible
        first = window.results.model.index(0, 0)
        assert window.results.tree.isExpanded(first)

        target = tmp_path / "result.json"
        window.export_to(str(target))
        # The file appears (renamed into place) a moment before the window says so: wait for
        # what the person is told, then read the file.
        await wait_for(lambda: window.messages.title() == "Saved to result.json", what="the save")
        assert json.loads(target.read_bytes()) == served
        assert target.read_text(encoding="utf-8").startswith("[\n  {")

    run_async(scenario())


def test_pasted_link_is_reduced_to_the_id(qtbot: Any, window: MainWindow, run_async: Any) -> None:
    async def scenario() -> None:
        link = f"  'https://app.vody.com/inference/{catalogue.COLOR_RESULTS_ID.upper()}/results' "
        type_and_fetch(qtbot, window, API_KEY, link)
        assert window.form.inference_id_text() == catalogue.COLOR_RESULTS_ID
        await wait_for(lambda: window.results.model.rowCount() > 0, what="the tree")
        await wait_idle(window)

    run_async(scenario())


def test_text_without_an_id_is_refused_before_any_request(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, "the customer said it failed yesterday")
        assert window.messages.kind == "error"
        assert "inference ID" in window.messages.title() + window.messages.advice()
        assert not window.form.cancel_button.isEnabled()  # nothing was started

    run_async(scenario())


def test_missing_key_is_explained(qtbot: Any, window: MainWindow, run_async: Any) -> None:
    async def scenario() -> None:
        type_and_fetch(qtbot, window, "", catalogue.COLOR_RESULTS_ID)
        assert window.messages.kind == "error"
        assert "key" in window.messages.title().lower()

    run_async(scenario())


@pytest.mark.parametrize(
    ("key", "inference_id", "expected_words"),
    [
        ("0000aaaa-0000-0000-0000-000000000000", catalogue.COLOR_RESULTS_ID, "key"),
        (API_KEY, "0000aaaa-0000-4000-8000-000000000000", "no inference was found"),
        (API_KEY, catalogue.SERVER_ERROR_ID, "server"),
        (API_KEY, catalogue.BAD_GATEWAY_HTML_ID, "vody service"),
        (API_KEY, catalogue.UNAVAILABLE_ID, "unavailable"),
        (API_KEY, catalogue.RATE_LIMITED_DATE_ID, "too many requests"),
        (API_KEY, catalogue.DROPPED_ID, "cut off"),
        (API_KEY, catalogue.EMPTY_BODY_ID, "blank"),
        (API_KEY, catalogue.REDIRECT_ID, "different address"),
    ],
)
def test_failures_show_a_plain_message_and_keep_the_window_usable(
    qtbot: Any, window: MainWindow, run_async: Any, key: str, inference_id: str, expected_words: str
) -> None:
    async def scenario() -> None:
        type_and_fetch(qtbot, window, key, inference_id)
        await wait_idle(window)
        assert window.messages.kind == "error"
        shown = (window.messages.title() + " " + window.messages.advice()).lower()
        assert expected_words in shown
        assert key not in window.messages.detail()
        assert "Traceback" not in window.messages.detail()
        # still usable: a good lookup works right after
        await fetch_tree(qtbot, window, catalogue.COLOR_RESULTS_ID)

    run_async(scenario())


@pytest.mark.parametrize(("inference_id", "title"), UNREADABLE_ANSWERS)
def test_a_body_that_is_not_json_is_shown_as_text_with_a_message(
    qtbot: Any, window: MainWindow, run_async: Any, inference_id: str, title: str, sandbox_url: str
) -> None:
    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, inference_id)
        await wait_idle(window)
        assert window.messages.kind == "error"
        assert window.messages.title() == title
        assert window.results.currentWidget() is window.results.raw_view
        # the person reads what the server sent (bytes that are not UTF-8 as "�")
        sent = catalogue.results_bytes(inference_id, origin=sandbox_url)
        served = sent.decode("utf-8", errors="replace")
        assert window.results.raw_view.toPlainText() == served
        assert window.results.model.rowCount() == 0
        assert not window.files.export_button.isEnabled()

    run_async(scenario())


def test_an_answer_that_trickles_in_stops_at_the_overall_deadline(
    qtbot: Any, sandbox_url: str, run_async: Any
) -> None:
    """A byte a second keeps the read timeout from firing; the overall deadline ends the wait.

    The drip lasts 15 minutes, so a 2 s deadline trips however busy the machine is.
    """
    window = open_sandbox_window(
        qtbot, run_async, sandbox_url, client_settings=ClientSettings(deadline_s=2)
    )

    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.DRIP_ID)
        await wait_idle(window)
        assert window.messages.kind == "error"
        shown = (window.messages.title() + " " + window.messages.advice()).lower()
        assert "too long" in shown
        assert API_KEY not in window.messages.detail()
        assert "Traceback" not in window.messages.detail()

    try:
        run_async(scenario())
    finally:
        window.close()
        run_async(window.shutdown())


def test_inference_still_running_says_so(qtbot: Any, window: MainWindow, run_async: Any) -> None:
    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.IN_PROGRESS_ID)
        await wait_idle(window)
        assert "Status: Still running" in window.summary.text()
        assert window.messages.kind == "info"
        assert "still running" in window.messages.title()

    run_async(scenario())


def test_failed_inference_shows_the_reason(qtbot: Any, window: MainWindow, run_async: Any) -> None:
    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.FAILED_ID)
        await wait_idle(window)
        assert "Status: Failed" in window.summary.text()
        assert window.messages.kind == "error"
        assert window.messages.title() == "This inference failed"
        assert "failed" not in window.messages.advice().lower()  # the title says it already
        assert "Could not download image" in window.messages.advice()

    run_async(scenario())


def test_cancel_stops_a_slow_lookup(qtbot: Any, window: MainWindow, run_async: Any) -> None:
    finished: list[None] = []
    window.lookups.ended.connect(lambda: finished.append(None))

    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.SLOW_ID)  # answers after 10 minutes
        await wait_for(window.form.cancel_button.isEnabled, what="the lookup to start")
        await wait_for(lambda: "Fetching" in window.form.elapsed_label.text(), what="elapsed time")
        qtbot.mouseClick(window.form.cancel_button, Qt.MouseButton.LeftButton)
        assert not window.form.cancel_button.isEnabled()
        assert window.messages.title() == "Lookup cancelled"
        await wait_for(lambda: finished == [None], what="the cancelled lookup to end")
        assert window.messages.title() == "Lookup cancelled"  # nothing came back after all
        assert window.results.model.rowCount() == 0

    run_async(scenario())


def test_new_lookup_replaces_the_one_in_flight(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    finished: list[None] = []
    window.lookups.ended.connect(lambda: finished.append(None))

    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.SLOW_ID)  # answers after 10 minutes
        await wait_for(window.form.cancel_button.isEnabled, what="the lookup to start")
        type_and_fetch(qtbot, window, API_KEY, catalogue.NUMBERS_ID)
        await wait_for(lambda: window.results.model.rowCount() > 0, what="the tree")
        # both lookups have ended: the replaced one can no longer say anything
        await wait_for(lambda: len(finished) == 2, what="both lookups to end")
        assert not window.form.cancel_button.isEnabled()
        assert window.form.inference_id_text() == catalogue.NUMBERS_ID
        assert not window.messages.isVisible()

    run_async(scenario())


def test_deeply_nested_result_opens_and_walks_to_the_bottom(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    async def scenario() -> None:
        await fetch_tree(qtbot, window, catalogue.DEEP_ID)
        model = window.results.model
        # the person opens the one container at each level, down to the last
        index = model.index(model.rowCount() - 1, 0)
        depth = 1
        for _level in range(10_000):  # bounded: one step per level of the served document
            if not model.hasChildren(index):
                break
            # Load the children as the view does when it opens a row. (Not tree.expand: with
            # 10,000 rows open, Qt updates 10,000 persistent indexes on every insert.)
            _loaded, total = model.loaded_and_total(index)
            for _chunk in range(total):
                if not model.canFetchMore(index):
                    break
                model.fetchMore(index)
            assert model.rowCount(index) == total
            index = model.index(total - 1, 0, index)
            depth += 1
        assert depth == 10_000
        assert not model.hasChildren(index)
        assert index.siblingAtColumn(1).data() == "bottom"
        assert index.sibling(0, 1).data() == "level 10000"
        node = window.results.model.node(index)
        assert node is not None
        assert node.path().startswith("$.child[1].child[1]")

    run_async(scenario())


def test_unreachable_server_is_explained(qtbot: Any, window: MainWindow, run_async: Any) -> None:
    async def scenario() -> None:
        window.form.select_environment("custom", "http://127.0.0.1:9")
        type_and_fetch(qtbot, window, API_KEY, catalogue.COLOR_RESULTS_ID)
        await wait_idle(window)
        assert window.messages.kind == "error"
        assert window.messages.title() == "The server refused the connection"
        assert API_KEY not in window.messages.detail()

    run_async(scenario())


def test_redirect_elsewhere_never_carries_the_key(
    qtbot: Any, window: MainWindow, run_async: Any, sandbox_url: str
) -> None:
    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.REDIRECT_ID)
        await wait_idle(window)
        assert "different address" in window.messages.title()

    run_async(scenario())
    leaks = httpx.get(f"{sandbox_url}/sandbox/redirect-target/leaks").json()
    assert leaks["key_received"] is False


def test_gzip_encoded_result_opens(qtbot: Any, window: MainWindow, run_async: Any) -> None:
    async def scenario() -> None:
        await fetch_tree(qtbot, window, catalogue.GZIP_ID)
        assert not window.messages.isVisible()

    run_async(scenario())


def test_copy_puts_the_selected_value_on_the_clipboard(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    async def scenario() -> None:
        await fetch_tree(qtbot, window, catalogue.NUMBERS_ID)
        clipboard = QApplication.clipboard()
        clipboard.clear()
        assert clipboard.text() == ""
        tree = window.results.tree
        tree.setFocus()
        tree.setCurrentIndex(window.results.model.index(0, 0))
        node = window.results.selected_node()
        assert node is not None
        assert node.key == "beyond_uint64"
        qtbot.keyClick(tree, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        # the number exactly as served (a float would have made it 18446744073709551616.0)
        assert clipboard.text() == "18446744073709551616"
        assert window.statusBar().currentMessage() == "Copied the selected value"
        assert window.path_label.text() == "Selected: $.beyond_uint64"

    run_async(scenario())


def test_closing_during_a_lookup_ends_quietly(
    qtbot: Any, window: MainWindow, run_async: Any, capfd: pytest.CaptureFixture[str]
) -> None:
    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.SLOW_ID)
        await wait_for(window.form.cancel_button.isEnabled, what="the lookup to start")
        window.close()
        await window.shutdown()

    run_async(scenario())
    out, err = capfd.readouterr()
    assert out == ""
    assert err == ""
