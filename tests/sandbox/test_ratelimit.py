"""The token bucket and the --rate format, without a server."""

from __future__ import annotations

import pytest

from vody_desktop.sandbox.auth import KeyCheck, KeyRing
from vody_desktop.sandbox.ratelimit import Rate, RateLimiter, parse_rate, retry_after_header


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_parse_rate() -> None:
    assert parse_rate("60/60") == Rate(60, 60.0)
    assert parse_rate("5/0.5") == Rate(5, 0.5)
    assert parse_rate("off") is None


@pytest.mark.parametrize("text", ["", "60", "a/b", "0/60", "10/0", "10/-1", "10/inf"])
def test_parse_rate_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="rate"):
        parse_rate(text)


def test_burst_then_refill() -> None:
    clock = FakeClock()
    limiter = RateLimiter(Rate(3, 30.0), clock)
    assert [limiter.acquire("k") for _ in range(3)] == [None, None, None]
    wait = limiter.acquire("k")
    assert wait == pytest.approx(10.0)
    clock.now += 5
    assert limiter.acquire("k") == pytest.approx(5.0)
    clock.now += 5
    assert limiter.acquire("k") is None
    assert limiter.acquire("k") is not None


def test_buckets_are_per_key() -> None:
    limiter = RateLimiter(Rate(1, 60.0), FakeClock())
    assert limiter.acquire("a") is None
    assert limiter.acquire("a") is not None
    assert limiter.acquire("b") is None


def test_no_rate_never_limits() -> None:
    limiter = RateLimiter(None, FakeClock())
    assert all(limiter.acquire("k") is None for _ in range(1000))


def test_retry_after_rounds_up_to_whole_seconds() -> None:
    assert retry_after_header(0.01) == "1"
    assert retry_after_header(1.2) == "2"
    assert retry_after_header(3.0) == "3"


def test_keyring() -> None:
    keys = KeyRing(["alpha", "beta"])
    assert keys.check(None) is KeyCheck.MISSING
    assert keys.check(b"  ") is KeyCheck.MISSING
    assert keys.check(b"alpha") is KeyCheck.VALID
    assert keys.check(b"beta") is KeyCheck.VALID
    assert keys.check(b"alph") is KeyCheck.UNKNOWN
    assert keys.check("caf\u00e9".encode()) is KeyCheck.UNKNOWN
