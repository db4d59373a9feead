"""The catalogue's IDs and documents, checked without a server."""

from __future__ import annotations

import json
import math
import uuid
from decimal import Decimal

import pytest

from tests.sandbox.helpers import count_nodes, max_depth
from vody_desktop.sandbox import catalogue as cat
from vody_desktop.sandbox.generators import DEEP_LEVELS, LONG_STRING_LENGTH
from vody_desktop.sandbox.picture_paths import PLACEHOLDER

REQUIRED_CONSTANTS = [
    "COLOR_RESULTS_ID",
    "STATUS_EXAMPLE_ID",
    "PATTERN_RESULTS_ID",
    "IN_PROGRESS_ID",
    "FAILED_ID",
    "LARGE_ID",
    "DEEP_ID",
    "UNICODE_ID",
    "LONG_STRING_ID",
    "NUMBERS_ID",
    "EMPTY_OBJECT_ID",
    "EMPTY_ARRAY_ID",
    "SCALAR_ID",
    "SLOW_ID",
    "DRIP_ID",
    "SERVER_ERROR_ID",
    "BAD_GATEWAY_HTML_ID",
    "UNAVAILABLE_ID",
    "RATE_LIMITED_DATE_ID",
    "DROPPED_ID",
    "TRUNCATED_ID",
    "INVALID_UTF8_ID",
    "HTML_200_ID",
    "GZIP_ID",
    "EMPTY_BODY_ID",
    "REDIRECT_ID",
]


def test_reference_examples_keep_their_ids() -> None:
    assert cat.COLOR_RESULTS_ID == "0924dcfe-a593-4e42-8c7b-4fca9a149777"
    assert cat.STATUS_EXAMPLE_ID == "1676dc31-a593-4e42-8c7b-4fca9a149777"
    assert cat.DEFAULT_API_KEYS == (
        "1234abcd-bdde-1234-a39a-3ff12ce386d5",
        "1234abcd-1234-1234-a39a-3ff12ce386d5",
    )


@pytest.mark.parametrize("name", REQUIRED_CONSTANTS)
def test_constant_is_a_canonical_uuid_in_the_catalogue(name: str) -> None:
    value = getattr(cat, name)
    assert str(uuid.UUID(value)) == value
    assert cat.lookup(value) is not None
    assert cat.lookup(value.upper()) is cat.lookup(value)


def test_ids_and_constants_are_unique() -> None:
    assert len({e.inference_id for e in cat.ENTRIES}) == len(cat.ENTRIES)
    for entry in cat.ENTRIES:
        assert getattr(cat, entry.constant) == entry.inference_id


def test_results_bytes_refuses_ids_without_a_fixed_body() -> None:
    for inference_id in (cat.FAILED_ID, cat.DRIP_ID, cat.SERVER_ERROR_ID, cat.REDIRECT_ID):
        with pytest.raises(LookupError):
            cat.results_bytes(inference_id)
    with pytest.raises(LookupError):
        cat.results_bytes(str(uuid.uuid4()))


def test_color_results_are_an_array_of_items_with_predictions() -> None:
    items = json.loads(cat.results_bytes(cat.COLOR_RESULTS_ID))
    assert isinstance(items, list)
    assert len(items) == 4
    assert items[0]["image_path"] == f"{PLACEHOLDER}/images/playground/color-labels/0.png"
    assert items[0]["hex_color_label"] == "#FE2934"
    top = items[0]["predictions"][0]
    assert top["hex_color"] == "#FE2934"
    assert set(top) == {"hex_color", "color_name", "score"}
    for item in items:
        scores = [p["score"] for p in item["predictions"]]
        assert scores == sorted(scores, reverse=True)
        assert sum(scores) < 1


def test_pattern_results_have_pattern_predictions() -> None:
    items = json.loads(cat.results_bytes(cat.PATTERN_RESULTS_ID))
    assert len(items) == 3
    assert all(set(p) == {"pattern", "score"} for i in items for p in i["predictions"])


def test_deep_document_has_ten_thousand_levels() -> None:
    data = cat.results_bytes(cat.DEEP_ID)
    assert max_depth(data) == DEEP_LEVELS == 10_000
    assert data.startswith(b'{"level": 1, "child": ["level 2", {"level": 3')
    assert data.endswith(b'"bottom"' + b"]}" * (DEEP_LEVELS // 2))


def test_unicode_document_has_emoji_rtl_and_combining_marks() -> None:
    data = cat.results_bytes(cat.UNICODE_ID)
    document = json.loads(data)
    assert "👨‍👩‍👧‍👦" in document["emoji"]
    assert document["hebrew"] == "שלום עולם"
    assert "\u0301" in document["combining"]
    assert document["🔑 emoji key"] == "value"
    assert document["escaped"].startswith("😀 café")
    assert b"\\ud83d\\ude00" in data  # the escaped form is kept in the bytes


def test_long_string_is_one_mebibyte() -> None:
    document = json.loads(cat.results_bytes(cat.LONG_STRING_ID))
    assert len(document["text"]) == LONG_STRING_LENGTH == 1_048_576


def test_numbers_keep_their_spelling() -> None:
    data = cat.results_bytes(cat.NUMBERS_ID).decode()
    for spelling in ("18446744073709551616", ": 1e308", ": -0.0,", "0.1000000000000000055511151"):
        assert spelling in data
    document = json.loads(data, parse_float=Decimal)
    assert document["beyond_uint64"] == 2**64
    assert document["one_e308"] == Decimal("1e308")
    negative_zero = json.loads(data)["negative_zero"]
    assert negative_zero == 0
    assert math.copysign(1, negative_zero) == -1


@pytest.mark.parametrize(
    ("inference_id", "expected"),
    [
        (cat.EMPTY_OBJECT_ID, {}),
        (cat.EMPTY_ARRAY_ID, []),
        (cat.SCALAR_ID, "Inference complete: nothing to classify"),
        (cat.NUMBER_SCALAR_ID, 42),
        (cat.NULL_SCALAR_ID, None),
        (cat.TOP_LEVEL_ARRAY_ID, [1, "two", {"three": 3}, [4, [5]], None, True, False, -6.5]),
    ],
)
def test_small_documents(inference_id: str, expected: object) -> None:
    assert json.loads(cat.results_bytes(inference_id)) == expected


def test_large_document_is_25_mb_and_over_a_million_nodes() -> None:
    data = cat.results_bytes(cat.LARGE_ID)
    assert 23_000_000 < len(data) < 27_000_000
    document = json.loads(data)
    assert isinstance(document, list)
    assert count_nodes(document) > 1_000_000
    assert cat.results_bytes(cat.LARGE_ID) == data  # cached, and stable


def test_markdown_table_lists_every_entry() -> None:
    table = cat.format_table(markdown=True)
    for entry in cat.ENTRIES:
        assert f"| `{entry.inference_id}` | `{entry.constant}` |" in table
