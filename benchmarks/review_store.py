"""Review mode's Qt-free work on the sandbox's large result (72,000 items); asserts nothing.

    .venv/bin/python -m benchmarks.review_store

The figure that matters is one key press: `ReviewSession.set_verdict` in a review that already
holds 72,000 verdicts (one small transaction in the history's file, then the tally changed by
one, never recounted) plus the summary's new text. It is timed over 300 key
presses (best, median, worst), against a baseline measured in the same run: the same key press
in a review that holds a single verdict. Then what opening and handing on a review cost: the key
field and every item's key, the result's fingerprint, keeping the reviewed item keys, loading
72,000 verdicts (against a bare select of their keys in the same run), a recount (what the
tally avoids), the CSV and the Markdown report. Best of a few runs each.

The last line is one JSON object with the figures (`review_keypress_ms` is the median, and
`review_keypress_max_ms` the worst, of the store-and-summary part; the window adds its repaint).
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import msgspec

from vody_desktop.review.identity import choose_key_field, item_keys, result_fingerprint
from vody_desktop.review.report import (
    ReviewReportContext,
    iter_review_csv,
    review_markdown,
)
from vody_desktop.review.session import ReviewSession, ReviewSubject
from vody_desktop.review.summary import ReviewTally
from vody_desktop.sandbox.catalogue import LARGE_ID, results_bytes
from vody_desktop.store.reviews import ReviewRef, ReviewStore, Verdict

PRESSES = 300
BASE_URL = "https://prod-api.vody.com"
VERDICTS = (Verdict.CORRECT, Verdict.WRONG, Verdict.CORRECT, Verdict.UNSURE)


def timed_ms(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def best_ms(action: Callable[[], object], repeat: int = 5) -> float:
    return min(timed_ms(action) for _ in range(repeat))


def key_presses(session: ReviewSession) -> list[float]:
    """Time PRESSES verdict keys (cycling over the items), each with the summary's new text."""
    times = []
    count = len(session.keys)
    for press in range(PRESSES):
        started = time.perf_counter()
        # Every press changes its item's verdict (clears it, or sets one it did not have), so
        # every press writes.
        session.set_verdict(press % count, VERDICTS[(press + 1) % 4] if press % 2 else None)
        _ = session.summary
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    body = results_bytes(LARGE_ID)
    items = msgspec.json.decode(body)
    count = len(items)
    fields = list(dict.fromkeys(name for item in items[:2000] for name in item))

    def column(name: str) -> list[object]:
        return [item.get(name) for item in items]

    figures: dict[str, float] = {}
    figures["choose_key_field_ms"] = best_ms(lambda: choose_key_field(count, fields, column), 3)
    field = choose_key_field(count, fields, column)
    keys = item_keys(count, field, column)
    figures["item_keys_ms"] = best_ms(lambda: item_keys(count, field, column), 3)
    figures["fingerprint_ms"] = best_ms(lambda: result_fingerprint(body), 3)
    fingerprint = result_fingerprint(body)
    print(f"{count:,} items, {len(body) / 1e6:.1f} MB, key field {field!r}")

    with tempfile.TemporaryDirectory() as folder, ReviewStore(Path(folder) / "h.sqlite3") as store:
        small = ReviewSubject(
            ReviewRef(BASE_URL, "5a4d0c00-0000-4000-8000-0000000000aa"), "Production", "s", "b"
        )
        one = [items[0]]
        first = ReviewSession.open(small, store, 1, fields, lambda name: [one[0].get(name)])
        first.set_verdict(0, Verdict.CORRECT)
        baseline = key_presses(first)
        large = ReviewSubject(ReviewRef(BASE_URL, LARGE_ID), "Production", fingerprint, "bench")
        session = ReviewSession.open(large, store, count, fields, column)
        # 72,000 verdicts, as a reviewer who went through every item would leave them (the
        # first also keeps the result's item keys).
        started = time.perf_counter()
        for index in range(count):
            session.set_verdict(index, VERDICTS[index % 4])
        figures["write_72000_one_by_one_s"] = time.perf_counter() - started
        figures["remember_items_ms"] = best_ms(
            lambda: store.remember_items(
                large.ref, keys, environment="Production", key_field=field, fingerprint=fingerprint
            ),
            3,
        )
        figures["load_72000_ms"] = best_ms(lambda: store.load(large.ref, fingerprint))
        # Its baseline: the bare select of the same rows' keys, no verdicts, no dict.
        plain = "SELECT item_key FROM verdicts WHERE review_id = (SELECT MAX(id) FROM reviews)"
        figures["select_72000_keys_ms"] = best_ms(lambda: store._db.execute(plain).fetchall())
        figures["load_vs_select"] = figures["load_72000_ms"] / figures["select_72000_keys_ms"]
        figures["session_open_72000_ms"] = best_ms(
            lambda: ReviewSession.open(large, store, count, fields, column), 3
        )
        session = ReviewSession.open(large, store, count, fields, column)
        verdicts = [session.verdict_at(index) for index in range(count)]
        figures["recount_ms"] = best_ms(lambda: ReviewTally.of(count, verdicts))
        pressed = key_presses(session)
        rows = list(session.report_rows(lambda index: (keys[index], "", "", "", "")))
        figures["report_rows_72000_ms"] = best_ms(
            lambda: list(session.report_rows(lambda index: (keys[index], "", "", "", ""))), 3
        )
        figures["csv_72000_ms"] = best_ms(lambda: b"".join(iter_review_csv(rows)), 3)
        figures["markdown_72000_ms"] = best_ms(
            lambda: review_markdown(ReviewReportContext(LARGE_ID, "Production"), rows), 3
        )
        size = (Path(folder) / "h.sqlite3").stat().st_size

    base = statistics.median(baseline)
    figures["review_keypress_baseline_ms"] = base
    figures["review_keypress_ms"] = statistics.median(pressed)
    figures["review_keypress_best_ms"] = min(pressed)
    figures["review_keypress_max_ms"] = max(pressed)
    figures["review_keypress_vs_baseline"] = statistics.median(pressed) / base
    print(
        f"key press in a 72,000-verdict review: best {min(pressed):.3f} ms, median "
        f"{statistics.median(pressed):.3f} ms, worst {max(pressed):.3f} ms "
        f"(x{statistics.median(pressed) / base:.2f} the one-verdict review's median {base:.3f} ms)"
    )
    for name, value in figures.items():
        if not name.startswith("review_keypress"):
            print(f"  {name:28} {value:9.2f}")
    print(f"  database with 72,000 verdicts and the item keys: {size / 1e6:.1f} MB")
    print(json.dumps({name: round(value, 3) for name, value in figures.items()}))


if __name__ == "__main__":
    main()
