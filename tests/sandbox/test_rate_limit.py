"""The per-key rate limit, through a real server.

The servers run with --manual-clock: buckets refill only when the test moves the clock, so the
number of requests that pass does not depend on how fast the machine sends them.
"""

from __future__ import annotations

import httpx

from tests.sandbox.conftest import HEADERS
from tests.sandbox.helpers import advance_clock
from vody_desktop.sandbox import catalogue as cat
from vody_desktop.sandbox.process import SandboxProcess

URL = f"/inference/{cat.STATUS_EXAMPLE_ID}/status"


def test_burst_beyond_the_limit_gets_429_with_retry_after() -> None:
    with (
        SandboxProcess(["--manual-clock", "--rate", "5/30", "--quiet"]) as sandbox,
        httpx.Client(base_url=sandbox.url, headers=HEADERS, timeout=30) as client,
    ):
        codes = [client.get(URL).status_code for _ in range(8)]
        assert codes == [200] * 5 + [429] * 3
        limited = client.get(URL)
        assert limited.status_code == 429
        assert limited.json() == {"message": "Rate limit exceeded"}
        assert limited.headers["retry-after"] == "6"  # one token refills in 30/5 s

        # Other keys have their own bucket; requests without a valid key use none.
        other = {"x-vody-api-key": cat.DEFAULT_API_KEYS[1]}
        assert client.get(URL, headers=other).status_code == 200
        assert client.get(URL, headers={"x-vody-api-key": "wrong"}).status_code == 403

        # Refills at 5 per 30 s: 3 s later half a token, after 6 s one request passes.
        advance_clock(client, 3)
        still = client.get(URL)
        assert still.status_code == 429
        assert still.headers["retry-after"] == "3"
        advance_clock(client, 3)
        assert [client.get(URL).status_code for _ in range(2)] == [200, 429]
        # A long pause refills the bucket only up to the burst size.
        advance_clock(client, 3600)
        assert [client.get(URL).status_code for _ in range(6)] == [200] * 5 + [429]


def test_default_rate_lets_a_person_click_around() -> None:
    with (
        SandboxProcess(["--manual-clock", "--quiet"]) as sandbox,
        httpx.Client(base_url=sandbox.url, headers=HEADERS, timeout=30) as client,
    ):
        codes = [client.get(URL).status_code for _ in range(61)]
        assert codes == [200] * 60 + [429]  # default 60/60: a burst of 60
        advance_clock(client, 1)
        assert client.get(URL).status_code == 200  # then one a second
