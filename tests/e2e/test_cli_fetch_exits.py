"""`vody-desktop fetch` in a real process against the sandbox: the key from the keychain, Ctrl+C,
a reader that stops early (`| head`), and exit status 6 for a timeout, TLS and a dropped line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import API_KEY
from tests.e2e.env_keyring import BACKEND, KEYRING_VARIABLE, LOCKED_BACKEND, entries_variable
from vody_desktop.api.environments import normalize_base_url
from vody_desktop.cli import ExitCode
from vody_desktop.sandbox import catalogue
from vody_desktop.sandbox.process import SandboxProcess
from vody_desktop.store.secrets import CUSTOM_ENVIRONMENT, SERVICE_NAME, account_for

pytestmark = pytest.mark.e2e

REPO_ROOT = Path(__file__).resolve().parents[2]
PREFIX = "vody-desktop fetch: "
#: Only a guard against a hang; nothing here waits for a time to pass.
HANG_GUARD_S = 120.0
TIMEOUT_TITLES = ("The server took too long to answer", "The server stopped answering")
#: The sandbox's slow and trickling answers last this long: far beyond any --timeout used here.
NEVER_S = "600"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    sandbox = SandboxProcess(
        ["--quiet", "--rate", "off", "--slow-seconds", NEVER_S, "--drip-seconds", NEVER_S]
    )
    url = sandbox.start()
    try:
        yield url
    finally:
        sandbox.stop()


def child_env(key: str | None = API_KEY, keychain: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a `fetch` child: never the real keychain, never a display.

    `keychain` (account -> key) selects the read-only test backend in tests/e2e/env_keyring.py;
    without it the child gets the `null` backend (no keychain at all)."""
    drop = ("VODY_API_KEY", "DISPLAY", "QT_QPA_PLATFORM", KEYRING_VARIABLE)
    env = {name: value for name, value in os.environ.items() if name not in drop}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    if keychain is None:
        env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    else:
        env["PYTHON_KEYRING_BACKEND"] = BACKEND
        entries = {(SERVICE_NAME, account): secret for account, secret in keychain.items()}
        env[KEYRING_VARIABLE] = entries_variable(entries)
    if key is not None:
        env["VODY_API_KEY"] = key
    return env


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "vody_desktop", "fetch", *args]


#: `fetch` as a terminal starts it, with Ctrl+C's usual meaning. A program started in the
#: background of a script inherits SIGINT as *ignored* (POSIX; CI runners and `cmd &` do this),
#: and Python keeps it ignored: the child would never see the test's Ctrl+C.
WITH_CTRL_C = (
    "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from vody_desktop.app import main; sys.exit(main(sys.argv[1:]))"
)


def command_with_ctrl_c(*args: str) -> list[str]:
    return [sys.executable, "-c", WITH_CTRL_C, "fetch", *args]


def fetch(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        command(*args),
        capture_output=True,
        env=env or child_env(),
        cwd=REPO_ROOT,
        timeout=HANG_GUARD_S,
        check=False,
    )


def error_line(result: subprocess.CompletedProcess[bytes]) -> str:
    """The one plain line on stderr (nothing on stdout, no traceback, no key)."""
    text = result.stderr.decode()
    assert result.stdout == b""
    assert text.count("\n") == 1, text
    assert text.startswith(PREFIX), text
    assert "Traceback" not in text
    assert API_KEY not in text
    return text[len(PREFIX) :].strip()


def wait_until(condition: Callable[[], bool], what: str) -> None:
    """Poll a state the test can see, with a guard against hanging forever."""
    give_up = time.monotonic() + HANG_GUARD_S
    while not condition():
        if time.monotonic() > give_up:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.02)


# --- the key from the keychain ------------------------------------------------------------------


def keychain_account(url: str) -> str:
    """Where the window saves the key of a custom address (ui/key_keeper.py uses the same)."""
    return account_for(CUSTOM_ENVIRONMENT, normalize_base_url(url))


def test_without_the_variable_the_key_saved_in_the_keychain_is_used(server: str) -> None:
    env = child_env(key=None, keychain={keychain_account(server): API_KEY})
    result = fetch(catalogue.COLOR_RESULTS_ID, "--env", server, "--format", "compact", env=env)
    assert result.returncode == ExitCode.OK, result.stderr
    assert result.stderr == b""
    assert result.stdout.startswith(b'[{"image_path":')
    assert API_KEY.encode() not in result.stdout


def test_the_variable_comes_before_the_keychain(server: str) -> None:
    env = child_env(key="not-a-valid-key", keychain={keychain_account(server): API_KEY})
    result = fetch(catalogue.COLOR_RESULTS_ID, "--env", server, env=env)
    assert result.returncode == ExitCode.AUTHENTICATION
    assert "(HTTP 403)" in error_line(result)


