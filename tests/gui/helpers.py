"""Shared helpers for the GUI tests (no tests here)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

from tests.conftest import HANG_S, MemoryKeyring
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


class GatedKeyring(MemoryKeyring):
    """An in-memory keychain whose reads wait until `gate` is set (and say when one waits)."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.waiting = threading.Event()
        self.reader_threads: list[str] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.reader_threads.append(threading.current_thread().name)
        self.waiting.set()
        # A bound only so that a broken build fails instead of hanging the suite.
        if not self.gate.wait(HANG_S):
            raise TimeoutError("the test never opened the gate")
        return super().get_password(service, username)


def wait_until_built(qtbot: Any, window: Any) -> None:
    """Wait for the parts a shown window builds after its first paint (docks, find, history),
    as a person who starts clicking a moment after the window appears finds them."""
    qtbot.waitUntil(lambda: window.later.complete, timeout=int(HANG_S * 1000))
