"""One start of the app in a fresh process: open the window, do one thing with the key, report.

`python -m tests.e2e.keychain_window remember|show|forget`, run by tests/e2e/test_real_keychain.py
with the environment of a private Secret Service. It starts the way `vody-desktop` does (the
settings folder, the log file, the window `build_window` makes) and then, like a person:

- remember: types the key (from `VODY_TEST_KEY`, never an argument) into the key field and
  ticks "Remember this key";
- forget: chooses Lookup > Forget key;
- show: only looks.

It prints one JSON line of what the window shows then (the key field, the box, the message)
and which keyring backend the app chose, closes the window and exits 0.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

ACTIONS = ("remember", "show", "forget")
KEY_VARIABLE = "VODY_TEST_KEY"


async def _session(action: str) -> dict[str, Any]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QCheckBox, QLineEdit

    from tests.conftest import wait_for
    from vody_desktop.app import build_window, parse_args

    window = build_window(parse_args([]), None)
    window.show()
    store = window.keys.store
    await wait_for(lambda: store.loaded, 60, "the keychain (opened once the window shows)")
    key_edit = window.findChild(QLineEdit, "apiKeyEdit")
    remember = window.findChild(QCheckBox, "rememberKeyCheck")
    assert key_edit is not None
    assert remember is not None
    if action == "remember":
        key_edit.setFocus()
        QTest.keyClicks(key_edit, os.environ[KEY_VARIABLE])
        QTest.mouseClick(remember, Qt.MouseButton.LeftButton)
    elif action == "forget":
        window.action_set.trigger("lookup.forget_key")
    report = {
        "backend": store.backend_name,
        "environment": window.form.environment_key(),
        "key_field": key_edit.text(),
        "remember_checked": remember.isChecked(),
        "remember_enabled": remember.isEnabled(),
        "message": window.messages.title(),
    }
    window.close()
    await window.shutdown()
    return report


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in ACTIONS:
        print(f"usage: python -m tests.e2e.keychain_window {'|'.join(ACTIONS)}", file=sys.stderr)
        return 2
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync
    from PySide6.QtWidgets import QApplication

    from vody_desktop.store.log_file import install_log_file
    from vody_desktop.store.paths import use_settings_folder

    use_settings_folder()
    install_log_file()  # the app's own log file: it must not get the key either
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    report = qasync.run(_session(argv[0]))
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
