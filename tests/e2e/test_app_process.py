"""The app as a person starts it: `vody-desktop --demo ID` in its own process, then closed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from vody_desktop.sandbox import catalogue

pytestmark = pytest.mark.e2e


def start_app(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("VODY_API_KEY", None)
    return subprocess.Popen(
        [sys.executable, "-m", "vody_desktop", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_closing_the_demo_mid_lookup_exits_cleanly_and_silently(signum: int) -> None:
    app = start_app("--demo", catalogue.SLOW_ID)
    try:
        time.sleep(4)  # the sandbox starts, the window opens, the slow lookup is in flight
        assert app.poll() is None, app.communicate()
        app.send_signal(signum)
        out, err = app.communicate(timeout=20)
    finally:
        if app.poll() is None:
            app.kill()
    assert app.returncode == 0
    assert out == ""
    assert err == ""


def test_version_is_printed() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "vody_desktop", "--version"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("Vody Desktop ")
