"""A plain start paints the window before asyncio and qasync are imported (and without Python's
automatic garbage collection); the loop comes next.

Run in a fresh interpreter through `app.main`, as `vody-desktop --env URL` starts (the key from
`VODY_API_KEY`): "not imported yet" means something only there, and the loop is the app's own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import HANG_S
from tests.e2e.conftest import API_KEY
from vody_desktop.sandbox import catalogue

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]

#: After the window's first paint, a lookup from the first turn of the event loop that follows;
#: the window closes once its rows are in.
CHILD = """
import gc, json, sys, threading
from vody_desktop import app
from vody_desktop.throwaway_profile import use_throwaway_profile

use_throwaway_profile("vody-test-")
seen = {}
real_build = app.build_window


def collections():
    return sum(generation["collections"] for generation in gc.get_stats())


def first_paint_watcher(window):
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def __init__(self, window):
            super().__init__(window)
            self.window = window

        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and "asyncio_at_paint" not in seen:
                seen["asyncio_at_paint"] = "asyncio" in sys.modules
                seen["collections_before_paint"] = collections() - before
                seen["qasync_at_paint"] = "qasync" in sys.modules
                dialogs = "vody_desktop.ui.dialogs.error_dialog"
                seen["error_dialog_at_paint"] = dialogs in sys.modules
                threads = [thread.name for thread in threading.enumerate()]
                seen["keychain_at_paint"] = "keychain-lookup" in threads
                icon = self.window.windowIcon()
                seen["icon_sizes"] = [size.width() for size in icon.availableSizes()]
                QTimer.singleShot(0, self.look_up)
            return False

        def look_up(self):
            window = self.window
            window.lookups.finished.connect(self.done)
            window.start_lookup(%(id)r)

        def done(self, _result):
            seen["rows"] = self.window.results.model.rowCount()
            QTimer.singleShot(0, self.window.close)

    return FirstPaint(window)


def build_window(*args, **kwargs):
    window = real_build(*args, **kwargs)
    window.installEventFilter(first_paint_watcher(window))
    return window


app.build_window = build_window
before = collections()
code = app.main(["--env", %(url)r])
from vody_desktop.store.log_file import LOG_FILE_NAME
from vody_desktop.store.paths import log_dir

log = (log_dir() / LOG_FILE_NAME).read_text(encoding="utf-8")
print(json.dumps({**seen, "exit": code, "log": log}))
"""


def test_a_plain_start_paints_before_the_event_loop_and_the_loop_runs_lookups(
    sandbox_url: str,
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "VODY_API_KEY": API_KEY}
    done = subprocess.run(
        [sys.executable, "-c", CHILD % {"id": catalogue.COLOR_RESULTS_ID, "url": sandbox_url}],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG_S,
        check=True,
    )
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["asyncio_at_paint"] is False
    # Python's automatic collection is off from the start of main() (it ran some 40 times,
    # about 9 ms, during the imports before the first paint).
    assert seen["collections_before_paint"] == 0
    assert seen["qasync_at_paint"] is False
    assert seen["error_dialog_at_paint"] is False  # imported by the first unexpected error
    # The keychain worker (keyring's imports, 80-140 ms) waits for the first paint, also when
    # Qt runs a zero timer before that paint (as it does before the app's loop runs).
    assert seen["keychain_at_paint"] is False
    assert seen["rows"] > 0  # the lookup ran on the app's loop and its rows are shown
    assert seen["exit"] == 0
    assert len(seen["icon_sizes"]) > 1  # the app's icon, every drawn size
    # The log file, opened after the first paint, has the lookup's lines.
    assert f"Lookup {catalogue.COLOR_RESULTS_ID} on " in seen["log"]
