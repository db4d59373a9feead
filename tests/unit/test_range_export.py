"""A range of a very long array ("[10,000 … 19,999]") exported as CSV names its members' real
paths, not their places in the range."""

from __future__ import annotations

import json

from vody_desktop.document.export_formats import ExportFormat, export_chunks
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.member_range import RangeNode


def test_csv_of_a_range_names_the_members_real_paths() -> None:
    document = JsonDocument.parse(json.dumps({"scores": [n / 4 for n in range(30)]}).encode())
    scores = document.root.child(0)
    ranged = RangeNode(scores, 20, 23)
    assert ranged.path() == "$.scores[20:23]"
    chunks = export_chunks(
        ranged.raw, ExportFormat.CSV, base_path=scores.path(), first_index=ranged.first
    )
    lines = b"".join(chunks).decode("utf-8-sig").splitlines()
    assert lines[1:] == ["$.scores[20],5.0", "$.scores[21],5.25", "$.scores[22],5.5"]


def test_a_range_is_exactly_its_members() -> None:
    source = b'[1.50, "two" , {"b": 2, "a": 1}, 4e2]'
    ranged = RangeNode(JsonDocument.parse(source).root, 1, 4)
    assert bytes(ranged.raw) == b'["two",{"b": 2, "a": 1},4e2]'  # exact text, key order kept
    assert ranged.child_count == 3
    assert ranged.child(0).path() == "$[1]"
