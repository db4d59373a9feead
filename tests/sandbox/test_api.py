"""The documented endpoints and the sandbox's error conventions, against a real server."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from tests.sandbox.conftest import EXTRA_KEY, HEADERS
from tests.sandbox.helpers import large_state, served_bytes, wait_for_large_state
from vody_desktop.api.examples import STATUS_EXAMPLE
from vody_desktop.sandbox import catalogue as cat
from vody_desktop.sandbox.large import cache_path
from vody_desktop.sandbox.process import SandboxProcess
from vody_desktop.sandbox.status import STATUS_FIELDS, format_duration

DOCUMENT_IDS = [e.inference_id for e in cat.ENTRIES if e.kind == "document"]
STATUS_IDS = [
    e.inference_id
    for e in cat.ENTRIES
    if e.kind != "failed" and e.fault not in cat.FAULTS_ON_STATUS
]


def test_reference_status_example_verbatim(client: httpx.Client) -> None:
    response = client.get(f"/inference/{cat.STATUS_EXAMPLE_ID}/status")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == STATUS_EXAMPLE


def test_reference_results_example_returns_the_color_array(client: httpx.Client) -> None:
    response = client.get(f"/inference/{cat.COLOR_RESULTS_ID}/results")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.content == served_bytes(client, cat.COLOR_RESULTS_ID)
    assert isinstance(response.json(), list)


@pytest.mark.parametrize("inference_id", STATUS_IDS)
def test_status_body_shape(client: httpx.Client, inference_id: str) -> None:
    body = client.get(f"/inference/{inference_id}/status").json()
    assert tuple(body) == STATUS_FIELDS
    assert all(isinstance(value, str) for value in body.values())
    assert body["id"] == inference_id
    assert body["status"] == "completed"
    assert body["model"] in {"color-classification", "pattern-classification"}
    assert body["response_code"] == "200"
    assert int(body["request_item_count"]) == int(body["response_item_count"]) >= 1
    created = datetime.fromisoformat(body["created_at"])
    updated = datetime.fromisoformat(body["updated_at"])
    assert created.utcoffset() is not None
    assert updated.utcoffset() is not None
    assert body["response_time"] == format_duration(updated - created)


@pytest.mark.parametrize("inference_id", [i for i in DOCUMENT_IDS if i != cat.LARGE_ID])
def test_documents_are_served_byte_for_byte(client: httpx.Client, inference_id: str) -> None:
    response = client.get(f"/inference/{inference_id}/results")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.content == served_bytes(client, inference_id)


def test_large_document_is_served_byte_for_byte(client: httpx.Client) -> None:
    digest = hashlib.sha256()
    with client.stream("GET", f"/inference/{cat.LARGE_ID}/results") as response:
        assert response.status_code == 200
        assert int(response.headers["content-length"]) > 20_000_000
        for chunk in response.iter_bytes():
            digest.update(chunk)
    assert digest.digest() == hashlib.sha256(served_bytes(client, cat.LARGE_ID)).digest()


def test_failed_inference(client: httpx.Client) -> None:
    status = client.get(f"/inference/{cat.FAILED_ID}/status").json()
    assert status["status"] == "failed"
    assert status["response_code"] == "500"
    assert status["response_item_count"] == "0"
    response = client.get(f"/inference/{cat.FAILED_ID}/results")
    assert response.status_code == 422
    assert response.json() == {
        "message": f"Inference failed: {cat.FAILURE_REASON}",
        "status": "failed",
    }


def test_ids_are_case_insensitive(client: httpx.Client) -> None:
    response = client.get(f"/inference/{cat.COLOR_RESULTS_ID.upper()}/results")
    assert response.status_code == 200


@pytest.mark.parametrize("endpoint", ["results", "status"])
def test_missing_key_is_401(anonymous: httpx.Client, endpoint: str) -> None:
    response = anonymous.get(f"/inference/{cat.COLOR_RESULTS_ID}/{endpoint}")
    assert response.status_code == 401
    assert response.json() == {"message": "Missing API key"}


def test_empty_key_is_401(anonymous: httpx.Client) -> None:
    response = anonymous.get(
        f"/inference/{cat.COLOR_RESULTS_ID}/results", headers={"x-vody-api-key": ""}
    )
    assert response.status_code == 401


@pytest.mark.parametrize("key", ["wrong", cat.DEFAULT_API_KEYS[0][:-1], "Ünïcödé"])
def test_unknown_key_is_403(anonymous: httpx.Client, key: str) -> None:
    headers = [(b"x-vody-api-key", key.encode("utf-8"))]
    response = anonymous.get(f"/inference/{cat.COLOR_RESULTS_ID}/results", headers=headers)
    assert response.status_code == 403
    assert response.json() == {"message": "Forbidden"}


@pytest.mark.parametrize("key", [*cat.DEFAULT_API_KEYS, EXTRA_KEY])
def test_accepted_keys(anonymous: httpx.Client, key: str) -> None:
    response = anonymous.get(
        f"/inference/{cat.STATUS_EXAMPLE_ID}/status", headers={"x-vody-api-key": key}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "bad_id",
    [
        "not-a-uuid",
        "0924dcfe",
        "0924dcfea5934e428c7b4fca9a149777",
        "{" + cat.COLOR_RESULTS_ID + "}",
    ],
)
@pytest.mark.parametrize("endpoint", ["results", "status"])
def test_malformed_id_is_400(client: httpx.Client, bad_id: str, endpoint: str) -> None:
    response = client.get(f"/inference/{bad_id}/{endpoint}")
    assert response.status_code == 400
    assert "UUID" in response.json()["message"]


@pytest.mark.parametrize("endpoint", ["results", "status"])
def test_unknown_id_is_404(client: httpx.Client, endpoint: str) -> None:
    response = client.get(f"/inference/{uuid.uuid4()}/{endpoint}")
    assert response.status_code == 404
    assert response.json() == {"message": "Inference not found"}


def test_key_is_checked_before_the_id(anonymous: httpx.Client) -> None:
    assert anonymous.get("/inference/not-a-uuid/results").status_code == 401


def test_unknown_path_and_method_answer_json(client: httpx.Client) -> None:
    missing = client.get("/nothing/here")
    assert missing.status_code == 404
    assert "message" in missing.json()
    wrong_method = client.delete(f"/inference/{cat.COLOR_RESULTS_ID}/results")
    assert wrong_method.status_code == 405
    assert "GET" in wrong_method.headers["allow"]


def test_sandbox_catalogue_endpoint(client: httpx.Client) -> None:
    listed = client.get("/sandbox/catalogue").json()
    assert [row["id"] for row in listed] == [e.inference_id for e in cat.ENTRIES]


def test_index_names_the_key_header(anonymous: httpx.Client) -> None:
    assert anonymous.get("/").json()["key_header"] == "x-vody-api-key"


def test_accept_header_is_not_required(anonymous: httpx.Client) -> None:
    headers = {"x-vody-api-key": HEADERS["x-vody-api-key"]}
    response = anonymous.get(f"/inference/{cat.COLOR_RESULTS_ID}/results", headers=headers)
    assert response.status_code == 200


def test_large_document_generation_does_not_block_other_requests(tmp_path: Path) -> None:
    # --hold-large stops the generation part way until released: requests answered meanwhile
    # were answered while it was being built. Were it built on the server's event loop, the
    # held generation would block the loop and these requests would never be answered.
    with (
        SandboxProcess(["--cache-dir", str(tmp_path), "--hold-large", "--quiet"]) as sandbox,
        httpx.Client(base_url=sandbox.url, headers=HEADERS, timeout=60) as client,
    ):
        wait_for_large_state(client, "held")
        for _ in range(5):
            response = client.get(f"/inference/{cat.COLOR_RESULTS_ID}/results")
            assert response.status_code == 200
            assert response.content == served_bytes(client, cat.COLOR_RESULTS_ID)
        assert large_state(client) == "held"
        assert not cache_path(tmp_path).exists()
        client.post("/sandbox/large/release").raise_for_status()
        large = client.get(f"/inference/{cat.LARGE_ID}/results")
        assert large_state(client) == "ready"
        assert large.status_code == 200
        assert large.content == served_bytes(client, cat.LARGE_ID)  # same bytes as the shared cache
    assert [p.name for p in tmp_path.iterdir()] == [cache_path(tmp_path).name]
