"""The sandbox's clock for inference progress and rate-limit refills: real, or moved by hand.

With ``--manual-clock`` the clock stands still from the moment the server starts and moves only
when ``POST /sandbox/clock/advance`` says so. A test then sees a running inference for as long as
it likes and finishes it when it chooses, however slow the machine, and a rate limit's bucket
refills only when the test advances the clock. Network timing (slow and drip faults, the
``Retry-After`` date) always uses real time: clients measure those with their own clocks.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta


def _now() -> datetime:
    return datetime.now(UTC)


class SandboxClock:
    """``now()`` (wall time) and ``monotonic()`` (seconds) that either follow real time or, when
    ``manual``, stand still until ``advance()``; both move together."""

    def __init__(
        self,
        *,
        manual: bool = False,
        wall: Callable[[], datetime] = _now,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.manual = manual
        self._wall = wall
        self._monotonic = monotonic
        self._frozen_wall = wall()
        self._frozen_monotonic = monotonic()
        self._advanced = 0.0

    def now(self) -> datetime:
        if not self.manual:
            return self._wall()
        return self._frozen_wall + timedelta(seconds=self._advanced)

    def monotonic(self) -> float:
        if not self.manual:
            return self._monotonic()
        return self._frozen_monotonic + self._advanced

    @property
    def advanced(self) -> float:
        """Seconds the manual clock has been moved in total."""
        return self._advanced

    def advance(self, seconds: float) -> None:
        """Move a manual clock forward; raises ValueError for a real clock or a bad amount."""
        if not self.manual:
            raise ValueError("only a manual clock can be advanced")
        if not (0 <= seconds < math.inf):
            raise ValueError(f"seconds must be a finite number >= 0, not {seconds!r}")
        self._advanced += seconds
