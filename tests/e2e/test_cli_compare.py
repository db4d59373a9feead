"""`vody-desktop compare` as a script runs it, against the real sandbox over loopback: two IDs,
a saved file and an ID, every format, the exit codes, the key kept out, -o atomic."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import HANG_S
from tests.e2e.conftest import API_KEY
from vody_desktop.compare.cli import CompareExitCode
from vody_desktop.sandbox import catalogue
from vody_desktop.sandbox.process import SandboxProcess

pytestmark = pytest.mark.e2e

BEFORE, AFTER = catalogue.COMPARE_BEFORE_ID, catalogue.COMPARE_AFTER_ID
PROG = "vody-desktop compare: "


def compare(
    *args: str | Path, key: str | None = API_KEY, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("VODY_API_KEY", "DISPLAY")}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"  # never the real keychain
    env.pop("QT_QPA_PLATFORM", None)
    if key is not None:
        env["VODY_API_KEY"] = key
    return subprocess.run(
        [sys.executable, "-m", "vody_desktop", "compare", *map(str, args)],
        capture_output=True,
        env=env,
        cwd=cwd,
        timeout=HANG_S,
        check=False,
    )


def error_line(result: subprocess.CompletedProcess[bytes]) -> str:
    """The one plain line on stderr (and nothing on stdout), without the key."""
    text = result.stderr.decode()
    assert result.stdout == b""
    assert text.count("\n") == 1, text
    assert text.startswith(PROG), text
    assert API_KEY not in text
    assert "Traceback" not in text
    return text


def report_of(result: subprocess.CompletedProcess[bytes]) -> dict[str, Any]:
    assert result.stderr == b""
    assert API_KEY.encode() not in result.stdout
    report = json.loads(result.stdout)
    assert isinstance(report, dict)
    return report


def test_two_ids_differ_as_the_sandbox_pair_does(sandbox_url: str) -> None:
    result = compare(BEFORE, AFTER, "--env", sandbox_url)  # into a pipe: json
    assert result.returncode == CompareExitCode.DIFFERENT
    report = report_of(result)
    assert report["items"] == {
        "path": "$",
        "key_field": "image_path",
        "total_a": 6,
        "total_b": 6,
        "changed": 2,
        "added": 1,
        "removed": 1,
    }
    differences = report["differences"]
    assert sum(report["summary"].values()) == len(differences)
    for kind in ("added", "removed", "changed"):
        assert report["summary"][kind] == sum(d["kind"] == kind for d in differences)
    # The dress's score, at its place in A; nothing about the sofa's noise or the handbag's 1.0.
    assert {"kind": "changed", "path": "$[1].predictions[1].score", "a": 0.051, "b": 0.0732} in (
        differences
    )
    # The sofa, the handbag and the lamp: A's $[2], $[3], $[5], B's $[4], $[1], $[0].
    on_a = {d["path"] for d in differences if d["kind"] != "added"}
    on_b = {d["path"] for d in differences if d["kind"] == "added"}
    assert not any(p.startswith(("$[2]", "$[3]", "$[5]")) for p in on_a), on_a
    assert not any(p.startswith(("$[4]", "$[1]", "$[0]")) for p in on_b), on_b
    scarf = next(d for d in differences if d["path"] == "$[4]")
    assert (scarf["kind"], scarf["a"]["product_type"], scarf["b"]) == ("removed", "Scarf", None)
    curtains = next(d for d in differences if d["kind"] == "added" and d["path"] == "$[2]")
    assert (curtains["a"], curtains["b"]["product_type"]) == (None, "Curtains")
    # The shoes: A's $[0], B's $[3].
    shoes = [
        d for d in differences if d["path"].startswith("$[0]." if d["kind"] != "added" else "$[3].")
    ]
    shown = json.dumps(shoes)
    assert '"Red"' in shown
    assert '"Orange"' in shown


def test_the_same_id_twice_is_equal(sandbox_url: str) -> None:
    result = compare(BEFORE, BEFORE, "--env", sandbox_url, "--format", "text")
    assert result.returncode == CompareExitCode.EQUAL
    assert result.stderr == b""
    assert result.stdout.decode().splitlines()[-1] == (
        "No differences: the 6 items are the same (items matched by image_path)"
    )


def test_text_one_line_per_difference(sandbox_url: str) -> None:
    result = compare(BEFORE, AFTER, "--env", sandbox_url, "--format", "text")
    assert result.returncode == CompareExitCode.DIFFERENT
    assert result.stderr == b""
    lines = result.stdout.decode().splitlines()
    assert lines[:2] == [f"A: {BEFORE}", f"B: {AFTER}"]
    assert "~ $[1].predictions[1].score: 0.051 → 0.0732" in lines
    assert any(line.startswith('- $[4]: {"image_path": ') for line in lines)
    assert any(line.startswith('+ $[2]: {"image_path": ') for line in lines)
    assert all(line[:2] in ("~ ", "+ ", "- ") for line in lines[2:-1])
    assert lines[-1] == "2 changed, 1 added, 1 removed of 6 items (items matched by image_path)"


def test_markdown_is_readable_in_a_ticket(sandbox_url: str) -> None:
    result = compare(BEFORE, AFTER, "--env", sandbox_url, "--format", "markdown")
    assert result.returncode == CompareExitCode.DIFFERENT
    assert result.stderr == b""
    text = result.stdout.decode()
    assert API_KEY not in text
    lines = text.splitlines()
    assert lines[0] == f"# Comparison of {BEFORE} and {AFTER}"
    assert f"- **A (reference):** `{BEFORE}`" in lines
    assert "- **Summary:** 2 changed, 1 added, 1 removed of 6 items" in lines
    assert "- **Items:** matched by `image_path`" in lines
    table = lines.index("## Changed items (2)")
    assert lines[table + 2 : table + 4] == ["| Item | What changed |", "|---|---|"]
    rows = lines[table + 4 : table + 6]
    assert rows[0].startswith(f"| `{sandbox_url}/images/compare/01-shoe-fe2934.png` | ")
    assert "Red → Orange" in rows[0]
    assert rows[1].startswith(f"| `{sandbox_url}/images/compare/02-dress-000080.png` | ")
    assert "0.051 → 0.0732" in rows[1]
    assert f"- `{sandbox_url}/images/compare/07-curtains-ffc0cb.png`" in lines
    assert f"- `{sandbox_url}/images/compare/05-scarf-87ceeb.png`" in lines
    assert lines.index("## Added items (1, only in B)") < lines.index(
        "## Removed items (1, only in A)"
    )


def test_a_saved_file_against_an_id(sandbox_url: str, tmp_path: Path) -> None:
    golden = tmp_path / "golden.json"
    golden.write_bytes(catalogue.results_bytes(BEFORE, origin=sandbox_url))
    from_file = compare(golden, AFTER, "--env", sandbox_url)
    from_ids = compare(BEFORE, AFTER, "--env", sandbox_url)
    assert from_file.returncode == from_ids.returncode == CompareExitCode.DIFFERENT
    assert report_of(from_file) == report_of(from_ids)
    equal = compare(golden, BEFORE, "--env", sandbox_url, "--format", "text")
    assert equal.returncode == CompareExitCode.EQUAL
    assert equal.stdout.decode().splitlines()[0] == f"A: {golden}"


def test_two_environments_each_side_its_own(sandbox_url: str) -> None:
    # Two addresses of the same server: A is looked up at the first, B at the second.
    other = sandbox_url.replace("127.0.0.1", "localhost")
    assert other != sandbox_url
    result = compare(BEFORE, AFTER, "--env", sandbox_url, "--env", other, "--format", "text")
    assert result.returncode == CompareExitCode.DIFFERENT, result.stderr
    lines = result.stdout.decode().splitlines()
    assert lines[:2] == [f"A: {BEFORE} ({sandbox_url})", f"B: {AFTER} ({other})"]


def test_output_file_is_replaced_whole(sandbox_url: str, tmp_path: Path) -> None:
    target = tmp_path / "changes.json"
    target.write_bytes(b"old")
    result = compare(BEFORE, AFTER, "--env", sandbox_url, "-o", target)
    assert result.returncode == CompareExitCode.DIFFERENT
    assert (result.stdout, result.stderr) == (b"", b"")
    written = target.read_bytes()
    assert json.loads(written)["items"]["changed"] == 2
    assert API_KEY.encode() not in written
    assert sorted(os.listdir(tmp_path)) == ["changes.json"]  # no temporary file left


def test_output_that_cannot_be_written_is_8_and_writes_nothing(
    sandbox_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "changes.md"
    result = compare(BEFORE, AFTER, "--env", sandbox_url, "-o", target)
    assert result.returncode == CompareExitCode.OUTPUT_FAILED
    assert "That folder doesn't exist" in error_line(result)
    assert os.listdir(tmp_path) == []


def test_an_unknown_id_is_4_and_says_which_side(sandbox_url: str) -> None:
    result = compare(BEFORE, str(uuid.uuid4()), "--env", sandbox_url)
    assert result.returncode == CompareExitCode.NOT_FOUND
    assert error_line(result).startswith(PROG + "B: ")


def test_results_that_are_not_json_are_7(sandbox_url: str) -> None:
    result = compare(catalogue.TRUNCATED_ID, AFTER, "--env", sandbox_url)
    assert result.returncode == CompareExitCode.INVALID_JSON
    assert error_line(result).startswith(PROG + "A: ")


def test_neither_a_file_nor_an_id_is_2(sandbox_url: str, tmp_path: Path) -> None:
    result = compare(BEFORE, tmp_path / "not-saved-yet.json", "--env", sandbox_url)
    assert result.returncode == CompareExitCode.USAGE
    line = error_line(result)
    assert line.startswith(PROG + "B is neither a file nor an inference ID. ")
    assert "not-saved-yet" not in line


def test_a_refused_key_is_3_and_never_shown(sandbox_url: str) -> None:
    wrong = "0badc0de-0000-4000-8000-00000000beef"
    result = compare(BEFORE, AFTER, "--env", sandbox_url, key=wrong)
    assert result.returncode == CompareExitCode.AUTHENTICATION
    assert wrong not in error_line(result)


def test_a_server_error_is_6(sandbox_url: str) -> None:
    result = compare(BEFORE, catalogue.SERVER_ERROR_ID, "--env", sandbox_url)
    assert result.returncode == CompareExitCode.NETWORK_OR_SERVER
    assert error_line(result).startswith(PROG + "B: ")


@pytest.fixture(scope="module")
def tiny_server() -> Iterator[str]:
    """One request per minute per key: the second request gets a real 429."""
    sandbox = SandboxProcess(["--quiet", "--rate", "1/60"])
    url = sandbox.start()
    try:
        yield url
    finally:
        sandbox.stop()


def test_still_rate_limited_after_the_retries_is_5(tiny_server: str) -> None:
    # Four requests (status and results of A and B) against one a minute: the 429s ask for
    # about a minute, longer than the command waits on its own.
    result = compare(BEFORE, AFTER, "--env", tiny_server)
    assert result.returncode == CompareExitCode.RATE_LIMITED
    assert "(HTTP 429)" in error_line(result)


#: `compare` as a terminal starts it, with Ctrl+C's usual meaning (a child started in the
#: background of a script inherits SIGINT as ignored; see tests/e2e/test_cli_fetch_exits.py).
WITH_CTRL_C = (
    "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from vody_desktop.app import main; sys.exit(main(sys.argv[1:]))"
)


def test_ctrl_c_while_b_trickles_in_exits_130_quietly(tmp_path: Path) -> None:
    # Its own sandbox with the access log on: the log line of B's results request says the
    # fetch is in flight (the headers went out; the body trickles for 10 minutes).
    sandbox = SandboxProcess(["--rate", "off", "--drip-seconds", "600"])
    url = sandbox.start()
    target = tmp_path / "changes.json"
    target.write_bytes(b"old")
    request_line = f"GET /inference/{catalogue.DRIP_ID}/results"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    env["VODY_API_KEY"] = API_KEY
    arguments = [BEFORE, catalogue.DRIP_ID, "--env", url, "-o", str(target)]
    child = subprocess.Popen(
        [sys.executable, "-c", WITH_CTRL_C, "compare", *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        give_up = time.monotonic() + HANG_S  # only a guard against a hang
        while request_line not in sandbox.output:
            assert time.monotonic() < give_up, "gave up waiting for the results request"
            assert child.poll() is None, "compare ended before it was interrupted"
            time.sleep(0.02)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=HANG_S)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
        sandbox.stop()
    assert child.returncode == CompareExitCode.STOPPED
    assert out == b""
    assert err.decode() == f"{PROG}Stopped.\n"
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["changes.json"]
