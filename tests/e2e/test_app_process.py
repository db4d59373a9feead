"""The app as a person starts it: `vody-desktop --demo ID` in its own process, then closed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import HANG_S
from vody_desktop.sandbox import catalogue
from vody_desktop.store.log_file import LOG_FILE_NAME
from vody_desktop.store.paths import log_dir

pytestmark = pytest.mark.e2e


def start_app(*args: str) -> subprocess.Popen[str]:
    # The temporary data folder of tests/conftest.py comes along: the log file lands there.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("VODY_API_KEY", None)
    return subprocess.Popen(
        [sys.executable, "-m", "vody_desktop", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def log_text() -> str:
    path = log_dir() / LOG_FILE_NAME
    return path.read_text(encoding="utf-8") if path.exists() else ""


def wait_for_log_line(app: subprocess.Popen[str], text: str) -> None:
    """Poll the app's log file until `text` appears (the app must still be running)."""
    give_up = time.monotonic() + HANG_S  # a hang guard only: the line comes as soon as it can
    while text not in log_text():
        assert app.poll() is None, app.communicate()
        assert time.monotonic() < give_up, f"the log never said {text!r}:\n{log_text()}"
        time.sleep(0.05)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_closing_the_demo_mid_lookup_exits_cleanly_and_silently(signum: int) -> None:
    # The drip answer trickles for 15 minutes, so from its "started" line until the overall
    # deadline (120 s) the lookup is certainly still in flight.
    inference_id = catalogue.DRIP_ID
    app = start_app("--demo", inference_id)
    try:
        wait_for_log_line(app, f"Lookup {inference_id} on Sandbox started")
        app.send_signal(signum)
        out, err = app.communicate(timeout=HANG_S)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    assert app.returncode == 0
    assert out == ""
    assert err == ""
    # It was closed mid-lookup: the lookup never ended (an ended one is logged with its outcome).
    assert f"Lookup {inference_id} on Sandbox: " not in log_text()


def test_version_is_printed() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "vody_desktop", "--version"],
        capture_output=True,
        text=True,
        timeout=HANG_S,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("Vody Desktop ")
