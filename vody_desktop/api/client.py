"""`VodyClient`: the two GET calls of the Vody Inference API, made safely with httpx.

Safety rules (see GUIDE.md, "httpx, carefully"):
- the key travels only in the `x-vody-api-key` header, and only to the configured origin:
  redirects are followed by hand, within the same origin, at most `MAX_REDIRECTS` hops;
- explicit connect/read/write timeouts plus an overall deadline (`asyncio.timeout`), because the
  read timeout restarts with every byte;
- bodies are streamed and stop at a size cap (Content-Length is checked first); gzip and deflate
  are undone in bounded pieces (api/decoding.py), so a small compressed body cannot swell in
  memory past the cap before it is counted;
- certificates are checked against the OS trust store (truststore), where company proxies
  install their roots; proxy environment variables are honoured;
- every error raised is an `ApiError` with the key scrubbed from all its texts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
import time
from collections.abc import AsyncGenerator, Awaitable, Callable
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any

from vody_desktop import __version__
from vody_desktop.api.bodies import decode_json, response_detail
from vody_desktop.api.body_buffer import BodyBuffer
from vody_desktop.api.decoding import ACCEPT_ENCODING, BodyDecoder, BodyDecodingError
from vody_desktop.api.environments import normalize_base_url
from vody_desktop.api.errors import (
    ApiError,
    EmptyResponseError,
    InvalidApiKeyError,
    InvalidResponseError,
    MissingApiKeyError,
    RedirectError,
    RequestTimeoutError,
    ResponseTooLargeError,
    UnexpectedStatusError,
)
from vody_desktop.api.ids import InvalidInferenceIdError, parse_inference_id
from vody_desktop.api.models import InferenceStatus, ResultsBody
from vody_desktop.api.network_map import error_for_exception
from vody_desktop.api.redaction import redact_error
from vody_desktop.api.status_map import ErrorAnswer, error_for_status
from vody_desktop.words import human_size

if TYPE_CHECKING:  # httpx and truststore take ~60 ms to import: not before the first request
    import httpx

logger = logging.getLogger(__name__)

API_KEY_HEADER = "x-vody-api-key"
USER_AGENT = f"VodyDesktop/{__version__}"
MAX_REDIRECTS = 3
ERROR_BODY_BYTES = 64 * 1024  # enough for any error message; the rest is not read
#: httpcore reads 64 KB per call, and each read costs about 100 µs of Python (h11, httpcore,
#: httpx, ours): 1.1 s of the window's thread for a 250 MB body. Reads of up to 1 MB take
#: what the socket read brought (see SOCKET_READ_BYTES).
READ_BYTES = 1 << 20
#: asyncio's socket reads are of at most 256 KB, so a 250 MB body took ~950 trips through the
#: loop and the HTTP stack, ~250 µs of Python each on the window's thread. Bodies are read up to
#: this much per call (when the transport allows it): ~260 trips. Below 1 MiB, so each read
#: comes from the heap instead of a fresh mapping (allocator.py).
SOCKET_READ_BYTES = (1 << 20) - (64 << 10)
_REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})

ProgressCallback = Callable[[int, int | None], None]
"""Called with (bytes received so far, total from Content-Length or None)."""
SentCallback = Callable[[str], None]
"""Called with a request's path once the request has been sent in full (see `VodyClient`)."""
BodySink = Callable[[bytes], None]
"""Receives a streamed body chunk by chunk (see `VodyClient.results_to_sink`)."""


@dataclass(frozen=True)
class StreamedBody:
    """What came with a body that went to a sink instead of memory."""

    size_bytes: int
    content_type: str
    status_code: int
    elapsed_s: float
    url: str


@dataclass(frozen=True)
class ClientSettings:
    """Timeouts and limits of one `VodyClient`."""

    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0
    write_timeout_s: float = 30.0
    deadline_s: float = 120.0  # overall per request, since the read timeout resets on every byte
    max_body_bytes: int = 512 * 1024 * 1024


