"""One lookup of an inference: its status and its results, asked for at the same time.

Qt-free, so the window and (later) the command line share it. Expected failures come back as
`UserFacingError`s in the outcome; cancellation propagates.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from vody_desktop.api.client import ProgressCallback, VodyClient
from vody_desktop.api.models import InferenceStatus, ResultsBody
from vody_desktop.errors import UserFacingError


@dataclass(frozen=True)
class LookupOutcome:
    """What came back for each of the two requests: a value or the error that replaced it."""

    status: InferenceStatus | None
    status_error: UserFacingError | None
    results: ResultsBody | None
    results_error: UserFacingError | None


async def look_up(
    client: VodyClient, inference_id: str, on_progress: ProgressCallback | None = None
) -> LookupOutcome:
    """Ask for the status and the results of one inference concurrently."""
    status_task = asyncio.ensure_future(client.status(inference_id))
    results_task = asyncio.ensure_future(client.results(inference_id, on_progress))
    try:
        await asyncio.wait({status_task, results_task})
    finally:
        for task in (status_task, results_task):
            task.cancel()
    status_error = _expected_error(status_task)
    results_error = _expected_error(results_task)
    return LookupOutcome(
        status=None if status_error else status_task.result(),
        status_error=status_error,
        results=None if results_error else results_task.result(),
        results_error=results_error,
    )


def _expected_error(task: asyncio.Future[Any]) -> UserFacingError | None:
    """The task's expected failure, if any; anything else is a bug and is raised."""
    error = task.exception()
    if error is None or isinstance(error, UserFacingError):
        return error
    raise error
