"""API keys: in the OS keychain when the person asks to remember them, else only in memory.

One keychain entry per environment: service `SERVICE_NAME`, account = the environment key
("prod", "dev", "sandbox"), or the server address for a custom address. `keyring` is imported
only when first needed (importing it and finding its backend takes ~75 ms, so not at start-up).
Only backends that keyring itself recommends (priority 1 or more: the macOS Keychain, Windows
Credential Locker, the Secret Service, KWallet) are used. The others store nothing (`fail`,
`null`, a chainer with nothing to chain) or are worse than nothing for us: keyrings.alt's
plaintext file (priority 0.5) would write the key to a file, its encrypted file (0.6) asks for a
password on a terminal the person never sees. Then keys live in memory for the session only.

Finding the backend (and reading the first key) can take 80-110 ms, longer while a keychain
daemon starts: the window does it on a worker thread with `look_up_keychain()` and hands the
answer to `KeyStore.adopt()` on the UI thread (ui/mainwindow/key_keeper.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vody_desktop import APP_NAME
from vody_desktop.errors import UserFacingError

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)

SERVICE_NAME = APP_NAME
CUSTOM_ENVIRONMENT = "custom"
#: keyring's own line between "recommended" and "not recommended" (`keyring.core.recommended`).
RECOMMENDED_PRIORITY = 1.0

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
    """The keyring backend, or None when it cannot keep a key safely (see the module's notes)."""
    try:
        import keyring

        backend = keyring.get_keyring()
    except Exception:  # a broken keyring installation must not stop the app
        log.warning("The keyring could not be loaded", exc_info=True)
        return None
    return backend if is_usable(backend) else None


@dataclass(frozen=True)
class KeychainLookup:
    """What a worker found: the usable backend (or None) and the key saved for one account."""

    backend: KeyringBackend | None
    account: str
    key: str


def look_up_keychain(account: str) -> KeychainLookup:
    """Find the backend and read `account`'s saved key; safe on a worker thread (no Qt)."""
    backend = usable_backend()
    return KeychainLookup(backend, account, read_key(backend, account))


def read_key(backend: KeyringBackend | None, account: str) -> str:
    """The key saved in `backend` for `account`, or "" (also when it cannot be read)."""
    if backend is None or not account:
        return ""
    try:
        key = backend.get_password(SERVICE_NAME, account)
    except Exception:
        log.warning("Could not read a key from the keychain", exc_info=True)
        return ""
    return key or ""


def is_usable(backend: KeyringBackend) -> bool:
    """Whether `backend` is a password store keyring recommends (a chainer: its first member)."""
    from keyring.backends.chainer import ChainerBackend

    try:
        if isinstance(backend, ChainerBackend):
            # The chainer saves with its first member (the highest priority); its own priority
            # is 10 as soon as it has two members, whatever they are.
            members = backend.backends
            return bool(members) and members[0].priority >= RECOMMENDED_PRIORITY
        return bool(backend.priority >= RECOMMENDED_PRIORITY)
    except Exception:  # a backend whose priority raises is not viable on this computer
        log.info("Keyring backend %s is not viable here", backend_name(backend), exc_info=True)
        return False


def backend_name(backend: KeyringBackend | None) -> str:
    """The backend's full class name (for diagnostics and tests), or "" for none."""
    if backend is None:
        return ""
    kind = type(backend)
    return f"{kind.__module__}.{kind.__qualname__}"


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
        """Find the backend here and now (on the calling thread)."""
        if not self._loaded:
            self._use(usable_backend())

    def adopt(self, lookup: KeychainLookup) -> None:
        """Use the backend a worker found (`look_up_keychain`), unless one is in use already."""
        if not self._loaded:
            self._use(lookup.backend)

    def _use(self, backend: KeyringBackend | None) -> None:
        self._backend = backend
        self._loaded = True
        log.info("Key storage: %s", type(backend).__name__ if backend else "session memory only")

    @property
    def loaded(self) -> bool:
        return self._loaded

    @property
    def has_keychain(self) -> bool:
        return self._backend is not None

    @property
    def backend_name(self) -> str:
        """The keyring backend in use ("keyring.backends.SecretService.Keyring"), or ""."""
        return backend_name(self._backend)

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
        return read_key(self._backend, account)

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
