"""Each fault inference misbehaves as documented, seen through httpx."""

from __future__ import annotations

import email.utils
import gzip
import json
import math
import time

import httpx
import pytest

from tests.sandbox.helpers import served_bytes
from vody_desktop.sandbox import catalogue as cat


def results(client: httpx.Client, inference_id: str) -> httpx.Response:
    return client.get(f"/inference/{inference_id}/results")


def test_slow_answers_after_the_delay(client: httpx.Client) -> None:
    started = time.monotonic()
    response = results(client, cat.SLOW_ID)
    assert time.monotonic() - started >= 0.9  # --slow-seconds 1; a lower bound, never a race
    assert response.status_code == 200
    assert response.content == served_bytes(client, cat.SLOW_ID)


def test_slow_trips_a_short_read_timeout(client: httpx.Client) -> None:
    with pytest.raises(httpx.ReadTimeout):
        client.get(f"/inference/{cat.SLOW_ID}/results", timeout=0.3)


def test_drip_sends_one_byte_a_second_in_separate_pieces(client: httpx.Client) -> None:
    # Each piece the server sends is one HTTP chunk, and httpx hands chunks over one by one
    # even when several arrive together; so this sees the pieces whatever the timing. The
    # server waits a second before each byte, so three take at least three seconds from the
    # request (a lower bound: a busy machine only makes it longer).
    chunks: list[bytes] = []
    requested = time.monotonic()
    with client.stream("GET", f"/inference/{cat.DRIP_ID}/results") as response:
        assert response.status_code == 200
        assert "content-length" not in response.headers
        assert response.headers["transfer-encoding"] == "chunked"
        for chunk in response.iter_raw():
            chunks.append(chunk)
            if len(chunks) == 4:
                break
    assert chunks == [b'{"drip": "', b".", b".", b"."]  # still going: no closing '"}' yet
    assert time.monotonic() - requested >= 2.9
    # The server is still fine after the client walked away.
    assert results(client, cat.COLOR_RESULTS_ID).status_code == 200


@pytest.mark.parametrize("endpoint", ["results", "status"])
def test_server_error(client: httpx.Client, endpoint: str) -> None:
    response = client.get(f"/inference/{cat.SERVER_ERROR_ID}/{endpoint}")
    assert response.status_code == 500
    assert response.json() == {"detail": "Internal server error"}


@pytest.mark.parametrize("endpoint", ["results", "status"])
def test_bad_gateway_is_an_html_page(client: httpx.Client, endpoint: str) -> None:
    response = client.get(f"/inference/{cat.BAD_GATEWAY_HTML_ID}/{endpoint}")
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert b"<h1>502 Bad Gateway</h1>" in response.content


@pytest.mark.parametrize("endpoint", ["results", "status"])
def test_unavailable_has_retry_after_seconds(client: httpx.Client, endpoint: str) -> None:
    response = client.get(f"/inference/{cat.UNAVAILABLE_ID}/{endpoint}")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "2"  # --retry-after-seconds 2
    assert "message" in response.json()


@pytest.mark.parametrize("endpoint", ["results", "status"])
def test_rate_limited_with_an_http_date(client: httpx.Client, endpoint: str) -> None:
    before = time.time()
    response = client.get(f"/inference/{cat.RATE_LIMITED_DATE_ID}/{endpoint}")
    after = time.time()
    assert response.status_code == 429
    header = response.headers["retry-after"]
    assert header.endswith(" GMT")
    when = email.utils.parsedate_to_datetime(header).timestamp()
    sent = email.utils.parsedate_to_datetime(response.headers["date"]).timestamp()
    # --retry-after-seconds 2 after the moment the server answered; HTTP dates are whole
    # seconds, so that moment is bracketed by the clock read before and after the request.
    assert when >= sent + 2
    assert math.floor(before) + 2 <= when <= after + 2


def test_dropped_connection_leaves_the_body_incomplete(client: httpx.Client) -> None:
    with pytest.raises(httpx.RemoteProtocolError, match=r"incomplete|peer closed"):
        results(client, cat.DROPPED_ID)


def test_dropped_connection_sends_headers_and_part_of_the_body(client: httpx.Client) -> None:
    received = bytearray()

    def read_all(response: httpx.Response) -> None:
        for chunk in response.iter_raw():
            received.extend(chunk)

    with client.stream("GET", f"/inference/{cat.DROPPED_ID}/results") as response:
        assert response.status_code == 200
        promised = int(response.headers["content-length"])
        with pytest.raises(httpx.RemoteProtocolError):
            read_all(response)
    assert 0 < len(received) < promised


def test_truncated_json_is_a_complete_response(client: httpx.Client) -> None:
    response = results(client, cat.TRUNCATED_ID)
    assert response.status_code == 200
    assert response.content == served_bytes(client, cat.TRUNCATED_ID)
    assert served_bytes(client, cat.COLOR_RESULTS_ID).startswith(response.content)
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)


def test_invalid_utf8(client: httpx.Client) -> None:
    response = results(client, cat.INVALID_UTF8_ID)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.content == cat.results_bytes(cat.INVALID_UTF8_ID)
    with pytest.raises(UnicodeDecodeError):
        response.content.decode("utf-8")


def test_html_with_200(client: httpx.Client) -> None:
    response = results(client, cat.HTML_200_ID)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.content.startswith(b"<!DOCTYPE html>")


def test_gzip_body_decodes_to_json(client: httpx.Client) -> None:
    with client.stream("GET", f"/inference/{cat.GZIP_ID}/results") as response:
        raw = b"".join(response.iter_raw())
    assert response.headers["content-encoding"] == "gzip"
    assert gzip.decompress(raw) == served_bytes(client, cat.GZIP_ID)
    decoded = results(client, cat.GZIP_ID)
    assert decoded.content == served_bytes(client, cat.GZIP_ID)
    assert decoded.json()["note"].startswith("This body was sent with Content-Encoding: gzip")


def test_empty_body(client: httpx.Client) -> None:
    response = results(client, cat.EMPTY_BODY_ID)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["content-length"] == "0"
    assert response.content == b""


@pytest.mark.parametrize(
    "inference_id",
    [cat.SLOW_ID, cat.DRIP_ID, cat.DROPPED_ID, cat.TRUNCATED_ID, cat.GZIP_ID, cat.REDIRECT_ID],
)
def test_body_faults_have_a_normal_status(client: httpx.Client, inference_id: str) -> None:
    response = client.get(f"/inference/{inference_id}/status")
    assert response.status_code == 200
    assert response.json()["status"] == "completed"


def test_faults_still_need_a_key(anonymous: httpx.Client) -> None:
    assert anonymous.get(f"/inference/{cat.SERVER_ERROR_ID}/results").status_code == 401
