"""The real window against the sandbox: results shown while the status could not be read, and
closing the window while it waits for an inference or saves a download to a file."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLineEdit

from tests.conftest import find, wait_for
from tests.e2e.conftest import API_KEY, open_sandbox_window
from tests.e2e.helpers import type_and_fetch
from vody_desktop.api.client import ClientSettings
from vody_desktop.sandbox import catalogue
from vody_desktop.ui.mainwindow.window import MainWindow
from vody_desktop.waiting import PollPolicy

pytestmark = pytest.mark.e2e

#: Guards against a hang only; every wait below ends on what the window shows.
GUARD_S = 60
#: Larger than TOP_LEVEL_ARRAY_ID's 59-byte results, smaller than any status body (~300 bytes).
SMALL_CAP = 100


async def lookup_ends(window: MainWindow) -> None:
    """Wait for the lookup just asked for to end (its signal: a quick lookup can start and end
    between two looks at the Cancel button, so polling for its start could miss it)."""
    ended = asyncio.Event()
    window.lookups.ended.connect(ended.set)
    try:
        await asyncio.wait_for(ended.wait(), GUARD_S)
    finally:
        window.lookups.ended.disconnect(ended.set)
    assert not window.form.cancel_button.isEnabled()


def names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_results_are_shown_when_only_the_status_could_not_be_read(
    qtbot: Any, sandbox_url: str, run_async: Any
) -> None:
    # The status answer (a few hundred bytes) is over this window's size limit, the results
    # (59 bytes) are not: the status request fails, the results request succeeds.
    window = open_sandbox_window(
        qtbot, run_async, sandbox_url, client_settings=ClientSettings(max_body_bytes=SMALL_CAP)
    )

    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.TOP_LEVEL_ARRAY_ID)
        await lookup_ends(window)
        assert window.results.model.rowCount() == 8
        assert window.files.export_button.isEnabled()
        assert not window.summary.isVisible()  # no row of dashes that says nothing
        assert window.messages.isVisible()
        assert window.messages.kind == "info"
        assert window.messages.title() == "Results shown, but the status could not be read"
        assert window.messages.advice() == "The status answer was too large to read"
        detail = window.messages.detail()
        assert f"/inference/{catalogue.TOP_LEVEL_ARRAY_ID}/status" in detail
        assert f"Limit: {SMALL_CAP} bytes" in detail
        assert API_KEY not in detail

    try:
        run_async(scenario())
    finally:
        window.close()
        run_async(window.shutdown())


def test_closing_while_waiting_for_an_inference_ends_quietly(
    qtbot: Any,
    sandbox_url: str,
    run_async: Any,
    capfd: pytest.CaptureFixture[str],
) -> None:
    window = open_sandbox_window(qtbot, run_async, sandbox_url)
    window.lookups.poll_policy = PollPolicy(first_interval_s=0.2, growth=1.0, max_interval_s=0.2)

    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.IN_PROGRESS_ID)  # runs for 10 minutes here
        await lookup_ends(window)
        assert window.messages.action_button.text() == "W&ait until complete"
        window.messages.action_button.click()
        await wait_for(
            lambda: window.messages.title().startswith("Waiting for the inference to complete"),
            GUARD_S,
            "the wait to be under way",
        )
        assert window.lookups.running
        window.close()
        await window.shutdown()
        assert window.lookups.idle  # nothing keeps checking after the window is gone
        assert window.notifier.sent == []

    run_async(scenario())
    out, err = capfd.readouterr()
    assert out == ""
    assert err == ""


def test_closing_during_a_download_to_a_file_keeps_the_old_file(
    qtbot: Any,
    sandbox_url: str,
    run_async: Any,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
) -> None:
    window = open_sandbox_window(qtbot, run_async, sandbox_url)
    target = tmp_path / "result.json"
    target.write_bytes(b'{"a good result": "saved yesterday"}')

    async def scenario() -> None:
        find(window, QLineEdit, "apiKeyEdit").setText(API_KEY)
        window.form.set_inference_id(catalogue.DRIP_ID)  # trickles for 10 minutes
        window.downloader.download_to(str(target))
        # The first bytes have arrived and sit in the temporary file beside the target.
        await wait_for(
            lambda: window.messages.advice().split(" received")[0] not in ("", "0 bytes"),
            GUARD_S,
            "the first bytes",
        )
        assert window.messages.title() == "Downloading to result.json…"
        assert len(names(tmp_path)) == 2
        window.close()
        await window.shutdown()
        assert not window.downloader.running
        assert window.downloader.idle  # shutdown waited for the download task to end
        await wait_for(lambda: names(tmp_path) == ["result.json"], GUARD_S, "the temporary file")

    run_async(scenario())
    assert target.read_bytes() == b'{"a good result": "saved yesterday"}'
    out, err = capfd.readouterr()
    assert out == ""
    assert err == ""
