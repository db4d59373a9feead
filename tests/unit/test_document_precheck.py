"""A large result checked while it arrives (document/precheck.py): the same members as one
decode, nothing checked twice, and the whole parse (with its exact errors) whenever the check
gives up. The thresholds are lowered so that documents of a few kilobytes are sliced.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable

import msgspec
import pytest

from vody_desktop.document import json_document, precheck, slices
from vody_desktop.document.errors import InvalidJsonError
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.precheck import BodyPrecheck, Prechecked


@pytest.fixture(autouse=True)
def small_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(slices, "SLICED_MIN_BYTES", 1000)
    monkeypatch.setattr(slices, "SLICE_BYTES", 300)


def items(count: int) -> list[object]:
    # The separator "}, {" also occurs inside members, so some cuts fall inside one.
    return [
        {"id": n, "text": "a, {b}" * (n % 3), "colors": [{"hex": "#FFF"}, {"hex": "#000"}]}
        for n in range(count)
    ]


def checked(data: bytes, piece: int, declared: int | None = None) -> Prechecked | None:
    """What a BodyPrecheck finds when `data` arrives in pieces of `piece` bytes."""
    watcher = BodyPrecheck()
    watcher.begin(declared)
    for at in range(0, len(data), piece):
        watcher.piece(data[at : at + piece])
    return watcher.result()


def members(document: JsonDocument) -> list[bytes]:
    root = document.root
    return [bytes(root.child(row).raw) for row in range(root.child_count)]


DOCUMENTS = {
    "compact": json.dumps(items(300)).encode(),
    "pretty, BOM and whitespace": b"\xef\xbb\xbf \n"
    + json.dumps(items(200), indent=2).encode()
    + b"\n\n",
    "accented": json.dumps(
        [{"name": "café ☕ " * (n % 4), "n": n} for n in range(300)], ensure_ascii=False
    ).encode(),
}


@pytest.mark.parametrize("name", DOCUMENTS)
@pytest.mark.parametrize("piece", [1, 7, 300, 4096, 1 << 20])
def test_a_body_checked_while_it_arrives_has_the_members_of_one_decode(
    name: str, piece: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = DOCUMENTS[name]
    found = checked(data, piece)
    assert found is not None
    assert len(found.spans) > 5  # it was really cut
    expected = [
        bytes(raw)
        for raw in msgspec.json.decode(data.lstrip(b"\xef\xbb\xbf"), type=list[msgspec.Raw])
    ]

    # Nothing is checked a second time after the last byte.
    def no_second_check(*_args: object) -> None:
        raise AssertionError("checked again")

    monkeypatch.setattr(json_document, "_check_utf8", no_second_check)
    monkeypatch.setattr(json_document, "sliced_members", no_second_check)
    monkeypatch.setattr(slices, "count_members", no_second_check)
    assert members(JsonDocument.parse(data, found)) == expected


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        (lambda body: body.replace(b'"id": 90,', b'"id": 90,,'), "invalid character"),
        (lambda body: body[:-900] + b"]", "cut inside a member"),
        (lambda body: body[:-1], "cut off"),
        (lambda body: body + b" x", "trailing text"),
        (lambda body: body.replace(b"#FFF", b"#\xff\xfe", 1), "not UTF-8"),
        (lambda body: body.replace("é".encode(), b"\xc3", 1), "a cut character"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_a_body_the_check_refuses_gets_the_error_of_the_whole_parse(
    broken: Callable[[bytes], bytes], reason: str
) -> None:
    data = broken(DOCUMENTS["accented" if reason == "a cut character" else "compact"])
    found = checked(data, 97)
    assert found is None
    with pytest.raises(InvalidJsonError) as whole:
        JsonDocument.parse(data)
    with pytest.raises(InvalidJsonError) as after_check:
        JsonDocument.parse(data, found)
    assert after_check.value.position == whole.value.position
    assert after_check.value.detail == whole.value.detail


def test_a_document_that_is_not_an_array_is_left_to_the_parse() -> None:
    data = b'{"a": ' + DOCUMENTS["compact"] + b"}"
    assert checked(data, 512) is None
    assert JsonDocument.parse(data, None).root.child(0).child_count == 300


def test_an_outcome_for_other_bytes_is_not_used() -> None:
    data = DOCUMENTS["compact"]
    found = checked(data, 512)
    assert found is not None
    longer = data + b" "
    assert not found.describes(len(longer), 0, len(longer) - 1)
    assert members(JsonDocument.parse(longer, found)) == members(JsonDocument.parse(data))


def running_checks() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "vody-precheck"]


def test_a_body_announced_small_is_not_checked_early() -> None:
    data = DOCUMENTS["compact"]
    watcher = BodyPrecheck()
    watcher.begin(slices.SLICED_MIN_BYTES - 1)
    assert running_checks() == []
    watcher.piece(data)
    assert watcher.result() is None


def test_close_ends_the_check_and_a_new_begin_starts_over() -> None:
    watcher = BodyPrecheck()
    watcher.begin(None)
    watcher.piece(b'[{"a": "not what arrives the second time"}, ')
    watcher.close()
    for thread in running_checks():
        thread.join()  # the worker ends without more pieces
    assert watcher.result() is None
    data = DOCUMENTS["compact"]
    found = checked(data, 1000)
    watcher.begin(len(data))  # a retried request
    for at in range(0, len(data), 1000):
        watcher.piece(data[at : at + 1000])
    assert watcher.result() == found


def test_a_worker_that_falls_behind_gives_up_instead_of_holding_the_body(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(precheck, "MAX_BACKLOG_BYTES", 2000)
    held = threading.Event()
    feed = precheck._Cutter.feed

    def slow_feed(cutter: precheck._Cutter, piece: bytes) -> None:
        held.wait()  # the worker is busy while the pieces keep coming
        feed(cutter, piece)

    monkeypatch.setattr(precheck._Cutter, "feed", slow_feed)
    watcher = BodyPrecheck()
    watcher.begin(None)
    data = DOCUMENTS["compact"]
    for at in range(0, len(data), 500):
        watcher.piece(data[at : at + 500])
    held.set()
    assert watcher.result() is None
    for thread in running_checks():
        thread.join()
