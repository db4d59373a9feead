"""Review verdicts in the history's file: kept at once, counted, cleared, migrated, protected.

Every connection a test opens is closed again (Python 3.13 reports a forgotten one).
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vody_desktop.lookup import LookupRecord
from vody_desktop.store.history import (
    HistoryFromNewerVersionError,
    HistoryStore,
    HistoryUnavailableError,
)
from vody_desktop.store.reviews import (
    REVIEWS_VERSION,
    ReviewCounts,
    ReviewRef,
    ReviewStore,
    Verdict,
)

ID_A = "0924dcfe-a593-4e42-8c7b-4fca9a149777"
ID_B = "5a4d0c00-0000-4000-8000-000000000008"
PROD = "https://prod-api.vody.com"
REF = ReviewRef(PROD, ID_A)
OTHER = ReviewRef(PROD, ID_B)
WHERE = {"environment": "Production", "key_field": "image_path", "fingerprint": "f1"}


def record(inference_id: str = ID_A, minutes: int = 0) -> LookupRecord:
    return LookupRecord(
        inference_id=inference_id,
        environment="Production",
        base_url=PROD,
        started_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC) + timedelta(minutes=minutes),
        duration_s=0.25,
        http_status=200,
        inference_status="completed",
        model="color-classification",
        item_count=4,
        size_bytes=1234,
        error_title=None,
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ReviewStore]:
    with ReviewStore(tmp_path / "history.sqlite3") as reviews:
        yield reviews


def verdict(store: ReviewStore, key: str, value: Verdict | None, ref: ReviewRef = REF) -> None:
    store.set_verdict(ref, key, value, reviewer="ann", **WHERE)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_verdicts_and_notes_are_read_back_with_reviewer_time_and_fingerprint(
    store: ReviewStore,
) -> None:
    counts = store.set_verdict(
        REF, "a.png", Verdict.WRONG, environment="Production", key_field="image_path",
        reviewer="ann", fingerprint="f1",
    )  # fmt: skip
    assert counts == ReviewCounts(correct=0, wrong=1, unsure=0, notes=0)
    store.set_note(
        REF, "a.png", "  label says red, it is orange ", environment="Production",
        key_field="image_path", reviewer="bob", fingerprint="f2",
    )  # fmt: skip
    review = store.load(REF)
    assert review is not None
    assert (review.environment, review.key_field) == ("Production", "image_path")
    assert review.verdicts == {"a.png": Verdict.WRONG}
    assert review.notes == {"a.png": "label says red, it is orange"}
    assert review.counts == ReviewCounts(wrong=1, notes=1)
    item = store.details(REF)["a.png"]
    assert (item.item_key, item.verdict, item.note) == (
        "a.png",
        Verdict.WRONG,
        "label says red, it is orange",
    )
    assert (item.reviewer, item.fingerprint) == ("bob", "f2")
    written = datetime.fromisoformat(item.at)
    assert written.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - written) < timedelta(days=1)


def test_rows_written_against_another_result_are_counted_as_changed(store: ReviewStore) -> None:
    verdict(store, "1", Verdict.WRONG)  # fingerprint f1
    verdict(store, "2", Verdict.WRONG)
    store.set_verdict(
        REF, "3", Verdict.CORRECT, environment="Production", key_field="image_path",
        reviewer="ann", fingerprint="f2",
    )  # fmt: skip
    now = store.load(REF, fingerprint="f2")
    assert now is not None
    assert now.changed == 2
    assert store.load(REF, fingerprint="f1").changed == 1  # type: ignore[union-attr]
    assert store.load(REF).changed == 0  # type: ignore[union-attr]


def test_an_inference_without_a_review_loads_as_none(store: ReviewStore) -> None:
    assert store.load(REF) is None


def test_counts_follow_every_change(store: ReviewStore) -> None:
    for key, value in [("1", Verdict.CORRECT), ("2", Verdict.WRONG), ("3", Verdict.CORRECT)]:
        verdict(store, key, value)
    verdict(store, "4", Verdict.UNSURE)
    verdict(store, "2", Verdict.CORRECT)  # changed her mind
    review = store.load(REF)
    assert review is not None
    assert review.counts == ReviewCounts(correct=3, wrong=0, unsure=1)
    assert review.counts.reviewed == 4


def test_clearing_a_verdict_keeps_the_note_and_uncounts_it(store: ReviewStore) -> None:
    verdict(store, "1", Verdict.WRONG)
    verdict(store, "2", Verdict.CORRECT)
    store.set_note(REF, "1", "too dark", reviewer="ann", **WHERE)
    counts = store.set_verdict(REF, "1", None, reviewer="ann", **WHERE)
    assert counts == ReviewCounts(correct=1, notes=1)
    review = store.load(REF)
    assert review is not None
    assert "1" not in review.verdicts
    assert review.notes == {"1": "too dark"}


def test_an_item_with_neither_verdict_nor_note_is_gone(store: ReviewStore) -> None:
    verdict(store, "1", Verdict.WRONG)
    verdict(store, "1", None)
    store.set_note(REF, "2", "look again", reviewer="ann", **WHERE)
    store.set_note(REF, "2", "", reviewer="ann", **WHERE)
    review = store.load(REF)
    assert review is not None
    assert (review.verdicts, review.notes) == ({}, {})
    assert store.details(REF) == {}
    assert review.counts == ReviewCounts()
    assert store.reviewed() == {}


def test_reviews_are_kept_per_server_and_inference(store: ReviewStore) -> None:
    sandbox = ReviewRef("http://127.0.0.1:8000", ID_A)
    verdict(store, "1", Verdict.WRONG)
    verdict(store, "1", Verdict.CORRECT, ref=OTHER)
    verdict(store, "1", Verdict.UNSURE, ref=sandbox)
    loaded = {ref: store.load(ref) for ref in (REF, OTHER, sandbox)}
    assert {ref: r.verdicts["1"] for ref, r in loaded.items() if r} == {
        REF: Verdict.WRONG,
        OTHER: Verdict.CORRECT,
        sandbox: Verdict.UNSURE,
    }


def test_history_badges_and_filter_read_the_counts(store: ReviewStore) -> None:
    for key in range(37):
        verdict(store, str(key), Verdict.CORRECT if key % 4 else Verdict.WRONG)
    store.set_note(OTHER, "x", "only a note", reviewer="ann", **WHERE)
    nothing = ReviewRef(PROD, "00000000-0000-4000-8000-000000000000")
    counts = store.counts([REF, nothing])
    assert list(counts) == [REF]
    assert counts[REF].reviewed == 37
    assert counts[REF].wrong == 10
    assert set(store.reviewed()) == {REF, OTHER}


def test_the_reviewed_results_item_keys_are_kept_compressed(store: ReviewStore) -> None:
    assert store.remembered_items(REF) is None
    keys = [f"https://pics.example.com/items/{n:06d}.png" for n in range(72_000)]
    store.remember_items(
        REF, keys, environment="Production", key_field="image_path", fingerprint="f1"
    )
    kept = store.remembered_items(REF)
    assert kept is not None
    assert (kept.fingerprint, kept.keys) == ("f1", keys)
    with closing(sqlite3.connect(store.path)) as db:
        (size,) = db.execute("SELECT length(items) FROM reviews").fetchone()
    assert size < len("".join(keys)) / 5
    # Keys alone are no review: the history shows no badge for it.
    assert store.reviewed() == {}
    verdict(store, keys[0], Verdict.CORRECT)
    store.remember_items(
        REF, keys[:2], environment="Production", key_field="image_path", fingerprint="f2"
    )
    kept = store.remembered_items(REF)
    assert kept is not None
    assert (kept.fingerprint, kept.keys) == ("f2", keys[:2])
    assert store.load(REF).verdicts == {keys[0]: Verdict.CORRECT}  # type: ignore[union-attr]


def test_forget_and_clear_leave_the_lookups(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with HistoryStore(path) as history, ReviewStore.beside(history) as store:
        history.add(record())
        verdict(store, "1", Verdict.WRONG)
        verdict(store, "1", Verdict.WRONG, ref=OTHER)
        store.forget(REF)
        assert store.load(REF) is None
        assert store.load(OTHER) is not None
        store.clear()
        assert store.reviewed() == {}
        assert [e.inference_id for e in history.search()] == [ID_A]


# No time limits: on a machine whose cores are busy, generating even small data can stall.
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c"]),
            st.sampled_from([*Verdict, None]),
            st.sampled_from(["", "note"]),
            st.sampled_from(["f1", "f2"]),
        ),
        max_size=25,
    )
)
def test_counts_always_equal_a_recount(
    tmp_path_factory: pytest.TempPathFactory,
    steps: list[tuple[str, Verdict | None, str, str]],
) -> None:
    path = tmp_path_factory.mktemp("reviews") / "history.sqlite3"
    with ReviewStore(path) as store:
        expected: dict[str, tuple[Verdict | None, str]] = {}
        written_on: dict[str, str] = {}
        where = {"environment": "Production", "key_field": "image_path", "reviewer": "r"}
        for key, value, note, fingerprint in steps:
            store.set_verdict(REF, key, value, fingerprint=fingerprint, **where)
            store.set_note(REF, key, note, fingerprint=fingerprint, **where)
            expected[key] = (value, note)
            written_on[key] = fingerprint
        review = store.load(REF)
        kept = {k: v for k, v in expected.items() if v != (None, "")}
        for fingerprint in ("f1", "f2"):
            other = sum(1 for key in kept if written_on[key] != fingerprint)
            assert getattr(store.load(REF, fingerprint), "changed", 0) == other
        if review is None:
            assert kept == {}
            return
        assert {k: (i.verdict, i.note) for k, i in store.details(REF).items()} == kept
        assert review.verdicts == {k: v for k, (v, _) in kept.items() if v is not None}
        assert review.notes == {k: n for k, (_, n) in kept.items() if n}
        verdicts = [v for v, _ in kept.values()]
        assert review.counts == ReviewCounts(
            correct=verdicts.count(Verdict.CORRECT),
            wrong=verdicts.count(Verdict.WRONG),
            unsure=verdicts.count(Verdict.UNSURE),
            notes=sum(1 for _, n in kept.values() if n),
        )


_CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from vody_desktop.store.reviews import ReviewRef, ReviewStore, Verdict

    store = ReviewStore(Path(sys.argv[1]))
    ref = ReviewRef("https://prod-api.vody.com", sys.argv[2])
    where = dict(environment="Production", key_field="image_path", reviewer="ann",
                 fingerprint="f1")
    store.set_verdict(ref, "a.png", Verdict.CORRECT, **where)
    store.set_verdict(ref, "b.png", Verdict.WRONG, **where)
    store.set_note(ref, "b.png", "orange, not red", **where)
    store.set_verdict(ref, "c.png", Verdict.UNSURE, **where)
    print("written", flush=True)
    sys.stdin.readline()  # wait here, the store still open, until killed
    """
)


