"""Watching a replaced result leave memory: its nodes still alive, and full collections run.

The app collects garbage only on a timer, mostly the young generation (ui/main_thread_gc.py);
a full collection is rare. So a result that lives a while ends up in the oldest generation,
and if reference cycles kept it, it would stay until that rare full collection. These helpers
put a shown result where it is after a while in the app (`age_everything`) and count the full
collections that run afterwards (`FullCollections`): a replaced result must be gone with none.
"""

from __future__ import annotations

import gc
from types import TracebackType
from typing import Any

from vody_desktop.document.node import JsonNode

OLDEST_GENERATION = 2


def live_roots(*, besides: list[JsonNode] | None = None) -> list[JsonNode]:
    """The root node of every document whose nodes are still in memory (any node alive keeps
    its parents, up to the root, alive), leaving out those in `besides`."""
    known = {id(root) for root in besides or ()}  # alive in `besides`, so no id is reused
    return [
        o
        for o in gc.get_objects()
        if isinstance(o, JsonNode) and o.parent is None and id(o) not in known
    ]


def live_node_count() -> int:
    return sum(isinstance(o, JsonNode) for o in gc.get_objects())


def age_everything() -> None:
    """Move every object alive now into the oldest generation, as the app's timer does to a
    result shown for a while: from there only a full collection could free a cycle."""
    gc.collect()


class FullCollections:
    """Counts the full (oldest generation) collections that start inside the `with` block."""

    def __init__(self) -> None:
        self.count = 0

    def _on_collection(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start" and info["generation"] == OLDEST_GENERATION:
            self.count += 1

    def __enter__(self) -> FullCollections:
        gc.callbacks.append(self._on_collection)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        gc.callbacks.remove(self._on_collection)
