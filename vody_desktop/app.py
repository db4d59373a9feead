"""Start-up and shut-down: arguments, the QApplication on a qasync loop, the main window.

`vody-desktop [--env prod|dev|sandbox|URL] [--demo] [INFERENCE_ID|FILE]`: an argument naming an
existing file opens it, anything else is looked up. `vody-desktop fetch ...` is the command line
for scripts (vody_desktop/cli.py), dispatched before Qt is imported, as are `batch` and
`compare`. The API key comes from the `VODY_API_KEY` environment variable or the window, never
from an argument (other users can read a process's arguments).
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import signal
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from vody_desktop import APP_NAME, __version__
from vody_desktop.arguments import QuietArgumentParser, environment_problem
from vody_desktop.child_environment import restore_for_children
from vody_desktop.resources import APP_ID, application_icon

if TYPE_CHECKING:
    from types import TracebackType

    from PySide6.QtCore import QTimer

    from vody_desktop.store.log_file import HeldRecords
    from vody_desktop.ui.dialogs.error_dialog import UnexpectedErrorReporter
    from vody_desktop.ui.main_thread_gc import MainThreadGarbageCollector
    from vody_desktop.ui.mainwindow.lookup_controller import LookupController
    from vody_desktop.ui.mainwindow.window import MainWindow

log = logging.getLogger("vody_desktop")
API_KEY_VARIABLE = "VODY_API_KEY"
#: The reference's example key, which the bundled sandbox accepts; used only with --demo.
DEMO_API_KEY = "1234abcd-bdde-1234-a39a-3ff12ce386d5"
NAMED_ENVIRONMENTS = ("prod", "dev", "sandbox")
#: How long the window may take to paint before the event loop starts anyway.
FIRST_PAINT_WAIT_MS = 2000
#: How long the first show of the window waits at most for the request for the results of an
#: ID on the command line to leave: a few milliseconds over loopback or to a near server, and
#: the answer then streams in while the window paints (~10-60 ms). A far server's connection
#: and TLS handshake go on after the show.
SEND_BEFORE_SHOW_S = 0.05


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The window's arguments; a usage error names options only, never a typed value."""
    from vody_desktop.demo_support import demo_unavailable

    demo_problem = demo_unavailable()
    parser = QuietArgumentParser(
        prog="vody-desktop",
        description="Look up the results of a Vody inference. "
        f"The API key is read from ${API_KEY_VARIABLE} or typed into the window.",
        key_hint=f"the API key is read from ${API_KEY_VARIABLE} or typed into the window, "
        "never from an argument",
    )
    parser.add_argument(
        "--env",
        metavar="prod|dev|URL" if demo_problem else "prod|dev|sandbox|URL",
        help="the environment to select, or the address of another server",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        # The installed bundle has no sandbox server: say so rather than offer it.
        help="start the bundled sandbox server and select it, with a demo key"
        if demo_problem is None
        else f"not available here: {demo_problem.title.lower()}",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation: open the window headless, look up a canned inference "
        "on this computer, exit 0 if everything showed up",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.set_defaults(demo_problem=None)
    parser.add_argument(
        "inference_id",
        nargs="?",
        metavar="INFERENCE_ID|FILE",
        help="an inference ID to look up at once, or a saved JSON file to open",
    )
    args = parser.parse(argv)
    if args.env == "sandbox" and not args.demo:
        parser.fail("--env sandbox needs --demo (it starts the sandbox server)")
    problem = None if args.env is None else environment_problem(args.env, NAMED_ENVIRONMENTS)
    if problem:
        parser.fail(problem)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["fetch"]:
        # The command line for scripts: no Qt is imported on this path.
        from vody_desktop.cli import main as fetch_main

        return fetch_main(arguments[1:])
    if arguments[:1] == ["batch"]:
        # Many IDs from a list into a folder (vody_desktop/batch/cli.py); no Qt either.
        from vody_desktop.batch.cli import main as batch_main

        return batch_main(arguments[1:])
    if arguments[:1] == ["compare"]:
        # What changed between two results (vody_desktop/compare/cli.py); no Qt either.
        from vody_desktop.compare.cli import main as compare_main

        return compare_main(arguments[1:])
    # Python's cyclic collector ran some 40 times (about 9 ms) during the imports before the
    # window's first paint, finding nothing worth it; the window's own collector takes over
    # (ui/main_thread_gc.py, which keeps automatic collection off for good).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _start_window(arguments)
    finally:
        if collecting:
            gc.enable()


def _start_window(arguments: list[str]) -> int:
    """The window, as the arguments ask for it (or the self-test)."""
    args = parse_args(arguments)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from vody_desktop.store.paths import use_settings_folder

    use_settings_folder()  # the settings file where store/paths.py says, on every system
    from vody_desktop.ui import pyside_feature_check

    pyside_feature_check.install()  # before the ~200 imports of the window (see the module)
    if args.self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from vody_desktop.throwaway_profile import use_throwaway_profile

        # Settings, history and logs of the self-test go to a folder removed at exit.
        use_throwaway_profile("vody-self-test-")

    if args.inference_id and not args.self_test and not is_file_argument(args.inference_id):
        # Looked up as soon as the window shows: the network stack is imported meanwhile.
        from vody_desktop.ui import warm_imports

        warm_imports.import_for_lookup()
    from PySide6.QtWidgets import QApplication

    _route_qt_messages()
    from vody_desktop.store.log_file import hold_log_records, install_log_file

    # The rotating, key-scrubbed log file in the user log folder: opened once the loop runs
    # (after the window's first paint); what is logged before is kept for it meanwhile.
    held = hold_log_records()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    # In the installed bundle, programs opened from the app (xdg-open, the browser) must not
    # inherit the bundle's library and plugin paths; Qt has read its own by now.
    restore_for_children()
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Vody")
    app.setDesktopFileName(APP_ID)  # Wayland and task bars match the window to the .desktop file
    app.setWindowIcon(application_icon())
    # The coroutine below decides when to stop, after an orderly shutdown; Qt must not stop the
    # loop under it when the window closes.
    app.setQuitOnLastWindowClosed(False)

    if args.self_test:
        import qasync

        from vody_desktop.self_test import run_self_test

        install_log_file(held=held)
        return int(qasync.run(run_self_test()))
    _check_demo_available(args)
    sandbox = None
    if args.demo:
        from vody_desktop.sandbox.process import SandboxProcess

        sandbox = SandboxProcess(["--quiet"])
        sandbox.start()
    try:
        return _run_window(args, sandbox.url if sandbox else None, held)
    finally:
        if sandbox is not None:
            sandbox.stop()


def _check_demo_available(args: argparse.Namespace) -> None:
    """Without a sandbox (the installed bundle), `--demo` opens the window with a message."""
    from vody_desktop.demo_support import demo_unavailable

    problem = demo_unavailable() if args.demo else None
    if problem is not None:
        log.warning("%s. %s", problem.title, problem.detail)
        args.demo = False
        args.env = None if args.env == "sandbox" else args.env
        args.demo_problem = problem


def build_window(args: argparse.Namespace, sandbox_url: str | None) -> MainWindow:
    """The main window as the arguments and environment variables ask for it."""
    from vody_desktop.demo_support import demo_examples
    from vody_desktop.store.settings import AppSettings
    from vody_desktop.ui.mainwindow.window import MainWindow

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
        # The demo's Lookup > Examples; the window itself never imports the sandbox.
        examples=demo_examples() if sandbox_url else (),
    )


