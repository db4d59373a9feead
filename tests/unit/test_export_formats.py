"""The export formats: exact JSON round trips, CSV a spreadsheet reads, the ticket report.

Also: an export interrupted mid-write (Cancel, or a writer that fails) leaves the old file as it
was, and the API key never reaches an export.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vody_desktop.api.examples import STATUS_EXAMPLE
from vody_desktop.api.models import InferenceStatus
from vody_desktop.document.atomic_write import ExportCancelled
from vody_desktop.document.compact import iter_compact_json
from vody_desktop.document.csv_export import iter_csv
from vody_desktop.document.export_formats import (
    ExportFormat,
    export_chunks,
    format_for_path,
    without_secret,
)
from vody_desktop.document.export_job import ExportJob
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.markdown_report import (
    MAX_JSON_CHARS,
    ReportContext,
    iter_markdown_report,
    status_fields,
)

KEY = "1234abcd-bdde-1234-a39a-3ff12ce386d5"

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=30,
)
layouts = st.sampled_from(
    [
        {},
        {"indent": 2},
        {"indent": 4, "ensure_ascii": False},
        {"separators": (",", ":")},
        {"indent": "\t", "separators": (" ,", " : ")},
    ]
)


def export(raw: bytes, fmt: ExportFormat, **kwargs: Any) -> bytes:
    return b"".join(export_chunks(raw, fmt, **kwargs))


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# -- JSON round trips ------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    value=json_values,
    layout=layouts,
    fmt=st.sampled_from([ExportFormat.JSON, ExportFormat.COMPACT]),
)
def test_export_then_reopen_gives_an_equal_value(
    value: Any, layout: dict[str, Any], fmt: ExportFormat
) -> None:
    source = json.dumps(value, **layout).encode("utf-8")
    exported = export(source, fmt)
    reopened = JsonDocument.parse(exported).root.to_python()
    assert reopened == json.loads(source)
    if fmt is ExportFormat.COMPACT:
        assert exported.count(b"\n") == 1
        assert exported.endswith(b"\n")


@settings(max_examples=200, deadline=None)
@given(value=json_values)
def test_compact_matches_msgspec_formatting(value: Any) -> None:
    source = json.dumps(value, indent=2).encode()
    assert export(source, ExportFormat.COMPACT) == msgspec.json.format(source, indent=-1) + b"\n"


def test_compact_keeps_number_text_key_order_duplicates_and_escapes() -> None:
    source = (
        b'\xef\xbb\xbf {"b": 1.0E+2, "a": [ -0, -0.0, 18446744073709551617, 1e400 ],'
        b' "b": 2, "k\\u00e9": "x : y , z\\/"}\n'
    )
    assert export(source, ExportFormat.COMPACT) == (
        b'{"b":1.0E+2,"a":[-0,-0.0,18446744073709551617,1e400],"b":2,"k\\u00e9":"x : y , z\\/"}\n'
    )


def test_compact_of_a_large_array_is_written_in_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    from vody_desktop.document import compact

    monkeypatch.setattr(compact, "SPLIT_BYTES", 64)
    monkeypatch.setattr(compact, "BATCH_BYTES", 32)
    monkeypatch.setattr(compact, "CHUNK_BYTES", 16)
    source = json.dumps([{"n": n, "x": [n, 1.50]} for n in range(50)], indent=1).encode()
    chunks = list(iter_compact_json(source))
    assert len(chunks) > 10
    assert b"".join(chunks) == msgspec.json.format(source, indent=-1) + b"\n"


def test_compact_of_a_very_deep_document_needs_no_recursion() -> None:
    depth = 20_000
    source = b"[" * depth + b' 1 ,  "a b"' + b"]" * depth
    out = export(source, ExportFormat.COMPACT)
    assert out == b"[" * depth + b'1,"a b"' + b"]" * depth + b"\n"


def test_suffix_chooses_the_format() -> None:
    assert format_for_path("a/b.JSON") is ExportFormat.JSON
    assert format_for_path("b.csv") is ExportFormat.CSV
    assert format_for_path("b.md") is ExportFormat.MARKDOWN
    assert format_for_path("b.txt") is None


# -- CSV -----------------------------------------------------------------------------------------


def test_array_of_objects_becomes_one_row_per_element_with_dotted_columns() -> None:
    source = json.dumps(
        [
            {"id": 1, "colors": [{"hex": "#FF0000", "score": 0.5}], "tags": {"a": True}},
            {"id": 2, "extra": None, "colors": [], "name": 'Zoë, "the" best\nline two'},
            {"colors": [{"hex": "#00FF00"}, {"hex": "#0000FF", "score": 1e-7}]},
        ]
    ).encode()
    rows = csv_rows(export(source, ExportFormat.CSV))
    assert rows[0] == [
        "id", "colors.0.hex", "colors.0.score", "tags.a", "extra", "colors", "name",
        "colors.1.hex", "colors.1.score",
    ]  # fmt: skip
    assert rows[1] == ["1", "#FF0000", "0.5", "true", "", "", "", "", ""]
    assert rows[2] == ["2", "", "", "", "null", "[]", 'Zoë, "the" best\nline two', "", ""]
    assert rows[3] == ["", "#00FF00", "", "", "", "", "", "#0000FF", "1e-07"]
    assert len(rows) == 4


def test_csv_numbers_keep_their_text() -> None:
    rows = csv_rows(
        export(b'[{"a": 1.50, "b": 1E+2, "c": 18446744073709551617}]', ExportFormat.CSV)
    )
    assert rows[1] == ["1.50", "1E+2", "18446744073709551617"]


def test_anything_else_becomes_path_value_rows() -> None:
    source = b'{"a": {"b c": [1, "x"]}, "empty": {}, "n": null, "t": false}'
    rows = csv_rows(export(source, ExportFormat.CSV))
    assert rows == [
        ["path", "value"],
        ["$.a['b c'][0]", "1"],
        ["$.a['b c'][1]", "x"],
        ["$.empty", "{}"],
        ["$.n", "null"],
        ["$.t", "false"],
    ]
    assert csv_rows(export(b'[1, {"a": 2}]', ExportFormat.CSV))[1:] == [
        ["$[0]", "1"],
        ["$[1].a", "2"],
    ]
    assert csv_rows(export(b'"text"', ExportFormat.CSV)) == [["path", "value"], ["$", "text"]]


def test_selected_node_rows_carry_its_path() -> None:
    rows = csv_rows(export(b'{"hex": "#FFF"}', ExportFormat.CSV, base_path="$[3].colors[0]"))
    assert rows[1] == ["$[3].colors[0].hex", "#FFF"]


def test_text_a_spreadsheet_would_run_as_a_formula_is_quoted_but_numbers_are_not() -> None:
    source = b'[{"a": "=HYPERLINK(\\"x\\")", "b": "+1", "c": "@SUM(A1)", "d": -0.5, "e": "-x"}]'
    rows = csv_rows(export(source, ExportFormat.CSV))
    assert rows[1] == ['\'=HYPERLINK("x")', "'+1", "'@SUM(A1)", "-0.5", "'-x"]
    header = csv_rows(export(b'[{"=cmd": 1}]', ExportFormat.CSV))[0]
    assert header == ["'=cmd"]


def test_csv_of_a_very_deep_document_is_one_path_value_row() -> None:
    depth = 5_000
    source = b'{"a":' * depth + b'"leaf"' + b"}" * depth
    rows = csv_rows(export(source, ExportFormat.CSV))
    assert rows[1] == ["$" + ".a" * depth, "leaf"]


def test_csv_uses_crlf_line_ends_for_excel() -> None:
    data = export(b'[{"a": 1}]', ExportFormat.CSV)
    assert data == b"\xef\xbb\xbfa\r\n1\r\n"


# -- Markdown ticket report ------------------------------------------------------------------------


def status() -> InferenceStatus:
    return InferenceStatus.from_json(
        {
            **STATUS_EXAMPLE,
            "id": "x",
            "created_at": "2023-08-12T17:20:11+00:00",
            "updated_at": "2023-08-12T17:20:14+00:00",
            "request_item_count": "4",
            "response_item_count": "4",
            "response_time": "3.4",
        },
        fallback_id="x",
    )


def test_report_names_the_inference_status_selection_and_json() -> None:
    context = ReportContext(
        inference_id="0924dcfe-a593-4e42-8c7b-4fca9a149777",
        environment="Production (https://prod-api.vody.com)",
        fetched_at=datetime(2024, 5, 1, 12, 0, 3, tzinfo=UTC),
        summary=status_fields(status()),
        selected_path="$[0].hex",
        selected_value="#FF0000",
    )
    text = export(b'[{"hex": "#FF0000"}]', ExportFormat.MARKDOWN, context=context).decode()
    assert "- **Inference ID:** `0924dcfe-a593-4e42-8c7b-4fca9a149777`" in text
    assert "- **Environment:** Production (https://prod-api.vody.com)" in text
    assert "- **Fetched:** 2024-05-01 12:00:03 UTC" in text
    assert "- **Status:** Completed" in text
    assert "- **Model:** color-classification" in text
    assert "- **Created:** 2023-08-12 17:20:11 UTC" in text
    assert "`$[0].hex` = `#FF0000`" in text
    block = text.split("```json\n", 1)[1].split("\n```", 1)[0]
    assert json.loads(block) == [{"hex": "#FF0000"}]


def test_report_of_a_huge_result_is_capped_with_a_note() -> None:
    source = json.dumps([{"n": n, "text": "x" * 50} for n in range(5000)]).encode()
    text = export(source, ExportFormat.MARKDOWN).decode()
    assert len(text) < MAX_JSON_CHARS + 2000
    assert "Only the first" in text
    assert "Export it as JSON and attach the file" in text


def test_report_fence_survives_backticks_in_the_json() -> None:
    text = b"".join(iter_markdown_report(b'["```"]', ReportContext())).decode()
    assert "````json\n" in text
    assert text.rstrip().endswith("````")


def test_the_key_never_reaches_an_export() -> None:
    source = json.dumps({"echo": KEY.upper(), "n": 1}).encode()
    for fmt in ExportFormat:
        data = export(source, fmt, secret=KEY)
        assert KEY.lower().encode() not in data.lower(), fmt
        assert b"[redacted]" in data


def test_secret_split_across_chunks_is_still_removed() -> None:
    chunks = [b"xx" + KEY[:10].encode(), KEY[10:20].encode(), KEY[20:].encode() + b"yy"]
    assert b"".join(without_secret(chunks, KEY)) == b"xx[redacted]yy"


# -- interrupted exports -----------------------------------------------------------------------


OLD = b'{"previous": "export"}\n'


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "result.csv"
    path.write_bytes(OLD)
    return path


def test_cancel_mid_write_leaves_the_old_file(target: Path) -> None:
    source = json.dumps([{"n": n, "s": "x" * 200} for n in range(20_000)]).encode()
    job: ExportJob

    def chunks() -> Iterator[bytes]:
        written = [chunk for chunk in export_chunks(source, ExportFormat.CSV) if chunk]
        for number, chunk in enumerate(written):
            if number == 3:
                job.cancel()  # as if Cancel was clicked while the fourth chunk was written
            yield chunk

    job = ExportJob(target, chunks())
    with pytest.raises(ExportCancelled):
        job.run()
    assert job.bytes_written > 0
    assert target.read_bytes() == OLD
    assert [p.name for p in target.parent.iterdir()] == [target.name]


def test_cancel_during_the_csv_columns_pass_is_honoured(target: Path) -> None:
    source = json.dumps([{"n": n} for n in range(5000)]).encode()
    job = ExportJob(target, export_chunks(source, ExportFormat.CSV))
    job.cancel()
    with pytest.raises(ExportCancelled):
        job.run()
    assert target.read_bytes() == OLD


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_a_writer_failing_mid_iterator_leaves_the_old_file(target: Path, fmt: ExportFormat) -> None:
    source = json.dumps([{"n": n, "s": "y" * 300} for n in range(3000)]).encode()

    def failing() -> Iterator[bytes]:
        for number, chunk in enumerate(export_chunks(source, fmt)):
            yield chunk
            if number == 1:
                raise RuntimeError("writer broke")
        raise RuntimeError("writer broke at the end")

    with pytest.raises(RuntimeError, match="writer broke"):
        ExportJob(target, failing()).run()
    assert target.read_bytes() == OLD
    assert [p.name for p in target.parent.iterdir()] == [target.name]


def test_writers_do_their_work_only_when_consumed() -> None:
    calls: list[str] = []
    source = b'[{"a": 1}]'
    chunks = iter_csv(source)
    calls.append("created")
    assert next(iter(chunks)).startswith(b"\xef\xbb\xbf")
    assert calls == ["created"]
