"""Typed access to the settings the app remembers between runs, stored with QSettings.

One registry of keys with their defaults and types, over `QSettings(IniFormat, UserScope)`.
The API key is never stored here: secrets belong in the OS keychain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from vody_desktop import APP_NAME

SCHEMA_VERSION = 1
ORGANIZATION = "Vody"

T = TypeVar("T", str, int, bool, QByteArray)


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One remembered value: where it lives and what it is when nothing was stored."""

    key: str
    default: T


ENVIRONMENT = Setting("lookup/environment", "prod")
CUSTOM_BASE_URL = Setting("lookup/custom_base_url", "")
LAST_EXPORT_FOLDER = Setting("export/last_folder", "")
WINDOW_GEOMETRY = Setting("window/geometry", QByteArray())
WINDOW_STATE = Setting("window/state", QByteArray())


class AppSettings:
    """Reads and writes the registry's settings; odd stored values fall back to defaults."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._qs = qsettings or QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APP_NAME
        )
        if self._qs.value("schema_version") is None:
            self._qs.setValue("schema_version", SCHEMA_VERSION)

    def get(self, setting: Setting[T]) -> T:
        value = self._qs.value(setting.key, setting.default)
        default = setting.default
        if isinstance(default, bool):
            if isinstance(value, str):
                return value.lower() in {"true", "1", "yes"}
            return bool(value)
        if isinstance(default, int):
            try:
                return int(str(value))
            except ValueError:
                return default
        if isinstance(value, type(default)):
            return value
        return default

    def set(self, setting: Setting[T], value: T) -> None:
        self._qs.setValue(setting.key, value)

    def sync(self) -> None:
        self._qs.sync()
