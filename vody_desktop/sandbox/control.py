"""Test knobs over HTTP: move the manual clock, release a held large-document generation.

The routes exist only when their command-line flag is given (``--manual-clock``,
``--hold-large``, ``--batch-knobs``: request counts and a rate limit changed at run time);
without it they are 404 like any unknown path. They need a valid API key (401/403 as usual)
but take no rate-limit token, so a test that counts tokens is not disturbed by the knob it
turns.
"""

from __future__ import annotations

import json
import math
from collections.abc import Awaitable, Callable
from typing import Final

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from vody_desktop.sandbox.clock import SandboxClock
from vody_desktop.sandbox.counting import RequestCounter
from vody_desktop.sandbox.large import LargeDocumentTask
from vody_desktop.sandbox.ratelimit import RateLimiter, parse_rate
from vody_desktop.sandbox.status import format_timestamp

#: Returns None if the request carries a valid key, else the 401/403 response.
KeyCheck = Callable[[Request], Response | None]

CLOCK_PATH: Final = "/sandbox/clock/advance"
LARGE_PATH: Final = "/sandbox/large"
LARGE_RELEASE_PATH: Final = "/sandbox/large/release"
REQUESTS_PATH: Final = "/sandbox/requests"
RATE_PATH: Final = "/sandbox/rate"


def _bad_request(message: str) -> JSONResponse:
    return JSONResponse({"message": message}, status_code=400)


def _guarded(
    check_key: KeyCheck, handler: Callable[[Request], Awaitable[Response]]
) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        denied = check_key(request)
        return denied if denied is not None else await handler(request)

    return endpoint


def clock_routes(clock: SandboxClock, check_key: KeyCheck) -> list[Route]:
    """``POST /sandbox/clock/advance`` with ``{"seconds": N}``: move the manual clock."""

    async def advance(request: Request) -> Response:
        try:
            seconds = json.loads(await request.body())["seconds"]
        except (ValueError, TypeError, KeyError):
            return _bad_request('Expected a JSON object like {"seconds": 2}')
        if isinstance(seconds, bool) or not isinstance(seconds, int | float):
            return _bad_request("seconds must be a number")
        if not (0 <= seconds < math.inf):
            return _bad_request("seconds must be a finite number >= 0")
        clock.advance(float(seconds))
        return JSONResponse({"advanced": clock.advanced, "now": format_timestamp(clock.now())})

    return [Route(CLOCK_PATH, _guarded(check_key, advance), methods=["POST"])]


def large_routes(large: LargeDocumentTask, check_key: KeyCheck) -> list[Route]:
    """``GET /sandbox/large`` (where the generation is) and ``POST /sandbox/large/release``."""

    async def state(request: Request) -> Response:
        return JSONResponse({"state": large.state})

    async def release(request: Request) -> Response:
        large.release()
        return JSONResponse({"state": large.state})

    return [
        Route(LARGE_PATH, _guarded(check_key, state)),
        Route(LARGE_RELEASE_PATH, _guarded(check_key, release), methods=["POST"]),
    ]


def batch_routes(counter: RequestCounter, limiter: RateLimiter, check_key: KeyCheck) -> list[Route]:
    """``GET /sandbox/requests`` (counts), ``POST /sandbox/requests/reset``, and
    ``POST /sandbox/rate`` with ``{"rate": "5/1"}`` (or "off"): the per-key limit from now on."""

    async def counts(request: Request) -> Response:
        return JSONResponse(counter.as_json())

    async def reset(request: Request) -> Response:
        counter.reset()
        return JSONResponse(counter.as_json())

    async def rate(request: Request) -> Response:
        try:
            text = json.loads(await request.body())["rate"]
            if not isinstance(text, str):
                raise TypeError
            new_rate = parse_rate(text)
        except (ValueError, TypeError, KeyError):
            return _bad_request('Expected a JSON object like {"rate": "5/1"} or {"rate": "off"}')
        limiter.set_rate(new_rate)
        return JSONResponse({"rate": str(new_rate) if new_rate else "off"})

    return [
        Route(REQUESTS_PATH, _guarded(check_key, counts)),
        Route(f"{REQUESTS_PATH}/reset", _guarded(check_key, reset), methods=["POST"]),
        Route(RATE_PATH, _guarded(check_key, rate), methods=["POST"]),
    ]
