"""A program the installed app starts sees the library path the person had, not the bundle's.

The bundle is simulated as PyInstaller's bootloader and PySide6 hook leave the environment
(`sys.frozen`, `sys._MEIPASS`, `LD_LIBRARY_PATH` with the bundle first and the original in
`LD_LIBRARY_PATH_ORIG`, `QT_PLUGIN_PATH` into the bundle). The child is started the way Qt starts
xdg-open for `QDesktopServices.openUrl` (`QProcess.startDetached`, which passes on the process
environment) and writes down what it got. The built bundle itself is checked with a stand-in
xdg-open by packaging/check_child_environment.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QProcess

from vody_desktop.child_environment import restore_for_children

WATCHED = ("LD_LIBRARY_PATH", "LD_LIBRARY_PATH_ORIG", "QT_PLUGIN_PATH", "QML2_IMPORT_PATH")
RECORD = (
    "import json, os, sys; "
    f"names = {WATCHED!r}; "
    "open(sys.argv[1] + '.part', 'w').write(json.dumps({n: os.environ.get(n) for n in names})); "
    "os.replace(sys.argv[1] + '.part', sys.argv[1])"
)


@pytest.fixture
def bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "vody-desktop" / "_internal"
    folder.mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(folder), raising=False)
    monkeypatch.setenv("QT_PLUGIN_PATH", str(folder / "PySide6" / "Qt" / "plugins"))
    monkeypatch.setenv("QML2_IMPORT_PATH", str(folder / "PySide6" / "Qt" / "qml"))
    return folder


def started_by_qt(qtbot: Any, record: Path) -> dict[str, str | None]:
    assert QProcess.startDetached(sys.executable, ["-c", RECORD, str(record)])[0]
    qtbot.waitUntil(record.exists, timeout=60_000)  # the child has written what it saw
    seen: dict[str, str | None] = json.loads(record.read_text())
    return seen


def test_child_started_by_qt_sees_the_original_library_path(
    qtbot: Any, bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LD_LIBRARY_PATH", f"{bundle}:/opt/own/lib")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/opt/own/lib")

    assert restore_for_children() is True
    seen = started_by_qt(qtbot, tmp_path / "seen.json")

    assert seen == {
        "LD_LIBRARY_PATH": "/opt/own/lib",
        "LD_LIBRARY_PATH_ORIG": None,
        "QT_PLUGIN_PATH": None,
        "QML2_IMPORT_PATH": None,
    }


def test_child_gets_no_library_path_when_the_person_had_none(
    qtbot: Any, bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LD_LIBRARY_PATH", str(bundle))
    monkeypatch.delenv("LD_LIBRARY_PATH_ORIG", raising=False)

    restore_for_children()
    seen = started_by_qt(qtbot, tmp_path / "seen.json")

    assert seen["LD_LIBRARY_PATH"] is None


def test_child_started_by_python_sees_the_original_library_path(
    bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LD_LIBRARY_PATH", f"{bundle}:/opt/own/lib")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/opt/own/lib")

    restore_for_children()
    shown = subprocess.run(
        [sys.executable, "-c", "import os; print(os.environ.get('LD_LIBRARY_PATH'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert shown.strip() == "/opt/own/lib"
