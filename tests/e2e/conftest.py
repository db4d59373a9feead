"""End-to-end fixtures: one sandbox server process per session, and a real main window."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import add_window
from tests.gui.helpers import wait_until_built
from vody_desktop.api.client import ClientSettings
from vody_desktop.api.retry import RetryPolicy
from vody_desktop.sandbox.catalogue import DEFAULT_API_KEYS
from vody_desktop.sandbox.process import SandboxProcess
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.mainwindow.window import MainWindow

API_KEY = DEFAULT_API_KEYS[0]
#: The app's own timeouts and overall deadline (120 s), which here only guard against a hang:
#: every lookup on a busy machine gets the time it needs. A test about the deadline sets a short
#: one itself, on an answer that can never arrive in time (the drip fault).
TEST_CLIENT_SETTINGS = ClientSettings()
#: One automatic retry: enough to see the countdown, short enough for the fault tests.
TEST_RETRY_POLICY = RetryPolicy(max_retries=1)


@pytest.fixture(scope="session")
def sandbox_url() -> Iterator[str]:
    # The slow and in-progress inferences stay that way for 10 minutes, so a test that cancels,
    # replaces or closes during them never races their end.
    sandbox = SandboxProcess(
        ["--rate", "1000/1", "--progress-seconds", "600", "--slow-seconds", "600"]
    )
    url = sandbox.start()
    try:
        yield url
    finally:
        sandbox.stop()


def open_sandbox_window(
    qtbot: Any,
    run_async: Any,
    sandbox_url: str,
    *,
    settings: AppSettings | None = None,
    client_settings: ClientSettings | None = TEST_CLIENT_SETTINGS,
) -> MainWindow:
    """The real window, shown and whole (the parts built after its first paint too), pointed at
    `sandbox_url`, with nothing typed in yet; closed and shut down before pytest-qt deletes it.
    `client_settings=None` takes them from `settings` (what the person chose in Preferences), as
    the app does."""
    main_window = MainWindow(
        settings or AppSettings(),
        sandbox_url=sandbox_url,
        client_settings=client_settings,
        retry_policy=TEST_RETRY_POLICY,
    )
    add_window(qtbot, main_window, run_async)
    main_window.show()
    wait_until_built(qtbot, main_window)  # the docks and the history, after the first paint
    return main_window


@pytest.fixture
def window(qtbot: Any, sandbox_url: str, run_async: Any) -> MainWindow:
    """The real window, pointed at the session's sandbox, with nothing typed in yet."""
    return open_sandbox_window(qtbot, run_async, sandbox_url)
