"""Where the app keeps its files on each system: the settings file, the data folder, the logs.

One function, `user_folders`, decides them from the system name, the environment variables and
the home folder, so what Windows and macOS get is tested on any machine
(tests/unit/test_per_system.py). The places are the ones Qt's defaults gave before (QSettings'
per-user INI location, QStandardPaths' GenericDataLocation), so nobody's settings or history move:

- Linux: `$XDG_CONFIG_HOME/Vody/Vody Desktop.ini` and `$XDG_DATA_HOME/Vody/Vody Desktop`
  (the XDG defaults `~/.config` and `~/.local/share` when unset or not absolute, as the XDG
  specification asks);
- macOS: `~/.config/Vody/Vody Desktop.ini` (Qt's INI place on macOS, which also honours
  `XDG_CONFIG_HOME`) and `~/Library/Application Support/Vody/Vody Desktop`;
- Windows: `%APPDATA%\\Vody\\Vody Desktop.ini` (roams with the profile) and
  `%LOCALAPPDATA%\\Vody\\Vody Desktop` (history and offline copies stay on this computer).

The logs are in `logs` inside the data folder. `VODY_DESKTOP_DATA_DIR` moves the data and logs
(a portable install, and the tests' temporary folders). The names come from our organisation and
app names, never from the QApplication's (tests run under pytest-qt's name).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

from vody_desktop import APP_NAME

DATA_DIR_VARIABLE = "VODY_DESKTOP_DATA_DIR"
#: QSettings' organisation name (vody_desktop.store.settings uses the same).
ORGANIZATION = "Vody"


@dataclass(frozen=True)
class UserFolders:
    """The per-user places of one system (pure paths: they may be another system's)."""

    #: QSettings' per-user INI folder: the settings file is `<root>/Vody/Vody Desktop.ini`.
    settings_root: PurePath
    #: History database and offline copies.
    data: PurePath

    @property
    def settings_file(self) -> PurePath:
        return self.settings_root / ORGANIZATION / f"{APP_NAME}.ini"

    @property
    def logs(self) -> PurePath:
        return self.data / "logs"


def user_folders(
    platform: str | None = None,
    environ: Mapping[str, str] | None = None,
    home: PurePath | None = None,
) -> UserFolders:
    """The folders for `platform` (a `sys.platform` value; this system's when None)."""
    platform = sys.platform if platform is None else platform
    environ = os.environ if environ is None else environ
    windows = platform == "win32"
    flavour: type[PurePath] = PureWindowsPath if windows else PurePosixPath
    home = flavour(Path.home()) if home is None else home

    def folder(variable: str, default: PurePath) -> PurePath:
        """`$variable` when it holds an absolute path, else `default`."""
        value = flavour(environ.get(variable, "").strip() or ".")
        return value if value.is_absolute() else default

    if windows:
        settings_root = folder("APPDATA", home / "AppData" / "Roaming")
        generic_data = folder("LOCALAPPDATA", home / "AppData" / "Local")
    elif platform == "darwin":
        settings_root = folder("XDG_CONFIG_HOME", home / ".config")
        generic_data = home / "Library" / "Application Support"
    else:
        settings_root = folder("XDG_CONFIG_HOME", home / ".config")
        generic_data = folder("XDG_DATA_HOME", home / ".local" / "share")
    data = generic_data / ORGANIZATION / APP_NAME
    override = environ.get(DATA_DIR_VARIABLE, "").strip()
    if override:
        data = flavour(override)
    return UserFolders(settings_root=settings_root, data=data)


def data_dir() -> Path:
    """The user data folder (history database, offline copies); not created here."""
    return Path(user_folders().data)


def log_dir() -> Path:
    """The folder of the rotating log file; not created here."""
    return Path(user_folders().logs)


def use_settings_folder() -> None:
    """Make QSettings' per-user INI files live where `user_folders` says (once, at start-up)."""
    from PySide6.QtCore import QSettings

    root = str(user_folders().settings_root)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, root)
