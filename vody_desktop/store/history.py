"""The history of lookups, in SQLite (stdlib sqlite3, WAL mode) in the user data folder.

Qt-free. One row per lookup that reached the server: never the key; the result itself only
when the person turned on offline copies (a separate table, with a total size limit, oldest
copies dropped first). Every write is one transaction, so a crash keeps what was committed.
A missing, locked or corrupt database raises `HistoryUnavailableError`; the app then goes on
without history. A history written by a newer version (a higher schema version) is never opened
for writing, renamed or migrated: `HistoryFromNewerVersionError`, and this version goes on
without history, so going back to an older build once cannot cost the person their lookups.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from vody_desktop.errors import UserFacingError
from vody_desktop.lookup import LookupRecord

DATABASE_NAME = "history.sqlite3"
SCHEMA_VERSION = 1
SEARCH_LIMIT = 500
_BUSY_TIMEOUT_S = 2.0
# The file header: https://www.sqlite.org/fileformat.html#the_database_header
_HEADER_SIZE = 100
_HEADER_MAGIC = b"SQLite format 3\x00"
_USER_VERSION_OFFSET = 60

_SCHEMA = """
CREATE TABLE IF NOT EXISTS lookups (
    id INTEGER PRIMARY KEY,
    inference_id TEXT NOT NULL,
    environment TEXT NOT NULL,
    base_url TEXT NOT NULL,
    started_at TEXT NOT NULL,
    duration_s REAL NOT NULL,
    http_status INTEGER,
    inference_status TEXT,
    model TEXT,
    item_count INTEGER,
    size_bytes INTEGER,
    error_title TEXT,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS lookups_started_at ON lookups (started_at);
CREATE TABLE IF NOT EXISTS offline_results (
    lookup_id INTEGER PRIMARY KEY REFERENCES lookups (id) ON DELETE CASCADE,
    size_bytes INTEGER NOT NULL,
    body BLOB NOT NULL
);
"""
_COLUMNS = (
    "l.id, l.inference_id, l.environment, l.base_url, l.started_at, l.duration_s, l.http_status,"
    " l.inference_status, l.model, l.item_count, l.size_bytes, l.error_title, l.note,"
    " o.lookup_id IS NOT NULL"
)


class HistoryUnavailableError(UserFacingError):
    title = "The lookup history is not available"
    damaged = False
    advice = (
        "Lookups still work, but they are not added to the history until you restart "
        "Vody Desktop. If this keeps happening, copy the details into a support ticket."
    )


class HistoryFromNewerVersionError(HistoryUnavailableError):
    """The history has a schema this version does not know; it is left exactly as it is."""

    title = "This history was written by a newer Vody Desktop"
    advice = (
        "Your earlier lookups are safe and unchanged, but this version cannot show them. To "
        "see them and add to them, use the newer Vody Desktop again. Lookups still work here; "
        "they are just not remembered."
    )


def _newer(version: int, path: Path) -> HistoryFromNewerVersionError:
    return HistoryFromNewerVersionError(
        detail=f"history schema {version} is newer than this app ({SCHEMA_VERSION})\n{path}"
    )


def _header_version(path: Path) -> int | None:
    """The schema version in the file's header, read without SQLite, or None if not readable.

    Opening the file with SQLite could write to it (a WAL checkpoint when the connection
    closes, a journal mode change), so a newer history is recognised before that.
    """
    try:
        with path.open("rb") as file:
            header = file.read(_HEADER_SIZE)
    except OSError:
        return None  # missing (a new history) or unreadable (SQLite will say why)
    if len(header) < _HEADER_SIZE or not header.startswith(_HEADER_MAGIC):
        return None
    offset = _USER_VERSION_OFFSET
    return int.from_bytes(header[offset : offset + 4], "big", signed=True)


@dataclass(frozen=True)
class HistoryEntry(LookupRecord):
    """One remembered lookup, as the history panel shows it: the record plus what we added."""

    entry_id: int
    note: str
    has_offline_copy: bool

    @classmethod
    def from_row(cls, row: tuple[object, ...]) -> HistoryEntry:
        (entry_id, inference_id, environment, base_url, started, duration, http_status) = row[:7]
        (inference_status, model, item_count, size_bytes, error_title, note, copy) = row[7:]
        return cls(
            entry_id=int(str(entry_id)),
            inference_id=str(inference_id),
            environment=str(environment),
            base_url=str(base_url),
            started_at=datetime.fromisoformat(str(started)),
            duration_s=float(str(duration)),
            http_status=http_status if isinstance(http_status, int) else None,
            inference_status=inference_status if isinstance(inference_status, str) else None,
            model=model if isinstance(model, str) else None,
            item_count=item_count if isinstance(item_count, int) else None,
            size_bytes=size_bytes if isinstance(size_bytes, int) else None,
            error_title=error_title if isinstance(error_title, str) else None,
            note=str(note or ""),
            has_offline_copy=bool(copy),
        )


def _unavailable(error: sqlite3.Error, path: Path) -> HistoryUnavailableError:
    locked = "locked" in str(error).lower() or "busy" in str(error).lower()
    title = (
        "The lookup history is in use by another program"
        if locked
        else HistoryUnavailableError.title
    )
    unavailable = HistoryUnavailableError(
        title=title, detail=f"{type(error).__name__}: {error}\n{path}"
    )
    # Only a file SQLite reads as corrupt or as no database at all is put aside; one it cannot
    # open (permissions, a folder, a network share gone) or read (I/O) stays where it is.
    code = getattr(error, "sqlite_errorcode", -1) & 0xFF  # the primary code, without extension
    unavailable.damaged = code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
    return unavailable


def open_history(path: Path) -> tuple[HistoryStore | None, UserFacingError | None]:
    """The history at `path`, and what to tell the person if something went wrong.

    A damaged file is put aside (kept, never deleted) and a new history is started; a locked
    or unwritable one, or one written by a newer version, leaves the app without history for
    this session (and the file as it is).
    """
    try:
        return HistoryStore(path), None
    except HistoryUnavailableError as error:
        if not error.damaged:
            return None, error
        kept = path.with_name(f"{path.name}.damaged-{datetime.now(UTC):%Y%m%d-%H%M%S}")
        try:
            path.replace(kept)
            for suffix in ("-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            store = HistoryStore(path)
        except (OSError, HistoryUnavailableError):
            return None, error
        return store, UserFacingError(
            "The lookup history was damaged, so a new one was started",
            f"Earlier lookups are no longer listed. The damaged file was kept as {kept.name} "
            "in case support asks for it.",
            error.detail,
        )


class HistoryStore:
    """The history database. Use from one thread; `open_in_thread` opens another connection.

    Close it (`close()`, or use it as a context manager); if opening fails, nothing stays open.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        version = _header_version(path)
        if version is not None and version > SCHEMA_VERSION:
            raise _newer(version, path)
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

    def _set_up(self) -> None:
        self._db.execute("PRAGMA foreign_keys=ON")
        self._refuse_newer()  # before the journal mode, which would write to the file
        self._db.execute("PRAGMA journal_mode=WAL")
        # NORMAL is safe in WAL mode against a crash of the app (only power loss may lose
        # the last commits), and much faster than FULL.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._migrate()

    def _refuse_newer(self) -> None:
        # The header check in __init__ misses a version still in the write-ahead log.
        version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise _newer(version, self.path)

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        with self._transaction():
            self._refuse_newer()  # another process may have upgraded it meanwhile
            for statement in filter(str.strip, _SCHEMA.split(";")):
                self._db.execute(statement)
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

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

    def _write(self, sql: str, parameters: tuple[object, ...] = ()) -> sqlite3.Cursor:
        try:
            with self._transaction() as db:
                return db.execute(sql, parameters)
        except sqlite3.Error as error:
            raise _unavailable(error, self.path) from None

    # -- writing -------------------------------------------------------------------------
    def add(self, record: LookupRecord) -> int:
        """Remember one lookup; returns its entry ID."""
        cursor = self._write(
            "INSERT INTO lookups (inference_id, environment, base_url, started_at, duration_s,"
            " http_status, inference_status, model, item_count, size_bytes, error_title)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.inference_id,
                record.environment,
                record.base_url,
                record.started_at.astimezone(UTC).isoformat(),
                record.duration_s,
                record.http_status,
                record.inference_status,
                record.model,
                record.item_count,
                record.size_bytes,
                record.error_title,
            ),
        )
        return int(cursor.lastrowid or 0)

    def set_note(self, entry_id: int, note: str) -> None:
        self._write("UPDATE lookups SET note = ? WHERE id = ?", (note.strip(), entry_id))

    def delete(self, entry_id: int) -> None:
        self._write("DELETE FROM lookups WHERE id = ?", (entry_id,))

    def clear(self) -> None:
        try:
            with self._transaction() as db:
                db.execute("DELETE FROM offline_results")
                db.execute("DELETE FROM lookups")
        except sqlite3.Error as error:
            raise _unavailable(error, self.path) from None

    def save_offline_copy(self, entry_id: int, body: bytes, limit_bytes: int) -> bool:
        """Keep `body` for the entry, dropping the oldest copies to stay under `limit_bytes`.

        Returns False (and keeps nothing) when the body alone is over the limit. Large bodies
        take a while: call it from a worker thread with `open_in_thread`.
        """
        if len(body) > limit_bytes:
            return False
        try:
            with self._transaction() as db:
                db.execute(
                    "INSERT OR REPLACE INTO offline_results VALUES (?, ?, ?)",
                    (entry_id, len(body), body),
                )
                total = int(
                    db.execute("SELECT TOTAL(size_bytes) FROM offline_results").fetchone()[0]
                )
                for lookup_id, size in db.execute(
                    "SELECT lookup_id, size_bytes FROM offline_results ORDER BY lookup_id"
                ).fetchall():
                    if total <= limit_bytes:
                        break
                    db.execute("DELETE FROM offline_results WHERE lookup_id = ?", (lookup_id,))
                    total -= int(size)
        except sqlite3.Error as error:
            raise _unavailable(error, self.path) from None
        return True

    def drop_offline_copies(self) -> None:
        self._write("DELETE FROM offline_results")

    # -- reading -------------------------------------------------------------------------
    def search(self, text: str = "", limit: int = SEARCH_LIMIT) -> list[HistoryEntry]:
        """Newest first; `text` matches the ID, environment, model, status, error or note."""
        try:
            return _search(self._db, text, limit)
        except sqlite3.Error as error:
            raise _unavailable(error, self.path) from None

    def offline_copy(self, entry_id: int) -> bytes | None:
        try:
            row = self._db.execute(
                "SELECT body FROM offline_results WHERE lookup_id = ?", (entry_id,)
            ).fetchone()
        except sqlite3.Error as error:
            raise _unavailable(error, self.path) from None
        return bytes(row[0]) if row else None

    def open_in_thread(self) -> HistoryStore:
        """Another connection to the same database, for use on a worker thread."""
        return HistoryStore(self.path)

    def close(self) -> None:
        self._db.close()


def _search(db: sqlite3.Connection, text: str, limit: int) -> list[HistoryEntry]:
    # Only our constant column list and placeholders are joined into the text.
    sql = f"SELECT {_COLUMNS} FROM lookups l LEFT JOIN offline_results o ON o.lookup_id = l.id"  # noqa: S608
    parameters: tuple[object, ...] = ()
    words = text.split()
    if words:
        clauses = []
        for word in words:
            pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            clauses.append(
                "(l.inference_id LIKE ? ESCAPE '\\' OR l.environment LIKE ? ESCAPE '\\'"
                " OR IFNULL(l.model, '') LIKE ? ESCAPE '\\'"
                " OR IFNULL(l.inference_status, '') LIKE ? ESCAPE '\\'"
                " OR IFNULL(l.error_title, '') LIKE ? ESCAPE '\\' OR l.note LIKE ? ESCAPE '\\')"
            )
            parameters += (pattern,) * 6
        sql += " WHERE " + " AND ".join(clauses)
    sql += " ORDER BY l.started_at DESC, l.id DESC LIMIT ?"
    rows = db.execute(sql, (*parameters, limit)).fetchall()
    return [HistoryEntry.from_row(tuple(row)) for row in rows]
