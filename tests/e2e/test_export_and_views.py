"""After a lookup: the raw tab, exporting (and failing to), the remembered folder, the key field."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from tests.conftest import find, wait_for
from tests.e2e.conftest import API_KEY
from tests.e2e.helpers import fetch_tree
from tests.json_tokens import number_tokens
from vody_desktop.sandbox import catalogue
from vody_desktop.ui.mainwindow.window import MainWindow

pytestmark = pytest.mark.e2e


def served_numbers() -> list[bytes]:
    """The number tokens of the served NUMBERS document, with the ones `json` cannot tell apart.

    `json.loads` reads 1E+2 and 100.0, -0 and 0, and a 60-digit integer and a float rounded
    from it as equal: only the tokens show whether the exact spelling survived.
    """
    tokens = number_tokens(catalogue.results_bytes(catalogue.NUMBERS_ID))
    for tricky in (b"1E+2", b"-0", b"-0.0", b"1.500000", b"5e-324", b"1234567890" * 6):
        assert tricky in tokens
    return tokens


def test_raw_tab_shows_pretty_json_as_served(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    async def scenario() -> None:
        await fetch_tree(qtbot, window, catalogue.NUMBERS_ID)
        window.results.setCurrentWidget(window.results.raw_view)
        raw = window.results.raw_view
        await wait_for(lambda: raw.complete and not raw.is_empty(), what="the raw text")
        text = window.results.raw_view.toPlainText()
        served = catalogue.results_bytes(catalogue.NUMBERS_ID)
        assert json.loads(text) == json.loads(served)
        assert "\n  " in text  # indented
        assert number_tokens(text) == served_numbers()

    run_async(scenario())


def test_export_keeps_numbers_exactly(
    qtbot: Any, window: MainWindow, run_async: Any, tmp_path: Path
) -> None:
    async def scenario() -> None:
        await fetch_tree(qtbot, window, catalogue.NUMBERS_ID)
        target = tmp_path / "numbers.json"
        window.export_to(str(target))
        await wait_for(lambda: window.messages.title() == "Saved to numbers.json", what="export")
        served = catalogue.results_bytes(catalogue.NUMBERS_ID)
        exported = target.read_bytes()
        # same value, and every number token exactly as the server wrote it, in order
        assert json.loads(exported) == json.loads(served)
        assert number_tokens(exported) == served_numbers()

    run_async(scenario())


def test_failed_export_says_why_and_keeps_the_old_file(
    qtbot: Any,
    window: MainWindow,
    run_async: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "result.json"
    target.write_bytes(b'{"previous": "export"}')

    def disk_full(fd: int, data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    async def scenario() -> None:
        await fetch_tree(qtbot, window, catalogue.COLOR_RESULTS_ID)
        monkeypatch.setattr(os, "write", disk_full)
        window.export_to(str(target))
        await wait_for(lambda: window.messages.kind == "error", what="the error")
        monkeypatch.undo()
        assert "disk is full" in window.messages.title().lower()
        assert target.read_bytes() == b'{"previous": "export"}'
        assert sorted(p.name for p in tmp_path.iterdir()) == ["result.json"]

    run_async(scenario())


def test_export_into_a_missing_folder_is_explained(
    qtbot: Any, window: MainWindow, run_async: Any, tmp_path: Path
) -> None:
    async def scenario() -> None:
        await fetch_tree(qtbot, window, catalogue.COLOR_RESULTS_ID)
        window.export_to(str(tmp_path / "gone" / "result.json"))
        await wait_for(lambda: window.messages.kind == "error", what="the error")
        assert "folder" in (window.messages.title() + window.messages.advice()).lower()

    run_async(scenario())


def test_export_dialog_opens_in_the_last_folder_used(
    qtbot: Any, window: MainWindow, run_async: Any, tmp_path: Path
) -> None:
    async def scenario() -> None:
        await fetch_tree(qtbot, window, catalogue.COLOR_RESULTS_ID)
        folder = tmp_path / "exports"
        folder.mkdir()
        window.export_to(str(folder / "first.json"))
        # the message comes once the file is written and its folder remembered
        await wait_for(lambda: window.messages.title() == "Saved to first.json", what="export")
        window.action_set.trigger("file.export")
        dialog = window.findChild(QFileDialog, "exportDialog")
        assert dialog is not None
        assert Path(dialog.directory().absolutePath()) == folder
        assert dialog.selectedFiles()[0].endswith(f"{catalogue.COLOR_RESULTS_ID}.json")
        dialog.reject()

    run_async(scenario())


def test_key_is_masked_until_shown(qtbot: Any, window: MainWindow) -> None:
    key_edit = find(window, QLineEdit, "apiKeyEdit")
    qtbot.keyClicks(key_edit, API_KEY)
    assert key_edit.echoMode() == QLineEdit.EchoMode.Password
    assert key_edit.displayText() != API_KEY
    window.form.show_key_button.click()
    assert key_edit.displayText() == API_KEY
    window.form.show_key_button.click()
    assert key_edit.displayText() != API_KEY
    assert API_KEY not in (QApplication.clipboard().text() or "")
