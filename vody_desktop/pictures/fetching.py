"""Fetching a picture's bytes from a link found in a result, safely.

The pictures have their own `httpx.AsyncClient`, never the API client's: a picture request sends
no API key, no Authorization and no cookie, and keeps none it is given (the cookie jar refuses
every cookie). Certificates are checked against the system's trust store (truststore), as for
the API. Redirects are followed by hand, a few at most, and only while each hop passes
`links.refusal`. A picture is at most `MAX_PICTURE_BYTES`: refused by its Content-Length before
reading, and the read stops once it would pass the cap. A few pictures load at a time.

Every failure becomes a `PictureFetchError` whose `reason` is a plain sentence for a tooltip.
The log names the host and path only: a picture link's query may hold a token.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, cast
from urllib.parse import urlsplit

from vody_desktop.pictures.links import refusal

if TYPE_CHECKING:  # httpx takes ~60 ms to import: only when the first picture loads
    import httpx

_log = logging.getLogger(__name__)

MAX_PICTURE_BYTES: Final = 20 * 1024 * 1024
USER_AGENT: Final = "VodyDesktop-pictures"
_REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})

#: Content types that a picture may arrive as; anything else (text/html, application/json…) is
#: a page or an error, not a picture. A missing type is left to the decoder to judge.
_PICTURE_TYPES: Final = ("image/", "application/octet-stream", "binary/octet-stream")


@dataclass(frozen=True)
class FetchSettings:
    """Limits of picture fetching; the defaults are the app's."""

    max_bytes: int = MAX_PICTURE_BYTES
    concurrency: int = 4
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 20.0
    #: The read timeout restarts with every byte received: this bounds the whole picture.
    deadline_s: float = 60.0
    max_redirects: int = 3


