"""What a person sees when the server answers with an error, or the network fails.

And, in every case, that the API key appears nowhere in what they (or a log) see.
"""

from __future__ import annotations

import json
import socket
import ssl
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from tests.unit.helpers import (
    KEY,
    RESULTS_URL,
    Recorder,
    assert_key_absent,
    chunks,
    respond,
    run_failing,
)
from vody_desktop.api.errors import (
    ApiError,
    AuthenticationError,
    CannotResolveHostError,
    ConnectionDroppedError,
    InferenceFailedError,
    InferenceNotFoundError,
    InferenceNotReadyError,
    InvalidResponseError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitedError,
    RequestTimeoutError,
    ServerError,
    ServerUnreachableError,
    TlsError,
    UnexpectedStatusError,
)
from vody_desktop.errors import UserFacingError

JSON = {"content-type": "application/json"}

# --- HTTP status -> error ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status_code", "body", "error_type", "title", "advice_part"),
    [
        (
            401,
            {"message": "Missing API key"},
            AuthenticationError,
            "The API key is missing or has expired",
            "Enter your API key again",
        ),
        (
            403,
            {"message": "Forbidden"},
            PermissionDeniedError,
            "The API key was not accepted",
            "belongs to the environment you chose",
        ),
        (
            404,
            {"message": "Inference not found"},
            InferenceNotFoundError,
            "No inference was found with this ID",
            "an ID from Production will not be found in Development",
        ),
        (408, {}, RequestTimeoutError, "The server took too long to answer", "try again"),
        (
            409,
            {"message": "Inference is still in progress", "status": "in_progress"},
            InferenceNotReadyError,
            "This inference is still running",
            "Try again in a moment",
        ),
        (
            413,
            {},
            PayloadTooLargeError,
            "The server says this result is too large to send",
            "support ticket",
        ),
        (
            400,
            {"message": "Invalid inference ID"},
            UnexpectedStatusError,
            "The server did not accept the request",
            "The server said: “Invalid inference ID”. Check the inference ID",
        ),
        (
            418,
            {"error": "I'm a teapot"},
            UnexpectedStatusError,
            "The server gave an unexpected answer",
            "The server said: “I'm a teapot”",
        ),
        (
            500,
            {"message": "boom"},
            ServerError,
            "The Vody server had a problem",
            "not caused by anything you did",
        ),
        (504, {}, ServerError, "The server took too long to answer", "Try again in a few minutes"),
    ],
)
def test_status_codes_map_to_plain_errors(
    status_code: int,
    body: dict[str, str],
    error_type: type[ApiError],
    title: str,
    advice_part: str,
) -> None:
    error = run_failing(respond(status_code, json.dumps(body), JSON))
    assert type(error) is error_type
    assert isinstance(error, UserFacingError)
    assert error.title == title
    assert str(error) == title
    assert advice_part in error.advice
    assert error.status_code == status_code
    assert f"GET {RESULTS_URL}" in error.detail
    assert f"HTTP {status_code}" in error.detail


def test_409_carries_the_inference_status() -> None:
    body = {"message": "Inference is still in progress", "status": "queued"}
    error = run_failing(respond(409, json.dumps(body), JSON))
    assert isinstance(error, InferenceNotReadyError)
    assert error.inference_status == "queued"
    assert "Server message: Inference is still in progress" in error.detail


def test_409_without_body_assumes_in_progress() -> None:
    error = run_failing(respond(409))
    assert isinstance(error, InferenceNotReadyError)
    assert error.inference_status == "in_progress"


def test_422_shows_the_reason_the_inference_failed() -> None:
    body = {"message": "Inference failed: image could not be downloaded", "status": "failed"}
    error = run_failing(respond(422, json.dumps(body), JSON))
    assert isinstance(error, InferenceFailedError)
    assert error.title == "This inference failed"
    # The title says it failed; the advice gives the reason without repeating that.
    assert error.advice.startswith("The reason given: “image could not be downloaded”.")
    assert "failed" not in error.advice.lower()
    assert error.server_message == "Inference failed: image could not be downloaded"


def test_429_with_retry_after_in_seconds() -> None:
    error = run_failing(respond(429, '{"message": "Rate limit exceeded"}', {"retry-after": "30"}))
    assert isinstance(error, RateLimitedError)
    assert error.title == "Too many requests were sent with this API key"
    assert error.advice == "You can try again in about 30 seconds."
    assert error.retry_after_s == 30.0


def test_429_with_retry_after_as_http_date() -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=120), usegmt=True)
    error = run_failing(respond(429, b"", {"retry-after": when}))
    assert isinstance(error, RateLimitedError)
    assert error.retry_after_s is not None
    assert 100 < error.retry_after_s <= 120
    assert error.advice == "You can try again in about 2 minutes."


