"""The redirect fault and the second listener that records whether the key leaked."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from tests.sandbox.conftest import FAST_ARGS, HEADERS, KEY
from vody_desktop.sandbox import catalogue as cat
from vody_desktop.sandbox.process import SandboxProcess

RESULTS = f"/inference/{cat.REDIRECT_ID}/results"


@pytest.fixture(scope="module")
def redirect_sandbox() -> Iterator[SandboxProcess]:
    with SandboxProcess(FAST_ARGS) as process:
        yield process


@pytest.fixture
def http(redirect_sandbox: SandboxProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=redirect_sandbox.url, timeout=10) as client:
        client.post("/sandbox/redirect-target/reset").raise_for_status()
        yield client


def leaks(http: httpx.Client) -> dict[str, object]:
    result: dict[str, object] = http.get("/sandbox/redirect-target/leaks").json()
    return result


def test_307_points_to_another_port_on_the_same_host(http: httpx.Client) -> None:
    response = http.get(RESULTS, headers=HEADERS)
    assert response.status_code == 307
    location = urlsplit(response.headers["location"])
    main = urlsplit(str(http.base_url))
    assert location.hostname == main.hostname
    assert location.port != main.port
    assert location.path == RESULTS
    assert leaks(http) == {
        "requests": 0,
        "key_received": False,
        "paths": [],
        "target": f"http://{location.hostname}:{location.port}",
    }


def test_following_without_the_key_is_recorded_as_no_leak(http: httpx.Client) -> None:
    location = http.get(RESULTS, headers=HEADERS).headers["location"]
    response = httpx.get(location, headers={"accept": "application/json"})
    assert response.status_code == 200
    report = leaks(http)
    assert report["requests"] == 1
    assert report["key_received"] is False
    assert report["paths"] == [RESULTS]


def test_a_naive_client_leaks_the_key_and_it_is_recorded(http: httpx.Client) -> None:
    # httpx strips only Authorization and Cookie on a cross-origin redirect.
    response = http.get(RESULTS, headers=HEADERS, follow_redirects=True)
    assert response.status_code == 200
    assert len(response.history) == 1
    assert leaks(http)["key_received"] is True


def test_reset_clears_the_record(http: httpx.Client) -> None:
    location = http.get(RESULTS, headers=HEADERS).headers["location"]
    httpx.get(location, headers={"x-vody-api-key": KEY})
    assert leaks(http)["key_received"] is True
    assert http.post("/sandbox/redirect-target/reset").json()["key_received"] is False
