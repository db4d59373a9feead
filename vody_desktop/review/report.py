"""Handing a review on: its rows as CSV for a spreadsheet, and a Markdown report for a ticket.

Qt-free. The caller gives one `ReviewRow` per item as the table shows it (label, top
prediction, score and match as plain text), so the reports do not depend on the table.

- CSV follows the result export (document/csv_export.py): UTF-8 with a byte order mark,
  Excel's dialect with CRLF line ends, and text a spreadsheet would run as a formula
  (= + - @, a tab or a carriage return first) gets an apostrophe in front; numbers such as
  -0.5 stay numbers. It comes in chunks of about 256 KB, so 72,000 rows stream to a file.
- The Markdown report (house style of document/markdown_report.py: "- **Label:** value"
  lines, times in UTC with the zone named, server text escaped) gives the counts, the share
  correct, then the wrong items with their picture links and notes, then the unsure ones.
  Each list stops after `MAX_LISTED` items and says how many more the CSV holds, because
  ticket systems refuse very long comments.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Final, NamedTuple
from urllib.parse import quote, urlsplit

from vody_desktop.document.csv_export import BOM, CHUNK_CHARS, FORMULA_TRIGGERS, guard_formula

# The house style's escaping, shared so both reports read the same.
from vody_desktop.document.markdown_report import _code, _plain, utc_text
from vody_desktop.review.summary import ReviewTally, share_text
from vody_desktop.store.reviews import Verdict

CSV_HEADER: Final = (
    "Item",
    "Picture link",
    "Label",
    "Top prediction",
    "Score",
    "Match",
    "Verdict",
    "Note",
    "Reviewer",
    "Time",
)
#: Items listed per section of the Markdown report.
MAX_LISTED = 200
#: A JSON number as the table shows one: such a cell is a number, never a formula.
_NUMBER: Final = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


class ReviewRow(NamedTuple):
    """One item as the reports show it; every value is text as the table shows it.

    A named tuple, not a frozen dataclass: 72,000 of them are built for one export."""

    #: How the item is named: its key (an image_path, an id) or its place ("$[3]").
    item: str
    picture: str = ""
    label: str = ""
    prediction: str = ""
    score: str = ""
    match: str = ""
    verdict: Verdict | None = None
    note: str = ""
    reviewer: str = ""
    #: When the verdict or note was last changed (UTC, ISO 8601 as the store keeps it), or "".
    at: str = ""


@dataclass(frozen=True)
class ReviewReportContext:
    """Where the reviewed result came from (all text as the window shows it)."""

    inference_id: str
    environment: str = ""  # "Production (https://prod-api.vody.com)"
    #: `ReviewMatch.sentence()` when the result changed since it was reviewed, else "".
    changed: str = ""
    made_at: datetime | None = None


@lru_cache(maxsize=4096)  # verdicts given in the same second share their text
def time_text(at: str) -> str:
    """A stored ISO time as the reports write times ("2026-01-05 09:00:00 UTC"), or ""."""
    if not at:
        return ""
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return utc_text(moment)


def _csv_cell(text: str) -> str:
    if not text.startswith(FORMULA_TRIGGERS) or _NUMBER.fullmatch(text):
        return text
    return guard_formula(text)


def _csv_cells(row: ReviewRow) -> list[str]:
    verdict = "" if row.verdict is None else row.verdict.word
    cells = (row.item, row.picture, row.label, row.prediction, row.score, row.match)
    return [
        *map(_csv_cell, cells),
        verdict,
        _csv_cell(row.note),
        _csv_cell(row.reviewer),
        time_text(row.at),
    ]


def iter_review_csv(rows: Iterable[ReviewRow]) -> Iterator[bytes]:
    """The rows under `CSV_HEADER` as CSV (UTF-8 with BOM, CRLF), in chunks of about 256 KB."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)  # Excel dialect: quotes only where needed, CRLF line ends
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(_csv_cells(row))
        if buffer.tell() >= CHUNK_CHARS:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _link(url: str, text: str = "picture") -> str:
    """A Markdown link to a web address; anything else as escaped text (no script links)."""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        scheme = ""
    if scheme not in ("http", "https"):
        return _plain(url)
    # Characters that would end the link's address or break its line are percent-encoded.
    target = quote(url.replace("\n", ""), safe=":/?#[]@!$&'*+,;=%~-._")
    return f"[{_plain(text)}]({target})"


def _listed(row: ReviewRow) -> str:
    """One item of the report's lists: name, picture link, what it says, its note."""
    if row.picture and row.picture == row.item:
        name = _link(row.picture, row.item)
        parts = [name if name.startswith("[") else _code(row.item)]
    else:
        parts = [_code(row.item)]
        if row.picture:
            parts.append(_link(row.picture))
    said = [
        f"{title} {_plain(value)}"
        for title, value in (
            ("label:", row.label),
            ("top prediction:", row.prediction),
            ("score:", row.score),
            ("match:", row.match),
        )
        if value
    ]
    line = "- " + " · ".join(parts + said)
    if row.note:
        line += f"\n  Note: {_plain(row.note)}"
    return line


def _section(title: str, rows: Sequence[ReviewRow], noun: str) -> list[str]:
    if not rows:
        return []
    lines = ["", f"## {title} ({len(rows):,})", ""]
    lines += [_listed(row) for row in rows[:MAX_LISTED]]
    more = len(rows) - MAX_LISTED
    if more > 0:
        lines += [
            "",
            f"> {more:,} more {noun} item{'' if more == 1 else 's'} are not listed here. "
            "Export the review as CSV and attach the file for all of them.",
        ]
    return lines


def review_markdown(
    context: ReviewReportContext, rows: Iterable[ReviewRow], *, total: int | None = None
) -> str:
    """The Markdown report of a review; `total` is the number of items (default: the rows)."""
    every = list(rows)
    tally = ReviewTally.of(len(every) if total is None else total, (r.verdict for r in every))
    wrong = [row for row in every if row.verdict is Verdict.WRONG]
    unsure = [row for row in every if row.verdict is Verdict.UNSURE]
    reviewers = sorted({row.reviewer for row in every if row.verdict and row.reviewer})
    where = f" ({_plain(context.environment)})" if context.environment else ""
    lines = [f"# Review of inference {_code(context.inference_id)}{where}", ""]
    lines.append(f"- **Inference ID:** {_code(context.inference_id)}")
    if context.environment:
        lines.append(f"- **Environment:** {_plain(context.environment)}")
    lines.append(f"- **Reviewed:** {tally.counts_text}")
    share = share_text(tally.correct, tally.reviewed)
    if share:
        lines.append(f"- **Share correct:** {share}")
    if reviewers:
        label = "Reviewer" if len(reviewers) == 1 else "Reviewers"
        lines.append(f"- **{label}:** {', '.join(_plain(name) for name in reviewers)}")
    if context.made_at is not None:
        lines.append(f"- **Report made:** {utc_text(context.made_at)}")
    if context.changed:
        lines += ["", f"> {_plain(context.changed)}"]
    lines += _section("Wrong", wrong, "wrong")
    lines += _section("Unsure", unsure, "unsure")
    return "\n".join(lines) + "\n"
