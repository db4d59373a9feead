"""The review summary's words, the share correct and the history badge."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vody_desktop.review.summary import (
    ReviewTally,
    counts_text,
    history_badge,
    share_correct,
    share_text,
)
from vody_desktop.store.reviews import ReviewCounts, Verdict


def test_the_issue_s_words_after_one_correct_verdict_of_four() -> None:
    tally = ReviewTally(total=4)
    tally.change(None, Verdict.CORRECT)
    assert tally.counts_text == "1 of 4 reviewed · 1 correct · 0 wrong · 0 unsure"
    assert tally.text == (
        "1 of 4 reviewed · 1 correct · 0 wrong · 0 unsure · 100% correct of those reviewed"
    )


def test_keys_1_2_1_3_give_the_done_when_summary() -> None:
    tally = ReviewTally(total=4)
    for key in (1, 2, 1, 3):
        tally.change(None, Verdict(key))
    assert tally.counts_text == "4 of 4 reviewed · 2 correct · 1 wrong · 1 unsure"
    assert tally.text.endswith(" · 50% correct of those reviewed")


def test_nothing_reviewed_has_no_share() -> None:
    tally = ReviewTally(total=50)
    assert tally.text == "0 of 50 reviewed · 0 correct · 0 wrong · 0 unsure"
    assert tally.share_correct is None
    assert share_text(0, 0) == ""


def test_changing_and_clearing_a_verdict_moves_the_counts() -> None:
    tally = ReviewTally.of(3, [Verdict.WRONG, None, Verdict.UNSURE])
    assert (tally.correct, tally.wrong, tally.unsure) == (0, 1, 1)
    tally.change(Verdict.WRONG, Verdict.CORRECT)
    tally.change(Verdict.UNSURE, None)
    assert tally.counts_text == "1 of 3 reviewed · 1 correct · 0 wrong · 0 unsure"


def test_large_numbers_are_grouped() -> None:
    assert counts_text(72_000, 1_200, 30, 4) == (
        "1,234 of 72,000 reviewed · 1,200 correct · 30 wrong · 4 unsure"
    )


def test_the_share_says_100_and_0_only_when_it_is_so() -> None:
    assert share_correct(999, 1000) == 99
    assert share_correct(1, 1000) == 1
    assert share_correct(0, 3) == 0
    assert share_correct(3, 3) == 100
    assert share_correct(2, 3) == 67
    assert share_correct(0, 0) is None
    assert share_text(1, 2) == "50% correct of those reviewed"


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 9), st.sampled_from([*Verdict, None])), max_size=40))
def test_the_tally_kept_step_by_step_equals_a_recount(
    steps: list[tuple[int, Verdict | None]],
) -> None:
    verdicts: list[Verdict | None] = [None] * 10
    tally = ReviewTally(total=10)
    for index, new in steps:
        tally.change(verdicts[index], new)
        verdicts[index] = new
    assert tally == ReviewTally.of(10, verdicts)


def test_the_history_badge() -> None:
    assert history_badge(ReviewCounts(correct=30, wrong=5, unsure=2), 50) == "reviewed 37 of 50"
    assert history_badge(ReviewCounts(correct=1), None) == "reviewed 1"
    assert history_badge(ReviewCounts(correct=1000), 72_000) == "reviewed 1,000 of 72,000"
    assert history_badge(ReviewCounts(notes=2), 50) == "notes on 2 items"
    assert history_badge(ReviewCounts(notes=1), 50) == "notes on 1 item"
    assert history_badge(ReviewCounts(), 50) == ""
