"""Tooling that starts the real app (`make bench`, `make screenshot`) leaves the home alone.

Each test gives the tooling a home folder of its own, with none of the variables that move the
app's files, exactly as a developer's shell would, and then checks that not one file appeared
there. The first test also checks where the files did go, so it cannot pass merely because the
app wrote nothing: without the profile the same start-up writes the settings, the history and
the log into that home.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from vody_desktop.store.history import DATABASE_NAME
from vody_desktop.store.log_file import LOG_FILE_NAME
from vody_desktop.throwaway_profile import NO_KEYCHAIN, ThrowawayProfile

ROOT = Path(__file__).resolve().parents[2]
HANG_GUARD_S = 300  # only against a hang; a start-up takes about a second
#: What would move the app's files (set by tests/conftest.py for every other test).
MOVERS = (
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_CACHE_HOME",
    "XDG_STATE_HOME",
    "VODY_DESKTOP_DATA_DIR",
    "PYTHON_KEYRING_BACKEND",
    "VODY_DESKTOP_THROWAWAY_PROFILE",
)


def developer_shell(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An environment like a developer's: a home, and nothing that moves the app's files."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in MOVERS and k != "DISPLAY"}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmp_path))
    return env, home


def start_the_app_like_the_benchmark(env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.startup_probe", "app", repr(time.time())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "shown_ms=" in done.stdout  # the real window was shown, then closed in order


def files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if not path.is_dir())


def test_benchmark_start_up_writes_only_into_its_profile(tmp_path: Path) -> None:
    env, home = developer_shell(tmp_path)
    profile = ThrowawayProfile(tmp_path / "profile")

    start_the_app_like_the_benchmark(profile.environment(env))

    assert files_under(home) == []
    assert (profile.app_data / DATABASE_NAME).is_file()
    assert (profile.app_data / "logs" / LOG_FILE_NAME).is_file()
    assert list(profile.config.rglob("*.ini")) != []  # the window's settings, saved on close


def test_a_tool_run_on_its_own_makes_and_removes_its_profile(tmp_path: Path) -> None:
    env, home = developer_shell(tmp_path)

    start_the_app_like_the_benchmark(env)  # no profile passed down: the probe makes one

    assert files_under(home) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("vody-")] == []


def test_the_profile_asks_no_keychain(tmp_path: Path) -> None:
    env, home = developer_shell(tmp_path)
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "from vody_desktop.throwaway_profile import use_throwaway_profile; "
            "use_throwaway_profile(); import keyring; "
            "b = keyring.get_keyring(); print(type(b).__module__ + '.' + type(b).__name__)",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
        check=True,
    ).stdout
    assert shown.strip() == NO_KEYCHAIN
    assert files_under(home) == []