def test_429_without_retry_after() -> None:
    error = run_failing(respond(429))
    assert isinstance(error, RateLimitedError)
    assert error.retry_after_s is None
    assert error.advice == "You can try again in a minute."


def test_503_carries_retry_after() -> None:
    error = run_failing(respond(503, b"", {"retry-after": "120"}))
    assert isinstance(error, ServerError)
    assert error.title == "The Vody service is unavailable for the moment"
    assert error.retry_after_s == 120.0
    assert "You can try again in about 2 minutes." in error.advice


def test_html_502_page_from_a_proxy() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title>"
        "<style>body{color:red}</style></head>"
        "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"
    )
    headers = {"content-type": "text/html", "x-request-id": "req-77", "cf-ray": "8a1b-AMS"}
    error = run_failing(respond(502, page, headers))
    assert isinstance(error, ServerError)
    assert error.title == "The Vody service had a temporary problem"
    assert "proxy" not in error.title + error.advice  # the proxy belongs in the details
    assert "proxy or load balancer" in error.detail
    assert "not caused by anything you did" in error.advice
    assert "Page title: 502 Bad Gateway" in error.detail
    assert "x-request-id: req-77" in error.detail
    assert "cf-ray: 8a1b-AMS" in error.detail
    assert "color:red" not in error.detail
    assert "<h1>" not in error.detail


def test_error_detail_has_a_bounded_snippet_of_the_body() -> None:
    body = json.dumps({"message": "m", "junk": "z" * 5000})
    headers = {"x-amzn-requestid": "amz-1", **JSON}
    error = run_failing(respond(500, body, headers))
    assert "x-amzn-requestid: amz-1" in error.detail
    assert "Response body (start):" in error.detail
    assert len(error.detail) < 1500


def test_empty_error_body_is_said_plainly() -> None:
    error = run_failing(respond(500))
    assert "Response body: (empty)" in error.detail


def test_error_body_list_of_messages() -> None:
    body = {"errors": [{"message": "id is malformed"}, {"message": "id too short"}]}
    error = run_failing(respond(400, json.dumps(body), JSON))
    assert "The server said: “id is malformed; id too short”" in error.advice


def test_error_body_cut_off_still_gives_the_status_error() -> None:
    server = Recorder(
        lambda request: httpx.Response(
            404, content=chunks([b'{"message": "Inf'], then=httpx.ReadError("reset"))
        )
    )
    error = run_failing(server)
    assert isinstance(error, InferenceNotFoundError)


# --- the key never shows -------------------------------------------------------------------------


@pytest.mark.parametrize("status_code", [400, 401, 403, 404, 409, 413, 418, 422, 429, 500, 503])
def test_key_echoed_by_the_server_never_reaches_the_person(status_code: int) -> None:
    body = {
        "message": f"Key {KEY} is not valid here",
        "detail": f"x-vody-api-key: {KEY.upper()}",
        "status": KEY,
    }
    headers = {"x-request-id": f"req-{KEY}", **JSON}
    error = run_failing(respond(status_code, json.dumps(body), headers))
    assert_key_absent(error)
    assert "[redacted]" in error.detail


def test_key_in_an_html_page_and_at_the_snippet_boundary_never_shows() -> None:
    page = f"<html><title>Denied {KEY}</title><body>{'a' * 480}{KEY}</body></html>"
    error = run_failing(respond(502, page, {"content-type": "text/html"}))
    assert_key_absent(error)


def test_key_at_the_edge_of_a_long_message_never_shows_in_part() -> None:
    body = {"message": "m" * 290 + KEY}
    error = run_failing(respond(422, json.dumps(body), JSON))
    assert isinstance(error, InferenceFailedError)
    assert_key_absent(error)


def test_key_echoed_in_a_plain_text_error_never_shows() -> None:
    error = run_failing(respond(403, f"bad key {KEY}", {"content-type": "text/plain"}))
    assert_key_absent(error)
    assert error.title == "The API key was not accepted"


def test_key_echoed_in_a_non_json_status_body_never_shows() -> None:
    error = run_failing(respond(200, f"hello {KEY}", {"content-type": "text/plain"}), "status")
    assert isinstance(error, InvalidResponseError)
    assert_key_absent(error)


# --- network failures ------------------------------------------------------------------------


def _raising(exc: Exception) -> Recorder:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    return Recorder(handler)


def _chained(outer: httpx.HTTPError, cause: BaseException) -> httpx.HTTPError:
    outer.__cause__ = cause
    return outer


