"""A review in progress: keys 1 2 1 3, kept across a restart, a changed result, no key field."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from vody_desktop.review.identity import result_fingerprint
from vody_desktop.review.report import ReviewReportContext, review_markdown
from vody_desktop.review.session import ReviewSession, ReviewSubject, RowCells
from vody_desktop.store.history import HistoryUnavailableError
from vody_desktop.store.reviews import ReviewRef, ReviewStore, Verdict

REF = ReviewRef("https://prod-api.vody.com", "0924dcfe-a593-4e42-8c7b-4fca9a149777")
PICTURE = "https://pics.example.com/{}.png"

Items = list[dict[str, object]]


def example(names: Sequence[str] = ("a", "b", "c", "d")) -> Items:
    return [{"image_path": PICTURE.format(name), "hex_color_label": "#FF0000"} for name in names]


def subject(items: Items, reviewer: str = "ann") -> ReviewSubject:
    body = repr(items).encode()
    return ReviewSubject(REF, "Production", result_fingerprint(body), reviewer)


def open_session(items: Items, store: ReviewStore | None, reviewer: str = "ann") -> ReviewSession:
    fields = list(dict.fromkeys(name for item in items for name in item))
    return ReviewSession.open(
        subject(items, reviewer),
        store,
        len(items),
        fields,
        lambda name: [item.get(name) for item in items],
    )


def cells(items: Items) -> RowCells:
    return lambda index: (str(items[index]["image_path"]), "#FF0000", "red", "0.9", "✓")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "history.sqlite3"


@pytest.fixture
def store(path: Path) -> Iterator[ReviewStore]:
    with ReviewStore(path) as reviews:
        yield reviews


def test_keys_1_2_1_3_are_counted_and_come_back_after_a_restart(
    store: ReviewStore, path: Path
) -> None:
    items = example()
    session = open_session(items, store)
    assert session.summary == "0 of 4 reviewed · 0 correct · 0 wrong · 0 unsure"
    for index, key in enumerate((1, 2, 1, 3)):
        session.set_verdict(index, Verdict(key))
    done = "4 of 4 reviewed · 2 correct · 1 wrong · 1 unsure · 50% correct of those reviewed"
    assert session.summary == done
    session.set_note(1, "orange, not red")
    with ReviewStore(path) as again:  # the app started again on the same ID
        resumed = open_session(items, again)
        assert resumed.summary == done
        assert [resumed.verdict_at(n) for n in range(4)] == [
            Verdict.CORRECT,
            Verdict.WRONG,
            Verdict.CORRECT,
            Verdict.UNSURE,
        ]
        assert resumed.note_at(1) == "orange, not red"
        assert resumed.changed_sentence == ""
        assert resumed.key_field == "image_path"


def test_clearing_and_the_quick_filters(store: ReviewStore) -> None:
    session = open_session(example(), store)
    session.set_verdict(0, Verdict.WRONG)
    session.set_verdict(2, Verdict.CORRECT)
    session.set_verdict(2, None)  # key 0
    assert session.indices(Verdict.WRONG) == [0]
    assert session.indices(None) == [1, 2, 3]
    assert session.summary.startswith("1 of 4 reviewed · 0 correct · 1 wrong")
    review = store.load(REF)
    assert review is not None
    assert review.verdicts == {PICTURE.format("a"): Verdict.WRONG}


def test_a_changed_result_is_matched_by_key_and_said(store: ReviewStore) -> None:
    session = open_session(example(), store)
    session.set_verdict(0, Verdict.CORRECT)  # a
    session.set_verdict(2, Verdict.WRONG)  # c
    changed = example(("e", "a", "b", "f"))  # c gone, e and f new, a moved
    resumed = open_session(changed, store)
    assert resumed.verdict_at(1) is Verdict.CORRECT
    assert resumed.verdict_at(0) is None
    assert resumed.changed_sentence == (
        "This result changed since it was reviewed: 2 items are new and 1 reviewed item is "
        "gone. Verdicts are matched by image_path."
    )
    assert resumed.summary.startswith("1 of 4 reviewed · 1 correct · 0 wrong")
    # A verdict on the new result keeps its keys, so the next opening compares with these.
    resumed.set_verdict(0, Verdict.UNSURE)
    again = open_session(changed, store)
    assert again.match is not None
    assert again.match.new == ()


def test_items_without_a_key_field_are_reviewed_by_position(store: ReviewStore) -> None:
    items: Items = [{"colour": "red"}, {"colour": "red"}, {"colour": "blue"}]
    session = open_session(items, store)
    assert session.key_field is None
    assert session.keys == ["#0", "#1", "#2"]
    session.set_verdict(1, Verdict.WRONG)
    rows = list(session.report_rows(lambda index: ("", "red", "", "", "")))
    assert [row.item for row in rows] == ["$[0]", "$[1]", "$[2]"]
    assert rows[1].verdict is Verdict.WRONG
    assert rows[1].reviewer == "ann"
    reordered: Items = [items[1], items[0], items[2], {"colour": "green"}]
    resumed = open_session(reordered, store)
    assert resumed.verdict_at(1) is Verdict.WRONG  # by position: a reorder is not seen
    assert "Verdicts are matched by position" in resumed.changed_sentence
    assert "1 item is new" in resumed.changed_sentence


def test_a_store_that_fails_leaves_the_review_as_it_was(path: Path) -> None:
    store = ReviewStore(path)
    session = open_session(example(), store)
    session.set_verdict(0, Verdict.CORRECT)
    store.close()  # the file went away under the app
    with pytest.raises(HistoryUnavailableError):
        session.set_verdict(1, Verdict.WRONG)
    assert session.verdict_at(1) is None
    assert session.summary.startswith("1 of 4 reviewed · 1 correct · 0 wrong")


def test_without_history_the_review_lives_in_memory(store: ReviewStore) -> None:
    items = example()
    session = open_session(items, None, reviewer="bob")
    assert not session.saved
    session.set_verdict(3, Verdict.WRONG)
    session.set_note(3, "no picture")
    rows = list(session.report_rows(cells(items)))
    assert (rows[3].verdict, rows[3].note, rows[3].reviewer) == (
        Verdict.WRONG,
        "no picture",
        "bob",
    )
    assert rows[3].at.endswith("+00:00")
    assert rows[0].reviewer == ""
    assert store.load(REF) is None


def test_report_rows_carry_the_stored_reviewer_and_time(store: ReviewStore) -> None:
    items = example()
    session = open_session(items, store)
    session.set_verdict(1, Verdict.WRONG)
    session.set_note(1, "orange")
    rows = list(session.report_rows(cells(items)))
    assert rows[1].item == PICTURE.format("b")
    assert (rows[1].picture, rows[1].prediction, rows[1].reviewer) == (
        PICTURE.format("b"),
        "red",
        "ann",
    )
    assert rows[1].at == store.details(REF)[PICTURE.format("b")].at
    report = review_markdown(ReviewReportContext(REF.inference_id, "Production"), rows)
    assert "## Wrong (1)" in report
    assert "Note: orange" in report
