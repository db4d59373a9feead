"""The real window against the sandbox when things go wrong: retries with a countdown, waiting
for an unfinished inference, TLS and DNS failures, unreadable answers, closing mid-way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt

from tests.conftest import wait_for
from tests.e2e.conftest import API_KEY, open_sandbox_window
from tests.e2e.helpers import UNREADABLE_ANSWERS, fetch_tree, type_and_fetch, wait_idle
from tests.sandbox.helpers import HANG_GUARD_S
from vody_desktop.sandbox import catalogue
from vody_desktop.sandbox.process import SandboxProcess
from vody_desktop.ui.mainwindow.window import MainWindow
from vody_desktop.waiting import PollPolicy

pytestmark = pytest.mark.e2e


def record_info_titles(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every information title the message area shows from now on, however briefly
    (plain notices and progress notices such as a retry countdown alike)."""
    titles: list[str] = []
    show = window.messages._show

    def recording_show(kind: str, title: str, advice: str, detail: str) -> None:
        if kind == "info":
            titles.append(title)
        show(kind, title, advice, detail)

    monkeypatch.setattr(window.messages, "_show", recording_show)
    return titles


async def good_lookup_works(qtbot: Any, window: MainWindow) -> None:
    """The window is still usable: a normal lookup right after shows its tree."""
    window.form.select_environment("sandbox")
    await fetch_tree(qtbot, window, catalogue.COLOR_RESULTS_ID, HANG_GUARD_S)
    assert not window.messages.isVisible()


@pytest.fixture(scope="module")
def long_retry_url() -> Iterator[str]:
    """A sandbox of its own whose 429 and 503 faults ask to come back in 100 s: the window
    counts down for that long (within RetryPolicy.max_retry_after_s), so a test can act during
    the countdown however slow the machine is."""
    sandbox = SandboxProcess(["--quiet", "--rate", "off", "--retry-after-seconds", "100"])
    url = sandbox.start()
    try:
        yield url
    finally:
        sandbox.stop()


@pytest.fixture
def patient_window(qtbot: Any, long_retry_url: str, run_async: Any) -> MainWindow:
    """The real window, pointed at the long_retry_url sandbox."""
    return open_sandbox_window(qtbot, run_async, long_retry_url)


def test_rate_limit_shows_a_countdown_and_cancel_stops_it(
    qtbot: Any, patient_window: MainWindow, run_async: Any
) -> None:
    window = patient_window

    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.RATE_LIMITED_DATE_ID)
        await wait_for(
            lambda: window.messages.title().startswith("Too many requests — trying again in "),
            HANG_GUARD_S,
            "the countdown",
        )
        assert window.messages.kind == "info"
        assert "retry 1 of 1" in window.messages.advice()
        # One Cancel: the form's, beside the ID (no second one in the message).
        assert not window.messages.action_button.isVisible()
        assert window.lookups.running
        cancel = window.form.cancel_button
        assert cancel.isVisible()
        assert cancel.isEnabled()
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        assert window.messages.title() == "Lookup cancelled"
        assert not window.form.cancel_button.isEnabled()
        # Nothing comes back: the task that counted down has ended, cancelled, so no retry
        # can follow (had Cancel not stopped it, it would end later with another answer).
        await wait_for(lambda: window.lookups.idle, HANG_GUARD_S, "the cancelled lookup to end")
        assert window.messages.title() == "Lookup cancelled"
        await good_lookup_works(qtbot, window)

    run_async(scenario())


