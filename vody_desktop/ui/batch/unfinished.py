"""Finding a batch left unfinished in the history file, for the batch window's offer to resume.

An adapter over batch-core's tables (store/batches.py has no "which batch is unfinished"
query): one read-only SQL query, in a worker thread, that never creates or changes the file.
A batch is unfinished while any of its IDs is queued, fetching or waiting.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from vody_desktop.batch.state import ItemStatus

_NOT_ENDED = tuple(s.value for s in ItemStatus if not s.ended)
_QUERY = f"""
SELECT b.id, b.folder, b.base_url, b.environment, b.options, b.created_at,
       COUNT(*), SUM(i.status NOT IN ({", ".join("?" * len(_NOT_ENDED))}))
FROM batches b JOIN batch_items i ON i.batch_id = b.id
GROUP BY b.id
HAVING SUM(i.status IN ({", ".join("?" * len(_NOT_ENDED))})) > 0
ORDER BY b.updated_at DESC
LIMIT 1
"""  # noqa: S608 (only "?" placeholders are put in)


@dataclass(frozen=True)
class UnfinishedBatch:
    batch_id: int
    folder: Path
    base_url: str
    environment: str
    options: dict[str, object]
    started_at: datetime | None
    total: int
    done: int

    def offer(self) -> str:
        """ "Resume the batch of 200 IDs started at 14:02 (37 done)?"."""
        when = ""
        if self.started_at is not None:
            local = self.started_at.astimezone()
            today = datetime.now().astimezone().date()
            when = local.strftime("%H:%M" if local.date() == today else "%Y-%m-%d %H:%M")
            when = f" started at {when}"
        return (
            f"Resume the batch of {self.total:,} IDs{when} ({self.done:,} done)? "
            f"It is on {self.environment}; its results are in {self.folder}."
        )


def find_unfinished(path: Path) -> UnfinishedBatch | None:
    """The most recently changed unfinished batch in the history file at `path`, if any.
    Blocking: call it in a worker thread. A missing or unreadable file has none."""
    if not path.exists():
        return None
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = db.execute(_QUERY, (*_NOT_ENDED, *_NOT_ENDED)).fetchone()
    except sqlite3.Error:  # no batch tables yet, or a locked file: nothing to offer
        return None
    finally:
        db.close()
    if row is None:
        return None
    batch_id, folder, base_url, environment, options, created_at, total, done = row
    started: datetime | None = None
    with contextlib.suppress(TypeError, ValueError):
        started = datetime.fromisoformat(str(created_at))
    try:
        parsed = json.loads(options)
    except (TypeError, ValueError):
        parsed = {}
    return UnfinishedBatch(
        batch_id=int(batch_id),
        folder=Path(folder),
        base_url=str(base_url),
        environment=str(environment),
        options=parsed if isinstance(parsed, dict) else {},
        started_at=started,
        total=int(total),
        done=int(done or 0),
    )
