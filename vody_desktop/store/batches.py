"""The state of batch lookups, in the history's database file, so a batch resumes after a
close, a crash or a lost network.

Qt-free, stdlib sqlite3, WAL, one transaction per write (a killed process keeps every state
whose call returned). A batch is known by its folder and server (`base_url`); it keeps its
environment, its options and one row per ID (the `ItemState`): never the API key, never the
results (those are files in the folder).

Versions, as store/reviews.py does it: the batch tables carry their own version in
`schema_parts` (row "batches"), not the history's `PRAGMA user_version`, so an older build
still opens the history and ignores these tables. A file whose history version or batch
version is newer than this build's is never written: `HistoryFromNewerVersionError`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from vody_desktop.batch.state import ItemState, ItemStatus
from vody_desktop.store.history import (
    DATABASE_NAME,
    HistoryFromNewerVersionError,
    HistoryUnavailableError,
    _header_version,
    _unavailable,
)
from vody_desktop.store.history import SCHEMA_VERSION as HISTORY_SCHEMA_VERSION

#: The version of the batch tables (in `schema_parts`, row "batches").
BATCHES_VERSION = 1
_PART = "batches"
_BUSY_TIMEOUT_S = 5.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_parts (
    part TEXT PRIMARY KEY,
    version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY,
    folder TEXT NOT NULL,
    base_url TEXT NOT NULL,
    environment TEXT NOT NULL,
    options TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (folder, base_url)
);
CREATE TABLE IF NOT EXISTS batch_items (
    batch_id INTEGER NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
    inference_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    status TEXT NOT NULL,
    http_status INTEGER,
    model TEXT,
    items INTEGER,
    size_bytes INTEGER,
    duration_s REAL,
    file TEXT NOT NULL DEFAULT '',
    message TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (batch_id, inference_id)
) WITHOUT ROWID;
"""
_ITEM_COLUMNS = (
    "inference_id, position, status, http_status, model, items, size_bytes, duration_s, file,"
    " message"
)


def default_path() -> Path:
    """The history's database file in the user data folder."""
    from vody_desktop.store.paths import data_dir

    return data_dir() / DATABASE_NAME


@dataclass(frozen=True)
class SavedBatch:
    """A batch as stored: its row, and its items in the order of this run's IDs."""

    batch_id: int
    folder: str
    base_url: str
    environment: str
    options: dict[str, object]
    items: list[ItemState]
    resumed: bool  # it was there before this run


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _part_version(db: sqlite3.Connection) -> int | None:
    exists = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_parts'"
    ).fetchone()
    if not exists:
        return None
    row = db.execute("SELECT version FROM schema_parts WHERE part = ?", (_PART,)).fetchone()
    return int(row[0]) if row else None


def _item(row: Sequence[object]) -> ItemState:
    (inference_id, position, status, http_status, model, items, size, duration, file, message) = row
    try:
        known = ItemStatus(str(status))
    except ValueError:
        known = ItemStatus.QUEUED
    return ItemState(
        inference_id=str(inference_id),
        position=int(str(position)),
        status=known,
        http_status=http_status if isinstance(http_status, int) else None,
        model=model if isinstance(model, str) else None,
        items=items if isinstance(items, int) else None,
        size_bytes=size if isinstance(size, int) else None,
        duration_s=float(duration) if isinstance(duration, int | float) else None,
        file=str(file or ""),
        message=str(message or ""),
    )


def _values(batch_id: int, item: ItemState) -> tuple[object, ...]:
    return (
        batch_id,
        item.inference_id,
        item.position,
        item.status.value,
        item.http_status,
        item.model,
        item.items,
        item.size_bytes,
        item.duration_s,
        item.file,
        item.message,
    )


