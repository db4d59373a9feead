"""The sandbox's HTTP routes: the four documented endpoints plus sandbox-only helpers.

Every API request passes, in order: key check (401/403), rate limit (429), ID syntax (400),
lookup (404), then the inference's own state (409 running, 422 failed) or fault. The test knobs
of control.py are added only when their flags are set.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from vody_desktop.sandbox.auth import KeyCheck, KeyRing
from vody_desktop.sandbox.catalogue import (
    COLOR_RESULTS_ID,
    DEFAULT_API_KEYS,
    ENTRIES,
    FAULTS_ON_STATUS,
    LARGE_ID,
)
from vody_desktop.sandbox.classify import COLOR_MODEL, PATTERN_MODEL
from vody_desktop.sandbox.clock import SandboxClock
from vody_desktop.sandbox.config import SandboxConfig, format_url
from vody_desktop.sandbox.control import (
    CLOCK_PATH,
    LARGE_PATH,
    RATE_PATH,
    REQUESTS_PATH,
    batch_routes,
    clock_routes,
    large_routes,
)
from vody_desktop.sandbox.counting import RequestCounter
from vody_desktop.sandbox.faults import JSON_TYPE, FaultSettings, fault_response
from vody_desktop.sandbox.large import LargeDocumentTask
from vody_desktop.sandbox.origin import file_with_origin, request_origin, with_origin
from vody_desktop.sandbox.picture_routes import ENDPOINTS as PICTURE_ENDPOINTS
from vody_desktop.sandbox.picture_routes import PictureDesk, picture_routes
from vody_desktop.sandbox.ratelimit import RateLimiter, retry_after_header
from vody_desktop.sandbox.redirect_target import KEY_HEADER, LeakRecorder
from vody_desktop.sandbox.store import Inference, Inferences
from vody_desktop.sandbox.submissions import (
    MAX_BODY_BYTES,
    InvalidSubmissionError,
    parse_submission,
)

#: Bytes per read and send of a stored result. Starlette's 64 KB made sending the 250 MB result
#: take about 680 ms (the sandbox stands in for a real server, whose speed is not what the
#: app's benchmarks measure); 1 MB pieces send it in about 310 ms.
FILE_CHUNK_BYTES: Final = 1024 * 1024


class _StoredResult(FileResponse):
    """A stored result file, sent in `FILE_CHUNK_BYTES` pieces."""

    chunk_size = FILE_CHUNK_BYTES


_UUID: Final = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


@dataclass
class SandboxState:
    """Everything the routes share. ``redirect_port`` is set once the second listener is up.

    One clock drives inference progress and the rate limit; it is manual with --manual-clock.
    """

    config: SandboxConfig
    use_default_keys: bool = True
    redirect_port: int = 0
    shutdown: asyncio.Event = field(default_factory=asyncio.Event)
    leaks: LeakRecorder = field(default_factory=LeakRecorder)
    requests: RequestCounter = field(default_factory=RequestCounter)

    def __post_init__(self) -> None:
        defaults = DEFAULT_API_KEYS if self.use_default_keys else ()
        self.keys = KeyRing([*defaults, *self.config.api_keys])
        self.clock = SandboxClock(manual=self.config.manual_clock)
        self.started_at: datetime = self.clock.now()
        self.limiter = RateLimiter(self.config.rate, self.clock.monotonic)
        self.pictures = PictureDesk(self.config.slow_seconds, self.shutdown)
        self.large = LargeDocumentTask(self.config.cache_dir, hold=self.config.hold_large)
        self.inferences = Inferences(
            started_at=self.started_at,
            progress_seconds=self.config.progress_seconds,
            post_seconds=self.config.post_seconds,
            data_dir=self.config.data_dir,
            clock=self.clock.now,
            prefixes={
                self.config.small_id_prefix: COLOR_RESULTS_ID,
                self.config.large_id_prefix: LARGE_ID,
            },
        )

    @property
    def fault_settings(self) -> FaultSettings:
        return FaultSettings(
            slow_seconds=self.config.slow_seconds,
            drip_seconds=self.config.drip_seconds,
            retry_after_seconds=self.config.retry_after_seconds,
            redirect_port=self.redirect_port,
        )


def _message(status_code: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"message": message, **extra}, status_code=status_code)


def _check_key(state: SandboxState, request: Request) -> Response | None:
    """None if the request carries an accepted key, else the 401/403 response."""
    header = request.headers.get(KEY_HEADER)
    presented = header.encode("latin-1") if header is not None else None
    match state.keys.check(presented):
        case KeyCheck.MISSING:
            return _message(401, "Missing API key")
        case KeyCheck.UNKNOWN:
            return _message(403, "Forbidden")
    return None


def _authorize(state: SandboxState, request: Request) -> Response | None:
    """None if the request may proceed, else the 401/403/429 response."""
    denied = _check_key(state, request)
    if denied is not None:
        return denied
    wait = state.limiter.acquire(request.headers[KEY_HEADER])
    if wait is not None:
        response = _message(429, "Rate limit exceeded")
        response.headers["Retry-After"] = retry_after_header(wait)
        return response
    return None


def _resolve(state: SandboxState, request: Request) -> Inference | Response:
    """Authorize, then find the inference named in the path."""
    denied = _authorize(state, request)
    if denied is not None:
        return denied
    raw_id: str = request.path_params["inference_id"]
    if not _UUID.fullmatch(raw_id):
        return _message(400, "Invalid inference ID: expected a UUID")
    inference = state.inferences.get(raw_id.lower())
    if inference is None:
        return _message(404, "Inference not found")
    return inference


def build_app(state: SandboxState) -> Starlette:
    """The main application."""

    def origin(request: Request) -> str:
        """Where the catalogue's picture links point: the sandbox as this request reached it."""
        return request_origin(request, format_url(state.config.host, state.config.port))

    async def results(request: Request) -> Response:
        response = await _results(request)
        state.requests.count("results", request.path_params["inference_id"], response.status_code)
        return response

    async def status(request: Request) -> Response:
        response = await _status(request)
        state.requests.count("status", request.path_params["inference_id"], response.status_code)
        return response

    async def _results(request: Request) -> Response:
        inference = _resolve(state, request)
        if isinstance(inference, Response):
            return inference
        if inference.fault is not None:
            return await fault_response(
                inference.fault, request, state.fault_settings, state.shutdown, origin(request)
            )
        status = inference.status(state.inferences.clock())
        if status == "in_progress":
            return _message(409, "Inference is still in progress", status=status)
        if status == "failed":
            return _message(422, f"Inference failed: {inference.failure}", status=status)
        if inference.large:
            path = await state.large.path()
            return await file_with_origin(
                path, origin(request), media_type=JSON_TYPE, piece=FILE_CHUNK_BYTES
            )
        if inference.file is not None:  # --data: sent as it is
            return _StoredResult(inference.file, media_type=JSON_TYPE)
        assert inference.content is not None
        return Response(with_origin(inference.content(), origin(request)), media_type=JSON_TYPE)

    async def _status(request: Request) -> Response:
        inference = _resolve(state, request)
        if isinstance(inference, Response):
            return inference
        if inference.fault in FAULTS_ON_STATUS:
            assert inference.fault is not None
            return await fault_response(
                inference.fault, request, state.fault_settings, state.shutdown, origin(request)
            )
        return JSONResponse(inference.status_body(state.inferences.clock()))

    async def submit(request: Request, model: str) -> Response:
        denied = _authorize(state, request)
        if denied is not None:
            return denied
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            return _message(413, f"Request body larger than {MAX_BODY_BYTES} bytes")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                return _message(413, f"Request body larger than {MAX_BODY_BYTES} bytes")
        try:
            items = parse_submission(model, bytes(body))
        except InvalidSubmissionError as exc:
            return _message(400, exc.message, errors=exc.errors)
        inference = state.inferences.submit(model, items)
        return JSONResponse(inference.status_body(state.inferences.clock()), status_code=202)

    async def submit_color(request: Request) -> Response:
        return await submit(request, COLOR_MODEL)

    async def submit_pattern(request: Request) -> Response:
        return await submit(request, PATTERN_MODEL)

    def check_key(request: Request) -> Response | None:
        return _check_key(state, request)

    knob_routes: list[Route] = []
    knobs: list[str] = []
    if state.config.manual_clock:
        knob_routes += clock_routes(state.clock, check_key)
        knobs.append(f"POST {CLOCK_PATH}")
    if state.config.batch_knobs:
        knob_routes += batch_routes(state.requests, state.limiter, check_key)
        knobs += [f"GET {REQUESTS_PATH}", f"POST {REQUESTS_PATH}/reset", f"POST {RATE_PATH}"]
    if state.config.hold_large:
        knob_routes += large_routes(state.large, check_key)
        knobs += [f"GET {LARGE_PATH}", f"POST {LARGE_PATH}/release"]

    async def index(request: Request) -> Response:
        return JSONResponse(
            {
                "message": "Vody sandbox: a local stand-in for the Vody Inference API",
                "key_header": KEY_HEADER,
                "endpoints": [
                    "GET /inference/{inference-id}/results",
                    "GET /inference/{inference-id}/status",
                    "POST /inference/color-classification",
                    "POST /inference/pattern-classification",
                    "GET /sandbox/catalogue",
                    "GET /sandbox/redirect-target/leaks",
                    "POST /sandbox/redirect-target/reset",
                    *PICTURE_ENDPOINTS,
                    *knobs,
                ],
            }
        )

    async def catalogue(request: Request) -> Response:
        return JSONResponse(
            [
                {
                    "id": e.inference_id,
                    "constant": e.constant,
                    "title": e.title,
                    "behaviour": e.behaviour,
                }
                for e in ENTRIES
            ]
        )

    async def leaks(request: Request) -> Response:
        target = format_url(state.config.host, state.redirect_port)
        return JSONResponse({**state.leaks.as_json(), "target": target})

    async def reset_leaks(request: Request) -> Response:
        state.leaks.reset()
        return await leaks(request)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return JSONResponse({"message": exc.detail}, exc.status_code, headers=exc.headers)

    routes = [
        Route("/", index),
        Route("/inference/{inference_id}/results", results),
        Route("/inference/{inference_id}/status", status),
        Route("/inference/color-classification", submit_color, methods=["POST"]),
        Route("/inference/pattern-classification", submit_pattern, methods=["POST"]),
        Route("/sandbox/catalogue", catalogue),
        Route("/sandbox/redirect-target/leaks", leaks),
        Route("/sandbox/redirect-target/reset", reset_leaks, methods=["POST"]),
        *picture_routes(state.pictures),
        *knob_routes,
    ]
    return Starlette(routes=routes, exception_handlers={HTTPException: http_error})
