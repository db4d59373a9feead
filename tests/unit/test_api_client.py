"""VodyClient against httpx.MockTransport: what the server receives and what the caller gets."""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import time
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
    chunks,
    respond,
    run_call,
    run_failing,
)
from vody_desktop import __version__
from vody_desktop.api.client import ClientSettings, VodyClient
from vody_desktop.api.errors import (
    EmptyResponseError,
    InsecureBaseUrlError,
    InvalidApiKeyError,
    InvalidBaseUrlError,
    InvalidResponseError,
    MissingApiKeyError,
    RedirectError,
    RequestTimeoutError,
    ResponseTooLargeError,
)
from vody_desktop.api.examples import STATUS_EXAMPLE
from vody_desktop.api.ids import InvalidInferenceIdError
from vody_desktop.api.models import InferenceStatus, ResultsBody

STATUS_BODY = {**STATUS_EXAMPLE, "id": IID}


# --- requests as the server sees them ------------------------------------------------------------


def test_status_request_carries_key_accept_and_user_agent() -> None:
    server = respond(200, json.dumps(STATUS_BODY), {"content-type": "application/json"})
    run_call(server, "status")
    [request] = server.requests
    assert request.method == "GET"
    assert str(request.url) == STATUS_URL
    assert request.headers["x-vody-api-key"] == KEY
    assert request.headers["accept"] == "application/json"
    assert request.headers["user-agent"] == f"VodyDesktop/{__version__}"
    assert "authorization" not in request.headers


def test_results_request_uses_the_canonical_id_from_a_pasted_url() -> None:
    server = respond(200, b"[]")
    run_call(server, inference_id=f" https://app.vody.com/inference/{IID.upper()}/results ")
    [request] = server.requests
    assert str(request.url) == RESULTS_URL


def test_key_is_trimmed_and_base_url_normalised() -> None:
    server = respond(200, b"{}")

    async def go() -> None:
        transport = httpx.MockTransport(server)
        async with VodyClient(f" {BASE}/ ", f"  {KEY}\n", transport=transport) as client:
            assert client.base_url == BASE
            await client.results(IID)

    asyncio.run(go())
    assert server.requests[0].headers["x-vody-api-key"] == KEY


def test_client_repr_hides_the_key() -> None:
    async def go() -> str:
        async with VodyClient(BASE, KEY, transport=httpx.MockTransport(respond())) as client:
            return repr(client)

    shown = asyncio.run(go())
    assert KEY not in shown
    assert "hidden" in shown


def test_logs_never_hold_the_key(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    run_call(respond(200, b"[]"))
    run_failing(respond(403, json.dumps({"message": f"bad key {KEY}"})))
    assert caplog.records, "expected debug logging of requests"
    assert KEY not in caplog.text


# --- checks before any request -------------------------------------------------------------------


@pytest.mark.parametrize("key", ["", "   ", "\n"])
def test_missing_key_is_refused_before_any_request(key: str) -> None:
    with pytest.raises(MissingApiKeyError) as info:
        VodyClient(BASE, key, transport=httpx.MockTransport(respond()))
    assert info.value.title == "Enter your API key"


def test_key_with_line_break_inside_is_refused() -> None:
    with pytest.raises(InvalidApiKeyError) as info:
        VodyClient(BASE, "1234\nabcd", transport=httpx.MockTransport(respond()))
    assert "characters that cannot be part of a key" in info.value.title
    assert "1234" not in info.value.detail


def test_bad_base_urls_are_refused_by_the_constructor() -> None:
    with pytest.raises(InsecureBaseUrlError):
        VodyClient("http://prod-api.vody.com", KEY)
    with pytest.raises(InvalidBaseUrlError):
        VodyClient("ftp://prod-api.vody.com", KEY)


def test_plain_http_to_loopback_is_allowed() -> None:
    server = respond(200, b"[1]")
    result = run_call(server, base_url="http://127.0.0.1:8000")
    assert isinstance(result, ResultsBody)
    assert str(server.requests[0].url).startswith("http://127.0.0.1:8000/inference/")


@pytest.mark.parametrize("call", ["status", "results"])
def test_invalid_id_is_refused_before_any_request(call: str) -> None:
    server = respond(200, b"{}")
    error = run_failing(server, call, inference_id="not an id")
    assert isinstance(error, InvalidInferenceIdError)
    assert error.title == "No inference ID was found in what you entered"
    assert server.requests == []


def test_the_key_pasted_as_id_is_never_put_into_a_url() -> None:
    server = respond(200, b"{}")
    error = run_failing(server, "results", inference_id=KEY)
    assert isinstance(error, InvalidInferenceIdError)
    assert error.title == "This looks like your API key, not an inference ID"
    assert server.requests == []
    assert_key_absent(error)


# --- status ------------------------------------------------------------------------------------


def test_status_is_parsed_from_the_reference_example() -> None:
    status = run_call(respond(200, json.dumps(STATUS_BODY)), "status")
    assert isinstance(status, InferenceStatus)
    assert status.status == "completed"
    assert status.request_item_count == 2
    assert status.response_time_s == pytest.approx(2.613686)


def test_status_with_odd_fields_still_comes_back() -> None:
    body = {"status": None, "request_item_count": "many", "created_at": 12, "extra": [1]}
    status = run_call(respond(200, json.dumps(body)), "status")
    assert isinstance(status, InferenceStatus)
    assert status.inference_id == IID
    assert status.status == "unknown"
    assert status.request_item_count is None


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"not json at all", "text/plain"),
        (b"[1, 2, 3]", "application/json"),
        (b'"completed"', "application/json"),
        (b"<html><title>Login</title></html>", "text/html"),
        (b"", "application/json"),
        (b"[" * 100_000 + b"]" * 100_000, "application/json"),
    ],
)
def test_status_that_is_not_a_json_object_is_reported(body: bytes, content_type: str) -> None:
    error = run_failing(respond(200, body, {"content-type": content_type}), "status")
    assert isinstance(error, InvalidResponseError)
    assert error.title == "The server's answer could not be read"
    assert "Expected a JSON object" in error.detail
    assert STATUS_URL in error.detail


