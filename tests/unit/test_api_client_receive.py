"""How VodyClient keeps a large body while it arrives: once, without a second copy at the end.

httpx.MockTransport stands in for the network; the body is streamed in pieces made as they are
sent (the "server" keeps none of them), so the memory traced is the client's.
"""

from __future__ import annotations

import asyncio
import tracemalloc
from collections.abc import AsyncIterator

import httpx

from tests.unit.helpers import Recorder, run_call
from vody_desktop.api.models import ResultsBody

MIB = 1024 * 1024
PIECE = 256 * 1024  # what asyncio hands over per socket read
PIECES = 96  # 24 MiB


class Pieces(httpx.AsyncByteStream):
    """`PIECES` pieces of `PIECE` bytes, the n-th filled with the digit n % 10."""

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for number in range(PIECES):
            yield str(number % 10).encode() * PIECE
            await asyncio.sleep(0)


def test_a_large_body_is_held_once_while_it_arrives_and_when_handed_over() -> None:
    server = Recorder(lambda request: httpx.Response(200, stream=Pieces()))
    tracemalloc.start()
    try:
        results = run_call(server)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(results, ResultsBody)
    body = results.body
    assert len(body) == PIECES * PIECE
    for number in (0, 1, 9, 10, PIECES - 1):
        assert body[number * PIECE : (number + 1) * PIECE] == str(number % 10).encode() * PIECE
    # Pieces kept until the end and then joined held the body twice (48 MiB here).
    assert peak < 1.3 * len(body), f"peak {peak / MIB:.1f} MiB for {len(body) / MIB:.0f} MiB"
