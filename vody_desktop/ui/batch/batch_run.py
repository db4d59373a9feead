"""`BatchRun`: runs one batch for the batch window (a QObject without widgets).

Reads the environment and the key from the main window's lookup form (`LookupSource`) when a
run starts and hands the key to the run's client only: it is dropped with the client when the
run ends (retrying reads it again). Every run opens the batch in the store (store_worker.py):
starting, resuming and retrying are one path, and what is already done is never fetched again
(the runner skips completed IDs whose file is in the folder and the server's final answers).

The runner's events update the table model directly (the model repaints in batches, see
table_model.py); the totals reach the window at most ten times a second (`progressChanged`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from vody_desktop.api.client import ClientSettings, VodyClient
from vody_desktop.api.errors import MissingApiKeyError
from vody_desktop.batch.output import BatchOutput
from vody_desktop.batch.runner import BatchEvent, BatchOptions, BatchRunner
from vody_desktop.batch.state import ItemState, ItemStatus, Totals, totals_of
from vody_desktop.errors import UserFacingError
from vody_desktop.store.history import HistoryUnavailableError
from vody_desktop.ui.batch.store_worker import StoreWorker
from vody_desktop.ui.batch.table_model import BatchTableModel
from vody_desktop.ui.tasks import SHUTDOWN_WAIT_S, TaskOwner

logger = logging.getLogger(__name__)
PROGRESS_MS = 100


class LookupSource(Protocol):
    """What the batch reads from the main window's lookup form, when a run starts."""

    def base_url(self) -> str: ...
    def environment_label(self) -> str: ...
    def api_key(self) -> str: ...


@dataclass(frozen=True)
class BatchPlan:
    """What one run looks up: the IDs, where they go, and on which server."""

    ids: tuple[str, ...]
    folder: Path
    base_url: str
    environment: str
    wait: bool = False


