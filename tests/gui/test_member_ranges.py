"""Very long arrays in the tree model: range rows ("[0 … 9,999]"), their members with real
indexes and paths, ranges of ranges, and Qt's own model checks with ranges present."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QModelIndex

from vody_desktop.document import member_range
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.ui.result.json_tree_model import JsonTreeModel

MEMBERS = 250_000


@pytest.fixture(scope="module")
def long_array() -> JsonDocument:
    """250,000 members, each `{"n": i}`: more than `MAX_FLAT`, so the top shows ranges."""
    return JsonDocument.parse(json.dumps([{"n": n} for n in range(MEMBERS)]).encode())


def cells(model: JsonTreeModel, row: int, parent: QModelIndex | None = None) -> tuple[str, ...]:
    return tuple(model.index(row, column, parent or QModelIndex()).data() for column in range(3))


def load_all(model: JsonTreeModel, parent: QModelIndex) -> None:
    while model.canFetchMore(parent):
        model.fetchMore(parent)


def test_a_very_long_array_shows_ranges_with_their_counts(long_array: JsonDocument) -> None:
    model = JsonTreeModel(long_array)
    assert model.rowCount() == 25
    assert not model.canFetchMore(QModelIndex())  # no 250,000 rows waiting to be laid out
    assert cells(model, 0) == ("[0 … 9,999]", "10,000 items", "range")
    assert cells(model, 24) == ("[240,000 … 249,999]", "10,000 items", "range")
    assert model.hasChildren(model.index(0, 0))  # an arrow: it opens
    assert model.node(model.index(0, 0)) is None  # a range is not a JSON value of the document
    assert model.path_at(model.index(12, 0)) == "$[120000:130000]"


def test_a_range_opens_on_its_members_with_their_real_indexes(long_array: JsonDocument) -> None:
    model = JsonTreeModel(long_array)
    group = model.index(12, 0)
    load_all(model, group)
    assert model.rowCount(group) == 10_000
    assert cells(model, 0, group) == ("120000", "{1}", "object")
    assert cells(model, 9_999, group) == ("129999", "{1}", "object")
    member = model.index(3_456, 0, group)
    node = model.node(member)
    assert node is not None
    assert node.path() == "$[123456]"
    assert model.path_at(member) == "$[123456]"
    load_all(model, member)
    assert cells(model, 0, member) == ("n", "123456", "number")
    assert model.path_at(model.index(0, 0, member)) == "$[123456].n"


def test_index_for_node_opens_the_range_that_holds_it(long_array: JsonDocument) -> None:
    model = JsonTreeModel(long_array)
    node = long_array.root.child(249_999).child(0)
    assert model.view_rows_of(node) == (24, 9_999, 0)
    index = model.index_for_node(node)
    assert model.node(index) is node
    assert index.parent().parent().data() == "[240,000 … 249,999]"


def test_a_range_row_is_its_members_as_a_json_array(long_array: JsonDocument) -> None:
    model = JsonTreeModel(long_array)
    ranged = model.range_node(model.index(24, 0))
    assert ranged is not None
    assert json.loads(bytes(ranged.raw)) == [{"n": n} for n in range(240_000, MEMBERS)]
    assert ranged.path() == "$[240000:250000]"
    assert ranged.child(5).path() == "$[240005]"  # its members are the document's own
    assert model.range_node(model.index(0, 0, model.index(24, 0))) is None  # a member row


def test_an_array_of_max_flat_members_stays_flat_and_one_more_shows_ranges() -> None:
    flat = JsonTreeModel(JsonDocument.parse(json.dumps(list(range(100_000))).encode()))
    load_all(flat, QModelIndex())
    assert flat.rowCount() == 100_000
    assert cells(flat, 99_999) == ("99999", "99999", "number")
    ranged = JsonTreeModel(JsonDocument.parse(json.dumps(list(range(100_001))).encode()))
    assert ranged.rowCount() == 11
    assert cells(ranged, 10) == ("[100,000 … 100,000]", "1 item", "range")


def test_a_long_nested_array_opens_on_ranges() -> None:
    document = JsonDocument.parse(json.dumps({"results": list(range(123_456))}).encode())
    model = JsonTreeModel(document)
    results = model.index(0, 0)
    assert cells(model, 0) == ("results", "[123,456]", "array")
    load_all(model, results)
    assert model.rowCount(results) == 13
    assert cells(model, 12, results) == ("[120,000 … 123,455]", "3,456 items", "range")
    assert model.path_at(model.index(12, 0, results)) == "$.results[120000:123456]"


def test_ranges_of_ranges_lead_to_every_member(monkeypatch: pytest.MonkeyPatch) -> None:
    # Scaled down: more than 100 members show ranges of 10, and never more than 10 ranges a row.
    monkeypatch.setattr(member_range, "MAX_FLAT", 100)
    monkeypatch.setattr(member_range, "RANGE_SIZE", 10)
    document = JsonDocument.parse(json.dumps(list(range(2_345))).encode())
    model = JsonTreeModel(document)
    assert [cells(model, row)[0] for row in range(model.rowCount())] == [
        "[0 … 999]",
        "[1,000 … 1,999]",
        "[2,000 … 2,344]",
    ]
    node = document.root.child(2_343)
    assert model.view_rows_of(node) == (2, 3, 4, 3)
    index = model.index_for_node(node)
    assert model.node(index) is node
    assert index.data() == "2343"
    chain = [index.parent(), index.parent().parent(), index.parent().parent().parent()]
    assert [parent.data() for parent in chain] == [
        "[2,340 … 2,344]",
        "[2,300 … 2,344]",
        "[2,000 … 2,344]",
    ]
    assert [model.path_at(parent) for parent in chain] == [
        "$[2340:2345]",
        "$[2300:2345]",
        "$[2000:2345]",
    ]


def test_the_model_with_ranges_passes_qtmodeltester(
    qtmodeltester, long_array: JsonDocument
) -> None:
    model = JsonTreeModel(long_array)
    group = model.index(3, 0)
    model.fetchMore(group)  # a range opened: members (with their own arrows) below it
    model.fetchMore(model.index(0, 0, group))
    qtmodeltester.check(model, force_py=True)


def test_nested_ranges_pass_qtmodeltester(qtmodeltester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(member_range, "MAX_FLAT", 100)
    monkeypatch.setattr(member_range, "RANGE_SIZE", 10)
    document = JsonDocument.parse(json.dumps([[n] for n in range(2_345)]).encode())
    model = JsonTreeModel(document)
    model.index_for_node(document.root.child(1_234).child(0))  # opens three ranges on the way
    qtmodeltester.check(model, force_py=True)
