"""The before/after pair for Compare: served by the sandbox, and differing exactly as described
(items reordered, Red -> Orange, one score changed, 1e-12 noise, 1 vs 1.0, one added, one
removed)."""

from __future__ import annotations

import json
from typing import Any

import httpx

from tests.sandbox.helpers import served_bytes
from vody_desktop.sandbox import catalogue as cat
from vody_desktop.sandbox import picture_paths as pics


def _items(inference_id: str) -> list[dict[str, Any]]:
    items = json.loads(cat.results_bytes(inference_id))
    assert isinstance(items, list)
    return items


def _by_path(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["image_path"]: item for item in items}


def _product(items: list[dict[str, Any]], product_type: str) -> dict[str, Any]:
    (item,) = [i for i in items if i["product_type"] == product_type]
    return item


def test_the_pair_keeps_the_ids_the_window_and_the_tests_use() -> None:
    assert cat.COMPARE_BEFORE_ID == "5a4d0c00-0000-4000-8000-000000000016"
    assert cat.COMPARE_AFTER_ID == "5a4d0c00-0000-4000-8000-000000000017"
    for inference_id in (cat.COMPARE_BEFORE_ID, cat.COMPARE_AFTER_ID):
        entry = cat.lookup(inference_id)
        assert entry is not None
        assert entry.kind == "document"
        assert entry.model == "color-classification"
        assert entry.item_count == len(_items(inference_id)) == 6


def test_after_holds_the_items_in_another_order_one_removed_one_added() -> None:
    before, after = _items(cat.COMPARE_BEFORE_ID), _items(cat.COMPARE_AFTER_ID)
    paths_before = [item["image_path"] for item in before]
    paths_after = [item["image_path"] for item in after]
    assert len(set(paths_before)) == len(paths_before)  # image_path tells the items apart
    assert len(set(paths_after)) == len(paths_after)
    only_before = set(paths_before) - set(paths_after)
    only_after = set(paths_after) - set(paths_before)
    assert [_by_path(before)[p]["product_type"] for p in only_before] == ["Scarf"]
    assert [_by_path(after)[p]["product_type"] for p in only_after] == ["Curtains"]
    common_before = [p for p in paths_before if p not in only_before]
    common_after = [p for p in paths_after if p not in only_after]
    assert sorted(common_before) == sorted(common_after)
    assert common_before != common_after  # reordered


def test_the_items_in_both_differ_exactly_as_described() -> None:
    before, after = _by_path(_items(cat.COMPARE_BEFORE_ID)), _by_path(_items(cat.COMPARE_AFTER_ID))
    changed: dict[str, list[tuple[int, str, Any, Any]]] = {}
    for path in before.keys() & after.keys():
        a, b = before[path], after[path]
        assert {k: v for k, v in a.items() if k != "predictions"} == {
            k: v for k, v in b.items() if k != "predictions"
        }
        for n, (pa, pb) in enumerate(zip(a["predictions"], b["predictions"], strict=True)):
            for field in pa.keys() | pb.keys():
                if pa.get(field) != pb.get(field) or type(pa.get(field)) is not type(pb.get(field)):
                    changed.setdefault(a["product_type"], []).append(
                        (n, field, pa.get(field), pb.get(field))
                    )
    assert changed.pop("Shoes") in (
        [(0, "color_name", "Red", "Orange"), (0, "hex_color", "#FE2934", "#FFA500")],
        [(0, "hex_color", "#FE2934", "#FFA500"), (0, "color_name", "Red", "Orange")],
    )
    assert changed.pop("Dress") == [(1, "score", 0.051, 0.0732)]
    ((n, field, a_score, b_score),) = changed.pop("Sofa")
    assert (n, field) == (0, "score")
    assert isinstance(a_score, float)
    assert isinstance(b_score, float)
    assert a_score != b_score
    assert abs(b_score - a_score) < 2e-12  # noise, far below any tolerance
    ((n, field, a_score, b_score),) = changed.pop("Handbag")
    assert (n, field, a_score, b_score) == (0, "score", 1, 1.0)
    assert (type(a_score), type(b_score)) == (int, float)
    assert changed == {}  # the lamp is the same


def test_one_and_one_point_zero_and_the_noise_are_in_the_bytes() -> None:
    before = cat.results_bytes(cat.COMPARE_BEFORE_ID).decode()
    after = cat.results_bytes(cat.COMPARE_AFTER_ID).decode()
    assert '"score": 1\n' in before
    assert '"score": 1.0\n' in after
    assert '"score": 0.864\n' in before
    assert '"score": 0.864000000001\n' in after


def test_the_sandbox_serves_the_pair_with_its_pictures(client: httpx.Client) -> None:
    origin = str(client.base_url).rstrip("/")
    for inference_id in (cat.COMPARE_BEFORE_ID, cat.COMPARE_AFTER_ID):
        status = client.get(f"/inference/{inference_id}/status").json()
        assert status["status"] == "completed"
        assert status["response_item_count"] == "6"
        response = client.get(f"/inference/{inference_id}/results")
        assert response.status_code == 200
        assert response.content == served_bytes(client, inference_id)
        for item in json.loads(response.content):
            path = item["image_path"]
            assert path.startswith(f"{origin}/images/compare/")
            shape, colour = pics.parse_named(path) or ("", "")
            assert shape == pics.shape_for(item["product_type"])
            assert colour == item.get("hex_color_label", item["predictions"][0]["hex_color"])
            picture = client.get(path)
            assert picture.status_code == 200
            assert picture.content.startswith(b"\x89PNG")
