"""The command line: banner, --list, --help, option errors and clean shutdown on signals."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.sandbox.conftest import HEADERS
from tests.sandbox.helpers import HANG_GUARD_S
from vody_desktop.sandbox import catalogue as cat
from vody_desktop.sandbox.process import SandboxProcess
from vody_desktop.sandbox.server import BANNER, STOPPED, STOPPING

DOCS = Path(__file__).resolve().parents[2] / "docs" / "sandbox.md"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vody_desktop.sandbox", *args],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_list_prints_every_catalogue_id() -> None:
    result = run_cli("--list")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(cat.ENTRIES)
    for line, entry in zip(lines, cat.ENTRIES, strict=True):
        assert line.startswith(f"{entry.inference_id}  {entry.constant} ")


def test_list_markdown_matches_the_docs() -> None:
    result = run_cli("--list", "markdown")
    assert result.returncode == 0
    assert result.stdout == cat.format_table(markdown=True)
    assert result.stdout in DOCS.read_text(encoding="utf-8")


def test_help_documents_the_rate_format() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    assert "REQUESTS/SECONDS" in result.stdout
    assert "60/60" in result.stdout


@pytest.mark.parametrize(
    "args", [["--rate", "fast"], ["--progress-seconds", "-1"], ["--data", "/no/such/dir"]]
)
def test_bad_options_exit_2(args: list[str]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert "error:" in result.stderr


def test_banner_is_the_first_line_and_names_the_real_port() -> None:
    with SandboxProcess(["--quiet"]) as sandbox:
        assert sandbox.url.startswith("http://127.0.0.1:")
        port = int(sandbox.url.rsplit(":", 1)[1])
        assert port > 0
        assert sandbox.output.splitlines()[0] != ""
        response = httpx.get(
            f"{sandbox.url}/inference/{cat.COLOR_RESULTS_ID}/results", headers=HEADERS
        )
        assert response.status_code == 200


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_in_order_even_mid_drip(signum: signal.Signals) -> None:
    sandbox = SandboxProcess(["--quiet"])
    sandbox.start()
    try:
        with (
            httpx.Client(base_url=sandbox.url, headers=HEADERS, timeout=HANG_GUARD_S) as client,
            client.stream("GET", f"/inference/{cat.DRIP_ID}/results") as response,
        ):
            pieces = response.iter_raw()
            assert next(pieces) == b'{"drip": "'  # the drip is under way
            assert sandbox._process is not None
            sandbox._process.send_signal(signum)
            # The response in flight is finished, not cut off: the rest of the body arrives.
            rest = b"".join(pieces)
            assert rest.strip(b".") == b'"}'
            assert sandbox._process.wait(HANG_GUARD_S) == 0  # a guard against a hang only
    finally:
        returncode = sandbox.stop()
    assert returncode == 0
    log = [line for line in sandbox.output.splitlines() if not line.startswith(BANNER)]
    assert log.count(STOPPING) == 1
    assert log[-1] == STOPPED  # after every listener has closed
    assert log.index(STOPPING) < len(log) - 1
    assert "Traceback" not in sandbox.output
    assert "Error" not in sandbox.output


def test_port_in_use_fails_with_a_message() -> None:
    with SandboxProcess(["--quiet"]) as first:
        port = first.url.rsplit(":", 1)[1]
        result = run_cli("--port", port)
    assert result.returncode == 1
    assert "could not start" in result.stderr
    assert "Traceback" not in result.stderr
