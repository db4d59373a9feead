"""A whole working session, then every file the app wrote is searched for the key: none has it.

Remember the key, look up successes and failures against the sandbox, keep offline copies,
export, copy as curl and diagnostics, close. Settings, the history database (with its WAL),
the log file, exports: zero occurrences of the key, in any letter case.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QCheckBox, QPushButton

from tests.conftest import MemoryKeyring, find, wait_for
from tests.e2e.conftest import API_KEY, TEST_CLIENT_SETTINGS
from tests.e2e.helpers import type_and_fetch, wait_idle
from vody_desktop.sandbox import catalogue
from vody_desktop.store.history import DATABASE_NAME, HistoryStore
from vody_desktop.store.log_file import LOG_FILE_NAME, install_log_file, remove_log_file
from vody_desktop.store.paths import data_dir, log_dir
from vody_desktop.store.secrets import SERVICE_NAME
from vody_desktop.store.settings import KEEP_RESULTS_OFFLINE, AppSettings
from vody_desktop.ui.mainwindow.window import MainWindow

pytestmark = pytest.mark.e2e

LOOKUPS = [
    catalogue.COLOR_RESULTS_ID,  # results shown and kept offline
    catalogue.IN_PROGRESS_ID,
    catalogue.FAILED_ID,
    "0000dead-0000-4000-8000-00000000beef",  # not found
    catalogue.SERVER_ERROR_ID,
    catalogue.BAD_GATEWAY_HTML_ID,
    catalogue.NUMBERS_ID,
]


def files_under(*folders: Path) -> list[Path]:
    return sorted(
        p for folder in folders if folder.exists() for p in folder.rglob("*") if p.is_file()
    )


def test_a_whole_session_writes_the_key_nowhere(
    qtbot: Any,
    sandbox_url: str,
    run_async: Any,
    app_folders: Path,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> None:
    log_handler = install_log_file(log_dir())
    settings = AppSettings()
    settings.set(KEEP_RESULTS_OFFLINE, True)
    window = MainWindow(settings, sandbox_url=sandbox_url, client_settings=TEST_CLIENT_SETTINGS)
    qtbot.addWidget(window)
    window.show()
    exports = tmp_path / "exports"
    exports.mkdir()
    clipboard = QApplication.clipboard()

    async def session() -> None:
        await wait_for(lambda: window.keys.store.loaded, what="the keychain")
        for number, inference_id in enumerate(LOOKUPS):
            type_and_fetch(qtbot, window, API_KEY, inference_id)
            if number == 0:
                find(window, QCheckBox, "rememberKeyCheck").click()
            await wait_idle(window)
        # a refused key is a failure too (and is itself never written)
        type_and_fetch(qtbot, window, "wrong-" + API_KEY, catalogue.COLOR_RESULTS_ID)
        await wait_idle(window)
        assert window.messages.kind == "error"
        type_and_fetch(qtbot, window, API_KEY, catalogue.NUMBERS_ID)
        await wait_idle(window)
        target = exports / "numbers.json"
        window.export_to(str(target))
        await wait_for(lambda: window.messages.title() == "Saved to numbers.json", what="export")

        window.action_set.trigger("edit.copy_curl")
        assert "$VODY_API_KEY" in clipboard.text()
        assert API_KEY not in clipboard.text()
        window.action_set.trigger("help.copy_diagnostics")
        assert API_KEY not in clipboard.text()
        assert "Key storage: system password store" in clipboard.text()
        window.action_set.trigger("edit.copy_curl_with_key")  # asked for explicitly
        assert f"x-vody-api-key: {API_KEY}" in clipboard.text()
        clipboard.clear()
        await wait_for(lambda: len(window.history.panel.model.entries) == 9, what="history")
        # offline viewing: the saved copy opens without a request
        panel = window.history.panel
        row = next(n for n, e in enumerate(panel.model.entries) if e.has_offline_copy)
        panel.list_view.setCurrentIndex(panel.model.index(row, 0))
        find(window, QPushButton, "historySavedCopyButton").click()
        await wait_for(lambda: window.messages.title().startswith("Showing the copy"), what="copy")
        assert window.results.model.rowCount() > 0

    try:
        run_async(session())
        window.close()
        run_async(window.shutdown())
    finally:
        if log_handler is not None:
            remove_log_file(log_handler)
        logging.getLogger("vody_desktop").setLevel(logging.NOTSET)

    assert memory_keyring.passwords == {(SERVICE_NAME, "sandbox"): API_KEY}
    settings_folder = Path(AppSettings().file_name).parent
    written = files_under(app_folders, settings_folder, exports)
    names = {p.name for p in written}
    assert {DATABASE_NAME, LOG_FILE_NAME, "numbers.json"} <= names
    assert any(p.suffix == ".ini" for p in written)
    with HistoryStore(data_dir() / DATABASE_NAME) as store:
        entries = store.search()
    assert len(entries) == 9
    assert any(e.has_offline_copy for e in entries)
    assert "Lookup " + catalogue.COLOR_RESULTS_ID in (log_dir() / LOG_FILE_NAME).read_text()

    needles = {API_KEY.encode(), API_KEY.upper().encode(), API_KEY.encode("utf-16-le")}
    for path in written:
        data = path.read_bytes()
        lowered = data.lower()
        for needle in needles:
            assert needle.lower() not in lowered, f"the key is in {path}"