class PictureFetchError(Exception):
    """A picture could not be fetched; `reason` says why in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def loggable(url: str) -> str:
    """The host and path of a link, without its query or fragment (they may hold a token)."""
    try:
        parts = urlsplit(url)
        return f"{parts.hostname or '?'}{parts.path}"
    except ValueError:
        return "(an invalid link)"


def too_large_reason(max_bytes: int) -> str:
    return f"The picture is larger than {max_bytes // (1024 * 1024)} MB."


def _status_reason(status: int, phrase: str) -> str:
    if status == 404:
        return "The picture was not found (404)."
    if status in (401, 403):
        return f"The picture server did not allow access to the picture ({status})."
    if status >= 500:
        return f"The picture server had a problem ({status}); try again later."
    return f"The picture server answered {status} {phrase}".rstrip() + "."


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or "the picture server"
    except ValueError:
        return "the picture server"


class PictureFetcher:
    """Fetches pictures' bytes; one per loader, closed with `aclose()`.

    `transport` replaces the network (unit tests); end-to-end tests use the sandbox over loopback.
    """

    def __init__(
        self,
        settings: FetchSettings = FetchSettings(),
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        import httpx
        import truststore

        from vody_desktop.pictures.no_cookies import cookieless_jar

        _hide_queries_in_httpx_log()
        self.settings = settings
        self._slots = asyncio.Semaphore(settings.concurrency)
        self._client = httpx.AsyncClient(
            follow_redirects=False,
            timeout=httpx.Timeout(
                connect=settings.connect_timeout_s,
                read=settings.read_timeout_s,
                write=settings.connect_timeout_s,
                pool=None,  # the semaphore bounds the waiting, not the pool
            ),
            # identity: a compressed body could expand past the cap inside one piece.
            headers={"user-agent": USER_AGENT, "accept": "image/*", "accept-encoding": "identity"},
            # The jar itself (httpx.Cookies would copy it into a default jar, policy lost).
            cookies=cookieless_jar(),
            verify=truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT),
            transport=transport,
            trust_env=transport is None,
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch(self, url: str) -> bytes:
        """The picture's bytes; raises PictureFetchError (or CancelledError when cancelled)."""
        import httpx

        reason = refusal(url)
        if reason is not None:
            raise PictureFetchError(reason)
        try:
            httpx.URL(url)
        except (httpx.InvalidURL, ValueError) as error:
            raise PictureFetchError("The picture link is not a valid web address.") from error
        async with self._slots:
            try:
                async with asyncio.timeout(self.settings.deadline_s):
                    return await self._follow(url)
            except TimeoutError:
                reason = "The picture took too long to arrive."
            except httpx.TimeoutException:
                reason = "The picture took too long to arrive."
            except httpx.ConnectError:
                reason = f"Could not reach {_host(url)}."
            except (httpx.InvalidURL, UnicodeError):  # a host name IDNA cannot encode
                reason = "The picture link is not a valid web address."
            except httpx.HTTPError as error:
                _log.info("Picture %s failed: %s", loggable(url), type(error).__name__)
                reason = f"The picture could not be loaded from {_host(url)}."
        _log.info("Picture %s: %s", loggable(url), reason)
        raise PictureFetchError(reason)

    async def _follow(self, url: str) -> bytes:
        import httpx

        current = httpx.URL(url)
        for _hop in range(self.settings.max_redirects + 1):
            # Built fresh per hop: no auth, no cookies, only the client's own headers.
            request = self._client.build_request("GET", current)
            for name in ("cookie", "authorization"):  # whatever a jar or proxy setting added
                request.headers.pop(name, None)
            response = await self._client.send(request, stream=True, auth=None)
            # Held here, not only by `_read`'s loop: a body given up part way (too large) must
            # be closed by `aclose` below, in this task. Dropped with `_read`'s frame instead,
            # the stream's generators would be closed by the garbage collector, which cannot
            # await their cleanup under qasync (it sets no async generator hooks).
            pieces = cast(AsyncGenerator[bytes, None], response.aiter_raw())  # it is one
            try:
                if response.status_code in _REDIRECTS:
                    current = self._next_hop(current, response)
                    continue
                return await self._read(response, pieces)
            finally:
                await response.aclose()
                await pieces.aclose()
        raise PictureFetchError("The picture link redirects too many times.")

    @staticmethod
    def _next_hop(current: httpx.URL, response: httpx.Response) -> httpx.URL:
        location = response.headers.get("location")
        if not location:
            raise PictureFetchError("The picture server sent a redirect without an address.")
        try:
            target = current.join(location)
        except Exception as error:
            message = "The picture server redirected to an invalid address."
            raise PictureFetchError(message) from error
        reason = refusal(str(target))
        if reason is not None:
            message = f"The picture link leads on to another that is not loaded. {reason}"
            raise PictureFetchError(message)
        return target

    async def _read(self, response: httpx.Response, pieces: AsyncGenerator[bytes, None]) -> bytes:
        cap = self.settings.max_bytes
        if response.status_code != 200:
            raise PictureFetchError(_status_reason(response.status_code, response.reason_phrase))
        kind = response.headers.get("content-type", "").strip().lower()
        if kind and not kind.startswith(_PICTURE_TYPES):
            raise PictureFetchError("That link is not a picture.")
        if response.headers.get("content-encoding", "identity").lower() != "identity":
            raise PictureFetchError("The picture was sent compressed, which is not supported.")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise PictureFetchError(too_large_reason(cap))
        if response.is_stream_consumed:  # built in memory (a MockTransport's answer)
            pieces = _one(response.content)
        body = bytearray()
        async for piece in pieces:
            body += piece
            if len(body) > cap:
                raise PictureFetchError(too_large_reason(cap))
        return bytes(body)


async def _one(content: bytes) -> AsyncGenerator[bytes, None]:
    yield content


class _QuerylessHttpxLog(logging.Filter):
    """Shows httpx's "HTTP Request: GET <url>" lines without the URL's query and fragment.

    A picture link's query may hold a token; httpx logs the full URL at INFO level, which a
    person debugging might turn on. The API's own URLs have no query, so nothing is lost.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        import httpx

        if isinstance(record.args, tuple) and any(isinstance(a, httpx.URL) for a in record.args):
            record.args = tuple(
                a.copy_with(query=None, fragment=None) if isinstance(a, httpx.URL) else a
                for a in record.args
            )
        return True


def _hide_queries_in_httpx_log() -> None:
    """Install `_QuerylessHttpxLog` on httpx's logger once."""
    httpx_log = logging.getLogger("httpx")
    if not any(isinstance(f, _QuerylessHttpxLog) for f in httpx_log.filters):
        httpx_log.addFilter(_QuerylessHttpxLog())
