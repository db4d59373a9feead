"""Opening a saved result (menu, drop, argument) and exporting it in each format."""

from __future__ import annotations

import csv
import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6 import __version_info__ as pyside_version
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QPushButton

from tests.conftest import HANG_S, add_window, find, wait_for
from tests.lookup_results import request_for
from vody_desktop import app
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.files import result_files
from vody_desktop.ui.files.export_progress import ExportProgress
from vody_desktop.ui.mainwindow.window import MainWindow

SAVED = [
    {"id": 1, "colors": [{"hex": "#FF0000", "score": 0.50}], "note": "=1+1"},
    {"id": 2, "colors": [{"hex": "#00FF00", "score": 1.0e2}]},
]
SAVED_BYTES = json.dumps(SAVED, indent=1).replace("100.0", "1.0E+2").encode()


@pytest.fixture
def window(qtbot: Any, run_async: Any) -> MainWindow:
    main_window = MainWindow(AppSettings())
    add_window(qtbot, main_window, run_async)
    main_window.show()
    return main_window


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "saved result.json"
    path.write_bytes(SAVED_BYTES)
    return path


def drag_enter_event(point: QPointF, mime: QMimeData) -> QDragEnterEvent:
    """A drag of `mime` entering at `point`, built with the constructor this PySide6 offers.

    PySide6 6.12 deprecates the QPoint constructor (a DeprecationWarning, an error under our
    pytest settings) for a QPointF one that 6.11, our pin on Python 3.11, does not have.
    """
    position = point if pyside_version >= (6, 12) else point.toPoint()
    make: Any = QDragEnterEvent  # each version's type stubs know only one of the two
    event: QDragEnterEvent = make(
        position, Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    return event


def top_keys(window: MainWindow) -> list[str]:
    model = window.results.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


async def opened(window: MainWindow, name: str) -> None:
    label = find(window, QLabel, "sourceLabel")
    await wait_for(lambda: window.results.model.rowCount() > 0, what="the tree")
    assert label.isVisible()
    assert label.text().startswith(f"Opened from file: {name}")
    assert "opened from file" in window.windowTitle()
    assert not window.summary.isVisible()
    assert window.action_set["file.export"].isEnabled()


def dialog(window: MainWindow, name: str) -> QFileDialog:
    found = window.findChild(QFileDialog, name)
    assert found is not None
    assert found.isVisible()
    return found


def test_file_open_menu_shows_the_saved_result(
    window: MainWindow, run_async: Any, saved: Path
) -> None:
    async def scenario() -> None:
        assert window.action_set["file.open"].shortcut().toString() == "Ctrl+O"
        assert window.menus["file"].actions()[0] is window.action_set["file.open"]
        window.action_set["file.open"].trigger()
        chooser = dialog(window, "openDialog")
        chooser.selectFile(str(saved))
        chooser.accept()
        await opened(window, saved.name)
        assert top_keys(window) == ["0", "1"]

    run_async(scenario())


def test_dropping_a_file_on_the_window_opens_it(
    window: MainWindow, run_async: Any, saved: Path
) -> None:
    async def scenario() -> None:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(saved))])
        point = QPointF(50, 50)
        enter = drag_enter_event(point, mime)
        QApplication.sendEvent(window, enter)
        assert enter.isAccepted()
        drop = QDropEvent(
            point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        )  # fmt: skip
        QApplication.sendEvent(window, drop)
        assert drop.isAccepted()
        await opened(window, saved.name)

    run_async(scenario())


def test_a_dragged_text_is_not_taken_for_a_file(window: MainWindow) -> None:
    mime = QMimeData()
    mime.setText("hello")
    enter = drag_enter_event(QPointF(5, 5), mime)
    enter.ignore()
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()


def test_command_line_argument_opens_a_file_or_looks_up_an_id(
    window: MainWindow, run_async: Any, saved: Path
) -> None:
    async def scenario() -> None:
        assert app.parse_args([str(saved)]).inference_id == str(saved)
        app.act_on_argument(window, str(saved))
        await opened(window, saved.name)
        app.act_on_argument(window, "0924dcfe-a593-4e42-8c7b-4fca9a149777")
        # It was taken as an ID: once the (empty) keychain has answered, a key is asked for.
        await wait_for(lambda: window.messages.title() == "Enter your API key", what="the ask")

    run_async(scenario())


