"""The per-key rate limit, through a real server."""

from __future__ import annotations

import httpx

from tests.sandbox.conftest import HEADERS
from vody_desktop.sandbox import catalogue as cat
from vody_desktop.sandbox.process import SandboxProcess

URL = f"/inference/{cat.STATUS_EXAMPLE_ID}/status"


def test_burst_beyond_the_limit_gets_429_with_retry_after() -> None:
    with (
        SandboxProcess(["--rate", "5/30", "--quiet"]) as sandbox,
        httpx.Client(base_url=sandbox.url, headers=HEADERS, timeout=10) as client,
    ):
        codes = [client.get(URL).status_code for _ in range(8)]
        assert codes[:5] == [200] * 5
        assert codes[5:] == [429] * 3
        limited = client.get(URL)
        assert limited.status_code == 429
        assert limited.json() == {"message": "Rate limit exceeded"}
        retry_after = int(limited.headers["retry-after"])
        assert 1 <= retry_after <= 6  # one token refills in 6 s

        # Other keys have their own bucket; requests without a valid key use none.
        other = {"x-vody-api-key": cat.DEFAULT_API_KEYS[1]}
        assert client.get(URL, headers=other).status_code == 200
        assert client.get(URL, headers={"x-vody-api-key": "wrong"}).status_code == 403


def test_default_rate_lets_a_person_click_around() -> None:
    with (
        SandboxProcess(["--quiet"]) as sandbox,
        httpx.Client(base_url=sandbox.url, headers=HEADERS, timeout=10) as client,
    ):
        codes = {client.get(URL).status_code for _ in range(30)}
        assert codes == {200}
        codes = {client.get(URL).status_code for _ in range(60)}
        assert 429 in codes
