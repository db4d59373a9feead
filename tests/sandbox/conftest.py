"""Fixtures: sandbox server processes on random loopback ports, and httpx clients for them."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from vody_desktop.sandbox.catalogue import DEFAULT_API_KEYS
from vody_desktop.sandbox.process import SandboxProcess

KEY = DEFAULT_API_KEYS[0]
EXTRA_KEY = "test-extra-key-0001"
HEADERS = {"x-vody-api-key": KEY, "accept": "application/json"}

#: Short delays so the suite stays fast; no rate limit (its own tests start another server);
#: a manual clock, so POSTed inferences finish only when a test moves it (helpers.advance_clock).
FAST_ARGS = (
    "--manual-clock",
    "--rate",
    "off",
    "--progress-seconds",
    "0",
    "--post-seconds",
    "1",
    "--slow-seconds",
    "1",
    "--retry-after-seconds",
    "2",
    "--api-key",
    EXTRA_KEY,
    "--quiet",
)


@pytest.fixture(scope="session")
def sandbox() -> Iterator[SandboxProcess]:
    """One shared server with short delays and no rate limit."""
    with SandboxProcess(FAST_ARGS) as process:
        yield process


@pytest.fixture
def client(sandbox: SandboxProcess) -> Iterator[httpx.Client]:
    """A client for the shared server, sending the default key."""
    with httpx.Client(base_url=sandbox.url, headers=HEADERS, timeout=30) as http:
        yield http


@pytest.fixture
def anonymous(sandbox: SandboxProcess) -> Iterator[httpx.Client]:
    """A client for the shared server that sends no key."""
    with httpx.Client(base_url=sandbox.url, timeout=30) as http:
        yield http
