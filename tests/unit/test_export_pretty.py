"""Pretty JSON export and preview: exact source text, json.dumps layout, chunked output."""

from __future__ import annotations

import json
import weakref

import msgspec
import pytest

from vody_desktop.document import pretty, slices
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.pretty import iter_pretty_json, pretty_json_preview

ORDINARY = [
    b'{"id": "abc", "score": 0.5, "ok": true, "none": null, "tags": ["a", "b"], "m": {}, "l": []}',
    b"[]",
    b"{}",
    b'"just text"',
    b"42",
    b'[[1, 2], [[]], {"a": {"b": {"c": [null]}}}]',
    '{"ställ": "😀 עִבְרִית", "e\u0301": ["日本語"]}'.encode(),
]


def pretty_text(raw: bytes, indent: int = 2) -> bytes:
    return b"".join(iter_pretty_json(raw, indent))


@pytest.mark.parametrize("raw", ORDINARY)
def test_ordinary_documents_match_json_dumps_indent_2(raw: bytes) -> None:
    expected = json.dumps(json.loads(raw), indent=2, ensure_ascii=False) + "\n"
    assert pretty_text(raw).decode() == expected


@pytest.mark.parametrize("indent", [1, 4])
def test_other_indents_match_json_dumps(indent: int) -> None:
    raw = ORDINARY[5]
    expected = json.dumps(json.loads(raw), indent=indent) + "\n"
    assert pretty_text(raw, indent).decode() == expected


def test_indent_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="indent"):
        list(iter_pretty_json(b"[1]", indent=0))


def test_number_text_escapes_and_duplicate_keys_stay_as_received() -> None:
    raw = (
        b'{"big": 18446744073709551617, "neg0": -0.0, "e": 1E+2, "tiny": 0.10000000000000000001,'
        b' "s": "caf\\u00e9 \\/ \\"q\\"", "s": 2, "raw": "caf\xc3\xa9"}'
    )
    assert pretty_text(raw) == (
        b"{\n"
        b'  "big": 18446744073709551617,\n'
        b'  "neg0": -0.0,\n'
        b'  "e": 1E+2,\n'
        b'  "tiny": 0.10000000000000000001,\n'
        b'  "s": "caf\\u00e9 \\/ \\"q\\"",\n'
        b'  "s": 2,\n'
        b'  "raw": "caf\xc3\xa9"\n'
        b"}\n"
    )


def test_msgspec_format_keeps_number_text_and_key_order() -> None:
    # The fast path relies on this; if msgspec ever normalises, this test says so first.
    raw = b'{"z": 1.0E+2, "a": -0, "z": 12345678901234567890123, "s": "\\u00e9"}'
    out = msgspec.json.format(raw, indent=2)
    assert out == (
        b'{\n  "z": 1.0E+2,\n  "a": -0,\n  "z": 12345678901234567890123,\n  "s": "\\u00e9"\n}'
    )


def test_subtree_of_a_document_can_be_exported() -> None:
    doc = JsonDocument.parse(b'{"a": {"b": [1, 2]}, "c": 3}')
    assert pretty_text(bytes(doc.root.child(0).raw)) == b'{\n  "b": [\n    1,\n    2\n  ]\n}\n'
    assert b"".join(iter_pretty_json(doc.root.child(1).raw)) == b"3\n"


def test_bom_and_whitespace_around_the_document_are_dropped() -> None:
    assert pretty_text(b"\xef\xbb\xbf \n [1] \n") == b"[\n  1\n]\n"


@pytest.mark.parametrize("raw", [*ORDINARY, b'{"a": 1, "a": [2, {"a": 3}], "b": "x"}'])
def test_split_path_gives_the_same_text(raw: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = pretty_text(raw)
    monkeypatch.setattr(pretty, "SPLIT_BYTES", 8)
    monkeypatch.setattr(pretty, "BATCH_BYTES", 12)
    assert pretty_text(raw) == whole


def test_big_documents_come_in_bounded_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    items = [{"id": i, "name": f"item {i}", "values": list(range(20))} for i in range(20_000)]
    raw = json.dumps({"results": items, "count": 20_000}).encode()
    expected = (json.dumps(json.loads(raw), indent=2) + "\n").encode()
    monkeypatch.setattr(pretty, "SPLIT_BYTES", 64 * 1024)
    monkeypatch.setattr(pretty, "BATCH_BYTES", 32 * 1024)
    chunks = list(iter_pretty_json(raw))
    assert b"".join(chunks) == expected
    assert len(chunks) > 10
    assert max(len(chunk) for chunk in chunks) <= pretty.MAX_CHUNK_BYTES


def test_deep_member_of_a_split_document_uses_the_iterative_printer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    deep = b"[" * 3000 + b"]" * 3000
    raw = b'{"deep": ' + deep + b', "list": [' + b", ".join([deep] * 3) + b"]}"
    expected = b"".join(pretty._iterative(memoryview(raw), 2, 0)) + b"\n"
    assert pretty_text(raw) == expected
    monkeypatch.setattr(pretty, "SPLIT_BYTES", 100)
    monkeypatch.setattr(pretty, "BATCH_BYTES", 1000)
    assert pretty_text(raw) == expected


def test_preview_is_cut_to_max_chars() -> None:
    raw = ORDINARY[0]
    full = json.dumps(json.loads(raw), indent=2)
    assert pretty_json_preview(raw, 10_000) == (full, False)
    assert pretty_json_preview(raw, len(full)) == (full, False)
    assert pretty_json_preview(raw, 20) == (full[:20], True)
    assert pretty_json_preview(raw, len(full) - 1) == (full[:-1], True)


def test_preview_counts_characters_not_bytes() -> None:
    raw = json.dumps(["😀" * 50], ensure_ascii=False).encode()
    text, truncated = pretty_json_preview(raw, 10)
    assert text == '[\n  "😀😀😀😀😀'
    assert truncated


def test_preview_of_a_big_document_stops_early() -> None:
    raw = json.dumps([{"n": i} for i in range(200_000)]).encode()
    text, truncated = pretty_json_preview(raw, 1000)
    assert truncated
    assert len(text) == 1000
    assert text.startswith('[\n  {\n    "n": 0\n  },')


def test_members_of_a_long_array_are_let_go_as_they_are_printed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A list of every member's view (720,000 for a 250 MB result) took 150 MB, and freeing it
    # at the end held the GIL for 50 ms: a stall of the window while exporting.
    monkeypatch.setattr(slices, "SLICED_MIN_BYTES", 1000)
    monkeypatch.setattr(slices, "SLICE_BYTES", 300)
    monkeypatch.setattr(pretty, "SPLIT_BYTES", 1000)
    monkeypatch.setattr(pretty, "BATCH_BYTES", 300)
    monkeypatch.setattr(pretty, "CHUNK_BYTES", 100)
    made: list[weakref.ref[memoryview]] = []
    member = slices.SlicedMembers._member

    def recorded(self: slices.SlicedMembers, row: int) -> memoryview:
        view = member(self, row)
        made.append(weakref.ref(view))
        return view

    monkeypatch.setattr(slices.SlicedMembers, "_member", recorded)
    value = [{"id": n, "colors": ["#FFF", "#000"]} for n in range(300)]
    chunks, most_alive = [], 0
    for chunk in iter_pretty_json(json.dumps(value).encode()):
        chunks.append(chunk)
        most_alive = max(most_alive, sum(ref() is not None for ref in made))
    assert b"".join(chunks) == json.dumps(value, indent=2).encode() + b"\n"
    assert len(made) == 300  # printed from the slices
    assert most_alive <= 30  # about a batch (300 bytes) at a time, not all 300
