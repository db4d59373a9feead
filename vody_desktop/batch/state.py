"""What a batch knows about each ID, and the totals a progress line shows."""

from __future__ import annotations

import enum
import math
from collections.abc import Collection
from dataclasses import dataclass, replace


class ItemStatus(enum.StrEnum):
    """Where one ID stands. The values are what summary.csv and the database keep."""

    QUEUED = "queued"
    FETCHING = "fetching"
    WAITING = "waiting"  # the whole batch waits for the server's limit (with a countdown)
    COMPLETED = "completed"
    RUNNING = "still running"  # the inference has not finished; no results yet
    FAILED = "failed"  # the inference failed; it has no results
    NOT_FOUND = "not found"
    ERROR = "error"  # no answer we could use (network, server error, unreadable results)

    @property
    def final(self) -> bool:
        """An answer the server gave about the inference itself: not asked again on resume."""
        return self in (ItemStatus.COMPLETED, ItemStatus.FAILED, ItemStatus.NOT_FOUND)

    @property
    def has_results(self) -> bool:
        return self is ItemStatus.COMPLETED

    @property
    def ended(self) -> bool:
        """Nothing more will happen to it in this run (unless retried)."""
        return self.final or self in (ItemStatus.RUNNING, ItemStatus.ERROR)


@dataclass(frozen=True)
class ItemState:
    """One row of the batch: one ID and what came of it (never the key, never the result)."""

    inference_id: str
    position: int
    status: ItemStatus = ItemStatus.QUEUED
    http_status: int | None = None
    model: str | None = None
    items: int | None = None
    size_bytes: int | None = None
    duration_s: float | None = None
    file: str = ""
    message: str = ""

    def but(self, **changes: object) -> ItemState:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Totals:
    """Counts over the whole batch, and an estimate of the time left."""

    total: int
    done: int  # ended in this run or an earlier one
    completed: int
    errors: int  # error, failed, not found, still running: every ended ID without results
    seconds_left: float | None

    def line(self) -> str:
        """ "37 of 200 · 2 errors · about 1 min left"."""
        parts = [f"{self.done:,} of {self.total:,}"]
        if self.errors:
            parts.append(f"{self.errors:,} error" + ("" if self.errors == 1 else "s"))
        if self.done < self.total and self.seconds_left is not None:
            parts.append(f"about {time_left(self.seconds_left)} left")
        return " · ".join(parts)


def time_left(seconds: float) -> str:
    """Rounded for a person: "10 s", "1 min", "12 min", "2 h 5 min"."""
    if seconds < 60:
        return f"{max(5, math.ceil(seconds / 5) * 5)} s"
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def totals_of(
    items: list[ItemState], seconds_per_item: float | None, polled: Collection[str] = ()
) -> Totals:
    """`polled`: IDs still running that the batch waits for (not done yet)."""
    done = sum(1 for item in items if item.status.ended and item.inference_id not in polled)
    completed = sum(1 for item in items if item.status.has_results)
    left = len(items) - done
    return Totals(
        total=len(items),
        done=done,
        completed=completed,
        errors=done - completed,
        seconds_left=None if seconds_per_item is None else left * seconds_per_item,
    )
