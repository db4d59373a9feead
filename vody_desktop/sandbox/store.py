"""Where inferences come from: the catalogue, ``--data`` replays and POSTed submissions.

An inference's state follows from the clock: it is ``in_progress`` until ``finished_at``, then
``completed`` or ``failed``. Nothing runs in the background.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final

from vody_desktop.sandbox import catalogue
from vody_desktop.sandbox.catalogue import FAILURE_REASON, LARGE_ID, Entry, Fault
from vody_desktop.sandbox.classify import COLOR_MODEL, PATTERN_MODEL, classify_items
from vody_desktop.sandbox.status import Status, status_body

MAX_SUBMISSIONS: Final = 10_000
_REPLAY_PARSE_LIMIT: Final = 5_000_000


@dataclass(frozen=True)
class Inference:
    """What the server knows about one inference ID.

    The results body comes from ``content`` (bytes built on demand), ``file`` (served from disk)
    or, for LARGE_ID, the generated cache; faults are handled by ``faults``.
    """

    inference_id: str
    model: str
    created_at: datetime
    finished_at: datetime
    request_item_count: int
    response_item_count: int
    failure: str | None = None
    fault: Fault | None = None
    content: Callable[[], bytes] | None = None
    file: Path | None = None
    large: bool = False

    def status(self, now: datetime) -> Status:
        if now < self.finished_at:
            return "in_progress"
        return "failed" if self.failure is not None else "completed"

    def status_body(self, now: datetime) -> dict[str, str]:
        status = self.status(now)
        running = status == "in_progress"
        return status_body(
            inference_id=self.inference_id,
            created_at=self.created_at,
            updated_at=self.created_at if running else self.finished_at,
            status=status,
            model=self.model,
            response_code={"in_progress": 202, "completed": 200, "failed": 500}[status],
            request_item_count=self.request_item_count,
            response_item_count=0 if status != "completed" else self.response_item_count,
        )


def _from_entry(entry: Entry, started_at: datetime, progress: timedelta) -> Inference:
    created = entry.created_at if entry.created_at is not None else started_at
    duration = progress if entry.kind == "in_progress" else entry.duration
    return Inference(
        inference_id=entry.inference_id,
        model=entry.model,
        created_at=created,
        finished_at=created + duration,
        request_item_count=entry.item_count,
        response_item_count=entry.item_count,
        failure=FAILURE_REASON if entry.kind == "failed" else None,
        fault=entry.fault,
        content=entry.content,
        large=entry.inference_id == LARGE_ID,
    )


def _replay(inference_id: str, path: Path) -> Inference:
    """A completed inference for a saved response; counts and model guessed from the bytes."""
    data = path.read_bytes() if path.stat().st_size <= _REPLAY_PARSE_LIMIT else b""
    count = 1
    try:
        value = json.loads(data)
        if isinstance(value, list):
            count = len(value)
    except (ValueError, RecursionError):
        pass
    if b'"hex_color' in data:
        model = COLOR_MODEL
    elif b'"pattern"' in data:
        model = PATTERN_MODEL
    else:
        model = "replay"
    finished = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return Inference(
        inference_id=inference_id,
        model=model,
        created_at=finished - timedelta(seconds=1),
        finished_at=finished,
        request_item_count=count,
        response_item_count=count,
        file=path,
    )


def _is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


class Inferences:
    """Resolves IDs to inferences and records new submissions."""

    def __init__(
        self,
        *,
        started_at: datetime,
        progress_seconds: float,
        post_seconds: float,
        data_dir: Path | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        prefixes: Mapping[str, str] | None = None,
    ) -> None:
        self.clock = clock
        #: ID prefix -> the catalogue ID whose inference any ID with that prefix is.
        self._prefixes = {p.lower(): i for p, i in (prefixes or {}).items() if p}
        self._started_at = started_at
        self._progress = timedelta(seconds=progress_seconds)
        self._post = timedelta(seconds=post_seconds)
        self._data_dir = data_dir
        self._submitted: dict[str, Inference] = {}

    def get(self, inference_id: str) -> Inference | None:
        """The inference for a canonical (lower-case UUID) ID; ``--data`` files come first."""
        if self._data_dir is not None:
            path = self._data_dir / f"{inference_id}.json"
            if path.is_file():
                return _replay(inference_id, path)
        entry = catalogue.lookup(inference_id)
        if entry is not None:
            return _from_entry(entry, self._started_at, self._progress)
        for prefix, like in self._prefixes.items():
            if inference_id.startswith(prefix):
                model = catalogue.lookup(like)
                assert model is not None
                found = _from_entry(model, self._started_at, self._progress)
                return dataclasses.replace(found, inference_id=inference_id)
        return self._submitted.get(inference_id)

    def submit(self, model: str, items: Sequence[Mapping[str, Any]]) -> Inference:
        """Record a new inference that completes ``post_seconds`` from now.

        It fails if an ``image_path`` is not an http(s) URL, like a model that cannot download.
        """
        now = self.clock()
        bad = next((item["image_path"] for item in items if not _is_url(item["image_path"])), None)
        results = json.dumps(classify_items(model, items), ensure_ascii=False).encode("utf-8")
        inference = Inference(
            inference_id=str(uuid.uuid4()),
            model=model,
            created_at=now,
            finished_at=now + self._post,
            request_item_count=len(items),
            response_item_count=len(items),
            failure=None if bad is None else f"Could not download image {bad}",
            content=lambda: results,
        )
        if len(self._submitted) >= MAX_SUBMISSIONS:
            del self._submitted[next(iter(self._submitted))]
        self._submitted[inference.inference_id] = inference
        return inference
