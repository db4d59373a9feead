"""--data DIR replays saved responses byte for byte, with a synthesized status."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx

from tests.sandbox.conftest import HEADERS
from vody_desktop.sandbox import catalogue as cat
from vody_desktop.sandbox.process import SandboxProcess
from vody_desktop.sandbox.status import STATUS_FIELDS

SAVED = b'[\n  {"hex_color": "#FE2934", "note": "caf\xc3\xa9"},\n  {"x": 1e308}\n]\n\n'
NOT_JSON = b"\xff\xfe not json at all"


def test_replays_files_and_synthesizes_status(tmp_path: Path) -> None:
    saved_id = str(uuid.uuid4())
    broken_id = str(uuid.uuid4())
    (tmp_path / f"{saved_id}.json").write_bytes(SAVED)
    (tmp_path / f"{broken_id}.json").write_bytes(NOT_JSON)
    (tmp_path / f"{cat.COLOR_RESULTS_ID}.json").write_bytes(b'{"replayed": true}')
    with (
        SandboxProcess(["--data", str(tmp_path), "--quiet"]) as sandbox,
        httpx.Client(base_url=sandbox.url, headers=HEADERS, timeout=10) as client,
    ):
        response = client.get(f"/inference/{saved_id}/results")
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        assert response.content == SAVED

        status = client.get(f"/inference/{saved_id}/status").json()
        assert tuple(status) == STATUS_FIELDS
        assert status["status"] == "completed"
        assert status["model"] == "color-classification"
        assert status["response_item_count"] == "2"
        assert status["response_time"] == "1.000000"

        assert client.get(f"/inference/{broken_id}/results").content == NOT_JSON
        assert client.get(f"/inference/{broken_id}/status").json()["model"] == "replay"

        # Files in --data win over the catalogue; other catalogue IDs still work.
        assert client.get(f"/inference/{cat.COLOR_RESULTS_ID}/results").json() == {"replayed": True}
        assert client.get(f"/inference/{cat.PATTERN_RESULTS_ID}/results").status_code == 200

        # Files added while running are picked up.
        late_id = str(uuid.uuid4())
        (tmp_path / f"{late_id}.json").write_bytes(b"42")
        assert client.get(f"/inference/{late_id}/results").content == b"42"
        assert client.get(f"/inference/{uuid.uuid4()}/results").status_code == 404