def test_a_key_saved_for_another_environment_is_not_used(server: str) -> None:
    env = child_env(key=None, keychain={"prod": API_KEY, "http://127.0.0.1:1": API_KEY})
    result = fetch(catalogue.COLOR_RESULTS_ID, "--env", server, env=env)
    assert result.returncode == ExitCode.AUTHENTICATION
    assert error_line(result).startswith("No API key")


@pytest.mark.parametrize("backend", [LOCKED_BACKEND, "no_such_module.Keyring"])
def test_a_keychain_that_cannot_be_read_still_gives_one_plain_line(
    server: str, backend: str
) -> None:
    env = child_env(key=None)
    env["PYTHON_KEYRING_BACKEND"] = backend
    result = fetch(catalogue.COLOR_RESULTS_ID, "--env", server, env=env)
    assert result.returncode == ExitCode.AUTHENTICATION
    assert error_line(result).startswith("No API key")  # and no logged traceback before it


# --- Ctrl+C ---------------------------------------------------------------------------------------


def test_ctrl_c_while_the_results_trickle_in_exits_130_quietly() -> None:
    # Its own sandbox, with the access log on: the log line of the results request says the
    # lookup is in flight (the headers went out; the body trickles for 10 minutes).
    sandbox = SandboxProcess(["--rate", "off", "--drip-seconds", NEVER_S])
    url = sandbox.start()
    request_line = f"GET /inference/{catalogue.DRIP_ID}/results"
    child = subprocess.Popen(
        command_with_ctrl_c(catalogue.DRIP_ID, "--env", url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(),
        cwd=REPO_ROOT,
    )
    try:
        wait_until(lambda: request_line in sandbox.output, "the results request")
        assert child.poll() is None, "fetch ended before it was interrupted"
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=HANG_GUARD_S)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
        sandbox.stop()
    assert child.returncode == 130  # ExitCode.STOPPED, as shells report Ctrl+C
    assert out == b""
    assert err.decode() == f"{PREFIX}Stopped.\n"


# --- a reader that stops early (`| head -c 100`) -------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "compact", "csv"])
def test_a_reader_that_stops_early_ends_the_output_quietly(server: str, fmt: str) -> None:
    # About 1 MiB of output: far more than a pipe holds (64 KiB on Linux), so the writer is
    # still writing when the reader goes away and meets a closed pipe.
    served = catalogue.results_bytes(catalogue.LONG_STRING_ID)
    assert len(served) > 1 << 20
    child = subprocess.Popen(
        command(catalogue.LONG_STRING_ID, "--env", server, "--format", fmt),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(),
        cwd=REPO_ROOT,
    )
    assert child.stdout is not None
    assert child.stderr is not None
    try:
        head = child.stdout.read(100)
        child.stdout.close()  # what `head -c 100` does once it has its bytes
        err = child.stderr.read()
        child.wait(timeout=HANG_GUARD_S)
    finally:
        if child.poll() is None:
            child.kill()
        child.stderr.close()
    assert len(head) == 100
    assert b"length" in head
    assert err == b"", err.decode()  # no traceback, no "Exception ignored … BrokenPipeError"
    assert child.returncode == ExitCode.OK  # the reader chose to stop: not a failure


# --- exit status 6: timeout, TLS, dropped connection -------------------------------------------


def test_a_server_that_never_answers_is_given_up_after_the_timeout_with_6(server: str) -> None:
    result = fetch(catalogue.SLOW_ID, "--env", server, "--timeout", "1")
    assert result.returncode == ExitCode.NETWORK_OR_SERVER
    assert error_line(result) in TIMEOUT_TITLES


def test_a_body_that_trickles_past_the_timeout_ends_with_6(server: str) -> None:
    # A byte a second keeps the read timeout happy; the overall time limit still ends it.
    result = fetch(catalogue.DRIP_ID, "--env", server, "--timeout", "2")
    assert result.returncode == ExitCode.NETWORK_OR_SERVER
    assert error_line(result) in TIMEOUT_TITLES


@pytest.mark.parametrize("value", ["0", "-1", "soon", "nan", "inf", API_KEY])
def test_a_timeout_that_is_not_a_positive_number_is_a_usage_error(value: str) -> None:
    result = fetch(catalogue.COLOR_RESULTS_ID, "--timeout", value)
    assert result.returncode == ExitCode.USAGE
    assert error_line(result) == (  # the value itself is never repeated
        "argument --timeout: expected a number of seconds above 0 (see vody-desktop fetch --help)"
    )


def test_tls_to_a_plain_http_server_is_6(server: str) -> None:
    https = server.replace("http://", "https://", 1)
    result = fetch(catalogue.COLOR_RESULTS_ID, "--env", https)
    assert result.returncode == ExitCode.NETWORK_OR_SERVER
    assert error_line(result) == "A secure connection to the server could not be set up"


def test_a_connection_dropped_mid_body_is_6(server: str) -> None:
    result = fetch(catalogue.DROPPED_ID, "--env", server)
    assert result.returncode == ExitCode.NETWORK_OR_SERVER
    assert error_line(result) == "The connection was cut off before the answer was complete"
