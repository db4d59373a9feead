"""VodyClient at the edges: odd redirects and lengths, the size cap to the byte, compressed
bodies that swell, one deadline over every redirect hop, and redirects of the status call.

httpx.MockTransport stands in for the network. Bodies are given as streams (not `content=bytes`,
which httpx reads and decodes in memory before the client sees it), as they come from a socket.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import tracemalloc
import zlib
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.unit.helpers import (
    BASE,
    IID,
    KEY,
    RESULTS_URL,
    STATUS_URL,
    Recorder,
    assert_key_absent,
    run_call,
    run_failing,
)
from vody_desktop.api.client import ClientSettings, VodyClient
from vody_desktop.api.decoding import PIECE_BYTES
from vody_desktop.api.errors import (
    InvalidResponseError,
    RedirectError,
    RequestTimeoutError,
    ResponseTooLargeError,
    UnexpectedStatusError,
)
from vody_desktop.api.examples import STATUS_EXAMPLE
from vody_desktop.api.models import InferenceStatus, ResultsBody

STATUS_BODY = json.dumps({**STATUS_EXAMPLE, "id": IID})
CAP = 1000


class Streamed(httpx.AsyncByteStream):
    """A body arriving in `parts`, as from a socket; records whether it was closed."""

    def __init__(self, *parts: bytes) -> None:
        self.parts = parts
        self.closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for part in self.parts:
            yield part
            await asyncio.sleep(0)

    async def aclose(self) -> None:
        self.closed = True


def answer(
    status_code: int = 200,
    *parts: bytes,
    headers: list[tuple[bytes, bytes]] | dict[str, str] | None = None,
) -> Recorder:
    """A server that answers every request with a streamed body."""
    return Recorder(
        lambda request: httpx.Response(status_code, headers=headers, stream=Streamed(*parts))
    )


def capped(cap: int = CAP) -> ClientSettings:
    return ClientSettings(max_body_bytes=cap)


# --- a 3xx that leads nowhere -------------------------------------------------------------------


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("call", ["status", "results"])
def test_redirect_without_location_is_an_unexpected_answer(code: int, call: str) -> None:
    server = answer(code, b"moved, but not saying where")
    error = run_failing(server, call)
    assert isinstance(error, UnexpectedStatusError)
    assert error.title == "The server gave an unexpected answer"
    assert error.status_code == code
    assert f"HTTP {code}" in error.detail
    assert len(server.requests) == 1  # nothing followed, nothing retried
    assert_key_absent(error)


def test_redirect_with_an_empty_location_is_not_followed_back_to_itself() -> None:
    server = answer(302, headers={"location": "  "})
    error = run_failing(server)
    assert isinstance(error, UnexpectedStatusError)
    assert error.status_code == 302
    assert [str(r.url) for r in server.requests] == [RESULTS_URL]


# --- Content-Length that is not a number ------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        b"abc",
        b"-1",
        b"3.0",
        b"0x3",
        b"3, 3",
        "\u00b2".encode(),  # "²": str.isdigit() says yes, int() says no
        "\u0663".encode(),  # Arabic-Indic three: a digit, but not what HTTP means by one
        b"9" * 5000,  # int() refuses more than 4,300 digits
    ],
)
def test_content_length_that_is_not_a_number_counts_as_unknown(value: bytes) -> None:
    calls: list[tuple[int, int | None]] = []
    server = answer(200, b"[1, ", b"2]", headers=[(b"content-length", value)])
    result = run_call(server, on_progress=lambda done, total: calls.append((done, total)))
    assert isinstance(result, ResultsBody)
    assert result.body == b"[1, 2]"
    assert calls
    assert all(total is None for _done, total in calls)


def test_unknown_length_still_stops_at_the_cap() -> None:
    stream = Streamed(b"x" * CAP, b"x")
    server = Recorder(
        lambda request: httpx.Response(200, headers=[(b"content-length", b"lots")], stream=stream)
    )
    error = run_failing(server, settings=capped())
    assert isinstance(error, ResponseTooLargeError)
    assert error.size_bytes == CAP + 1
    assert stream.closed


# --- the size cap, to the byte ------------------------------------------------------------------


def test_declared_body_exactly_at_the_cap_is_accepted() -> None:
    body = b'"' + b"x" * (CAP - 2) + b'"'
    server = answer(200, body[:400], body[400:], headers={"content-length": str(CAP)})
    result = run_call(server, settings=capped())
    assert isinstance(result, ResultsBody)
    assert result.body == body


def test_declared_body_one_byte_over_the_cap_is_refused_unread() -> None:
    stream = Streamed(b"x" * (CAP + 1))
    server = Recorder(
        lambda request: httpx.Response(200, headers={"content-length": str(CAP + 1)}, stream=stream)
    )
    error = run_failing(server, settings=capped())
    assert isinstance(error, ResponseTooLargeError)
    assert (error.size_bytes, error.limit_bytes) == (CAP + 1, CAP)
    assert f"Content-Length: {CAP + 1}" in error.detail
    assert stream.closed


def test_undeclared_body_exactly_at_the_cap_is_accepted() -> None:
    body = b"[" + b" " * (CAP - 3) + b"1]"
    assert len(body) == CAP
    result = run_call(answer(200, body[:333], body[333:700], body[700:]), settings=capped())
    assert isinstance(result, ResultsBody)
    assert result.body == body


def test_undeclared_body_one_byte_over_the_cap_is_refused() -> None:
    error = run_failing(answer(200, b"x" * CAP, b"x"), settings=capped())
    assert isinstance(error, ResponseTooLargeError)
    assert error.size_bytes == CAP + 1
    assert f"Stopped reading after {CAP + 1} bytes" in error.detail


def test_gzip_body_that_decodes_to_exactly_the_cap_is_accepted() -> None:
    body = b"[" + b" " * (CAP - 2) + b"]"
    gz = gzip.compress(body)
    server = answer(200, gz[:10], gz[10:], headers={"content-encoding": "gzip"})
    result = run_call(server, settings=capped())
    assert isinstance(result, ResultsBody)
    assert result.body == body


def test_gzip_body_that_decodes_to_one_byte_over_the_cap_is_refused() -> None:
    gz = gzip.compress(b"[" + b" " * (CAP - 1) + b"]")
    server = answer(200, gz, headers={"content-encoding": "gzip"})
    error = run_failing(server, settings=capped())
    assert isinstance(error, ResponseTooLargeError)
    assert error.size_bytes == CAP + 1


# --- compressed bodies that swell ---------------------------------------------------------------

SWELLS_TO = 64 << 20  # 64 MiB of zeros: about 64 KB compressed
MIB = 1 << 20


def _compressed(encoding: str) -> bytes:
    zeros = bytes(SWELLS_TO)
    if encoding == "gzip":
        return gzip.compress(zeros, 9)
    if encoding == "deflate":
        return zlib.compress(zeros, 9)
    raw = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)  # deflate without the wrapper
    return raw.compress(zeros) + raw.flush()


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw deflate"])
def test_compressed_body_that_swells_past_the_cap_is_refused_without_inflating_it(
    encoding: str,
) -> None:
    compressed = _compressed(encoding)
    assert len(compressed) < SWELLS_TO // 500
    stream = Streamed(compressed)  # one chunk, as a fast network hands it over
    header = "deflate" if "deflate" in encoding else encoding
    server = Recorder(
        lambda request: httpx.Response(200, headers={"content-encoding": header}, stream=stream)
    )
    tracemalloc.start()
    try:
        error = run_failing(server, settings=capped(MIB))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(error, ResponseTooLargeError)
    assert error.title == "The result is too large to open"
    # It stopped within one decoded piece of the cap, and memory stayed near the cap
    # (inflating the whole body first peaked at 141 MB here).
    assert MIB < error.size_bytes <= MIB + PIECE_BYTES
    assert peak < 8 * MIB, f"peak {peak / MIB:.1f} MiB"
    assert stream.closed


def test_streaming_to_a_file_hands_over_bounded_pieces_of_a_swelling_body() -> None:
    compressed = gzip.compress(bytes(8 * MIB), 9)
    server = answer(200, compressed, headers={"content-encoding": "gzip"})
    sizes: list[int] = []

    async def go() -> int:
        async with VodyClient(BASE, KEY, transport=httpx.MockTransport(server)) as client:
            streamed = await client.results_to_sink(IID, lambda piece: sizes.append(len(piece)))
            return streamed.size_bytes

    assert asyncio.run(go()) == 8 * MIB
    assert sum(sizes) == 8 * MIB
    assert max(sizes) <= PIECE_BYTES


def test_damaged_streamed_gzip_is_reported_as_unpackable() -> None:
    good = gzip.compress(b"[1, 2, 3]" * 100)
    server = answer(200, good[:20], b"\x00garbage" * 4, headers={"content-encoding": "gzip"})
    error = run_failing(server)
    assert isinstance(error, InvalidResponseError)
    assert error.title == "The server's answer could not be unpacked"


def test_only_encodings_decoded_in_bounded_pieces_are_asked_for() -> None:
    server = answer(200, b"[]")
    run_call(server)
    assert server.requests[0].headers["accept-encoding"] == "gzip, deflate"


# --- one deadline for the whole request, over every redirect hop -------------------------------


def test_one_deadline_covers_every_redirect_hop() -> None:
    deadline = 0.3
    hop = 0.6 * deadline  # each hop is within the deadline; two together are not

    async def handler(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(hop)  # never shorter than asked, so the sum always passes it
        if request.url.path.endswith("/results"):
            return httpx.Response(307, headers={"location": "/hop-2"})
        if request.url.path == "/hop-2":
            return httpx.Response(307, headers={"location": "/hop-3"})
        return httpx.Response(200, content=b"[1]")

    server = Recorder(handler)
    error = run_failing(server, settings=ClientSettings(deadline_s=deadline))
    assert isinstance(error, RequestTimeoutError)
    assert f"overall limit of {deadline:g} seconds" in error.detail
    # The time ran out during the second hop: the third was never asked for, although a
    # deadline per hop would have let all three through.
    assert [r.url.path for r in server.requests] == [f"/inference/{IID}/results", "/hop-2"]


# --- redirects of the status call -----------------------------------------------------------------


def test_status_follows_a_same_origin_redirect_with_the_key() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/v2/"):
            return httpx.Response(200, stream=Streamed(STATUS_BODY.encode()))
        return httpx.Response(308, headers={"location": f"/v2{request.url.path}"})

    server = Recorder(handler)
    status = run_call(server, "status")
    assert isinstance(status, InferenceStatus)
    assert status.status == "completed"
    assert [str(r.url) for r in server.requests] == [
        STATUS_URL,
        f"{BASE}/v2/inference/{IID}/status",
    ]
    assert [r.headers["x-vody-api-key"] for r in server.requests] == [KEY, KEY]


@pytest.mark.parametrize(
    "location",
    [
        "https://elsewhere.example.com/inference/status",
        "http://prod-api.vody.com/inference/status",  # same host, no TLS: another origin
        "https://prod-api.vody.com:8443/inference/status",
        f"//elsewhere.example.com/{KEY}",
    ],
)
def test_status_refuses_a_cross_origin_redirect_and_never_sends_the_key(location: str) -> None:
    seen_elsewhere: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if str(request.url).startswith(BASE + "/"):
            return httpx.Response(302, headers={"location": location})
        seen_elsewhere.append(request)
        return httpx.Response(200, stream=Streamed(STATUS_BODY.encode()))

    server = Recorder(handler)
    error = run_failing(server, "status")
    assert isinstance(error, RedirectError)
    assert "the API key was not sent there" in error.advice
    assert [str(r.url) for r in server.requests] == [STATUS_URL]
    assert seen_elsewhere == []
    assert_key_absent(error)


def test_status_larger_than_the_cap_says_it_is_the_status() -> None:
    error = run_failing(answer(200, b" " * (CAP + 1)), "status", settings=capped())
    assert isinstance(error, ResponseTooLargeError)
    assert error.title == "The status answer was too large to read"
    assert "result" not in error.title.lower()


def test_layered_encodings_are_undone_in_reverse_order_in_bounded_pieces() -> None:
    body = json.dumps([{"n": n, "pad": "x" * 50} for n in range(20_000)]).encode()
    layered = gzip.compress(zlib.compress(body))  # deflate first, then gzip
    server = answer(
        200, layered[:1000], layered[1000:], headers={"content-encoding": "deflate, gzip"}
    )
    pieces: list[int] = []

    async def go() -> None:
        async with VodyClient(BASE, KEY, transport=httpx.MockTransport(server)) as client:
            await client.results_to_sink(IID, lambda piece: pieces.append(len(piece)))

    asyncio.run(go())
    assert sum(pieces) == len(body)
    assert max(pieces) <= PIECE_BYTES
    result = run_call(
        answer(200, layered, headers={"content-encoding": "deflate, gzip"}),
        settings=capped(len(body)),
    )
    assert isinstance(result, ResultsBody)
    assert result.body == body
