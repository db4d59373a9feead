"""Kill and reopen: a lookup recorded before the app was killed (SIGKILL) is in the history after
a restart."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from typing import Any

import pytest
from PySide6.QtWidgets import QListView

from tests.conftest import HANG_MS, HANG_S, find
from tests.e2e.conftest import API_KEY
from tests.gui.helpers import wait_until_built
from vody_desktop.sandbox import catalogue
from vody_desktop.store.history import DATABASE_NAME
from vody_desktop.store.paths import data_dir
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.mainwindow.window import MainWindow

pytestmark = pytest.mark.e2e


def recorded_ids() -> list[str]:
    path = data_dir() / DATABASE_NAME
    if not path.exists():
        return []
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            return [row[0] for row in db.execute("SELECT inference_id FROM lookups")]
        finally:
            db.close()
    except sqlite3.Error:
        return []


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_history_written_before_a_kill_is_there_after_restart(qtbot: Any, sandbox_url: str) -> None:
    sigkill = signal.Signals["SIGKILL"]  # by name: Windows has none (the test is skipped there)
    # The temporary folders (tests/conftest.py) come along in the environment. Not --demo: a
    # killed app cannot stop a sandbox it started.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "VODY_API_KEY": API_KEY}
    app = subprocess.Popen(
        [sys.executable, "-m", "vody_desktop", "--env", sandbox_url, catalogue.COLOR_RESULTS_ID],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        give_up = time.monotonic() + HANG_S  # a hang guard only
        while catalogue.COLOR_RESULTS_ID not in recorded_ids():
            assert app.poll() is None, "the app ended before recording the lookup"
            assert time.monotonic() < give_up, "the lookup never reached the history"
            time.sleep(0.1)
        app.send_signal(sigkill)
        app.wait(timeout=HANG_S)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    assert app.returncode == -sigkill

    window = MainWindow(AppSettings())
    qtbot.addWidget(window)
    window.show()
    wait_until_built(qtbot, window)  # the History dock, after the first paint
    view = find(window, QListView, "historyList")
    qtbot.waitUntil(lambda: view.model().rowCount() == 1, timeout=HANG_MS)
    assert str(view.model().index(0, 0).data()).startswith(catalogue.COLOR_RESULTS_ID + "\n")
    assert "Custom address · Completed · 4 items" in str(view.model().index(0, 0).data())
