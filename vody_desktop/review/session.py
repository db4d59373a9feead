"""One review in progress: the items' keys, their verdicts and notes, the tally, the store.

Qt-free. The Items table holds one `ReviewSession` per result shown. Opening one chooses the key
field (the stored review's own first, while it still fits), reads every item's key once, loads
what was kept for this inference and matches it to the items now shown; after that a verdict is
one store write and one change of the tally, and the table asks `verdict_at(index)` for its
Verdict column (item index in the result, not the view's row).

Writes go to the store before the session changes, so what the table shows is what is kept;
a store that fails raises `HistoryUnavailableError` and the session stays as it was. Without a
store (no history this session) the review lives in memory and `saved` is False.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from vody_desktop.review.identity import (
    ReviewMatch,
    Values,
    choose_key_field,
    item_keys,
    match_review,
)
from vody_desktop.review.report import ReviewRow
from vody_desktop.review.summary import ReviewTally
from vody_desktop.store.reviews import (
    ItemReview,
    ReviewedItems,
    ReviewRef,
    StoredReview,
    Verdict,
    now_text,
)


class ReviewKeeping(Protocol):
    """What a session asks of its store: `ReviewStore` itself, or a stand-in that hands the
    writes to the history's worker thread (ui/mainwindow/review_keeping.py)."""

    def load(self, ref: ReviewRef, fingerprint: str | None = None) -> StoredReview | None: ...
    def remembered_items(self, ref: ReviewRef) -> ReviewedItems | None: ...
    def details(self, ref: ReviewRef) -> dict[str, ItemReview]: ...
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
    ) -> Any: ...
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
    ) -> Any: ...
    def remember_items(
        self,
        ref: ReviewRef,
        keys: Sequence[str],
        *,
        environment: str,
        key_field: str | None,
        fingerprint: str,
    ) -> None: ...


@dataclass(frozen=True)
class ReviewSubject:
    """Which result is reviewed, and by whom."""

    ref: ReviewRef
    #: The environment as the person knows it ("Production"), kept with the review.
    environment: str
    #: `result_fingerprint` of the result shown.
    fingerprint: str
    reviewer: str


#: The report's cells of the item at an index: picture link, label, top prediction, score, match.
RowCells = Callable[[int], tuple[str, str, str, str, str]]


