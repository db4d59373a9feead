"""Waiting for an unfinished inference: ask for its status now and then until it has finished.

Polite by construction: the first check comes after `first_interval_s`, each later one waits
`growth` times longer, up to `max_interval_s`, so a long inference costs a handful of requests
a minute at most (well inside the API's rate limit). A 429/503 while waiting goes through the
`Retrier` (Retry-After honoured). Qt-free; the window shows `WaitProgress` and owns the task, so
cancelling it stops the wait at once.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from vody_desktop.api.client import VodyClient
from vody_desktop.api.models import InferenceStatus
from vody_desktop.api.retry import Clock, Retrier, Sleep, countdown
from vody_desktop.errors import UserFacingError

#: Status values that mean "not finished yet" (the API documents in_progress; the others are
#: common spellings a future server might use).
RUNNING_STATUSES = frozenset({"in_progress", "queued", "pending", "running", "processing"})


@dataclass(frozen=True)
class PollPolicy:
    """How often to ask while waiting, and for how long at most."""

    first_interval_s: float = 2.0
    growth: float = 1.5
    max_interval_s: float = 30.0
    max_wait_s: float = 4 * 3600.0

    def interval(self, check_number: int) -> float:
        """The pause after check `check_number` (1 for the first)."""
        grown = self.first_interval_s * self.growth ** max(0, check_number - 1)
        return min(self.max_interval_s, grown)


@dataclass(frozen=True)
class WaitProgress:
    """Where a wait stands, for the window to show."""

    status: InferenceStatus
    checks: int
    elapsed_s: float
    next_check_s: float

    def title(self) -> str:
        return f"Waiting for the inference to complete — {duration_text(self.elapsed_s)} so far"

    def advice(self) -> str:
        checked = "once" if self.checks == 1 else f"{self.checks} times"
        next_in = math.ceil(self.next_check_s) if self.next_check_s > 0 else 0
        when = f"in {next_in} s" if next_in else "now"
        return (
            f"It is still running (checked {checked}). Next check {when}; the results open "
            "by themselves when it is done. Press Cancel to stop waiting."
        )


class WaitTimedOutError(UserFacingError):
    title = "The inference is still running"
    advice = "The app stopped waiting after a long time. Fetch it again later."


def is_running(status: InferenceStatus) -> bool:
    return status.status in RUNNING_STATUSES


def duration_text(seconds: float) -> str:
    """12 s, 3 min 05 s, 1 h 02 min."""
    whole = max(0, int(seconds))
    if whole < 60:
        return f"{whole} s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


async def wait_until_finished(
    client: VodyClient,
    inference_id: str,
    *,
    policy: PollPolicy = PollPolicy(),
    retrier: Retrier | None = None,
    on_progress: Callable[[WaitProgress], None] | None = None,
    sleep: Sleep = asyncio.sleep,
    clock: Clock = time.monotonic,
) -> InferenceStatus:
    """Check the status until it is no longer running; return that last status.

    Raises the client's `ApiError`s (after the retrier gave up) and `WaitTimedOutError`.
    """
    retrier = retrier or Retrier(sleep=sleep, clock=clock)
    started = clock()
    checks = 0
    while True:
        status = await retrier.call(lambda: client.status(inference_id))
        checks += 1
        if not is_running(status):
            return status
        if clock() - started > policy.max_wait_s:
            raise WaitTimedOutError(
                detail=f"Waited {duration_text(clock() - started)}; last status {status.status}"
            )

        def tell(remaining: float, status: InferenceStatus = status, made: int = checks) -> None:
            if on_progress is not None:
                on_progress(WaitProgress(status, made, clock() - started, remaining))

        await countdown(policy.interval(checks), tell, sleep=sleep, clock=clock)
