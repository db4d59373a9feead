"""Verdicts handed to the history's worker: written in the order given, each committed on its
own (another connection sees them at once), and reads made after them see them."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from tests.conftest import HANG_MS
from vody_desktop.store.reviews import ReviewRef, Verdict
from vody_desktop.ui.history.history_worker import HistoryWorker
from vody_desktop.ui.mainwindow.review_keeping import QueuedReviews

REF = ReviewRef("https://api.example.com", "5a4d0c00-0000-4000-8000-000000000001")


def _give(reviews: QueuedReviews, key: str, verdict: Verdict | None) -> None:
    reviews.set_verdict(
        REF,
        key,
        verdict,
        environment="Production",
        key_field="image_path",
        reviewer="Ann",
        fingerprint="f1",
    )


def test_writes_run_in_order_and_are_in_the_file_when_counted_written(
    qtbot: Any, tmp_path: Path
) -> None:
    path = tmp_path / "history.sqlite3"
    worker = HistoryWorker(path)
    try:
        reviews = QueuedReviews(worker)
        _give(reviews, "a", Verdict.CORRECT)
        _give(reviews, "a", Verdict.WRONG)  # the later key press wins
        _give(reviews, "b", Verdict.UNSURE)
        _give(reviews, "b", None)  # cleared: no row at all
        reviews.set_note(
            REF,
            "c",
            "too dark",
            environment="Production",
            key_field="image_path",
            reviewer="Ann",
            fingerprint="f1",
        )
        assert reviews.given == 5
        qtbot.waitUntil(lambda: reviews.pending == 0, timeout=HANG_MS)
        # Another connection (another process after a kill would be the same) sees them.
        with closing(sqlite3.connect(path)) as db:
            rows = sorted(db.execute("SELECT item_key, verdict, note FROM verdicts"))
        assert rows == [("a", 2, ""), ("c", None, "too dark")]
        stored = worker.call_review(lambda store: store.load(REF))
        assert stored.verdicts == {"a": Verdict.WRONG}
        assert stored.notes == {"c": "too dark"}
    finally:
        worker.close()
