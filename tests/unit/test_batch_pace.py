"""The batch's limiter, driven by hand: a fake clock, a simulated token-bucket server."""

from __future__ import annotations

import asyncio
import heapq
import math

import pytest

from vody_desktop.batch.pace import Pace, PaceCore, PaceSettings


class Bucket:
    """The sandbox's rule: `rate` tokens a second, at most `burst` kept; Retry-After rounded
    up to whole seconds (`retry_after=False`: no Retry-After at all)."""

    def __init__(self, rate: float, burst: float, *, retry_after: bool = True) -> None:
        self.rate, self.burst, self.tokens, self.last = rate, burst, burst, 0.0
        self.retry_after = retry_after

    def take(self, now: float) -> float | None:
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return None
        return max(1.0, math.ceil((1 - self.tokens) / self.rate))


def simulate(core: PaceCore, server: Bucket, wanted: int, latency: float = 0.005):
    """Run requests until `wanted` were accepted; returns (seconds, accepted, limited)."""
    now = 0.0
    ends: list[tuple[float, int, float | None]] = []
    counter = 0
    while core.accepted < wanted:
        wait = core.wait_before_start(now)
        if wait == 0:
            asked = server.take(now)
            counter += 1
            heapq.heappush(ends, (now + latency, counter, asked))
            core.start(now)
            continue
        next_end = ends[0][0] if ends else math.inf
        now = min(now + wait, next_end)
        while ends and ends[0][0] <= now:
            _end, _n, asked = heapq.heappop(ends)
            if asked is None:
                core.answered(now)
            else:
                core.limit(now, asked if server.retry_after else None, 0.5)
    return now, core.accepted, core.limited


@pytest.mark.parametrize(("rate", "burst"), [(10, 10), (3, 3), (50, 50), (10, 20)])
def test_learned_pace_uses_the_allowed_rate_and_few_requests_are_refused(rate, burst) -> None:
    core = PaceCore(PaceSettings(concurrency=4), 0.0)
    wanted = 200 * rate  # 200 seconds' worth
    seconds, accepted, limited = simulate(core, Bucket(rate, burst), wanted)
    efficiency = accepted / seconds / rate
    assert efficiency >= 0.95, efficiency
    assert limited / (accepted + limited) <= 0.05, (limited, accepted)


def test_without_retry_after_it_backs_off_and_still_learns() -> None:
    core = PaceCore(PaceSettings(concurrency=4), 0.0)
    seconds, accepted, limited = simulate(core, Bucket(10, 10, retry_after=False), 2000)
    assert accepted / seconds / 10 >= 0.9
    assert limited / (accepted + limited) <= 0.05


def test_first_limit_pauses_everyone_for_retry_after() -> None:
    core = PaceCore(PaceSettings(concurrency=4), 0.0)
    for _ in range(3):
        core.start(0.0)
    assert core.wait_before_start(0.0) == 0.0
    core.answered(0.1)
    pause = core.limit(0.1, 7.0, 0.5)
    assert pause == 7.0
    assert core.wait_before_start(0.1) == pytest.approx(7.0)
    # An answer to a request sent before the pause does not move the pause again.
    core.limit(0.2, 7.0, 0.5)
    assert core.paused_until == pytest.approx(7.2)
    assert core.rate is not None


def test_backoff_without_retry_after_grows_with_limits_in_a_row_and_has_jitter() -> None:
    pauses = []
    for random in (0.0, 1.0):
        core = PaceCore(PaceSettings(), 0.0)
        now, row = 0.0, []
        for _ in range(4):
            core.start(now)
            row.append(core.limit(now, None, random))
            now = core.paused_until
        pauses.append(row)
    assert pauses[0] == [0.5, 1.0, 2.0, 4.0]  # half of each step is random
    assert pauses[1] == [1.0, 2.0, 4.0, 8.0]


def test_rate_grows_slowly_while_no_limit_comes() -> None:
    core = PaceCore(PaceSettings(increase_per_s=0.1), 0.0)
    core.start(0.0)
    core.limit(0.0, 1.0, 0.5)
    rate = core.current_rate(1.0)
    assert rate is not None
    later = core.current_rate(11.0)
    assert later == pytest.approx(rate + 1.0)


def test_concurrency_cap_holds_the_next_request() -> None:
    core = PaceCore(PaceSettings(concurrency=2), 0.0)
    core.start(0.0)
    core.start(0.0)
    assert core.wait_before_start(0.0) == math.inf
    core.answered(0.01)
    assert core.wait_before_start(0.01) == 0.0


def test_pace_slots_wait_on_a_fake_clock() -> None:
    """The async side: a pause is slept through with the injected sleep, never real time."""
    now = [0.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    async def scenario() -> list[float]:
        pace = Pace(PaceSettings(concurrency=1), clock=lambda: now[0], sleep=sleep)
        async with pace.slot() as slot:
            slot.limit(3.0)
        starts = []
        for _ in range(2):
            async with pace.slot() as slot:
                starts.append(now[0])
                slot.answered()
        return starts

    starts = asyncio.run(scenario())
    assert starts[0] == pytest.approx(3.0)
    assert sum(slept) >= 3.0
