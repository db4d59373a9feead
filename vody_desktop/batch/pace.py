"""The one limiter of a batch: at most N requests at once, at a pace learned from the server.

The reference says a rate limit exists but not its numbers, so the pace is learned:

- Until the first 429 or 503 there is no pace, only the concurrency cap (default 4).
- On a 429 or 503 the whole batch stops sending: for the server's Retry-After (seconds or an
  HTTP date, parsed by the API layer into `retry_after_s`), or without one for an exponential
  backoff with "equal jitter" (`RetryPolicy` from api/retry.py, counted per limit in a row).
- Then it resumes at a rate set by **multiplicative decrease to the measured rate**: the
  requests the server accepted since the previous limit, divided by the time since then,
  times `decrease` (0.95). Against a token bucket (what rate limits usually are), two limits
  in a row both find the bucket empty, so that quotient is the refill rate itself: one limit
  after the first is enough to learn it, where halving (classic AIMD) would take several
  limits and then run at 75 % of the allowed rate on average. For the first limit there is no
  earlier one, and the burst the bucket allowed makes the quotient too high, so it is halved.
- While no limit comes the rate grows **additively**, by `increase_per_s` requests per second
  each second, so a server that allows more is found slowly, and the next limit (when the
  bucket runs dry) re-measures the rate. After the first limit only a few more requests are
  refused: one at each re-measurement, plus those already in flight.

`PaceCore` holds the arithmetic and takes the time as an argument (tests drive it by hand);
`Pace` adds the waiting, with an injectable clock, sleep and random.
"""

from __future__ import annotations

import asyncio
import math
import random as random_module
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from vody_desktop.api.errors import RateLimitedError
from vody_desktop.api.retry import Clock, Random, RetryPolicy, Sleep

DEFAULT_CONCURRENCY = 4
#: Backoff without Retry-After: 1 s, 2 s, 4 s … up to a minute, half of it random.
BACKOFF = RetryPolicy(max_retries=1_000_000, base_delay_s=1.0, max_delay_s=60.0, min_delay_s=0.5)
#: The longest wait taken from a Retry-After (a server asking for an hour is asked again sooner).
MAX_RETRY_AFTER_S = 600.0
#: After a pause of P seconds the server has refilled about P seconds' worth of requests; up to
#: this much of that may go out at once when the pause ends.
MAX_CREDIT_S = 1.0


@dataclass(frozen=True)
class PaceSettings:
    concurrency: int = DEFAULT_CONCURRENCY
    decrease: float = 0.95  # the share of the measured rate to resume at
    first_decrease: float = 0.5  # after the first limit, where the burst inflates the measure
    increase_per_s: float = 0.05  # requests per second added each second without a limit
    min_rate: float = 0.05  # never slower than one request in 20 s


