"""Runs a batch: looks up each ID with the app's own lookup, paced, and saves what comes back.

For each ID, `look_up` (vody_desktop/lookup.py, as the window and `fetch` use it) asks for the
status and the results at once, through a client whose every request takes a turn from the
batch's one `Pace`. A 429/503 pauses the whole batch (pace.py) and the lookup asks again for
the part that was refused: rate limited is never a final state. What came back is classified:
completed (the results go to disk at once and are dropped: at most `concurrency` results are
in memory), still running, failed, not found, or error (with the app's plain message).

With `wait`, an inference still running is checked again (its status only) at a growing
interval (`waiting.PollPolicy`), and fetched when it has finished.

Every change of an ID's state is saved (store/batches.py) and sent as a `BatchEvent` with the
totals, so a window or the command line shows it. `pause()`, `resume()`, `cancel()` and
`retry_failed()` steer it. The key never leaves the client: no event, state or file holds it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from vody_desktop.api.client import ProgressCallback, VodyClient
from vody_desktop.api.errors import (
    ApiError,
    AuthenticationError,
    InferenceFailedError,
    InferenceNotFoundError,
    InferenceNotReadyError,
    InsecureBaseUrlError,
    InvalidApiKeyError,
    InvalidBaseUrlError,
    MissingApiKeyError,
    PermissionDeniedError,
)
from vody_desktop.api.models import InferenceStatus, ResultsBody
from vody_desktop.api.retry import Clock, Retrier, RetryPolicy, is_retryable, retry_after_of
from vody_desktop.batch.output import BatchOutput, NotJsonError
from vody_desktop.batch.pace import Pace, PaceSettings
from vody_desktop.batch.state import ItemState, ItemStatus, Totals, totals_of
from vody_desktop.document.atomic_write import ExportError
from vody_desktop.errors import UserFacingError
from vody_desktop.lookup import LookupOutcome, look_up
from vody_desktop.waiting import PollPolicy, is_running

logger = logging.getLogger(__name__)
_FAILED_PREFIX = re.compile(r"^\s*(?:the\s+)?inference\s+(?:has\s+)?failed\s*[:.,;-]?\s*", re.I)
T = TypeVar("T")

#: Errors that would end every other lookup the same way: the batch stops at the first.
FATAL_ERRORS = (
    AuthenticationError,
    PermissionDeniedError,
    MissingApiKeyError,
    InvalidApiKeyError,
    InvalidBaseUrlError,
    InsecureBaseUrlError,
)
NOT_JSON_MESSAGE = (
    "The results are not valid JSON (cut off, or not JSON at all), so they were not saved"
)
#: How often the summary file is rewritten while the batch runs (and once at the end).
SUMMARY_EVERY_S = 1.0


@dataclass(frozen=True)
class BatchOptions:
    concurrency: int = 4
    wait: bool = False  # check inferences still running again until they finish
    poll: PollPolicy = field(default_factory=PollPolicy)
    #: Automatic retries of one request refused with 429/503 before its ID ends as an error.
    max_limit_retries: int = 20


@dataclass(frozen=True)
class BatchEvent:
    """Something changed: `item` (None when only the totals or the pause changed)."""

    item: ItemState | None
    totals: Totals
    #: The whole batch waits this long for the server's limit (0 when it does not).
    paused_for_s: float = 0.0
    finished: bool = False


EventSink = Callable[[BatchEvent], None]


class _LimitRetrier(Retrier):
    """Tells `look_up` to ask again after a 429/503 without waiting itself: the next request
    waits for its turn from the pace, which holds the whole batch's pause."""

    def __init__(self, max_retries: int) -> None:
        super().__init__(RetryPolicy(max_retries=max_retries))

    def delay_for(self, error: BaseException, retry_number: int) -> float | None:
        if not is_retryable(error) or retry_number > self.policy.max_retries:
            return None
        return 0.0

    async def wait(self, error: ApiError, retry_number: int, delay_s: float) -> None:
        return None


class _PacedClient:
    """One ID's view of the client: every request takes a turn from the pace first."""

    def __init__(self, client: VodyClient, pace: Pace, on_limit: Callable[[float], None]) -> None:
        self._client = client
        self._pace = pace
        self._on_limit = on_limit

    async def status(self, inference_id: str) -> InferenceStatus:
        return await self._paced(lambda: self._client.status(inference_id))

    async def results(
        self, inference_id: str, on_progress: ProgressCallback | None = None
    ) -> ResultsBody:
        return await self._paced(lambda: self._client.results(inference_id, on_progress))

    async def _paced(self, call: Callable[[], Awaitable[T]]) -> T:
        async with self._pace.slot() as slot:
            try:
                value = await call()
            except ApiError as error:
                if is_retryable(error):
                    self._on_limit(slot.limit(retry_after_of(error)))
                elif error.status_code is not None:
                    slot.answered()  # the server answered (404, 409, 500…): not a limit
                raise
            slot.answered()
            return value


