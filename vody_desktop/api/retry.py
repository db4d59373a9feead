"""Automatic retries for answers that ask us to come back later (429 and 503), done politely.

The policy, in order:
- only `RateLimitedError` (429) and a 503 `ServerError` are retried; everything else is final;
- a `Retry-After` from the server (seconds or an HTTP date, parsed in api/bodies.py) is honoured
  exactly, but never sooner than `min_delay_s`; if it asks for longer than `max_retry_after_s`
  we do not wait automatically and the person sees how long to wait instead;
- without `Retry-After`: exponential backoff (`base_delay_s`, doubling, capped at
  `max_delay_s`) with "equal jitter" (half fixed, half random), so many clients that were limited
  together do not come back together;
- at most `max_retries` automatic retries, then the last error is raised with a note saying
  how often we tried.

Waiting is a countdown that calls back about once a second with a `RetryNotice`, so a window
can show "Too many requests — trying again in 7 s" beside its Cancel button; cancelling the
task that waits stops it at once. Sleep, clock and random are injectable for tests. No Qt here.
"""

from __future__ import annotations

import asyncio
import logging
import math
import random as random_module
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from vody_desktop.api.errors import ApiError, RateLimitedError, RetryAfterMixin, ServerError

logger = logging.getLogger(__name__)

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]
Random = Callable[[], float]


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to wait before asking again."""

    max_retries: int = 3
    base_delay_s: float = 2.0
    max_delay_s: float = 60.0
    min_delay_s: float = 1.0
    max_retry_after_s: float = 120.0
    jitter: float = 0.5  # the random share of a backoff delay (0 = none, 1 = all of it)

    def delay_for(
        self, error: BaseException, retry_number: int, random: Random = random_module.random
    ) -> float | None:
        """Seconds to wait before retry `retry_number` (1 for the first) after `error`, or
        None when it must not be retried (not retryable, too many retries, too long a wait)."""
        if retry_number > self.max_retries or not is_retryable(error):
            return None
        asked = retry_after_of(error)
        if asked is not None:
            return None if asked > self.max_retry_after_s else max(asked, self.min_delay_s)
        backoff = min(self.max_delay_s, self.base_delay_s * 2.0 ** (retry_number - 1))
        share = min(max(self.jitter, 0.0), 1.0)
        spread = backoff * share * random()
        return max(self.min_delay_s, backoff * (1 - share) + spread)


NO_RETRIES = RetryPolicy(max_retries=0)


def is_retryable(error: BaseException) -> bool:
    """True for answers that mean "come back later": 429, and 503."""
    if isinstance(error, RateLimitedError):
        return True
    return isinstance(error, ServerError) and error.status_code == 503


def retry_after_of(error: BaseException) -> float | None:
    """The wait the server asked for with Retry-After, if it did."""
    value = error.retry_after_s if isinstance(error, RetryAfterMixin) else None
    return float(value) if value is not None and math.isfinite(value) else None


@dataclass(frozen=True)
class RetryNotice:
    """Where a countdown before an automatic retry stands (sent about once a second)."""

    error: ApiError
    retry_number: int  # 1 for the first retry
    max_retries: int
    delay_s: float  # the whole wait
    remaining_s: float  # 0 when the retry is being sent
    server_asked: bool  # the delay came from Retry-After

    @property
    def seconds_left(self) -> int:
        return math.ceil(self.remaining_s - 1e-6) if self.remaining_s > 0 else 0

    def title(self) -> str:
        what = "Too many requests" if isinstance(self.error, RateLimitedError) else "Service busy"
        if self.seconds_left == 0:
            return f"{what} — trying again now"
        return f"{what} — trying again in {self.seconds_left:,}\u00a0s"  # no break before "s"

    def advice(self) -> str:
        why = (
            "The server asked the app to wait before asking again"
            if self.server_asked
            else "The server is busy, so the app waits a little longer each time"
        )
        return (
            f"{why} (automatic retry {self.retry_number} of {self.max_retries}). "
            "Press Cancel or Esc to stop."
        )


OnRetryNotice = Callable[[RetryNotice], None]


async def countdown(
    delay_s: float,
    on_tick: Callable[[float], None] | None = None,
    *,
    sleep: Sleep = asyncio.sleep,
    clock: Clock = time.monotonic,
) -> None:
    """Wait `delay_s` seconds, calling `on_tick(remaining)` at the start and at every whole
    second the remaining time passes, so a display can count down 7, 6, 5…"""
    end = clock() + delay_s
    while (remaining := end - clock()) > 0:
        if on_tick is not None:
            on_tick(remaining)
        step = remaining - (math.ceil(remaining) - 1)  # to the next whole second shown
        await sleep(max(0.01, min(step, remaining)))


def note_retries(error: ApiError, retries: int) -> ApiError:
    """Say in `error` that it stayed after `retries` automatic retries (in place)."""
    if retries > 0:
        times = "once" if retries == 1 else f"{retries} times"
        error.advice = f"The app tried again {times} automatically. {error.advice}"
        error.detail = (error.detail + "\n" if error.detail else "") + (
            f"Automatic retries: {retries}"
        )
    return error


class Retrier:
    """Runs calls under a `RetryPolicy`, reporting each countdown through `on_notice`."""

    def __init__(
        self,
        policy: RetryPolicy = RetryPolicy(),
        *,
        on_notice: OnRetryNotice | None = None,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = time.monotonic,
        random: Random = random_module.random,
    ) -> None:
        self.policy = policy
        self._on_notice = on_notice
        self._sleep = sleep
        self._clock = clock
        self._random = random

    def delay_for(self, error: BaseException, retry_number: int) -> float | None:
        return self.policy.delay_for(error, retry_number, self._random)

    async def call(self, operation: Callable[[], Awaitable[T]]) -> T:
        """`await operation()`, again after a wait while it fails with a retryable error."""
        retries = 0
        while True:
            try:
                return await operation()
            except ApiError as error:
                delay = self.delay_for(error, retries + 1)
                if delay is None:
                    raise note_retries(error, retries) from error.__cause__
                retries += 1
                await self.wait(error, retries, delay)

    async def wait(self, error: ApiError, retry_number: int, delay_s: float) -> None:
        """Count down `delay_s` before retry `retry_number`, telling `on_notice` as it goes."""
        logger.info(
            "HTTP %s: retry %d of %d in %.1f s",
            error.status_code,
            retry_number,
            self.policy.max_retries,
            delay_s,
        )
        asked = retry_after_of(error) is not None

        def tell(remaining: float) -> None:
            if self._on_notice is not None:
                notice = RetryNotice(
                    error, retry_number, self.policy.max_retries, delay_s, remaining, asked
                )
                self._on_notice(notice)

        await countdown(delay_s, tell, sleep=self._sleep, clock=self._clock)
        tell(0.0)
