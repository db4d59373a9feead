"""Batch state in the history database file: saved as it goes, found again by folder."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from vody_desktop.batch.state import ItemState, ItemStatus
from vody_desktop.store.batches import BATCHES_VERSION, BatchStore
from vody_desktop.store.history import HistoryFromNewerVersionError, HistoryStore

A = "0924dcfe-a593-4e42-8c7b-4fca9a149777"
B = "5a4d0c00-0000-4000-8000-000000000003"
C = "1676dc31-a593-4e42-8c7b-4fca9a149777"
URL = "http://127.0.0.1:9"


def test_a_batch_resumes_with_its_saved_states_and_new_ids_queued(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    folder = tmp_path / "out"
    with BatchStore(db) as store:
        first = store.open_batch(
            folder=folder, base_url=URL, environment="Custom", ids=[A, B], options={"wait": False}
        )
        assert not first.resumed
        assert [i.status for i in first.items] == [ItemStatus.QUEUED, ItemStatus.QUEUED]
        done = first.items[0].but(status=ItemStatus.COMPLETED, size_bytes=12, file=f"{A}.json")
        store.save_items(first.batch_id, [done])
    with BatchStore(db) as store:  # another process, later
        again = store.open_batch(
            folder=folder, base_url=URL, environment="Custom", ids=[A, B, C], options={}
        )
        assert again.resumed
        assert again.batch_id == first.batch_id
        assert again.items[0] == done
        assert [i.inference_id for i in again.items] == [A, B, C]
        assert again.items[2] == ItemState(C, 2)


def test_the_history_still_opens_beside_the_batch_tables(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    with HistoryStore(db):
        pass
    with BatchStore(db) as store:
        store.open_batch(folder=tmp_path, base_url=URL, environment="x", ids=[A], options={})
    with HistoryStore(db) as history:
        assert history.search() == []
    with closing(sqlite3.connect(db)) as raw:
        assert raw.execute(
            "SELECT version FROM schema_parts WHERE part = 'batches'"
        ).fetchone() == (BATCHES_VERSION,)


def test_newer_batch_tables_are_never_written(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    with BatchStore(db):
        pass
    with closing(sqlite3.connect(db)) as raw, raw:
        raw.execute(
            "UPDATE schema_parts SET version = ? WHERE part = 'batches'", (BATCHES_VERSION + 1,)
        )
    with pytest.raises(HistoryFromNewerVersionError):
        BatchStore(db)


def test_no_key_is_kept(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    with BatchStore(db) as store:
        store.open_batch(
            folder=tmp_path, base_url=URL, environment="x", ids=[A], options={"concurrency": 4}
        )
    with closing(sqlite3.connect(db)) as raw:
        columns = {
            row[1]
            for table in ("batches", "batch_items")
            for row in raw.execute(f"PRAGMA table_info({table})")
        }
    assert not any("key" in column for column in columns)
