"""Runs the sandbox: binds the sockets, serves both listeners with uvicorn, stops on signals.

The first line on stdout is ``Vody sandbox listening on http://HOST:PORT``, printed once both
listeners accept connections. SIGINT and SIGTERM shut down gracefully (exit status 0): stderr
says ``Vody sandbox stopping`` when the shutdown begins and ``Vody sandbox stopped`` as its last
line, after every listener has closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
import signal
import socket
import sys
from collections.abc import Callable, Generator
from typing import Any, Final

import uvicorn
from uvicorn.config import LOGGING_CONFIG

from vody_desktop.sandbox.app import SandboxState, build_app
from vody_desktop.sandbox.catalogue import REDIRECT_ID
from vody_desktop.sandbox.config import SandboxConfig, format_url
from vody_desktop.sandbox.redirect_target import build_redirect_target

BANNER: Final = "Vody sandbox listening on"
STOPPING: Final = "Vody sandbox stopping"
STOPPED: Final = "Vody sandbox stopped"
_DROPPED_MESSAGE: Final = "ASGI callable returned without completing response."


class _DroppedConnectionFilter(logging.Filter):
    """Hides uvicorn's error for the dropped-connection fault, which is intentional."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != _DROPPED_MESSAGE


class _Server(uvicorn.Server):
    """A uvicorn server that leaves signal handling to ``serve_sandbox``.

    uvicorn's own handling re-raises the signal after shutdown, which would end the process
    with a traceback (SIGINT) or a non-zero status (SIGTERM); and two servers share one loop.
    """

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


def _log_config(access_log: bool) -> dict[str, Any]:
    config: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    config["handlers"]["access"]["stream"] = "ext://sys.stderr"  # stdout carries the banner
    config["filters"] = {"dropped": {"()": _DroppedConnectionFilter}}
    config["handlers"]["default"]["filters"] = ["dropped"]
    if not access_log:
        config["loggers"]["uvicorn.access"]["level"] = "WARNING"
    return config


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket (``port`` 0 picks a free one).

    Created with an explicit IPPROTO_TCP: asyncio enables TCP_NODELAY only on such sockets,
    and without it every response on a kept-alive connection waits ~40 ms (delayed ACK).
    """
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        if sys.platform != "win32":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def _server(app: Any, config: SandboxConfig) -> _Server:
    uvicorn_config = uvicorn.Config(
        app,
        http="h11",
        lifespan="off",
        log_config=_log_config(config.access_log),
        timeout_graceful_shutdown=2,
    )
    return _Server(uvicorn_config)


def _install_signal_handlers(stop: Callable[[], None]) -> None:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(signum, stop)
        except (NotImplementedError, RuntimeError):  # Windows, or not the main thread
            with contextlib.suppress(ValueError):
                signal.signal(signum, lambda _s, _f: loop.call_soon_threadsafe(stop))


async def serve_sandbox(config: SandboxConfig, *, use_default_keys: bool = True) -> None:
    """Serve until a signal arrives; prints the banner once the listeners are ready."""
    main_sock = bind(config.host, config.port)
    target_sock = bind(config.host, 0)
    state = SandboxState(config, use_default_keys=use_default_keys)
    state.redirect_port = target_sock.getsockname()[1]
    servers = [
        _server(build_app(state), config),
        _server(build_redirect_target(state.leaks), config),
    ]
    stop_count = 0

    def stop() -> None:
        nonlocal stop_count
        stop_count += 1
        if stop_count == 1:
            print(STOPPING, file=sys.stderr, flush=True)
        state.shutdown.set()
        state.large.cancel()
        for server in servers:
            server.should_exit = True
            server.force_exit = stop_count > 1

    _install_signal_handlers(stop)
    tasks = [
        asyncio.create_task(server.serve(sockets=[sock]))
        for server, sock in zip(servers, (main_sock, target_sock), strict=True)
    ]
    while not all(server.started for server in servers):
        if any(task.done() for task in tasks) or state.shutdown.is_set():
            break
        await asyncio.sleep(0.01)
    else:
        print(f"{BANNER} {format_url(config.host, main_sock.getsockname()[1])}", flush=True)
        target_url = format_url(config.host, state.redirect_port)
        print(f"Redirect target (for {REDIRECT_ID}) on {target_url}", file=sys.stderr)
        state.large.start()  # warm the large document's cache in the background
    try:
        await asyncio.gather(*tasks)
    finally:
        stop()
        for sock in (main_sock, target_sock):
            sock.close()
    print(STOPPED, file=sys.stderr, flush=True)


def run(config: SandboxConfig, *, use_default_keys: bool = True) -> int:
    """Run the sandbox to completion; the process exit status."""
    try:
        asyncio.run(serve_sandbox(config, use_default_keys=use_default_keys))
    except KeyboardInterrupt:  # a signal before the handlers were installed
        return 0
    except OSError as exc:
        print(f"Vody sandbox could not start: {exc}", file=sys.stderr)
        return 1
    return 0
