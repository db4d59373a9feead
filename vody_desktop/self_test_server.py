"""A tiny stand-in Vody API for `--self-test`: one canned inference, standard library only.

The installed bundle leaves out the sandbox (starlette, uvicorn), so the self-test serves its own
answers from `http.server` on a free loopback port, in a thread. It answers like the sandbox does
for the reference's status example: the status with every value a string, and the results as a
JSON array. Any other path, or a request without the self-test key, gets the API's 404 / 401.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Final, Self

from vody_desktop.api.examples import STATUS_EXAMPLE, STATUS_EXAMPLE_ID

SELF_TEST_ID: Final = STATUS_EXAMPLE_ID
#: Not a real key: it only opens this throw-away server.
SELF_TEST_KEY: Final = "5e1f7e57-0000-4000-8000-000000000000"
API_KEY_HEADER: Final = "x-vody-api-key"

RESULTS: Final = [
    {
        "image_path": "https://vody.com/images/playground/color-labels/4.png",
        "product_type": "T-Shirt",
        "predictions": [
            {"hex_color": "#228B22", "color_name": "Forest green", "score": 0.5985},
            {"hex_color": "#FE2934", "color_name": "Red", "score": 0.2278},
        ],
    },
    {
        "image_path": "https://vody.com/images/playground/color-labels/5.png",
        "product_type": "Sneakers",
        "predictions": [
            {"hex_color": "#FFA500", "color_name": "Orange", "score": 0.766},
            {"hex_color": "#000080", "color_name": "Navy", "score": 0.1581},
        ],
    },
]
_ANSWERS: Final = {
    f"/inference/{SELF_TEST_ID}/status": dict(STATUS_EXAMPLE),
    f"/inference/{SELF_TEST_ID}/results": RESULTS,
}


class _CannedHandler(BaseHTTPRequestHandler):
    server_version = "VodySelfTest/1"

    def do_GET(self) -> None:
        if self.headers.get(API_KEY_HEADER) != SELF_TEST_KEY:
            self._send(401, {"detail": "Invalid API key"})
        elif self.path in _ANSWERS:
            self._send(200, _ANSWERS[self.path])
        else:
            self._send(404, {"detail": "Inference not found"})

    def _send(self, code: int, payload: object) -> None:
        body = json.dumps(payload, indent=2).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the self-test prints one line of its own."""


class CannedServer:
    """The canned API on 127.0.0.1 and a free port, served by a daemon thread while open."""

    def __init__(self) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _CannedHandler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="self-test-server", daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
