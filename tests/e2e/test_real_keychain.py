"""The OS keychain for real: the app against a throw-away Secret Service (gnome-keyring).

Every other test uses an in-memory keyring. Here the app runs in fresh processes, as a person
starts it twice, against a private, unlocked gnome-keyring (tests/e2e/secret_service.py):

- a key saved with "Remember this key" is filled in at the next start, and is in the Secret
  Service (read back by this test through keyring's own SecretService backend);
- Lookup > Forget key removes it there, and the next start shows an empty field;
- no file the app or the keyring wrote (settings, log, history folder, the keyring's own file,
  which is encrypted) holds the key.

Linux only (skipped by platform elsewhere); without dbus-daemon or gnome-keyring-daemon the tests
skip on a developer's machine and fail under CI (tests/system_parts.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.keychain_window import KEY_VARIABLE
from tests.e2e.secret_service import (
    SecretServiceSession,
    start_secret_service,
    stop_secret_service,
)
from tests.system_parts import linux_only
from vody_desktop.store.secrets import SERVICE_NAME

pytestmark = [pytest.mark.e2e, pytest.mark.real_keychain, linux_only]

ROOT = Path(__file__).resolve().parents[2]
SECRET_SERVICE_BACKEND = "keyring.backends.SecretService.Keyring"
KEY = "real-keychain-3f9a1c7e-5b2d-4e8f-a6c0-9d1b7e2f4a5c"


@pytest.fixture
def secret_service(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SecretServiceSession]:
    """A private, unlocked Secret Service; this process talks to it too (to check the store)."""
    session = start_secret_service(tmp_path_factory.mktemp("secret-service"))
    try:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", session.bus_address)
        yield session
    finally:
        stop_secret_service(session)


def start_app(session: SecretServiceSession, action: str) -> dict[str, Any]:
    """One start of the app in a fresh process (tests/e2e/keychain_window.py); what it showed."""
    environ = {**session.environ, "QT_QPA_PLATFORM": "offscreen", KEY_VARIABLE: KEY}
    done = subprocess.run(
        [sys.executable, "-m", "tests.e2e.keychain_window", action],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert KEY not in done.stderr
    report: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    assert report["backend"] == SECRET_SERVICE_BACKEND  # the real store, not memory or a file
    assert report["environment"] == "prod"
    return report


def saved_in_secret_service(account: str) -> str | None:
    """What the Secret Service holds for the app's entry, read the way keyring reads it."""
    from keyring.backends import SecretService

    backend = SecretService.Keyring()  # type: ignore[no-untyped-call]
    password: str | None = backend.get_password(  # type: ignore[no-untyped-call]
        SERVICE_NAME, account
    )
    return password


def files_holding(needle: str, folder: Path) -> list[Path]:
    """Files under `folder` whose bytes contain `needle` (in UTF-8 or UTF-16, any case)."""
    forms = {needle.lower().encode(), needle.lower().encode("utf-16-le")}
    return [
        path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and any(form in path.read_bytes().lower() for form in forms)
    ]


def test_a_remembered_key_is_there_at_the_next_start(secret_service: SecretServiceSession) -> None:
    first = start_app(secret_service, "remember")

    assert first["message"] == "Key remembered for Production"
    assert first["remember_checked"]
    assert saved_in_secret_service("prod") == KEY

    again = start_app(secret_service, "show")

    assert again["key_field"] == KEY
    assert again["remember_checked"]


def test_forget_removes_the_key_from_the_secret_service(
    secret_service: SecretServiceSession,
) -> None:
    start_app(secret_service, "remember")
    assert saved_in_secret_service("prod") == KEY

    forgot = start_app(secret_service, "forget")

    assert forgot["message"] == "Key forgotten for Production"
    assert forgot["key_field"] == ""
    assert saved_in_secret_service("prod") is None
    later = start_app(secret_service, "show")
    assert later["key_field"] == ""
    assert not later["remember_checked"]
    assert later["remember_enabled"]  # a keychain is there, only empty


def test_the_key_is_in_no_file_under_home_config_or_data(
    secret_service: SecretServiceSession,
) -> None:
    start_app(secret_service, "remember")
    start_app(secret_service, "show")

    home = secret_service.home
    written = [p.relative_to(home).as_posix() for p in home.rglob("*") if p.is_file()]
    # The app and the keyring did write here: settings, the log file, the keyring's own file.
    assert ".config/Vody/Vody Desktop.ini" in written
    assert ".local/share/Vody/Vody Desktop/logs/vody-desktop.log" in written
    assert ".local/share/keyrings/login.keyring" in written
    assert saved_in_secret_service("prod") == KEY
    assert files_holding(KEY, secret_service.root) == []
