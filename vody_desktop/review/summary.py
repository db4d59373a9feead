"""The words of a review's progress: the summary label, the share correct, the history badge.

Qt-free. `ReviewTally` keeps the counts of the items now shown and changes them by one verdict
at a time (a key press never recounts 72,000 items); its `text` is what the `reviewSummary`
label reads: "1 of 4 reviewed · 1 correct · 0 wrong · 0 unsure · 100% correct of those
reviewed".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from vody_desktop.store.reviews import ReviewCounts, Verdict

SEPARATOR = " · "


def share_correct(correct: int, reviewed: int) -> int | None:
    """The percentage correct among the reviewed, or None when none was reviewed.

    Rounded, except that it says 100 only when all are correct and 0 only when none is:
    999 of 1,000 is "99%", not "100%".
    """
    if reviewed <= 0:
        return None
    percent = round(100 * correct / reviewed)
    if percent == 100 and correct < reviewed:
        return 99
    if percent == 0 and correct > 0:
        return 1
    return percent


def share_text(correct: int, reviewed: int) -> str:
    """ "50% correct of those reviewed", or "" when none was reviewed."""
    percent = share_correct(correct, reviewed)
    return "" if percent is None else f"{percent}% correct of those reviewed"


def counts_text(total: int, correct: int, wrong: int, unsure: int) -> str:
    """ "1 of 4 reviewed · 1 correct · 0 wrong · 0 unsure" (the issue's words)."""
    reviewed = correct + wrong + unsure
    return SEPARATOR.join(
        (
            f"{reviewed:,} of {total:,} reviewed",
            f"{correct:,} correct",
            f"{wrong:,} wrong",
            f"{unsure:,} unsure",
        )
    )


def history_badge(counts: ReviewCounts, item_count: int | None) -> str:
    """What a history entry shows: "reviewed 37 of 50" ("reviewed 37" when the number of
    items is not known; "notes on 2 items" for notes alone; "" for no review)."""
    if counts.reviewed:
        if item_count is None:
            return f"reviewed {counts.reviewed:,}"
        return f"reviewed {counts.reviewed:,} of {item_count:,}"
    if counts.notes:
        return f"notes on {counts.notes:,} item{'' if counts.notes == 1 else 's'}"
    return ""


@dataclass
class ReviewTally:
    """The counts of the result's items now shown, changed one verdict at a time."""

    total: int
    correct: int = 0
    wrong: int = 0
    unsure: int = 0

    @classmethod
    def of(cls, total: int, verdicts: Iterable[Verdict | None]) -> ReviewTally:
        """The tally of the verdicts of the items shown (once, when a review is opened)."""
        counts = Counter(verdicts)
        return cls(
            total,
            counts[Verdict.CORRECT],
            counts[Verdict.WRONG],
            counts[Verdict.UNSURE],
        )

    @property
    def reviewed(self) -> int:
        return self.correct + self.wrong + self.unsure

    def change(self, old: Verdict | None, new: Verdict | None) -> None:
        """One item's verdict went from `old` to `new` (None: none)."""
        if old is not None:
            self._add(old, -1)
        if new is not None:
            self._add(new, 1)

    def _add(self, verdict: Verdict, step: int) -> None:
        if verdict is Verdict.CORRECT:
            self.correct += step
        elif verdict is Verdict.WRONG:
            self.wrong += step
        else:
            self.unsure += step

    @property
    def share_correct(self) -> int | None:
        return share_correct(self.correct, self.reviewed)

    @property
    def counts_text(self) -> str:
        return counts_text(self.total, self.correct, self.wrong, self.unsure)

    @property
    def text(self) -> str:
        """The summary label: the counts, then the share correct once anything is reviewed."""
        share = share_text(self.correct, self.reviewed)
        return self.counts_text + (SEPARATOR + share if share else "")
