"""`vody-desktop fetch` as a script runs it, against sandbox servers: output and every exit code."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import HANG_S
from tests.e2e.conftest import API_KEY
from tests.json_tokens import number_tokens
from vody_desktop.cli import ExitCode
from vody_desktop.sandbox import catalogue
from vody_desktop.sandbox.process import SandboxProcess

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    sandbox = SandboxProcess(
        ["--quiet", "--rate", "off", "--retry-after-seconds", "1", "--progress-seconds", "600"]
    )
    url = sandbox.start()
    try:
        yield url
    finally:
        sandbox.stop()


@pytest.fixture(scope="module")
def tiny_server() -> Iterator[str]:
    """One request per minute per key: the second request of a lookup gets a real 429."""
    sandbox = SandboxProcess(["--quiet", "--rate", "1/60"])
    url = sandbox.start()
    try:
        yield url
    finally:
        sandbox.stop()


def fetch(
    *args: str, key: str | None = API_KEY, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("VODY_API_KEY", "DISPLAY")}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"  # never the real keychain
    env.pop("QT_QPA_PLATFORM", None)
    if key is not None:
        env["VODY_API_KEY"] = key
    return subprocess.run(
        [sys.executable, "-m", "vody_desktop", "fetch", *args],
        capture_output=True,
        env=env,
        cwd=cwd,
        timeout=HANG_S,
        check=False,
    )


def error_line(result: subprocess.CompletedProcess[bytes]) -> str:
    """The one plain line on stderr (and nothing on stdout)."""
    text = result.stderr.decode()
    assert result.stdout == b""
    assert text.count("\n") == 1, text
    assert text.startswith("vody-desktop fetch: "), text
    assert API_KEY not in text
    assert "Traceback" not in text
    return text


def test_json_goes_to_stdout_exactly(server: str) -> None:
    result = fetch(catalogue.COLOR_RESULTS_ID, "--env", server)
    assert result.returncode == ExitCode.OK, result.stderr
    assert result.stderr == b""
    served = catalogue.results_bytes(catalogue.COLOR_RESULTS_ID, origin=server)
    assert json.loads(result.stdout) == json.loads(served)
    assert result.stdout.startswith(b"[\n  {\n")


def test_numbers_stay_exact_in_compact(server: str) -> None:
    result = fetch(catalogue.NUMBERS_ID, "--env", server, "--format", "compact")
    assert result.returncode == ExitCode.OK
    served = catalogue.results_bytes(catalogue.NUMBERS_ID)
    assert json.loads(result.stdout) == json.loads(served)
    assert result.stdout.count(b"\n") == 1
    # json.loads cannot tell 1E+2 from 100.0 or -0 from 0: compare every number as written
    served_numbers = number_tokens(served)
    for tricky in (b"1E+2", b"-0", b"-0.0", b"1e308", b"18446744073709551616"):
        assert tricky in served_numbers
    assert number_tokens(result.stdout) == served_numbers


def test_csv_to_a_file(server: str, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    result = fetch(
        catalogue.COLOR_RESULTS_ID, "--env", server, "--format", "csv", "-o", str(target)
    )
    assert result.returncode == ExitCode.OK, result.stderr
    assert result.stdout == b""
    assert result.stderr == b""
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"), newline="")))
    served = json.loads(catalogue.results_bytes(catalogue.COLOR_RESULTS_ID, origin=server))
    assert rows[0][:4] == ["image_path", "product_type", "hex_color_label", "category"]
    assert "predictions.0.hex_color" in rows[0]
    assert len(rows) == 1 + len(served)
    assert rows[1][0] == served[0]["image_path"]


def test_markdown_report_for_a_ticket(server: str) -> None:
    result = fetch(catalogue.COLOR_RESULTS_ID, "--env", server, "--format", "markdown")
    assert result.returncode == ExitCode.OK
    text = result.stdout.decode()
    assert f"- **Inference ID:** `{catalogue.COLOR_RESULTS_ID}`" in text
    assert f"- **Environment:** Custom address ({server})" in text
    assert "- **Status:** Completed" in text
    assert "- **Model:** color-classification" in text
    assert "```json\n[\n" in text
    assert API_KEY not in text


def test_a_link_is_reduced_to_the_id(server: str) -> None:
    link = f"https://app.vody.com/inference/{catalogue.COLOR_RESULTS_ID.upper()}/results"
    assert fetch(link, "--env", server).returncode == ExitCode.OK


def test_output_file_that_cannot_be_written_is_1(server: str, tmp_path: Path) -> None:
    result = fetch(catalogue.COLOR_RESULTS_ID, "--env", server, "-o", str(tmp_path / "no" / "x"))
    assert result.returncode == ExitCode.OUTPUT_FAILED
    assert "folder doesn't exist" in error_line(result)


@pytest.mark.parametrize(
    "args",
    [
        ["not-an-id"],
        [],
        [catalogue.COLOR_RESULTS_ID, "--format", "xml"],
        [catalogue.COLOR_RESULTS_ID, "--env", "http://example.com"],
        [catalogue.COLOR_RESULTS_ID, "--api-key", API_KEY],
    ],
)
def test_usage_or_invalid_id_is_2(args: list[str]) -> None:
    result = fetch(*args)
    assert result.returncode == ExitCode.USAGE
    error_line(result)


def test_invalid_id_says_what_an_id_looks_like() -> None:
    assert "An inference ID looks like" in error_line(fetch("12345"))


def test_refused_key_is_3(server: str) -> None:
    result = fetch(catalogue.COLOR_RESULTS_ID, "--env", server, key="not-a-valid-key")
    assert result.returncode == ExitCode.AUTHENTICATION
    assert "(HTTP 403)" in error_line(result)
    assert "not-a-valid-key" not in result.stderr.decode()


def test_missing_key_is_3(server: str) -> None:
    result = fetch(catalogue.COLOR_RESULTS_ID, "--env", server, key=None)
    assert result.returncode == ExitCode.AUTHENTICATION
    assert "VODY_API_KEY" in error_line(result)


@pytest.mark.parametrize(
    "inference_id",
    ["00000000-0000-4000-8000-000000000000", catalogue.FAILED_ID, catalogue.IN_PROGRESS_ID],
)
def test_not_found_or_no_results_is_4(server: str, inference_id: str) -> None:
    result = fetch(inference_id, "--env", server)
    assert result.returncode == ExitCode.NOT_FOUND
    error_line(result)


def test_rate_limited_after_retries_is_5(server: str) -> None:
    result = fetch(catalogue.RATE_LIMITED_DATE_ID, "--env", server)
    assert result.returncode == ExitCode.RATE_LIMITED
    line = error_line(result)
    assert "(HTTP 429)" in line
    assert "tried again 3 times" in line


def test_real_rate_limit_is_5(tiny_server: str) -> None:
    # The status request takes the one token; the results request gets a 429 asking for about
    # a minute, longer than the command waits on its own.
    result = fetch(catalogue.COLOR_RESULTS_ID, "--env", tiny_server)
    assert result.returncode == ExitCode.RATE_LIMITED
    assert "(HTTP 429)" in error_line(result)


@pytest.mark.parametrize("inference_id", [catalogue.UNAVAILABLE_ID, catalogue.SERVER_ERROR_ID])
def test_server_error_is_6(server: str, inference_id: str) -> None:
    result = fetch(inference_id, "--env", server)
    assert result.returncode == ExitCode.NETWORK_OR_SERVER
    assert "(HTTP 5" in error_line(result)


def test_unreachable_server_is_6() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again at once: nothing listens there
    result = fetch(catalogue.COLOR_RESULTS_ID, "--env", f"http://127.0.0.1:{port}")
    assert result.returncode == ExitCode.NETWORK_OR_SERVER
    assert "refused the connection" in error_line(result)


@pytest.mark.parametrize(
    ("inference_id", "words"),
    [
        (catalogue.TRUNCATED_ID, "cut off"),
        (catalogue.HTML_200_ID, "web page"),
        (catalogue.INVALID_UTF8_ID, "UTF-8"),
        (catalogue.EMPTY_BODY_ID, "blank"),
    ],
)
def test_results_that_are_not_json_are_7(server: str, inference_id: str, words: str) -> None:
    result = fetch(inference_id, "--env", server)
    assert result.returncode == ExitCode.INVALID_JSON
    assert words in error_line(result)


def test_the_command_line_does_not_load_qt() -> None:
    code = (
        "import sys; from vody_desktop.app import main; status = main(['fetch', 'nope']); "
        "print(status, sorted(m for m in sys.modules if m.startswith(('PySide6', 'qasync'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=HANG_S, check=False
    )
    assert result.stdout.strip() == "2 []"
