"""The real window against the sandbox: a looked-up result leaves memory as soon as the next
lookup starts (the next result must never sit under an old ID), without a full collection."""

from __future__ import annotations

import gc
import weakref
from typing import Any

import pytest

from tests.e2e.helpers import fetch_tree
from tests.replaced_results import FullCollections, age_everything, live_node_count, live_roots
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.node import JsonNode
from vody_desktop.lookup import LookupRequest
from vody_desktop.sandbox import catalogue
from vody_desktop.ui.mainwindow.window import MainWindow

pytestmark = pytest.mark.e2e


def test_lookup_frees_the_result_it_replaces(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    gc.collect()  # earlier tests' garbage out of the way
    earlier = live_roots()
    seen_at_start: list[tuple[JsonDocument | None, list[JsonNode]]] = []

    async def scenario() -> weakref.ref[JsonDocument]:
        await fetch_tree(qtbot, window, catalogue.COLOR_RESULTS_ID)  # opens expanded: nodes
        first = window.results.document
        assert first is not None
        return weakref.ref(first)

    first_gone = run_async(scenario())
    assert live_node_count() > 20  # the opened branches: nodes that point at their parents
    age_everything()  # as after a while in the app (see tests/replaced_results.py)
    assert first_gone() is not None

    def on_lookup_started(_request: LookupRequest) -> None:
        # Connected after the presenter: the old result has just left the screen.
        seen_at_start.append((first_gone(), live_roots(besides=earlier)))

    window.lookups.started.connect(on_lookup_started)

    async def second_lookup() -> None:
        await fetch_tree(qtbot, window, catalogue.PATTERN_RESULTS_ID)

    with FullCollections() as full:
        run_async(second_lookup())
        shown = window.results.document
        assert shown is not None
        assert first_gone() is None
        assert live_roots(besides=earlier) == [shown.root]
    assert seen_at_start == [(None, [])]  # gone when the lookup started, not when it ended
    assert full.count == 0
