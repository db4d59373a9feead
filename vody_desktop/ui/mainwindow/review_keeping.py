"""`QueuedReviews`: a review session's store that writes on the history's worker thread.

A verdict key press must not wait for SQLite: the write itself is ~0.1 ms, but a commit that
triggers a checkpoint of the write-ahead log takes 10-20 ms, and a history job writing a large
offline copy holds the file's write lock for longer. So writes are handed to the history worker
(`HistoryWorker.submit_review`), one thread, in the order they were given, each committed on
its own; `written` counts those done, so a test (or a person closing the window) knows they
are in the file. Reads (opening a review, the reports' details) wait for the worker's answer
and so are made only off the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from vody_desktop.store.reviews import (
    ItemReview,
    ReviewedItems,
    ReviewRef,
    ReviewStore,
    StoredReview,
    Verdict,
)
from vody_desktop.ui.history.history_worker import HistoryWorker


class QueuedReviews:
    """`ReviewKeeping` over the history worker (see the module docstring)."""

    def __init__(self, worker: HistoryWorker, on_written: Callable[[], None] | None = None):
        self._worker = worker
        self._on_written = on_written
        #: Writes handed to the worker / confirmed written (on the UI thread).
        self.given = 0
        self.written = 0

    @property
    def pending(self) -> int:
        return self.given - self.written

    # -- reads: off the UI thread only -----------------------------------------------------
    def load(self, ref: ReviewRef, fingerprint: str | None = None) -> StoredReview | None:
        result: StoredReview | None = self._worker.call_review(
            lambda store: store.load(ref, fingerprint)
        )
        return result

    def remembered_items(self, ref: ReviewRef) -> ReviewedItems | None:
        result: ReviewedItems | None = self._worker.call_review(
            lambda store: store.remembered_items(ref)
        )
        return result

    def details(self, ref: ReviewRef) -> dict[str, ItemReview]:
        result: dict[str, ItemReview] = self._worker.call_review(lambda store: store.details(ref))
        return result

    # -- writes: handed on, in order ------------------------------------------------------
    @property
    def kept(self) -> bool:
        """Whether writes still reach the file (False once the history has failed: the
        review goes on in memory, and the summary says it is not kept)."""
        return self._worker.available

    def _give(self, job: Callable[[ReviewStore], Any]) -> None:
        if not self._worker.available:
            return
        self.given += 1
        self._worker.submit_review(job, self._done)

    def _done(self, _result: object) -> None:
        self.written += 1
        if self._on_written is not None:
            self._on_written()

    def set_verdict(
        self,
        ref: ReviewRef,
        item_key: str,
        verdict: Verdict | None,
        *,
        environment: str,
        key_field: str | None,
        reviewer: str,
        fingerprint: str,
    ) -> None:
        self._give(
            lambda store: store.set_verdict(
                ref,
                item_key,
                verdict,
                environment=environment,
                key_field=key_field,
                reviewer=reviewer,
                fingerprint=fingerprint,
            )
        )

    def set_note(
        self,
        ref: ReviewRef,
        item_key: str,
        note: str,
        *,
        environment: str,
        key_field: str | None,
        reviewer: str,
        fingerprint: str,
    ) -> None:
        self._give(
            lambda store: store.set_note(
                ref,
                item_key,
                note,
                environment=environment,
                key_field=key_field,
                reviewer=reviewer,
                fingerprint=fingerprint,
            )
        )

    def remember_items(
        self,
        ref: ReviewRef,
        keys: Sequence[str],
        *,
        environment: str,
        key_field: str | None,
        fingerprint: str,
    ) -> None:
        kept = list(keys)
        self._give(
            lambda store: store.remember_items(
                ref, kept, environment=environment, key_field=key_field, fingerprint=fingerprint
            )
        )