@pytest.mark.parametrize(
    "exc",
    [
        httpx.ConnectError("[Errno -2] Name or service not known"),
        httpx.ConnectError("[Errno 8] nodename nor servname provided, or not known"),
        httpx.ConnectError("[Errno 11001] getaddrinfo failed"),
        httpx.ConnectError("[Errno -3] Temporary failure in name resolution"),
        _chained(httpx.ConnectError("lookup failed"), socket.gaierror(-2, "Name unknown")),
    ],
)
def test_dns_failure_says_check_the_address(exc: httpx.HTTPError) -> None:
    error = run_failing(_raising(exc))
    assert isinstance(error, CannotResolveHostError)
    assert error.title == "The server address could not be found"
    # The address is worth checking only when the person typed it.
    assert "address" not in error.advice
    assert "VPN" in error.advice
    custom = error.advice_for(custom_address=True)
    assert "Check the server address you entered and your network connection" in custom
    assert "prod-api.vody.com" in error.detail


@pytest.mark.parametrize(
    "exc",
    [
        httpx.ConnectError("[Errno 111] Connection refused"),
        httpx.ConnectError(
            "[WinError 10061] No connection could be made because the target machine "
            "actively refused it"
        ),
        _chained(
            httpx.ConnectError("All connection attempts failed"),
            ConnectionRefusedError(111, "Connect call failed"),
        ),
    ],
)
def test_refused_connection_says_the_server_may_be_down(exc: httpx.HTTPError) -> None:
    error = run_failing(_raising(exc))
    assert isinstance(error, ServerUnreachableError)
    assert error.title == "The server refused the connection"
    assert "The server may be down" in error.advice


def test_unreachable_network() -> None:
    error = run_failing(_raising(httpx.ConnectError("[Errno 101] Network is unreachable")))
    assert isinstance(error, ServerUnreachableError)
    assert error.title == "The server could not be reached"
    assert "Check your network connection" in error.advice


@pytest.mark.parametrize(
    "exc",
    [
        httpx.ConnectError(
            "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local "
            "issuer certificate (_ssl.c:1006)"
        ),
        _chained(
            httpx.ConnectError("handshake failed"),
            ssl.SSLCertVerificationError(1, "certificate verify failed"),
        ),
    ],
)
def test_certificate_failure_mentions_proxy_and_never_disabling_checks(
    exc: httpx.HTTPError,
) -> None:
    error = run_failing(_raising(exc))
    assert isinstance(error, TlsError)
    assert error.title == "The server's security certificate could not be verified"
    assert "proxy" in error.advice
    assert "address" in error.advice
    for text in (error.title, error.advice):
        assert "disable" not in text.lower()
        assert "turn off" not in text.lower()
        assert "ignore" not in text.lower()


def test_other_tls_failure() -> None:
    exc = httpx.ConnectError("[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)")
    error = run_failing(_raising(exc))
    assert isinstance(error, TlsError)
    assert error.title == "A secure connection to the server could not be set up"


@pytest.mark.parametrize(
    ("exc", "title"),
    [
        (httpx.ConnectTimeout("timed out"), "The server did not respond"),
        (httpx.ReadTimeout("timed out"), "The server stopped answering"),
        (httpx.PoolTimeout("timed out"), "The server took too long to answer"),
    ],
)
def test_httpx_timeouts(exc: httpx.HTTPError, title: str) -> None:
    error = run_failing(_raising(exc))
    assert isinstance(error, RequestTimeoutError)
    assert error.title == title
    assert "httpx." in error.detail


def test_proxy_failure() -> None:
    error = run_failing(_raising(httpx.ProxyError("407 Proxy Authentication Required")))
    assert isinstance(error, ServerUnreachableError)
    assert error.title == "Could not connect through the network proxy"


def test_server_closing_before_answering() -> None:
    exc = httpx.RemoteProtocolError("Server disconnected without sending a response.")
    error = run_failing(_raising(exc))
    assert isinstance(error, ConnectionDroppedError)
    assert error.title == "The server closed the connection without answering"


@pytest.mark.parametrize(
    "exc",
    [
        httpx.RemoteProtocolError(
            "peer closed connection without sending complete message body (incomplete chunked read)"
        ),
        httpx.ReadError("[Errno 104] Connection reset by peer"),
    ],
)
def test_connection_dropped_mid_body(exc: httpx.HTTPError) -> None:
    server = Recorder(
        lambda request: httpx.Response(200, content=chunks([b'[{"a": 1},'], then=exc))
    )
    error = run_failing(server)
    assert isinstance(error, ConnectionDroppedError)
    assert error.title == "The connection was cut off before the answer was complete"
    # Not only the person's network: the server or a proxy may have stopped part way.
    assert "unsteady network" in error.advice
    assert "server or a proxy" in error.advice


def test_damaged_gzip_body() -> None:
    headers = {"content-encoding": "gzip"}
    error = run_failing(respond(200, b"definitely not gzip", headers))
    assert isinstance(error, InvalidResponseError)
    assert error.title == "The server's answer could not be unpacked"