class PaceCore:
    """The limiter's state and arithmetic; every method takes the current time `now`."""

    def __init__(self, settings: PaceSettings, now: float) -> None:
        self.settings = settings
        self.rate: float | None = None  # requests per second; None until the first limit
        self.paused_until = now
        self.in_flight = 0
        self.accepted = 0  # answers that were not a limit
        self.limited = 0  # 429 and 503 answers
        self._next_start = now
        self._rate_since = now  # when `rate` was last set (the additive increase counts from it)
        self._rate_at_set = 0.0
        self._last_limit: float | None = None
        self._accepted_since_limit = 0
        self._limits_in_a_row = 0
        self._credit_s = 0.0  # how far the schedule may lag behind: the last pause, up to 1 s

    def current_rate(self, now: float) -> float | None:
        """The pace now: the rate last set plus the additive increase since."""
        if self.rate is None:
            return None
        return self._rate_at_set + self.settings.increase_per_s * max(0.0, now - self._rate_since)

    def wait_before_start(self, now: float) -> float:
        """Seconds until a request may start (0: now); math.inf while the cap is reached."""
        if self.in_flight >= self.settings.concurrency:
            return math.inf
        return max(0.0, self.paused_until - now, self._next_start - now)

    def start(self, now: float) -> None:
        """A request starts now (after `wait_before_start` said 0)."""
        self.in_flight += 1
        rate = self.current_rate(now)
        if rate is not None:
            # The server's bucket refilled while we paused: that much may go out at once.
            self._next_start = max(now - self._credit_s, self._next_start) + 1.0 / rate

    def answered(self, now: float) -> None:
        """A request ended with anything but a limit (an error counts: the server answered)."""
        self.in_flight -= 1
        self.accepted += 1
        self._accepted_since_limit += 1
        self._limits_in_a_row = 0

    def abandoned(self) -> None:
        """A request ended without an answer (cancelled, network): it says nothing of the pace."""
        self.in_flight -= 1

    def limit(self, now: float, retry_after_s: float | None, random: float) -> float:
        """A request was answered 429/503: pause everyone, learn the rate; returns the pause."""
        self.in_flight -= 1
        self.limited += 1
        self._limits_in_a_row += 1
        if retry_after_s is not None:
            pause = min(max(retry_after_s, 0.0), MAX_RETRY_AFTER_S)
        else:
            delay = BACKOFF.delay_for(RateLimitedError(), self._limits_in_a_row, lambda: random)
            pause = delay if delay is not None else BACKOFF.max_delay_s
        resume = now + pause
        if resume > self.paused_until:
            # One pause per limit episode: the answers of requests that were already in flight
            # (sent before the pause began) do not measure the rate again.
            if now >= self.paused_until:
                self._learn(now)
            self.paused_until = resume
            self._credit_s = min(pause, MAX_CREDIT_S)
        self._next_start = max(self._next_start, self.paused_until - self._credit_s)
        return pause

    def _learn(self, now: float) -> None:
        if self._last_limit is None:
            elapsed = max(now - self._rate_since, 1e-3)
            measured = (self._accepted_since_limit + 1) / elapsed
            factor = self.settings.first_decrease
        else:
            elapsed = max(now - self._last_limit, 1e-3)
            measured = max(self._accepted_since_limit, 1) / elapsed
            factor = self.settings.decrease
        current = self.current_rate(now)
        new_rate = measured * factor
        if current is not None:
            new_rate = min(new_rate, current * max(factor, 0.5))
        self.rate = max(self.settings.min_rate, new_rate)
        self._rate_at_set = self.rate
        self._rate_since = now
        self._last_limit = now
        self._accepted_since_limit = 0


@dataclass(frozen=True)
class PaceFigures:
    """What the limiter knows, for a progress display."""

    rate: float | None
    paused_for_s: float
    in_flight: int
    accepted: int
    limited: int


class Pace:
    """`PaceCore` with waiting: `async with pace.slot(): <one request>`, then tell how it ended
    with `answered()`/`limit()` inside the block (leaving the block without either counts the
    request as abandoned)."""

    def __init__(
        self,
        settings: PaceSettings = PaceSettings(),
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        random: Random = random_module.random,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._random = random
        self.core = PaceCore(settings, clock())
        self._changed = asyncio.Event()

    def figures(self) -> PaceFigures:
        now = self._clock()
        core = self.core
        return PaceFigures(
            rate=core.current_rate(now),
            paused_for_s=max(0.0, core.paused_until - now),
            in_flight=core.in_flight,
            accepted=core.accepted,
            limited=core.limited,
        )

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[Slot]:
        await self._wait_turn()
        slot = Slot(self)
        try:
            yield slot
        finally:
            if not slot.ended:
                self.core.abandoned()
            self._wake()

    async def _wait_turn(self) -> None:
        while True:
            wait = self.core.wait_before_start(self._clock())
            if wait <= 0:
                self.core.start(self._clock())
                return
            self._changed.clear()
            if math.isinf(wait):
                await self._changed.wait()
            else:
                # A slot freed or a new pause during the sleep is seen when it ends: the pause
                # can only move later, and a freed slot matters only once the time has come.
                await self._sleep(wait)

    def _wake(self) -> None:
        self._changed.set()


class Slot:
    """One request's turn; say how it ended."""

    def __init__(self, pace: Pace) -> None:
        self._pace = pace
        self.ended = False

    def answered(self) -> None:
        if not self.ended:
            self.ended = True
            self._pace.core.answered(self._pace._clock())

    def limit(self, retry_after_s: float | None) -> float:
        """Report a 429/503; returns the pause the whole batch now takes."""
        if self.ended:
            return 0.0
        self.ended = True
        pace = self._pace
        return pace.core.limit(pace._clock(), retry_after_s, pace._random())
