"""The desktop files: valid by the freedesktop validators, one application ID, a complete icon set.

`desktop-file-validate` (Debian: desktop-file-utils) and `appstreamcli` (Debian: appstream) are
installed by scripts/ensure-system-libs.sh; without them these tests skip, except under CI, where
a missing validator is a failure (tests/system_parts.py). The validators and install.sh exist
only for Linux, so those tests are skipped by platform on Windows and macOS.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from configparser import ConfigParser
from pathlib import Path

from tests.conftest import HANG_S
from tests.system_parts import linux_only, require_tool
from vody_desktop.resources import APP_ID, ICON_SIZES

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
DESKTOP_FILE = RESOURCES / f"{APP_ID}.desktop"
METAINFO_FILE = RESOURCES / f"{APP_ID}.metainfo.xml"
ICONS = RESOURCES / "icons"


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=HANG_S, check=False)


def desktop_entry(path: Path) -> dict[str, str]:
    parser = ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


@linux_only
def test_desktop_entry_is_valid() -> None:
    result = run(require_tool("desktop-file-validate", "desktop-file-utils"), str(DESKTOP_FILE))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in (result.stdout + result.stderr).lower()


@linux_only
def test_appstream_metainfo_is_valid() -> None:
    result = run(
        require_tool("appstreamcli", "appstream"), "validate", "--no-net", str(METAINFO_FILE)
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_desktop_entry_and_metainfo_share_the_application_id() -> None:
    entry = desktop_entry(DESKTOP_FILE)
    component = ET.parse(METAINFO_FILE).getroot()

    assert DESKTOP_FILE.name == f"{APP_ID}.desktop"
    assert entry["Icon"] == APP_ID
    assert entry["Name"] == "Vody Desktop"
    assert entry["Exec"] == "vody-desktop"
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable[@type='desktop-id']") == DESKTOP_FILE.name
    assert component.findtext("icon") == APP_ID
    assert component.findtext("project_license") == "MIT"


def test_every_icon_size_is_drawn_at_its_size() -> None:
    assert (ICONS / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    for size in ICON_SIZES:
        png = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png_size(png) == (size, size)


def test_windows_icon_holds_the_sizes_windows_uses() -> None:
    data = (ICONS / f"{APP_ID}.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = {data[6 + 16 * i] or 256 for i in range(count)}  # 0 in the directory means 256
    assert {16, 24, 32, 48, 256} <= sizes


def test_macos_icon_is_an_icns_file() -> None:
    data = (ICONS / f"{APP_ID}.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)


def fake_bundle(folder: Path) -> Path:
    """A bundle folder as `make package` lays it out, with a stand-in executable."""
    bundle = folder / "vody-desktop"
    resources = bundle / "_internal" / "resources"
    shutil.copytree(ICONS / "hicolor", resources / "icons" / "hicolor")
    shutil.copy(DESKTOP_FILE, resources)
    shutil.copy(METAINFO_FILE, resources)
    executable = bundle / "vody-desktop"
    executable.write_text("#!/bin/sh\necho stand-in\n")
    executable.chmod(0o755)
    shutil.copy(ROOT / "packaging" / "linux" / "install.sh", bundle / "install.sh")
    return bundle


@linux_only
def test_linux_install_script_adds_menu_entry_icon_and_command(tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path / "download")
    home = tmp_path / "home with space"
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}

    installed = subprocess.run(
        ["sh", str(bundle / "install.sh")], env=env, capture_output=True, text=True, check=False
    )

    assert installed.returncode == 0, installed.stderr
    assert "is installed" in installed.stdout
    target = home / ".local" / "opt" / "vody-desktop"
    share = home / ".local" / "share"
    menu_entry = share / "applications" / f"{APP_ID}.desktop"
    assert desktop_entry(menu_entry)["Exec"] == f'"{target}/vody-desktop"'
    validated = run(require_tool("desktop-file-validate", "desktop-file-utils"), str(menu_entry))
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert png_size(share / "icons" / "hicolor" / "48x48" / "apps" / f"{APP_ID}.png") == (48, 48)
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert (home / ".local" / "bin" / "vody-desktop").resolve() == target / "vody-desktop"

    removed = subprocess.run(
        ["sh", str(target / "install.sh"), "--uninstall"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert removed.returncode == 0, removed.stderr
    assert not menu_entry.exists()
    assert not target.exists()
    assert not (home / ".local" / "bin" / "vody-desktop").exists()
    assert not (share / "icons" / "hicolor" / "48x48" / "apps" / f"{APP_ID}.png").exists()


@linux_only
def test_install_script_refuses_to_run_outside_a_bundle(tmp_path: Path) -> None:
    script = tmp_path / "install.sh"
    shutil.copy(ROOT / "packaging" / "linux" / "install.sh", script)

    result = subprocess.run(
        ["sh", str(script)],
        env={"HOME": str(tmp_path / "home"), "PATH": os.environ.get("PATH", "")},
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 1
    assert "Run this script from the unpacked Vody Desktop folder" in result.stderr
    assert not (tmp_path / "home").exists()