# --- results -----------------------------------------------------------------------------------


def test_results_are_returned_as_raw_bytes() -> None:
    body = b'[{"hex": "#FE2934"}, 1e999, "not validated here"]'
    before = time.monotonic()
    result = run_call(respond(200, body, {"content-type": "application/json"}))
    took = time.monotonic() - before
    assert isinstance(result, ResultsBody)
    assert result.body == body
    assert result.content_type == "application/json"
    assert result.status_code == 200
    assert result.url == RESULTS_URL
    assert 0 <= result.elapsed_s <= took  # the request's own duration, not a clock reading
    assert KEY not in result.url


def test_gzip_results_are_decoded() -> None:
    body = json.dumps([{"n": i} for i in range(1000)]).encode()
    headers = {"content-encoding": "gzip", "content-type": "application/json"}
    result = run_call(respond(200, gzip.compress(body), headers))
    assert isinstance(result, ResultsBody)
    assert result.body == body


@pytest.mark.parametrize(("status_code", "body"), [(200, b""), (200, b"  \n"), (204, b"")])
def test_empty_results_are_reported(status_code: int, body: bytes) -> None:
    error = run_failing(respond(status_code, body))
    assert isinstance(error, EmptyResponseError)
    # "blank", not "empty result": a valid {} or [] is an empty result, this is no answer.
    assert error.title == "The server's answer was blank"
    assert "empty" in error.detail


def test_progress_reports_bytes_and_content_length() -> None:
    calls: list[tuple[int, int | None]] = []
    server = Recorder(
        lambda request: httpx.Response(
            200, headers={"content-length": "7"}, content=chunks([b"abc", b"defg"])
        )
    )
    result = run_call(server, on_progress=lambda done, total: calls.append((done, total)))
    assert isinstance(result, ResultsBody)
    assert result.body == b"abcdefg"
    assert calls == [(0, 7), (3, 7), (7, 7)]


def test_progress_without_content_length_has_no_total() -> None:
    calls: list[tuple[int, int | None]] = []
    server = Recorder(lambda request: httpx.Response(200, content=chunks([b"ab", b"cd"])))
    run_call(server, on_progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, None), (2, None), (4, None)]


# --- size cap ----------------------------------------------------------------------------------


class _Body(httpx.AsyncByteStream):
    """A body that records whether anyone read it and whether it was closed."""

    def __init__(self, parts: list[bytes]) -> None:
        self.parts = parts
        self.read = False
        self.closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        self.read = True
        for part in self.parts:
            yield part
            await asyncio.sleep(0)

    async def aclose(self) -> None:
        self.closed = True


