"""`vody-desktop compare` on saved files, in-process: the reports, the options, the exit codes.

Files need no key and no server; the same command with inference IDs runs against the real
sandbox in tests/e2e/test_cli_compare.py.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from vody_desktop.compare import cli
from vody_desktop.compare.cli import CompareExitCode
from vody_desktop.sandbox import catalogue as cat

PROG = "vody-desktop compare: "


@pytest.fixture
def before(tmp_path: Path) -> Path:
    path = tmp_path / "before.json"
    path.write_bytes(cat.results_bytes(cat.COMPARE_BEFORE_ID))
    return path


@pytest.fixture
def after(tmp_path: Path) -> Path:
    path = tmp_path / "after.json"
    path.write_bytes(cat.results_bytes(cat.COMPARE_AFTER_ID))
    return path


@pytest.fixture(autouse=True)
def _no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    # Files need none; a test that gives an ID must fail for want of one, not use the real one.
    monkeypatch.delenv("VODY_API_KEY", raising=False)


def run(capsysbinary: pytest.CaptureFixture[bytes], *args: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(arg) for arg in args])
    out, err = capsysbinary.readouterr()
    return code, out.decode("utf-8"), err.decode("utf-8")


def test_text_report_of_two_files_and_exit_1(
    capsysbinary: pytest.CaptureFixture[bytes], before: Path, after: Path
) -> None:
    code, out, err = run(capsysbinary, before, after, "--format", "text")
    assert (code, err) == (CompareExitCode.DIFFERENT, "")
    lines = out.splitlines()
    assert lines[:2] == [f"A: {before}", f"B: {after}"]
    assert "~ $[1].predictions[1].score: 0.051 → 0.0732" in lines
    assert lines[-1] == "2 changed, 1 added, 1 removed of 6 items (items matched by image_path)"
    # Reordered items, 1e-12 noise and 1 vs 1.0 are no differences: nothing about the sofa,
    # the handbag or the lamp (A's $[2], $[3], $[5]; B's $[4], $[1], $[0]).
    on_a = [line for line in lines if line.startswith(("~ ", "- "))]
    on_b = [line for line in lines if line.startswith("+ ")]
    assert not [line for line in on_a if line[2:].startswith(("$[2]", "$[3]", "$[5]"))]
    assert not [line for line in on_b if line[2:].startswith(("$[4]", "$[1]", "$[0]"))]
    assert "0.864" not in out
    assert ": 1 →" not in out


def test_equal_files_exit_0_and_json_is_the_default_into_a_pipe(
    capsysbinary: pytest.CaptureFixture[bytes], before: Path
) -> None:
    code, out, err = run(capsysbinary, before, before)
    assert (code, err) == (CompareExitCode.EQUAL, "")
    report = json.loads(out)
    assert report["summary"] == {"added": 0, "removed": 0, "changed": 0}
    assert report["differences"] == []


def test_json_report_of_two_files(
    capsysbinary: pytest.CaptureFixture[bytes], before: Path, after: Path
) -> None:
    code, out, _err = run(capsysbinary, before, after, "--format", "json")
    assert code == CompareExitCode.DIFFERENT
    report = json.loads(out)
    assert report["items"]["key_field"] == "image_path"
    assert report["summary"]["added"] >= 1
    assert report["summary"]["removed"] >= 1
    for entry in report["differences"]:
        assert set(entry) == {"kind", "path", "a", "b"}
        assert entry["kind"] in {"added", "removed", "changed"}
        assert entry["path"].startswith("$[")
    whole_items = [e for e in report["differences"] if e["path"] in ("$[4]", "$[2]")]
    assert [(e["kind"], (e["a"] or e["b"])["product_type"]) for e in whole_items] == [
        ("removed", "Scarf"),
        ("added", "Curtains"),
    ]
    assert next(e for e in whole_items if e["kind"] == "removed")["b"] is None


def test_tolerance_makes_a_small_score_change_equal(
    capsysbinary: pytest.CaptureFixture[bytes], before: Path, after: Path
) -> None:
    _code, out, _err = run(capsysbinary, before, after, "--format", "text", "--tolerance", "0.05")
    assert "0.0732" not in out  # 0.051 -> 0.0732 is within 0.05
    assert out.splitlines()[-1].startswith("1 changed, 1 added, 1 removed of 6 items")


def test_key_chooses_the_field_items_are_matched_by(
    capsysbinary: pytest.CaptureFixture[bytes], before: Path, after: Path
) -> None:
    code, out, err = run(capsysbinary, before, after, "--format", "text", "--key", "product_type")
    assert (code, err) == (CompareExitCode.DIFFERENT, "")
    assert out.splitlines()[-1].endswith("(items matched by product_type)")


def test_a_key_that_does_not_fit_is_said_without_repeating_it(
    capsysbinary: pytest.CaptureFixture[bytes], before: Path, after: Path
) -> None:
    code, out, err = run(capsysbinary, before, after, "--format", "text", "--key", "colour_secret")
    assert code == CompareExitCode.DIFFERENT
    assert err == (
        PROG + "The field given with --key does not tell the items apart in both results; "
        "they were matched by image_path.\n"
    )
    assert "colour_secret" not in err
    assert out.splitlines()[-1].endswith("(items matched by image_path)")


def test_markdown_to_a_file_chosen_by_its_extension(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path, before: Path, after: Path
) -> None:
    target = tmp_path / "report.md"
    code, out, err = run(capsysbinary, before, after, "-o", target)
    assert (code, out, err) == (CompareExitCode.DIFFERENT, "", "")
    text = target.read_text(encoding="utf-8")
    title = text.splitlines()[0]
    assert title.startswith("# Comparison of ")
    assert title.endswith("after.json")
    assert f"- **A (reference):** `{before}`" in text
    assert f"- **B (checked):** `{after}`" in text
    assert "- **Summary:** 2 changed, 1 added, 1 removed of 6 items" in text
    assert "- **Items:** matched by `image_path`" in text
    assert "## Changed items (2)" in text
    assert "Top prediction: color name: Red → Orange" in text


def test_a_failed_write_leaves_the_old_file_and_exits_8(
    capsysbinary: pytest.CaptureFixture[bytes],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    before: Path,
    after: Path,
) -> None:
    target = tmp_path / "out" / "report.json"
    code, out, err = run(capsysbinary, before, after, "-o", target)
    assert code == 8  # the documented code (fetch's 1 means "different" here)
    assert out == ""
    assert err.startswith(PROG + "That folder doesn't exist: ")
    assert not target.parent.exists()


def test_stopped_while_writing_leaves_the_old_file_whole(
    capsysbinary: pytest.CaptureFixture[bytes],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    before: Path,
    after: Path,
) -> None:
    from vody_desktop.compare import reports

    real = reports.iter_json_report

    def stopped_after_the_first_chunk(comparison: object) -> Iterator[bytes]:
        chunks = real(comparison)  # type: ignore[arg-type]
        yield next(chunks)
        raise KeyboardInterrupt  # Ctrl+C in the middle of the file

    monkeypatch.setattr(reports, "iter_json_report", stopped_after_the_first_chunk)
    target = tmp_path / "report.json"
    target.write_bytes(b'{"old": true}\n')
    code, out, err = run(capsysbinary, before, after, "-o", target)
    assert (code, out, err) == (CompareExitCode.STOPPED, "", PROG + "Stopped.\n")
    assert target.read_bytes() == b'{"old": true}\n'
    assert sorted(os.listdir(tmp_path)) == ["after.json", "before.json", "report.json"]


def test_neither_a_file_nor_an_id_exits_2_without_repeating_it(
    capsysbinary: pytest.CaptureFixture[bytes], before: Path
) -> None:
    code, out, err = run(capsysbinary, before, "no-such-file.json")
    assert (code, out) == (CompareExitCode.USAGE, "")
    assert err.startswith(PROG + "B is neither a file nor an inference ID. ")
    assert "no-such-file" not in err
    assert err.count("\n") == 1


def test_a_file_that_is_not_json_exits_7(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path, before: Path
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_bytes(b'[{"image_path": "a.png", "score": 0.5}')
    code, out, err = run(capsysbinary, broken, before)
    assert (code, out) == (CompareExitCode.INVALID_JSON, "")
    assert err.startswith(PROG + "A: ")
    assert err.count("\n") == 1


def test_an_id_needs_a_key(capsysbinary: pytest.CaptureFixture[bytes], before: Path) -> None:
    code, out, err = run(capsysbinary, before, cat.COMPARE_AFTER_ID)
    assert (code, out) == (CompareExitCode.AUTHENTICATION, "")
    assert err.startswith(PROG + "No API key: set VODY_API_KEY")


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--env", "prod", "--env", "dev", "--env", "prod"], "--env may be given once"),
        (["--tolerance", "-1"], "expected a number of 0 or more"),
        (["--tolerance", "abc"], "expected a number of 0 or more"),
        (["--format", "yaml"], "--format"),
        (["--api-key", "1234abcd-bdde-1234-a39a-3ff12ce386d5"], "unrecognized option --api-key"),
    ],
)
def test_usage_errors_exit_2_and_name_options_only(
    capsysbinary: pytest.CaptureFixture[bytes],
    before: Path,
    args: list[str],
    problem: str,
) -> None:
    code, out, err = run(capsysbinary, before, before, *args)
    assert (code, out) == (CompareExitCode.USAGE, "")
    assert err.startswith(PROG)
    assert problem in err
    for typed in ("1234abcd", "abc\n", "yaml"):
        assert typed not in err
    assert err.count("\n") == 1


def test_help_names_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as ended:
        cli.main(["--help"])
    assert ended.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "0 the results are the same, 1 they differ" in text
    assert "8 the output file could not be written" in text
    assert "an absolute tolerance" in text


def test_exit_codes_are_the_documented_numbers() -> None:
    assert {code.name: int(code) for code in CompareExitCode} == {
        "EQUAL": 0,
        "DIFFERENT": 1,
        "USAGE": 2,
        "AUTHENTICATION": 3,
        "NOT_FOUND": 4,
        "RATE_LIMITED": 5,
        "NETWORK_OR_SERVER": 6,
        "INVALID_JSON": 7,
        "OUTPUT_FAILED": 8,
        "STOPPED": 130,
    }


def test_the_two_ids_are_fetched_at_the_same_time(
    capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    from tests.conftest import HANG_S
    from vody_desktop.cli import Fetched
    from vody_desktop.document.json_document import JsonDocument

    monkeypatch.setenv("VODY_API_KEY", "test-key-not-shown")
    started: list[str] = []
    both = asyncio.Barrier(2)

    async def both_must_start(
        base_url: str, secret: str, inference_id: str, **_: object
    ) -> Fetched:
        started.append(inference_id)
        # Fetched one after the other, the first would wait here for the second in vain.
        async with asyncio.timeout(HANG_S):
            await both.wait()
        return Fetched(JsonDocument.parse(cat.results_bytes(inference_id)), None, "")

    monkeypatch.setattr(cli, "fetch_document", both_must_start)
    code, out, err = run(
        capsysbinary, cat.COMPARE_BEFORE_ID, cat.COMPARE_AFTER_ID, "--format", "text"
    )
    assert sorted(started) == sorted([cat.COMPARE_BEFORE_ID, cat.COMPARE_AFTER_ID])
    assert (code, err) == (CompareExitCode.DIFFERENT, "")
    assert out.splitlines()[-1].startswith("2 changed, 1 added, 1 removed of 6 items")


def test_ids_in_two_environments_are_named_with_them(before: Path) -> None:
    link = f"https://x.test/i/{cat.COMPARE_AFTER_ID}"
    args = cli.build_parser().parse([cat.COMPARE_BEFORE_ID, link, "--env", "prod", "--env", "dev"])
    a, b = cli.sources(args)
    assert (a.inference_id, b.inference_id) == (cat.COMPARE_BEFORE_ID, cat.COMPARE_AFTER_ID)
    assert cli.source_names(a, b) == (
        f"{cat.COMPARE_BEFORE_ID} (Production)",
        f"{cat.COMPARE_AFTER_ID} (Development)",
    )
    one_place = cli.sources(cli.build_parser().parse([str(before), cat.COMPARE_AFTER_ID]))
    assert cli.source_names(*one_place) == (str(before), cat.COMPARE_AFTER_ID)
