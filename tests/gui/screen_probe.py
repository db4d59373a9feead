"""Opens the main window on the screen Qt was started with and prints, as JSON, where what a
person needs ended up. Run in a subprocess by test_window_fits_screen.py, because the screen
(size, scale) is fixed when the QApplication starts.

Arguments: `--close-history` closes the History pane by hand first; an optional
`--restore-larger` first saves the geometry of a window larger than the
screen (as a session on a bigger monitor would), so the new window restores it; an optional
path saves a screenshot of the window. The report also says which panes (docks) are hidden or
shown, what the status bar says, and where the window's frame was the moment `show()` returned
(before anything could correct it).
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from PySide6.QtCore import QEventLoop, QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from tests.conftest import HANG_S
from vody_desktop.store.settings import WINDOW_GEOMETRY, AppSettings
from vody_desktop.ui.mainwindow.window import MainWindow

ADVICE = (
    "The answer stops part way through, so it can't be shown as a tree; the part that arrived "
    "is shown as text in the Raw JSON tab. Fetch again; if it keeps happening, copy the "
    "details into a support ticket."
)


def on_screen(widget: QWidget) -> list[int]:
    """The widget's rectangle in screen coordinates: left, top, right, bottom."""
    top_left = widget.mapToGlobal(QPoint(0, 0))
    rect = QRect(top_left, widget.size())
    return [rect.left(), rect.top(), rect.right(), rect.bottom()]


def edges(rect: QRect) -> list[int]:
    return [rect.left(), rect.top(), rect.right(), rect.bottom()]


def visible_parts(frame: QWidget) -> list[QWidget]:
    """The widgets shown directly in `frame` (the message area)."""
    children = frame.findChildren(QWidget, "", Qt.FindChildOption.FindDirectChildrenOnly)
    return [child for child in children if child.isVisible()]


def parts_outside(frame: QWidget) -> list[str]:
    """The parts of `frame` that do not lie wholly within it, so that some of them is cut."""
    room = frame.contentsRect()
    return sorted(
        part.objectName() for part in visible_parts(frame) if not room.contains(part.geometry())
    )


def overlapping(frame: QWidget) -> list[list[str]]:
    """Pairs of parts of `frame` that cover each other."""
    parts = visible_parts(frame)
    return [
        [one.objectName(), other.objectName()]
        for i, one in enumerate(parts)
        for other in parts[i + 1 :]
        if one.geometry().intersects(other.geometry())
    ]


def settle(app: QApplication) -> None:
    for _ in range(5):  # the fit after the first show runs on a zero-delay timer
        app.processEvents()


def wait_until_built(app: QApplication, window: MainWindow) -> None:
    """The panes come after the first paint (their modules are imported on a worker first)."""
    give_up = time.monotonic() + HANG_S
    while not window.later.complete:
        assert time.monotonic() < give_up, "the panes were never built"
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.005)  # the GIL for the worker that imports the panes' modules


def main(argv: list[str]) -> int:
    app = QApplication(argv[:1])
    settings = AppSettings()
    if "--restore-larger" in argv:
        larger = MainWindow(settings)
        larger.setGeometry(0, 0, 2400, 1300)
        settings.set(WINDOW_GEOMETRY, larger.saveGeometry())
        larger.deleteLater()
        settle(app)
    window = MainWindow(settings, api_key="probe-key")
    window.show()
    frame_at_show = edges(window.frameGeometry())
    QTest.qWaitForWindowExposed(window)
    wait_until_built(app, window)
    settle(app)
    if "--close-history" in argv:  # the person closes the History pane (View > History)
        window.action_set.trigger("view.history")
        settle(app)
    window.messages.error("The result arrived incomplete", ADVICE, "GET …\nHTTP 200 OK")
    settle(app)
    advice = window.findChild(QLabel, "messageAdvice")
    assert advice is not None
    advice_closed = [advice.height(), advice.heightForWidth(advice.width())]
    details_button = window.findChild(QPushButton, "messageDetailsButton")
    assert details_button is not None
    details_button.click()  # the tallest a message gets
    settle(app)
    screen = window.screen()
    panes = [d for d in window.findChildren(QDockWidget) if d.parent() is window]
    status = window.statusBar()
    copy = window.findChild(QPushButton, "detailCopyButton")
    assert copy is not None
    details = window.findChild(QPlainTextEdit, "messageDetails")
    assert details is not None
    report: dict[str, Any] = {
        "available": edges(screen.availableGeometry()),
        "scale": screen.devicePixelRatio(),
        "frame": edges(window.frameGeometry()),
        "minimum": [window.minimumSizeHint().width(), window.minimumSizeHint().height()],
        "export": on_screen(window.files.export_button),
        "status_bar": on_screen(window.statusBar()),
        "details_copy": on_screen(copy),
        "advice_height": advice.height(),
        "advice_needs": advice.heightForWidth(advice.width()),
        "advice_visible": advice.isVisible(),
        # Its height and the height it needs while the details are closed (above: open).
        "advice_closed": advice_closed,
        # Parts of the message cut off by its frame or lying on each other (details open).
        "message_parts_outside": parts_outside(window.messages),
        "message_parts_overlapping": overlapping(window.messages),
        "details_height": details.height(),
        "details_line": details.fontMetrics().lineSpacing(),
        "frame_at_show": frame_at_show,
        "panes_hidden": sorted(d.windowTitle() for d in panes if d.isHidden()),
        "panes_shown": sorted(d.windowTitle() for d in panes if d.isVisible()),
        "panes_checked_in_view_menu": sorted(
            d.windowTitle() for d in panes if d.toggleViewAction().isChecked()
        ),
        "status_message": status.currentMessage(),
        "status_message_width": status.fontMetrics().horizontalAdvance(status.currentMessage()),
        "status_bar_room": status.contentsRect().width(),
    }
    shots = [a for a in argv[1:] if not a.startswith("--")]
    if shots:
        window.grab().save(shots[0])
    print(json.dumps(report))
    window.close()  # saves the layout, as at the end of a session
    settings.sync()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
