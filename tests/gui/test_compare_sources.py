"""A side of the compare window: what it checks before anything is fetched or read, a file
dropped on it, and the words of the empty tree."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6 import __version_info__ as pyside_version
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from vody_desktop.api.environments import DEVELOPMENT, PRODUCTION
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.errors import UserFacingError
from vody_desktop.ui.compare.differences_view import DifferencesView, placeholder_for
from vody_desktop.ui.compare.sources import MainResult, SourceKind, SourcePicker

ID = "0924dcfe-a593-4e42-8c7b-4fca9a149777"


def picker(qtbot: Any, shown: MainResult | None = None) -> SourcePicker:
    side = SourcePicker("B", "B (to check)", lambda: shown)
    qtbot.addWidget(side)
    side.set_environments([PRODUCTION, DEVELOPMENT], "prod")
    return side


def problem(side: SourcePicker) -> str:
    with pytest.raises(UserFacingError) as raised:
        side.request()
    return raised.value.title


def test_each_kind_says_what_is_missing_before_anything_is_fetched(qtbot: Any) -> None:
    side = picker(qtbot)
    assert problem(side) == "Enter an inference ID"
    side.id_edit.setText(f"see https://example.com/inference/{ID} please")
    request = side.request()
    assert (request.inference_id, request.base_url) == (ID, PRODUCTION.base_url)
    assert request.name == f"{ID} on Production"
    side.set_kind(SourceKind.FILE)
    assert problem(side) == "Choose a saved result file"
    side.set_kind(SourceKind.MAIN)
    assert problem(side) == "The main window shows no result"
    assert side.main_label.text() == "The main window shows no result yet."


def test_the_main_windows_result_is_named_by_what_it_is(qtbot: Any) -> None:
    shown = MainResult(JsonDocument.parse(b"[1, 2]"), ID)
    side = picker(qtbot, shown)
    side.use_main_result()
    assert side.main_label.text() == f"The result the main window shows: {ID}"
    assert side.request().document is shown.document


def test_a_file_dropped_on_the_side_becomes_its_saved_file(
    qtbot: Any, qapp: QApplication, tmp_path: Path
) -> None:
    side = picker(qtbot)
    side.show()
    golden = tmp_path / "golden.json"
    golden.write_text("[]", encoding="utf-8")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(golden))])
    # PySide6 6.12 takes a QPointF (its QPoint constructor is deprecated, an error here); 6.11,
    # our pin on Python 3.11, takes a QPoint. Each version's stubs know one of the two.
    point = QPointF(5, 5) if pyside_version >= (6, 12) else QPointF(5, 5).toPoint()
    makers: tuple[Any, ...] = (QDragEnterEvent, QDropEvent)
    events: list[Any] = [
        make(
            point,
            Qt.DropAction.CopyAction,
            data,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        )
        for make in makers
    ]
    enter, drop = events
    qapp.sendEvent(side.id_edit, enter)  # Qt delivers a drop only after an accepted enter
    assert enter.isAccepted()
    qapp.sendEvent(side.id_edit, drop)
    assert side.kind is SourceKind.FILE
    assert side.path_edit.text() == str(golden)
    assert side.request().path == golden


def test_the_empty_tree_says_what_to_do(qtbot: Any) -> None:
    view = DifferencesView()
    qtbot.addWidget(view)
    assert placeholder_for(view.model) == (
        "Fill in A and B above, then press Enter to compare them."
    )
    assert placeholder_for(view.model, waiting=True) == (
        "The differences appear here once A and B are compared."
    )
