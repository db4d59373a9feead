"""Shared fixtures: headless Qt, throw-away settings, and a qasync loop for GUI coroutines."""

from __future__ import annotations

import asyncio
import gc
import os
import sys
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from vody_desktop.ui.mainwindow.window import MainWindow

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("VODY_API_KEY", None)

#: A 1920x1080 screen for this session's windows. Qt's offscreen screen is 800x600 by default,
#: narrower than the window with its panes, which would then hide them (ui/window_size.py).
LARGE_SCREEN = Path(__file__).with_name("offscreen-1920x1080.json")


@pytest.fixture(scope="session")
def qapp_args(pytestconfig: pytest.Config) -> list[str]:
    """pytest-qt's QApplication arguments, with the large screen when the platform is a bare
    "offscreen" (the default here, and what `make test` and CI set).

    An argument, not QT_QPA_PLATFORM: only this process's QApplication gets the screen; app
    subprocesses keep the platform they are given. A real display (xcb, wayland) or an offscreen
    platform with its own screen is left alone.
    """
    args = [pytestconfig.getini("qt_qapp_name")]
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        # Qt splits the platform string at every ':', so a Windows drive letter cannot appear.
        config = os.path.relpath(LARGE_SCREEN) if sys.platform == "win32" else str(LARGE_SCREEN)
        args += ["-platform", f"offscreen:configfile={config}"]
    return args


#: How long a test waits for something to happen before it calls the wait a hang. It only guards
#: against hangs (pytest-timeout ends a whole test after 300 s); it never bets on the machine's
#: speed, so the suite passes while other processes keep every core busy.
HANG_S = 120.0
HANG_MS = int(HANG_S * 1000)  # the same, for pytest-qt's `waitUntil(..., timeout=)`


@pytest.fixture(scope="session", autouse=True)
def _no_automatic_gc() -> Iterator[None]:
    """Collect garbage only on the main thread (see vody_desktop/ui/main_thread_gc.py).

    Otherwise a sandbox pipe-reading thread could collect a closed window of an earlier test.
    """
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_after_each_test() -> Iterator[None]:
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every test gets its own settings folder; nothing touches the real home folder."""
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("settings")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture(autouse=True)
def _pictures_stay_on_this_computer(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test fetches a picture from the internet: results in GUI tests link to vody.com, and a
    table on show would fetch them. A link to another computer fails at once, as offline; the
    sandbox's pictures (loopback) are fetched for real. A test's own fake fetcher replaces this."""
    from urllib.parse import urlsplit

    from vody_desktop.pictures import fetching
    from vody_desktop.pictures.links import LOOPBACK_HOSTS

    class LoopbackOnlyFetcher(fetching.PictureFetcher):
        async def fetch(self, url: str) -> bytes:
            if urlsplit(url).hostname not in LOOPBACK_HOSTS:
                raise fetching.PictureFetchError("Tests do not fetch pictures from the internet.")
            return await super().fetch(url)

    monkeypatch.setattr(fetching, "PictureFetcher", LoopbackOnlyFetcher)


class MemoryKeyring(KeyringBackend):
    """A keychain that lives in this test only (never the real one)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


REAL_KEYCHAIN_MARKER = "real_keychain"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{REAL_KEYCHAIN_MARKER}: uses a real (throw-away) keychain service, so the autouse "
        "in-memory keyring is not installed (tests/e2e/secret_service.py)",
    )


@pytest.fixture(autouse=True)
def memory_keyring(request: pytest.FixtureRequest) -> MemoryKeyring:
    """Every test gets an empty in-memory keychain, except tests marked `real_keychain`."""
    backend = MemoryKeyring()
    if request.node.get_closest_marker(REAL_KEYCHAIN_MARKER) is None:
        keyring.set_keyring(backend)
    return backend


@pytest.fixture(autouse=True)
def app_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Data, log, config and cache folders in a temporary place, also for app subprocesses.

    `VODY_DESKTOP_DATA_DIR` moves the history and logs; the XDG variables move what Qt puts in
    the user's folders (settings of a subprocess); a subprocess gets the `null` keyring, which
    the app treats as "no keychain".
    """
    root = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("VODY_DESKTOP_DATA_DIR", str(root / "data"))
    for name in ("DATA", "CONFIG", "STATE", "CACHE"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(root / name.lower()))
    if sys.platform == "win32":  # where store/paths.py puts a subprocess's settings there
        monkeypatch.setenv("APPDATA", str(root / "config"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    return root


RunAsync = Callable[[Coroutine[Any, Any, Any]], Any]


@pytest.fixture
def run_async(qapp: Any) -> Iterator[RunAsync]:
    """Runs a test coroutine inside a qasync loop, so `@asyncSlot`-style tasks really progress.

    pytest-qt's `waitUntil` alone does not drive coroutines; this loop does, and any exception
    the loop's handler sees fails the test.
    """
    import qasync

    from vody_desktop.ui.main_thread_gc import MainThreadGarbageCollector

    # As in app.py: closing the window must not stop the loop; the app shuts down in order itself.
    qapp.setQuitOnLastWindowClosed(False)
    collector = MainThreadGarbageCollector(interval_ms=100)
    collector.start()
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    errors: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: errors.append(context))

    async def settled(coroutine: Coroutine[Any, Any, Any]) -> Any:
        try:
            return await coroutine
        finally:
            await _settle_cancellations()

    def run(coroutine: Coroutine[Any, Any, Any]) -> Any:
        return loop.run_until_complete(settled(coroutine))

    yield run
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.wait(pending, timeout=HANG_S))
    asyncio.set_event_loop(None)
    loop.close()
    collector.stop()
    qapp.setQuitOnLastWindowClosed(True)
    assert not errors, f"unhandled errors in the event loop: {errors}"


async def _settle_cancellations() -> None:
    """Let tasks that are being cancelled finish while the loop still runs.

    pytest-qt processes Qt events after a test body and before fixture teardown; a cancellation
    still on its way (anyio delivers it from a loop callback) would then run with no running
    event loop and fail the test for a reason that has nothing to do with the app.
    """
    current = asyncio.current_task()
    while True:
        cancelling = [
            t for t in asyncio.all_tasks() if t is not current and not t.done() and t.cancelling()
        ]
        if not cancelling:
            break
        await asyncio.wait(cancelling)
    for _ in range(3):  # callbacks the finished tasks scheduled last
        await asyncio.sleep(0)


def add_window(qtbot: Any, window: MainWindow, run_async: RunAsync) -> None:
    """Hand `window` to pytest-qt, which closes and deletes it after the test, but first close
    it and await its `shutdown()` (its tasks ended) while it and the loop still exist.

    pytest-qt closes and `deleteLater()`s its widgets before the fixtures' own teardown; a loop
    run after that (shutdown, or run_async ending pending tasks) deletes the window midway.
    """

    def shut_down(widget: Any) -> None:
        widget.close()
        run_async(widget.shutdown())

    qtbot.addWidget(window, before_close_func=shut_down)


async def wait_for(condition: Callable[[], bool], seconds: float = HANG_S, what: str = "") -> None:
    """Poll what a person would see until `condition` holds, letting the loop run meanwhile."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await asyncio.sleep(0.02)


W = TypeVar("W", bound="QObject")


def find(parent: QObject, kind: type[W], name: str) -> W:
    """The child widget a person would see under this object name (fails if missing)."""
    child = parent.findChild(kind, name)
    assert child is not None, f"no {kind.__name__} named {name}"
    return child
