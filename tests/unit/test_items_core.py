"""The items table without Qt: finding item lists, naming and ordering columns, row order."""

from __future__ import annotations

import json

import pytest

from vody_desktop.document.json_document import JsonDocument
from vody_desktop.items.cells import Parts, cell_text, decode_item, dig, flat_cells
from vody_desktop.items.column_store import ColumnStore
from vody_desktop.items.column_values import read_column
from vody_desktop.items.columns import Column, Role, column_title, discover_columns
from vody_desktop.items.discovery import find_item_sources
from vody_desktop.items.match_column import (
    difference,
    find_match_column,
    is_mismatch,
    with_match_column,
)
from vody_desktop.items.ordering import OrderRequest, compute_order, natural_key, sort_rows
from vody_desktop.sandbox import generators


def _doc(value: object) -> JsonDocument:
    return JsonDocument.parse(json.dumps(value).encode())


def test_a_top_level_array_of_objects_is_one_source_named_dollar() -> None:
    sources = find_item_sources(_doc([{"a": 1}, {"a": 2}]).root)
    assert [(s.path, s.count) for s in sources] == [("$", 2)]
    assert sources[0].label == "$ (2 items)"


def test_arrays_of_objects_inside_objects_are_sources_named_by_path_largest_first() -> None:
    document = _doc(
        {
            "meta": {"page": 1},
            "results": [{"x": 1}],
            "deeper": {"more": {"rows": [{"y": 1}, {"y": 2}]}},
            "tags": ["a", "b"],
        }
    )
    sources = find_item_sources(document.root)
    assert [(s.path, s.count) for s in sources] == [("$.deeper.more.rows", 2), ("$.results", 1)]


def test_scalars_arrays_of_text_and_too_deep_arrays_are_no_sources() -> None:
    assert find_item_sources(_doc("text").root) == []
    assert find_item_sources(_doc(["a", "b"]).root) == []
    assert find_item_sources(_doc([]).root) == []
    assert find_item_sources(_doc({"a": {"b": {"c": {"d": [{"x": 1}]}}}}).root) == []


def test_an_item_flattens_to_dotted_cells_with_the_first_prediction_and_a_count() -> None:
    item = {"id": 7, "meta": {"size": "L"}, "predictions": [{"s": 0.9}, {"s": 0.1}], "t": ["a", 1]}
    cells = flat_cells(item)
    assert cells == {
        ("id",): 7,
        ("meta", "size"): "L",
        ("predictions", 0, "s"): 0.9,
        ("predictions", "count"): 2,
        ("t",): "a, 1",
    }
    assert dig(item, ("predictions", "count")) == 2
    assert dig(item, ("predictions", 0, "s")) == 0.9
    assert dig(item, ("missing",)) is None


def test_cells_read_as_written() -> None:
    assert [cell_text(v) for v in ("x", 3, 0.25, True, False, None)] == [
        "x",
        "3",
        "0.25",
        "true",
        "false",
        "",
    ]


def _colour_columns() -> list[Column]:
    document = JsonDocument.parse(generators.color_results())
    source = find_item_sources(document.root)[0]
    return discover_columns(decode_item(source.item_raw(row)) for row in range(source.count))


def test_colour_result_columns_read_picture_identity_label_prediction_score() -> None:
    columns = _colour_columns()
    assert [c.id for c in columns] == [
        "image_path",
        "product_type",
        "category",
        "hex_color_label",
        "predictions.0.hex_color",
        "predictions.0.color_name",
        "predictions.0.score",
        "predictions.count",
    ]
    assert [c.role for c in columns[:4]] == [Role.PICTURE, Role.IDENTITY, Role.IDENTITY, Role.LABEL]
    assert columns[6].role is Role.SCORE
    assert columns[6].is_numeric


def test_column_titles_are_words() -> None:
    assert column_title(("image_path",), Role.PICTURE) == "Picture"
    assert column_title(("product_type",)) == "Product type"
    assert column_title(("predictions", 0, "color_name")) == "Top prediction: color name"
    assert column_title(("predictions", "count")) == "Predictions: count"
    assert column_title(("colors", 0, "hexValue")) == "First color: hex value"


def test_columns_are_the_union_of_keys_in_first_seen_order() -> None:
    columns = discover_columns([{"b": 1}, {"a": 2, "b": 3}, {"c": None}])
    assert [c.id for c in columns] == ["b", "a", "c"]


@pytest.mark.parametrize(
    "parts",
    [("product_type",), ("predictions", 0, "score"), ("predictions", "count"), ("nothing",)],
)
def test_the_typed_column_reader_agrees_with_the_generic_decode(
    parts: tuple[str | int, ...],
) -> None:
    raws = [
        b'{"product_type": "Shoes", "predictions": [{"score": 0.5}, {"score": 0.1}]}',
        b'{"product_type": 3, "predictions": "not a list"}',
        b'{"predictions": []}',
        b"{}",
    ]
    assert read_column(raws, parts) == [dig(decode_item(raw), parts) for raw in raws]