def test_a_file_that_is_not_json_is_shown_as_text_with_a_message(
    window: MainWindow, run_async: Any, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_bytes(b'{"a": [1, 2')

    async def scenario() -> None:
        window.open_file(str(broken))
        await wait_for(lambda: window.messages.kind == "error", what="the message")
        assert window.messages.title() == "This file is not valid JSON"
        assert "Raw JSON tab" in window.messages.advice()
        assert window.results.raw_view.toPlainText() == '{"a": [1, 2'
        assert window.results.model.rowCount() == 0
        assert not window.action_set["file.export"].isEnabled()
        assert find(window, QLabel, "sourceLabel").text().startswith("Opened from file: broken")

    run_async(scenario())


def test_a_missing_file_is_explained(window: MainWindow, run_async: Any, tmp_path: Path) -> None:
    async def scenario() -> None:
        window.open_file(str(tmp_path / "gone.json"))
        await wait_for(lambda: window.messages.kind == "error", what="the message")
        assert window.messages.title() == "That file doesn't exist"

    run_async(scenario())


def test_export_dialog_offers_each_format_and_remembers_the_last(
    window: MainWindow, run_async: Any, saved: Path, tmp_path: Path
) -> None:
    async def scenario() -> None:
        window.open_file(str(saved))
        await opened(window, saved.name)
        # From the Tree tab: the whole result (on the Items tab a CSV holds the rows shown).
        window.action_set.trigger("view.tree")
        window.action_set.trigger("file.export")
        saver = dialog(window, "exportDialog")
        assert saver.nameFilters() == [
            "Pretty JSON (*.json)",
            "Compact JSON (*.json)",
            "CSV for spreadsheets (*.csv)",
            "Ticket report (Markdown) (*.md)",
            "All files (*)",
        ]
        assert saver.selectedNameFilter() == "Pretty JSON (*.json)"
        assert saver.selectedFiles()[0].endswith("saved result.json")
        saver.selectNameFilter("CSV for spreadsheets (*.csv)")
        saver.filterSelected.emit("CSV for spreadsheets (*.csv)")  # as a click on the filter
        assert saver.defaultSuffix() == "csv"
        target = tmp_path / "sheet.csv"
        saver.selectFile(str(target))
        saver.accept()
        await wait_for(lambda: window.messages.title() == "Saved to sheet.csv", what="the export")
        rows = list(csv.reader(io.StringIO(target.read_text("utf-8-sig"), newline="")))
        assert rows == [
            ["id", "colors.0.hex", "colors.0.score", "note"],
            ["1", "#FF0000", "0.5", "'=1+1"],
            ["2", "#00FF00", "1.0E+2", ""],
        ]
        window.action_set.trigger("file.export")
        again = dialog(window, "exportDialog")
        assert again.selectedNameFilter() == "CSV for spreadsheets (*.csv)"
        assert Path(again.directory().absolutePath()) == tmp_path
        assert again.selectedFiles()[0].endswith("saved result.csv")
        again.reject()

    run_async(scenario())


def test_export_selection_writes_only_the_selected_value(
    window: MainWindow, run_async: Any, saved: Path, tmp_path: Path
) -> None:
    async def scenario() -> None:
        window.open_file(str(saved))
        await opened(window, saved.name)
        model = window.results.model
        window.results.tree.setCurrentIndex(model.index(1, 0))
        action = window.action_set["file.export_selection"]
        assert action.isEnabled()
        assert action.shortcut().toString() == "Ctrl+Shift+S"
        action.trigger()
        saver = dialog(window, "exportDialog")
        assert saver.windowTitle() == "Export selection"
        assert saver.selectedFiles()[0].endswith("saved result-1.json")
        target = tmp_path / "second.json"
        saver.selectFile(str(target))
        saver.accept()
        await wait_for(lambda: window.messages.title() == "Saved to second.json", what="export")
        assert "The value at $[1]" in window.messages.advice()
        assert target.read_bytes() == (
            b'{\n  "id": 2,\n  "colors": [\n    {\n      "hex": "#00FF00",\n'
            b'      "score": 1.0E+2\n    }\n  ]\n}\n'
        )

    run_async(scenario())


def test_markdown_export_of_an_opened_file_says_where_it_came_from(
    window: MainWindow, run_async: Any, saved: Path, tmp_path: Path
) -> None:
    async def scenario() -> None:
        window.open_file(str(saved))
        await opened(window, saved.name)
        target = tmp_path / "ticket.md"
        window.export_to(str(target))
        await wait_for(lambda: window.messages.title() == "Saved to ticket.md", what="the report")
        text = target.read_text("utf-8")
        assert "- **Opened from file:** `saved result.json`" in text
        assert json.loads(text.split("```json\n")[1].split("\n```")[0]) == json.loads(SAVED_BYTES)

    run_async(scenario())


def test_cancel_stops_a_long_export_and_keeps_the_old_file(
    window: MainWindow, run_async: Any, saved: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    target = tmp_path / "result.json"
    target.write_bytes(b"previous export")

    release = threading.Event()

    def held_chunks(*_args: Any, **_kwargs: Any) -> Iterator[bytes]:
        """An export that stays in progress (in its thread) until the test lets it go on."""
        yield b"x" * 10_000
        release.wait(HANG_S)
        yield b"y" * 10_000

    async def scenario() -> None:
        window.open_file(str(saved))
        await opened(window, saved.name)
        monkeypatch.setattr(result_files, "export_chunks", held_chunks)
        window.export_to(str(target))
        progress = find(window, ExportProgress, "exportProgress")
        await wait_for(progress.isVisible, what="the progress panel")
        await wait_for(lambda: "Saving result.json…" in progress.label.text(), what="the label")
        find(window, QPushButton, "exportCancelButton").click()
        release.set()  # the writer goes on to its next chunk, where it sees the cancel
        await wait_for(lambda: window.messages.title() == "Export cancelled", what="the cancel")
        assert not progress.isVisible()
        assert target.read_bytes() == b"previous export"
        assert sorted(p.name for p in tmp_path.iterdir()) == [
            "result.json", "saved result.json"
        ]  # fmt: skip

    try:
        run_async(scenario())
    finally:
        release.set()


def test_a_lookup_result_replaces_the_opened_file_marker(
    window: MainWindow, saved: Path, run_async: Any
) -> None:
    async def scenario() -> None:
        window.open_file(str(saved))
        await opened(window, saved.name)
        window.lookups.started.emit(request_for("0924dcfe-a593-4e42-8c7b-4fca9a149777"))
        assert not find(window, QLabel, "sourceLabel").isVisible()
        assert "opened from file" not in window.windowTitle()

    run_async(scenario())
