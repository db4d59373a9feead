"""Shared helpers for the unit tests (no tests here): a recording mock server, runners for the
API client, and a fake clock for the retry and waiting policies."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable

import httpx
import pytest

from vody_desktop.api.client import ClientSettings, ProgressCallback, VodyClient
from vody_desktop.api.errors import ApiError

KEY = "1234abcd-bdde-1234-a39a-3ff12ce386d5"
IID = "0924dcfe-a593-4e42-8c7b-4fca9a149777"
BASE = "https://prod-api.vody.com"
STATUS_URL = f"{BASE}/inference/{IID}/status"
RESULTS_URL = f"{BASE}/inference/{IID}/results"

Handler = Callable[[httpx.Request], httpx.Response | Awaitable[httpx.Response]]


class Recorder:
    """Wraps a handler and keeps every request the 'server' received."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[httpx.Request] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.handler(request)
        if isinstance(answer, httpx.Response):
            return answer
        return await answer


def respond(
    status_code: int = 200,
    body: bytes | str = b"",
    headers: dict[str, str] | None = None,
) -> Recorder:
    """A server that answers every request the same way."""
    content = body.encode() if isinstance(body, str) else body
    return Recorder(lambda request: httpx.Response(status_code, headers=headers, content=content))


async def chunks(parts: Iterable[bytes], then: BaseException | None = None) -> AsyncIterator[bytes]:
    """A streamed body: `parts` one by one, then (optionally) an exception mid-body."""
    for part in parts:
        yield part
        await asyncio.sleep(0)
    if then is not None:
        raise then


def run_call(
    server: Recorder,
    call: str = "results",
    *,
    settings: ClientSettings | None = None,
    on_progress: ProgressCallback | None = None,
    inference_id: str = IID,
    base_url: str = BASE,
) -> object:
    """Run client.status() or client.results() against `server` in a fresh event loop."""

    async def go() -> object:
        async with VodyClient(
            base_url,
            KEY,
            settings=settings or ClientSettings(),
            transport=httpx.MockTransport(server),
        ) as client:
            if call == "status":
                return await client.status(inference_id)
            return await client.results(inference_id, on_progress)

    return asyncio.run(go())


def run_failing(server: Recorder, call: str = "results", **kwargs: object) -> ApiError:
    """Run a call that must fail, and return the error the person would see."""
    with pytest.raises(ApiError) as info:
        run_call(server, call, **kwargs)  # type: ignore[arg-type]
    return info.value


def all_texts(error: BaseException) -> list[str]:
    """Every text of an error a person, a log or a crash report could see."""
    texts = [str(error), repr(error), *(str(a) for a in error.args)]
    texts += [str(value) for value in vars(error).values()]
    for name in ("title", "advice", "detail"):
        texts.append(str(getattr(error, name, "")))
    return texts


def assert_key_absent(error: BaseException) -> None:
    for text in all_texts(error):
        assert KEY.lower() not in text.lower()
        assert KEY[:13].lower() not in text.lower(), "a piece of the key leaked"


class FakeTime:
    """A clock that moves only when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)

    @property
    def slept(self) -> float:
        return sum(self.sleeps)
