"""One start-up measurement, run as its own process: `python -m benchmarks.startup_probe KIND T0`.

KIND `app` starts the real application (`vody_desktop.app.main`, the same path as the
`vody-desktop` command); KIND `bare` shows a bare PySide6 main window with a tree view. `T0` is
the parent's `time.time()` just before it started this process. When the window's first paint
has happened, the probe prints the milliseconds from T0 and closes the window (an orderly exit).
"""

from __future__ import annotations

import sys
import time
from typing import Any

T0 = float(sys.argv[2])


def report() -> None:
    print(f"shown_ms={(time.time() - T0) * 1000:.1f}", flush=True)


def watch_first_paint(widget: Any, then: Any) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watcher(QObject):
        done = False

        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not self.done:
                self.done = True
                report()
                QTimer.singleShot(0, then)
            return False

    watcher = Watcher(widget)
    widget.installEventFilter(watcher)


def bare() -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow, QTreeView

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QTreeView())
    window.resize(1000, 720)
    watch_first_paint(window, app.quit)
    window.show()
    return app.exec()


def application() -> int:
    from vody_desktop import app
    from vody_desktop.throwaway_profile import use_throwaway_profile

    use_throwaway_profile("vody-bench-")  # the parent's, or one of its own when run alone

    real_build = app.build_window

    def build_window(*args: Any, **kwargs: Any) -> Any:
        window = real_build(*args, **kwargs)
        watch_first_paint(window, window.close)
        return window

    app.build_window = build_window
    return app.main([])


if __name__ == "__main__":
    raise SystemExit(bare() if sys.argv[1] == "bare" else application())