def test_declared_size_over_the_cap_is_refused_without_reading() -> None:
    stream = _Body([b"x" * 2000])
    server = Recorder(
        lambda request: httpx.Response(200, headers={"content-length": "2000"}, stream=stream)
    )
    error = run_failing(server, settings=ClientSettings(max_body_bytes=1000))
    assert isinstance(error, ResponseTooLargeError)
    assert error.title == "The result is too large to open"
    assert "It is 2.0 KB, and this app opens results of up to 1000 bytes" in error.advice
    assert (error.size_bytes, error.limit_bytes) == (2000, 1000)
    assert "Content-Length: 2000" in error.detail
    assert not stream.read
    assert stream.closed


def test_streamed_size_over_the_cap_stops_reading() -> None:
    stream = _Body([b"x" * 600] * 10)
    server = Recorder(lambda request: httpx.Response(200, stream=stream))
    error = run_failing(server, settings=ClientSettings(max_body_bytes=1000))
    assert isinstance(error, ResponseTooLargeError)
    assert "It is more than 1000 bytes" in error.advice
    assert error.size_bytes == 1200
    assert "Stopped reading after 1200 bytes" in error.detail
    assert stream.closed


# --- redirects -----------------------------------------------------------------------------------


def test_same_origin_redirect_is_followed_with_the_key() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/v2/"):
            return httpx.Response(200, content=b"[42]")
        return httpx.Response(307, headers={"location": f"/v2{request.url.path}"})

    server = Recorder(handler)
    result = run_call(server)
    assert isinstance(result, ResultsBody)
    assert result.body == b"[42]"
    assert result.url == f"{BASE}/v2/inference/{IID}/results"
    assert [r.headers["x-vody-api-key"] for r in server.requests] == [KEY, KEY]


@pytest.mark.parametrize(
    ("location", "shown_origin"),
    [
        ("https://evil.example.com/steal?token=abc", "https://evil.example.com:443"),
        ("http://prod-api.vody.com/inference/x", "http://prod-api.vody.com:80"),
        ("https://prod-api.vody.com:8443/inference/x", "https://prod-api.vody.com:8443"),
        (f"//evil.example.com/{KEY}", "https://evil.example.com:443"),
    ],
)
def test_cross_origin_redirect_is_refused_and_the_key_stays_home(
    location: str, shown_origin: str
) -> None:
    server = Recorder(lambda request: httpx.Response(302, headers={"location": location}))
    error = run_failing(server)
    assert isinstance(error, RedirectError)
    assert error.title == "The server sent the request to a different address"
    assert "the API key was not sent there" in error.advice
    assert f"Redirected to origin: {shown_origin}" in error.detail
    assert "steal" not in error.detail
    assert "token" not in error.detail
    # Only the first request was made, to our own origin.
    assert [str(r.url) for r in server.requests] == [RESULTS_URL]
    assert_key_absent(error)


def test_endless_same_origin_redirects_stop_after_three_hops() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(301, headers={"location": request.url.path + "/x"})

    server = Recorder(handler)
    error = run_failing(server)
    assert isinstance(error, RedirectError)
    assert error.title == "The server kept sending the request elsewhere"
    assert len(server.requests) == 4


# --- time limits and cancellation ----------------------------------------------------------------


def test_server_that_never_answers_hits_the_overall_deadline() -> None:
    async def silent(request: httpx.Request) -> httpx.Response:
        await asyncio.Event().wait()  # never set: no answer, however long the test takes
        raise AssertionError("unreachable")

    error = run_failing(Recorder(silent), settings=ClientSettings(deadline_s=0.05))
    assert isinstance(error, RequestTimeoutError)
    assert error.title == "The server took too long to answer"
    assert "Check your network connection" in error.advice
    assert "0.05 seconds" in error.detail


def test_body_that_trickles_forever_hits_the_overall_deadline() -> None:
    async def trickle() -> AsyncIterator[bytes]:
        while True:
            yield b" "
            await asyncio.sleep(0.01)

    server = Recorder(lambda request: httpx.Response(200, content=trickle()))
    error = run_failing(server, settings=ClientSettings(deadline_s=0.1))
    assert isinstance(error, RequestTimeoutError)


def test_cancellation_propagates_and_closes_the_response() -> None:
    class _Endless(_Body):
        async def __aiter__(self) -> AsyncIterator[bytes]:
            yield b"["
            await asyncio.sleep(3600)

    stream = _Endless([])
    server = Recorder(lambda request: httpx.Response(200, stream=stream))

    async def go() -> None:
        started = asyncio.Event()
        async with VodyClient(BASE, KEY, transport=httpx.MockTransport(server)) as client:
            task = asyncio.create_task(
                client.results(IID, on_progress=lambda done, total: started.set())
            )
            await started.wait()  # the body has begun: the task is reading it
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

    asyncio.run(go())
    assert stream.closed
