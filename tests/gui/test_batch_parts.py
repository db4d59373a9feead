"""The batch window's parts without a server: the table model (qtmodeltester, repaints in
batches, the countdown), the count of pasted IDs, and a .csv file's column chooser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from tests.conftest import wait_for
from vody_desktop.batch.state import ItemState, ItemStatus
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.batch.id_input import IdInput, count_ids, count_words
from vody_desktop.ui.batch.table_model import STATUS_COLUMN, BatchTableModel, countdown
from vody_desktop.ui.widgets.message_area import MessageArea

A = "0924dcfe-a593-4e42-8c7b-4fca9a149777"
B = "5a4d0c00-0000-4000-8000-000000000001"
C = "5a4d0c00-0000-4000-8000-000000000003"


def ids(count: int) -> list[str]:
    return [f"ba7c{n:04x}-0000-4000-8000-{n:012x}" for n in range(count)]


def test_model_passes_qtmodeltester_while_rows_change(qtmodeltester: Any, qtbot: Any) -> None:
    model = BatchTableModel()
    model.set_items(ItemState(iid, n) for n, iid in enumerate(ids(50)))
    qtmodeltester.check(model, force_py=True)
    model.update(
        ItemState(ids(50)[3], 3, ItemStatus.COMPLETED, 200, "color-classification", 4, 2048, 0.25)
    )
    model.flush()
    qtmodeltester.check(model, force_py=True)


def test_a_row_reads_as_a_person_would_say_it(qtbot: Any) -> None:
    model = BatchTableModel()
    done = ItemState(A, 0, ItemStatus.COMPLETED, 200, "color-classification", 1200, 25 * 2**20, 3.4)
    model.set_items([done, ItemState(B, 1, ItemStatus.NOT_FOUND, 404, message="Not found")])
    row = [model.data(model.index(0, column)) for column in range(7)]
    assert row == [A, "✓ completed", "color-classification", "1,200", "25 MB", "3.4 s", ""]
    assert model.data(model.index(1, STATUS_COLUMN)) == "? not found"
    assert model.data(model.index(1, 6), Qt.ItemDataRole.ToolTipRole) == "Not found"


def test_many_changes_repaint_once_per_run_of_neighbouring_rows(qtbot: Any) -> None:
    model = BatchTableModel()
    everything = ids(1000)
    model.set_items(ItemState(iid, n) for n, iid in enumerate(everything))
    changes: list[tuple[int, int]] = []
    model.dataChanged.connect(
        lambda top, bottom, _roles=(): changes.append((top.row(), bottom.row()))
    )
    for row in [*range(100, 400), *range(700, 710)]:
        model.update(ItemState(everything[row], row, ItemStatus.FETCHING))
    assert changes == []  # nothing repainted per event
    qtbot.waitUntil(lambda: bool(changes))
    assert changes == [(100, 399), (700, 709)]
    assert model.data(model.index(250, STATUS_COLUMN)) == "↓ fetching"


def test_waiting_rows_count_down(qtbot: Any) -> None:
    now = [100.0]
    model = BatchTableModel(clock=lambda: now[0])
    model.set_items([ItemState(A, 0, ItemStatus.WAITING)])
    model.wait_for(12.0)
    assert model.data(model.index(0, STATUS_COLUMN)) == "‖ waiting 0:12"
    now[0] += 7.2
    assert model.data(model.index(0, STATUS_COLUMN)) == "‖ waiting 0:05"
    now[0] += 5.0  # its turn has come: no "0:00" left standing
    assert model.data(model.index(0, STATUS_COLUMN)) == "‖ waiting"
    assert countdown(65) == "1:05"


def test_pasted_text_is_counted_with_the_repeats_dropped(qtbot: Any) -> None:
    assert count_ids(f"{A} x {B}, {A.upper()} {{{C}}} {A.replace('-', '')}") == ([A, B, C], 2)
    assert count_words(0, 0) == "No inference IDs yet"
    assert count_words(1, 0) == "1 ID found"
    assert count_words(200, 3) == "200 IDs found, 3 repeated ones dropped"
    box = IdInput(AppSettings(), MessageArea())
    qtbot.addWidget(box)
    box.text_edit.setPlainText(f"ticket 1: {A}\nticket 2: {B} and {A}")
    qtbot.waitUntil(lambda: box.count_label.text() == "2 IDs found, 1 repeated one dropped")
    assert box.ids() == [A, B]


def test_a_csv_file_offers_its_columns_with_the_guess_chosen(
    qtbot: Any, run_async: Any, tmp_path: Path
) -> None:
    path = tmp_path / "day.csv"
    path.write_text(f"customer,inference\nacme {A},{B}\nacme,{C}\n", encoding="utf-8")
    messages = MessageArea()
    box = IdInput(AppSettings(), messages)
    qtbot.addWidget(box)
    box.show()

    async def load() -> None:
        box.load_file(path)
        await wait_for(lambda: box.ids() == [B, C], what="the guessed column's IDs")
        assert box.column_combo.isVisible()
        assert box.column_combo.currentText() == "inference (2 IDs)"
        box.column_combo.setCurrentIndex(0)
        box.column_combo.activated.emit(0)
        await wait_for(lambda: box.ids() == [A], what="the first column's IDs")

    run_async(load())
    assert box.count_label.text() == "1 ID found"
    assert messages.title() == ""
