"""What differs between Windows, macOS and Linux, checked on any of them.

- Where the settings file, the history and the logs go (store/paths.py), by handing
  `user_folders` another system's name, variables and home folder; and, on the system the test
  runs on, that those places are the ones Qt itself picks (so nobody's files move).
- Which keychains the app uses and which it refuses (store/secrets.py): the refused ones store
  nothing, or store the key somewhere worse than memory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

import keyring
import keyring.backend
import keyring.core
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.compat import properties

from tests.conftest import MemoryKeyring
from vody_desktop.store.paths import DATA_DIR_VARIABLE, UserFolders, user_folders
from vody_desktop.store.secrets import (
    SERVICE_NAME,
    KeyStore,
    backend_name,
    is_usable,
    usable_backend,
)

LINUX_HOME = PurePosixPath("/home/ana")
MAC_HOME = PurePosixPath("/Users/ana")
WINDOWS_HOME = PureWindowsPath(r"C:\Users\ana")
WINDOWS_VARIABLES = {
    "APPDATA": r"C:\Users\ana\AppData\Roaming",
    "LOCALAPPDATA": r"C:\Users\ana\AppData\Local",
}


# -- where the files go ------------------------------------------------------------------------
def test_linux_follows_the_xdg_defaults() -> None:
    folders = user_folders("linux", {}, LINUX_HOME)

    assert folders.settings_file == PurePosixPath("/home/ana/.config/Vody/Vody Desktop.ini")
    assert folders.data == PurePosixPath("/home/ana/.local/share/Vody/Vody Desktop")
    assert folders.logs == PurePosixPath("/home/ana/.local/share/Vody/Vody Desktop/logs")


def test_linux_honours_the_xdg_variables() -> None:
    environ = {"XDG_CONFIG_HOME": "/srv/conf", "XDG_DATA_HOME": "/srv/data"}

    folders = user_folders("linux", environ, LINUX_HOME)

    assert folders.settings_file == PurePosixPath("/srv/conf/Vody/Vody Desktop.ini")
    assert folders.data == PurePosixPath("/srv/data/Vody/Vody Desktop")


@pytest.mark.parametrize("value", ["relative/dir", "", "   "])
def test_linux_ignores_xdg_variables_that_are_not_absolute(value: str) -> None:
    # The XDG Base Directory specification: a relative path is invalid and must be ignored.
    environ = {"XDG_CONFIG_HOME": value, "XDG_DATA_HOME": value}

    assert user_folders("linux", environ, LINUX_HOME) == user_folders("linux", {}, LINUX_HOME)


def test_macos_keeps_data_in_application_support() -> None:
    folders = user_folders("darwin", {"XDG_DATA_HOME": "/elsewhere"}, MAC_HOME)

    assert folders.data == PurePosixPath("/Users/ana/Library/Application Support/Vody/Vody Desktop")
    assert folders.logs == folders.data / "logs"
    # Qt's INI settings on macOS live in ~/.config (and follow XDG_CONFIG_HOME there too).
    assert folders.settings_file == PurePosixPath("/Users/ana/.config/Vody/Vody Desktop.ini")
    moved = user_folders("darwin", {"XDG_CONFIG_HOME": "/Users/ana/conf"}, MAC_HOME)
    assert moved.settings_file == PurePosixPath("/Users/ana/conf/Vody/Vody Desktop.ini")


def test_windows_roams_settings_and_keeps_history_on_the_computer() -> None:
    folders = user_folders("win32", WINDOWS_VARIABLES, WINDOWS_HOME)

    assert str(folders.settings_file) == r"C:\Users\ana\AppData\Roaming\Vody\Vody Desktop.ini"
    assert str(folders.data) == r"C:\Users\ana\AppData\Local\Vody\Vody Desktop"
    assert str(folders.logs) == r"C:\Users\ana\AppData\Local\Vody\Vody Desktop\logs"


def test_windows_without_its_folder_variables_uses_the_profile_folders() -> None:
    folders = user_folders("win32", {"XDG_CONFIG_HOME": "/not/for/windows"}, WINDOWS_HOME)

    assert str(folders.settings_file) == r"C:\Users\ana\AppData\Roaming\Vody\Vody Desktop.ini"
    assert str(folders.data) == r"C:\Users\ana\AppData\Local\Vody\Vody Desktop"


@pytest.mark.parametrize(
    ("platform", "home", "environ", "moved_to"),
    [
        ("linux", LINUX_HOME, {}, "/mnt/stick/vody"),
        ("darwin", MAC_HOME, {}, "/Volumes/stick/vody"),
        ("win32", WINDOWS_HOME, WINDOWS_VARIABLES, r"E:\vody"),
    ],
)
def test_the_data_folder_variable_moves_history_and_logs_but_not_settings(
    platform: str, home: Any, environ: dict[str, str], moved_to: str
) -> None:
    usual = user_folders(platform, environ, home)

    moved = user_folders(platform, {**environ, DATA_DIR_VARIABLE: moved_to}, home)

    assert str(moved.data) == moved_to
    assert moved.logs == moved.data / "logs"
    assert moved.settings_file == usual.settings_file


_ASK_QT = """
import json
from PySide6.QtCore import QSettings, QStandardPaths
settings = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Vody", "Vody Desktop")
data = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
print(json.dumps({"settings_file": settings.fileName(), "generic_data": data}))
"""


def qt_defaults(environ: dict[str, str]) -> dict[str, str]:
    """Where Qt itself puts the settings file and generic data, in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", _ASK_QT],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    answer: dict[str, str] = json.loads(done.stdout)
    return answer


