"""The retry policy against httpx.MockTransport, with a fake clock: what is waited, what is sent."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from tests.unit.helpers import BASE, IID, KEY, FakeTime, Recorder
from vody_desktop.api.client import VodyClient
from vody_desktop.api.errors import (
    ApiError,
    InferenceNotFoundError,
    RateLimitedError,
    ServerError,
)
from vody_desktop.api.examples import STATUS_EXAMPLE
from vody_desktop.api.retry import (
    Retrier,
    RetryNotice,
    RetryPolicy,
    countdown,
    is_retryable,
)
from vody_desktop.lookup import look_up

RESULTS = b'[{"a": 1}]'
STATUS = {**STATUS_EXAMPLE, "id": IID}


def answers(*responses: httpx.Response) -> Recorder:
    """A server that gives these answers in turn, then keeps giving the last one."""
    queue: Iterator[httpx.Response] = iter(responses)
    last: list[httpx.Response] = []

    def handler(_request: httpx.Request) -> httpx.Response:
        response = next(queue, None)
        if response is None:
            return last[0]
        last[:] = [response]
        return response

    return Recorder(handler)


def too_many(retry_after: str | None = None) -> httpx.Response:
    headers = {"retry-after": retry_after} if retry_after is not None else {}
    return httpx.Response(429, headers=headers, json={"message": "Rate limit exceeded"})


def ok() -> httpx.Response:
    return httpx.Response(200, content=RESULTS, headers={"content-type": "application/json"})


def run_results(server: Recorder, retrier: Retrier) -> object:
    async def go() -> object:
        async with VodyClient(BASE, KEY, transport=httpx.MockTransport(server)) as client:
            return await retrier.call(lambda: client.results(IID))

    return asyncio.run(go())


def test_429_waits_retry_after_seconds_then_succeeds() -> None:
    time = FakeTime()
    notices: list[RetryNotice] = []
    server = answers(too_many("7"), ok())
    retrier = Retrier(on_notice=notices.append, sleep=time.sleep, clock=time.clock)
    result = run_results(server, retrier)
    assert getattr(result, "body", None) == RESULTS
    assert len(server.requests) == 2
    assert time.slept == pytest.approx(7)
    # a visible countdown: 7, 6, … 1, then "now"
    assert [n.seconds_left for n in notices] == [7, 6, 5, 4, 3, 2, 1, 0]
    assert notices[0].title() == "Too many requests — trying again in 7\u00a0s"
    assert notices[-1].title() == "Too many requests — trying again now"
    assert "retry 1 of 3" in notices[0].advice()
    assert all(KEY not in n.error.detail for n in notices)


def test_429_with_an_http_date_waits_until_that_time() -> None:
    time = FakeTime()
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    server = answers(too_many(when), ok())
    run_results(server, Retrier(sleep=time.sleep, clock=time.clock))
    assert 27 <= time.slept <= 31
    assert len(server.requests) == 2


def test_503_with_retry_after_is_retried() -> None:
    time = FakeTime()
    unavailable = httpx.Response(503, headers={"retry-after": "4"}, text="busy")
    server = answers(unavailable, ok())
    run_results(server, Retrier(sleep=time.sleep, clock=time.clock))
    assert time.slept == pytest.approx(4)
    assert len(server.requests) == 2


@pytest.mark.parametrize("code", [500, 502, 504, 404, 401, 403, 413])
def test_other_failures_are_not_retried(code: int) -> None:
    time = FakeTime()
    server = answers(httpx.Response(code, json={"message": "no"}))
    with pytest.raises(ApiError) as caught:
        run_results(server, Retrier(sleep=time.sleep, clock=time.clock))
    assert not is_retryable(caught.value)
    assert len(server.requests) == 1
    assert time.sleeps == []


def test_retries_are_bounded_and_the_last_error_says_so() -> None:
    time = FakeTime()
    server = answers(too_many("2"))
    policy = RetryPolicy(max_retries=2)
    with pytest.raises(RateLimitedError) as caught:
        run_results(server, Retrier(policy, sleep=time.sleep, clock=time.clock))
    assert len(server.requests) == 3  # the first try and two retries
    assert time.slept == pytest.approx(4)
    assert "tried again 2 times" in caught.value.advice
    assert "Automatic retries: 2" in caught.value.detail
    assert KEY not in caught.value.detail


def test_a_very_long_retry_after_is_not_waited_for_automatically() -> None:
    time = FakeTime()
    server = answers(too_many("3600"))
    with pytest.raises(RateLimitedError) as caught:
        run_results(server, Retrier(RetryPolicy(max_retry_after_s=120), sleep=time.sleep))
    assert len(server.requests) == 1
    assert time.sleeps == []
    assert "60 minutes" in caught.value.advice


def test_retry_after_zero_still_waits_a_moment() -> None:
    time = FakeTime()
    server = answers(too_many("0"), ok())
    run_results(server, Retrier(sleep=time.sleep, clock=time.clock))
    assert time.slept == pytest.approx(1.0)


def test_backoff_without_retry_after_grows_exponentially_with_jitter_and_a_cap() -> None:
    policy = RetryPolicy(max_retries=10, base_delay_s=2, max_delay_s=20, jitter=0.5)
    error = RateLimitedError(status_code=429)
    low = [policy.delay_for(error, n, random=lambda: 0.0) for n in range(1, 7)]
    high = [policy.delay_for(error, n, random=lambda: 0.999999) for n in range(1, 7)]
    assert low == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]
    assert high == pytest.approx([2, 4, 8, 16, 20, 20], rel=1e-5)
    assert policy.delay_for(error, 11) is None


def test_backoff_delays_really_are_spread_out() -> None:
    policy = RetryPolicy(base_delay_s=8, jitter=0.5)
    error = ServerError(status_code=503)
    delays = {policy.delay_for(error, 1) for _ in range(50)}
    assert len(delays) > 40
    assert all(d is not None and 4 <= d <= 8 for d in delays)


def test_no_retry_policy_sends_one_request() -> None:
    server = answers(too_many("1"), ok())
    with pytest.raises(RateLimitedError):
        run_results(server, Retrier(RetryPolicy(max_retries=0)))
    assert len(server.requests) == 1


def test_cancel_during_the_countdown_stops_at_once() -> None:
    server = answers(too_many("30"), ok())
    notices: list[RetryNotice] = []
    sleeps: list[str] = []

    async def sleep_until_cancelled(_seconds: float) -> None:
        """A countdown step that only a cancel can end: the test never bets on the clock."""
        sleeps.append("started")
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            sleeps.append("cancelled")
            raise

    async def go() -> None:
        async with VodyClient(BASE, KEY, transport=httpx.MockTransport(server)) as client:
            counting = asyncio.Event()

            def on_notice(notice: RetryNotice) -> None:
                notices.append(notice)
                counting.set()

            retrier = Retrier(on_notice=on_notice, sleep=sleep_until_cancelled)
            task = asyncio.ensure_future(retrier.call(lambda: client.results(IID)))
            await counting.wait()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

    asyncio.run(go())
    assert sleeps == ["started", "cancelled"]  # the wait was cut short, not waited out
    assert len(server.requests) == 1
    assert [notice.seconds_left for notice in notices] == [30]


def test_countdown_ticks_on_whole_seconds() -> None:
    time = FakeTime()
    ticks: list[float] = []
    asyncio.run(countdown(2.5, ticks.append, sleep=time.sleep, clock=time.clock))
    assert ticks == pytest.approx([2.5, 2.0, 1.0])
    assert time.slept == pytest.approx(2.5)


# -- the lookup: status and results together ---------------------------------------------------


def lookup_server(results: Callable[[int], httpx.Response]) -> Recorder:
    calls = {"results": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/status"):
            return httpx.Response(200, json=STATUS)
        calls["results"] += 1
        return results(calls["results"])

    return Recorder(handler)


def run_lookup(server: Recorder, retrier: Retrier | None) -> object:
    async def go() -> object:
        async with VodyClient(BASE, KEY, transport=httpx.MockTransport(server)) as client:
            return await look_up(client, IID, retrier=retrier)

    return asyncio.run(go())


def test_lookup_retries_only_the_part_that_was_rate_limited() -> None:
    time = FakeTime()
    server = lookup_server(lambda n: too_many("5") if n == 1 else ok())
    outcome = run_lookup(server, Retrier(sleep=time.sleep, clock=time.clock))
    assert getattr(outcome, "results_error", "?") is None
    assert getattr(getattr(outcome, "results", None), "body", None) == RESULTS
    paths = [r.url.path.rsplit("/", 1)[1] for r in server.requests]
    assert sorted(paths) == ["results", "results", "status"]
    assert time.slept == pytest.approx(5)


def test_lookup_without_a_retrier_reports_the_429() -> None:
    server = lookup_server(lambda _n: too_many("5"))
    outcome = run_lookup(server, None)
    assert isinstance(getattr(outcome, "results_error", None), RateLimitedError)
    assert len(server.requests) == 2


def test_lookup_gives_up_after_the_policy_limit() -> None:
    time = FakeTime()
    server = lookup_server(lambda _n: too_many("1"))
    outcome = run_lookup(server, Retrier(RetryPolicy(max_retries=2), sleep=time.sleep))
    error = getattr(outcome, "results_error", None)
    assert isinstance(error, RateLimitedError)
    assert "tried again 2 times" in error.advice
    assert len(server.requests) == 4  # status once, results three times


def test_lookup_does_not_retry_a_missing_inference() -> None:
    server = Recorder(lambda _r: httpx.Response(404, content=json.dumps({"message": "nope"})))
    outcome = run_lookup(server, Retrier(sleep=FakeTime().sleep))
    assert isinstance(getattr(outcome, "results_error", None), InferenceNotFoundError)
    assert len(server.requests) == 2
