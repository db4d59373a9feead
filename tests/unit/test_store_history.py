"""The history database: what is kept, searched, annotated, deleted; and when it cannot be used.

Every connection a test opens is closed again (Python 3.13 reports a forgotten one).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from vody_desktop.lookup import LookupRecord
from vody_desktop.store.history import (
    HistoryFromNewerVersionError,
    HistoryStore,
    HistoryUnavailableError,
    open_history,
)

ID_A = "0924dcfe-a593-4e42-8c7b-4fca9a149777"
ID_B = "5a4d0c00-0000-4000-8000-000000000008"


def record(inference_id: str = ID_A, minutes: int = 0, **changes: object) -> LookupRecord:
    fields: dict[str, object] = {
        "inference_id": inference_id,
        "environment": "Production",
        "base_url": "https://prod-api.vody.com",
        "started_at": datetime(2026, 1, 5, 9, 0, tzinfo=UTC) + timedelta(minutes=minutes),
        "duration_s": 0.25,
        "http_status": 200,
        "inference_status": "completed",
        "model": "color-classification",
        "item_count": 4,
        "size_bytes": 1234,
        "error_title": None,
    }
    fields.update(changes)
    return LookupRecord(**fields)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    with HistoryStore(tmp_path / "h.sqlite3") as history:
        yield history


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in `folder` with its bytes and modification time."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def newer_history(path: Path, version: int, journal_mode: str) -> None:
    """A history as a newer version would leave it: our rows, a higher schema version."""
    with HistoryStore(path) as history:
        history.add(record())
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute(f"PRAGMA journal_mode={journal_mode}")
        db.execute(f"PRAGMA user_version={version}")


def test_lookups_are_listed_newest_first_with_every_field(store: HistoryStore) -> None:
    store.add(record(ID_A, minutes=0))
    store.add(record(ID_B, minutes=5, http_status=404, error_title="No inference with this ID"))
    entries = store.search()
    assert [e.inference_id for e in entries] == [ID_B, ID_A]
    newest = entries[0]
    assert newest.http_status == 404
    assert newest.error_title == "No inference with this ID"
    assert newest.started_at == datetime(2026, 1, 5, 9, 5, tzinfo=UTC)
    oldest = entries[1]
    assert (oldest.model, oldest.item_count, oldest.size_bytes) == ("color-classification", 4, 1234)
    assert oldest.environment == "Production"
    assert oldest.duration_s == pytest.approx(0.25)
    assert not oldest.has_offline_copy


def test_search_matches_id_model_status_and_note(store: HistoryStore) -> None:
    first = store.add(record(ID_A))
    store.add(record(ID_B, model="ocr", inference_status="failed"))
    store.set_note(first, "Ticket 4711: customer 50% off")
    assert [e.inference_id for e in store.search("5a4d0c00")] == [ID_B]
    assert [e.inference_id for e in store.search("OCR")] == [ID_B]
    assert [e.inference_id for e in store.search("ticket 4711")] == [ID_A]
    assert [e.inference_id for e in store.search("50%")] == [ID_A]
    assert store.search("nothing-like-this") == []


def test_delete_and_clear(store: HistoryStore) -> None:
    first = store.add(record(ID_A))
    store.add(record(ID_B))
    store.delete(first)
    assert [e.inference_id for e in store.search()] == [ID_B]
    store.clear()
    assert store.search() == []


def test_committed_rows_are_there_for_the_next_connection(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with HistoryStore(path) as writer:
        writer.add(record())
        # read while the writer is still open, as after a crash of the app
        with HistoryStore(path) as reader:
            assert [e.inference_id for e in reader.search()] == [ID_A]
        with closing(sqlite3.connect(path)) as db:
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_offline_copies_stay_under_the_limit_dropping_the_oldest(store: HistoryStore) -> None:
    ids = [store.add(record(minutes=n)) for n in range(3)]
    assert store.save_offline_copy(ids[0], b"a" * 400, limit_bytes=1000)
    assert store.save_offline_copy(ids[1], b"b" * 400, limit_bytes=1000)
    assert store.save_offline_copy(ids[2], b"c" * 400, limit_bytes=1000)
    assert store.offline_copy(ids[0]) is None
    assert store.offline_copy(ids[2]) == b"c" * 400
    assert not store.save_offline_copy(ids[0], b"x" * 2000, limit_bytes=1000)
    assert [e.has_offline_copy for e in store.search()] == [True, True, False]
    store.drop_offline_copies()
    assert not any(e.has_offline_copy for e in store.search())


def test_a_damaged_file_is_kept_aside_and_a_new_history_started(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    store, problem = open_history(path)
    assert store is not None
    with store:
        assert problem is not None
        assert problem.title == "The lookup history was damaged, so a new one was started"
        kept = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
        assert len(kept) == 1
        assert kept[0].read_bytes().startswith(b"this is not a database")
        store.add(record())
        assert len(store.search()) == 1


def test_a_malformed_database_is_kept_aside_too(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with HistoryStore(path) as history:
        for n in range(200):
            history.add(record(minutes=n))
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the first page's content, after the header
    path.write_bytes(bytes(data))
    store, problem = open_history(path)
    assert store is not None
    with store:
        assert problem is not None
        assert problem.title == "The lookup history was damaged, so a new one was started"
        assert "malformed" in problem.detail
        assert store.search() == []


def test_a_history_that_cannot_be_opened_stays_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    path.mkdir()  # SQLite cannot open it, as with a file it may not read or a share gone
    store, problem = open_history(path)
    assert store is None
    assert isinstance(problem, HistoryUnavailableError)
    assert problem.title == "The lookup history is not available"
    assert "unable to open database file" in problem.detail
    assert [p.name for p in tmp_path.iterdir()] == ["h.sqlite3"]
    assert path.is_dir()


def test_a_locked_database_is_reported_not_raised_as_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    HistoryStore(path).close()
    with closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute("BEGIN EXCLUSIVE")
        try:
            store, problem = open_history(path)
        finally:
            other.execute("ROLLBACK")
    assert store is None
    assert isinstance(problem, HistoryUnavailableError)
    assert problem.title == "The lookup history is in use by another program"
    assert "Lookups still work" in problem.advice


@pytest.mark.parametrize("journal_mode", ["wal", "delete"])
def test_a_newer_history_is_left_exactly_as_it_is(tmp_path: Path, journal_mode: str) -> None:
    path = tmp_path / "h.sqlite3"
    newer_history(path, version=2, journal_mode=journal_mode)
    before = snapshot(tmp_path)
    store, problem = open_history(path)
    assert store is None
    assert isinstance(problem, HistoryFromNewerVersionError)
    assert problem.title == "This history was written by a newer Vody Desktop"
    assert "use the newer Vody Desktop" in problem.advice
    assert "history schema 2 is newer than this app (1)" in problem.detail
    assert snapshot(tmp_path) == before  # not renamed, not written, no files beside it
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT inference_id FROM lookups").fetchall() == [(ID_A,)]


def test_a_newer_version_still_in_the_write_ahead_log_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    HistoryStore(path).close()
    # A newer app still running: its upgrade is in the log, not yet in the file's header.
    with closing(sqlite3.connect(path, isolation_level=None)) as newer_app:
        newer_app.execute("PRAGMA wal_autocheckpoint=0")
        newer_app.execute("PRAGMA user_version=2")
        before = path.read_bytes()
        assert int.from_bytes(before[60:64], "big") == 1  # the header still says 1
        with pytest.raises(HistoryFromNewerVersionError):
            HistoryStore(path)
        assert path.read_bytes() == before
        assert newer_app.execute("PRAGMA user_version").fetchone()[0] == 2