def test_sorting_puts_numbers_as_numbers_text_naturally_and_empty_last() -> None:
    values = [10, None, 9, "item 10", "Item 9", "", 0.5]
    assert sort_rows(range(7), values, descending=False) == [6, 2, 0, 4, 3, 1, 5]
    assert sort_rows(range(7), values, descending=True) == [3, 4, 0, 2, 6, 1, 5]
    assert natural_key("a2") < natural_key("A10")


def _store(items: list[dict[str, object]]) -> ColumnStore:
    raws = [json.dumps(item).encode() for item in items]
    parts: dict[str, tuple[str | int, ...]] = {
        "name": ("name",),
        "score": ("score",),
        "match": ("match",),
    }
    return ColumnStore(raws, parts)


def test_the_text_filter_matches_any_cell_ignoring_case_and_sorts_what_is_left() -> None:
    store = _store(
        [
            {"name": "Red shoe", "score": 0.2},
            {"name": "blue", "score": 0.9},
            {"name": "navy", "score": 0.5, "match": "RED"},
            {"name": "green", "score": 0.1},
        ]
    )
    request = OrderRequest(sort_column="score", text="red", text_columns=("name", "score", "match"))
    assert compute_order(4, request, store) == [0, 2]
    assert compute_order(4, OrderRequest(text="0.9", text_columns=("score",)), store) == [1]


def test_score_below_and_mismatches_only_are_quick_filters() -> None:
    store = _store(
        [
            {"score": 0.2, "match": "no"},
            {"score": 0.9, "match": "no"},
            {"score": 0.4, "match": "yes"},
            {"name": "no score"},
        ]
    )
    below = OrderRequest(score_column="score", score_below=0.5)
    assert compute_order(4, below, store) == [0, 2]
    both = OrderRequest(
        score_column="score", score_below=0.5, match_column="match", mismatches_only=True
    )
    assert compute_order(4, both, store, is_mismatch=lambda cell: cell == "no") == [0]


def test_a_cancelled_order_gives_none() -> None:
    store = _store([{"name": "a"}])
    request = OrderRequest(sort_column="name", text="a", text_columns=("name",))
    assert compute_order(1, request, store, cancelled=lambda: True) is None


def test_a_derived_column_is_computed_from_others() -> None:
    raws = [b'{"a": 1, "b": 2}', b'{"a": 5, "b": 1}']
    parts: dict[str, Parts] = {"a": ("a",), "b": ("b",)}
    store = ColumnStore(raws, parts, {"sum": (("a", "b"), lambda a, b: a + b)})
    assert list(store.values("sum")) == [3, 6]
    assert compute_order(2, OrderRequest(sort_column="sum", descending=True), store) == [1, 0]


def test_a_word_filter_reads_only_the_items_whose_bytes_hold_it_and_checks_cells_exactly() -> None:
    items = [
        {"name": "Navy coat", "score": 0.5},
        {"name": "red", "navy_key": "x"},  # the word only in a key: no cell holds it
        {"name": "NAVY"},
        {"name": "café navy"},
    ]
    raws = [json.dumps(item).encode() for item in items]  # "café" escaped as \\u00e9
    parts: dict[str, Parts] = {"name": ("name",), "score": ("score",)}
    store = ColumnStore(raws, parts)
    assert store.rows_with_text([0, 1, 2, 3], "navy", ("name",), lambda: False) == [0, 2, 3]
    assert not store.has("name")  # the word filter read no whole column
    # Text the bytes may write otherwise goes the long way, by the columns' texts.
    assert store.rows_with_text([0, 1, 2, 3], "café", ("name",), lambda: False) == [3]
    assert store.rows_with_text([0, 1, 2, 3], "0.5", ("name", "score"), lambda: False) == [0]


def test_the_match_column_sits_after_the_score_and_compares_label_and_top_prediction() -> None:
    columns = _colour_columns()
    match = find_match_column(columns)
    assert match is not None
    assert (match.label, match.predicted) == ("hex_color_label", "predictions.0.hex_color")
    placed = with_match_column(columns, match)
    ids = [column.id for column in placed]
    assert ids.index("match") == ids.index("predictions.0.score") + 1
    assert difference("#FF0000", "#FF0000") == 0.0
    assert difference("", "#FF0000") is None
    far = difference("#FF0000", "#0000FF")
    assert far is not None
    assert is_mismatch(far, 10)
    assert not is_mismatch(10.04, 10)  # compared as shown: "10.0" is within 10
    assert is_mismatch(10.06, 10)
    assert not is_mismatch(None, 10)


def test_no_colour_pair_no_match_column() -> None:
    assert find_match_column(discover_columns([{"name": "a", "score": 0.5}])) is None


def test_numbers_read_as_written_and_compare_as_numbers() -> None:
    cells = flat_cells(decode_item(b'{"a": 1.0E+2, "b": 0.50, "c": 7}'))
    assert [cell_text(cells[(key,)]) for key in ("a", "b", "c")] == ["1.0E+2", "0.50", "7"]
    assert sort_rows(range(3), [cells[("a",)], cells[("b",)], cells[("c",)]], descending=False) == [
        1,
        2,
        0,
    ]
