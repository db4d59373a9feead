"""One lookup of an inference: what was asked (`LookupRequest`), the two requests made at the
same time (`look_up`), and what came of it (`LookupOutcome`, `LookupRecord`, `LookupResult`).

Qt-free, so the window and the command line share it. A request is checked once, when it is
built from what the person typed; everything after that takes it as it is. Expected failures
come back as `UserFacingError`s in the outcome; cancellation propagates.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from vody_desktop.api.environments import CUSTOM_KEY, normalize_base_url
from vody_desktop.api.errors import ApiError, MissingApiKeyError
from vody_desktop.api.ids import parse_inference_id
from vody_desktop.api.retry import Retrier, is_retryable, note_retries
from vody_desktop.errors import UserFacingError

if TYPE_CHECKING:
    # Only named in annotations: the lookup form builds a `LookupRequest` at start-up, and the
    # client (httpx's caller) and the document (msgspec) are not needed before the first lookup.
    from vody_desktop.api.client import ProgressCallback
    from vody_desktop.api.models import InferenceStatus, ResultsBody
    from vody_desktop.document.json_document import JsonDocument

#: How long a cancelled request may run on before it is asked again (see `_cancel_and_wait`).
RECANCEL_INTERVAL_S = 1.0


class LookupClient(Protocol):
    """What a lookup asks of a client: `VodyClient`, or a wrapper around it (the batch's
    paced client, vody_desktop/batch/runner.py)."""

    async def status(self, inference_id: str) -> InferenceStatus: ...

    async def results(
        self, inference_id: str, on_progress: ProgressCallback | None = None
    ) -> ResultsBody: ...


@dataclass(frozen=True)
class LookupRequest:
    """One inference to look up, where, and with which key: checked once, when it is built."""

    inference_id: str
    base_url: str
    #: The environment's key ("prod", "sandbox", "custom") and what the person calls it.
    environment_key: str
    environment: str
    api_key: str = field(repr=False)

    @classmethod
    def build(
        cls,
        *,
        inference_id: str,
        base_url: str,
        environment_key: str,
        environment: str,
        api_key: str,
    ) -> LookupRequest:
        """Check what was typed; raises `InvalidInferenceIdError`, `MissingApiKeyError` or the
        address's `UserFacingError`, in the order a person fills the form."""
        checked_id = parse_inference_id(inference_id)
        key = api_key.strip()
        if not key:
            raise MissingApiKeyError()
        return cls(
            inference_id=checked_id,
            base_url=normalize_base_url(base_url),
            environment_key=environment_key,
            environment=environment,
            api_key=key,
        )

    @property
    def custom_address(self) -> bool:
        """Whether the person typed the address (advice about the address fits only then)."""
        return self.environment_key == CUSTOM_KEY

    @property
    def where(self) -> str:
        """The environment as the result header names it: a typed address as itself."""
        return self.base_url if self.custom_address else self.environment

    @property
    def where_in_full(self) -> str:
        """The environment with its address (for a ticket report)."""
        return f"{self.environment} ({self.base_url})"


@dataclass(frozen=True)
class LookupOutcome:
    """What came back for each of the two requests: a value or the error that replaced it."""

    status: InferenceStatus | None
    status_error: UserFacingError | None
    results: ResultsBody | None
    results_error: UserFacingError | None


async def look_up(
    client: LookupClient,
    inference_id: str,
    on_progress: ProgressCallback | None = None,
    *,
    retrier: Retrier | None = None,
) -> LookupOutcome:
    """Ask for the status and the results of one inference concurrently.

    With a `retrier`, a part that was answered with "come back later" (429, 503) is asked for
    again after the wait the policy gives (the longer of the two when both were), up to its
    limit; the part that already succeeded is not asked for again.
    """
    status: InferenceStatus | None = None
    results: ResultsBody | None = None
    status_error: UserFacingError | None = None
    results_error: UserFacingError | None = None
    need_status = need_results = True
    retries = 0
    while True:
        fetched = await _fetch(client, inference_id, need_status, need_results, on_progress)
        if need_status:
            status, status_error = fetched[0], fetched[1]
        if need_results:
            results, results_error = fetched[2], fetched[3]
        if retrier is None:
            break
        waiting = [e for e in (status_error, results_error) if isinstance(e, ApiError)]
        waiting = [e for e in waiting if is_retryable(e)]
        delays = [retrier.delay_for(e, retries + 1) for e in waiting]
        if not waiting or any(d is None for d in delays):
            break
        retries += 1
        longest = max(range(len(waiting)), key=lambda i: delays[i] or 0.0)
        await retrier.wait(waiting[longest], retries, delays[longest] or 0.0)
        need_status = status_error in waiting
        need_results = results_error in waiting
    for error in (status_error, results_error):
        if isinstance(error, ApiError):
            note_retries(error, retries)
    return LookupOutcome(status, status_error, results, results_error)


