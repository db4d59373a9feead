"""`LookupController`: runs the window's lookups, with no widgets of its own.

It owns what a lookup needs between the form and the screen: the HTTP client (one per address,
key and network settings, closed when replaced), the running task (a new lookup cancels the
one in flight), the retry layer and the waiting for an unfinished inference. It speaks only in
signals: `started` when a lookup begins, `busyChanged`, `progress` and `notice` while it runs,
and one `finished(LookupResult)` at its end, which carries everything the parts of the window
need: the request, the outcome, the record for the history, the opened document or the answer
that could not be opened. A cancelled lookup ends without `finished`.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
import traceback
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Signal

from vody_desktop.api.bodies import decode_text
from vody_desktop.api.client import ClientSettings, VodyClient
from vody_desktop.api.models import ResultsBody
from vody_desktop.api.redaction import redact
from vody_desktop.api.retry import Retrier, RetryPolicy
from vody_desktop.document.errors import InvalidJsonError
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.errors import UserFacingError
from vody_desktop.lookup import (
    LookupOutcome,
    LookupRecord,
    LookupRequest,
    LookupResult,
    UnreadableAnswer,
    look_up,
)
from vody_desktop.store.network_settings import client_settings_from, retry_policy_from
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui import warm_imports
from vody_desktop.ui.tasks import TaskOwner
from vody_desktop.unreadable import unreadable_result
from vody_desktop.waiting import PollPolicy, wait_until_finished
from vody_desktop.words import human_size

log = logging.getLogger(__name__)
#: A body that is not JSON is shown as text up to this many bytes (the whole can be saved).
UNREADABLE_PREVIEW_BYTES = 1_000_000
FETCHING = "Fetching…"
WAITING = "Waiting…"


class UnexpectedLookupError(UserFacingError):
    """A bug stopped the lookup: said plainly, with the (redacted) traceback as details."""

    title = "Something unexpected went wrong"
    advice = (
        "The lookup stopped. Try again; if it keeps happening, copy the details into a support "
        "ticket."
    )


class LookupController(QObject):
    """Runs one lookup (or wait) at a time; see the module docstring."""

    #: A `LookupRequest` is being looked up: the result on show is not its answer.
    started = Signal(object)
    #: Whether a lookup or wait runs, and what it does ("Fetching…", "Waiting…").
    busyChanged = Signal(bool, str)
    #: Bytes of the results received so far.
    progress = Signal(int)
    #: A `RetryNotice`: a countdown before asking again (seconds_left 0 ends it).
    notice = Signal(object)
    #: A `WaitProgress` while waiting for an unfinished inference.
    waitProgress = Signal(object)
    #: A `UserFacingError` that ended a wait before any lookup.
    waitFailed = Signal(object)
    #: The request and final `InferenceStatus` of a wait that ended in a lookup.
    waitEnded = Signal(object, object)
    #: One `LookupResult` for every lookup that ran to its end.
    finished = Signal(object)
    #: A lookup's task has ended, in any way: finished, failed or cancelled.
    ended = Signal()
    #: A request has been sent in full (its path, such as "/inference/ID/results").
    requestSent = Signal(str)

    def __init__(
        self,
        settings: AppSettings,
        *,
        client_settings: ClientSettings | None = None,
        retry_policy: RetryPolicy | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        # None: built from the settings for each lookup, so changed preferences apply at once.
        self._fixed_client_settings = client_settings
        self._fixed_retry_policy = retry_policy
        self.poll_policy = PollPolicy()
        self._client: VodyClient | None = None
        self._client_key: tuple[str, str, ClientSettings] | None = None
        self._task: asyncio.Task[None] | None = None
        # Every task until it has ended: a cancelled lookup winds down its requests for a few
        # loop turns, and shutdown() waits for that.
        self._tasks = TaskOwner()
        #: Set once the running lookup's request for the results has been sent.
        self._results_sent = asyncio.Event()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    @property
    def idle(self) -> bool:
        """Nothing is left: no lookup, wait or client closing, not even one winding down."""
        return self._tasks.idle

    def start(self, request: LookupRequest) -> None:
        """Look up `request`, cancelling the lookup in flight."""
        self.cancel()
        self.started.emit(request)
        self._results_sent = asyncio.Event()
        self._task = self._tasks.spawn(self._run_lookup(request))

    async def results_requested(self, timeout_s: float) -> bool:
        """Wait until the running lookup has sent its request for the results (True), or has
        ended, or `timeout_s` has passed (False)."""
        task, sent = self._task, self._results_sent
        if task is None or task.done():
            return sent.is_set()
        waiting = asyncio.ensure_future(sent.wait())
        try:
            await asyncio.wait(
                {waiting, task}, timeout=timeout_s, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            waiting.cancel()
        return sent.is_set()

    def wait(self, request: LookupRequest) -> None:
        """Check `request`'s inference now and then until it has finished, then look it up."""
        self.cancel()
        self._task = self._tasks.spawn(self._run_wait(request))

    def cancel(self) -> bool:
        """Stop the lookup or wait in flight; True when one was running."""
        task, self._task = self._task, None
        if task is None or task.done():
            return False
        task.cancel()
        self.busyChanged.emit(False, "")
        return True

    def client_for(self, request: LookupRequest) -> VodyClient:
        """The client for `request`'s address and key (a new one when they or the network
        preferences changed; the old one is closed)."""
        settings = self._fixed_client_settings or client_settings_from(self._settings)
        key = (request.base_url, request.api_key, settings)
        if self._client is None or key != self._client_key:
            if self._client is not None:
                self._tasks.spawn(self._client.aclose())
            warm_imports.wait()  # the client imports the network stack the worker imports
            self._client = VodyClient(
                request.base_url, request.api_key, settings=settings, on_sent=self._on_sent
            )
            self._client_key = key
        return self._client

    async def shutdown(self) -> None:
        """Cancel what runs, wait for it to wind down, close the connection pool."""
        self.cancel()
        await self._tasks.shutdown()
        if self._client is not None:
            with contextlib.suppress(Exception):
                await self._client.aclose()
            self._client = None

    # -- running -------------------------------------------------------------------------
    def _on_sent(self, path: str) -> None:
        if path.endswith("/results"):
            self._results_sent.set()
        self.requestSent.emit(path)

    def _retrier(self) -> Retrier:
        policy = self._fixed_retry_policy or retry_policy_from(self._settings)
        return Retrier(policy, on_notice=self.notice.emit)

    def _end_if_current(self) -> None:
        if asyncio.current_task() is self._task:
            self._task = None
            self.busyChanged.emit(False, "")

    async def _run_lookup(self, request: LookupRequest) -> None:
        self.busyChanged.emit(True, FETCHING)
        try:
            try:
                result = await self._look_up(request)
            finally:
                self._end_if_current()
            self.finished.emit(result)
        finally:
            self.ended.emit()

    async def _run_wait(self, request: LookupRequest) -> None:
        self.busyChanged.emit(True, WAITING)
        try:
            await warm_imports.ready()
            status = await wait_until_finished(
                self.client_for(request),
                request.inference_id,
                policy=self.poll_policy,
                retrier=self._retrier(),
                on_progress=self.waitProgress.emit,
            )
        except UserFacingError as error:
            self._end_if_current()
            self.waitFailed.emit(error)
            return
        self.started.emit(request)
        await self._run_lookup(request)
        self.waitEnded.emit(request, status)

    async def _look_up(self, request: LookupRequest) -> LookupResult:
        started_at = datetime.now(UTC)
        started = time.monotonic()
        # The log's mark that a lookup is under way (its end is logged below).
        log.info("Lookup %s on %s started", request.inference_id, request.environment)
        try:
            await warm_imports.ready()  # not client_for's wait(): the window paints meanwhile
            outcome = await look_up(
                self.client_for(request),
                request.inference_id,
                lambda received, _total: self.progress.emit(received),
                retrier=self._retrier(),
            )
            record = LookupRecord.from_outcome(
                outcome,
                inference_id=request.inference_id,
                environment=request.environment,
                base_url=request.base_url,
                started_at=started_at,
                duration_s=time.monotonic() - started,
            )
            result = await opened_result(request, outcome, record)
        except UserFacingError as error:
            return LookupResult(request, error=error)
        except Exception as error:  # a bug: say so plainly, keep the window usable
            log.exception("Unexpected error during a lookup")
            detail = redact("".join(traceback.format_exception(error)), request.api_key)
            return LookupResult(request, error=UnexpectedLookupError(detail=detail))
        _log_end(result.record or record)
        return result


