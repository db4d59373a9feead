"""Importing the network stack in the background, so no lookup waits for it on the UI thread.

httpx, truststore and their parts take 60-200 ms to import (more on a busy machine), so the window
does not wait for them at start-up (see api/client.py). Imported on the UI thread by the first
Fetch they would freeze the window for that long; a worker thread imports them instead, and
makes one TLS context (OpenSSL's first context loads its configuration); a lookup's first
request waits for that worker (`wait()`), and for nothing else of this module. A second thread
then imports the JSON decoder and builds the pattern of invisible characters the tree's first
rows are drawn with (ui/result/visible_text.py: 10-40 ms on first use, which would otherwise
sit between a result's last byte and its first painted rows). Python hands the GIL
back and forth every few milliseconds while it runs an import's code, so the window keeps
responding meanwhile.

When: `import_soon()` after the window's first paint (the usual start: nothing is looked up yet,
and imports on a worker would take turns at the GIL with building the window); `import_now()`
at once, and `import_for_lookup()` when an inference ID on the command line will be looked up as
soon as the window shows (then the imports run while the window is built, rather than after it
shows, and the colour library of the Items tab's Match column waits until that result is on
screen: see items/colour_loading.py). Each starts the worker only once per process.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading

from PySide6.QtCore import QTimer

#: Long enough for the window's first paint to come first.
DELAY_MS = 300
#: anyio (4.16) imports its asyncio backend, its streams and its thread helper on first use:
#: 30-90 ms on the UI thread inside the first request, which held back the second request of
#: a lookup until it was done. Named here, they are imported before any request.
MODULES = (
    "httpx",
    "truststore",
    "httpcore._async",
    "h11",
    "anyio",
    "anyio._backends._asyncio",
    "anyio.lowlevel",
    "anyio.streams.memory",
    "anyio.streams.stapled",
    "anyio.streams.tls",
    "anyio.to_thread",
)
#: After the network stack, on a thread of its own (no request waits for it): the JSON decoder
#: (about 13 ms; the first paint decodes nothing, see document/node.py), which a result needs
#: once its last byte is in.
DECODER = ("msgspec",)
#: Last, on that thread, for the Items tab: the picture client's cookie jar (http.cookiejar
#: and what it imports, about 14 ms; see pictures/no_cookies.py), then the colour library for
#: the Match column (coloraide, about 80 ms to import; see items/colour_loading.py).
AFTER_NETWORK = ("vody_desktop.pictures.no_cookies",)

log = logging.getLogger(__name__)
_started = threading.Event()
_worker: threading.Thread | None = None


def import_soon(modules: tuple[str, ...] = MODULES, delay_ms: int = DELAY_MS) -> None:
    """After `delay_ms`, import `modules` on a daemon thread (errors only logged)."""
    QTimer.singleShot(delay_ms, lambda: import_now(modules))


def import_now(modules: tuple[str, ...] = MODULES) -> None:
    """Import `modules` on a daemon thread now, unless a worker was started already."""
    global _worker
    if _started.is_set():
        return
    _started.set()
    _worker = threading.Thread(
        target=_import_all, args=(modules,), name="warm-imports", daemon=True
    )
    _worker.start()


def import_for_lookup(modules: tuple[str, ...] = MODULES) -> None:
    """`import_now()` for a lookup started with the window: the colour library waits until its
    result is on screen (items/colour_loading.py)."""
    from vody_desktop.items import colour_loading

    colour_loading.hold()
    import_now(modules)


def wait() -> None:
    """Wait for the worker, if it runs, before importing any of its modules on this thread.

    Two threads importing one package at once can fail on CPython: one imports `httpcore`
    (its `__init__` then imports `httpcore._async`), the other a module that imports them in
    the other order; each waits for the other's import lock, Python breaks the deadlock by
    handing one of them the half-initialised module, and the lookup failed with "cannot import
    name ... from partially initialized module" (seen on cold starts with an ID). Waiting costs
    no more than the import lock would have, had it worked.
    """
    worker = _worker
    if worker is not None and worker is not threading.current_thread():
        worker.join()


async def ready() -> None:
    """`wait()` without holding up the UI thread: the loop turns while the worker finishes
    (an ID on the command line is looked up before the window shows, see app._run)."""
    import asyncio  # not at the top: a plain start imports this module before its loop runs

    worker = _worker
    if worker is not None and worker.is_alive() and worker is not threading.current_thread():
        await asyncio.to_thread(worker.join)


def network_ready() -> bool:
    """The worker has imported the network stack: a request can go out without waiting."""
    worker = _worker
    return worker is not None and not worker.is_alive()


def _import_all(modules: tuple[str, ...]) -> None:
    _without_httpx_command_line()
    _import_modules(modules)
    _warm_tls()
    # A thread of its own, so `wait()` (the network stack: a lookup's first request) never
    # waits for these.
    threading.Thread(target=_warm_later, name="warm-imports-later", daemon=True).start()


def _warm_later() -> None:
    """What a result needs once it is in, then the rest (no request waits for any of it)."""
    _import_modules(DECODER)
    _warm_display()
    _import_modules(AFTER_NETWORK)
    from vody_desktop.items import colour_loading

    colour_loading.load_here()  # unless a lookup started with the window holds it back


def _without_httpx_command_line() -> None:
    """httpx's __init__ imports its command-line tool (httpx._main, with click, rich and
    pygments: 40 ms and more here, which a lookup started with the window waits for) whenever
    those are installed, as in a developer's environment; the app never uses it. A None entry
    in sys.modules makes that import fail at once, and httpx falls back to a stub `main`."""
    if "httpx" not in sys.modules:
        sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]


def _import_modules(modules: tuple[str, ...]) -> None:
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError as error:  # an optional backend missing is no problem
            log.debug("Not warmed up: %s (%s)", name, error)


def _warm_tls() -> None:
    """One throwaway TLS context: OpenSSL reads its configuration on the first one."""
    try:
        import ssl

        import truststore

        truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    except Exception as error:  # only a head start: the client reports real TLS problems
        log.debug("TLS not warmed up: %s", error)


def _warm_display() -> None:
    """The first call of `visible` builds and caches its pattern (pure Python, no Qt object)."""
    from vody_desktop.ui.result.visible_text import visible

    visible("\u200b")
