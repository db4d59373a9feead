"""Per-key token-bucket rate limiting, and the ``--rate`` option's format.

``--rate N/S`` gives every API key a bucket of N tokens that refills at N tokens per S seconds:
a burst of N requests passes, and after that one request every S/N seconds. ``off`` disables it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

DEFAULT_RATE: Final = "60/60"


@dataclass(frozen=True)
class Rate:
    """``requests`` tokens per ``seconds``; the bucket also holds at most ``requests``."""

    requests: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def __str__(self) -> str:
        return f"{self.requests}/{self.seconds:g}"


def parse_rate(text: str) -> Rate | None:
    """Parse ``N/S`` (or ``off``, giving None); raises ValueError with a readable message."""
    if text.strip().lower() in {"off", "none", "unlimited"}:
        return None
    requests_text, sep, seconds_text = text.partition("/")
    try:
        if not sep:
            raise ValueError
        requests = int(requests_text)
        seconds = float(seconds_text)
    except ValueError:
        message = f"rate must look like 60/60 (requests/seconds) or off, not {text!r}"
        raise ValueError(message) from None
    if requests < 1 or not (0 < seconds < math.inf):
        raise ValueError(f"rate needs at least 1 request per a positive time, not {text!r}")
    return Rate(requests, seconds)


class RateLimiter:
    """Token buckets per key. Only keys already known to be valid should be passed in."""

    def __init__(self, rate: Rate | None, clock: Callable[[], float] = time.monotonic) -> None:
        self._rate = rate
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}

    def set_rate(self, rate: Rate | None) -> None:
        """From now on, this limit (a test tightens it while a client runs). Each key's bucket
        keeps its tokens, capped at the new size, so a tighter limit bites at once."""
        self._rate = rate
        if rate is not None:
            cap = float(rate.requests)
            self._buckets = {k: (min(t, cap), last) for k, (t, last) in self._buckets.items()}

    def acquire(self, key: str) -> float | None:
        """Take a token for ``key``; None if granted, else seconds until one is available."""
        if self._rate is None:
            return None
        now = self._clock()
        tokens, last = self._buckets.get(key, (float(self._rate.requests), now))
        tokens = min(float(self._rate.requests), tokens + (now - last) * self._rate.per_second)
        if tokens >= 1.0:
            self._buckets[key] = (tokens - 1.0, now)
            return None
        self._buckets[key] = (tokens, now)
        return (1.0 - tokens) / self._rate.per_second


def retry_after_header(wait_seconds: float) -> str:
    """``Retry-After`` in whole seconds, rounded up and at least 1."""
    return str(max(1, math.ceil(wait_seconds)))
