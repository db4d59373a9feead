"""The comparison reports: the issue's JSON, the Markdown for a ticket, the text for a terminal."""

from __future__ import annotations

import json
from typing import Any

from tests.unit.compare.hand_built import (
    LAMP_ITEM,
    SOFA_ITEM,
    colour_comparison,
    counted,
    difference,
)
from vody_desktop.compare import reports
from vody_desktop.compare.differences import (
    CompareOptions,
    Comparison,
    DifferenceCounts,
    DifferenceKind,
    ItemCounts,
    ItemPair,
)
from vody_desktop.compare.reports import json_report, markdown_report, text_report


def test_json_report_has_exactly_the_issue_shape() -> None:
    report = json.loads(json_report(colour_comparison()))
    assert report["summary"] == {"added": 1, "removed": 1, "changed": 3}
    assert report["differences"] == [
        {"kind": "changed", "path": "$[0].predictions[0].color_name", "a": "Red", "b": "Orange"},
        {
            "kind": "changed",
            "path": "$[0].predictions[0].hex_color",
            "a": "#FE2934",
            "b": "#FFA500",
        },
        {"kind": "changed", "path": "$[1].predictions[1].score", "a": 0.051, "b": 0.0732},
        {"kind": "removed", "path": "$[2]", "a": SOFA_ITEM, "b": None},
        {"kind": "added", "path": "$[3]", "a": None, "b": LAMP_ITEM},
    ]
    assert report["items"] == {
        "path": "$",
        "key_field": "image_path",
        "total_a": 3,
        "total_b": 3,
        "changed": 2,
        "added": 1,
        "removed": 1,
    }


def test_json_report_keeps_values_as_json() -> None:
    comparison = counted(
        [
            difference(DifferenceKind.CHANGED, ("count",), 1, 1.5),
            difference(DifferenceKind.CHANGED, ("kind",), [1, "x"], {"a": None}),
            difference(DifferenceKind.CHANGED, ("label",), None, "Crème"),
        ]
    )
    raw = json_report(comparison)
    assert raw.endswith(b"\n")
    report = json.loads(raw)
    assert [(d["a"], d["b"]) for d in report["differences"]] == [
        (1, 1.5),
        ([1, "x"], {"a": None}),
        (None, "Crème"),
    ]
    assert "Crème".encode() in raw  # UTF-8, not \\u escapes
    assert "items" not in report


def test_json_report_of_equal_results() -> None:
    report = json.loads(json_report(Comparison([], DifferenceCounts())))
    assert report == {"summary": {"added": 0, "removed": 0, "changed": 0}, "differences": []}


def test_json_report_streams_many_differences_in_chunks() -> None:
    count = 4_500  # more than two chunks
    comparison = counted(
        [difference(DifferenceKind.CHANGED, (n, "score"), n, n + 1) for n in range(count)]
    )
    chunks = list(reports.iter_json_report(comparison))
    assert len(chunks) > 3
    report = json.loads(b"".join(chunks))
    assert len(report["differences"]) == count
    assert report["differences"][-1] == {
        "kind": "changed",
        "path": f"$[{count - 1}].score",
        "a": count - 1,
        "b": count,
    }


def test_markdown_report_for_a_ticket() -> None:
    text = markdown_report(
        colour_comparison(), name_a="golden.json", name_b="5a4d0c00", options=CompareOptions()
    )
    lines = text.splitlines()
    assert lines[0] == "# Comparison of golden.json and 5a4d0c00"
    assert "- **A (reference):** `golden.json`" in lines
    assert "- **B (checked):** `5a4d0c00`" in lines
    assert "- **Summary:** 2 changed, 1 added, 1 removed of 3 items" in lines
    assert "- **Items:** matched by `image_path`" in lines
    assert any(
        line.startswith("- **Numbers:** equal when they differ by at most 1e-06") for line in lines
    )
    changed = lines.index("## Changed items (2)")
    assert lines[changed + 2 : changed + 6] == [
        "| Item | What changed |",
        "|---|---|",
        "| `img/shoes.png` | Top prediction: color name Red → Orange |",
        "| `img/dress.png` | Score of Beige 0.051 → 0.0732 |",
    ]
    added = lines.index("## Added items (1, only in B)")
    assert lines[added + 2] == "- `img/lamp.png`"
    removed = lines.index("## Removed items (1, only in A)")
    assert lines[removed + 2] == "- `img/sofa.png`"
    assert added < removed
    assert "Other differences" not in text


