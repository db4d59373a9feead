"""packaging/linux/install.sh in a fresh home: installs, says what PATH lacks, uninstalls cleanly.

A stand-in bundle folder (an executable `vody-desktop` and the real `resources/` in the layout
the spec gives them under `_internal/`) is enough: the script copies and links files, it does not
run the app. Each test gets an empty home and a PATH with only the system folders, like a new
account, and runs the script with `sh` (dash on Debian, as the bundle's users would).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "com.vody.Desktop"

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="install.sh is the Linux bundle's installer"
)


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    folder = tmp_path / "unpacked" / "vody-desktop"
    resources = folder / "_internal" / "resources"
    shutil.copytree(ROOT / "resources" / "icons" / "hicolor", resources / "icons" / "hicolor")
    for name in (f"{APP_ID}.desktop", f"{APP_ID}.metainfo.xml"):
        shutil.copy2(ROOT / "resources" / name, resources / name)
    app = folder / "vody-desktop"
    app.write_text("#!/bin/sh\necho 'Vody Desktop (stand-in)'\n")
    app.chmod(0o755)
    shutil.copy2(ROOT / "packaging" / "linux" / "install.sh", folder / "install.sh")
    return folder


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def run(script: Path, home: Path, *args: str, path: str = "/usr/bin:/bin") -> str:
    env = {"HOME": str(home), "PATH": path, "LANG": "C.UTF-8"}  # nothing else of this machine
    done = subprocess.run(
        ["sh", str(script), *args], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def everything_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_install_puts_the_app_the_menu_entry_and_the_command_in_place(
    bundle: Path, home: Path
) -> None:
    run(bundle / "install.sh", home)

    installed = home / ".local" / "opt" / "vody-desktop" / "vody-desktop"
    assert installed.is_file()
    command = home / ".local" / "bin" / "vody-desktop"
    assert command.is_symlink()
    assert command.resolve() == installed.resolve()
    entry = (home / ".local" / "share" / "applications" / f"{APP_ID}.desktop").read_text()
    assert f'Exec="{installed}"' in entry
    icons = home / ".local" / "share" / "icons" / "hicolor"
    assert (icons / "256x256" / "apps" / f"{APP_ID}.png").is_file()
    assert (icons / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert (home / ".local" / "share" / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()


def test_install_says_how_to_add_local_bin_to_path(bundle: Path, home: Path) -> None:
    said = run(bundle / "install.sh", home)

    assert f"Note: {home}/.local/bin is not on your PATH" in said
    assert """echo 'export PATH="$HOME/.local/bin:$PATH"' >> ~/.profile""" in said


def test_install_says_nothing_about_path_when_local_bin_is_on_it(bundle: Path, home: Path) -> None:
    said = run(bundle / "install.sh", home, path=f"{home}/.local/bin:/usr/bin:/bin")

    assert "Vody Desktop is installed" in said
    assert "PATH" not in said


def test_uninstall_leaves_a_fresh_home_as_it_was(bundle: Path, home: Path) -> None:
    run(bundle / "install.sh", home)
    run(home / ".local" / "opt" / "vody-desktop" / "install.sh", home, "--uninstall")

    assert everything_under(home) == []


def test_uninstall_keeps_settings_history_and_folders_that_were_there(
    bundle: Path, home: Path
) -> None:
    (home / ".local" / "bin").mkdir(parents=True)  # the person's own, empty
    run(bundle / "install.sh", home)
    # What the app writes while in use (vody_desktop/store/paths.py and QSettings):
    settings = home / ".config" / "Vody" / "Vody Desktop.ini"
    history = home / ".local" / "share" / "Vody" / "Vody Desktop" / "history.sqlite3"
    for file in (settings, history):
        file.parent.mkdir(parents=True)
        file.write_text("kept")

    said = run(bundle / "install.sh", home, "--uninstall")

    assert "Your settings, history and logs were kept" in said
    assert settings.read_text() == "kept"
    assert history.read_text() == "kept"
    assert everything_under(home) == [
        ".config",
        ".config/Vody",
        ".config/Vody/Vody Desktop.ini",
        ".local",
        ".local/bin",
        ".local/share",
        ".local/share/Vody",
        ".local/share/Vody/Vody Desktop",
        ".local/share/Vody/Vody Desktop/history.sqlite3",
    ]


def test_reinstalling_still_uninstalls_cleanly(bundle: Path, home: Path) -> None:
    run(bundle / "install.sh", home)
    run(bundle / "install.sh", home)  # everything exists now: nothing new to remember
    run(bundle / "install.sh", home, "--uninstall")

    assert everything_under(home) == []


def test_the_desktop_cache_tools_ran_when_installed(bundle: Path, home: Path) -> None:
    # The clean uninstall above must also hold where these tools write their caches.
    if shutil.which("update-desktop-database") is None and not os.environ.get("CI"):
        pytest.skip("update-desktop-database is not installed (desktop-file-utils)")
    run(bundle / "install.sh", home)
    assert (home / ".local" / "share" / "applications" / "mimeinfo.cache").is_file()
