"""The window under odd input: unexpected exceptions, any JSON through the tree, any bytes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QPushButton

from tests.conftest import add_window, wait_for
from tests.lookup_results import show_outcome
from vody_desktop.api.models import ResultsBody
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.node import JsonNode, NodeKind
from vody_desktop.document.pretty import iter_pretty_json
from vody_desktop.lookup import LookupOutcome
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.dialogs.error_dialog import (
    UnexpectedErrorDialog,
    UnexpectedErrorReporter,
    install_excepthook,
)
from vody_desktop.ui.mainwindow.window import MainWindow
from vody_desktop.ui.result.json_tree_model import JsonTreeModel

KEY = "1234abcd-bdde-1234-a39a-3ff12ce386d5"

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**64, max_value=2**300)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=6) | st.dictionaries(st.text(max_size=8), children, max_size=6)
    ),
    max_leaves=60,
)


@pytest.fixture
def window(qtbot: Any, run_async: Any) -> MainWindow:
    main_window = MainWindow(AppSettings(), api_key=KEY)
    add_window(qtbot, main_window, run_async)
    main_window.show()
    return main_window


# -- the global exception hook ------------------------------------------------------------------


def open_dialog(reporter: UnexpectedErrorReporter) -> UnexpectedErrorDialog | None:
    return reporter.dialog


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_opens_a_dialog_with_copyable_redacted_details(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    reporter = install_excepthook(window, window.form.api_key)
    button = QPushButton("boom", window)

    def explode() -> None:
        raise RuntimeError(f"the slot broke while holding {KEY}")

    button.clicked.connect(explode)
    button.click()
    dialog = reporter.dialog
    assert isinstance(dialog, UnexpectedErrorDialog)
    assert dialog.isVisible()
    details = dialog.details.toPlainText()
    assert "RuntimeError: the slot broke while holding [redacted]" in details
    assert KEY not in details
    # a second error joins the same dialog instead of stacking a new one
    button.click()
    assert reporter.dialog is dialog
    assert dialog.details.toPlainText().count("RuntimeError: the slot broke") == 2
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == dialog.details.toPlainText()
    dialog.reject()
    assert open_dialog(reporter) is None
    # the window still works
    window.start_lookup("not an id")
    assert window.messages.kind == "error"


def test_unexpected_exceptions_are_logged(
    qtbot: Any,
    window: MainWindow,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    reporter = install_excepthook(window, window.form.api_key)
    try:
        raise ValueError(f"odd {KEY}")
    except ValueError as error:
        reporter.hook(type(error), error, error.__traceback__)
    assert "ValueError: odd [redacted]" in caplog.text
    assert KEY not in caplog.text
    assert reporter.dialog is not None
    reporter.dialog.reject()


# -- desktop notification --------------------------------------------------------------------


def test_notification_only_when_the_window_is_in_the_background(window: MainWindow) -> None:
    window.notifier.in_background = lambda: False  # type: ignore[method-assign]
    assert not window.notifier.notify_if_background("Done", "text")
    window.notifier.in_background = lambda: True  # type: ignore[method-assign]
    assert window.notifier.notify_if_background("Done", "text")
    assert window.notifier.sent == [("Done", "text")]
    window.notifier.enabled = False
    assert not window.notifier.notify_if_background("Done", "again")


# -- any JSON survives decode -> tree -> export ------------------------------------------------


def value_from_model(model: JsonTreeModel) -> Any:
    """Rebuild the value by walking the model as a view would (fetching every chunk)."""
    document = model.document
    assert document is not None
    root = document.root
    if not root.is_container:
        node = model.node(model.index(0, 0))
        assert node is not None
        return json.loads(bytes(node.raw))

    def walk(parent: QModelIndex, container: JsonNode) -> Any:
        rows = container.child_count
        for _ in range(rows):  # each chunk adds rows: bounded by the count
            if not model.canFetchMore(parent):
                break
            model.fetchMore(parent)
        assert not model.canFetchMore(parent)
        assert model.rowCount(parent) == rows
        items = []
        for row in range(rows):
            index = model.index(row, 0, parent)
            node = model.node(index)
            assert node is not None
            value = walk(index, node) if node.is_container else json.loads(bytes(node.raw))
            items.append((node.key, value))
        if container.kind is NodeKind.OBJECT:
            return {key: value for key, value in items}
        return [value for _key, value in items]

    return walk(QModelIndex(), root)


@settings(max_examples=150, deadline=None)
@given(value=json_values, indent=st.sampled_from([None, 2]))
def test_any_json_survives_decode_tree_export(qapp: Any, value: Any, indent: int | None) -> None:
    body = json.dumps(value, indent=indent, ensure_ascii=False).encode()
    document = JsonDocument.parse(body)
    model = JsonTreeModel(document)
    assert value_from_model(model) == value
    exported = b"".join(iter_pretty_json(document.data))
    assert json.loads(exported) == value


# -- any bytes as a body: a tree or a message, never a crash ------------------------------------


def outcome_for(body: bytes, content_type: str) -> LookupOutcome:
    results = ResultsBody(body, content_type, 200, 0.01, "http://127.0.0.1/x")
    return LookupOutcome(None, None, results, None)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    body=st.binary(max_size=300)
    | st.builds(lambda v: json.dumps(v).encode(), json_values)
    | st.builds(lambda v, cut: json.dumps(v).encode()[:cut], json_values, st.integers(0, 40)),
    content_type=st.sampled_from(["application/json", "text/html", "text/plain; charset=latin-1"]),
)
def test_any_bytes_as_a_body_show_a_tree_or_a_message(
    window: MainWindow, run_async: Any, body: bytes, content_type: str
) -> None:
    window.messages.clear()
    run_async(show_outcome(window, outcome_for(body, content_type)))
    if window.results.document is not None:
        # the tree holds exactly the value the body holds, and it can be exported
        assert value_from_model(window.results.model) == json.loads(body)
        assert window.files.export_button.isEnabled()
        assert not window.messages.isVisible()
    else:
        assert window.messages.kind == "error"
        assert window.messages.title()
        assert window.raw_saver.body == body  # the answer can be saved exactly as received


def test_the_unreadable_answer_is_saved_exactly(
    window: MainWindow, run_async: Any, tmp_path: Any
) -> None:
    body = b'{"a": [1, 2,\xff\xfe tail'
    run_async(show_outcome(window, outcome_for(body, "application/json")))
    assert window.messages.action_button.isVisible()
    assert window.messages.action_button.text() == "Save as received…"
    assert window.raw_saver.action.isEnabled()
    assert "Raw JSON tab" in window.messages.advice()
    target = tmp_path / "answer.txt"

    async def save() -> None:
        window.raw_saver.save_to(str(target))
        await wait_for(
            lambda: window.messages.title() == "Saved the answer to answer.txt", what="the save"
        )

    run_async(save())
    assert target.read_bytes() == body
