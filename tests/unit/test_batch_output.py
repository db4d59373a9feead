"""The batch's files: exact result bytes written atomically, summary.csv, JSONL repaired."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from vody_desktop.batch.output import BatchOutput, NotJsonError
from vody_desktop.batch.state import ItemState, ItemStatus
from vody_desktop.document.atomic_write import ExportError

A = "0924dcfe-a593-4e42-8c7b-4fca9a149777"
B = "5a4d0c00-0000-4000-8000-000000000003"
BODY = b'[{"n": 1.0E+2, "s": "\\u00e9"},\n  {"big": 18446744073709551617}]'


def test_result_file_holds_the_exact_bytes(tmp_path: Path) -> None:
    output = BatchOutput(tmp_path / "out")
    output.open()
    name = output.save(A, BODY)
    assert name == f"{A}.json"
    assert (tmp_path / "out" / name).read_bytes() == BODY
    assert output.has_result(A, len(BODY))
    assert not output.has_result(A, len(BODY) + 1)
    assert not output.has_result(B)


def test_a_failed_write_leaves_the_earlier_file_and_no_part_file(tmp_path: Path) -> None:
    output = BatchOutput(tmp_path)
    output.open()
    output.save(A, BODY)
    (tmp_path / f"{B}.json").mkdir()  # the target cannot be replaced (works as root too)
    with pytest.raises(ExportError):
        output.save(B, b"[1]")
    assert (tmp_path / f"{A}.json").read_bytes() == BODY
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{A}.json", f"{B}.json"]
    assert (tmp_path / f"{B}.json").is_dir()


def test_results_that_are_not_json_are_not_saved(tmp_path: Path) -> None:
    output = BatchOutput(tmp_path)
    output.open()
    with pytest.raises(NotJsonError):
        output.save(A, b'[{"cut": ')
    assert list(tmp_path.iterdir()) == []


def test_summary_has_one_row_per_id(tmp_path: Path) -> None:
    output = BatchOutput(tmp_path)
    output.open()
    items = [
        ItemState(A, 0, ItemStatus.COMPLETED, 200, "color-classification", 4, 1967, 0.25, "a.json"),
        ItemState(B, 1, ItemStatus.FAILED, 422, message="This inference failed: no image, sorry"),
    ]
    output.write_summary(items)
    with output.summary_path.open(newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == [
        "ID",
        "status",
        "HTTP status",
        "model",
        "items",
        "size",
        "duration",
        "file",
        "message",
    ]
    assert rows[1] == [
        A,
        "completed",
        "200",
        "color-classification",
        "4",
        "1967",
        "0.250",
        "a.json",
        "",
    ]
    assert rows[2] == [
        B,
        "failed",
        "422",
        "",
        "",
        "",
        "",
        "",
        "This inference failed: no image, sorry",
    ]


def test_jsonl_holds_one_line_per_result_and_a_cut_line_is_dropped(tmp_path: Path) -> None:
    output = BatchOutput(tmp_path, jsonl=True)
    output.open()
    output.save(A, BODY)
    with output.jsonl_path.open("ab") as file:
        file.write(b'{"inference_id": "' + B.encode() + b'", "results": [1, 2')  # a crash
    again = BatchOutput(tmp_path, jsonl=True)
    again.open()
    assert again.has_result(A)
    assert not again.has_result(B)
    lines = output.jsonl_path.read_bytes().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["inference_id"] == A
    assert b"1.0E+2" in lines[0]  # numbers as the server wrote them
    assert record["results"][1]["big"] == 18446744073709551617


def test_opening_the_folder_again_removes_writes_a_kill_left_unfinished(tmp_path: Path) -> None:
    stale = [
        tmp_path / ".summary.csv.4s1t87mi.part",
        tmp_path / ".ba7c0000-0000-4000-8000-000000000001.json.x1y2z3.part",
    ]
    theirs = tmp_path / ".notes.txt.abc.part"  # not a file the batch writes
    kept = tmp_path / "ba7c0000-0000-4000-8000-000000000002.json"
    for path in (*stale, theirs, kept):
        path.write_bytes(b"[1")
    BatchOutput(tmp_path).open()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([theirs.name, kept.name])