class ReviewSession:
    """The review of the result now shown; see the module docstring."""

    def __init__(
        self,
        subject: ReviewSubject,
        keys: Sequence[str],
        key_field: str | None,
        store: ReviewKeeping | None,
        *,
        verdicts: dict[str, Verdict] | None = None,
        notes: dict[str, str] | None = None,
        match: ReviewMatch | None = None,
        keys_kept: bool = False,
    ) -> None:
        self.subject = subject
        self.keys = list(keys)
        self.key_field = key_field
        self._store = store
        self._verdicts = verdicts or {}
        self._notes = notes or {}
        #: How the stored review met this result (None: nothing was stored for it).
        self.match = match
        self._keys_kept = keys_kept
        # Who changed an item in this session and when: the reports' source without a store.
        self._written: dict[str, tuple[str, str]] = {}
        self.tally = ReviewTally.of(len(self.keys), map(self._verdicts.get, self.keys))

    @classmethod
    def open(
        cls,
        subject: ReviewSubject,
        store: ReviewKeeping | None,
        count: int,
        fields: Iterable[str],
        values: Values,
    ) -> ReviewSession:
        """Start or resume the review of `count` items (`fields` and `values` as
        `choose_key_field` takes them). Reads every item's key field once: call it off the
        UI thread for a large result. Raises `HistoryUnavailableError` from the store."""
        stored = None if store is None else store.load(subject.ref, subject.fingerprint)
        prefer = stored.key_field if stored is not None else None
        field = choose_key_field(count, fields, values, prefer=prefer)
        keys = item_keys(count, field, values)
        if stored is None or store is None:
            return cls(subject, keys, field, store)
        then = store.remembered_items(subject.ref)
        changed = stored.changed > 0 or (
            then is not None and then.fingerprint != subject.fingerprint
        )
        reviewed = stored.verdicts.keys() | stored.notes.keys()
        if stored.key_field != field:
            # Another field names the items now: keys of the old field match nothing.
            changed = True
        match = match_review(
            reviewed,
            keys,
            field=field,
            changed=changed,
            keys_then=then.keys if then is not None and stored.key_field == field else None,
        )
        current = set(keys)
        return cls(
            subject,
            keys,
            field,
            store,
            verdicts={k: v for k, v in stored.verdicts.items() if k in current},
            notes={k: n for k, n in stored.notes.items() if k in current},
            match=match,
            keys_kept=then is not None and then.fingerprint == subject.fingerprint,
        )

    # -- what the table shows ------------------------------------------------------------
    @property
    def saved(self) -> bool:
        """Whether verdicts are kept in the history's file (False: in memory only)."""
        return self._store is not None

    @property
    def summary(self) -> str:
        """The `reviewSummary` label's text."""
        return self.tally.text

    @property
    def changed_sentence(self) -> str:
        """What to say when the result changed since it was reviewed, else ""."""
        return "" if self.match is None else self.match.sentence()

    def verdict_at(self, index: int) -> Verdict | None:
        return self._verdicts.get(self.keys[index])

    def note_at(self, index: int) -> str:
        return self._notes.get(self.keys[index], "")

    def indices(self, verdict: Verdict | None) -> list[int]:
        """The items with `verdict` (None: not yet reviewed), for the quick filters."""
        get = self._verdicts.get
        return [index for index, key in enumerate(self.keys) if get(key) is verdict]

    # -- changing it ---------------------------------------------------------------------
    def set_verdict(self, index: int, verdict: Verdict | None) -> None:
        """Key 1, 2, 3 (or 0 for None) on the item at `index`: kept, then counted."""
        key = self.keys[index]
        old = self._verdicts.get(key)
        if old is verdict:
            return
        if self._store is not None:
            self._keep_keys()
            self._store.set_verdict(
                self.subject.ref,
                key,
                verdict,
                environment=self.subject.environment,
                key_field=self.key_field,
                reviewer=self.subject.reviewer,
                fingerprint=self.subject.fingerprint,
            )
        if verdict is None:
            del self._verdicts[key]
        else:
            self._verdicts[key] = verdict
        self._written[key] = (self.subject.reviewer, now_text())
        self.tally.change(old, verdict)

    def set_note(self, index: int, note: str) -> None:
        """The item's note (empty removes it); its verdict stays."""
        key = self.keys[index]
        text = note.strip()
        if self._notes.get(key, "") == text:
            return
        if self._store is not None:
            self._keep_keys()
            self._store.set_note(
                self.subject.ref,
                key,
                text,
                environment=self.subject.environment,
                key_field=self.key_field,
                reviewer=self.subject.reviewer,
                fingerprint=self.subject.fingerprint,
            )
        if text:
            self._notes[key] = text
        else:
            self._notes.pop(key, None)
        self._written[key] = (self.subject.reviewer, now_text())

    def _keep_keys(self) -> None:
        """The first change on this result keeps its item keys (to tell new items later)."""
        if self._keys_kept or self._store is None:
            return
        self._store.remember_items(
            self.subject.ref,
            self.keys,
            environment=self.subject.environment,
            key_field=self.key_field,
            fingerprint=self.subject.fingerprint,
        )
        self._keys_kept = True

    # -- handing on ----------------------------------------------------------------------
    def report_rows(
        self, cells: RowCells, item_names: Callable[[int], str] | None = None
    ) -> Iterator[ReviewRow]:
        """One row per item in result order, for `iter_review_csv` and `review_markdown`.

        `cells(index)` gives the table's text for the item; `item_names(index)` how to name
        it (default: its key, or "$[i]" for items known by position)."""
        details: dict[str, ItemReview] = {}
        if self._store is not None:
            details = self._store.details(self.subject.ref)
        for index, key in enumerate(self.keys):
            picture, label, prediction, score, match = cells(index)
            if item_names is not None:
                name = item_names(index)
            else:
                name = key if self.key_field is not None else f"$[{index}]"
            kept = details.get(key)
            verdict, note = self._verdicts.get(key), self._notes.get(key, "")
            reviewer, at = ("", "")
            if kept is not None:
                reviewer, at = kept.reviewer, kept.at
            elif verdict is not None or note:
                reviewer, at = self._written.get(key, ("", ""))
            yield ReviewRow(
                item=name,
                picture=picture,
                label=label,
                prediction=prediction,
                score=score,
                match=match,
                verdict=verdict,
                note=note,
                reviewer=reviewer,
                at=at,
            )
