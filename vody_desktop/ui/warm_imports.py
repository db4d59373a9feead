"""Importing the network stack in the background once the window is up.

httpx and truststore take about 60 ms to import, so the window does not wait for them at start-up
(see api/client.py). Imported on the UI thread by the first Fetch they would freeze the window
for that long; a worker thread imports them instead, shortly after the window appears. Python
hands the GIL back and forth every few milliseconds while it runs an import's code, so the window
keeps responding meanwhile.
"""

from __future__ import annotations

import importlib
import logging
import threading

from PySide6.QtCore import QTimer

#: Long enough for the window's first paint to come first.
DELAY_MS = 300
MODULES = ("httpx", "truststore", "httpcore._async", "h11", "anyio")

log = logging.getLogger(__name__)


def import_soon(modules: tuple[str, ...] = MODULES, delay_ms: int = DELAY_MS) -> None:
    """After `delay_ms`, import `modules` on a daemon thread (errors only logged)."""
    QTimer.singleShot(delay_ms, lambda: _start(modules))


def _start(modules: tuple[str, ...]) -> None:
    threading.Thread(target=_import_all, args=(modules,), name="warm-imports", daemon=True).start()


def _import_all(modules: tuple[str, ...]) -> None:
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError as error:  # an optional backend missing is no problem
            log.debug("Not warmed up: %s (%s)", name, error)