def _run_window(
    args: argparse.Namespace, sandbox_url: str | None, held: HeldRecords | None = None
) -> int:
    """The window on a qasync loop, until it is closed and has wound down.

    Without an argument to act on, the window is built and painted before asyncio and qasync
    are imported (30-40 ms, which the first paint does not need: the window's parts import
    asyncio when they run something); the loop starts right after that paint. An ID or a file
    on the command line is acted on before the window shows, which needs the running loop.
    """
    collector = _start_collector()
    shown = None
    if not args.inference_id:
        shown = _show_window(args, sandbox_url)
        wait_for_first_paint(shown[0])
    import qasync
    from PySide6.QtCore import QTimer

    from vody_desktop.store.log_file import install_log_file

    if shown is None:
        install_log_file(held=held)
    else:
        # Once the later-imports worker has imported logging.handlers (and what it imports:
        # 8-14 ms on this thread, right after the first paint and qasync's import); what is
        # logged until then is kept for the file.
        from vody_desktop.ui.mainwindow.later_parts import import_later_modules

        def open_log_file() -> None:
            install_log_file(held=held)

        QTimer.singleShot(0, lambda: import_later_modules(open_log_file))
    result: int = qasync.run(_run(args, sandbox_url, shown, collector))
    return result


def _start_collector() -> MainThreadGarbageCollector:
    from vody_desktop.ui.main_thread_gc import MainThreadGarbageCollector

    collector = MainThreadGarbageCollector()
    collector.start()
    return collector


def _show_window(args: argparse.Namespace, sandbox_url: str | None) -> tuple[MainWindow, QTimer]:
    """Build the window and show it (no argument to act on); its wake-up timer."""
    window, wakeup = _prepare_window(args, sandbox_url)
    window.show()
    return window, wakeup


