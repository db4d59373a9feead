"""Responses of the fault inferences: slow, trickling, broken and misleading answers.

Each fault has its own catalogue ID, so a client can be tested against it without switches.
"""

from __future__ import annotations

import asyncio
import gzip
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from email.utils import formatdate

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from vody_desktop.sandbox import generators as gen
from vody_desktop.sandbox.catalogue import Fault
from vody_desktop.sandbox.picture_paths import with_origin

JSON_TYPE = "application/json"


@dataclass(frozen=True)
class FaultSettings:
    """Timing of the faults, and where the redirect points."""

    slow_seconds: float
    drip_seconds: float
    retry_after_seconds: int
    redirect_port: int
    drip_interval: float = 1.0


async def wait_or_shutdown(shutdown: asyncio.Event, seconds: float) -> bool:
    """Sleep ``seconds``, returning early (True) if the server starts shutting down."""
    try:
        async with asyncio.timeout(seconds):
            await shutdown.wait()
    except TimeoutError:
        return False
    return True


class DroppedResponse(Response):
    """Promises ``len(body)`` bytes, sends part of them, then lets the connection close.

    Returning from the ASGI call without finishing the body makes uvicorn close the
    connection, so the client sees fewer bytes than Content-Length announced.
    """

    def __init__(self, body: bytes, sent: int) -> None:
        super().__init__(body, media_type=JSON_TYPE)
        self._sent = sent

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
        chunk = bytes(self.body[: self._sent])
        await send({"type": "http.response.body", "body": chunk, "more_body": True})


async def _drip(settings: FaultSettings, shutdown: asyncio.Event) -> AsyncIterator[bytes]:
    """A JSON string, one byte per interval, for ``drip_seconds`` (or until shutdown)."""
    yield b'{"drip": "'
    deadline = time.monotonic() + settings.drip_seconds
    while time.monotonic() < deadline:
        if await wait_or_shutdown(shutdown, settings.drip_interval):
            break
        yield b"."
    yield b'"}'


def _location(request: Request, port: int) -> str:
    host = request.url.hostname or "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}{request.url.path}"


def _http_date(seconds_ahead: int) -> str:
    return formatdate(time.time() + seconds_ahead, usegmt=True)


async def fault_response(
    fault: Fault,
    request: Request,
    settings: FaultSettings,
    shutdown: asyncio.Event,
    origin: str,
) -> Response:
    """The response a fault inference gives (on /results, and on /status for some); picture
    links in its body point at `origin`."""
    retry_after = str(settings.retry_after_seconds)
    match fault:
        case Fault.SLOW:
            await wait_or_shutdown(shutdown, settings.slow_seconds)
            return Response(with_origin(gen.color_results(), origin), media_type=JSON_TYPE)
        case Fault.DRIP:
            return StreamingResponse(_drip(settings, shutdown), media_type=JSON_TYPE)
        case Fault.SERVER_ERROR:
            return JSONResponse({"detail": "Internal server error"}, status_code=500)
        case Fault.BAD_GATEWAY_HTML:
            return Response(gen.BAD_GATEWAY_HTML, status_code=502, media_type="text/html")
        case Fault.UNAVAILABLE:
            return JSONResponse(
                {"message": "Service temporarily unavailable"},
                status_code=503,
                headers={"Retry-After": retry_after},
            )
        case Fault.RATE_LIMITED_DATE:
            return JSONResponse(
                {"error": "Too many requests"},
                status_code=429,
                headers={"Retry-After": _http_date(settings.retry_after_seconds)},
            )
        case Fault.DROPPED:
            body = with_origin(gen.color_results(), origin)
            return DroppedResponse(body, sent=len(body) // 2)
        case Fault.TRUNCATED:
            return Response(with_origin(gen.truncated_results(), origin), media_type=JSON_TYPE)
        case Fault.INVALID_UTF8:
            return Response(gen.INVALID_UTF8, media_type="application/json; charset=utf-8")
        case Fault.HTML_200:
            return Response(gen.HTML_PAGE, media_type="text/html")
        case Fault.GZIP:
            body = gzip.compress(with_origin(gen.gzip_payload(), origin), mtime=0)
            return Response(body, media_type=JSON_TYPE, headers={"Content-Encoding": "gzip"})
        case Fault.EMPTY_BODY:
            return Response(b"", media_type=JSON_TYPE)
        case Fault.REDIRECT:
            location = _location(request, settings.redirect_port)
            return RedirectResponse(location, status_code=307)
