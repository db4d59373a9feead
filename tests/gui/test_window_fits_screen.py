"""The window never runs off the screen: at 200 % scale on a 2560x1440 screen (1280x720 logical
pixels) it opens within the available area, Export, the status bar and the Details' Copy are on
screen, a size restored from a larger monitor is cut to fit, and advice text wraps.

The screen is set when the QApplication starts, so each case runs the window in a subprocess
(tests/gui/screen_probe.py) on Qt's offscreen platform with a configured screen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QPlainTextEdit, QPushButton

from tests.conftest import find
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.main_window import MainWindow
from vody_desktop.ui.window_size import PREFERRED_SIZE, fitted_size

ROOT = Path(__file__).resolve().parents[2]
#: 1280x720 logical: what a 2560x1440 screen gives at 200 % scale.
LOGICAL_720P = (1280, 720)


def run_probe(tmp_path: Path, *args: str) -> dict[str, Any]:
    screen = tmp_path / "screen.json"
    screen.write_text(
        json.dumps(
            {
                "screens": [
                    {"name": "hidpi", "x": 0, "y": 0, "width": 2560, "height": 1440, "dpr": 1.0}
                ]
            }
        ),
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
        "QT_SCALE_FACTOR": "2",
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.gui.screen_probe", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def inside(rect: list[int], area: list[int]) -> bool:
    return area[0] <= rect[0] <= rect[2] <= area[2] and area[1] <= rect[1] <= rect[3] <= area[3]


def assert_fits(report: dict[str, Any]) -> None:
    available = report["available"]
    assert available[2] - available[0] + 1 == LOGICAL_720P[0]
    assert available[3] - available[1] + 1 == LOGICAL_720P[1]
    assert inside(report["frame"], available), report
    for part in ("export", "status_bar", "details_copy"):
        assert inside(report[part], available), (part, report)
    # Advice wraps: its label is as tall as its text needs at its width.
    assert report["advice_visible"]
    assert report["advice_height"] >= report["advice_needs"]


def test_the_window_opens_within_a_1280x720_screen_at_200_percent(tmp_path: Path) -> None:
    shot = tmp_path / "window-720p.png"
    report = run_probe(tmp_path, str(shot))
    assert report["scale"] == 2.0
    assert_fits(report)
    assert shot.exists()


def test_a_size_saved_on_a_larger_monitor_is_cut_to_the_screen(tmp_path: Path) -> None:
    report = run_probe(tmp_path, "--restore-larger")
    assert_fits(report)


def test_the_window_can_shrink_to_fit_1280x720(qtbot: Any) -> None:
    window = MainWindow(AppSettings())
    qtbot.addWidget(window)
    window.show()
    window.messages.error("A problem", "What to do next. " * 20, "line\n" * 10)
    find(window, QPushButton, "messageDetailsButton").click()  # the tallest a message gets
    qtbot.wait_until(find(window, QPlainTextEdit, "messageDetails").isVisible)
    minimum = window.minimumSizeHint()
    # Room for a title bar, frame and task bar on a 1280x720 logical screen.
    assert minimum.width() <= LOGICAL_720P[0] - 16
    assert minimum.height() <= LOGICAL_720P[1] - 80


@pytest.mark.parametrize(
    ("available", "expected"),
    [
        (QSize(2560, 1400), PREFERRED_SIZE),
        (QSize(1280, 680), QSize(1264, 640)),
        (QSize(1024, 768), QSize(1008, 728)),
    ],
)
def test_default_size_is_cut_to_the_available_area(available: QSize, expected: QSize) -> None:
    assert fitted_size(PREFERRED_SIZE, available, QSize(16, 40)) == expected
