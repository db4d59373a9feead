"""A large top-level array checked in slices: the same members, and the same errors, as one decode.

The thresholds are lowered so that documents of a few kilobytes are sliced.
"""

from __future__ import annotations

import json

import msgspec
import pytest

from vody_desktop.document import slices
from vody_desktop.document.errors import InvalidJsonError
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.slices import SlicedMembers, sliced_members


@pytest.fixture(autouse=True)
def small_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(slices, "SLICED_MIN_BYTES", 1000)
    monkeypatch.setattr(slices, "SLICE_BYTES", 300)


def items(count: int) -> list[object]:
    # Nested arrays of objects put the top-level separator "}, {" inside members too, so some
    # guesses of where to cut fall inside a member.
    return [
        {"id": n, "text": "a, {b}" * (n % 3), "colors": [{"hex": "#FFF"}, {"hex": "#000"}]}
        for n in range(count)
    ]


def members_of(data: bytes) -> list[bytes]:
    root = JsonDocument.parse(data).root
    return [bytes(root.child(row).raw) for row in range(root.child_count)]


def test_a_large_array_is_sliced_with_the_same_members_as_one_decode() -> None:
    data = json.dumps(items(200)).encode()
    found = sliced_members(memoryview(data))
    assert isinstance(found, SlicedMembers)
    assert len(found._spans) > 5  # it was really cut
    expected = [bytes(raw) for raw in msgspec.json.decode(data, type=list[msgspec.Raw])]
    assert [bytes(member) for member in found] == expected
    assert members_of(data) == expected
    assert [bytes(m) for m in found[10:13]] == expected[10:13]


def test_pretty_printed_array_with_whitespace_and_a_bom_keeps_its_members() -> None:
    text = json.dumps(items(120), indent=2)
    data = b"\xef\xbb\xbf \n" + text.encode() + b"\n\n"
    assert members_of(data) == [
        json.dumps(item, indent=2).replace("\n", "\n  ").encode() for item in items(120)
    ]


def test_which_members_have_children_is_told_without_making_a_node() -> None:
    # Objects, arrays, empty ones with and without inner whitespace, and scalars, pretty-printed
    # so members are separated by more than a comma; filled ones first in each group of six.
    members: list[object] = [{"a": [1]}, [{}], {}, [], "[x]", 7] * 40
    text = json.dumps(members, indent=1).replace("{}", "{ \n }", 5).encode()
    root = JsonDocument.parse(text).root
    expected = [True, True, False, False, False, False] * 40
    assert [root.child(row).has_children for row in range(len(members))] == expected
    root = JsonDocument.parse(text).root  # a fresh one: no node made before the question
    assert root.children_with_children(0, 240) == expected
    assert root.children_with_children(97, 170) == expected[97:170]  # across slices
    assert root.children_with_children(238, 999) == expected[238:]


def test_document_rows_paths_and_values_read_as_before() -> None:
    data = json.dumps(items(150)).encode()
    root = JsonDocument.parse(data).root
    assert root.child_count == 150
    last = root.child(149)
    assert last.path() == "$[149]"
    assert last.to_python() == items(150)[149]
    assert root.children_with_children(0, 3) == [True, True, True]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (lambda body: body[:-900] + "]", "expected"),  # cut inside a member
        (lambda body: body.replace('"id": 90,', '"id": 90,,'), "invalid character"),
    ],
)
def test_an_invalid_array_gives_the_error_of_one_decode(text: object, reason: str) -> None:
    body = json.dumps(items(200))
    broken = text(body).encode()  # type: ignore[operator]
    with pytest.raises(InvalidJsonError) as sliced:
        JsonDocument.parse(broken)
    slices_off = pytest.MonkeyPatch()
    slices_off.setattr(slices, "SLICED_MIN_BYTES", 1 << 40)
    try:
        with pytest.raises(InvalidJsonError) as whole:
            JsonDocument.parse(broken)
    finally:
        slices_off.undo()
    assert sliced.value.position == whole.value.position
    assert str(sliced.value.detail) == str(whole.value.detail)


def test_an_array_of_numbers_or_a_single_member_is_decoded_whole() -> None:
    numbers = json.dumps(list(range(1000))).encode()
    assert sliced_members(memoryview(numbers)) is None
    assert members_of(numbers)[999] == b"999"
    single = json.dumps([items(100)]).encode()
    assert sliced_members(memoryview(single)) is None
    assert len(members_of(single)) == 1


def test_a_trailing_comma_is_still_an_error() -> None:
    data = json.dumps(items(200))[:-1].encode() + b",]"
    with pytest.raises(InvalidJsonError):
        JsonDocument.parse(data)


def test_pretty_export_of_a_sliced_array_is_the_same_text(monkeypatch: pytest.MonkeyPatch) -> None:
    from vody_desktop.document import pretty

    monkeypatch.setattr(pretty, "SPLIT_BYTES", 500)  # the printer splits the array too
    data = json.dumps(items(200)).encode()
    sliced = b"".join(pretty.iter_pretty_json(data))
    monkeypatch.setattr(slices, "SLICED_MIN_BYTES", 1 << 40)
    whole = b"".join(pretty.iter_pretty_json(data))
    assert sliced == whole
    assert json.loads(sliced) == items(200)


def test_two_documents_sliced_in_turn_keep_their_own_members() -> None:
    # The brackets around each slice go into one buffer per thread, reused: what was read from
    # it for one document must not change with the next.
    first, second = json.dumps(items(150)).encode(), json.dumps(items(90)[::-1]).encode()
    expected = {
        data: [bytes(raw) for raw in msgspec.json.decode(data, type=list[msgspec.Raw])]
        for data in (first, second)
    }
    roots = {data: JsonDocument.parse(data).root for data in (first, second)}
    for row in range(89, -1, -1):  # places are found on first use, alternating documents
        for data, root in roots.items():
            assert bytes(root.child(row).raw) == expected[data][row]
    assert [bytes(roots[first].child(row).raw) for row in range(150)] == expected[first]
