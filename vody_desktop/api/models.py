"""What the API layer hands back: the status of an inference and the raw bytes of its results.

The reference sends every status value as a string ("2", "2.613686"), and the real service may
send anything, so parsing is defensive: a value that is missing or odd becomes None.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

_UNKNOWN_STATUS = "unknown"


@dataclass(frozen=True)
class InferenceStatus:
    """The progress and outcome of one inference, as `/inference/{id}/status` reports it."""

    inference_id: str
    status: str  # "in_progress" | "completed" | "failed" | whatever the server said
    model: str | None
    created_at: datetime | None  # timezone-aware
    updated_at: datetime | None
    request_item_count: int | None
    response_item_count: int | None
    response_time_s: float | None
    response_code: str | None

    @classmethod
    def from_json(cls, data: object, fallback_id: str) -> InferenceStatus:
        """Read a decoded status body; never raises, whatever the values look like."""
        fields: Mapping[object, object] = data if isinstance(data, Mapping) else {}
        return cls(
            inference_id=_text(fields.get("id")) or fallback_id,
            status=_text(fields.get("status")) or _UNKNOWN_STATUS,
            model=_text(fields.get("model")),
            created_at=_timestamp(fields.get("created_at")),
            updated_at=_timestamp(fields.get("updated_at")),
            request_item_count=_count(fields.get("request_item_count")),
            response_item_count=_count(fields.get("response_item_count")),
            response_time_s=_seconds(fields.get("response_time")),
            response_code=_code(fields.get("response_code")),
        )


@dataclass(frozen=True)
class ResultsBody:
    """The undecoded body of a successful `/inference/{id}/results` answer."""

    body: bytes
    content_type: str
    status_code: int
    elapsed_s: float
    url: str  # the address that answered; never holds the key (it travels in a header)

    def __repr__(self) -> str:
        # The body can be hundreds of megabytes: keep reprs (logs, debuggers) short.
        return (
            f"ResultsBody(size={len(self.body)}, content_type={self.content_type!r}, "
            f"status_code={self.status_code}, elapsed_s={self.elapsed_s:.3f}, url={self.url!r})"
        )


def _text(value: object) -> str | None:
    if isinstance(value, str):
        stripped = value.strip()
        return stripped or None
    return None


def _code(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    return _text(value)


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _count(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value >= 0 else None
    number = _number(value)
    if number is None or number < 0 or not number.is_integer():
        return None
    return int(number)


def _seconds(value: object) -> float | None:
    number = _number(value)
    return number if number is not None and number >= 0 else None


def _timestamp(value: object) -> datetime | None:
    """An ISO 8601 text (naive means UTC) or Unix seconds, as an aware datetime."""
    try:
        if isinstance(value, str):
            parsed = datetime.fromisoformat(value.strip())
            return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
        number = _number(value)
        if number is not None:
            return datetime.fromtimestamp(number, tz=UTC)
    except (ValueError, OverflowError, OSError):
        pass
    return None
