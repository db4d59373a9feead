"""Turning httpx's transport exceptions (DNS, refused, TLS, timeouts, drops) into typed errors.

httpx reports DNS failures, refused connections and certificate problems all as `ConnectError`;
the underlying cause (socket.gaierror, ConnectionRefusedError, ssl.SSLCertVerificationError)
sits in the exception chain, and its text differs between Linux, macOS and Windows, so both are
checked.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from typing import TYPE_CHECKING

from vody_desktop.api.errors import (
    ApiError,
    CannotResolveHostError,
    ConnectionDroppedError,
    InvalidBaseUrlError,
    InvalidResponseError,
    RequestTimeoutError,
    ServerUnreachableError,
    TlsError,
)

if TYPE_CHECKING:  # imported with the first request (see api/client.py)
    import httpx

_DNS_HINTS = (
    "name or service not known",
    "nodename nor servname",
    "getaddrinfo failed",
    "temporary failure in name resolution",
    "no address associated with hostname",
    "name does not resolve",
    "name resolution",
    "[errno -2]",
    "[errno -3]",
    "[errno -5]",
    "[errno 8]",
    "[errno 11001]",
    "[errno 11004]",
)
_REFUSED_HINTS = (
    "connection refused",
    "actively refused",
    "[errno 111]",
    "[errno 61]",
    "[winerror 10061]",
    "all connection attempts failed",
)
_TLS_HINTS = ("certificate_verify_failed", "certificate verify failed", "[ssl")


def error_for_exception(
    exc: httpx.HTTPError, *, method: str, url: str, during_body: bool
) -> ApiError:
    """The typed error for an httpx failure; `during_body` is True once headers had arrived."""
    import httpx

    detail = _detail(exc, method, url)
    if isinstance(exc, httpx.TimeoutException):
        return _timeout(exc, detail)
    if isinstance(exc, httpx.ProxyError):
        return ServerUnreachableError(
            "Could not connect through the network proxy",
            "Check this computer's proxy settings, or ask your IT team for help.",
            detail,
        )
    if isinstance(exc, httpx.ConnectError):
        return _connect_error(exc, detail)
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        if during_body:
            return ConnectionDroppedError(detail=detail)
        return ConnectionDroppedError(
            "The server closed the connection without answering",
            "Try again. If it keeps happening, the server or a proxy in front of it may be "
            "having problems; copy the details into a support ticket.",
            detail,
        )
    if isinstance(exc, httpx.DecodingError):
        return InvalidResponseError(
            "The server's answer could not be unpacked",
            "It may have been damaged on the way. Try again.",
            detail,
        )
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return InvalidBaseUrlError(detail=detail)
    return ServerUnreachableError(
        "Something went wrong while talking to the server",
        "Check your network connection and try again. If it keeps happening, copy the details "
        "into a support ticket.",
        detail,
    )


def _timeout(exc: httpx.TimeoutException, detail: str) -> RequestTimeoutError:
    import httpx

    if isinstance(exc, httpx.ConnectTimeout):
        return RequestTimeoutError(
            "The server did not respond",
            "Check the server address and your network connection (and VPN, if you use one), "
            "then try again.",
            detail,
        )
    if isinstance(exc, httpx.ReadTimeout):
        return RequestTimeoutError("The server stopped answering", detail=detail)
    return RequestTimeoutError(detail=detail)


def _connect_error(exc: httpx.ConnectError, detail: str) -> ApiError:

    chain = list(_chain(exc))
    text = " ".join(str(e) for e in chain).lower()
    verify = next((e for e in chain if isinstance(e, ssl.SSLCertVerificationError)), None)
    if verify is not None or "certificate_verify_failed" in text:
        reason = getattr(verify, "verify_message", None)
        if reason:
            detail += f"\nCertificate problem: {reason}"
        return TlsError(detail=detail)
    if any(isinstance(e, ssl.SSLError) for e in chain) or any(h in text for h in _TLS_HINTS):
        return TlsError(
            "A secure connection to the server could not be set up",
            "Check the server address (it must be an https:// server). On a company network, "
            "ask your IT team for help.",
            detail,
        )
    if any(isinstance(e, socket.gaierror) for e in chain) or any(h in text for h in _DNS_HINTS):
        return CannotResolveHostError(detail=detail)
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or any(
        h in text for h in _REFUSED_HINTS
    ):
        return ServerUnreachableError(
            "The server refused the connection",
            "The server may be down, or the address or port may be wrong. Check the address "
            "and try again in a few minutes.",
            detail,
        )
    return ServerUnreachableError(detail=detail)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _detail(exc: httpx.HTTPError, method: str, url: str) -> str:
    """The request and each different error in the chain, outermost first.

    httpx wraps httpcore's exception, which wraps h11's, often with the same message: that
    message is shown once, under the outermost name.
    """
    lines = [f"{method} {url}"]
    messages: set[str] = set()
    for link in _chain(exc):
        message = str(link)
        if message and message in messages:
            continue
        messages.add(message)
        line = f"{type(link).__module__}.{type(link).__qualname__}: {message}".rstrip(": ")
        if line not in lines:
            lines.append(line)
    return "\n".join(lines)
