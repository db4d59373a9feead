"""Cancelling `look_up` returns only after both of its requests have ended (no orphans left to
run after the window's shutdown)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.unit.helpers import BASE, IID, KEY
from vody_desktop.api.client import VodyClient
from vody_desktop.lookup import look_up


def test_a_cancelled_lookup_ends_after_both_requests_have_ended() -> None:
    asked: list[str] = []
    ended: list[str] = []
    both_asked = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        part = request.url.path.rsplit("/", 1)[-1]
        asked.append(part)
        if len(asked) == 2:
            both_asked.set()
        try:
            await asyncio.Event().wait()  # a server that never answers
        finally:
            await asyncio.sleep(0)  # winding down takes a loop turn or two
            await asyncio.sleep(0)
            ended.append(part)
        raise AssertionError("unreachable")

    async def go() -> None:
        async with VodyClient(BASE, KEY, transport=httpx.MockTransport(handler)) as client:
            lookup = asyncio.ensure_future(look_up(client, IID))
            await both_asked.wait()  # both requests are in flight
            lookup.cancel()
            with pytest.raises(asyncio.CancelledError):
                await lookup
            assert sorted(ended) == ["results", "status"]

    asyncio.run(go())


def test_a_request_that_swallows_its_cancellation_is_asked_again() -> None:
    # anyio can lose a cancellation (anyio #1214); the request then ran on to its deadline and
    # Ctrl+C in `fetch` did nothing. Here the results request swallows the first cancel.
    asked: list[str] = []
    cancels_seen: list[str] = []
    both_asked = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        part = request.url.path.rsplit("/", 1)[-1]
        asked.append(part)
        if len(asked) == 2:
            both_asked.set()
        while True:
            try:
                await asyncio.Event().wait()  # a server that never answers
            except asyncio.CancelledError:
                cancels_seen.append(part)
                task = asyncio.current_task()
                assert task is not None
                if part == "results" and cancels_seen.count(part) == 1:
                    task.uncancel()  # swallowed, as anyio sometimes does
                    continue
                raise

    async def go() -> None:
        async with VodyClient(BASE, KEY, transport=httpx.MockTransport(handler)) as client:
            lookup = asyncio.ensure_future(look_up(client, IID))
            await both_asked.wait()
            lookup.cancel()
            with pytest.raises(asyncio.CancelledError):
                await lookup
        assert cancels_seen.count("results") == 2  # asked again after the first was lost
        assert cancels_seen.count("status") == 1

    asyncio.run(go())
