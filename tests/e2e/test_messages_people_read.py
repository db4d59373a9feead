"""What the window says through every fault the sandbox offers, read as a person reads it:
the title, the advice, the details (and their font), the summary, the tree and the history."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo, QFontMetrics
from PySide6.QtWidgets import QListView, QPlainTextEdit, QPushButton

from tests.conftest import find, wait_for
from tests.e2e.conftest import API_KEY
from tests.e2e.helpers import fetch_and_read, shown, type_and_fetch, wait_idle
from vody_desktop.sandbox import catalogue
from vody_desktop.ui.mainwindow.window import MainWindow

pytestmark = pytest.mark.e2e


def fetch_custom(qtbot: Any, window: MainWindow, sandbox_url: str, inference_id: str) -> None:
    """The same sandbox, but typed in as a custom address."""
    window.form.select_environment("custom", sandbox_url)
    type_and_fetch(qtbot, window, API_KEY, inference_id)


async def countdown_shown(window: MainWindow) -> None:
    """Wait for the retry countdown of a rate-limited lookup."""
    await wait_for(
        lambda: window.messages.title().startswith("Too many requests — trying again in "),
        10,
        "the countdown",
    )


def caret_under(detail: str) -> tuple[str, int]:
    """The snippet line and the column of the `^` on the line under it."""
    lines = detail.splitlines()
    number = next(i for i, line in enumerate(lines) if line.strip() == "^")
    return lines[number - 1], lines[number].index("^")


def test_failed_inference_is_an_error_whose_advice_gives_the_reason(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    async def scenario() -> None:
        title, advice, _detail = await fetch_and_read(qtbot, window, catalogue.FAILED_ID)
        assert window.messages.kind == "error"
        assert title == "This inference failed"
        assert advice.startswith("The reason given: “Could not download image")
        assert "failed" not in advice.lower()  # the title says so; the advice says why

    run_async(scenario())


def test_a_proxy_error_page_says_the_service_had_a_temporary_problem(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    async def scenario() -> None:
        title, advice, detail = await fetch_and_read(qtbot, window, catalogue.BAD_GATEWAY_HTML_ID)
        assert title == "The Vody service had a temporary problem"
        assert "proxy" not in (title + advice).lower()
        assert "proxy or load balancer" in detail
        assert "HTTP 502" in detail

    run_async(scenario())


def test_an_error_leaves_no_row_of_dashes_in_the_summary(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.COLOR_RESULTS_ID)
        await wait_for(lambda: window.summary.isVisible(), 20, "the summary")
        await wait_idle(window)
        type_and_fetch(qtbot, window, API_KEY, catalogue.SERVER_ERROR_ID)
        await wait_idle(window)
        assert window.messages.title() == "The Vody server had a problem"
        assert not window.summary.isVisible()
        assert "Unknown" not in window.summary.text()

    run_async(scenario())


def test_countdown_says_too_many_requests_then_plain_words_when_retries_are_spent(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.RATE_LIMITED_DATE_ID)
        await countdown_shown(window)
        assert "Rate limited" not in window.messages.title()
        buttons = [
            b.text() for b in window.findChildren(QPushButton) if b.isVisible() and b.isEnabled()
        ]
        assert buttons.count("Cancel") == 1  # the form's; the message has none of its own
        await wait_idle(window)
        title, advice, _detail = shown(window)
        assert window.messages.kind == "error"
        assert title == "Too many requests were sent with this API key"
        assert advice == (
            "The app tried again once automatically. You can try again in a few seconds."
        )

    run_async(scenario())


def test_dismissing_a_countdown_keeps_it_away_while_the_retry_goes_on(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.RATE_LIMITED_DATE_ID)
        await countdown_shown(window)
        dismiss = find(window, QPushButton, "messageDismissButton")
        qtbot.mouseClick(dismiss, Qt.MouseButton.LeftButton)
        assert not window.messages.isVisible()
        came_back: list[str] = []
        while window.form.cancel_button.isEnabled():  # the retry still runs
            if window.messages.isVisible():
                came_back.append(window.messages.title())
            await asyncio.sleep(0.02)
        # No countdown came back on a later tick; the outcome is shown when it arrives.
        assert all(not t.startswith("Too many requests — trying") for t in came_back)
        await wait_for(lambda: window.messages.kind == "error", 5, "the outcome")
        assert window.messages.title() == "Too many requests were sent with this API key"
        assert "Automatic retries: 1" in window.messages.detail()

    run_async(scenario())


def test_a_cut_off_result_says_it_arrived_incomplete_with_aligned_details(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    async def scenario() -> None:
        title, advice, detail = await fetch_and_read(qtbot, window, catalogue.TRUNCATED_ID)
        assert title == "The result arrived incomplete"
        assert "can't be shown as a tree" in advice
        assert "shown as text in the Raw JSON tab" in advice
        assert "HTTP 200 OK" in detail
        assert "cut off" in detail
        # The details are in a fixed-width font, so the ^ stands under the place it names.
        details = find(window, QPlainTextEdit, "messageDetails")
        assert QFontInfo(details.font()).fixedPitch()
        snippet, column = caret_under(detail)
        assert column == len(snippet)  # the answer stops right after the snippet
        metrics = QFontMetrics(details.font())
        assert metrics.horizontalAdvance(" " * column) == metrics.horizontalAdvance(snippet)

    run_async(scenario())


def test_text_in_the_wrong_encoding_goes_to_support(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    async def scenario() -> None:
        title, advice, detail = await fetch_and_read(qtbot, window, catalogue.INVALID_UTF8_ID)
        assert title == "The server sent text in the wrong encoding"
        assert "will not change it" in advice
        assert "support ticket" in advice
        snippet, column = caret_under(detail)
        assert snippet[column] == "\ufffd"  # the byte that is not UTF-8, as shown
        details = find(window, QPlainTextEdit, "messageDetails")
        metrics = QFontMetrics(details.font())
        assert metrics.horizontalAdvance(" " * column) == metrics.horizontalAdvance(
            snippet[:column]
        )

    run_async(scenario())


def test_a_sign_in_page_gets_hotel_wifi_advice(
    qtbot: Any, window: MainWindow, run_async: Any, sandbox_url: str
) -> None:
    async def scenario() -> None:
        title, advice, detail = await fetch_and_read(qtbot, window, catalogue.HTML_200_ID)
        assert title == "The server sent a web page instead of the result"
        assert "JSON" not in title
        assert "Sign in through your web browser, then fetch again" in advice
        assert "address" not in advice  # it was picked from a list
        assert "Page title: Sign in to continue" in detail
        fetch_custom(qtbot, window, sandbox_url, catalogue.HTML_200_ID)
        await wait_idle(window)
        assert "Check the server address you entered" in window.messages.advice()

    run_async(scenario())


def test_a_blank_answer_is_not_called_an_empty_result(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.EMPTY_BODY_ID)
        await wait_idle(window)
        assert window.messages.title() == "The server's answer was blank"
        assert "empty result" not in window.messages.advice()

    run_async(scenario())


@pytest.mark.parametrize(
    ("inference_id", "words"),
    [
        (catalogue.EMPTY_OBJECT_ID, "The result is an empty object"),
        (catalogue.EMPTY_ARRAY_ID, "The result is an empty list"),
    ],
)
def test_a_valid_empty_result_says_so_in_the_tree(
    qtbot: Any, window: MainWindow, run_async: Any, inference_id: str, words: str
) -> None:
    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, inference_id)
        await wait_for(lambda: window.results.document is not None, 20, "the result")
        await wait_idle(window)
        tree = window.results.tree
        window.results.setCurrentWidget(window.results.tree_stack)
        assert window.results.model.rowCount() == 0
        assert tree.placeholder_text() == words
        # …and it is painted: the empty viewport is no longer blank.
        image = tree.viewport().grab().toImage()
        base = tree.palette().base().color().rgb()
        painted = sum(
            1
            for y in range(0, min(image.height(), 60))
            for x in range(image.width())
            if image.pixel(x, y) != base
        )
        assert painted > 50
        assert not window.messages.isVisible()

    run_async(scenario())


def test_redirect_advice_names_the_address_only_when_it_was_typed(
    qtbot: Any, window: MainWindow, run_async: Any, sandbox_url: str
) -> None:
    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.REDIRECT_ID)
        await wait_idle(window)
        assert window.messages.title() == "The server sent the request to a different address"
        assert "address" not in window.messages.advice()
        fetch_custom(qtbot, window, sandbox_url, catalogue.REDIRECT_ID)
        await wait_idle(window)
        assert "Check the server address you entered" in window.messages.advice()

    run_async(scenario())


def test_a_dropped_connection_blames_no_one_and_says_its_error_once(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    async def scenario() -> None:
        title, advice, detail = await fetch_and_read(qtbot, window, catalogue.DROPPED_ID)
        assert title == "The connection was cut off before the answer was complete"
        assert "server or a proxy" in advice
        assert detail.count("peer closed connection") == 1
        assert "httpcore" not in detail

    run_async(scenario())


def test_a_running_inference_has_not_taken_zero_seconds(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.IN_PROGRESS_ID)
        await wait_idle(window)
        summary = window.summary.text()
        assert "Status: Still running" in summary
        assert "Took: not finished yet" in summary
        assert "0.00 s" not in summary

    run_async(scenario())


def test_the_history_records_an_unreadable_result_as_what_happened(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    history = find(window, QListView, "historyList")

    def first_row() -> str:
        return str(history.model().index(0, 0).data() or "")

    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.TRUNCATED_ID)
        await wait_idle(window)
        await wait_for(lambda: catalogue.TRUNCATED_ID in first_row(), 10, "the history row")
        row = first_row()
        assert "The result arrived incomplete" in row
        assert "Completed" not in row
        assert "1 item" not in row

    run_async(scenario())
