"""What the sandbox was asked, counted: requests per inference ID and path, answers per status.

Tests of batch lookups read it (`GET /sandbox/requests`) to check that nothing was fetched
twice after a resume, and benchmarks to count the 429s the server sent.
"""

from __future__ import annotations

from collections import Counter
from typing import Any


class RequestCounter:
    def __init__(self) -> None:
        self.results: Counter[str] = Counter()
        self.status: Counter[str] = Counter()
        self.answers: Counter[int] = Counter()

    def count(self, kind: str, inference_id: str, status_code: int) -> None:
        counter = self.results if kind == "results" else self.status
        counter[inference_id.lower()] += 1
        self.answers[status_code] += 1

    def as_json(self) -> dict[str, Any]:
        return {
            "results": dict(self.results),
            "status": dict(self.status),
            "answers": {str(code): n for code, n in sorted(self.answers.items())},
        }

    def reset(self) -> None:
        self.results.clear()
        self.status.clear()
        self.answers.clear()
