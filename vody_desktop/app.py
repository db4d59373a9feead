"""Start-up and shut-down: arguments, the QApplication on a qasync loop, the main window.

`vody-desktop [--env prod|dev|sandbox|URL] [--demo] [INFERENCE_ID]`. The API key comes from the
`VODY_API_KEY` environment variable or the window, never from an argument (other users can read
a process's arguments).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
import traceback
from collections.abc import Sequence
from types import TracebackType
from typing import TYPE_CHECKING

from vody_desktop import APP_NAME, __version__

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer

    from vody_desktop.ui.main_window import MainWindow

log = logging.getLogger("vody_desktop")
API_KEY_VARIABLE = "VODY_API_KEY"
#: The reference's example key, which the bundled sandbox accepts; used only with --demo.
DEMO_API_KEY = "1234abcd-bdde-1234-a39a-3ff12ce386d5"
NAMED_ENVIRONMENTS = ("prod", "dev", "sandbox")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="vody-desktop",
        description="Look up the results of a Vody inference. "
        f"The API key is read from ${API_KEY_VARIABLE} or typed into the window.",
    )
    parser.add_argument(
        "--env",
        metavar="prod|dev|sandbox|URL",
        help="the environment to select, or the address of another server",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start the bundled sandbox server and select it, with a demo key",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("inference_id", nargs="?", help="an inference ID to look up at once")
    args = parser.parse_args(argv)
    if args.env == "sandbox" and not args.demo:
        parser.error("--env sandbox needs --demo (it starts the sandbox server)")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    import qasync
    from PySide6.QtWidgets import QApplication

    _route_qt_messages()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Vody")
    # The coroutine below decides when to stop, after an orderly shutdown; Qt must not stop the
    # loop under it when the window closes.
    app.setQuitOnLastWindowClosed(False)

    sandbox = None
    if args.demo:
        from vody_desktop.sandbox.process import SandboxProcess

        sandbox = SandboxProcess(["--quiet"])
        sandbox.start()
    try:
        result: int = qasync.run(_run(args, sandbox.url if sandbox else None))
        return result
    finally:
        if sandbox is not None:
            sandbox.stop()


def build_window(args: argparse.Namespace, sandbox_url: str | None) -> MainWindow:
    """The main window as the arguments and environment variables ask for it."""
    from vody_desktop.store.settings import AppSettings
    from vody_desktop.ui.main_window import MainWindow

    environment, custom_url = _environment_choice(args.env, sandbox_url)
    api_key = os.environ.get(API_KEY_VARIABLE, "").strip()
    if sandbox_url and not api_key:
        api_key = DEMO_API_KEY
    return MainWindow(
        AppSettings(),
        api_key=api_key,
        sandbox_url=sandbox_url,
        environment=environment,
        custom_url=custom_url,
    )


async def _run(args: argparse.Namespace, sandbox_url: str | None) -> int:
    from vody_desktop.ui.main_thread_gc import MainThreadGarbageCollector

    collector = MainThreadGarbageCollector()
    collector.start()
    window = build_window(args, sandbox_url)
    closed = asyncio.Event()
    window.closed.connect(closed.set)
    _install_excepthook(window)
    wakeup = _close_on_termination_signals(window)
    window.show()
    if args.inference_id:
        window.start_lookup(args.inference_id)
    await closed.wait()
    wakeup.stop()
    await window.shutdown()
    collector.stop()
    return 0


def _close_on_termination_signals(window: MainWindow) -> QTimer:
    """Ctrl+C and SIGTERM close the window like the close button does (an orderly exit).

    Python runs signal handlers only between bytecodes, so a timer wakes the interpreter while
    Qt waits for events.
    """
    from PySide6.QtCore import QTimer

    def close(_signum: int, _frame: object) -> None:
        window.close()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, close)
    timer = QTimer(window)
    timer.setInterval(200)
    timer.timeout.connect(lambda: None)
    timer.start()
    return timer


def _route_qt_messages() -> None:
    """Qt's own messages go to our log; a harmless one of the offscreen platform is dropped."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }
    qt_log = logging.getLogger("vody_desktop.qt")

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if "propagateSizeHints" in message:
            return
        qt_log.log(levels.get(kind, logging.WARNING), "%s", message)

    qInstallMessageHandler(handler)


def _environment_choice(env: str | None, sandbox_url: str | None) -> tuple[str | None, str]:
    """The environment key to select and, for a URL, the custom address."""
    if env is None:
        return ("sandbox", "") if sandbox_url else (None, "")
    if env in NAMED_ENVIRONMENTS:
        return env, ""
    return "custom", env


def _install_excepthook(window: MainWindow) -> None:
    """Unexpected errors: log them and tell the person, with the key removed."""
    from vody_desktop.api.redaction import redact

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, error, tb))
        text = redact(text, window.form.api_key())
        log.error("Unexpected error:\n%s", text)
        window.messages.error(
            "Something unexpected went wrong",
            "The window still works. If this keeps happening, copy the details into a "
            "support ticket.",
            text,
        )

    sys.excepthook = hook
