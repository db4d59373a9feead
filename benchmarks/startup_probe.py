"""One start-up measurement in its own process: `python -m benchmarks.startup_probe KIND T0 ...`.

KIND `app` starts the real application (`vody_desktop.app.main`, the same path as the
`vody-desktop` command); KIND `bare` shows a bare PySide6 main window with a tree view. `T0` is
the parent's `time.time()` just before it started this process. When the window's first paint
has happened, the probe prints the milliseconds from T0 (`shown_ms=`). `app` then keeps the window
open for `IDLE_S` under a 10 ms heartbeat and prints the longest stall of that second
(`idle_stall_ms=`: what start-up work left after the first paint costs a person who already
clicks), then closes the window (an orderly exit).

The keychain: the throwaway profile names keyring's `null` backend, which skips keyring's
backend discovery, the 80-140 ms a person's start-up pays. On Linux the probe lets keyring
discover its backends for real but points D-Bus at nothing, so no password store can answer
(`real_discovery_without_keychain`): the real cost, and no keychain of the developer is touched.
Elsewhere (where the system keychain needs no D-Bus) the `null` backend stays.

KIND `cold` (`cold T0 URL ID`) starts the real application with `ID` on its command line against
the server at `URL` (the key from `VODY_API_KEY`) and prints the milliseconds from the window's
first show to the first paint of the result's rows, tree or Items table (`cold_ms=`).
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

T0 = float(sys.argv[2])
IDLE_S = 1.0


def report() -> None:
    print(f"shown_ms={(time.time() - T0) * 1000:.1f}", flush=True)


def watch_first_paint(widget: Any, then: Any, *, at_once: bool = False) -> None:
    """Report the first paint of `widget`, then call `then` (from the event loop, or `at_once`)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watcher(QObject):
        done = False

        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not self.done:
                self.done = True
                report()
                if at_once:
                    then()
                else:
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


def real_discovery_without_keychain() -> None:
    if sys.platform.startswith("linux"):
        from vody_desktop.throwaway_profile import KEYRING_BACKEND_VARIABLE

        os.environ.pop(KEYRING_BACKEND_VARIABLE, None)
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent/vody-bench-no-bus"


def watch_idle_then_close(window: Any) -> None:
    """After the first paint: a heartbeat for `IDLE_S`, its longest stall printed, then close."""
    from PySide6.QtCore import QTimer

    from benchmarks.heartbeat import Heartbeat

    beat = Heartbeat(window)
    idle = beat.phase("idle")

    def finish() -> None:
        idle.__exit__(None, None, None)  # the last gap belongs to the idle second too
        beat.stop()
        print(f"idle_stall_ms={beat.stalls_ms.get('idle', 0.0):.1f}", flush=True)
        window.close()

    def start() -> None:
        beat.start()
        idle.__enter__()  # spans the event loop until finish(), so not a `with` block
        QTimer.singleShot(int(IDLE_S * 1000), finish)

    # At once: work the app queued for "after the first paint" must fall into the idle second.
    watch_first_paint(window, start, at_once=True)


def application() -> int:
    from vody_desktop import app
    from vody_desktop.throwaway_profile import use_throwaway_profile

    use_throwaway_profile("vody-bench-")  # the parent's, or one of its own when run alone
    real_discovery_without_keychain()

    real_build = app.build_window

    def build_window(*args: Any, **kwargs: Any) -> Any:
        window = real_build(*args, **kwargs)
        watch_idle_then_close(window)
        return window

    app.build_window = build_window
    return app.main([])


def cold() -> int:
    """From the window's first show to the result's first rows painted (the tree's top level,
    or the Items table when the result opens there)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    from vody_desktop import app
    from vody_desktop.throwaway_profile import use_throwaway_profile

    use_throwaway_profile("vody-bench-")
    real_discovery_without_keychain()
    url, inference_id = sys.argv[3:5]
    real_build = app.build_window

    class Watcher(QObject):
        shown_at = 0.0
        done = False

        def __init__(self, window: Any) -> None:
            super().__init__(window)
            self.window = window

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Show and watched is self.window and not self.shown_at:
                self.shown_at = time.perf_counter()
            elif (
                event.type() == QEvent.Type.Paint
                and watched is not self.window
                and not self.done
                and self.window.results.model.rowCount() > 0
            ):
                self.done = True
                print(f"cold_ms={(time.perf_counter() - self.shown_at) * 1000:.1f}", flush=True)
                QTimer.singleShot(0, self.window.close)
            return False

    def build_window(*args: Any, **kwargs: Any) -> Any:
        window = real_build(*args, **kwargs)
        watcher = Watcher(window)
        window.installEventFilter(watcher)
        window.results.tree.viewport().installEventFilter(watcher)
        # A list of items opens on the Items tab (unless Preferences say Tree): its first rows.
        window.items.tab.table.viewport().installEventFilter(watcher)
        return window

    app.build_window = build_window
    return app.main(["--env", url, inference_id])


if __name__ == "__main__":
    kinds = {"bare": bare, "app": application, "cold": cold}
    raise SystemExit(kinds[sys.argv[1]]())
