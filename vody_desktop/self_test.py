"""`vody-desktop --self-test`: prove an installation works, headless, in a few seconds.

Opens the real main window (offscreen unless `QT_QPA_PLATFORM` says otherwise), looks up one
inference on a canned loopback server (`self_test_server`, standard library only, so it works
in the bundle that leaves the sandbox out), checks what a person would see (the status summary,
the rows of the result tree, no error message, a window that paints) and exits 0, or prints what
went wrong and exits 1.

The app puts the self-test in a throwaway profile first (vody_desktop/throwaway_profile.py, before
the log file is opened): settings, history and logs go to a temporary folder and no keychain is
asked, so the person's own files never change and no keychain prompt appears.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Final

from PySide6.QtWidgets import QLabel

from vody_desktop import APP_NAME, __version__
from vody_desktop.self_test_server import RESULTS, SELF_TEST_ID, SELF_TEST_KEY, CannedServer
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.main_thread_gc import MainThreadGarbageCollector
from vody_desktop.ui.mainwindow.window import MainWindow

DEFAULT_TIMEOUT_S: Final = 30.0
PASSED: Final = "self-test passed"


async def run_self_test(timeout_s: float = DEFAULT_TIMEOUT_S) -> int:
    """Look up the canned inference in a real window; 0 if everything showed up as expected."""
    collector = MainThreadGarbageCollector()
    collector.start()
    try:
        with CannedServer() as server:
            problems = await _look_up_in_window(server.url, timeout_s)
    finally:
        collector.stop()
    if problems:
        _say(sys.stderr, f"{APP_NAME} {__version__} self-test FAILED:\n- " + "\n- ".join(problems))
        return 1
    _say(
        sys.stdout,
        f"{APP_NAME} {__version__} {PASSED}: opened the window and looked up "
        f"{SELF_TEST_ID} ({len(RESULTS)} results) on {server.url}",
    )
    return 0


async def _look_up_in_window(url: str, timeout_s: float) -> list[str]:
    window = MainWindow(AppSettings(), api_key=SELF_TEST_KEY, environment="custom", custom_url=url)
    finished = asyncio.Event()
    window.lookups.ended.connect(finished.set)
    problems: list[str] = []
    try:
        window.show()
        window.start_lookup(SELF_TEST_ID)
        try:
            async with asyncio.timeout(timeout_s):
                await finished.wait()
        except TimeoutError:
            problems.append(f"the lookup did not finish within {timeout_s:.0f} s")
        problems.extend(_what_looks_wrong(window))
    finally:
        window.close()
        await window.shutdown()
        window.deleteLater()
    return problems


def _what_looks_wrong(window: MainWindow) -> list[str]:
    problems = []
    if not window.isVisible():
        problems.append("the window did not open")
    elif window.grab().isNull():
        problems.append("the window could not be drawn")
    if window.messages.kind == "error":
        problems.append(f"the window shows an error: {window.messages.title()}")
    status = window.summary.findChild(QLabel, "summaryStatus")
    status_text = status.text() if status is not None else "(no status summary)"
    if status_text != "Completed":
        problems.append(f"the status summary shows {status_text!r}, not 'Completed'")
    rows = window.results.model.rowCount()
    if rows != len(RESULTS):
        problems.append(f"the result tree has {rows} rows, not {len(RESULTS)}")
    return problems


def _say(stream: object, text: str) -> None:
    """Print if there is somewhere to print to (a windowed Windows bundle has no console)."""
    write = getattr(stream, "write", None)
    if write is not None:
        write(text + "\n")