@pytest.mark.parametrize(
    ("inference_id", "countdown_title", "final_words"),
    [
        (catalogue.RATE_LIMITED_DATE_ID, "Too many requests", "too many requests"),
        (catalogue.UNAVAILABLE_ID, "Service busy", "unavailable"),
    ],
)
def test_automatic_retry_then_a_plain_message_when_it_stays(
    qtbot: Any,
    window: MainWindow,
    run_async: Any,
    monkeypatch: pytest.MonkeyPatch,
    inference_id: str,
    countdown_title: str,
    final_words: str,
) -> None:
    titles = record_info_titles(window, monkeypatch)

    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, inference_id)
        await wait_idle(window, HANG_GUARD_S)
        assert any(t.startswith(f"{countdown_title} — trying again in ") for t in titles)
        assert window.messages.kind == "error"
        assert final_words in window.messages.title().lower()
        assert "tried again once" in window.messages.advice()
        assert "Automatic retries: 1" in window.messages.detail()
        assert API_KEY not in window.messages.detail()
        await good_lookup_works(qtbot, window)

    run_async(scenario())


def test_closing_during_a_retry_countdown_ends_quietly(
    qtbot: Any, patient_window: MainWindow, run_async: Any, capfd: pytest.CaptureFixture[str]
) -> None:
    window = patient_window

    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.RATE_LIMITED_DATE_ID)
        await wait_for(
            lambda: window.messages.title().startswith("Too many requests — trying again in"),
            HANG_GUARD_S,
            "the countdown",
        )
        window.close()
        await window.shutdown()
        assert window.lookups.idle  # nothing is left running, not even winding down

    run_async(scenario())
    out, err = capfd.readouterr()
    assert out == ""
    assert err == ""


def test_closing_during_a_body_download_ends_quietly(
    qtbot: Any, window: MainWindow, run_async: Any, capfd: pytest.CaptureFixture[str]
) -> None:
    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.DRIP_ID)
        # the headers have arrived and bytes are trickling in
        await wait_for(
            lambda: "received" in window.form.elapsed_label.text(), HANG_GUARD_S, "bytes"
        )
        window.close()
        await window.shutdown()

    run_async(scenario())
    out, err = capfd.readouterr()
    assert out == ""
    assert err == ""


def test_tls_failure_is_explained_and_the_window_works_afterwards(
    qtbot: Any, window: MainWindow, run_async: Any, sandbox_url: str
) -> None:
    async def scenario() -> None:
        # https:// to a plain-http port: the TLS handshake cannot succeed
        window.form.select_environment("custom", sandbox_url.replace("http://", "https://"))
        type_and_fetch(qtbot, window, API_KEY, catalogue.COLOR_RESULTS_ID)
        await wait_idle(window, HANG_GUARD_S)
        assert window.messages.kind == "error"
        assert window.messages.title() == "A secure connection to the server could not be set up"
        assert "https://" in window.messages.advice()
        assert "ssl" in window.messages.detail().lower()
        assert API_KEY not in window.messages.detail()
        await good_lookup_works(qtbot, window)

    run_async(scenario())


def test_dns_failure_is_explained_and_the_window_works_afterwards(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    async def scenario() -> None:
        window.form.select_environment("custom", "https://no-such-host.vody.invalid")
        type_and_fetch(qtbot, window, API_KEY, catalogue.COLOR_RESULTS_ID)
        await wait_idle(window, HANG_GUARD_S)
        assert window.messages.kind == "error"
        assert window.messages.title() == "The server address could not be found"
        assert "VPN" in window.messages.advice()
        assert API_KEY not in window.messages.detail()
        await good_lookup_works(qtbot, window)

    run_async(scenario())


@pytest.mark.parametrize(("inference_id", "title"), UNREADABLE_ANSWERS)
def test_an_unreadable_answer_is_shown_and_saved_exactly_as_received(
    qtbot: Any,
    window: MainWindow,
    run_async: Any,
    tmp_path: Path,
    inference_id: str,
    title: str,
    sandbox_url: str,
) -> None:
    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, inference_id)
        await wait_idle(window, HANG_GUARD_S)
        assert window.messages.title() == title
        assert "shown as text in the Raw JSON tab" in window.messages.advice()
        assert window.results.currentWidget() is window.results.raw_view
        assert window.messages.action_button.text() == "Save as received…"
        target = tmp_path / "answer.txt"
        saved: list[str] = []
        window.raw_saver.saved.connect(saved.append)
        window.raw_saver.save_to(str(target))
        # The file appears before the message that says so: wait for the saver's signal.
        await wait_for(lambda: saved == [str(target)], HANG_GUARD_S, "the saved file")
        assert window.messages.title() == "Saved the answer to answer.txt"
        assert target.read_bytes() == catalogue.results_bytes(inference_id, origin=sandbox_url)
        await good_lookup_works(qtbot, window)
        assert not window.raw_saver.action.isEnabled()  # the next answer replaced it

    run_async(scenario())


