"""Waiting for an unfinished inference: polite, growing intervals; progress; the final status."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.unit.helpers import BASE, IID, KEY, FakeTime, Recorder
from vody_desktop.api.client import VodyClient
from vody_desktop.api.models import InferenceStatus
from vody_desktop.api.retry import Retrier
from vody_desktop.waiting import (
    PollPolicy,
    WaitProgress,
    WaitTimedOutError,
    duration_text,
    wait_until_finished,
)


def statuses(*values: str, rate_limit_first: bool = False) -> Recorder:
    queue = list(values)
    limited = [rate_limit_first]

    def handler(_request: httpx.Request) -> httpx.Response:
        if limited[0]:
            limited[0] = False
            return httpx.Response(429, headers={"retry-after": "9"}, json={"message": "slow"})
        value = queue.pop(0) if len(queue) > 1 else queue[0]
        return httpx.Response(200, json={"id": IID, "status": value})

    return Recorder(handler)


def run_wait(
    server: Recorder, time: FakeTime, policy: PollPolicy | None = None
) -> tuple[InferenceStatus, list[WaitProgress]]:
    seen: list[WaitProgress] = []

    async def go() -> InferenceStatus:
        async with VodyClient(BASE, KEY, transport=httpx.MockTransport(server)) as client:
            return await wait_until_finished(
                client,
                IID,
                policy=policy or PollPolicy(),
                retrier=Retrier(sleep=time.sleep, clock=time.clock),
                on_progress=seen.append,
                sleep=time.sleep,
                clock=time.clock,
            )

    return asyncio.run(go()), seen


def test_waits_with_growing_intervals_until_completed() -> None:
    time = FakeTime()
    server = statuses("in_progress", "in_progress", "in_progress", "completed")
    status, progress = run_wait(server, time, PollPolicy(first_interval_s=2, growth=2))
    assert status.status == "completed"
    assert len(server.requests) == 4
    # pauses of 2, 4 and 8 seconds between the four checks
    assert time.slept == pytest.approx(14)
    assert progress[0].checks == 1
    assert progress[-1].checks == 3
    assert "still running (checked 3 times)" in progress[-1].advice().lower()
    assert progress[-1].title() == "Waiting for the inference to complete — 13 s so far"


def test_interval_is_capped() -> None:
    policy = PollPolicy(first_interval_s=2, growth=1.5, max_interval_s=30)
    intervals = [policy.interval(n) for n in range(1, 15)]
    assert intervals == sorted(intervals)
    assert intervals[0] == 2
    assert max(intervals) == 30


def test_failed_ends_the_wait_with_that_status() -> None:
    time = FakeTime()
    status, _ = run_wait(statuses("in_progress", "failed"), time)
    assert status.status == "failed"


def test_a_rate_limit_while_waiting_honours_retry_after() -> None:
    time = FakeTime()
    server = statuses("completed", rate_limit_first=True)
    status, _ = run_wait(server, time)
    assert status.status == "completed"
    assert time.slept == pytest.approx(9)


def test_gives_up_after_the_longest_wait() -> None:
    time = FakeTime()
    with pytest.raises(WaitTimedOutError):
        run_wait(statuses("in_progress"), time, PollPolicy(max_wait_s=60, max_interval_s=10))
    assert 60 <= time.slept <= 75


@pytest.mark.parametrize(
    ("seconds", "text"), [(0, "0 s"), (59.9, "59 s"), (61, "1 min 01 s"), (3725, "1 h 02 min")]
)
def test_duration_text(seconds: float, text: str) -> None:
    assert duration_text(seconds) == text
