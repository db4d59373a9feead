"""The real window against the sandbox server over loopback: type, fetch, read, export."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.conftest import find, wait_for
from tests.e2e.conftest import API_KEY
from vody_desktop.sandbox import catalogue
from vody_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.e2e


def type_and_fetch(qtbot: Any, window: MainWindow, key: str, text: str) -> None:
    """What a person does: type the key, type the ID, press Enter."""
    key_edit = find(window, QLineEdit, "apiKeyEdit")
    id_edit = find(window, QLineEdit, "inferenceIdEdit")
    key_edit.clear()
    id_edit.clear()
    if key:
        qtbot.keyClicks(key_edit, key)
    qtbot.keyClicks(id_edit, text)
    qtbot.keyClick(id_edit, Qt.Key.Key_Return)


async def wait_idle(window: MainWindow, seconds: float = 20) -> None:
    await asyncio.sleep(0)
    await wait_for(lambda: not window.form.cancel_button.isEnabled(), seconds, "the lookup to end")


def top_rows(window: MainWindow) -> list[tuple[str, ...]]:
    model = window.results.model
    return [tuple(model.index(r, c).data() for c in range(3)) for r in range(model.rowCount())]


def test_lookup_shows_summary_tree_and_exports_exact_json(
    qtbot: Any, window: MainWindow, run_async: Any, tmp_path: Path
) -> None:
    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.COLOR_RESULTS_ID)
        await wait_for(lambda: window.results.model.rowCount() > 0, 20, "the tree")
        await wait_idle(window)

        served = json.loads(catalogue.results_bytes(catalogue.COLOR_RESULTS_ID))
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
        await wait_for(lambda: window.messages.title() == "Saved to result.json", 10, "the save")
        assert json.loads(target.read_bytes()) == served
        assert target.read_text(encoding="utf-8").startswith("[\n  {")

    run_async(scenario())


def test_pasted_link_is_reduced_to_the_id(qtbot: Any, window: MainWindow, run_async: Any) -> None:
    async def scenario() -> None:
        link = f"  'https://app.vody.com/inference/{catalogue.COLOR_RESULTS_ID.upper()}/results' "
        type_and_fetch(qtbot, window, API_KEY, link)
        assert window.form.inference_id_text() == catalogue.COLOR_RESULTS_ID
        await wait_for(lambda: window.results.model.rowCount() > 0, 20, "the tree")
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
        (API_KEY, catalogue.DRIP_ID, "too long"),
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
        type_and_fetch(qtbot, window, API_KEY, catalogue.COLOR_RESULTS_ID)
        await wait_for(lambda: window.results.model.rowCount() > 0, 20, "the tree")
        await wait_idle(window)

    run_async(scenario())


@pytest.mark.parametrize(
    ("inference_id", "title"),
    [
        (catalogue.TRUNCATED_ID, "The result arrived incomplete"),
        (catalogue.HTML_200_ID, "The server sent a web page instead of the result"),
        (catalogue.INVALID_UTF8_ID, "The server sent text in the wrong encoding"),
    ],
)
def test_a_body_that_is_not_json_is_shown_as_text_with_a_message(
    qtbot: Any, window: MainWindow, run_async: Any, inference_id: str, title: str
) -> None:
    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, inference_id)
        await wait_idle(window)
        assert window.messages.kind == "error"
        assert window.messages.title() == title
        assert window.results.currentWidget() is window.results.raw_view
        assert window.results.raw_view.toPlainText()
        assert window.results.model.rowCount() == 0
        assert not window.export_button.isEnabled()

    run_async(scenario())


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
    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.SLOW_ID)
        await wait_for(window.form.cancel_button.isEnabled, 5, "the lookup to start")
        await wait_for(lambda: "Fetching" in window.form.elapsed_label.text(), 5, "elapsed time")
        qtbot.mouseClick(window.form.cancel_button, Qt.MouseButton.LeftButton)
        assert not window.form.cancel_button.isEnabled()
        assert window.messages.title() == "Lookup cancelled"

    run_async(scenario())


def test_new_lookup_replaces_the_one_in_flight(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.SLOW_ID)
        await wait_for(window.form.cancel_button.isEnabled, 5, "the lookup to start")
        type_and_fetch(qtbot, window, API_KEY, catalogue.NUMBERS_ID)
        await wait_for(lambda: window.results.model.rowCount() > 0, 20, "the tree")
        await wait_idle(window)
        await asyncio.sleep(0.2)
        assert window.form.inference_id_text() == catalogue.NUMBERS_ID
        assert not window.messages.isVisible()

    run_async(scenario())


def test_deeply_nested_result_opens_and_walks_to_the_bottom(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.DEEP_ID)
        await wait_for(lambda: window.results.model.rowCount() > 0, 20, "the tree")
        await wait_idle(window)
        model = window.results.model
        # the person opens the one container at each level, down to the last
        index = model.index(model.rowCount() - 1, 0)
        depth = 1
        while model.hasChildren(index):
            # Load the children as the view does when it opens a row. (Not tree.expand: with
            # 10,000 rows open, Qt updates 10,000 persistent indexes on every insert.)
            while model.canFetchMore(index):
                model.fetchMore(index)
            index = model.index(model.rowCount(index) - 1, 0, index)
            depth += 1
        assert depth == 10_000
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
        type_and_fetch(qtbot, window, API_KEY, catalogue.GZIP_ID)
        await wait_for(lambda: window.results.model.rowCount() > 0, 20, "the tree")
        await wait_idle(window)
        assert not window.messages.isVisible()

    run_async(scenario())


def test_copy_puts_the_selected_value_on_the_clipboard(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.NUMBERS_ID)
        await wait_for(lambda: window.results.model.rowCount() > 0, 20, "the tree")
        await wait_idle(window)
        tree = window.results.tree
        tree.setFocus()
        tree.setCurrentIndex(window.results.model.index(0, 0))
        node = window.results.selected_node()
        assert node is not None
        qtbot.keyClick(tree, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        copied = QApplication.clipboard().text()
        assert copied
        assert window.path_label.text() == f"Selected: {node.path()}"

    run_async(scenario())


def test_closing_during_a_lookup_ends_quietly(
    qtbot: Any, window: MainWindow, run_async: Any, capfd: pytest.CaptureFixture[str]
) -> None:
    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.SLOW_ID)
        await wait_for(window.form.cancel_button.isEnabled, 5, "the lookup to start")
        window.close()
        await window.shutdown()

    run_async(scenario())
    out, err = capfd.readouterr()
    assert out == ""
    assert err == ""
