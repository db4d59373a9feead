"""Inferences that change over time: the in-progress one, and POSTed batches.

The sandboxes here run with --manual-clock: an inference stays running until the test moves the
clock, so "still in progress" is seen on any machine, however slow, and then made to finish.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime

import httpx
import pytest

from tests.sandbox.conftest import HEADERS
from tests.sandbox.helpers import advance_clock, served_bytes
from vody_desktop.sandbox import catalogue as cat
from vody_desktop.sandbox.process import SandboxProcess
from vody_desktop.sandbox.status import STATUS_FIELDS, format_duration

COLOR_ITEMS = [
    {
        "image_path": "https://vody.com/images/playground/color-labels/0.png",
        "product_type": "Shoes",
        "hex_color_label": "#FE2934",
        "category": "Fashion",
    },
    {"image_path": "https://example.com/b.png", "product_type": "Bag", "extra": [1, 2]},
]
PATTERN_ITEMS = [{"image_path": "https://example.com/shirt.png", "product_type": "Shirt"}]


def status_of(client: httpx.Client, inference_id: str) -> dict[str, str]:
    body: dict[str, str] = client.get(f"/inference/{inference_id}/status").json()
    return body


def test_in_progress_inference_completes_after_progress_seconds() -> None:
    with (
        SandboxProcess(["--manual-clock", "--progress-seconds", "2", "--quiet"]) as sandbox,
        httpx.Client(base_url=sandbox.url, headers=HEADERS, timeout=30) as client,
    ):
        running = status_of(client, cat.IN_PROGRESS_ID)
        assert tuple(running) == STATUS_FIELDS
        assert running["status"] == "in_progress"
        assert running["response_code"] == "202"
        assert running["response_time"] == "0.000000"
        early = client.get(f"/inference/{cat.IN_PROGRESS_ID}/results")
        assert early.status_code == 409
        assert early.json() == {
            "message": "Inference is still in progress",
            "status": "in_progress",
        }
        advance_clock(client, 1.5)
        assert status_of(client, cat.IN_PROGRESS_ID)["status"] == "in_progress"
        assert client.get(f"/inference/{cat.IN_PROGRESS_ID}/results").status_code == 409
        advance_clock(client, 0.5)
        done = status_of(client, cat.IN_PROGRESS_ID)
        assert done["status"] == "completed"
        assert done["response_time"] == "2.000000"
        assert done["created_at"] == running["created_at"]
        late = client.get(f"/inference/{cat.IN_PROGRESS_ID}/results")
        assert late.status_code == 200
        assert late.content == served_bytes(client, cat.IN_PROGRESS_ID)


@pytest.mark.parametrize(
    ("path", "model", "items", "prediction_keys"),
    [
        ("color-classification", "color-classification", COLOR_ITEMS, {"hex_color", "score"}),
        ("pattern-classification", "pattern-classification", PATTERN_ITEMS, {"pattern"}),
    ],
)
def test_post_lifecycle(
    client: httpx.Client,
    path: str,
    model: str,
    items: list[dict[str, object]],
    prediction_keys: set[str],
) -> None:
    accepted = client.post(f"/inference/{path}", json=items)
    assert accepted.status_code == 202
    status = accepted.json()
    assert tuple(status) == STATUS_FIELDS
    new_id = status["id"]
    assert str(uuid.UUID(new_id)) == new_id
    assert new_id not in {e.inference_id for e in cat.ENTRIES}
    assert status["status"] == "in_progress"
    assert status["model"] == model
    assert status["request_item_count"] == str(len(items))
    assert status_of(client, new_id)["status"] == "in_progress"
    assert client.get(f"/inference/{new_id}/results").status_code == 409

    advance_clock(client, 1)  # --post-seconds 1
    done = status_of(client, new_id)
    assert done["status"] == "completed"
    assert done["response_item_count"] == str(len(items))
    assert done["response_time"] == "1.000000"
    updated = datetime.fromisoformat(done["updated_at"])
    created = datetime.fromisoformat(done["created_at"])
    assert format_duration(updated - created) == "1.000000"

    results = client.get(f"/inference/{new_id}/results")
    assert results.status_code == 200
    output = results.json()
    assert len(output) == len(items)
    for submitted, result in zip(items, output, strict=True):
        assert {k: result[k] for k in submitted} == submitted
        assert prediction_keys <= set(result["predictions"][0])


def test_same_items_give_the_same_predictions(client: httpx.Client) -> None:
    first = client.post("/inference/color-classification", json=COLOR_ITEMS).json()["id"]
    second = client.post("/inference/color-classification", json=COLOR_ITEMS).json()["id"]
    assert first != second
    advance_clock(client, 1)
    first_results = client.get(f"/inference/{first}/results")
    second_results = client.get(f"/inference/{second}/results")
    assert first_results.status_code == second_results.status_code == 200
    assert first_results.content == second_results.content


def test_color_label_is_the_top_prediction(client: httpx.Client) -> None:
    new_id = client.post("/inference/color-classification", json=COLOR_ITEMS[:1]).json()["id"]
    advance_clock(client, 1)
    result = client.get(f"/inference/{new_id}/results").json()[0]
    assert result["predictions"][0]["hex_color"] == "#FE2934"


def test_unreachable_image_makes_the_inference_fail(client: httpx.Client) -> None:
    items = [{"image_path": "file:///etc/passwd", "product_type": "Shoes"}]
    new_id = client.post("/inference/pattern-classification", json=items).json()["id"]
    assert status_of(client, new_id)["status"] == "in_progress"
    advance_clock(client, 1)
    assert status_of(client, new_id)["status"] == "failed"
    response = client.get(f"/inference/{new_id}/results")
    assert response.status_code == 422
    assert (
        response.json()["message"]
        == "Inference failed: Could not download image file:///etc/passwd"
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not json", "Request body is not valid JSON"),
        (b'{"image_path": "x"}', "Request body must be a JSON array of items"),
        (b"[]", "Request body must contain at least one item"),
        (b"[1]", "Invalid items in request body"),
        (b'[{"image_path": "https://x/y.png"}]', "Invalid items in request body"),
        (b'[{"image_path": 3, "product_type": "Shoes"}]', "Invalid items in request body"),
        (
            b'[{"image_path": "https://x", "product_type": "S", "hex_color_label": "red"}]',
            "Invalid items in request body",
        ),
        (b'[{"image_path": "https://x", "product_type": "S", "category": 5}]', "Invalid items"),
    ],
)
def test_bad_post_body_is_400(client: httpx.Client, body: bytes, message: str) -> None:
    response = client.post(
        "/inference/color-classification",
        content=body,
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["message"].startswith(message)


def test_bad_item_errors_name_the_field(client: httpx.Client) -> None:
    body = [{"image_path": "https://x/y.png", "product_type": "Shoes"}, {"image_path": "z"}]
    response = client.post("/inference/pattern-classification", json=body)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"index": 1, "field": "product_type", "error": "required string"}
    ]


def test_too_large_body_is_413(client: httpx.Client) -> None:
    body = json.dumps([{"image_path": "https://x/" + "a" * 6_000_000, "product_type": "S"}])
    response = client.post("/inference/color-classification", content=body)
    assert response.status_code == 413


def test_post_needs_a_key(anonymous: httpx.Client) -> None:
    response = anonymous.post("/inference/color-classification", json=COLOR_ITEMS)
    assert response.status_code == 401


def test_get_on_post_endpoint_is_405(client: httpx.Client) -> None:
    assert client.get("/inference/color-classification").status_code == 405
