"""How VodyClient receives a large body: once, without a second copy at the end, in socket
reads of nearly 1 MB.

For memory, httpx.MockTransport stands in for the network; the body is streamed in pieces made
as they are sent (the "server" keeps none of them), so the memory traced is the client's. The
socket reads are looked at on a real loopback connection to a minimal HTTP server.
"""

from __future__ import annotations

import asyncio
import gc
import tracemalloc
from collections.abc import AsyncIterator

import httpx

from tests.unit.helpers import IID, KEY, Recorder, run_call
from vody_desktop.api.client import SOCKET_READ_BYTES, VodyClient
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


BODY = b"[" + b"1," * MIB + b"1]"


class OneAnswer:
    """A minimal HTTP server: answers one request with `BODY`, then waits for the client to
    close the connection (it stays in the client's pool until then)."""

    def __init__(self) -> None:
        self.done = asyncio.Event()

    async def __call__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
            head = (
                f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(BODY)}"
            )
            writer.write(head.encode() + b"\r\n\r\n" + BODY)
            await writer.drain()
            await reader.read()
        finally:
            writer.close()
            await writer.wait_closed()
            self.done.set()


def _socket_read_sizes(port: int) -> list[int]:
    """How much each asyncio transport connected to `port` reads from its socket per call."""
    return [
        getattr(thing, "max_size", 0)
        for thing in gc.get_objects()
        if isinstance(thing, asyncio.Transport)
        and (thing.get_extra_info("peername") or (None, None))[1] == port
    ]


def test_a_body_is_read_from_its_socket_nearly_a_megabyte_at_a_time() -> None:
    # asyncio reads 256 KB per call: a 250 MB body took ~950 trips through the loop and the
    # HTTP stack. Found through the loop's own transports, not the path the client takes.
    async def go() -> tuple[bytes, list[int]]:
        answer = OneAnswer()
        server = await asyncio.start_server(answer, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        try:
            async with VodyClient(f"http://127.0.0.1:{port}", KEY) as client:
                results = await client.results(IID)
                read_sizes = _socket_read_sizes(port)  # of the connection kept in the pool
            await answer.done.wait()
            return results.body, read_sizes
        finally:
            server.close()
            await server.wait_closed()

    body, read_sizes = asyncio.run(go())
    assert body == BODY
    assert read_sizes == [SOCKET_READ_BYTES]
    assert 3 * 256 * 1024 < SOCKET_READ_BYTES < MIB  # from the heap, not a fresh mapping
