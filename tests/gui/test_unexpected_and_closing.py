"""The window when its own background work goes wrong or is cut short: an unexpected exception in
an export or a query reaches the "Something unexpected went wrong" dialog (details copyable, key
removed), and closing the window in the middle of an export prints nothing and keeps the old file.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QPlainTextEdit

from tests.conftest import find, wait_for
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.dialogs.error_dialog import UnexpectedErrorReporter, install_excepthook
from vody_desktop.ui.files import result_files
from vody_desktop.ui.files.export_progress import ExportProgress
from vody_desktop.ui.find import query_panel
from vody_desktop.ui.mainwindow.window import MainWindow

KEY = "1234abcd-bdde-1234-a39a-3ff12ce386d5"
SAVED_BYTES = b'[{"id": 1, "hex": "#FF0000"}, {"id": 2, "hex": "#00FF00"}]'
OLD_EXPORT = b"a good export from yesterday"


@pytest.fixture
def window(qtbot: Any, run_async: Any) -> Iterator[MainWindow]:
    main_window = MainWindow(AppSettings(), api_key=KEY)
    qtbot.addWidget(main_window)
    main_window.show()
    yield main_window
    main_window.close()
    run_async(main_window.shutdown())


@pytest.fixture
def reporter(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> UnexpectedErrorReporter:
    """The app's safety net, as app.py installs it (sys.excepthook restored afterwards)."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    return install_excepthook(window, window.form.api_key)


async def open_saved(window: MainWindow, folder: Path) -> None:
    saved = folder / "saved.json"
    saved.write_bytes(SAVED_BYTES)
    window.open_file(str(saved))
    await wait_for(lambda: window.results.model.rowCount() == 2, 10, "the tree")


def names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def assert_dialog_shows(reporter: UnexpectedErrorReporter, text: str) -> None:
    """The dialog is open, holds `text` with the key removed, and copies its details."""
    dialog = reporter.dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.windowTitle() == "Something unexpected went wrong"
    details = dialog.details.toPlainText()
    assert text in details
    assert "[redacted]" in details
    assert KEY not in details
    QApplication.clipboard().clear()
    dialog.copy_button.click()
    assert QApplication.clipboard().text() == details
    dialog.reject()
    assert reporter.dialog is None


# --- something unexpected went wrong ------------------------------------------------------------


@pytest.mark.qt_no_exception_capture
def test_an_unexpected_error_in_an_export_reaches_the_dialog(
    window: MainWindow,
    reporter: UnexpectedErrorReporter,
    run_async: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "export.json"
    target.write_bytes(OLD_EXPORT)
    real_export_chunks = getattr(result_files, "export_chunks")  # noqa: B009 - not re-exported

    def broken_writer(*_args: Any, **_kwargs: Any) -> Iterator[bytes]:
        yield b"[{"
        raise RuntimeError(f"the writer broke while holding {KEY}")

    async def scenario() -> None:
        await open_saved(window, tmp_path)
        monkeypatch.setattr(result_files, "export_chunks", broken_writer)
        window.export_to(str(target))
        await wait_for(lambda: reporter.dialog is not None, 20, "the error dialog")
        assert_dialog_shows(reporter, "RuntimeError: the writer broke while holding [redacted]")
        assert not find(window, ExportProgress, "exportProgress").isVisible()
        assert "Saving" not in window.statusBar().currentMessage()
        assert target.read_bytes() == OLD_EXPORT
        assert names(tmp_path) == ["export.json", "saved.json"]
        # the window still works: the next export succeeds
        monkeypatch.setattr(result_files, "export_chunks", real_export_chunks)
        window.export_to(str(target))
        await wait_for(lambda: window.messages.title() == "Saved to export.json", 20, "the save")

    run_async(scenario())
    assert b'"#00FF00"' in target.read_bytes()


@pytest.mark.qt_no_exception_capture
def test_an_unexpected_error_in_a_query_reaches_the_dialog_and_the_panel_says_so(
    window: MainWindow,
    reporter: UnexpectedErrorReporter,
    run_async: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_run_query = getattr(query_panel, "run_query")  # noqa: B009 - not re-exported

    def broken_query(*_args: Any, **_kwargs: Any) -> Any:
        raise KeyError(f"lost {KEY}")

    async def scenario() -> None:
        await open_saved(window, tmp_path)
        panel = window.inspect.query
        monkeypatch.setattr(query_panel, "run_query", broken_query)
        panel.edit.setText("$[*].hex")
        panel.run()
        await wait_for(lambda: reporter.dialog is not None, 20, "the error dialog")
        assert panel.status.text().startswith("The query stopped because of an unexpected problem")
        assert_dialog_shows(reporter, "KeyError: 'lost [redacted]'")
        monkeypatch.setattr(query_panel, "run_query", real_run_query)
        panel.run()
        await wait_for(lambda: panel.status.text() == "2 results", 20, "the results")

    run_async(scenario())


# --- closing the window during an export --------------------------------------------------------


def test_closing_during_an_export_prints_nothing_and_keeps_the_old_file(
    window: MainWindow,
    run_async: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "export.json"
    target.write_bytes(OLD_EXPORT)
    writing = threading.Event()
    writer_ended = threading.Event()

    def long_export(*_args: Any, **_kwargs: Any) -> Iterator[bytes]:
        try:
            for _ in range(100_000):  # minutes of work, unless stopped
                yield b"x" * 1000
                writing.set()
                time.sleep(0.001)  # in the export thread: keeps it from filling the disk
        finally:
            writer_ended.set()

    async def scenario() -> None:
        await open_saved(window, tmp_path)
        monkeypatch.setattr(result_files, "export_chunks", long_export)
        window.export_to(str(target))
        await wait_for(writing.is_set, 20, "the export to be writing")
        assert len(names(tmp_path)) == 3  # the temporary file beside the target
        window.close()
        await window.shutdown()
        await wait_for(writer_ended.is_set, 20, "the export thread to stop")
        await wait_for(lambda: len(names(tmp_path)) == 2, 20, "the temporary file to go")

    run_async(scenario())
    assert target.read_bytes() == OLD_EXPORT
    assert names(tmp_path) == ["export.json", "saved.json"]
    out, err = capfd.readouterr()
    assert out == ""
    assert err == ""


def test_the_apps_hook_shows_the_dialog_for_the_first_error_without_the_key(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """app.py installs a hook that imports the dialog's module on the first error (not before
    the window's first paint); that first error is shown like any other."""
    from vody_desktop import app

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    app._install_excepthook(window)
    try:
        raise RuntimeError(f"first failure with {KEY}")
    except RuntimeError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    dialog = find(window, QDialog, "unexpectedErrorDialog")
    assert dialog.isVisible()
    details = dialog.findChild(QPlainTextEdit, "unexpectedErrorDetails")
    assert details is not None
    assert "RuntimeError: first failure with [redacted]" in details.toPlainText()
    assert KEY not in details.toPlainText()
    dialog.reject()
