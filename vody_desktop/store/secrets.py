"""API keys: in the OS keychain when the person asks to remember them, else only in memory.

One keychain entry per environment: service `SERVICE_NAME`, account = the environment key
("prod", "dev", "sandbox"), or the server address for a custom address. `keyring` is imported
only when first needed (importing it and finding its backend takes ~75 ms, so not at start-up).
The `fail` and `null` backends store nothing: then keys live in memory for the session only.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from vody_desktop import APP_NAME
from vody_desktop.errors import UserFacingError

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)

SERVICE_NAME = APP_NAME
CUSTOM_ENVIRONMENT = "custom"
_USELESS_BACKENDS = frozenset({"keyring.backends.fail", "keyring.backends.null"})

NO_KEYCHAIN_NOTE = (
    "This computer has no password store that Vody Desktop can use, so your key is kept only "
    "until you close the app."
)


class KeychainError(UserFacingError):
    """The keychain refused or failed; the key stays in memory for this session."""

    title = "The key could not be saved on this computer"
    advice = (
        "Your key still works until you close Vody Desktop. Unlock your password store "
        "(keychain) and tick “Remember this key” again."
    )


def account_for(environment_key: str, base_url: str) -> str:
    """The keychain account of an environment: its key, or the address for a custom one."""
    if environment_key == CUSTOM_ENVIRONMENT:
        return base_url.strip().rstrip("/")
    return environment_key


def usable_backend() -> KeyringBackend | None:
    """The keyring backend, or None when it cannot keep anything (fail, null, or none)."""
    try:
        import keyring
        from keyring.backends.chainer import ChainerBackend

        backend = keyring.get_keyring()
    except Exception:  # a broken keyring installation must not stop the app
        log.warning("The keyring could not be loaded", exc_info=True)
        return None
    if type(backend).__module__ in _USELESS_BACKENDS:
        return None
    if isinstance(backend, ChainerBackend) and not backend.backends:
        return None
    return backend


class KeyStore:
    """Keys by account: remembered ones in the keychain, all of them in memory for the session.

    `load()` must run before the keychain is used (it imports keyring); until then, and when
    there is no usable keychain, only the session memory is used.
    """

    def __init__(self) -> None:
        self._session: dict[str, str] = {}
        self._backend: KeyringBackend | None = None
        self._loaded = False

    def load(self) -> None:
        if not self._loaded:
            self._backend = usable_backend()
            self._loaded = True
            log.info(
                "Key storage: %s",
                type(self._backend).__name__ if self._backend else "session memory only",
            )

    @property
    def loaded(self) -> bool:
        return self._loaded

    @property
    def has_keychain(self) -> bool:
        return self._backend is not None

    def session_keys(self) -> list[str]:
        """Every key this session knows (for scrubbing logs)."""
        return list(self._session.values())

    def keep_for_session(self, account: str, key: str) -> None:
        if key:
            self._session[account] = key
        else:
            self._session.pop(account, None)

    def session_key(self, account: str) -> str:
        return self._session.get(account, "")

    def remembered(self, account: str) -> str:
        """The key saved in the keychain for `account`, or "" (also when it cannot be read)."""
        if self._backend is None or not account:
            return ""
        try:
            key = self._backend.get_password(SERVICE_NAME, account)
        except Exception:
            log.warning("Could not read a key from the keychain", exc_info=True)
            return ""
        return key or ""

    def remember(self, account: str, key: str) -> None:
        """Save the key in the keychain; raises `KeychainError` (the key is kept in memory)."""
        self.keep_for_session(account, key)
        if self._backend is None:
            raise KeychainError(advice=NO_KEYCHAIN_NOTE)
        try:
            self._backend.set_password(SERVICE_NAME, account, key)
        except Exception as error:
            log.warning("Could not save a key in the keychain: %s", type(error).__name__)
            raise KeychainError(detail=f"{type(error).__name__} from the keychain") from None

    def forget(self, account: str) -> None:
        """Remove the saved key of `account` from the keychain and from memory."""
        self._session.pop(account, None)
        self.forget_saved(account)

    def forget_saved(self, account: str) -> None:
        """Remove the saved key from the keychain only (it stays usable for this session)."""
        if self._backend is None:
            return
        try:
            if self._backend.get_password(SERVICE_NAME, account) is not None:
                self._backend.delete_password(SERVICE_NAME, account)
        except Exception as error:
            log.warning("Could not remove a key from the keychain: %s", type(error).__name__)
            raise KeychainError(
                "The saved key could not be removed",
                "Open your password store (keychain) and delete the Vody Desktop entry there.",
                f"{type(error).__name__} from the keychain",
            ) from None
