"""The sandbox's pictures: drawn products under ``/images/…``, pictures that fail on purpose,
and the endpoints tests use to see what picture requests carried and to release slow ones.

Picture requests need no key (a picture client must never send one). Each is recorded with its
headers (``GET /sandbox/pictures``), so a test can check that no API key, Authorization or
cookie ever arrived. The slow picture is held until ``POST /sandbox/pictures/release``, until
``--slow-seconds`` pass, or until the server stops, so a test decides when it arrives.
"""

from __future__ import annotations

import asyncio
import functools
import json
from collections import deque
from collections.abc import AsyncIterator
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from vody_desktop.sandbox import generators as gen
from vody_desktop.sandbox import picture_paths as pics

PICTURES_PATH: Final = "/sandbox/pictures"
PICTURES_RELEASE_PATH: Final = "/sandbox/pictures/release"
PICTURES_RESET_PATH: Final = "/sandbox/pictures/reset"
#: Larger than the app's 20 MB cap.
OVERSIZE_BYTES: Final = 21 * 1024 * 1024
_PIECE: Final = 1024 * 1024
_RECORDED: Final = 500
COOKIE: Final = "sandbox_picture_session=picture-cookie-value; Path=/"
PNG_TYPE: Final = "image/png"


class PictureDesk:
    """What the picture routes share: the request record and the slow pictures' hold."""

    def __init__(self, slow_seconds: float, shutdown: asyncio.Event) -> None:
        self.slow_seconds = slow_seconds
        self.shutdown = shutdown
        self.requests: deque[dict[str, Any]] = deque(maxlen=_RECORDED)
        self.held = 0
        self._release = asyncio.Event()

    def record(self, request: Request) -> None:
        self.requests.append({"path": request.url.path, "headers": dict(request.headers.items())})

    def release(self) -> None:
        """Let every held picture go; pictures asked for later are held again."""
        self._release.set()
        self._release = asyncio.Event()

    async def hold(self) -> None:
        release = self._release
        self.held += 1
        try:
            async with asyncio.timeout(self.slow_seconds):
                done = asyncio.ensure_future(release.wait())
                stop = asyncio.ensure_future(self.shutdown.wait())
                try:
                    await asyncio.wait({done, stop}, return_when=asyncio.FIRST_COMPLETED)
                finally:
                    done.cancel()
                    stop.cancel()
        except TimeoutError:
            pass
        finally:
            self.held -= 1

    def as_json(self) -> dict[str, Any]:
        return {"held": self.held, "requests": list(self.requests)}


@functools.cache
def _playground() -> dict[str, tuple[str, str]]:
    """Path -> (shape, colour) of the reference's example items (built once, from their JSON)."""
    known: dict[str, tuple[str, str]] = {}
    for body in (gen.color_results(), gen.status_example_results(), gen.pattern_results()):
        for item in json.loads(body):
            colour = item.get("hex_color_label") or item["predictions"][0].get("hex_color")
            path = item["image_path"].removeprefix(pics.PLACEHOLDER)
            known[path] = (pics.shape_for(item.get("product_type")), colour or pics.NEUTRAL)
    return known


async def _png(shape: str, colour: str) -> bytes:
    from vody_desktop.sandbox.drawing import product_png  # PySide6: only once pictures are asked

    return await asyncio.to_thread(product_png, shape, colour)


async def _zeros(total: int) -> AsyncIterator[bytes]:
    sent = 0
    while sent < total:
        piece = min(_PIECE, total - sent)
        sent += piece
        yield bytes(piece)
        await asyncio.sleep(0)  # lets the response notice a client that gave up


async def _picture_response(shape: str, colour: str, **headers: str) -> Response:
    return Response(await _png(shape, colour), media_type=PNG_TYPE, headers=headers or None)


async def _fault(desk: PictureDesk, path: str) -> Response:
    match path:
        case pics.NOT_FOUND:
            return Response(b"Not Found", status_code=404, media_type="text/plain")
        case pics.NOT_A_PICTURE:
            return Response(gen.HTML_PAGE, media_type="text/html")
        case pics.CORRUPT:
            return Response(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, media_type=PNG_TYPE)
        case pics.TOO_LARGE:
            return StreamingResponse(
                _zeros(OVERSIZE_BYTES),
                media_type=PNG_TYPE,
                headers={"content-length": str(OVERSIZE_BYTES)},
            )
        case pics.TOO_LARGE_UNDECLARED:
            return StreamingResponse(_zeros(OVERSIZE_BYTES), media_type=PNG_TYPE)
        case pics.SLOW:
            await desk.hold()
            return await _picture_response("scarf", "#87CEEB")
        case pics.REDIRECT_TO_HTTP:
            return RedirectResponse(pics.PLAIN_HTTP_ELSEWHERE, status_code=302)
        case pics.REDIRECT_SAME_ORIGIN:
            return RedirectResponse("/images/products/redirected-curtains-ffc0cb.png", 302)
        case pics.SETS_COOKIE:
            return await _picture_response("shirt", "#808080", **{"set-cookie": COOKIE})
    return Response(b"Not Found", status_code=404, media_type="text/plain")


def picture_routes(desk: PictureDesk) -> list[Route]:
    """``GET /images/{path}`` and the ``/sandbox/pictures`` endpoints."""

    async def picture(request: Request) -> Response:
        desk.record(request)
        path = request.url.path
        if path.startswith(pics.FAULTS + "/"):
            return await _fault(desk, path)
        known = _playground().get(path) or pics.parse_named(path)
        if known is None:
            return Response(b"Not Found", status_code=404, media_type="text/plain")
        return await _picture_response(*known)

    async def record(request: Request) -> Response:
        return JSONResponse(desk.as_json())

    async def release(request: Request) -> Response:
        desk.release()
        return JSONResponse(desk.as_json())

    async def reset(request: Request) -> Response:
        desk.requests.clear()
        return JSONResponse(desk.as_json())

    return [
        Route("/images/{path:path}", picture),
        Route(PICTURES_PATH, record),
        Route(PICTURES_RELEASE_PATH, release, methods=["POST"]),
        Route(PICTURES_RESET_PATH, reset, methods=["POST"]),
    ]


ENDPOINTS: Final = (
    "GET /images/{path}",
    f"GET {PICTURES_PATH}",
    f"POST {PICTURES_RELEASE_PATH}",
    f"POST {PICTURES_RESET_PATH}",
)
