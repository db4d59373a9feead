"""A large result is checked while it arrives, through the real window and the sandbox: after
the last byte nothing is left to check, and the tree holds every member as served."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from tests.e2e.helpers import fetch_tree
from vody_desktop.document import json_document, slices
from vody_desktop.sandbox import catalogue
from vody_desktop.ui.mainwindow.window import MainWindow

pytestmark = pytest.mark.e2e


def test_a_large_result_is_checked_while_it_arrives_not_after_its_last_byte(
    qtbot: Any, window: MainWindow, run_async: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The 25 MB catalogue result counts as large here (the 250 MB one would slow the suite).
    monkeypatch.setattr(slices, "SLICED_MIN_BYTES", 1 << 20)
    checked_after: list[int] = []
    check_whole = slices.sliced_members

    def sliced_members(body: memoryview) -> slices.SlicedMembers | None:
        checked_after.append(len(body))
        return check_whole(body)

    monkeypatch.setattr(json_document, "sliced_members", sliced_members)

    async def scenario() -> None:
        await fetch_tree(qtbot, window, catalogue.LARGE_ID)
        document = window.results.document
        assert document is not None
        served = msgspec.json.decode(
            catalogue.results_bytes(catalogue.LARGE_ID), type=list[msgspec.Raw]
        )
        root = document.root
        assert root.child_count == len(served)
        for row in (0, len(served) // 2, len(served) - 1):
            assert bytes(root.child(row).raw) == bytes(served[row])
        assert window.results.model.rowCount() > 0
        assert checked_after == []  # the slices were checked while the body arrived

    run_async(scenario())
