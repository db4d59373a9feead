"""`StoreWorker`: the batch's saved state (store/batches.py) kept from one worker thread.

The runner saves every change of an ID's state at once; on the window's thread that would be
one sqlite transaction (and a disk sync) per change, hundreds a second in a fast batch. Here
the changes are gathered and written together every `SAVE_EVERY_S`, in the one thread that
owns the store's connection (sqlite3 connections stay in their thread). A process killed
mid-batch loses at most that much of the newest states, and those cost nothing on resume:
a result already in the folder is never fetched again (BatchRunner._prepare).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from vody_desktop.batch.state import ItemState
from vody_desktop.store.batches import BatchStore, SavedBatch
from vody_desktop.store.history import HistoryUnavailableError

logger = logging.getLogger(__name__)
T = TypeVar("T")
SAVE_EVERY_S = 0.25


class StoreWorker:
    """One batch store in one thread; `open()` first, `close()` at the end."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="batch-store")
        self._store: BatchStore | None = None
        self._batch_id = 0
        self._pending: dict[str, ItemState] = {}
        self._timer: asyncio.TimerHandle | None = None
        self._writes: set[asyncio.Future[None]] = set()

    async def _call(self, function: Callable[..., T], *args: object) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, function, *args)

    async def open_batch(
        self,
        *,
        folder: Path,
        base_url: str,
        environment: str,
        ids: Sequence[str],
        options: dict[str, object],
    ) -> SavedBatch:
        """Open the store and the batch (see `BatchStore.open_batch`). Raises
        `HistoryUnavailableError` (the batch can still run, without saved state)."""
        self._store = await self._call(BatchStore, self._path)
        store = self._store

        def open_it() -> SavedBatch:
            return store.open_batch(
                folder=folder, base_url=base_url, environment=environment, ids=ids, options=options
            )

        saved = await self._call(open_it)
        self._batch_id = saved.batch_id
        return saved

    async def saved_ids(self, batch_id: int) -> list[str]:
        """The IDs of a saved batch, in order (for a resume)."""
        if self._store is None:
            self._store = await self._call(BatchStore, self._path)
        items = await self._call(self._store.items, batch_id)
        return [item.inference_id for item in items]

    async def forget(self, batch_id: int) -> None:
        if self._store is None:
            self._store = await self._call(BatchStore, self._path)
        await self._call(self._store.forget, batch_id)

    def save(self, items: list[ItemState]) -> None:
        """Keep these states (written with the others of the next quarter second)."""
        if self._store is None:
            return
        for item in items:
            self._pending[item.inference_id] = item
        if self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(SAVE_EVERY_S, self._flush)

    def _flush(self) -> None:
        self._timer = None
        store, batch = self._store, list(self._pending.values())
        self._pending.clear()
        if store is None or not batch:
            return
        write = asyncio.get_running_loop().run_in_executor(
            self._pool, self._save_quietly, store, self._batch_id, batch
        )
        self._writes.add(write)
        write.add_done_callback(self._writes.discard)

    @staticmethod
    def _save_quietly(store: BatchStore, batch_id: int, items: list[ItemState]) -> None:
        try:
            store.save_items(batch_id, items)
        except HistoryUnavailableError as error:
            # The folder still tells what is done: a resume fetches nothing twice.
            logger.warning("Batch states not saved: %s", error.detail or error.title)

    async def close(self) -> None:
        """Write what is pending, close the store and end the thread."""
        if self._timer is not None:
            self._timer.cancel()
        self._flush()
        if self._writes:
            await asyncio.gather(*self._writes, return_exceptions=True)
        if self._store is not None:
            await self._call(self._store.close)
            self._store = None
        self._pool.shutdown(wait=False)