async def _fetch(
    client: LookupClient,
    inference_id: str,
    need_status: bool,
    need_results: bool,
    on_progress: ProgressCallback | None,
) -> tuple[
    InferenceStatus | None, UserFacingError | None, ResultsBody | None, UserFacingError | None
]:
    """The parts asked for, concurrently: (status, its error, results, their error)."""
    status_task = asyncio.ensure_future(client.status(inference_id) if need_status else _nothing())
    results_task = asyncio.ensure_future(
        client.results(inference_id, on_progress) if need_results else _nothing()
    )
    try:
        await asyncio.wait({status_task, results_task})
    finally:
        # A cancelled lookup (Cancel, a new lookup, the window closing) ends only once both
        # requests have wound down. Left behind, they went on running after the window's
        # shutdown, outside the loop, which raised "no running event loop" in httpx/anyio.
        await _cancel_and_wait({status_task, results_task})
    status_error = _expected_error(status_task)
    results_error = _expected_error(results_task)
    return (
        None if status_error else status_task.result(),
        status_error,
        None if results_error else results_task.result(),
        results_error,
    )


async def _cancel_and_wait(tasks: set[asyncio.Future[Any]]) -> None:
    """Cancel `tasks` and wait until each has ended, asking again while one runs on.

    anyio can swallow a cancellation that lands in the same loop turn as one of its own (anyio
    #1214, open, seen in HTTP streaming): the request would then stream on to its deadline and
    Cancel or Ctrl+C would seem to do nothing. Repeating the request is harmless.
    """
    pending = set(tasks)
    while pending:
        for task in pending:
            task.cancel()
        _done, pending = await asyncio.wait(pending, timeout=RECANCEL_INTERVAL_S)


async def _nothing() -> None:
    return None


def _expected_error(task: asyncio.Future[Any]) -> UserFacingError | None:
    """The task's expected failure, if any; anything else is a bug and is raised."""
    error = task.exception()
    if error is None or isinstance(error, UserFacingError):
        return error
    raise error


@dataclass(frozen=True)
class LookupRecord:
    """What a finished lookup is remembered by (history, logs): never the key or the result."""

    inference_id: str
    environment: str
    base_url: str
    started_at: datetime
    duration_s: float
    http_status: int | None
    inference_status: str | None
    model: str | None
    item_count: int | None
    size_bytes: int | None
    error_title: str | None

    @classmethod
    def from_outcome(
        cls,
        outcome: LookupOutcome,
        *,
        inference_id: str,
        environment: str,
        base_url: str,
        started_at: datetime,
        duration_s: float,
    ) -> LookupRecord:
        status, results = outcome.status, outcome.results
        error = outcome.results_error or outcome.status_error
        http_status = results.status_code if results else getattr(error, "status_code", None)
        return cls(
            inference_id=inference_id,
            environment=environment,
            base_url=base_url,
            started_at=started_at,
            duration_s=duration_s,
            http_status=http_status,
            inference_status=status.status if status else None,
            model=status.model if status else None,
            item_count=status.response_item_count if status else None,
            size_bytes=len(results.body) if results else None,
            error_title=error.title if error and not results else None,
        )


@dataclass(frozen=True)
class UnreadableAnswer:
    """A successful answer that is not JSON: its text for the raw view and why it can't open."""

    text: str
    problem: UserFacingError


@dataclass(frozen=True)
class LookupResult:
    """Everything one finished lookup produced: each part of the window takes what it needs.

    `record` is set when the server answered (the history keeps it); `document` when the
    results opened as JSON; `unreadable` when they arrived but are not JSON; `error` when the
    lookup ended without an outcome (for example an unexpected failure).
    """

    request: LookupRequest
    outcome: LookupOutcome | None = None
    record: LookupRecord | None = None
    document: JsonDocument | None = None
    unreadable: UnreadableAnswer | None = None
    error: UserFacingError | None = None

    @property
    def status(self) -> InferenceStatus | None:
        return self.outcome.status if self.outcome is not None else None

    @property
    def body(self) -> bytes | None:
        """The results' bytes as received, when they arrived."""
        results = self.outcome.results if self.outcome is not None else None
        return results.body if results is not None else None
