"""Cancelling a lookup: it ends only after both of its requests (status, results) have ended."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.unit.test_api_helpers import BASE, IID, KEY, Recorder
from vody_desktop.api.client import VodyClient
from vody_desktop.lookup import look_up


def test_a_cancelled_lookup_ends_after_its_requests() -> None:
    ended: list[str] = []

    async def go() -> None:
        both_asked = asyncio.Event()
        received: list[str] = []

        async def never_answer(request: httpx.Request) -> httpx.Response:
            part = request.url.path.rsplit("/", 1)[1]
            received.append(part)
            if len(received) == 2:
                both_asked.set()
            try:
                await asyncio.Event().wait()  # no answer: only a cancel ends this request
            finally:
                await asyncio.sleep(0)  # the request takes a step to wind down
                ended.append(part)
            raise AssertionError("unreachable")

        server = Recorder(never_answer)
        async with VodyClient(BASE, KEY, transport=httpx.MockTransport(server)) as client:
            lookup = asyncio.ensure_future(look_up(client, IID))
            await both_asked.wait()
            lookup.cancel()
            with pytest.raises(asyncio.CancelledError):
                await lookup
            assert sorted(ended) == ["results", "status"]  # nothing runs on after the lookup

    asyncio.run(go())
