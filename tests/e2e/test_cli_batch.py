"""`vody-desktop batch` in a child process against sandbox servers: a mixed list, a limit
tightened mid-run, stdin, and a batch killed part way that resumes without fetching twice."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import HANG_S
from tests.e2e.conftest import API_KEY
from vody_desktop.cli import ExitCode
from vody_desktop.sandbox import catalogue
from vody_desktop.sandbox.process import SandboxProcess

pytestmark = pytest.mark.e2e

PREFIX = "ba7c"
UNKNOWN_ID = "0924dcfe-a593-4e42-8c7b-4fca9a149778"
HEADERS = {"x-vody-api-key": API_KEY}


def prefixed(count: int) -> list[str]:
    return [f"{PREFIX}{n:04x}-0000-4000-8000-{n:012x}" for n in range(count)]


def start_sandbox(*args: str) -> SandboxProcess:
    sandbox = SandboxProcess(
        [
            *("--quiet", "--batch-knobs", "--small-id-prefix", PREFIX),
            *("--progress-seconds", "600", *args),
        ]
    )
    sandbox.start()
    return sandbox


@pytest.fixture
def sandbox() -> Iterator[SandboxProcess]:
    server = start_sandbox("--rate", "off")
    try:
        yield server
    finally:
        server.stop()


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VODY_API_KEY", "DISPLAY")}
    env["VODY_API_KEY"] = API_KEY
    env.pop("QT_QPA_PLATFORM", None)
    return env


def command(source: str, url: str, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "vody_desktop",
        "batch",
        source,
        "--env",
        url,
        "-o",
        str(out),
        *extra,
    ]


def batch(
    source: str, url: str, out: Path, *extra: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        command(source, url, out, *extra),
        input=stdin,
        capture_output=True,
        env=child_env(),
        timeout=HANG_S,
        check=False,
    )


def summary(out: Path) -> dict[str, dict[str, str]]:
    with (out / "summary.csv").open(newline="", encoding="utf-8") as file:
        return {row["ID"]: row for row in csv.DictReader(file)}


def counts(url: str) -> dict[str, dict[str, int]]:
    answer: dict[str, dict[str, int]] = httpx.get(
        f"{url}/sandbox/requests", headers=HEADERS, timeout=30
    ).json()
    return answer


def test_mixed_list_with_a_tight_limit(tmp_path: Path) -> None:
    server = start_sandbox("--rate", "2/1")
    try:
        ids_file = tmp_path / "ids.csv"
        rows = [
            ("done", catalogue.COLOR_RESULTS_ID),
            ("running", catalogue.IN_PROGRESS_ID),
            ("failed", catalogue.FAILED_ID),
            ("typo", UNKNOWN_ID),
            ("pattern", catalogue.PATTERN_RESULTS_ID.upper()),
        ]
        ids_file.write_text("case,inference id\n" + "".join(f"{a},{b}\n" for a, b in rows))
        out = tmp_path / "out"
        result = batch(str(ids_file), server.url, out)
        stderr = result.stderr.decode()
        assert result.returncode == ExitCode.NOT_FOUND, stderr
        table = summary(out)
        assert {k: v["status"] for k, v in table.items()} == {
            catalogue.COLOR_RESULTS_ID: "completed",
            catalogue.IN_PROGRESS_ID: "still running",
            catalogue.FAILED_ID: "failed",
            UNKNOWN_ID: "not found",
            catalogue.PATTERN_RESULTS_ID: "completed",
        }
        assert table[UNKNOWN_ID]["message"] == "No inference was found with this ID"
        assert table[catalogue.FAILED_ID]["HTTP status"] == "422"
        for done in (catalogue.COLOR_RESULTS_ID, catalogue.PATTERN_RESULTS_ID):
            assert (out / f"{done}.json").read_bytes() == catalogue.results_bytes(
                done, origin=server.url.rstrip("/")
            )
            assert table[done]["file"] == f"{done}.json"
        assert "2 of 5 IDs have results; 3 have none" in stderr
        # Two requests a second for five IDs (ten requests): the server refused some, the
        # batch waited and asked again, and no ID ended "rate limited".
        assert counts(server.url)["answers"].get("429", 0) >= 1
        assert "Too many requests: the batch waits" in stderr
        assert "Traceback" not in stderr
        everything = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
        data = Path(os.environ["VODY_DESKTOP_DATA_DIR"])
        everything += b"".join(p.read_bytes() for p in data.rglob("*") if p.is_file())
        assert API_KEY.encode() not in everything
        assert API_KEY not in stderr
    finally:
        server.stop()


def test_limit_tightened_mid_run_is_waited_out(tmp_path: Path) -> None:
    # Four requests a second from the start: 32 requests take several seconds whatever the
    # machine's speed, so the tightening below lands mid-run (the batch cannot finish first).
    server = start_sandbox("--rate", "4/1")
    try:
        ids = prefixed(16)
        (tmp_path / "ids.txt").write_text("\n".join(ids))
        out = tmp_path / "out"
        child = subprocess.Popen(
            command(str(tmp_path / "ids.txt"), server.url, out, "--concurrency", "2"),
            stderr=subprocess.PIPE,
            env=child_env(),
        )
        assert child.stderr is not None
        first = child.stderr.readline().decode()  # the first ID has ended
        assert " of 16 " in first
        httpx.post(f"{server.url}/sandbox/rate", json={"rate": "2/1"}, headers=HEADERS, timeout=30)
        rest = child.stderr.read().decode()
        child.stderr.close()
        assert child.wait(timeout=HANG_S) == ExitCode.OK, first + rest
        assert "All 16 IDs have results" in rest
        assert sorted(p.name for p in out.iterdir()) == sorted(
            [f"{i}.json" for i in ids] + ["summary.csv"]
        )
        answered = counts(server.url)
        assert answered["answers"].get("429", 0) >= 1
        # Each status and each result was answered once (the refused requests were asked again).
        assert answered["answers"]["200"] == 2 * len(ids)
    finally:
        server.stop()


def test_ids_from_stdin(sandbox: SandboxProcess, tmp_path: Path) -> None:
    text = f"please check {{{catalogue.COLOR_RESULTS_ID.upper()}}} and {catalogue.COLOR_RESULTS_ID}"
    result = batch("-", sandbox.url, tmp_path / "out", stdin=text.encode())
    assert result.returncode == ExitCode.OK, result.stderr.decode()
    assert list(summary(tmp_path / "out")) == [catalogue.COLOR_RESULTS_ID]


def test_no_ids_is_a_plain_usage_error(sandbox: SandboxProcess, tmp_path: Path) -> None:
    result = batch("-", sandbox.url, tmp_path / "out", stdin=b"nothing to see")
    assert result.returncode == ExitCode.USAGE
    assert result.stderr.decode().startswith("vody-desktop batch: No inference IDs were found")
    assert result.stderr.decode().count("\n") == 1


def test_killed_batch_resumes_without_fetching_twice(tmp_path: Path) -> None:
    server = start_sandbox("--rate", "8/1")
    try:
        ids = prefixed(40)
        (tmp_path / "ids.txt").write_text("\n".join(ids))
        out = tmp_path / "out"
        child = subprocess.Popen(
            command(str(tmp_path / "ids.txt"), server.url, out),
            stderr=subprocess.PIPE,
            env=child_env(),
        )
        assert child.stderr is not None
        ended = 0
        while ended < 8:  # wait until some IDs are saved, then kill it mid-batch
            line = child.stderr.readline().decode()
            assert line, "the batch ended before it could be killed"
            ended += " | " in line
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=HANG_S)
        child.stderr.close()
        saved = {p.name.removesuffix(".json") for p in out.glob("*.json")}
        assert 8 <= len(saved) < 40
        before = counts(server.url)["results"]

        result = batch(str(tmp_path / "ids.txt"), server.url, out)
        assert result.returncode == ExitCode.OK, result.stderr.decode()
        after = counts(server.url)["results"]
        # Nothing saved before the kill was fetched again; nothing is missing.
        assert {i: after[i] for i in saved} == {i: before[i] for i in saved}
        assert all(after[i] >= 1 for i in ids)
        small = catalogue.results_bytes(catalogue.COLOR_RESULTS_ID, origin=server.url.rstrip("/"))
        assert all((out / f"{i}.json").read_bytes() == small for i in ids)
        assert {row["status"] for row in summary(out).values()} == {"completed"}
        assert list(summary(out)) == ids
        assert not list(out.glob(".*.part"))
    finally:
        server.stop()
