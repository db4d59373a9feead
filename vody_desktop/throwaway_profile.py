"""A throwaway profile for tooling that starts the real app: benchmarks, screenshots, checks.

The app keeps its settings (QSettings), its history and logs (the data folder) and saved keys (the
keychain) in the person's own places. A developer who runs `make bench` or `make screenshot`
must not find benchmark lookups in their history, a changed window layout, or a keychain prompt.
A profile is a new temporary folder standing in for all of those:

- `HOME` and the XDG folders (config, data, cache, state) point into it, so Qt's settings and
  standard paths land there (on Linux; `apply()` also moves QSettings on Windows and macOS,
  which do not read the XDG variables);
- `VODY_DESKTOP_DATA_DIR` moves the history and the log file (vody_desktop/store/paths.py);
- keyring's `null` backend, which the app treats as "no keychain": keys stay in memory.

`variables()` / `environment()` are for child processes; `apply()` is for the running process,
before it creates its QApplication; `use_throwaway_profile()` is the one call for a script: it
keeps the profile a parent tool passed down, or makes one that is removed at exit.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from vody_desktop.store.paths import DATA_DIR_VARIABLE

#: Set in a profile's environment: the profile folder, so child tools use the same one.
PROFILE_VARIABLE: Final = "VODY_DESKTOP_THROWAWAY_PROFILE"
KEYRING_BACKEND_VARIABLE: Final = "PYTHON_KEYRING_BACKEND"
#: keyring's own "no keychain" backend: the app keeps keys in memory and asks no keychain.
NO_KEYCHAIN: Final = "keyring.backends.null.Keyring"


@dataclass(frozen=True)
class ThrowawayProfile:
    """The folders of one throwaway profile, all under `root`."""

    root: Path

    @classmethod
    def create(cls, prefix: str = "vody-profile-") -> ThrowawayProfile:
        """A new profile in the temporary folder (the caller removes it, see `remove()`)."""
        return cls(Path(tempfile.mkdtemp(prefix=prefix)).resolve())

    @property
    def home(self) -> Path:
        return self.root / "home"

    @property
    def config(self) -> Path:
        return self.root / "config"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def app_data(self) -> Path:
        """History, offline copies and logs (`VODY_DESKTOP_DATA_DIR`)."""
        return self.root / "app-data"

    def variables(self) -> dict[str, str]:
        """The environment variables that move every user file of the app into the profile."""
        for folder in (self.home, self.config, self.data):
            folder.mkdir(parents=True, exist_ok=True)
        return {
            PROFILE_VARIABLE: str(self.root),
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.config),
            "XDG_DATA_HOME": str(self.data),
            "XDG_CACHE_HOME": str(self.root / "cache"),
            "XDG_STATE_HOME": str(self.root / "state"),
            DATA_DIR_VARIABLE: str(self.app_data),
            KEYRING_BACKEND_VARIABLE: NO_KEYCHAIN,
        }

    def environment(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """`base` (this process's environment by default) with the profile's variables."""
        return {**(os.environ if base is None else base), **self.variables()}

    def apply(self) -> None:
        """Use the profile in this process: its environment, and Qt's settings folder."""
        os.environ.update(self.variables())
        from PySide6.QtCore import QSettings

        # XDG_CONFIG_HOME is all Qt reads on Linux; Windows and macOS need the explicit path.
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(self.config))

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def use_throwaway_profile(prefix: str = "vody-profile-") -> ThrowawayProfile:
    """Apply the profile a parent tool passed down, or a new one that is removed at exit."""
    inherited = os.environ.get(PROFILE_VARIABLE, "").strip()
    if inherited:
        profile = ThrowawayProfile(Path(inherited))
    else:
        profile = ThrowawayProfile.create(prefix)
        atexit.register(profile.remove)
    profile.apply()
    return profile
