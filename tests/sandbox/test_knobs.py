"""The sandbox's test knobs (--manual-clock, --hold-large): off by default, behind the API key
when on, and the manual clock itself."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from tests.sandbox.conftest import HEADERS
from tests.sandbox.helpers import large_state, wait_for_large_state
from vody_desktop.sandbox import catalogue as cat
from vody_desktop.sandbox.clock import SandboxClock
from vody_desktop.sandbox.process import SandboxProcess
from vody_desktop.sandbox.ratelimit import Rate, RateLimiter

STATUS_URL = f"/inference/{cat.STATUS_EXAMPLE_ID}/status"
KNOBS = [
    ("POST", "/sandbox/clock/advance"),
    ("GET", "/sandbox/large"),
    ("POST", "/sandbox/large/release"),
]
WRONG_KEY = {"x-vody-api-key": "wrong"}


def test_knobs_are_absent_without_their_flags() -> None:
    with (
        SandboxProcess(["--quiet"]) as sandbox,
        httpx.Client(base_url=sandbox.url, headers=HEADERS, timeout=30) as client,
    ):
        for method, path in KNOBS:
            response = client.request(method, path, json={"seconds": 60})
            assert response.status_code == 404, path
        assert not any("/sandbox/clock" in e for e in client.get("/").json()["endpoints"])
        assert not any("/sandbox/large" in e for e in client.get("/").json()["endpoints"])


def test_knobs_need_a_valid_key(tmp_path: Path) -> None:
    args = ["--manual-clock", "--hold-large", "--cache-dir", str(tmp_path), "--quiet"]
    with (
        SandboxProcess(args) as sandbox,
        httpx.Client(base_url=sandbox.url, timeout=30) as anonymous,
        httpx.Client(base_url=sandbox.url, headers=HEADERS, timeout=30) as client,
    ):
        wait_for_large_state(client, "held")
        listed = anonymous.get("/").json()["endpoints"]
        for method, path in KNOBS:
            assert f"{method} {path}" in listed
            assert anonymous.request(method, path, json={"seconds": 1}).status_code == 401
            refused = anonymous.request(method, path, json={"seconds": 1}, headers=WRONG_KEY)
            assert refused.status_code == 403
        # The refused requests changed nothing.
        assert large_state(client) == "held"
        assert client.post("/sandbox/clock/advance", json={"seconds": 0}).json()["advanced"] == 0


def test_clock_knob_refuses_bad_amounts_and_takes_no_rate_token() -> None:
    with (
        SandboxProcess(["--manual-clock", "--rate", "1/60", "--quiet"]) as sandbox,
        httpx.Client(base_url=sandbox.url, headers=HEADERS, timeout=30) as client,
    ):
        assert client.get(STATUS_URL).status_code == 200  # the one token
        for bad in ({"seconds": -1}, {"seconds": "1"}, {"seconds": True}, [1], {}):
            assert client.post("/sandbox/clock/advance", json=bad).status_code == 400
        moved = client.post("/sandbox/clock/advance", json={"seconds": 0})
        assert moved.status_code == 200  # though the bucket is empty
        assert moved.json()["advanced"] == 0
        assert client.get(STATUS_URL).status_code == 429


def test_manual_clock_stands_still_until_advanced() -> None:
    real_wall = [datetime(2024, 1, 1, tzinfo=UTC)]
    real_mono = [100.0]
    clock = SandboxClock(manual=True, wall=lambda: real_wall[0], monotonic=lambda: real_mono[0])
    real_wall[0] += timedelta(hours=1)
    real_mono[0] += 3600
    assert clock.now() == datetime(2024, 1, 1, tzinfo=UTC)
    assert clock.monotonic() == 100.0
    clock.advance(2.5)
    assert clock.now() == datetime(2024, 1, 1, 0, 0, 2, 500_000, tzinfo=UTC)
    assert clock.monotonic() == 102.5
    assert clock.advanced == 2.5
    for bad in (-1.0, float("inf"), float("nan")):
        with pytest.raises(ValueError, match="seconds"):
            clock.advance(bad)


def test_real_clock_follows_real_time_and_cannot_be_advanced() -> None:
    real_mono = [100.0]
    clock = SandboxClock(monotonic=lambda: real_mono[0])
    real_mono[0] += 5
    assert clock.monotonic() == 105.0
    with pytest.raises(ValueError, match="manual"):
        clock.advance(1)


def test_rate_limiter_refills_on_the_manual_clock() -> None:
    clock = SandboxClock(manual=True)
    limiter = RateLimiter(Rate(2, 10.0), clock.monotonic)
    assert [limiter.acquire("k") for _ in range(2)] == [None, None]
    assert limiter.acquire("k") == pytest.approx(5.0)
    clock.advance(5)
    assert limiter.acquire("k") is None
