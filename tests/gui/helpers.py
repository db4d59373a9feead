"""Shared helpers for the GUI tests (no tests here)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from vody_desktop.lookup import LookupRecord


def record(inference_id: str, **changes: Any) -> LookupRecord:
    """A finished lookup of `inference_id` as the history keeps it; `changes` replace fields."""
    fields: dict[str, Any] = {
        "inference_id": inference_id,
        "environment": "Production",
        "base_url": "https://prod-api.vody.com",
        "started_at": datetime.now(UTC),
        "duration_s": 0.3,
        "http_status": 200,
        "inference_status": "completed",
        "model": "color-classification",
        "item_count": 4,
        "size_bytes": 99,
        "error_title": None,
    }
    fields.update(changes)
    return LookupRecord(**fields)
