"""The second listener that the redirect fault points to, on another port (another origin).

It records whether any request carried the API key, so tests can assert the client never
forwarded ``x-vody-api-key`` across origins (the main server's /sandbox/redirect-target/leaks).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

KEY_HEADER = "x-vody-api-key"


@dataclass
class LeakRecorder:
    """What the redirect target has seen since start (or the last reset)."""

    requests: int = 0
    key_received: bool = False
    paths: list[str] = field(default_factory=list)

    def record(self, request: Request) -> None:
        self.requests += 1
        self.key_received |= KEY_HEADER in request.headers
        if len(self.paths) < 100:
            self.paths.append(request.url.path)

    def reset(self) -> None:
        self.requests = 0
        self.key_received = False
        self.paths.clear()

    def as_json(self) -> dict[str, object]:
        return {
            "requests": self.requests,
            "key_received": self.key_received,
            "paths": list(self.paths),
        }


def build_redirect_target(recorder: LeakRecorder) -> Starlette:
    """An app that answers every path and method, recording each request."""

    async def anything(request: Request) -> Response:
        recorder.record(request)
        return JSONResponse(
            {"message": "Redirect target on another origin: the client followed a redirect."}
        )

    methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    return Starlette(routes=[Route("/{path:path}", anything, methods=methods)])
