"""SandboxProcess: start, stop and clear errors when the child misbehaves."""

from __future__ import annotations

import subprocess
import sys

import pytest

from vody_desktop.sandbox.process import SandboxProcess, SandboxStartError


def test_start_returns_the_url_and_stop_ends_the_process() -> None:
    sandbox = SandboxProcess(["--quiet"])
    with pytest.raises(RuntimeError, match="not been started"):
        _ = sandbox.url
    url = sandbox.start()
    assert url == sandbox.url
    assert sandbox.running
    with pytest.raises(RuntimeError, match="already started"):
        sandbox.start()
    assert sandbox.stop() == 0
    assert sandbox.returncode == 0
    assert sandbox.stop() == 0  # idempotent


def test_importing_process_does_not_import_the_server_stack() -> None:
    code = (
        "import sys, vody_desktop.sandbox.process; "
        "print(any(m.split('.')[0] in {'starlette', 'uvicorn', 'anyio'} for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=30
    )
    assert result.stdout.strip() == "False"


def test_child_that_dies_raises_with_its_output() -> None:
    sandbox = SandboxProcess(["--rate", "nonsense"])
    with pytest.raises(SandboxStartError, match=r"exit status 2(.|\n)*--rate"):
        sandbox.start()
    assert not sandbox.running


def test_child_that_never_prints_times_out() -> None:
    # Only the timeout is asserted: whether the child printed anything by then would depend on
    # how fast it started (the output in the message is checked on the paths above and below,
    # which wait for the child's own end instead of a clock).
    command = [sys.executable, "-c", "import time; time.sleep(60)"]
    sandbox = SandboxProcess(command=command, start_timeout=1, stop_timeout=2)
    with pytest.raises(SandboxStartError, match=r"did not print its address within 1 s"):
        sandbox.start()
    assert not sandbox.running


def test_child_that_prints_something_else_is_an_error() -> None:
    command = [sys.executable, "-c", "print('hello'); import time; time.sleep(60)"]
    sandbox = SandboxProcess(command=command, stop_timeout=2)
    with pytest.raises(SandboxStartError, match="got 'hello"):
        sandbox.start()
    assert not sandbox.running


def test_child_that_ignores_sigterm_is_killed() -> None:
    code = (
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "print('Vody sandbox listening on http://127.0.0.1:1', flush=True); time.sleep(60)"
    )
    sandbox = SandboxProcess(command=[sys.executable, "-c", code], stop_timeout=0.5)
    assert sandbox.start() == "http://127.0.0.1:1"
    assert sandbox.stop() != 0