@dataclass(frozen=True)
class _Fetched:
    body: bytes
    status_code: int
    reason: str
    headers: httpx.Headers
    url: str
    streamed: int = 0  # bytes handed to a sink instead of kept in `body`

    @property
    def content_type(self) -> str:
        return str(self.headers.get("content-type", ""))

    def detail(self, note: str, secret: str) -> str:
        return response_detail(
            method="GET",
            url=self.url,
            status_code=self.status_code,
            reason=self.reason,
            headers=self.headers,
            body=self.body,
            content_type=self.content_type,
            extra=[note],
            secret=secret,
        )


class VodyClient:
    """Asks the Vody Inference API for the status and the results of inferences.

    Raises only `ApiError` subclasses (plus `asyncio.CancelledError` when cancelled). The
    constructor raises `MissingApiKeyError`, `InvalidApiKeyError`, `InvalidBaseUrlError` or
    `InsecureBaseUrlError`. Pass `transport` (e.g. `httpx.MockTransport`) to replace the network;
    an injected transport is used for every URL, so proxy variables are then ignored.
    `on_sent(path)` hears of each request once it has been sent in full (an app started with
    an ID shows its window once the request for the results has left).
    """

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        settings: ClientSettings = ClientSettings(),
        transport: httpx.AsyncBaseTransport | None = None,
        on_sent: SentCallback | None = None,
    ) -> None:
        import httpcore
        import httpx
        import truststore

        # A class attribute, the only place httpcore takes it from (every client here wants it).
        httpcore.AsyncHTTP11Connection.READ_NUM_BYTES = READ_BYTES
        self._base_url = normalize_base_url(base_url)
        self._api_key = _checked_key(api_key)
        self._settings = settings
        self._on_sent = on_sent
        self._client = httpx.AsyncClient(
            follow_redirects=False,
            timeout=httpx.Timeout(
                connect=settings.connect_timeout_s,
                read=settings.read_timeout_s,
                write=settings.write_timeout_s,
                pool=settings.connect_timeout_s,
            ),
            # Only the encodings api/decoding.py undoes in bounded pieces (httpx would also
            # offer br and zstd whenever their packages happen to be installed).
            headers={
                "accept": "application/json",
                "accept-encoding": ACCEPT_ENCODING,
                "user-agent": USER_AGENT,
            },
            verify=truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT),
            transport=transport,
            trust_env=transport is None,
        )

    def __repr__(self) -> str:
        return f"VodyClient(base_url={self._base_url!r}, api_key=<hidden>)"

    @property
    def base_url(self) -> str:
        return self._base_url

    async def status(self, inference_id: str) -> InferenceStatus:
        """The status of one inference."""
        iid = self._checked_id(inference_id)
        try:
            fetched = await self._get(f"/inference/{iid}/status", None)
        except ResponseTooLargeError as too_large:
            # Its default words are about results, which may well be shown next to this error.
            too_large.title = "The status answer was too large to read"
            too_large.advice = (
                "A status is a few hundred bytes, so the server address may point to a different "
                "service. Check it; if it is right, copy the details into a support ticket."
            )
            raise
        try:
            data = decode_json(fetched.body)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            error = InvalidResponseError(
                detail=fetched.detail("Expected a JSON object with the status.", self._api_key),
                status_code=fetched.status_code,
            )
            raise redact_error(error, self._api_key)
        return InferenceStatus.from_json(data, fallback_id=iid)

    async def results(
        self, inference_id: str, on_progress: ProgressCallback | None = None
    ) -> ResultsBody:
        """The raw results of one inference (JSON bytes, not decoded here)."""
        iid = self._checked_id(inference_id)
        started = time.monotonic()
        fetched = await self._get(f"/inference/{iid}/results", on_progress)
        # Not strip(): that copies the whole body (110 ms for 250 MB, on the window's thread).
        if not fetched.body or fetched.body.isspace():
            error = EmptyResponseError(
                detail=fetched.detail("The results body was empty.", self._api_key),
                status_code=fetched.status_code,
            )
            raise redact_error(error, self._api_key)
        return ResultsBody(
            body=fetched.body,
            content_type=fetched.content_type,
            status_code=fetched.status_code,
            elapsed_s=time.monotonic() - started,
            url=fetched.url,
        )

    async def results_to_sink(
        self, inference_id: str, sink: BodySink, on_progress: ProgressCallback | None = None
    ) -> StreamedBody:
        """Stream the raw results to `sink` without keeping them: no size cap, no overall
        deadline (the body may be gigabytes; the caller shows progress and can cancel), but
        the read timeout still stops a server that goes quiet."""
        iid = self._checked_id(inference_id)
        started = time.monotonic()
        fetched = await self._get(f"/inference/{iid}/results", on_progress, sink=sink)
        return StreamedBody(
            size_bytes=fetched.streamed,
            content_type=fetched.content_type,
            status_code=fetched.status_code,
            elapsed_s=time.monotonic() - started,
            url=fetched.url,
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def __aenter__(self) -> VodyClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # --- internals ---------------------------------------------------------------------------

    def _checked_id(self, text: str) -> str:
        try:
            iid = parse_inference_id(text)
            if iid == _as_id(self._api_key):
                # Sending it would put the key into URLs, and so into server and proxy logs.
                raise InvalidInferenceIdError(
                    "This looks like your API key, not an inference ID",
                    "Paste the inference ID into the ID field; the key goes in the API key field.",
                )
        except ApiError as error:
            raise redact_error(error, self._api_key) from None
        return iid

    async def _get(
        self, path: str, on_progress: ProgressCallback | None, sink: BodySink | None = None
    ) -> _Fetched:
        """GET `path` under the base URL within the deadline; scrub the key from any error."""
        import httpx

        url = self._base_url + path
        try:
            try:
                async with asyncio.timeout(None if sink else self._settings.deadline_s):
                    return await self._follow(httpx.URL(url), on_progress, sink)
            except TimeoutError:
                raise RequestTimeoutError(
                    detail=f"GET {url}\nNo complete answer within the overall limit of "
                    f"{self._settings.deadline_s:g} seconds."
                ) from None
        except ApiError as error:
            raise redact_error(error, self._api_key) from error.__cause__

    async def _follow(
        self, url: httpx.URL, on_progress: ProgressCallback | None, sink: BodySink | None = None
    ) -> _Fetched:
        origin = _origin(url)
        for _ in range(MAX_REDIRECTS + 1):
            outcome = await self._get_once(url, on_progress, sink)
            if isinstance(outcome, _Fetched):
                return outcome
            if _origin(outcome) != origin:
                raise RedirectError(
                    detail=f"Requested origin: {_show_origin(origin)}\n"
                    f"Redirected to origin: {_show_origin(_origin(outcome))}"
                )
            logger.debug("Following a same-origin redirect to %s", outcome)
            url = outcome
        raise RedirectError(
            "The server kept sending the request elsewhere",
            "Copy the details into a support ticket.",
            f"More than {MAX_REDIRECTS} redirects, the last to {url}",
            custom_address_advice="Check the server address you entered. If it is right, copy "
            "the details into a support ticket.",
        )

    async def _get_once(
        self, url: httpx.URL, on_progress: ProgressCallback | None, sink: BodySink | None = None
    ) -> _Fetched | httpx.URL:
        """One GET: the body on success, the next URL on a redirect; raise on anything else."""
        import httpx

        headers_received = False
        logger.debug("GET %s", url)
        # httpcore's trace extension says when the request has left (a transport that is not
        # httpcore's, such as MockTransport, does not call it).
        on_sent = self._on_sent
        extensions = {} if on_sent is None else {"trace": _sent_tracer(on_sent, url.path)}
        try:
            async with self._client.stream(
                "GET", url, headers={API_KEY_HEADER: self._api_key}, extensions=extensions
            ) as response:
                headers_received = True
                logger.debug("GET %s -> %s", url, response.status_code)
                code = response.status_code
                # Without a Location (or with an empty one) a 3xx leads nowhere: reported below
                # as an unexpected answer instead of being followed back to the same URL.
                if code in _REDIRECT_CODES and response.headers.get("location", "").strip():
                    return _redirect_target(response)
                if not 200 <= code <= 299:
                    raise error_for_status(await self._error_answer(response))
                if sink is not None:
                    streamed = await _stream_to(response, sink, on_progress)
                    return _Fetched(
                        b"",
                        code,
                        response.reason_phrase,
                        response.headers,
                        str(response.url),
                        streamed,
                    )
                body = await self._read_capped(response, on_progress)
                return _Fetched(
                    body, code, response.reason_phrase, response.headers, str(response.url)
                )
        except httpx.HTTPError as exc:
            raise error_for_exception(
                exc, method="GET", url=str(url), during_body=headers_received
            ) from exc

    async def _read_capped(
        self, response: httpx.Response, on_progress: ProgressCallback | None
    ) -> bytes:
        cap = self._settings.max_body_bytes
        total = _content_length(response)
        if total is not None and total > cap:
            raise _too_large(response, total, cap, declared=True)
        if on_progress is not None:
            on_progress(0, total)
        _read_more_per_call(response)
        # One buffer, handed over without a copy (api/body_buffer.py). Gathering pieces into
        # 33 MB blocks and joining them cost two copies of the body: 150 ms of the window's
        # thread and 80-130 ms more between the last byte and the parse for 250 MB.
        unpacked = "content-encoding" in response.headers  # Content-Length counts the wire
        received = BodyBuffer(None if unpacked else total)
        size = 0
        # The cap counts decoded bytes (memory is what matters), progress counts bytes on the
        # wire (what Content-Length describes).
        async with contextlib.aclosing(_decoded(response)) as decoded:
            async for chunk in decoded:
                size += len(chunk)
                if size > cap:
                    raise _too_large(response, size, cap, declared=False)
                received.write(chunk)
                if on_progress is not None:
                    on_progress(response.num_bytes_downloaded, total)
        return received.getvalue()

    async def _error_answer(self, response: httpx.Response) -> ErrorAnswer:
        """The start of an error body; a connection drop here only shortens the snippet."""
        import httpx

        body = bytearray()
        try:
            async with contextlib.aclosing(_decoded(response)) as pieces:
                async for chunk in pieces:
                    body += chunk
                    if len(body) >= ERROR_BODY_BYTES:
                        break
        except httpx.HTTPError as exc:
            logger.debug("Error body of %s cut short: %s", response.url, type(exc).__name__)
        return ErrorAnswer(
            method=response.request.method,
            url=str(response.url),
            status_code=response.status_code,
            reason=response.reason_phrase,
            headers=response.headers,
            body=bytes(body[:ERROR_BODY_BYTES]),
            secret=self._api_key,
        )


async def _stream_to(
    response: httpx.Response, sink: BodySink, on_progress: ProgressCallback | None
) -> int:
    total = _content_length(response)
    if on_progress is not None:
        on_progress(0, total)
    _read_more_per_call(response)
    size = 0
    async with contextlib.aclosing(_decoded(response)) as pieces:
        async for chunk in pieces:
            size += len(chunk)
            sink(chunk)
            if on_progress is not None:
                on_progress(response.num_bytes_downloaded, total)
    return size


async def _decoded(response: httpx.Response) -> AsyncGenerator[bytes, None]:
    """The body without its Content-Encoding, in pieces of bounded size (api/decoding.py)."""
    import httpx

    if response.is_stream_consumed:
        # Built in memory (httpx.Response(content=...), as MockTransport handlers return it):
        # httpx has read and decoded it already. Bodies from the network are always streams.
        if response.content:
            yield response.content
        return
    decoder = BodyDecoder(response.headers.get_list("content-encoding", split_commas=True))
    try:
        async for raw in response.aiter_raw():
            for piece in decoder.feed(raw):
                yield piece
        for piece in decoder.end():
            yield piece
    except BodyDecodingError as error:
        raise httpx.DecodingError(
            f"The body is not valid {response.headers.get('content-encoding')}: {error}",
            request=response.request,
        ) from error


def _sent_tracer(
    on_sent: SentCallback, path: str
) -> Callable[[str, dict[str, Any]], Awaitable[None]]:
    """httpcore's trace callback for the request of `path`: `on_sent(path)` once it has left."""

    async def trace(event: str, _info: dict[str, Any]) -> None:
        if event.endswith(".send_request_body.complete"):  # "http11." (or "http2.")
            on_sent(path)

    return trace


def _read_more_per_call(response: httpx.Response) -> None:
    """Let the connection's socket reads take up to `SOCKET_READ_BYTES` at a time.

    asyncio's transport reads `max_size` bytes per call, a plain attribute; reaching it goes
    through httpcore's and anyio's stream objects (over TLS, anyio's TLS stream wraps the socket
    stream). If any of them changes shape, reads simply stay at asyncio's 256 KB.
    """
    stream = getattr(response.extensions.get("network_stream"), "_stream", None)
    stream = getattr(stream, "transport_stream", stream)  # under anyio's TLSStream
    transport = getattr(stream, "_transport", None)
    size = getattr(transport, "max_size", None)
    if isinstance(size, int) and size < SOCKET_READ_BYTES:
        transport.max_size = SOCKET_READ_BYTES  # type: ignore[union-attr]


def _checked_key(api_key: str) -> str:
    key = api_key.strip()
    if not key:
        raise MissingApiKeyError()
    if not all(" " <= ch <= "~" for ch in key):
        raise InvalidApiKeyError()
    return key


def _as_id(text: str) -> str | None:
    try:
        return parse_inference_id(text)
    except InvalidInferenceIdError:
        return None


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    default_port = {"http": 80, "https": 443}.get(url.scheme)
    return (url.scheme, url.host, url.port or default_port)


def _show_origin(origin: tuple[str, str, int | None]) -> str:
    scheme, host, port = origin
    shown_host = f"[{host}]" if ":" in host else host
    return f"{scheme}://{shown_host}" + (f":{port}" if port is not None else "")


def _redirect_target(response: httpx.Response) -> httpx.URL:
    import httpx

    location = response.headers["location"]
    try:
        target = response.url.join(location)
    except httpx.InvalidURL:
        target = None
    if target is None or target.scheme not in ("http", "https") or not target.host:
        raise UnexpectedStatusError(
            "The server sent the request to an address that is not valid",
            "Copy the details into a support ticket.",
            f"GET {response.url}\nHTTP {response.status_code} with an unusable Location header",
            status_code=response.status_code,
        )
    return target


#: More digits than any real body (10**18 bytes is an exabyte); int() would refuse 4,301.
_MAX_LENGTH_DIGITS = 18


def _content_length(response: httpx.Response) -> int | None:
    """The declared body size, or None when it is missing or not a plain decimal number."""
    value = response.headers.get("content-length", "").strip()
    # str.isdigit() alone also takes "²" (which int() refuses) and other scripts' digits.
    if not (value.isascii() and value.isdigit()) or len(value) > _MAX_LENGTH_DIGITS:
        return None
    return int(value)


def _too_large(
    response: httpx.Response, size: int, cap: int, *, declared: bool
) -> ResponseTooLargeError:
    size_text = f"{human_size(size)}" if declared else f"more than {human_size(cap)}"
    return ResponseTooLargeError(
        advice=(
            f"It is {size_text}, and this app opens results of up to {human_size(cap)}. "
            "Copy the details into a support ticket so the Vody team can help you get it."
        ),
        detail=f"GET {response.url}\nHTTP {response.status_code}\n"
        + (f"Content-Length: {size}" if declared else f"Stopped reading after {size} bytes")
        + f"\nLimit: {cap} bytes",
        status_code=response.status_code,
        size_bytes=size,
        limit_bytes=cap,
    )
