"""A keyring backend for child processes in tests: read-only, filled from an environment variable.

Nothing is stored in a file, and the real keychain is never touched. A test selects it in the
child with `PYTHON_KEYRING_BACKEND=tests.e2e.env_keyring.EnvironmentKeyring` (the repository on
`PYTHONPATH`) and hands the entries over in `KEYRING_VARIABLE` via `entries_variable()`.
`LockedKeyring` is a keychain that refuses every read.
"""

from __future__ import annotations

import json
import os

from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, PasswordDeleteError, PasswordSetError

BACKEND = f"{__name__}.EnvironmentKeyring"
LOCKED_BACKEND = f"{__name__}.LockedKeyring"
KEYRING_VARIABLE = "VODY_TEST_KEYRING_ENTRIES"


def entries_variable(entries: dict[tuple[str, str], str]) -> str:
    """The value of `KEYRING_VARIABLE` for these (service, account) -> password entries."""
    return json.dumps([[service, account, key] for (service, account), key in entries.items()])


class EnvironmentKeyring(KeyringBackend):
    """The entries of `KEYRING_VARIABLE`; saving and deleting are refused."""

    priority = 1

    def _entries(self) -> dict[tuple[str, str], str]:
        rows = json.loads(os.environ.get(KEYRING_VARIABLE, "[]"))
        return {(service, account): key for service, account, key in rows}

    def get_password(self, service: str, username: str) -> str | None:
        return self._entries().get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("this test keyring is read-only")

    def delete_password(self, service: str, username: str) -> None:
        raise PasswordDeleteError("this test keyring is read-only")


class LockedKeyring(KeyringBackend):
    """A keychain that stays locked: every read fails, as a locked Secret Service does."""

    priority = 1

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("the keychain is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("the keychain is locked")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("the keychain is locked")
