"""The batch's progress line and its command line's help and usage errors."""

from __future__ import annotations

import io

import pytest

from vody_desktop.batch.cli import Progress, build_parser, main
from vody_desktop.batch.runner import BatchEvent
from vody_desktop.batch.state import ItemState, ItemStatus, Totals, time_left, totals_of
from vody_desktop.cli import ExitCode

A = "0924dcfe-a593-4e42-8c7b-4fca9a149777"


def test_progress_line_reads_like_the_issue() -> None:
    assert Totals(200, 37, 35, 2, 60.0).line() == "37 of 200 · 2 errors · about 1 min left"
    assert Totals(200, 37, 36, 1, 7.0).line() == "37 of 200 · 1 error · about 10 s left"
    assert Totals(3, 3, 3, 0, 0.0).line() == "3 of 3"
    assert Totals(3, 0, 0, 0, None).line() == "0 of 3"


def test_time_left_is_rounded_for_people() -> None:
    assert [time_left(s) for s in (1, 59, 61, 3600, 3700)] == [
        "5 s",
        "60 s",
        "2 min",
        "1 h",
        "1 h 2 min",
    ]


def test_totals_count_ids_without_results_as_errors() -> None:
    items = [
        ItemState(A, 0, ItemStatus.COMPLETED),
        ItemState(A, 1, ItemStatus.NOT_FOUND),
        ItemState(A, 2, ItemStatus.FETCHING),
        ItemState(A, 3, ItemStatus.QUEUED),
    ]
    totals = totals_of(items, 2.0)
    assert (totals.total, totals.done, totals.completed, totals.errors) == (4, 2, 1, 1)
    assert totals.seconds_left == 4.0


def test_plain_progress_has_one_line_per_ended_id_and_per_pause() -> None:
    stream = io.StringIO()
    progress = Progress(stream)
    totals = Totals(2, 1, 0, 1, None)
    progress.show(BatchEvent(ItemState(A, 0, ItemStatus.FETCHING), totals))
    progress.show(BatchEvent(ItemState(A, 0, ItemStatus.WAITING), totals, paused_for_s=2.5))
    progress.show(BatchEvent(ItemState(A, 0, ItemStatus.WAITING), totals, paused_for_s=2.4))
    progress.show(BatchEvent(ItemState(A, 0, ItemStatus.NOT_FOUND, message="No inference"), totals))
    assert stream.getvalue().splitlines() == [
        "Too many requests: the batch waits 3 s",
        f"1 of 2 · 1 error | {A} not found: No inference",
    ]


def test_help_is_plain_and_names_the_exit_codes() -> None:
    text = build_parser().format_help()
    assert "-o DIR" in text
    assert "4 some IDs have no results" in text
    assert "VODY_API_KEY" in text


def test_missing_folder_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ids.txt"]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err.startswith("vody-desktop batch: ")
    assert err.count("\n") == 1
