"""The history panel: lookups appear, can be searched, annotated, deleted and cleared;
a damaged or locked database gives a message and the window keeps working; a history from
a newer version is left exactly as it is, with a notice."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLineEdit, QListView, QMessageBox, QPushButton

from tests.conftest import HANG_MS, find
from tests.gui.helpers import record
from tests.lookup_results import request_for
from vody_desktop import app
from vody_desktop.lookup import LookupRecord, LookupResult
from vody_desktop.store.history import DATABASE_NAME, HistoryStore
from vody_desktop.store.paths import data_dir
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


def test_lookups_appear_newest_first_and_can_be_searched(qtbot: Any) -> None:
    window = open_window(qtbot)
    finish(window, record(ID_A))
    finish(
        window,
        record(
            ID_B,
            http_status=404,
            inference_status=None,
            model=None,
            error_title="No such inference",
        ),
    )
    qtbot.waitUntil(lambda: len(rows(window)) == 2, timeout=HANG_MS)
    shown = rows(window)
    assert shown[0].startswith(ID_B + "\n")
    assert "Production · No such inference" in shown[0]
    assert "Completed · 4 items" in shown[1]

    find(window, QLineEdit, "historySearchEdit").setText("color")
    qtbot.waitUntil(lambda: len(rows(window)) == 1, timeout=HANG_MS)
    assert rows(window)[0].startswith(ID_A)


def test_note_delete_and_clear_all(qtbot: Any) -> None:
    window = open_window(qtbot)
    panel = window.history.panel
    for inference_id in (ID_A, ID_B):
        finish(window, record(inference_id))
    qtbot.waitUntil(lambda: len(rows(window)) == 2, timeout=HANG_MS)

    panel.list_view.setCurrentIndex(panel.model.index(1, 0))
    entry = panel.current_entry()
    assert entry is not None
    panel.set_note(entry, "asked by Dana")
    qtbot.waitUntil(lambda: "“asked by Dana”" in rows(window)[1], timeout=HANG_MS)

    panel.list_view.setCurrentIndex(panel.model.index(0, 0))
    find(window, QPushButton, "historyDeleteButton").click()
    qtbot.waitUntil(lambda: len(rows(window)) == 1, timeout=HANG_MS)
    assert rows(window)[0].startswith(ID_A)

    find(window, QPushButton, "historyClearButton").click()
    box = find(window, QMessageBox, "historyClearDialog")
    assert box.text() == "Remove every lookup from the history?"
    clear = next(b for b in box.buttons() if b.text() == "Clear all")
    clear.click()
    qtbot.waitUntil(lambda: rows(window) == [], timeout=HANG_MS)
    assert panel.state_label.text() == "Lookups you make appear here."
    window.close()
    with HistoryStore(data_dir() / DATABASE_NAME) as store:
        assert store.search() == []


def test_reopen_fetches_again_in_the_same_environment(qtbot: Any, monkeypatch: Any) -> None:
    window = open_window(qtbot)
    started: list[str] = []
    monkeypatch.setattr(window, "start_lookup", lambda text=None: started.append(text))
    finish(window, record(ID_A, base_url="https://dev-api.vody.com"))
    qtbot.waitUntil(lambda: len(rows(window)) == 1, timeout=HANG_MS)
    panel = window.history.panel
    panel.list_view.setCurrentIndex(panel.model.index(0, 0))
    find(window, QPushButton, "historyReopenButton").click()
    assert started == [ID_A]
    assert window.form.environment_key() == "dev"


def test_a_damaged_history_is_replaced_with_a_message(qtbot: Any) -> None:
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / DATABASE_NAME).write_bytes(b"garbage" * 500)
    window = open_window(qtbot)
    qtbot.waitUntil(lambda: window.messages.isVisible(), timeout=HANG_MS)
    assert window.messages.title() == "The lookup history was damaged, so a new one was started"
    finish(window, record(ID_A))
    qtbot.waitUntil(lambda: len(rows(window)) == 1, timeout=HANG_MS)


def test_a_locked_history_is_switched_off_and_lookups_still_work(qtbot: Any) -> None:
    path = data_dir() / DATABASE_NAME
    HistoryStore(path).close()
    with closing(sqlite3.connect(path, isolation_level=None)) as holder:
        holder.execute("BEGIN EXCLUSIVE")
        try:
            window = open_window(qtbot)
            qtbot.waitUntil(lambda: window.messages.isVisible(), timeout=HANG_MS)
            assert window.messages.title() == "The lookup history is in use by another program"
            assert window.messages.advice().startswith("Lookups still work")
            finish(window, record(ID_A))  # ignored, no error
            assert not find(window, QLineEdit, "historySearchEdit").isEnabled()
            assert rows(window) == []
        finally:
            holder.execute("ROLLBACK")


def history_files(folder: Path) -> dict[str, tuple[bytes, int]]:
    """The history file and anything beside it (-wal, -shm, .damaged-…): bytes and mtime."""
    return {
        p.name: (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
        if p.name.startswith(DATABASE_NAME)
    }


def test_a_history_from_a_newer_version_is_left_as_it_is_with_a_notice(qtbot: Any) -> None:
    path = data_dir() / DATABASE_NAME
    with HistoryStore(path) as store:
        store.add(record(ID_A))
    with closing(sqlite3.connect(path, isolation_level=None)) as newer_app:
        newer_app.execute("PRAGMA user_version=2")
    before = history_files(path.parent)
    assert list(before) == [DATABASE_NAME]

    window = app.build_window(app.parse_args([]), None)  # as the app starts
    qtbot.addWidget(window)
    window.show()
    notice = "This history was written by a newer Vody Desktop"
    qtbot.waitUntil(lambda: window.messages.title() == notice)
    assert window.messages.isVisible()
    assert window.messages.kind == "info"
    assert "use the newer Vody Desktop" in window.messages.advice()
    panel = window.history.panel
    assert panel.state_label.text().startswith(notice + ".")
    assert not panel.search_edit.isEnabled()
    assert rows(window) == []
    finish(window, record(ID_B))  # not added to that history
    window.close()

    assert history_files(path.parent) == before
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT inference_id FROM lookups").fetchall() == [(ID_A,)]