async def opened_result(
    request: LookupRequest, outcome: LookupOutcome, record: LookupRecord
) -> LookupResult:
    """The result with its results parsed (off the UI thread), or kept as text when they are
    not JSON; the history's record then names the problem."""
    if outcome.results is None:
        return LookupResult(request, outcome, record)
    try:
        document = await asyncio.to_thread(JsonDocument.parse, outcome.results.body)
    except InvalidJsonError as error:
        unreadable = await _unreadable(request, outcome.results, error)
        if not record.error_title:
            record = dataclasses.replace(record, error_title=unreadable.problem.title)
        return LookupResult(request, outcome, record, unreadable=unreadable)
    return LookupResult(request, outcome, record, document=document)


async def _unreadable(
    request: LookupRequest, results: ResultsBody, error: InvalidJsonError
) -> UnreadableAnswer:
    """A body that is not JSON: safe text for the raw view, and what went wrong."""
    body = results.body
    text = await asyncio.to_thread(
        decode_text, body[:UNREADABLE_PREVIEW_BYTES], results.content_type, request.api_key
    )
    if len(body) > UNREADABLE_PREVIEW_BYTES:
        text += f"\n\n… The first {human_size(UNREADABLE_PREVIEW_BYTES)} are shown."
    problem = unreadable_result(
        results, error, custom_address=request.custom_address, secret=request.api_key
    )
    return UnreadableAnswer(text, problem)


def _log_end(record: LookupRecord) -> None:
    log.info(
        "Lookup %s on %s: HTTP %s, %s, %.2f s",
        record.inference_id,
        record.environment,
        record.http_status,
        record.error_title or record.inference_status or "no status",
        record.duration_s,
    )