# -- waiting for an unfinished inference ------------------------------------------------------


@pytest.fixture
def manual_clock_url() -> Iterator[str]:
    """A sandbox of its own whose clock moves only when told: its IN_PROGRESS_ID runs until
    the test advances the clock by --progress-seconds (3 s)."""
    sandbox = SandboxProcess(
        ["--quiet", "--manual-clock", "--rate", "off", "--progress-seconds", "3"]
    )
    url = sandbox.start()
    try:
        yield url
    finally:
        sandbox.stop()


async def advance_sandbox_clock(url: str, seconds: float) -> None:
    async with httpx.AsyncClient(base_url=url, headers={"x-vody-api-key": API_KEY}) as client:
        response = await client.post("/sandbox/clock/advance", json={"seconds": seconds})
        response.raise_for_status()


def test_wait_until_complete_polls_then_shows_the_results_and_notifies(
    qtbot: Any, run_async: Any, manual_clock_url: str
) -> None:
    window = open_sandbox_window(qtbot, run_async, manual_clock_url)
    window.lookups.poll_policy = PollPolicy(first_interval_s=0.5, growth=1.5, max_interval_s=2)
    window.notifier.in_background = lambda: True  # type: ignore[method-assign]

    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.IN_PROGRESS_ID)
        await wait_idle(window, HANG_GUARD_S)
        assert "Status: Still running" in window.summary.text()
        assert "still running" in window.messages.title()
        action = window.messages.action_button
        assert action.isVisible()
        assert action.text() == "W&ait until complete"
        qtbot.mouseClick(action, Qt.MouseButton.LeftButton)
        await wait_for(
            lambda: window.messages.title().startswith("Waiting for the inference to complete"),
            HANG_GUARD_S,
            "the wait progress",
        )
        assert "Next check in" in window.messages.advice()
        assert window.form.cancel_button.isEnabled()
        assert "Waiting…" in window.form.elapsed_label.text()
        assert window.results.model.rowCount() == 0
        await advance_sandbox_clock(manual_clock_url, 3)  # the inference completes now
        await wait_for(lambda: window.results.model.rowCount() > 0, HANG_GUARD_S, "the results")
        await wait_idle(window, HANG_GUARD_S)
        assert "Status: Completed" in window.summary.text()
        assert not window.messages.isVisible()
        assert window.notifier.sent
        assert window.notifier.sent[-1][0] == "Inference completed"

    try:
        run_async(scenario())
    finally:
        window.close()
        run_async(window.shutdown())


def test_cancel_stops_waiting(qtbot: Any, window: MainWindow, run_async: Any) -> None:
    window.lookups.poll_policy = PollPolicy(first_interval_s=0.3)

    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.IN_PROGRESS_ID)  # runs for 600 s here
        await wait_idle(window, HANG_GUARD_S)
        window.messages.action_button.click()
        await wait_for(
            lambda: window.messages.title().startswith("Waiting"), HANG_GUARD_S, "waiting"
        )
        assert not window.messages.action_button.isVisible()  # the form's Cancel is the one
        qtbot.mouseClick(window.form.cancel_button, Qt.MouseButton.LeftButton)
        assert window.messages.title() == "Lookup cancelled"
        assert not window.form.cancel_button.isEnabled()
        await good_lookup_works(qtbot, window)

    run_async(scenario())