@dataclass
class _Run:
    queue: asyncio.Queue[str] = field(default_factory=asyncio.Queue)
    polls: set[asyncio.Task[None]] = field(default_factory=set)
    polled: set[str] = field(default_factory=set)  # IDs still running, to be checked again
    outstanding: int = 0
    all_done: asyncio.Event = field(default_factory=asyncio.Event)
    started: float = 0.0
    ended_here: int = 0


class BatchRunner:
    """One batch over one client. `items` come from `BatchStore.open_batch` (or are made
    fresh); `save` keeps changed states (e.g. `BatchStore.save_items` bound to the batch)."""

    def __init__(
        self,
        client: VodyClient,
        items: list[ItemState],
        output: BatchOutput,
        *,
        options: BatchOptions = BatchOptions(),
        on_event: EventSink | None = None,
        save: Callable[[list[ItemState]], None] | None = None,
        pace: Pace | None = None,
        clock: Clock = time.monotonic,
    ) -> None:
        self._client = client
        self._items = list(items)
        self._index = {item.inference_id: i for i, item in enumerate(self._items)}
        self.output = output
        self.options = options
        self._on_event = on_event
        self._save = save
        self.pace = pace or Pace(PaceSettings(concurrency=options.concurrency), clock=clock)
        self._clock = clock
        self._go = asyncio.Event()
        self._go.set()
        self._run: _Run | None = None
        self._workers: list[asyncio.Task[None]] = []
        self._summary_at = -1e9
        self._summary_task: asyncio.Future[None] | None = None
        #: Why the batch stopped early (a refused key, a folder that cannot be written).
        self.fatal: UserFacingError | None = None
        self.cancelled = False

    # -- what the view reads ---------------------------------------------------------------
    @property
    def items(self) -> list[ItemState]:
        return list(self._items)

    def totals(self) -> Totals:
        run = self._run
        per_item = None
        if run is not None and run.ended_here:
            per_item = (self._clock() - run.started) / run.ended_here
        return totals_of(self._items, per_item, run.polled if run is not None else ())

    @property
    def paused(self) -> bool:
        return not self._go.is_set()

    # -- steering ----------------------------------------------------------------------------
    def pause(self) -> None:
        """Start no new lookup (those under way finish)."""
        self._go.clear()

    def resume(self) -> None:
        self._go.set()

    def cancel(self) -> None:
        """Stop now: lookups under way are cancelled and their IDs stay queued."""
        self.cancelled = True
        for worker in self._workers:
            worker.cancel()

    def retry_failed(self) -> int:
        """Queue again every ID that ended with an error or still running (not "failed" or
        "not found": those are the server's answers). Returns how many; a batch that has
        finished runs them with another `run()`."""
        again = [
            item for item in self._items if item.status in (ItemStatus.ERROR, ItemStatus.RUNNING)
        ]
        for item in again:
            self._set(item.but(status=ItemStatus.QUEUED, message=""))
            if self._run is not None and not self._run.all_done.is_set():
                self._run.outstanding += 1
                self._run.queue.put_nowait(item.inference_id)
        return len(again)

    # -- running -----------------------------------------------------------------------------
    async def run(self) -> list[ItemState]:
        """Look up every ID not done yet; returns the items. Raises nothing expected: a stop
        for a reason that concerns every ID is in `fatal`."""
        self.fatal = None
        self.cancelled = False
        await asyncio.to_thread(self.output.open)
        run = self._run = _Run(started=self._clock())
        for item in list(self._items):
            todo = self._prepare(item)
            if todo:
                run.outstanding += 1
                run.queue.put_nowait(item.inference_id)
        self._emit(None)
        if run.outstanding == 0:
            run.all_done.set()
        workers = max(1, self.options.concurrency)
        self._workers = [asyncio.create_task(self._work(run)) for _ in range(workers)]
        try:
            waiter = asyncio.ensure_future(run.all_done.wait())
            await asyncio.wait([waiter, *self._workers], return_when=asyncio.FIRST_COMPLETED)
            waiter.cancel()
        finally:
            for task in [*self._workers, *run.polls]:
                task.cancel()
            ended = await asyncio.gather(*self._workers, *run.polls, return_exceptions=True)
            self._workers = []
            for item in self._items:
                if item.status in (ItemStatus.FETCHING, ItemStatus.WAITING):
                    self._set(item.but(status=ItemStatus.QUEUED, message=""))
            if self._summary_task is not None:
                await asyncio.gather(self._summary_task, return_exceptions=True)
            await asyncio.to_thread(self.output.write_summary, list(self._items))
            self._emit(None, finished=True)
        for outcome in ended:
            # A bug in a worker must not pass for a finished batch (cancellations are ours).
            if isinstance(outcome, Exception):
                raise outcome
        return self.items

    def _prepare(self, item: ItemState) -> bool:
        """Settle what an earlier run left; True when the ID must be looked up."""
        if item.status is ItemStatus.COMPLETED and self.output.has_result(
            item.inference_id, None if self.output.jsonl else item.size_bytes
        ):
            return False
        if item.status in (ItemStatus.FAILED, ItemStatus.NOT_FOUND):
            return False
        if self.output.has_result(item.inference_id):
            # Saved by a run that stopped before it could note it: not fetched again.
            self._set(
                item.but(
                    status=ItemStatus.COMPLETED,
                    file=self.output.file_name(item.inference_id),
                    size_bytes=None if self.output.jsonl else self._file_size(item),
                    message="Saved by an earlier run",
                )
            )
            return False
        if item.status is not ItemStatus.QUEUED:
            self._set(item.but(status=ItemStatus.QUEUED, message=""))
        return True

    def _file_size(self, item: ItemState) -> int | None:
        try:
            return (self.output.folder / self.output.file_name(item.inference_id)).stat().st_size
        except OSError:
            return None

    async def _work(self, run: _Run) -> None:
        while True:
            inference_id = await run.queue.get()
            await self._go.wait()
            try:
                ended = await self._look_up(inference_id)
            except _BatchStoppedError as stop:
                self.fatal = stop.error
                run.all_done.set()
                return
            if ended:
                run.ended_here += 1
                run.outstanding -= 1
                if run.outstanding <= 0:
                    run.all_done.set()
                    return

    async def _look_up(self, inference_id: str) -> bool:
        """One ID; True when it has ended (False: a poll was scheduled)."""
        item = self._item(inference_id)
        self._set(item.but(status=ItemStatus.FETCHING, message=""))
        paced = _PacedClient(self._client, self.pace, lambda s: self._limited(inference_id, s))
        started = self._clock()
        outcome = await look_up(
            paced, inference_id, retrier=_LimitRetrier(self.options.max_limit_retries)
        )
        duration = self._clock() - started
        updated = await self._classify(self._item(inference_id), outcome, duration)
        del outcome  # the results' bytes are on disk now; keep them no longer
        if updated.status is ItemStatus.RUNNING and self.options.wait:
            assert self._run is not None
            self._run.polled.add(inference_id)
            self._set(updated.but(message="Still running: checked again later"))
            self._schedule_poll(inference_id, 1)
            return False
        self._set(updated)
        return True

    async def _classify(
        self, item: ItemState, outcome: LookupOutcome, duration_s: float
    ) -> ItemState:
        status = outcome.status
        base = item.but(
            model=status.model if status else item.model,
            items=status.response_item_count if status else item.items,
            duration_s=duration_s,
        )
        results = outcome.results
        if results is not None:
            try:
                name = await self._save_result(item, results.body)
            except ExportError as error:
                raise _BatchStoppedError(error) from None
            except NotJsonError:
                return base.but(
                    status=ItemStatus.ERROR,
                    http_status=results.status_code,
                    size_bytes=len(results.body),
                    message=NOT_JSON_MESSAGE,
                )
            return base.but(
                status=ItemStatus.COMPLETED,
                http_status=results.status_code,
                size_bytes=len(results.body),
                file=name,
                message="",
            )
        errors = [e for e in (outcome.results_error, outcome.status_error) if e is not None]
        for problem in errors:
            if isinstance(problem, FATAL_ERRORS):
                raise _BatchStoppedError(problem)
        code = next((e.status_code for e in errors if isinstance(e, ApiError)), None)
        kinds = (
            (InferenceNotFoundError, ItemStatus.NOT_FOUND),
            (InferenceFailedError, ItemStatus.FAILED),
            (InferenceNotReadyError, ItemStatus.RUNNING),
        )
        for kind, state in kinds:
            found = next((e for e in errors if isinstance(e, kind)), None)
            if found is not None:
                return base.but(
                    status=state,
                    http_status=found.status_code,
                    message=_message(found),
                )
        if status is not None and is_running(status):
            return base.but(status=ItemStatus.RUNNING, message="This inference is still running")
        first = errors[0] if errors else None
        return base.but(
            status=ItemStatus.ERROR,
            http_status=code,
            message=_message(first) if first else "No answer",
        )

    async def _save_result(self, item: ItemState, body: bytes) -> str:
        """Write the result's file in a worker thread. A cancel (the batch stops) while it is
        written waits for the thread, which writes on regardless, and records the ID as
        completed: a stopped batch never leaves a file its state does not know of."""
        saving = asyncio.ensure_future(asyncio.to_thread(self.output.save, item.inference_id, body))
        try:
            return await asyncio.shield(saving)
        except asyncio.CancelledError:
            try:
                name = await saving
            except (ExportError, NotJsonError):
                raise asyncio.CancelledError from None
            self._set(
                item.but(status=ItemStatus.COMPLETED, size_bytes=len(body), file=name, message="")
            )
            raise

    def _schedule_poll(self, inference_id: str, check: int) -> None:
        run = self._run
        assert run is not None
        task = asyncio.create_task(self._poll(run, inference_id, check))
        run.polls.add(task)
        task.add_done_callback(run.polls.discard)

    async def _poll(self, run: _Run, inference_id: str, check: int) -> None:
        await asyncio.sleep(self.options.poll.interval(check))
        await self._go.wait()
        paced = _PacedClient(self._client, self.pace, lambda s: self._limited(inference_id, s))
        try:
            status = await _LimitRetrier(self.options.max_limit_retries).call(
                lambda: paced.status(inference_id)
            )
        except ApiError as failure:
            if isinstance(failure, FATAL_ERRORS):
                self.fatal = failure
                run.all_done.set()
                return
            status = None
        if status is not None and is_running(status):
            self._schedule_poll(inference_id, check + 1)
            return
        run.polled.discard(inference_id)
        run.queue.put_nowait(inference_id)  # finished (or unknown): a full lookup, in turn

    def _limited(self, inference_id: str, pause_s: float) -> None:
        item = self._item(inference_id)
        seconds = max(1, round(pause_s))
        self._set(
            item.but(
                status=ItemStatus.WAITING,
                message=f"Too many requests: the batch waits {seconds} s",
            ),
            paused_for_s=pause_s,
        )

    # -- state -------------------------------------------------------------------------------
    def _item(self, inference_id: str) -> ItemState:
        return self._items[self._index[inference_id]]

    def _set(self, item: ItemState, *, paused_for_s: float = 0.0) -> None:
        self._items[self._index[item.inference_id]] = item
        if self._save is not None:
            self._save([item])
        self._emit(item, paused_for_s=paused_for_s)
        now = self._clock()
        writing = self._summary_task is not None and not self._summary_task.done()
        if item.status.ended and now - self._summary_at >= SUMMARY_EVERY_S and not writing:
            self._summary_at = now
            # In a worker thread: 10,000 rows take about 30 ms, too long for a window's loop.
            self._summary_task = asyncio.ensure_future(
                asyncio.to_thread(self._write_summary_quietly, list(self._items))
            )

    def _write_summary_quietly(self, items: list[ItemState]) -> None:
        # A summary that cannot be written now is written again at the end (which reports).
        with contextlib.suppress(ExportError):
            self.output.write_summary(items)

    def _emit(
        self, item: ItemState | None, *, paused_for_s: float = 0.0, finished: bool = False
    ) -> None:
        if self._on_event is not None:
            self._on_event(BatchEvent(item, self.totals(), paused_for_s, finished))


class _BatchStoppedError(Exception):
    def __init__(self, error: UserFacingError) -> None:
        super().__init__(error.title)
        self.error = error


def _message(error: UserFacingError) -> str:
    """The app's plain words for what happened to one ID (one line for a table or CSV)."""
    text = error.title
    server = getattr(error, "server_message", None)
    if isinstance(error, InferenceFailedError) and server:
        # The sandbox (and perhaps the service) starts with "Inference failed:" itself.
        reason = _FAILED_PREFIX.sub("", server)
        text = f"{text}: {reason}" if reason else text
    return " ".join(text.split())