class BatchStore:
    """The batch tables. Use from one thread; close it (or use it as a context manager)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        version = _header_version(path)
        if version is not None and version > HISTORY_SCHEMA_VERSION:
            raise self._newer(f"history schema {version}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=_BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as error:
            raise _unavailable(error, path) from None
        except OSError as error:
            raise HistoryUnavailableError(detail=f"{error}\n{path}") from None
        try:
            self._set_up()
        except BaseException as error:
            self._db.close()
            if isinstance(error, sqlite3.Error):
                raise _unavailable(error, path) from None
            raise

    def _newer(self, what: str) -> HistoryFromNewerVersionError:
        return HistoryFromNewerVersionError(
            detail=f"{what} is newer than this app knows "
            f"(history {HISTORY_SCHEMA_VERSION}, batches {BATCHES_VERSION})\n{self.path}"
        )

    def _refuse_newer(self) -> None:
        version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        if version > HISTORY_SCHEMA_VERSION:
            raise self._newer(f"history schema {version}")
        part = _part_version(self._db)
        if part is not None and part > BATCHES_VERSION:
            raise self._newer(f"batch tables version {part}")

    def _set_up(self) -> None:
        self._db.execute("PRAGMA foreign_keys=ON")
        self._refuse_newer()  # before the journal mode, which would write to the file
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # as the history: safe against a crash
        with self._transaction():
            self._refuse_newer()
            for statement in filter(str.strip, _SCHEMA.split(";")):
                self._db.execute(statement)
            self._db.execute(
                "INSERT INTO schema_parts VALUES (?, ?)"
                " ON CONFLICT (part) DO UPDATE SET version = excluded.version",
                (_PART, BATCHES_VERSION),
            )

    def __enter__(self) -> BatchStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            with suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- batches ---------------------------------------------------------------------------
    def open_batch(
        self,
        *,
        folder: Path,
        base_url: str,
        environment: str,
        ids: Sequence[str],
        options: dict[str, object],
    ) -> SavedBatch:
        """The batch of `folder` on `base_url` with these IDs: the states saved by an earlier
        run where there are some, new IDs queued. The options are this run's."""
        folder_text = str(folder.resolve())
        try:
            with self._transaction() as db:
                row = db.execute(
                    "SELECT id FROM batches WHERE folder = ? AND base_url = ?",
                    (folder_text, base_url),
                ).fetchone()
                resumed = row is not None
                if row is None:
                    cursor = db.execute(
                        "INSERT INTO batches (folder, base_url, environment, options,"
                        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                        (folder_text, base_url, environment, json.dumps(options), _now(), _now()),
                    )
                    batch_id = int(cursor.lastrowid or 0)
                else:
                    batch_id = int(row[0])
                    db.execute(
                        "UPDATE batches SET environment = ?, options = ?, updated_at = ?"
                        " WHERE id = ?",
                        (environment, json.dumps(options), _now(), batch_id),
                    )
                saved = {
                    item.inference_id: item
                    for item in map(
                        _item,
                        db.execute(
                            f"SELECT {_ITEM_COLUMNS} FROM batch_items WHERE batch_id = ?",  # noqa: S608
                            (batch_id,),
                        ),
                    )
                }
                items = []
                for position, inference_id in enumerate(ids):
                    known = saved.get(inference_id)
                    item = (
                        known.but(position=position)
                        if known is not None
                        else ItemState(inference_id, position)
                    )
                    items.append(item)
                db.executemany(
                    f"INSERT OR REPLACE INTO batch_items (batch_id, {_ITEM_COLUMNS})"  # noqa: S608
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [_values(batch_id, item) for item in items],
                )
        except sqlite3.Error as error:
            raise _unavailable(error, self.path) from None
        return SavedBatch(batch_id, folder_text, base_url, environment, options, items, resumed)

    def save_items(self, batch_id: int, items: Iterable[ItemState]) -> None:
        """Keep these states (one transaction)."""
        try:
            with self._transaction() as db:
                db.executemany(
                    f"INSERT OR REPLACE INTO batch_items (batch_id, {_ITEM_COLUMNS})"  # noqa: S608
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [_values(batch_id, item) for item in items],
                )
                db.execute("UPDATE batches SET updated_at = ? WHERE id = ?", (_now(), batch_id))
        except sqlite3.Error as error:
            raise _unavailable(error, self.path) from None

    def items(self, batch_id: int) -> list[ItemState]:
        """Every saved item of a batch, in order."""
        try:
            rows = self._db.execute(
                f"SELECT {_ITEM_COLUMNS} FROM batch_items WHERE batch_id = ?"  # noqa: S608
                " ORDER BY position",
                (batch_id,),
            ).fetchall()
        except sqlite3.Error as error:
            raise _unavailable(error, self.path) from None
        return [_item(row) for row in rows]

    def forget(self, batch_id: int) -> None:
        """Drop a batch and its items (its files stay)."""
        try:
            with self._transaction() as db:
                db.execute("DELETE FROM batches WHERE id = ?", (batch_id,))
        except sqlite3.Error as error:
            raise _unavailable(error, self.path) from None
