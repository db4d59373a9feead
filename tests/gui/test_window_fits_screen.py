"""The window never runs off the screen: at 200 % scale on a 2560x1440 screen (1280x720 logical
pixels) it opens within the available area with all its panes, Export, the status bar and the
Details' Copy are on screen, a size restored from a larger monitor is cut to fit, and advice text
wraps. On a 1600x1000 screen at 200 % (800x500 logical), narrower than the window with its panes,
panes are hidden so that it fits, and the status bar says so; an error's advice still shows whole
with its details open (the message's buttons move onto the title's line, and the details box
shrinks to a line that scrolls).

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
from PySide6.QtWidgets import QApplication, QDockWidget, QPlainTextEdit, QPushButton

from tests.conftest import find
from tests.gui.helpers import wait_until_built
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.mainwindow.window import MainWindow
from vody_desktop.ui.mainwindow.window_size import PREFERRED_SIZE, fitted_size, hidden_panes_notice

ROOT = Path(__file__).resolve().parents[2]
#: 1280x720 logical: what a 2560x1440 screen gives at 200 % scale.
LOGICAL_720P = (1280, 720)
#: 800x500 logical: a 1600x1000 screen at 200 % scale.
LOGICAL_800X500 = (800, 500)


def run_probe(tmp_path: Path, *args: str, screen: tuple[int, int] = (2560, 1440)) -> dict[str, Any]:
    """The probe's report for a screen of `screen` device pixels at 200 % scale."""
    width, height = screen
    config = {"name": "hidpi", "x": 0, "y": 0, "width": width, "height": height, "dpr": 1.0}
    (tmp_path / "screen.json").write_text(json.dumps({"screens": [config]}), encoding="utf-8")
    env = {
        **os.environ,
        # Qt splits the platform string at every ':', so the file is named relative to the
        # probe's folder (an absolute Windows path would be cut at its drive letter).
        "QT_QPA_PLATFORM": "offscreen:configfile=screen.json",
        "QT_SCALE_FACTOR": "2",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.gui.screen_probe", *args],
        cwd=tmp_path,
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


def assert_fits(report: dict[str, Any], logical: tuple[int, int] = LOGICAL_720P) -> None:
    available = report["available"]
    assert available[2] - available[0] + 1 == logical[0]
    assert available[3] - available[1] + 1 == logical[1]
    assert inside(report["frame_at_show"], available), report  # never opened larger, even briefly
    assert inside(report["frame"], available), report
    parts = ["export", "status_bar"]
    if "Details" in report["panes_shown"]:
        parts.append("details_copy")
    for part in parts:
        assert inside(report[part], available), (part, report)


def assert_advice_wraps(report: dict[str, Any]) -> None:
    """Advice wraps: its label is as tall as its text needs at its width, details open, and
    no part of the message is cut off by its frame or hidden under another."""
    assert report["advice_visible"]
    assert report["advice_height"] >= report["advice_needs"]
    assert report["message_parts_outside"] == [], report
    assert report["message_parts_overlapping"] == [], report


def test_the_window_opens_with_its_panes_within_a_1280x720_screen_at_200_percent(
    tmp_path: Path,
) -> None:
    shot = tmp_path / "window-720p.png"
    report = run_probe(tmp_path, str(shot))
    assert report["scale"] == 2.0
    assert_fits(report)
    assert_advice_wraps(report)
    # With its three panes the window needs about 865 px: they fit into 1280, so stay.
    assert report["panes_shown"] == ["Details", "History", "Query"]
    assert report["panes_hidden"] == []
    assert "hidden" not in report["status_message"]
    assert shot.exists()


def test_on_an_800x500_screen_panes_are_hidden_so_the_window_fits(tmp_path: Path) -> None:
    shot = tmp_path / "window-800x500.png"
    report = run_probe(tmp_path, str(shot), screen=(1600, 1000))
    assert report["scale"] == 2.0
    assert_fits(report, LOGICAL_800X500)
    # Only as many as needed: without History (the widest) the window needs about 720 px.
    assert report["panes_hidden"] == ["History"]
    assert report["panes_shown"] == ["Details", "Query"]
    assert "History" not in report["panes_checked_in_view_menu"]  # View > History is unticked
    assert report["status_message"] == (
        "The History pane was hidden to fit the screen; the View menu shows it again."
    )
    assert report["status_message_width"] <= report["status_bar_room"]  # readable, not cut
    # The advice wraps and shows whole while the details are closed.
    height, needs = report["advice_closed"]
    assert height >= needs
    assert shot.exists()


def test_panes_hidden_to_fit_come_back_on_a_screen_where_they_fit(tmp_path: Path) -> None:
    """The laptop today, the large monitor tomorrow: History was hidden only for the small
    screen, so the next start on a large one shows it again (the settings are shared by the two
    runs, as by two sessions)."""
    small = run_probe(tmp_path, screen=(1600, 1000))
    assert small["panes_hidden"] == ["History"]
    large = run_probe(tmp_path, screen=(3840, 2160))
    assert large["panes_shown"] == ["Details", "History", "Query"]
    assert "hidden" not in large["status_message"]
    again = run_probe(tmp_path, screen=(1600, 1000))  # and on the small screen it gives way again
    assert again["panes_hidden"] == ["History"]
    assert again["status_message"].startswith("The History pane was hidden to fit the screen")


def test_a_pane_closed_by_hand_stays_closed_on_a_larger_screen(tmp_path: Path) -> None:
    """Only panes the screen took come back: one the person closed is their choice."""
    run_probe(tmp_path, "--close-history", screen=(3840, 2160))
    report = run_probe(tmp_path, screen=(3840, 2160))
    assert report["panes_hidden"] == ["History"]
    assert "hidden" not in report["status_message"]


def test_on_an_800x500_screen_advice_wraps_with_the_details_open(tmp_path: Path) -> None:
    report = run_probe(tmp_path, screen=(1600, 1000))
    assert_fits(report, LOGICAL_800X500)
    assert_advice_wraps(report)
    # The details box shrank (it scrolls) rather than the text, but still shows a line.
    assert report["details_height"] >= report["details_line"]


def test_a_size_saved_on_a_larger_monitor_is_cut_to_the_screen(tmp_path: Path) -> None:
    report = run_probe(tmp_path, "--restore-larger")
    assert_fits(report)
    assert_advice_wraps(report)


def test_on_a_large_screen_the_window_keeps_its_panes_and_says_nothing(qtbot: Any) -> None:
    window = MainWindow(AppSettings())
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    wait_until_built(qtbot, window)  # the panes come after the first paint
    for _ in range(3):  # the second fit, with the real frame, runs on a zero-delay timer
        QApplication.processEvents()
    # The test session's screen (tests/conftest.py), not Qt's 800x600 offscreen default.
    assert window.screen().availableGeometry().size() == QSize(1920, 1080)
    panes = [dock for dock in window.findChildren(QDockWidget) if dock.parent() is window]
    assert sorted(dock.windowTitle() for dock in panes) == ["Details", "History", "Query"]
    assert not [dock.windowTitle() for dock in panes if dock.isHidden()]
    assert window.statusBar().currentMessage() == ""


@pytest.mark.parametrize(
    ("titles", "notice"),
    [
        (
            ["History"],
            "The History pane was hidden to fit the screen; the View menu shows it again.",
        ),
        (
            ["History", "Details", "Query"],
            "The History, Details and Query panes were hidden to fit the screen; "
            "the View menu shows them again.",
        ),
    ],
)
def test_the_notice_names_the_hidden_panes(titles: list[str], notice: str) -> None:
    assert hidden_panes_notice(titles) == notice


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
