"""The history panel and review mode: an entry whose inference has verdicts says "reviewed 1 of
4", and "Reviewed only" lists just such entries."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QListView

from tests.conftest import HANG_MS, find
from tests.gui.helpers import record
from tests.lookup_results import request_for
from vody_desktop.lookup import LookupRecord, LookupResult
from vody_desktop.store.reviews import ReviewRef, Verdict
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.mainwindow.window import MainWindow

ID_A = "0924dcfe-a593-4e42-8c7b-4fca9a149777"
ID_B = "5a4d0c00-0000-4000-8000-000000000008"


def finish(window: MainWindow, record: LookupRecord) -> None:
    """A lookup that reached the server ends, as the controller reports it."""
    request = request_for(record.inference_id, record.base_url)
    window.lookups.finished.emit(LookupResult(request, record=record))


def open_window(qtbot: Any) -> MainWindow:
    window = MainWindow(AppSettings())
    qtbot.addWidget(window)
    window.show()
    return window


def rows(window: MainWindow) -> list[str]:
    view = find(window, QListView, "historyList")
    model = view.model()
    return [str(model.index(r, 0).data()) for r in range(model.rowCount())]


def _give_verdict(window: MainWindow, base_url: str, inference_id: str) -> None:
    """One verdict kept through the history's worker, as the Items table keeps it."""
    window.history.worker.submit_review(
        lambda store: store.set_verdict(
            ReviewRef(base_url, inference_id),
            "https://example.com/a.png",
            Verdict.WRONG,
            environment="Production",
            key_field="image_path",
            reviewer="tester",
            fingerprint="f",
        )
    )
    window.history.worker.wait_idle()


def test_reviewed_entries_say_how_far_and_can_be_listed_alone(qtbot: Any) -> None:
    window = open_window(qtbot)
    reviewed, other = record(ID_A), record(ID_B)
    finish(window, other)
    finish(window, reviewed)
    qtbot.waitUntil(lambda: len(rows(window)) == 2, timeout=HANG_MS)
    _give_verdict(window, reviewed.base_url, reviewed.inference_id)
    window.history.panel.refresh()
    qtbot.waitUntil(lambda: "reviewed 1 of 4" in " ".join(rows(window)), timeout=HANG_MS)
    shown = {row.split("\n")[0]: row for row in rows(window)}
    assert "Completed · 4 items · reviewed 1 of 4" in shown[ID_A]
    assert "reviewed" not in shown[ID_B]

    find(window, QCheckBox, "historyReviewedCheck").setChecked(True)
    qtbot.waitUntil(lambda: len(rows(window)) == 1, timeout=HANG_MS)
    assert rows(window)[0].startswith(ID_A)
    list_view = find(window, QListView, "historyList")
    text = list_view.model().index(0, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "reviewed 1 of 4" in str(text)

    find(window, QCheckBox, "historyReviewedCheck").setChecked(False)
    qtbot.waitUntil(lambda: len(rows(window)) == 2, timeout=HANG_MS)
    assert find(window, QLabel, "historyStateLabel").text() == ""