def _prepare_window(args: argparse.Namespace, sandbox_url: str | None) -> tuple[MainWindow, QTimer]:
    """Build the window, with its error hook and the demo's message; its wake-up timer."""
    window = build_window(args, sandbox_url)
    _install_excepthook(window)
    wakeup = _close_on_termination_signals(window)
    if args.demo_problem is not None:
        problem = args.demo_problem
        window.messages.info(problem.title, problem.advice, problem.detail)
    return window, wakeup


async def _run(
    args: argparse.Namespace,
    sandbox_url: str | None,
    shown: tuple[MainWindow, QTimer] | None = None,
    collector: MainThreadGarbageCollector | None = None,
) -> int:
    """Run the window (`shown`, or one built and shown now) until it is closed and wound down."""
    import asyncio

    collector = collector or _start_collector()
    window, wakeup = shown or _prepare_window(args, sandbox_url)
    closed = asyncio.Event()
    window.closed.connect(closed.set)  # before any wait: a signal may close it meanwhile
    if shown is None:
        # Before the window shows: the lookup's request leaves while the window paints.
        if args.inference_id and act_on_argument(window, args.inference_id):
            await send_before_showing(window.lookups)
        if not closed.is_set():  # not closed (Ctrl+C, SIGTERM) while the request left
            window.show()
    elif not window.isVisible():  # closed before the loop ran (a signal, during the first paint)
        closed.set()
    if window.later.complete:
        collector.freeze_survivors()
    else:
        window.later.built.connect(collector.freeze_survivors)
    await closed.wait()
    wakeup.stop()
    await window.shutdown()
    collector.stop()
    return 0


def wait_for_first_paint(window: MainWindow, timeout_ms: int = FIRST_PAINT_WAIT_MS) -> None:
    """Run Qt's events until `window` has painted (or `timeout_ms` passed: a window that is
    never exposed, on a hidden desktop, does not hold the app back).

    Input is held until the app's loop runs: nothing can be aimed at a window not yet
    painted, and what it triggers may need that loop.
    """
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

    loop = QEventLoop()

    class PaintWatcher(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() in (QEvent.Type.Paint, QEvent.Type.Hide):  # painted, or closed
                loop.quit()
            return False

    watcher = PaintWatcher()
    window.installEventFilter(watcher)
    QTimer.singleShot(timeout_ms, loop.quit)
    if window.isVisible():
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    window.removeEventFilter(watcher)


def act_on_argument(window: MainWindow, text: str) -> bool:
    """Open the file a command-line argument names, or look the argument up as an ID; whether
    a lookup has started.

    Without a key in the field, a remembered one may still be on its way from the keychain
    (read on a worker thread): the lookup waits for it instead of asking for a key.
    """
    from PySide6.QtCore import Qt

    if is_file_argument(text):
        window.open_file(text)
        return False
    if window.form.api_key() or window.keys.store.loaded:
        return window.start_lookup(text)
    window.form.set_inference_id(text)
    window.keys.loaded.connect(
        lambda: window.start_lookup(text), Qt.ConnectionType.SingleShotConnection
    )
    return False


async def send_before_showing(lookups: LookupController) -> None:
    """Let a lookup started with the window send its request for the results before the window
    is first shown (its first paint would otherwise come first: Qt paints before the loop runs
    the lookup). Only once the network stack is in: waiting for its import would hold the
    window back."""
    from vody_desktop.ui import warm_imports

    if lookups.running and warm_imports.network_ready():
        await lookups.results_requested(SEND_BEFORE_SHOW_S)


def is_file_argument(text: str) -> bool:
    """Whether a command-line argument names an existing file (opened rather than looked up)."""
    try:
        return os.path.isfile(text)
    except (OSError, ValueError):
        return False


def _close_on_termination_signals(window: MainWindow) -> QTimer:
    """Ctrl+C and SIGTERM close the window like the close button does (an orderly exit).

    Python runs signal handlers only between bytecodes, so a timer wakes the interpreter while
    Qt waits for events.
    """
    from PySide6.QtCore import QTimer

    def close(_signum: int, _frame: object) -> None:
        # Queued, not at once: the handler runs between any two bytecodes, possibly inside a
        # paint event of one of our widgets, and closing there destroys the native window under
        # the paint ("QBackingStore::flush() called for … which does not have a handle").
        QTimer.singleShot(0, window.close)

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
    """Unexpected errors: logged and shown in a dialog with copyable details, key removed.

    The dialog's module (and its Qt classes) is imported by the first such error, not before
    the window's first paint.
    """
    reporters: list[UnexpectedErrorReporter] = []

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if not reporters:
            from vody_desktop.ui.dialogs.error_dialog import UnexpectedErrorReporter

            reporters.append(UnexpectedErrorReporter(window, window.form.api_key))
        reporters[0].hook(kind, error, tb)

    sys.excepthook = hook
