"""The review handed on: CSV rows for a spreadsheet and a Markdown report for a ticket."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

from vody_desktop.review.report import (
    CSV_HEADER,
    MAX_LISTED,
    ReviewReportContext,
    ReviewRow,
    iter_review_csv,
    review_markdown,
)
from vody_desktop.store.reviews import Verdict

PICTURE = "https://pics.example.com/items/{}.png"
AT = "2026-01-05T09:00:00+00:00"


def example_rows() -> list[ReviewRow]:
    """The reference example's four items after the keys 1 2 1 3."""
    verdicts = [Verdict.CORRECT, Verdict.WRONG, Verdict.CORRECT, Verdict.UNSURE]
    notes = ["", "orange, not red", "", "too dark to tell"]
    return [
        ReviewRow(
            item=PICTURE.format(n),
            picture=PICTURE.format(n),
            label="#FF0000",
            prediction="red",
            score="0.91",
            match="✓ 2.1",
            verdict=verdicts[n],
            note=notes[n],
            reviewer="ann",
            at=AT,
        )
        for n in range(4)
    ]


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text, newline="")))


def test_the_csv_has_the_issue_s_columns_and_every_row() -> None:
    table = read_csv(b"".join(iter_review_csv(example_rows())))
    assert table[0] == list(CSV_HEADER)
    assert table[0] == [
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
    ]
    assert table[2] == [
        PICTURE.format(1),
        PICTURE.format(1),
        "#FF0000",
        "red",
        "0.91",
        "✓ 2.1",
        "wrong",
        "orange, not red",
        "ann",
        "2026-01-05 09:00:00 UTC",
    ]
    assert [row[6] for row in table[1:]] == ["correct", "wrong", "correct", "unsure"]


def test_csv_guards_formulas_but_not_numbers_and_keeps_line_breaks_quoted() -> None:
    row = ReviewRow(item="=HYPERLINK(1)", score="-0.5", note="@sum\nsecond line", reviewer="+x")
    table = read_csv(b"".join(iter_review_csv([row, ReviewRow(item="#3")])))
    assert table[1][0] == "'=HYPERLINK(1)"
    assert table[1][4] == "-0.5"
    assert table[1][7] == "'@sum\nsecond line"
    assert table[1][8] == "'+x"
    assert table[2] == ["#3", "", "", "", "", "", "", "", "", ""]


def test_a_large_review_streams_in_chunks() -> None:
    rows = [ReviewRow(item=PICTURE.format(n), verdict=Verdict.CORRECT) for n in range(72_000)]
    chunks = list(iter_review_csv(rows))
    assert len(chunks) > 5
    assert all(len(chunk) < 2 * 256 * 1024 for chunk in chunks)
    assert len(read_csv(b"".join(chunks))) == 72_001


def test_the_markdown_report_for_a_ticket() -> None:
    context = ReviewReportContext(
        inference_id="0924dcfe-a593-4e42-8c7b-4fca9a149777",
        environment="Production (https://prod-api.vody.com)",
        made_at=datetime(2026, 1, 6, 10, 30, tzinfo=UTC),
    )
    report = review_markdown(context, example_rows())
    assert report == (
        "# Review of inference `0924dcfe-a593-4e42-8c7b-4fca9a149777` "
        "(Production (https://prod-api.vody.com))\n"
        "\n"
        "- **Inference ID:** `0924dcfe-a593-4e42-8c7b-4fca9a149777`\n"
        "- **Environment:** Production (https://prod-api.vody.com)\n"
        "- **Reviewed:** 4 of 4 reviewed · 2 correct · 1 wrong · 1 unsure\n"
        "- **Share correct:** 50% correct of those reviewed\n"
        "- **Reviewer:** ann\n"
        "- **Report made:** 2026-01-06 10:30:00 UTC\n"
        "\n"
        "## Wrong (1)\n"
        "\n"
        "- [https://pics.example.com/items/1.png](https://pics.example.com/items/1.png)"
        " · label: #FF0000 · top prediction: red · score: 0.91 · match: ✓ 2.1\n"
        "  Note: orange, not red\n"
        "\n"
        "## Unsure (1)\n"
        "\n"
        "- [https://pics.example.com/items/3.png](https://pics.example.com/items/3.png)"
        " · label: #FF0000 · top prediction: red · score: 0.91 · match: ✓ 2.1\n"
        "  Note: too dark to tell\n"
    )


def test_server_text_is_escaped_and_only_web_links_become_links() -> None:
    rows = [
        ReviewRow(
            item="sku_1",
            picture="https://pics.example.com/a b)(c.png",
            label="*bold* [x](javascript:alert(1))",
            verdict=Verdict.WRONG,
            note="<script>|pipe|",
        ),
        ReviewRow(item="sku_2", picture="javascript:alert(1)", verdict=Verdict.WRONG),
    ]
    report = review_markdown(ReviewReportContext("id"), rows)
    assert "[picture](https://pics.example.com/a%20b%29%28c.png)" in report
    assert r"label: \*bold\* \[x\](javascript:alert(1))" in report
    assert r"Note: \<script\>\|pipe\|" in report
    links = re.findall(r"(?<!\\)\]\(([^)]*)\)", report)  # "](" not escaped: real links
    assert links == ["https://pics.example.com/a%20b%29%28c.png"]
    assert "`sku_2` · javascript:alert(1)" in report


def test_nothing_reviewed_has_no_share_and_no_sections() -> None:
    report = review_markdown(ReviewReportContext("id"), [ReviewRow(item="#0")], total=50)
    assert "- **Reviewed:** 0 of 50 reviewed · 0 correct · 0 wrong · 0 unsure\n" in report
    assert "Share correct" not in report
    assert "##" not in report


def test_long_lists_stop_and_point_to_the_csv() -> None:
    rows = [ReviewRow(item=f"item-{n}", verdict=Verdict.WRONG) for n in range(MAX_LISTED + 3)]
    report = review_markdown(ReviewReportContext("id"), rows)
    assert f"## Wrong ({MAX_LISTED + 3:,})" in report
    assert report.count("\n- `item-") == MAX_LISTED
    assert "> 3 more wrong items are not listed here. Export the review as CSV" in report


def test_a_changed_result_is_said_in_the_report() -> None:
    context = ReviewReportContext("id", changed="This result changed since it was reviewed.")
    assert "\n> This result changed since it was reviewed.\n" in review_markdown(context, [])
