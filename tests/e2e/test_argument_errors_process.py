"""A real `vody-desktop` process given a key as an argument: stderr names the option, not the key.

The parser-level cases are in tests/unit/test_argument_errors.py; these run the program as a
person or a script does (`python -m vody_desktop ...`), so nothing between the parser and the
terminal (logging, Qt, an exception hook) can add the value back.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

KEY = "1234abcd-bdde-1234-a39a-3ff12ce386d5"
ID = "0924dcfe-a593-4e42-8c7b-4fca9a149777"
HANG_GUARD_S = 120  # only against a hang: an argument error exits before Qt is even imported


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VODY_API_KEY", "DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"  # were a window to open by mistake, it opens nowhere
    return subprocess.run(
        [sys.executable, "-m", "vody_desktop", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=HANG_GUARD_S,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ([f"--api-key={KEY}"], "unrecognized option --api-key"),
        (["--api-key", KEY], "unrecognized option --api-key"),
        ([f"--env={KEY}"], "argument --env"),
        ([f"--demo={KEY}"], "argument --demo"),
    ],
)
def test_window_process_does_not_echo_the_key(args: list[str], named: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert KEY not in result.stderr + result.stdout
    assert "1234abcd" not in result.stderr
    assert f"vody-desktop: error: {named}" in result.stderr
    assert "vody-desktop --help" in result.stderr


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ([ID, f"--api-key={KEY}"], "unrecognized option --api-key"),
        ([ID, f"--format={KEY}"], "argument --format"),
        ([ID, f"--env={KEY}"], "argument --env"),
        ([ID, KEY], "1 extra value"),
    ],
)
def test_fetch_process_does_not_echo_the_key(args: list[str], named: str) -> None:
    result = run("fetch", *args)
    assert result.returncode == 2
    assert KEY not in result.stderr + result.stdout
    assert "1234abcd" not in result.stderr
    assert result.stderr.startswith(f"vody-desktop fetch: {named}")
    assert "vody-desktop fetch --help" in result.stderr
