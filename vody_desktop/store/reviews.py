"""Review verdicts per item (correct, wrong, unsure) and notes, in the history's database file.

Qt-free, stdlib sqlite3, the same file as `store/history.py` (WAL, one transaction per write,
so a killed app keeps every verdict whose call returned). A review belongs to one inference on
one server (`ReviewRef`: the normalised base URL, as the history keeps it, and the inference
ID); its items are known by a key (`review/identity.py`). Each row keeps the reviewer, the time
(UTC, ISO 8601) and the result's fingerprint when it was written, so a changed result shows.

Counts per review (correct, wrong, unsure, notes) and rows per result fingerprint are kept by
triggers in the same transaction as the row, so the history list reads "reviewed 37 of 50", and
opening a review knows how many verdicts were given on another result, without counting rows.

Versions. The review tables carry their own version in `schema_parts`, not the history's
`PRAGMA user_version`: adding them leaves the history at its version, so an older build that
knows nothing of reviews still opens the history (and ignores the extra tables). A file whose
history version or review version is newer than this build's is never written:
`HistoryFromNewerVersionError`, as for the history itself.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum
from pathlib import Path
from typing import NamedTuple

import msgspec

# The history's own checks, so both stores judge the file the same way.
from vody_desktop.store.history import (
    SCHEMA_VERSION as HISTORY_SCHEMA_VERSION,
)
from vody_desktop.store.history import (
    HistoryFromNewerVersionError,
    HistoryStore,
    HistoryUnavailableError,
    _header_version,
    _unavailable,
)

#: The version of the review tables (in `schema_parts`, row "reviews").
REVIEWS_VERSION = 1
_PART = "reviews"
_BUSY_TIMEOUT_S = 2.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_parts (
    part TEXT PRIMARY KEY,
    version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS reviews (
    id INTEGER PRIMARY KEY,
    base_url TEXT NOT NULL,
    inference_id TEXT NOT NULL,
    environment TEXT NOT NULL,
    key_field TEXT,
    updated_at TEXT NOT NULL,
    correct INTEGER NOT NULL DEFAULT 0,
    wrong INTEGER NOT NULL DEFAULT 0,
    unsure INTEGER NOT NULL DEFAULT 0,
    notes INTEGER NOT NULL DEFAULT 0,
    items_fingerprint TEXT,
    items BLOB,
    UNIQUE (base_url, inference_id)
);
CREATE TABLE IF NOT EXISTS verdicts (
    review_id INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    item_key TEXT NOT NULL,
    verdict INTEGER CHECK (verdict IN (1, 2, 3)),
    note TEXT NOT NULL DEFAULT '',
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    PRIMARY KEY (review_id, item_key)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS verdicts_counted_in AFTER INSERT ON verdicts BEGIN
    UPDATE reviews SET
        correct = correct + (NEW.verdict IS 1),
        wrong = wrong + (NEW.verdict IS 2),
        unsure = unsure + (NEW.verdict IS 3),
        notes = notes + (NEW.note != '')
    WHERE id = NEW.review_id;
END;
CREATE TRIGGER IF NOT EXISTS verdicts_counted_out AFTER DELETE ON verdicts BEGIN
    UPDATE reviews SET
        correct = correct - (OLD.verdict IS 1),
        wrong = wrong - (OLD.verdict IS 2),
        unsure = unsure - (OLD.verdict IS 3),
        notes = notes - (OLD.note != '')
    WHERE id = OLD.review_id;
END;
CREATE TRIGGER IF NOT EXISTS verdicts_counted_again AFTER UPDATE ON verdicts BEGIN
    UPDATE reviews SET
        correct = correct - (OLD.verdict IS 1) + (NEW.verdict IS 1),
        wrong = wrong - (OLD.verdict IS 2) + (NEW.verdict IS 2),
        unsure = unsure - (OLD.verdict IS 3) + (NEW.verdict IS 3),
        notes = notes - (OLD.note != '') + (NEW.note != '')
    WHERE id = NEW.review_id;
END;
CREATE INDEX IF NOT EXISTS verdicts_with_notes ON verdicts (review_id) WHERE note != '';
CREATE TABLE IF NOT EXISTS review_fingerprints (
    review_id INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    rows INTEGER NOT NULL,
    PRIMARY KEY (review_id, fingerprint)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS fingerprints_counted_in AFTER INSERT ON verdicts BEGIN
    INSERT INTO review_fingerprints VALUES (NEW.review_id, NEW.fingerprint, 1)
        ON CONFLICT (review_id, fingerprint) DO UPDATE SET rows = rows + 1;
END;
CREATE TRIGGER IF NOT EXISTS fingerprints_counted_out AFTER DELETE ON verdicts BEGIN
    UPDATE review_fingerprints SET rows = rows - 1
    WHERE review_id = OLD.review_id AND fingerprint = OLD.fingerprint;
    DELETE FROM review_fingerprints WHERE review_id = OLD.review_id AND rows <= 0;
END;
CREATE TRIGGER IF NOT EXISTS fingerprints_counted_again AFTER UPDATE OF fingerprint ON verdicts
WHEN OLD.fingerprint IS NOT NEW.fingerprint BEGIN
    UPDATE review_fingerprints SET rows = rows - 1
    WHERE review_id = OLD.review_id AND fingerprint = OLD.fingerprint;
    DELETE FROM review_fingerprints WHERE review_id = OLD.review_id AND rows <= 0;
    INSERT INTO review_fingerprints VALUES (NEW.review_id, NEW.fingerprint, 1)
        ON CONFLICT (review_id, fingerprint) DO UPDATE SET rows = rows + 1;
END;
"""
_COUNT_COLUMNS = "correct, wrong, unsure, notes"


