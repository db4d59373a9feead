"""Kill during a review: the verdicts a running app gave by key (and its history's worker wrote)
are in the history's file after the app is killed with SIGKILL, and a new window shows them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from tests.conftest import HANG_S
from tests.e2e.conftest import API_KEY
from vody_desktop.sandbox import catalogue
from vody_desktop.store.history import DATABASE_NAME
from vody_desktop.store.paths import data_dir
from vody_desktop.store.reviews import ReviewStore, Verdict

pytestmark = pytest.mark.e2e


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_verdicts_given_before_a_kill_are_in_the_file(sandbox_url: str) -> None:
    sigkill = signal.Signals["SIGKILL"]  # by name: Windows has none (the test is skipped there)
    # The temporary profile (tests/conftest.py) comes along in the environment.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    app = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.e2e.review_kill_child",
            sandbox_url,
            catalogue.COLOR_RESULTS_ID,
            API_KEY,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    try:
        assert app.stdout is not None
        line = app.stdout.readline()  # blocks until the child says so (or ends)
        assert line.startswith("WRITTEN"), f"the child app ended early: {line!r}"
        assert "4 of 4 reviewed · 2 correct · 1 wrong · 1 unsure" in line
        app.send_signal(sigkill)
        app.wait(timeout=HANG_S)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        if app.stdout is not None:
            app.stdout.close()
    assert app.returncode == -sigkill

    with ReviewStore(data_dir() / DATABASE_NAME) as store:
        reviewed = store.reviewed()
        assert [ref.inference_id for ref in reviewed] == [catalogue.COLOR_RESULTS_ID]
        ref = next(iter(reviewed))
        stored = store.load(ref)
    assert stored is not None
    assert sorted(stored.verdicts.values()) == [
        Verdict.CORRECT,
        Verdict.CORRECT,
        Verdict.WRONG,
        Verdict.UNSURE,
    ]
    assert stored.counts.reviewed == 4
