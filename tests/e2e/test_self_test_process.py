"""`vody-desktop --self-test` as an installation check runs it: a separate process, headless."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import HANG_S

pytestmark = pytest.mark.e2e


def test_self_test_of_the_source_install_passes_and_leaves_no_files(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home)}
    # The person's real folders, not the test suite's stand-ins: the self-test isolates itself.
    for name in ("VODY_DESKTOP_DATA_DIR", "PYTHON_KEYRING_BACKEND", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    for name in ("DATA", "CONFIG", "STATE", "CACHE"):
        env[f"XDG_{name}_HOME"] = str(home / name.lower())

    result = subprocess.run(
        [sys.executable, "-m", "vody_desktop", "--self-test"],
        capture_output=True,
        text=True,
        timeout=HANG_S,
        env=env,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "self-test passed" in result.stdout
    assert "1676dc31-a593-4e42-8c7b-4fca9a149777" in result.stdout
    assert result.stderr == ""
    assert [p for p in home.rglob("*") if p.is_file()] == []
