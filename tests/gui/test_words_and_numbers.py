"""Numbers and labels as a person reads them: thousands separators wherever a count is shown,
no "0.00 s" for a running inference, and timeouts in plain words in Preferences."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QSpinBox

from tests.gui.helpers import record
from vody_desktop.api.examples import STATUS_EXAMPLE
from vody_desktop.api.models import InferenceStatus
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.store import settings as registry
from vody_desktop.store.history import HistoryEntry
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.dialogs.preferences_dialog import PreferencesDialog
from vody_desktop.ui.history.history_panel import entry_text
from vody_desktop.ui.mainwindow.status_summary import StatusSummary
from vody_desktop.ui.result.json_tree_model import JsonTreeModel

ID = "5a4d0c00-0000-4000-8000-000000000004"


def status(**fields: Any) -> InferenceStatus:
    body = {
        **STATUS_EXAMPLE,
        "id": ID,
        "created_at": "2023-08-12T17:20:11+00:00",
        "updated_at": "2023-08-12T18:26:52+00:00",
        "request_item_count": "72000",
        "response_item_count": "72000",
        "response_time": "4001.5",
        **fields,
    }
    return InferenceStatus.from_json(body, fallback_id=ID)


def test_summary_counts_have_thousands_separators(qtbot: Any) -> None:
    summary = StatusSummary()
    qtbot.addWidget(summary)
    summary.show_status(status())
    text = summary.text()
    assert "Items: 72,000 sent, 72,000 returned" in text
    assert "Took: 1 h 6 min" in text


def test_a_running_inference_has_not_finished_rather_than_taken_no_time(qtbot: Any) -> None:
    summary = StatusSummary()
    qtbot.addWidget(summary)
    summary.show_status(status(status="in_progress", response_time="0.000000"))
    text = summary.text()
    assert "Took: not finished yet" in text
    assert "0.00" not in text


def entry(**changes: Any) -> HistoryEntry:
    """A history row as the panel gets it from the store."""
    return HistoryEntry(
        **asdict(record(ID, **changes)), entry_id=1, note="", has_offline_copy=False
    )


def test_history_counts_have_thousands_separators() -> None:
    assert "Completed · 72,000 items" in entry_text(entry(item_count=72_000))


def test_history_shows_a_problem_without_the_servers_item_count() -> None:
    text = entry_text(entry(item_count=1, error_title="The result arrived incomplete"))
    assert "The result arrived incomplete" in text
    assert "item" not in text.split("\n", 1)[1]


def test_timeouts_are_labelled_in_plain_words(qtbot: Any) -> None:
    dialog = PreferencesDialog(AppSettings())
    qtbot.addWidget(dialog)
    labels: dict[str, str] = {}
    for form in dialog.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            editor = field.widget() if field is not None else None
            if label is None or editor is None:
                continue
            text = label.widget()
            assert isinstance(text, QLabel)
            labels[editor.objectName()] = text.text()
    expected = {
        registry.CONNECT_TIMEOUT_S: "Give up connecting after:",
        registry.READ_TIMEOUT_S: "Give up when the server goes quiet for:",
        registry.WRITE_TIMEOUT_S: "Give up sending a request after:",
        registry.REQUEST_DEADLINE_S: "Give up on any one request after:",
    }
    for setting, words in expected.items():
        name = f"pref_{setting.key.replace('/', '_')}"
        assert labels[name] == words
        editor = dialog.editors[setting.key]
        assert isinstance(editor, QSpinBox)
        assert editor.suffix() == " seconds"
        assert editor.toolTip()  # what the limit means, one hover away
    assert not any("timeout" in text.lower() for text in labels.values())


def test_the_tree_counts_a_long_list_with_separators(qtbot: Any) -> None:
    model = JsonTreeModel(JsonDocument.parse(b'{"items": [' + b",".join([b"1"] * 1500) + b"]}"))
    assert model.index(0, 1).data() == "[1,500]"