def test_a_killed_app_loses_no_verdict(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(path), ID_A],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "written"
    finally:
        child.kill()  # SIGKILL: no cleanup, no close, no checkpoint
        child.wait()
        for stream in (child.stdin, child.stdout):
            if stream is not None:
                stream.close()
    if sys.platform != "win32":
        assert child.returncode == -signal.SIGKILL
    with ReviewStore(path) as store:
        review = store.load(REF)
    assert review is not None
    assert review.verdicts == {
        "a.png": Verdict.CORRECT,
        "b.png": Verdict.WRONG,
        "c.png": Verdict.UNSURE,
    }
    assert review.notes == {"b.png": "orange, not red"}
    assert review.counts == ReviewCounts(correct=1, wrong=1, unsure=1, notes=1)


def test_a_history_of_the_current_schema_gets_the_review_tables_and_keeps_its_lookups(
    tmp_path: Path,
) -> None:
    path = tmp_path / "history.sqlite3"
    with HistoryStore(path) as history:
        ids = [history.add(record(ID_A if n % 2 else ID_B, minutes=n)) for n in range(20)]
        history.set_note(ids[3], "ticket 4711")
        assert history.save_offline_copy(ids[5], b'{"items": []}', limit_bytes=1000)
        before = history.search()
    with closing(sqlite3.connect(path)) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        assert "verdicts" not in tables
        user_version = db.execute("PRAGMA user_version").fetchone()[0]
    with ReviewStore(path) as store:
        verdict(store, "1", Verdict.CORRECT)
    with HistoryStore(path) as history:
        assert history.search() == before
        assert history.offline_copy(ids[5]) == b'{"items": []}'
    with closing(sqlite3.connect(path)) as db:
        # The history keeps its version, so a build without reviews still opens it.
        assert db.execute("PRAGMA user_version").fetchone()[0] == user_version
        parts = dict(db.execute("SELECT part, version FROM schema_parts").fetchall())
        assert parts == {"reviews": REVIEWS_VERSION}
    with ReviewStore(path) as store:  # opening again changes nothing that is there
        review = store.load(REF)
        assert review is not None
        assert review.counts == ReviewCounts(correct=1)


