"""How long history work takes as the history grows (printed, never asserted).

Adding one lookup (a transaction in WAL mode) and searching N rows, against a baseline measured
in the same run: an empty search of a 100-row history. Run: `.venv/bin/python
benchmarks/history_store.py`. The window runs all of this on the history worker thread anyway;
the numbers say whether a person would wait for the list.
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from vody_desktop.lookup import LookupRecord
from vody_desktop.store.history import HistoryStore


def _record(n: int) -> LookupRecord:
    return LookupRecord(
        inference_id=f"{n:08x}-a593-4e42-8c7b-4fca9a149777",
        environment="Production",
        base_url="https://prod-api.vody.com",
        started_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=n),
        duration_s=0.3,
        http_status=200,
        inference_status="completed",
        model=f"model-{n % 17}",
        item_count=n % 50,
        size_bytes=1000 + n,
        error_title=None,
    )


def _best_ms(action: object, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return best * 1000


def main() -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        HistoryStore(Path(folder) / "h.sqlite3") as store,
    ):
        for n in range(100):
            store.add(_record(n))
        baseline = _best_ms(lambda: store.search(""))
        print(f"baseline: list 100 rows {baseline:.2f} ms")
        print(f"add one lookup: {_best_ms(lambda: store.add(_record(7)), 50):.3f} ms")
        size = 100
        for target in (10_000, 100_000):
            with store._transaction() as db:
                for n in range(size, target):
                    r = _record(n)
                    db.execute(
                        "INSERT INTO lookups (inference_id, environment, base_url, started_at,"
                        " duration_s, http_status, inference_status, model, item_count,"
                        " size_bytes, error_title) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            r.inference_id,
                            r.environment,
                            r.base_url,
                            r.started_at.isoformat(),
                            r.duration_s,
                            r.http_status,
                            r.inference_status,
                            r.model,
                            r.item_count,
                            r.size_bytes,
                            r.error_title,
                        ),
                    )
            size = target
            newest = _best_ms(lambda: store.search(""))
            word = _best_ms(lambda: store.search("model-3 completed"))
            nothing = _best_ms(lambda: store.search("no-such-thing"), 3)
            print(
                f"{size:>7} rows: newest 500 {newest:.1f} ms ({newest / baseline:.1f}x), "
                f"two-word search {word:.1f} ms ({word / baseline:.1f}x), "
                f"search matching nothing {nothing:.1f} ms ({nothing / baseline:.1f}x)"
            )


if __name__ == "__main__":
    main()
