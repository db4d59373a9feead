"""The real window against the sandbox: a result names its ID, a long path never widens the
window, a new result opens on the Tree tab, and the demo's Examples menu fetches an example."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from tests.conftest import wait_for
from tests.e2e.conftest import API_KEY, TEST_CLIENT_SETTINGS, TEST_RETRY_POLICY
from tests.e2e.helpers import fetch_tree, type_and_fetch, wait_idle
from vody_desktop.demo_support import demo_examples
from vody_desktop.sandbox import catalogue
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.mainwindow.window import MainWindow
from vody_desktop.ui.result.result_view import TREE_TAB
from vody_desktop.ui.widgets.elided_label import MINIMUM_WIDTH, PREFERRED_WIDTH

pytestmark = pytest.mark.e2e

UNKNOWN_ID = "00000000-0000-4000-8000-00000000dead"


def flush_layout() -> None:
    """Let Qt apply every pending layout request (a resize would happen here)."""
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def visible_texts(window: MainWindow) -> list[str]:
    """Every text a person can read in the window outside the history dock."""
    history = window.history.panel
    texts = [window.statusBar().currentMessage()]
    for label in window.findChildren(QLabel):
        if label.isVisible() and not history.isAncestorOf(label):
            texts.append(label.text())
    return texts


# -- a long path --------------------------------------------------------------------------
def test_selecting_the_deepest_node_keeps_the_window_width(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    async def scenario() -> None:
        window.resize(1280, 720)
        await fetch_tree(qtbot, window, catalogue.DEEP_ID)
        flush_layout()
        width = window.width()
        assert width == 1280
        model = window.results.model
        index = model.index(model.rowCount() - 1, 0)
        while model.hasChildren(index):  # the one container at each level, to the bottom
            while model.canFetchMore(index):
                model.fetchMore(index)
            index = model.index(model.rowCount(index) - 1, 0, index)
        window.results.tree.setCurrentIndex(index)
        node = model.node(index)
        assert node is not None
        path = node.path()
        assert len(path) > 40_000
        flush_layout()

        assert window.width() == width
        assert window.minimumSizeHint().width() < width
        status = window.path_label
        details = window.inspect.details.path_label
        assert status.text() == f"Selected: {path}"  # all of it, for copy and screen readers
        for label in (status, details):
            assert label.sizeHint().width() <= PREFERRED_WIDTH
            assert label.minimumSizeHint().width() <= MINIMUM_WIDTH
            shown = label.shown_text()  # what is painted: cut in the middle, fits the label
            assert "…" in shown
            assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width()
            assert label.geometry().right() <= window.width()
        assert status.shown_text().startswith("Selected: $.child[1]")
        assert status.shown_text().endswith(".child[1]")
        assert details.shown_text().endswith("·  text")
        assert len(status.toolTip()) < 2_200  # a tooltip, not a 45,000-character line
        status.copy_text()
        assert QApplication.clipboard().text() == f"Selected: {path}"

    run_async(scenario())


# -- an answer names its ID ---------------------------------------------------------------
def test_a_failed_lookup_of_another_id_shows_nothing_of_the_previous_result(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    first = catalogue.COLOR_RESULTS_ID

    async def scenario() -> None:
        await fetch_tree(qtbot, window, first)
        assert window.result_header.text() == f"Inference {first} · Sandbox"
        assert window.statusBar().currentMessage().startswith("Loaded ")

        type_and_fetch(qtbot, window, API_KEY, UNKNOWN_ID)
        # At once, before any answer: the earlier result is gone, the header names the new ID.
        assert window.results.model.rowCount() == 0
        assert not window.summary.isVisible()
        assert window.result_header.text() == f"Inference {UNKNOWN_ID} · Sandbox — looking it up…"
        await wait_idle(window)

        assert window.messages.kind == "error"
        assert window.result_header.text() == (
            f"Inference {UNKNOWN_ID} · Sandbox — no result to show"
        )
        assert window.results.model.rowCount() == 0
        assert window.results.raw_view.is_empty()
        assert not window.files.export_button.isEnabled()
        assert window.path_label.text() == ""
        for text in visible_texts(window):  # the summary's labels among them
            assert first not in text, text
            assert not text.startswith("Loaded "), text
            assert "color-classification" not in text, text  # the first result's model
            assert "4 returned" not in text, text
        # The earlier lookup is one click away in the history.
        history = window.history.panel.model

        def in_history() -> bool:
            rows = (history.index(row, 0).data() or "" for row in range(history.rowCount()))
            return any(first in row for row in rows)

        await wait_for(in_history, 10, "the history")

    run_async(scenario())


def test_while_a_lookup_runs_no_earlier_result_is_on_show(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    async def scenario() -> None:
        await fetch_tree(qtbot, window, catalogue.COLOR_RESULTS_ID)
        type_and_fetch(qtbot, window, API_KEY, catalogue.IN_PROGRESS_ID)
        assert window.results.model.rowCount() == 0
        assert window.statusBar().currentMessage() == ""
        await wait_idle(window)
        assert "Status: Still running" in window.summary.text()
        assert window.result_header.text() == (
            f"Inference {catalogue.IN_PROGRESS_ID} · Sandbox — no result yet"
        )
        assert window.results.model.rowCount() == 0

    run_async(scenario())


def test_after_an_unreadable_answer_the_next_result_opens_on_the_tree(
    qtbot: Any, window: MainWindow, run_async: Any
) -> None:
    async def scenario() -> None:
        type_and_fetch(qtbot, window, API_KEY, catalogue.TRUNCATED_ID)
        await wait_idle(window)
        assert window.results.currentWidget() is window.results.raw_view
        assert window.result_header.text().startswith(f"Inference {catalogue.TRUNCATED_ID}")
        await fetch_tree(qtbot, window, catalogue.NUMBERS_ID)  # an object: no Items tab
        assert window.results.currentIndex() == TREE_TAB
        assert window.results.tree.isVisible()

    run_async(scenario())


# -- the demo's examples ------------------------------------------------------------------
@pytest.fixture
def demo_window(qtbot: Any, sandbox_url: str, run_async: Any) -> Iterator[MainWindow]:
    """The window as `--demo` builds it: the sandbox, the demo key and the examples."""
    main_window = MainWindow(
        AppSettings(),
        api_key=API_KEY,
        sandbox_url=sandbox_url,
        client_settings=TEST_CLIENT_SETTINGS,
        retry_policy=TEST_RETRY_POLICY,
        examples=demo_examples(),
    )
    qtbot.addWidget(main_window)
    main_window.show()
    yield main_window
    main_window.close()
    run_async(main_window.shutdown())


def test_examples_menu_lists_every_catalogue_id_with_its_description(
    demo_window: MainWindow,
) -> None:
    menu = demo_window.menus["lookup.examples"]
    assert menu.menuAction() in demo_window.menus["lookup"].actions()
    entries = [action.text() for action in menu.actions() if not action.isSeparator()]
    assert entries == [
        f"{entry.title.replace('&', '&&')}\t{entry.inference_id}"
        for entry in sorted(catalogue.ENTRIES, key=lambda entry: entry.kind == "fault")
    ]
    sections = [action.text() for action in menu.actions() if action.isSeparator()]
    assert sections == ["Inferences", "Problems the server can have"]
    placeholder = demo_window.form.inference_id_edit.placeholderText()
    assert "Lookup > Examples" in placeholder


def test_picking_an_example_fills_the_id_and_fetches_it(
    demo_window: MainWindow, run_async: Any
) -> None:
    demo_window.form.select_environment("prod")  # the person looked elsewhere meanwhile

    async def scenario() -> None:
        pick = next(
            action
            for action in demo_window.menus["lookup.examples"].actions()
            if action.data() == catalogue.PATTERN_RESULTS_ID
        )
        pick.trigger()
        assert demo_window.form.inference_id_text() == catalogue.PATTERN_RESULTS_ID
        assert demo_window.form.environment_key() == "sandbox"
        await wait_for(lambda: demo_window.results.model.rowCount() == 3, 20, "the tree")
        await wait_idle(demo_window)
        assert demo_window.result_header.text() == (
            f"Inference {catalogue.PATTERN_RESULTS_ID} · Sandbox"
        )
        assert "Status: Completed" in demo_window.summary.text()

    run_async(scenario())


def test_a_window_without_examples_has_no_examples_menu(window: MainWindow) -> None:
    shown = [a.text() for a in window.menus["lookup"].actions() if a.isVisible()]
    assert "&Examples" not in shown
    assert not window.menus["lookup.examples"].actions()


def test_the_window_never_imports_the_sandbox() -> None:
    """Only the demo launcher imports it (the installed bundle has no sandbox)."""
    code = (
        "import sys; import vody_desktop.app, vody_desktop.ui.mainwindow.window; "
        "print(sorted(m for m in sys.modules if m.startswith('vody_desktop.sandbox')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]"