def expected_under(folders: UserFolders) -> dict[str, Path]:
    return {
        "settings_file": Path(folders.settings_file),
        "generic_data": Path(folders.data).parent.parent,
    }


@pytest.mark.parametrize("xdg", [True, False], ids=["xdg-variables", "defaults"])
def test_the_folders_are_the_ones_qt_picks_on_this_system(tmp_path: Path, xdg: bool) -> None:
    home = tmp_path / "home"
    home.mkdir()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    environ.pop(DATA_DIR_VARIABLE, None)
    environ["HOME"] = str(home)  # Windows takes its folders from the profile, not from HOME
    if xdg:
        environ["XDG_CONFIG_HOME"] = str(tmp_path / "config")
        environ["XDG_DATA_HOME"] = str(tmp_path / "data")
    ours = dict(environ)
    home_here: Path | None = home
    if sys.platform == "win32":
        # Qt asks Windows for the profile's folders; tests/conftest.py points %APPDATA% at a
        # temporary folder, so compare with the profile defaults (what %APPDATA% normally is).
        home_here = None
        ours.pop("APPDATA", None)
        ours.pop("LOCALAPPDATA", None)

    qt = qt_defaults(environ)

    expected = expected_under(user_folders(sys.platform, ours, home_here))
    assert Path(qt["settings_file"]) == expected["settings_file"]
    assert Path(qt["generic_data"]) == expected["generic_data"]


# -- which keychain ----------------------------------------------------------------------------
@pytest.fixture
def stand_ins(monkeypatch: pytest.MonkeyPatch) -> dict[str, type[KeyringBackend]]:
    """Backends keyring would refuse to recommend, registered with keyring for this test only.

    keyring registers every backend class it sees; a copy of its registry keeps these out of
    the other tests.
    """
    monkeypatch.setattr(KeyringBackend, "_classes", set(KeyringBackend._classes))

    class PlaintextFileKeyring(MemoryKeyring):
        """Like keyrings.alt's PlaintextKeyring, which keyring rates 0.5, "not recommended"."""

        priority = 0.5  # type: ignore[assignment]

    class NotViableKeyring(MemoryKeyring):
        """keyring's way of saying "not on this computer": its priority raises."""

        @properties.classproperty
        def priority(cls) -> float:  # type: ignore[override]
            raise RuntimeError("no D-Bus session")

    return {"plaintext-file": PlaintextFileKeyring, "not-viable": NotViableKeyring}


