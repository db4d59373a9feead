"""The sandbox's knobs for batch lookups (--batch-knobs, --small-id-prefix): request counts,
a rate limit tightened at run time, any ID of a prefix answered with a small result."""

from __future__ import annotations

import httpx

from tests.sandbox.conftest import HEADERS
from vody_desktop.sandbox import catalogue as cat
from vody_desktop.sandbox.process import SandboxProcess

PREFIXED = "ba7c0000-1234-4000-8000-00000000abcd"


def test_knobs_are_absent_without_the_flag() -> None:
    with (
        SandboxProcess(["--quiet"]) as sandbox,
        httpx.Client(base_url=sandbox.url, headers=HEADERS, timeout=30) as client,
    ):
        assert client.get("/sandbox/requests").status_code == 404
        assert client.post("/sandbox/rate", json={"rate": "1/1"}).status_code == 404
        assert client.get(f"/inference/{PREFIXED}/results").status_code == 404


def test_requests_are_counted_and_the_limit_tightens_at_run_time() -> None:
    args = ["--quiet", "--batch-knobs", "--rate", "off", "--small-id-prefix", "BA7C"]
    with (
        SandboxProcess(args) as sandbox,
        httpx.Client(base_url=sandbox.url, headers=HEADERS, timeout=30) as client,
    ):
        assert client.post("/sandbox/rate", json={"rate": "1/1"}).json() == {"rate": "1/1"}
        first = client.get(f"/inference/{PREFIXED}/results")
        assert first.status_code == 200
        assert first.content == cat.results_bytes(
            cat.COLOR_RESULTS_ID, origin=sandbox.url.rstrip("/")
        )
        status = client.get(f"/inference/{PREFIXED}/status")
        assert status.status_code == 429  # the bucket of one request is empty now
        assert status.headers["retry-after"] == "1"
        counts = client.get("/sandbox/requests").json()
        assert counts == {
            "results": {PREFIXED: 1},
            "status": {PREFIXED: 1},
            "answers": {"200": 1, "429": 1},
        }
        assert client.post("/sandbox/rate", json={"rate": "fast"}).status_code == 400
        assert client.post("/sandbox/rate", json={"rate": "off"}).json() == {"rate": "off"}
        assert client.get(f"/inference/{PREFIXED}/status").json()["status"] == "completed"
        client.post("/sandbox/requests/reset")
        assert client.get("/sandbox/requests").json()["answers"] == {}


def test_rate_knob_needs_a_valid_key() -> None:
    with (
        SandboxProcess(["--quiet", "--batch-knobs"]) as sandbox,
        httpx.Client(base_url=sandbox.url, timeout=30) as anonymous,
    ):
        assert anonymous.post("/sandbox/rate", json={"rate": "1/1"}).status_code == 401
        assert anonymous.get("/sandbox/requests").status_code == 401
