"""`HistoryWorker`: every history database call runs on one worker thread, in order.

The UI thread never waits for SQLite: it submits a job (a function of the `HistoryStore`) and
gets the answer back through a queued signal. One thread owns the one connection, so jobs run
in the order they were given (an add, then the refreshed list, sees the new row). When the
database cannot be opened or fails, `failed` carries the message and the history switches off.

Review verdicts live in the same file (store/reviews.py): `submit_review` runs a job of the
`ReviewStore` on the same thread, in the same order as the history's jobs, with a connection of
its own opened there on first use (sqlite3 connections stay on the thread that made them).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from vody_desktop.errors import UserFacingError
from vody_desktop.store.history import HistoryStore, HistoryUnavailableError, open_history
from vody_desktop.store.reviews import ReviewStore

log = logging.getLogger(__name__)

Job = Callable[[HistoryStore], Any]
ReviewJob = Callable[[ReviewStore], Any]
Done = Callable[[Any], None]


class HistoryWorker(QObject):
    """Runs history jobs on one thread; `available` is False once the database has failed."""

    #: A `UserFacingError` to show: the history could not be opened, or stopped working.
    failed = Signal(object)
    #: A `UserFacingError` to show, while the history keeps working (a damaged file was replaced).
    notice = Signal(object)
    _finished = Signal(object, object)

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.available = True
        self._store: HistoryStore | None = None
        self._reviews: ReviewStore | None = None
        self._executor: ThreadPoolExecutor | None = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="history"
        )
        self._finished.connect(self._on_finished)
        self._executor.submit(self._open)

    def _open(self) -> None:
        self._store, problem = open_history(self.path)
        if self._store is None:
            self._finished.emit(self._fail, problem)
        elif problem is not None:
            self._finished.emit(self.notice.emit, problem)

    def submit(self, job: Job, done: Done | None = None) -> None:
        """Run `job(store)` on the worker thread, then `done(result)` on the UI thread."""
        if self._executor is None or not self.available:
            return
        self._executor.submit(self._run, job, done)

    def _run(self, job: Job, done: Done | None) -> None:
        store = self._store
        if store is None:
            return
        try:
            result = job(store)
        except HistoryUnavailableError as error:
            self._finished.emit(self._fail, error)
            return
        except Exception as error:  # a bug: log it, say the history stopped, keep the app
            log.exception("A history job failed")
            self._finished.emit(self._fail, HistoryUnavailableError(detail=repr(error)))
            return
        if done is not None:
            self._finished.emit(done, result)

    def submit_review(self, job: ReviewJob, done: Done | None = None) -> None:
        """Run `job(review_store)` on the worker thread, after the jobs given before it."""
        self.submit(lambda store: job(self._review_store(store)), done)

    def call_review(self, job: ReviewJob) -> Any:
        """Run `job(review_store)` on the worker thread and wait for its answer. Only from
        another worker thread (opening a review off the UI thread); raises
        `HistoryUnavailableError` when the history is off or fails."""
        executor = self._executor
        if executor is None or not self.available:
            raise HistoryUnavailableError(detail="The history is off.")

        def run() -> Any:
            store = self._store
            if store is None:
                raise HistoryUnavailableError(detail="The history is off.")
            return job(self._review_store(store))

        try:
            future = executor.submit(run)
        except RuntimeError:  # the window closed meanwhile: the executor takes no more jobs
            raise HistoryUnavailableError(detail="The history is closed.") from None
        return future.result()

    def reviews_of(self, store: HistoryStore) -> ReviewStore:
        """Within a history job: the review tables of the same file (opened on first use)."""
        return self._review_store(store)

    def _review_store(self, store: HistoryStore) -> ReviewStore:
        if self._reviews is None:
            self._reviews = ReviewStore.beside(store)
        return self._reviews

    def _on_finished(self, callback: Done, result: object) -> None:
        callback(result)

    def _fail(self, error: UserFacingError) -> None:
        if self.available:
            self.available = False
            log.warning("History switched off: %s", error.title)
            self.failed.emit(error)

    def close(self) -> None:
        """Finish the jobs already given (writes are kept), then close the database."""
        executor, self._executor = self._executor, None
        if executor is None:
            return
        executor.submit(self._close_store)
        executor.shutdown(wait=True)

    def _close_store(self) -> None:
        if self._reviews is not None:
            self._reviews.close()
            self._reviews = None
        if self._store is not None:
            self._store.close()
            self._store = None

    def wait_idle(self) -> None:
        """Block until the jobs given so far have run (tests and benchmarks)."""
        if self._executor is not None:
            self._executor.submit(lambda: None).result()