def chainer_over(*members: KeyringBackend, monkeypatch: pytest.MonkeyPatch) -> KeyringBackend:
    """keyring's chainer as it is built when exactly `members` are installed."""
    monkeypatch.setattr(keyring.backend, "get_all_keyring", lambda: list(members))
    return chainer.ChainerBackend()  # type: ignore[no-untyped-call]


@pytest.mark.parametrize("name", ["fail", "null", "plaintext-file", "not-viable"])
def test_keychains_that_would_lose_or_expose_the_key_are_refused(
    name: str, stand_ins: dict[str, type[KeyringBackend]]
) -> None:
    kinds: dict[str, type[KeyringBackend]] = {
        "fail": fail.Keyring,
        "null": null.Keyring,
        **stand_ins,
    }
    backend = kinds[name]()
    keyring.set_keyring(backend)

    assert not is_usable(backend)
    assert usable_backend() is None
    store = KeyStore()
    store.load()
    assert not store.has_keychain
    assert store.backend_name == ""


def test_a_chainer_with_nothing_to_chain_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    only_fail = fail.Keyring()  # type: ignore[no-untyped-call]
    keyring.set_keyring(chainer_over(only_fail, monkeypatch=monkeypatch))

    assert usable_backend() is None


def test_a_chainer_that_would_save_to_a_plaintext_file_is_refused(
    monkeypatch: pytest.MonkeyPatch, stand_ins: dict[str, type[KeyringBackend]]
) -> None:
    plaintext = stand_ins["plaintext-file"]
    backend = chainer_over(plaintext(), plaintext(), monkeypatch=monkeypatch)
    keyring.set_keyring(backend)

    assert backend.priority == 10  # the chainer rates itself 10 as soon as it has two members
    assert usable_backend() is None


def test_a_chainer_led_by_a_real_keychain_is_used(
    monkeypatch: pytest.MonkeyPatch, stand_ins: dict[str, type[KeyringBackend]]
) -> None:
    real = MemoryKeyring()
    plaintext = stand_ins["plaintext-file"]()
    keyring.set_keyring(chainer_over(plaintext, real, monkeypatch=monkeypatch))
    store = KeyStore()
    store.load()

    store.remember("prod", "key-123")

    assert store.has_keychain
    assert store.backend_name == "keyring.backends.chainer.ChainerBackend"
    assert real.passwords == {(SERVICE_NAME, "prod"): "key-123"}
    assert plaintext.passwords == {}  # type: ignore[attr-defined]


def test_a_recommended_keychain_is_used(memory_keyring: MemoryKeyring) -> None:
    store = KeyStore()
    store.load()

    assert store.has_keychain
    assert store.backend_name == "tests.conftest.MemoryKeyring"


def test_a_keyring_that_cannot_load_means_session_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> KeyringBackend:
        raise ImportError("a damaged keyring installation")

    monkeypatch.setattr(keyring, "get_keyring", broken)

    assert usable_backend() is None


@pytest.mark.real_keychain
@pytest.mark.skipif(
    sys.platform not in ("win32", "darwin"),
    reason="Windows and macOS only: Linux's Secret Service is tested in tests/e2e",
)
def test_the_keychain_keyring_finds_on_windows_and_macos_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Only which backend keyring picks and whether we accept it: nothing is read or written.
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    keyring.core.init_backend()

    backend = usable_backend()

    assert backend is not None, keyring.get_keyring()
    expected = {
        "win32": "keyring.backends.Windows.WinVaultKeyring",
        "darwin": "keyring.backends.macOS.Keyring",
    }
    assert backend_name(backend) == expected[sys.platform]
