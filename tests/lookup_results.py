"""Lookup results made in tests, handed to a window the way its controller hands them on."""

from __future__ import annotations

from datetime import UTC, datetime

from vody_desktop.api.environments import SANDBOX_KEY
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.lookup import LookupOutcome, LookupRecord, LookupRequest, LookupResult
from vody_desktop.ui.mainwindow.lookup_controller import opened_result
from vody_desktop.ui.mainwindow.window import MainWindow

INFERENCE_ID = "5a4d0c00-0000-4000-8000-000000000001"
BASE_URL = "http://127.0.0.1:9"


def request_for(inference_id: str = INFERENCE_ID, base_url: str = BASE_URL) -> LookupRequest:
    return LookupRequest.build(
        inference_id=inference_id,
        base_url=base_url,
        environment_key=SANDBOX_KEY,
        environment="Sandbox",
        api_key="test-key",
    )


def show_document(window: MainWindow, document: JsonDocument) -> None:
    """Show `document` as the answer of a finished lookup (every part of the window sees it)."""
    window.lookups.finished.emit(LookupResult(request_for(), document=document))


async def show_outcome(
    window: MainWindow, outcome: LookupOutcome, inference_id: str = INFERENCE_ID
) -> None:
    """Open `outcome` as the controller does (parse off the UI thread) and hand it on."""
    request = request_for(inference_id)
    record = LookupRecord.from_outcome(
        outcome,
        inference_id=inference_id,
        environment=request.environment,
        base_url=request.base_url,
        started_at=datetime.now(UTC),
        duration_s=0.0,
    )
    window.lookups.finished.emit(await opened_result(request, outcome, record))
