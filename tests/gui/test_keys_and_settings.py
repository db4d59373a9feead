"""Keys per environment in the (in-memory) keychain, and settings that cannot be read."""

from __future__ import annotations

from typing import Any

import keyring
import pytest
from keyring.backends import fail, null
from keyring.errors import KeyringLocked
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit

from tests.conftest import HANG_MS, MemoryKeyring, find
from vody_desktop.store.secrets import SERVICE_NAME
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.mainwindow.window import MainWindow

PROD_KEY = "prod-key-1111-2222-3333-444455556666"
DEV_KEY = "dev-key-aaaa-bbbb-cccc-ddddeeeeffff"


def open_window(qtbot: Any, **options: Any) -> MainWindow:
    window = MainWindow(AppSettings(), **options)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.keys.store.loaded, timeout=HANG_MS)
    return window


def test_remembered_key_is_filled_in_next_time(qtbot: Any, memory_keyring: MemoryKeyring) -> None:
    window = open_window(qtbot)
    find(window, QLineEdit, "apiKeyEdit").setText(PROD_KEY)
    remember = find(window, QCheckBox, "rememberKeyCheck")
    remember.click()
    assert memory_keyring.passwords == {(SERVICE_NAME, "prod"): PROD_KEY}
    assert window.messages.title() == "Key remembered for Production"
    window.close()

    settings_file = AppSettings().file_name
    again = open_window(qtbot)
    assert find(again, QLineEdit, "apiKeyEdit").text() == PROD_KEY
    assert find(again, QCheckBox, "rememberKeyCheck").isChecked()
    again.close()
    with open(settings_file, "rb") as stored:
        assert PROD_KEY.encode() not in stored.read()


def test_each_environment_has_its_own_key(qtbot: Any, memory_keyring: MemoryKeyring) -> None:
    memory_keyring.passwords[(SERVICE_NAME, "prod")] = PROD_KEY
    memory_keyring.passwords[(SERVICE_NAME, "dev")] = DEV_KEY
    window = open_window(qtbot)
    key_edit = find(window, QLineEdit, "apiKeyEdit")
    assert key_edit.text() == PROD_KEY
    window.form.select_environment("dev")
    assert key_edit.text() == DEV_KEY
    window.form.select_environment("custom", "https://staging.example.com")
    window.form.custom_url_edit.editingFinished.emit()
    key_edit.setText("custom-key-0000")
    find(window, QCheckBox, "rememberKeyCheck").click()
    assert memory_keyring.passwords[(SERVICE_NAME, "https://staging.example.com")] == (
        "custom-key-0000"
    )
    window.form.select_environment("prod")
    assert key_edit.text() == PROD_KEY


def test_a_key_from_the_environment_variable_is_not_replaced(
    qtbot: Any, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.passwords[(SERVICE_NAME, "prod")] = PROD_KEY
    window = open_window(qtbot, api_key="typed-by-variable-123")
    assert window.form.api_key() == "typed-by-variable-123"


def test_forget_key_removes_it_and_clears_the_field(
    qtbot: Any, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.passwords[(SERVICE_NAME, "prod")] = PROD_KEY
    window = open_window(qtbot)
    window.action_set.trigger("lookup.forget_key")
    assert memory_keyring.passwords == {}
    assert window.form.api_key() == ""
    assert not find(window, QCheckBox, "rememberKeyCheck").isChecked()
    assert window.messages.title() == "Key forgotten for Production"


def test_unticking_removes_the_saved_key_but_keeps_it_for_the_session(
    qtbot: Any, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.passwords[(SERVICE_NAME, "prod")] = PROD_KEY
    window = open_window(qtbot)
    find(window, QCheckBox, "rememberKeyCheck").click()
    assert memory_keyring.passwords == {}
    assert window.form.api_key() == PROD_KEY
    assert window.messages.advice() == "It still works until you close Vody Desktop."


@pytest.mark.parametrize("backend", [fail.Keyring, null.Keyring])
def test_without_a_keychain_the_window_says_the_key_lasts_this_session(
    qtbot: Any, backend: type
) -> None:
    keyring.set_keyring(backend())
    window = open_window(qtbot)
    remember = find(window, QCheckBox, "rememberKeyCheck")
    note = find(window, QLabel, "keyStorageNote")
    assert not remember.isEnabled()
    assert note.isVisibleTo(window)
    assert "kept only until you close the app" in note.text()


def test_a_locked_keychain_gives_a_message_and_the_key_still_works(
    qtbot: Any, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(*_args: object) -> None:
        raise KeyringLocked("locked")

    monkeypatch.setattr(memory_keyring, "set_password", locked)
    window = open_window(qtbot)
    window.form.api_key_edit.setText(PROD_KEY)
    remember = find(window, QCheckBox, "rememberKeyCheck")
    remember.click()
    assert window.messages.title() == "The key could not be saved on this computer"
    assert "still works until you close" in window.messages.advice()
    assert not remember.isChecked()
    assert window.form.api_key() == PROD_KEY


def test_unreadable_settings_fall_back_to_defaults_with_a_message(qtbot: Any) -> None:
    path = AppSettings().file_name
    with open(path, "wb") as broken:
        broken.write(b"\xff\xfe[General\x00garbage=\n===\n[a\nb")
    settings = AppSettings()
    assert settings.problem.startswith("Vody Desktop could not read its settings file")
    with open(path + ".unreadable", "rb") as kept:
        assert kept.read().startswith(b"\xff\xfe[General")
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.messages.title() == "Your settings were reset"
    assert window.form.environment_key() == "prod"