class Verdict(IntEnum):
    """What the reviewer decided about one item. The value is the key that gives it (0 clears)
    and what the database keeps: a small integer costs less to read back than a word."""

    CORRECT = 1
    WRONG = 2
    UNSURE = 3

    @property
    def word(self) -> str:
        """ "correct", "wrong" or "unsure", as reports and the summary write it."""
        return self.name.lower()


@dataclass(frozen=True)
class ReviewRef:
    """Which inference a review is of: the server (normalised base URL) and the inference ID."""

    base_url: str
    inference_id: str


class ItemReview(NamedTuple):
    """One item's stored review in full (for the hand-on reports)."""

    item_key: str
    verdict: Verdict | None
    note: str
    reviewer: str
    #: When it was last changed, UTC, ISO 8601 ("2026-01-05T09:00:00+00:00").
    at: str
    #: The result's fingerprint when it was last changed (`review/identity.py`).
    fingerprint: str


@dataclass(frozen=True)
class ReviewCounts:
    """How many items of one review have each verdict, and how many have a note."""

    correct: int = 0
    wrong: int = 0
    unsure: int = 0
    notes: int = 0

    @property
    def reviewed(self) -> int:
        return self.correct + self.wrong + self.unsure


@dataclass(frozen=True)
class StoredReview:
    """What the table needs of one inference's review: the verdicts and notes by item key.

    Reviewer, time and fingerprint of each row are left in the file until a report asks for
    them (`ReviewStore.details`): reading 72,000 rows of six columns took twice as long as
    reading keys and verdicts.
    """

    ref: ReviewRef
    environment: str
    #: The field whose values were the item keys when last written; None means by position.
    key_field: str | None
    verdicts: dict[str, Verdict]
    #: Only the items that have a note.
    notes: dict[str, str]
    counts: ReviewCounts
    #: How many rows were written against another result than the fingerprint given to
    #: `load` (0 when none was given): the result changed since they were written.
    changed: int = 0


@dataclass(frozen=True)
class ReviewedItems:
    """The item keys of the result as it was reviewed (to tell which items are new since)."""

    fingerprint: str
    keys: list[str]


_BY_CODE: dict[int, Verdict] = {int(verdict): verdict for verdict in Verdict}


