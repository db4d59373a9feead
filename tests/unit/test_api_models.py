"""Reading status bodies defensively."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from vody_desktop.api.examples import STATUS_EXAMPLE
from vody_desktop.api.models import InferenceStatus, ResultsBody

FALLBACK = "0924dcfe-a593-4e42-8c7b-4fca9a149777"
# The reference shows its status example with this ID in the body.
REFERENCE_EXAMPLE = {**STATUS_EXAMPLE, "id": "1234abcd-a593-4e42-8c7b-4fca9a149777"}


def test_reference_example_with_string_numbers() -> None:
    status = InferenceStatus.from_json(REFERENCE_EXAMPLE, FALLBACK)
    assert status.inference_id == "1234abcd-a593-4e42-8c7b-4fca9a149777"
    assert status.status == "completed"
    assert status.model == "color-classification"
    assert status.created_at == datetime(2023, 8, 12, 17, 22, 55, 882273, tzinfo=UTC)
    assert status.updated_at == datetime(2023, 8, 12, 17, 22, 58, 495959, tzinfo=UTC)
    assert status.request_item_count == 2
    assert status.response_item_count == 2
    assert status.response_time_s == pytest.approx(2.613686)
    assert status.response_code == "200"


def test_real_json_types_are_accepted_too() -> None:
    data = {
        "status": "in_progress",
        "request_item_count": 5,
        "response_item_count": 3.0,
        "response_time": 1,
        "response_code": 202,
        "created_at": "2023-08-12T17:22:55Z",
        "updated_at": 1691861000,
    }
    status = InferenceStatus.from_json(data, FALLBACK)
    assert status.inference_id == FALLBACK
    assert status.status == "in_progress"
    assert (status.request_item_count, status.response_item_count) == (5, 3)
    assert status.response_time_s == 1.0
    assert status.response_code == "202"
    assert status.created_at == datetime(2023, 8, 12, 17, 22, 55, tzinfo=UTC)
    assert status.updated_at == datetime.fromtimestamp(1691861000, tz=UTC)


def test_naive_and_offset_timestamps_are_timezone_aware() -> None:
    status = InferenceStatus.from_json(
        {"created_at": "2023-08-12T17:22:55", "updated_at": "2023-08-12T19:22:55+02:00"},
        FALLBACK,
    )
    assert status.created_at == datetime(2023, 8, 12, 17, 22, 55, tzinfo=UTC)
    assert status.updated_at is not None
    assert status.updated_at.utcoffset() == timedelta(hours=2)
    assert status.updated_at == status.created_at.astimezone(timezone(timedelta(hours=2)))


@pytest.mark.parametrize(
    "odd",
    [
        {},
        {"id": 7, "status": 5, "model": ["x"], "response_code": True},
        {"id": "", "status": "   ", "model": ""},
        {
            "request_item_count": "two",
            "response_item_count": "-1",
            "response_time": "NaN",
            "created_at": "yesterday",
            "updated_at": {"t": 1},
        },
        {"request_item_count": True, "response_item_count": 2.5, "response_time": "-3"},
        {"response_time": "inf", "created_at": 10**30, "updated_at": "2023-13-45T99:99:99"},
        {"request_item_count": None, "response_time": None, "created_at": None},
    ],
)
def test_odd_or_missing_fields_become_none(odd: dict[str, object]) -> None:
    status = InferenceStatus.from_json(odd, FALLBACK)
    assert status.inference_id == FALLBACK
    assert status.status == "unknown"
    assert status.model is None
    assert status.created_at is None
    assert status.updated_at is None
    assert status.request_item_count is None
    assert status.response_item_count is None
    assert status.response_time_s is None
    assert status.response_code is None


@pytest.mark.parametrize("not_an_object", [None, [], "completed", 3, [REFERENCE_EXAMPLE]])
def test_non_object_gives_an_unknown_status(not_an_object: object) -> None:
    status = InferenceStatus.from_json(not_an_object, FALLBACK)
    assert (status.inference_id, status.status) == (FALLBACK, "unknown")


def test_unknown_status_words_are_kept() -> None:
    assert InferenceStatus.from_json({"status": "queued"}, FALLBACK).status == "queued"


def test_results_repr_stays_short() -> None:
    body = ResultsBody(b"x" * 10_000, "application/json", 200, 0.5, "https://h/inference/x")
    assert len(repr(body)) < 200
    assert "size=10000" in repr(body)