def test_markdown_says_what_changed_when_the_engine_gave_no_words() -> None:
    pair = ItemPair(4, 4, "img/4.png")
    comparison = counted(
        [
            difference(DifferenceKind.CHANGED, ("results", 4, "label"), "a|b", "c", pair),
            difference(DifferenceKind.ADDED, ("results", 4, "note"), None, "new", pair),
        ],
        ItemCounts("$.results", "id", 5, 5, 1, 0, 0),
    )
    lines = markdown_report(comparison, name_a="a", name_b="b").splitlines()
    assert "- **Items:** matched by `id` (the lists at `$.results`)" in lines
    # The pipe inside the value is escaped, or the table would gain a column.
    assert '| `img/4.png` | `.label`: `"a\\|b"` → `"c"`; `.note`: — → `"new"` |' in lines


def test_markdown_items_by_position_show_the_items() -> None:
    comparison = counted(
        [difference(DifferenceKind.ADDED, (2,), None, {"label": "x"}, ItemPair(None, 2, "#2"))],
        ItemCounts("$", None, 2, 3, 0, 1, 0),
    )
    text = markdown_report(comparison, name_a="a", name_b="b")
    assert "- **Items:** matched by position (no field tells the items apart)" in text
    assert '- `#2`: `{"label": "x"}`' in text


def test_markdown_without_items_lists_the_differences() -> None:
    comparison = counted(
        [
            difference(DifferenceKind.CHANGED, ("model",), "v1", "v2"),
            difference(DifferenceKind.REMOVED, ("note",), "old", None),
        ]
    )
    lines = markdown_report(comparison, name_a="a", name_b="b").splitlines()
    assert "- **Summary:** 2 differences: 1 changed, 1 removed" in lines
    table = lines.index("## Differences (2)")
    assert lines[table + 2 : table + 6] == [
        "| | Path | A | B |",
        "|---|---|---|---|",
        '| changed | `$.model` | `"v1"` | `"v2"` |',
        '| removed | `$.note` | `"old"` | — |',
    ]


def test_markdown_cuts_long_lists_with_a_count_of_the_rest() -> None:
    total = reports.MAX_LISTED + 7
    pairs = [ItemPair(n, n, f"img/{n}.png") for n in range(total)]
    comparison = counted(
        [
            difference(DifferenceKind.CHANGED, (n, "score"), 0.1, 0.2, pairs[n])
            for n in range(total)
        ],
        ItemCounts("$", "image_path", total, total, total, 0, 0),
    )
    lines = markdown_report(comparison, name_a="a", name_b="b").splitlines()
    rows = [line for line in lines if line.startswith("| `img/")]
    assert len(rows) == reports.MAX_LISTED
    assert "… and 7 more changed items (the JSON report lists every difference)." in lines


def test_markdown_escapes_names() -> None:
    text = markdown_report(Comparison([], DifferenceCounts()), name_a="*bold*.json", name_b="a`b")
    assert text.splitlines()[0] == "# Comparison of \\*bold\\*.json and a\\`b"
    assert "- **Summary:** No differences" in text


def test_text_report_one_line_per_difference() -> None:
    text = text_report(colour_comparison(), name_a="golden.json", name_b="5a4d0c00")
    assert text.splitlines() == [
        "A: golden.json",
        "B: 5a4d0c00",
        '~ $[0].predictions[0].color_name: "Red" → "Orange"',
        '~ $[0].predictions[0].hex_color: "#FE2934" → "#FFA500"',
        "~ $[1].predictions[1].score: 0.051 → 0.0732",
        '- $[2]: {"image_path": "img/sofa.png", "product_type": "Sofa"}',
        '+ $[3]: {"image_path": "img/lamp.png", "product_type": "Lamp"}',
        "2 changed, 1 added, 1 removed of 3 items (items matched by image_path)",
    ]


def test_text_report_of_equal_results_is_the_summary() -> None:
    assert text_report(Comparison([], DifferenceCounts())) == "No differences\n"


def test_text_report_cuts_long_values() -> None:
    big = {"values": list(range(1_000))}
    line = text_report(counted([difference(DifferenceKind.REMOVED, (0,), big, None)]))
    first = line.splitlines()[0]
    assert first.startswith('- $[0]: {"values": [0, 1, 2')
    assert first.endswith("…")
    assert len(first) == len("- $[0]: ") + reports.TEXT_VALUE_LIMIT


def test_json_report_writes_values_deeper_than_json_can_on_one_line() -> None:
    depth = 50_000  # json.dumps gives up near 1,000 (3.11) or 10,000 (3.13) levels
    deep: Any = "bottom"
    for _ in range(depth):
        deep = [deep]
    comparison = counted([difference(DifferenceKind.REMOVED, ("child",), deep, None)])
    text = json_report(comparison).decode()
    assert '"a": ' + "[" * depth + '"bottom"' + "]" * depth + ', "b": null}' in text
    assert text.startswith('{\n  "summary": {\n')


def test_compact_json_matches_json_dumps() -> None:
    value = {"a": [1, 2.5, None, True, {"b": 'Crème "x"'}], "": [], "e": {}, "n": -0.0}
    assert reports.compact_json(value) == json.dumps(value, ensure_ascii=False)