def _part_version(db: sqlite3.Connection) -> int | None:
    """The review tables' version in the file, or None when they are not there yet."""
    exists = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_parts'"
    ).fetchone()
    if not exists:
        return None
    row = db.execute("SELECT version FROM schema_parts WHERE part = ?", (_PART,)).fetchone()
    return int(row[0]) if row else None


_encode_keys = msgspec.json.Encoder().encode
_decode_keys = msgspec.json.Decoder(list[str]).decode


def _statements(script: str) -> Iterator[str]:
    """The statements of `script` one by one (triggers hold semicolons of their own)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending
            pending = ""


def now_text() -> str:
    """The current time as the rows keep it."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class ReviewStore:
    """The review tables. Use from one thread; close it (or use it as a context manager).

    Opening adds the tables to an older file (the history's rows are untouched); a file from a
    newer version raises `HistoryFromNewerVersionError` before anything is written to it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        version = _header_version(path)
        if version is not None and version > HISTORY_SCHEMA_VERSION:
            raise self._newer(f"history schema {version}")
        self._peek(path)
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

    @classmethod
    def beside(cls, history: HistoryStore) -> ReviewStore:
        """The reviews in the same file as `history` (a connection of their own)."""
        return cls(history.path)

    def _newer(self, what: str) -> HistoryFromNewerVersionError:
        return HistoryFromNewerVersionError(
            detail=f"{what} is newer than this app knows "
            f"(history {HISTORY_SCHEMA_VERSION}, reviews {REVIEWS_VERSION})\n{self.path}"
        )

    def _peek(self, path: Path) -> None:
        """Refuse a file with newer review tables before opening it for writing.

        A read-write connection may write on closing (a checkpoint of the write-ahead log), and
        even a read-only one makes the log's index files beside a WAL database; an immutable
        one reads the file alone and leaves no trace. It does not see changes still in the
        log: the read-write connection checks again before it writes anything.
        """
        if not path.is_file():
            return
        try:
            peek = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        except (sqlite3.Error, OSError, ValueError):
            return
        try:
            part = _part_version(peek)
        except sqlite3.Error:
            part = None
        finally:
            peek.close()
        if part is not None and part > REVIEWS_VERSION:
            raise self._newer(f"review tables version {part}")

    def _refuse_newer(self) -> None:
        version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        if version > HISTORY_SCHEMA_VERSION:
            raise self._newer(f"history schema {version}")
        part = _part_version(self._db)
        if part is not None and part > REVIEWS_VERSION:
            raise self._newer(f"review tables version {part}")

    def _set_up(self) -> None:
        self._db.execute("PRAGMA foreign_keys=ON")
        self._refuse_newer()  # before the journal mode, which would write to the file
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # as the history: safe against a crash
        with self._transaction():
            self._refuse_newer()  # another process may have upgraded it meanwhile
            for statement in _statements(_SCHEMA):
                self._db.execute(statement)
            self._db.execute(
                "INSERT INTO schema_parts VALUES (?, ?)"
                " ON CONFLICT (part) DO UPDATE SET version = excluded.version",
                (_PART, REVIEWS_VERSION),
            )

    def __enter__(self) -> ReviewStore:
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

    # -- writing -------------------------------------------------------------------------
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
    ) -> ReviewCounts:
        """Record (or with None clear) one item's verdict; its note stays. Returns the new
        counts of the review. Committed when it returns."""
        value = None if verdict is None else int(Verdict(verdict))
        return self._write_item(
            ref,
            item_key,
            "verdict",
            value,
            environment=environment,
            key_field=key_field,
            reviewer=reviewer,
            fingerprint=fingerprint,
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
    ) -> ReviewCounts:
        """Set (or with "" remove) one item's note; its verdict stays. Returns the counts."""
        return self._write_item(
            ref,
            item_key,
            "note",
            note.strip(),
            environment=environment,
            key_field=key_field,
            reviewer=reviewer,
            fingerprint=fingerprint,
        )

    def _write_item(
        self,
        ref: ReviewRef,
        item_key: str,
        column: str,
        value: str | int | None,
        *,
        environment: str,
        key_field: str | None,
        reviewer: str,
        fingerprint: str,
    ) -> ReviewCounts:
        at = now_text()
        # `column` is one of our two constant names, never text from outside.
        assert column in ("verdict", "note")
        upsert = (
            f"INSERT INTO verdicts (review_id, item_key, {column}, reviewer, at, fingerprint)"  # noqa: S608
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (review_id, item_key) DO UPDATE SET"
            f" {column} = excluded.{column}, reviewer = excluded.reviewer,"
            " at = excluded.at, fingerprint = excluded.fingerprint"
        )
        try:
            with self._transaction() as db:
                db.execute(
                    "INSERT INTO reviews (base_url, inference_id, environment, key_field,"
                    " updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (base_url, inference_id)"
                    " DO UPDATE SET environment = excluded.environment,"
                    " key_field = excluded.key_field, updated_at = excluded.updated_at",
                    (ref.base_url, ref.inference_id, environment, key_field, at),
                )
                review_id = int(
                    db.execute(
                        "SELECT id FROM reviews WHERE base_url = ? AND inference_id = ?",
                        (ref.base_url, ref.inference_id),
                    ).fetchone()[0]
                )
                db.execute(upsert, (review_id, item_key, value, reviewer, at, fingerprint))
                # A row with neither a verdict nor a note is no review at all.
                db.execute(
                    "DELETE FROM verdicts WHERE review_id = ? AND item_key = ?"
                    " AND verdict IS NULL AND note = ''",
                    (review_id, item_key),
                )
                row = db.execute(
                    f"SELECT {_COUNT_COLUMNS} FROM reviews WHERE id = ?",  # noqa: S608
                    (review_id,),
                ).fetchone()
        except sqlite3.Error as error:
            raise _unavailable(error, self.path) from None
        return ReviewCounts(*row)

    def remember_items(
        self,
        ref: ReviewRef,
        keys: Sequence[str],
        *,
        environment: str,
        key_field: str | None,
        fingerprint: str,
    ) -> None:
        """Keep every item key of the result being reviewed (once per result: call it with
        the first verdict or note on a result whose fingerprint `remembered_items` lacks).

        72,000 keys are about 3 MB of text, kept compressed (a few hundred KB).
        """
        blob = zlib.compress(_encode_keys(list(keys)), level=1)
        try:
            with self._transaction() as db:
                db.execute(
                    "INSERT INTO reviews (base_url, inference_id, environment, key_field,"
                    " updated_at, items_fingerprint, items) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (base_url, inference_id) DO UPDATE SET"
                    " environment = excluded.environment, key_field = excluded.key_field,"
                    " items_fingerprint = excluded.items_fingerprint, items = excluded.items",
                    (
                        ref.base_url,
                        ref.inference_id,
                        environment,
                        key_field,
                        now_text(),
                        fingerprint,
                        blob,
                    ),
                )
        except sqlite3.Error as error:
            raise _unavailable(error, self.path) from None

    def remembered_items(self, ref: ReviewRef) -> ReviewedItems | None:
        """The item keys kept by `remember_items`, or None."""
        try:
            row = self._db.execute(
                "SELECT items_fingerprint, items FROM reviews"
                " WHERE base_url = ? AND inference_id = ? AND items IS NOT NULL",
                (ref.base_url, ref.inference_id),
            ).fetchone()
        except sqlite3.Error as error:
            raise _unavailable(error, self.path) from None
        if row is None:
            return None
        try:
            keys = _decode_keys(zlib.decompress(row[1]))
        except (zlib.error, msgspec.DecodeError):
            return None  # unreadable: the same as not known
        return ReviewedItems(str(row[0]), keys)

    def forget(self, ref: ReviewRef) -> None:
        """Remove one inference's review (its verdicts and notes)."""
        self._write(
            "DELETE FROM reviews WHERE base_url = ? AND inference_id = ?",
            (ref.base_url, ref.inference_id),
        )

    def clear(self) -> None:
        """Remove every review (the history's lookups stay)."""
        self._write("DELETE FROM reviews")

    def _write(self, sql: str, parameters: tuple[object, ...] = ()) -> None:
        try:
            with self._transaction() as db:
                db.execute(sql, parameters)
        except sqlite3.Error as error:
            raise _unavailable(error, self.path) from None

    # -- reading -------------------------------------------------------------------------
    def load(self, ref: ReviewRef, fingerprint: str | None = None) -> StoredReview | None:
        """The verdicts and notes of one inference, or None when it has no review.

        With the current result's `fingerprint`, `changed` counts the rows written against
        another version of the result.
        """
        try:
            with self._snapshot() as db:
                head = db.execute(
                    f"SELECT id, environment, key_field, {_COUNT_COLUMNS} FROM reviews"  # noqa: S608
                    " WHERE base_url = ? AND inference_id = ?",
                    (ref.base_url, ref.inference_id),
                ).fetchone()
                if head is None:
                    return None
                review_id = head[0]
                codes = db.execute(
                    "SELECT item_key, verdict FROM verdicts"
                    " WHERE review_id = ? AND verdict IS NOT NULL",
                    (review_id,),
                )
                by_code = _BY_CODE
                verdicts = {key: by_code[code] for key, code in codes}
                notes = dict(
                    db.execute(
                        "SELECT item_key, note FROM verdicts WHERE review_id = ? AND note != ''",
                        (review_id,),
                    )
                )
                changed = 0
                if fingerprint is not None:
                    changed = int(
                        db.execute(
                            "SELECT TOTAL(rows) FROM review_fingerprints"
                            " WHERE review_id = ? AND fingerprint != ?",
                            (review_id, fingerprint),
                        ).fetchone()[0]
                    )
        except sqlite3.Error as error:
            raise _unavailable(error, self.path) from None
        counts = ReviewCounts(*head[3:])
        return StoredReview(ref, str(head[1]), head[2], verdicts, notes, counts, changed)

    def details(self, ref: ReviewRef) -> dict[str, ItemReview]:
        """Every row of one inference's review in full, by item key (for the reports)."""
        try:
            rows = self._db.execute(
                "SELECT v.item_key, v.verdict, v.note, v.reviewer, v.at, v.fingerprint"
                " FROM verdicts v JOIN reviews r ON r.id = v.review_id"
                " WHERE r.base_url = ? AND r.inference_id = ?",
                (ref.base_url, ref.inference_id),
            ).fetchall()
        except sqlite3.Error as error:
            raise _unavailable(error, self.path) from None
        by_code = _BY_CODE
        return {row[0]: ItemReview(row[0], by_code.get(row[1]), *row[2:]) for row in rows}

    def counts(self, refs: Iterable[ReviewRef]) -> dict[ReviewRef, ReviewCounts]:
        """The counts of those of `refs` that have a review (for the history list's badges)."""
        wanted = set(refs)
        found: dict[ReviewRef, ReviewCounts] = {}
        for ref, counts in self.reviewed().items():
            if ref in wanted:
                found[ref] = counts
        return found

    def reviewed(self) -> dict[ReviewRef, ReviewCounts]:
        """Every inference with at least one verdict or note, and its counts (history filter)."""
        try:
            rows = self._db.execute(
                f"SELECT base_url, inference_id, {_COUNT_COLUMNS} FROM reviews"  # noqa: S608
                " WHERE correct + wrong + unsure + notes > 0"
            ).fetchall()
        except sqlite3.Error as error:
            raise _unavailable(error, self.path) from None
        return {ReviewRef(row[0], row[1]): ReviewCounts(*row[2:]) for row in rows}

    @contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        """Reads that see one state of the file (the head and its rows agree)."""
        self._db.execute("BEGIN")
        try:
            yield self._db
        finally:
            with suppress(sqlite3.Error):
                self._db.execute("COMMIT")
