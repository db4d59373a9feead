"""The status body, in the exact shape of the reference's example: every value is a string."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Final, Literal

from vody_desktop.api.examples import STATUS_EXAMPLE

Status = Literal["in_progress", "completed", "failed"]

#: The fields, in the order of the reference's example.
STATUS_FIELDS: Final = tuple(STATUS_EXAMPLE)


def format_timestamp(moment: datetime) -> str:
    """ISO 8601 with microseconds and offset, like ``2023-08-12T17:22:55.882273+00:00``."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def format_duration(duration: timedelta) -> str:
    """Seconds with six decimals, computed exactly from microseconds (``2.613686``)."""
    micros = (duration.days * 86_400 + duration.seconds) * 1_000_000 + duration.microseconds
    sign = "-" if micros < 0 else ""
    micros = abs(micros)
    return f"{sign}{micros // 1_000_000}.{micros % 1_000_000:06d}"


def status_body(
    *,
    inference_id: str,
    created_at: datetime,
    updated_at: datetime,
    status: Status,
    model: str,
    response_code: int,
    request_item_count: int,
    response_item_count: int,
) -> dict[str, str]:
    """A status body; ``response_time`` is ``updated_at - created_at``."""
    return {
        "id": inference_id,
        "created_at": format_timestamp(created_at),
        "updated_at": format_timestamp(updated_at),
        "status": status,
        "model": model,
        "response_code": str(response_code),
        "request_item_count": str(request_item_count),
        "response_item_count": str(response_item_count),
        "response_time": format_duration(updated_at - created_at),
    }
