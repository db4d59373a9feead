"""Results too large to open, and saving a result straight to a file, against the sandbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton

from tests.conftest import find, wait_for
from tests.e2e.conftest import API_KEY, open_sandbox_window
from tests.e2e.helpers import type_and_fetch, wait_idle
from vody_desktop.sandbox import catalogue
from vody_desktop.store.settings import MAX_BODY_MB, AppSettings
from vody_desktop.ui.mainwindow.window import MainWindow

pytestmark = pytest.mark.e2e


@pytest.fixture
def capped_window(qtbot: Any, sandbox_url: str, run_async: Any) -> MainWindow:
    """The real window with the size limit set to 1 MB in the settings (the person's choice)."""
    settings = AppSettings()
    settings.set(MAX_BODY_MB, 1)
    return open_sandbox_window(
        qtbot, run_async, sandbox_url, settings=settings, client_settings=None
    )


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_result_over_the_limit_is_offered_as_a_file_and_saved_exactly(
    qtbot: Any, capped_window: MainWindow, run_async: Any, tmp_path: Path, sandbox_url: str
) -> None:
    window = capped_window
    target = tmp_path / "large.json"

    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.LARGE_ID)
        await wait_idle(window)
        assert window.messages.kind == "error"
        assert window.messages.title() == "The result is too large to open"
        advice = window.messages.advice()
        # 25 MB whatever the sandbox's port: its picture links are part of the result.
        assert advice.startswith("It is 25 MB, and this app opens results of up to 1.0 MB")
        assert "save it to a file without opening it" in advice
        assert window.results.model.rowCount() == 0
        offer = find(window.messages, QPushButton, "messageActionButton")
        assert offer.isVisible()
        assert offer.text() == "Save to &a file instead…"

        offer.click()
        dialog = find(window, QFileDialog, "downloadDialog")
        assert dialog.isVisible()
        dialog.selectFile(str(target))
        dialog.accept()
        await wait_for(
            lambda: window.messages.title() == "Saved the result to large.json", what="the save"
        )

    run_async(scenario())
    assert target.read_bytes() == catalogue.results_bytes(catalogue.LARGE_ID, origin=sandbox_url)
    assert "exactly as the server sent it" in window.messages.advice()
    assert leftovers(tmp_path) == ["large.json"]


def test_download_to_file_shows_progress_and_cancel_leaves_nothing(
    qtbot: Any, window: MainWindow, run_async: Any, tmp_path: Path
) -> None:
    action = window.downloader.action
    assert action in window.menus["lookup"].actions()
    assert action.text() == "&Download to file…"
    existing = tmp_path / "drip.json"
    existing.write_bytes(b"kept")

    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.DRIP_ID)
        window.cancel_lookup(quietly=True)  # the person only wants the file
        window.downloader.download_to(str(existing))
        await wait_for(
            # "0 bytes received" shows before the request is even sent: wait for real bytes.
            lambda: window.messages.advice().split(" received")[0] not in ("", "0 bytes"),
            what="progress",
        )
        assert window.messages.title() == "Downloading to drip.json…"
        cancel = find(window.messages, QPushButton, "messageActionButton")
        assert cancel.text() == "Cancel"
        cancel.click()
        assert not window.downloader.running
        # the cancelled request winds down on the loop; the scenario must not end before it
        await wait_for(lambda: window.downloader.idle, what="the download to wind down")
        await wait_for(lambda: leftovers(tmp_path) == ["drip.json"], what="the temporary file")

    run_async(scenario())
    assert window.messages.title() == "Download cancelled"
    assert existing.read_bytes() == b"kept"
    assert leftovers(tmp_path) == ["drip.json"]


def test_download_to_file_without_an_id_says_what_is_missing(
    window: MainWindow, tmp_path: Path
) -> None:
    window.form.set_inference_id("")
    window.downloader.download_to(str(tmp_path / "x.json"))
    assert window.messages.kind == "error"
    assert window.messages.title() == "Enter an inference ID"
    assert leftovers(tmp_path) == []
    QApplication.processEvents()