class BatchRun(QObject):
    """One batch at a time; see the module docstring."""

    #: The batch's `Totals` (at most every `PROGRESS_MS`).
    progressChanged = Signal(object)
    #: Whether a run is under way.
    runningChanged = Signal(bool)
    #: Whether the run is paused (by the person).
    pausedChanged = Signal(bool)
    #: A run ended: cancelled (True) or not.
    ended = Signal(bool)
    #: A `UserFacingError` that concerns the whole batch (a refused key, an unwritable folder).
    failed = Signal(object)
    #: Something to tell without stopping (the state cannot be saved).
    notice = Signal(str, str)

    def __init__(
        self,
        model: BatchTableModel,
        database: Path,
        client_settings: Callable[[], ClientSettings],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self._database = database
        self._client_settings = client_settings
        self._tasks = TaskOwner()
        self._runner: BatchRunner | None = None
        self._task: asyncio.Task[None] | None = None
        self._active = False
        self.plan: BatchPlan | None = None
        self.totals: Totals | None = None
        self._progress = QTimer(self)
        self._progress.setSingleShot(True)
        self._progress.setInterval(PROGRESS_MS)
        self._progress.timeout.connect(self._on_progress_timeout)

    @property
    def running(self) -> bool:
        """A run is under way (until just before `runningChanged(False)`)."""
        return self._active

    @property
    def paused(self) -> bool:
        return self._runner is not None and self._runner.paused

    # -- starting ----------------------------------------------------------------------------
    def start(self, plan: BatchPlan, source: LookupSource) -> None:
        """Run `plan` with the form's key. Raises `UserFacingError` (no key, a bad address)
        before anything starts; a second start while one runs is ignored."""
        if self.running:
            return
        key = source.api_key().strip()
        if not key:
            raise MissingApiKeyError()
        client = VodyClient(plan.base_url, key, settings=self._client_settings())
        del key
        self.plan = plan
        self._active = True
        self.model.set_items(ItemState(iid, n) for n, iid in enumerate(plan.ids))
        self._task = self._tasks.spawn(self._run(client, plan))
        self.runningChanged.emit(True)  # at once: the window shows "Starting…" from now

    async def saved_ids(self, batch_id: int) -> list[str]:
        worker = StoreWorker(self._database)
        try:
            return await worker.saved_ids(batch_id)
        finally:
            await worker.close()

    async def forget(self, batch_id: int) -> None:
        worker = StoreWorker(self._database)
        try:
            await worker.forget(batch_id)
        finally:
            await worker.close()

    async def _run(self, client: VodyClient, plan: BatchPlan) -> None:
        worker = StoreWorker(self._database)
        cancelled = False
        try:
            items = await self._open(worker, plan)
            self.model.set_items(items)
            self.totals = totals_of(items, None)
            runner = self._runner = BatchRunner(
                client,
                items,
                BatchOutput(plan.folder),
                options=BatchOptions(wait=plan.wait),
                on_event=self._on_event,
                save=worker.save,
            )
            await runner.run()
            cancelled = runner.cancelled
            if runner.fatal is not None:
                self.failed.emit(runner.fatal)
        except UserFacingError as error:  # the folder cannot be made, for one
            self.failed.emit(error)
        finally:
            await worker.close()
            with contextlib.suppress(Exception):
                await client.aclose()
            # The runner holds the client, which holds the key: neither outlives the run.
            self._runner = None
            del client
            self._on_progress_timeout()
            self.model.flush()
            self._active = False
            self.runningChanged.emit(False)
            self.pausedChanged.emit(False)
        self.ended.emit(cancelled)

    async def _open(self, worker: StoreWorker, plan: BatchPlan) -> list[ItemState]:
        try:
            saved = await worker.open_batch(
                folder=plan.folder,
                base_url=plan.base_url,
                environment=plan.environment,
                ids=plan.ids,
                options={"concurrency": BatchOptions().concurrency, "wait": plan.wait},
            )
        except HistoryUnavailableError as error:
            self.notice.emit(
                f"{error.title}: the batch goes on without saving its progress",
                "Results already in the folder are still not fetched again.",
            )
            return [ItemState(iid, n) for n, iid in enumerate(plan.ids)]
        return saved.items

    # -- steering ----------------------------------------------------------------------------
    def pause(self) -> None:
        if self._runner is not None and self.running:
            self._runner.pause()
            self.pausedChanged.emit(True)

    def resume(self) -> None:
        if self._runner is not None:
            self._runner.resume()
            self.pausedChanged.emit(False)

    def cancel(self) -> None:
        if self._runner is not None and self.running:
            self._runner.resume()  # a paused worker must wake up to see its cancellation
            self._runner.cancel()

    def retry_failed(self, source: LookupSource) -> int:
        """Ask again for the IDs that ended with an error or still running; returns how
        many. While a run is under way they join its queue; after it, a new run takes them
        (with the form's key, read again now)."""
        if self.running and self._runner is not None:
            return self._runner.retry_failed()
        plan = self.plan
        retried = (ItemStatus.ERROR, ItemStatus.RUNNING)
        again = sum(1 for item in self.model.items if item.status in retried)
        if plan is None or not again:
            return 0
        self.start(plan, source)
        return again

    # -- events ------------------------------------------------------------------------------
    def _on_event(self, event: BatchEvent) -> None:
        if event.item is not None:
            self.model.update(event.item)
        if event.paused_for_s > 0:
            self.model.wait_for(event.paused_for_s)
        self.totals = event.totals
        if event.finished:
            self._on_progress_timeout()
        elif not self._progress.isActive():
            self._progress.start()

    def _on_progress_timeout(self) -> None:
        self._progress.stop()
        if self.totals is not None:
            self.progressChanged.emit(self.totals)

    async def shutdown(self) -> None:
        """Stop the run in order (states saved, summary written) and wait for it."""
        self.cancel()
        task = self._task
        if task is not None and not task.done():
            # Not cancelled: the runner's own cancel ends it after saving the states and
            # writing the summary, which a task cancellation would cut short.
            await asyncio.wait({task}, timeout=SHUTDOWN_WAIT_S)
        await self._tasks.shutdown()