@pytest.mark.parametrize("journal_mode", ["wal", "delete"])
def test_a_file_with_newer_review_tables_is_never_written(
    tmp_path: Path, journal_mode: str
) -> None:
    path = tmp_path / "history.sqlite3"
    with HistoryStore(path) as history, ReviewStore.beside(history) as store:
        history.add(record())
        verdict(store, "1", Verdict.WRONG)
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute(f"PRAGMA journal_mode={journal_mode}")
        db.execute("UPDATE schema_parts SET version = ?", (REVIEWS_VERSION + 1,))
    before = snapshot(tmp_path)
    with pytest.raises(HistoryFromNewerVersionError) as raised:
        ReviewStore(path)
    assert raised.value.title == "This history was written by a newer Vody Desktop"
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("journal_mode", ["wal", "delete"])
def test_a_history_of_a_newer_version_is_never_written(tmp_path: Path, journal_mode: str) -> None:
    path = tmp_path / "history.sqlite3"
    with HistoryStore(path) as history:
        history.add(record())
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute(f"PRAGMA journal_mode={journal_mode}")
        db.execute("PRAGMA user_version=99")
    before = snapshot(tmp_path)
    with pytest.raises(HistoryFromNewerVersionError):
        ReviewStore(path)
    assert snapshot(tmp_path) == before


def test_a_file_that_is_no_database_is_unavailable(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(HistoryUnavailableError) as raised:
        ReviewStore(path)
    assert raised.value.damaged
    assert path.read_bytes().startswith(b"this is not a database")


def test_newer_review_tables_still_in_the_write_ahead_log_are_recognised(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    ReviewStore(path).close()
    # A newer app still running: its upgrade is in the log, not yet in the file itself.
    with closing(sqlite3.connect(path, isolation_level=None)) as newer_app:
        newer_app.execute("PRAGMA wal_autocheckpoint=0")
        newer_app.execute("UPDATE schema_parts SET version = ?", (REVIEWS_VERSION + 1,))
        before = path.read_bytes()
        with pytest.raises(HistoryFromNewerVersionError):
            ReviewStore(path)
        assert path.read_bytes() == before
        parts = newer_app.execute("SELECT version FROM schema_parts").fetchall()
        assert parts == [(REVIEWS_VERSION + 1,)]
