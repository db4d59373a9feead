"""Typed access to the settings the app remembers between runs, stored with QSettings.

One registry of keys with their defaults and types, over `QSettings(IniFormat, UserScope)`.
The API key is never stored here: secrets belong in the OS keychain.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from vody_desktop import APP_NAME
from vody_desktop.store.paths import ORGANIZATION

SCHEMA_VERSION = 1

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
#: Panes (dock object names, comma-separated) hidden only because the screen was too small:
#: they come back on a screen where they fit.
PANES_HIDDEN_TO_FIT = Setting("window/panes_hidden_to_fit", "")
# Network (whole seconds; read into ClientSettings/RetryPolicy by store/network_settings.py).
CONNECT_TIMEOUT_S = Setting("network/connect_timeout_s", 10)
READ_TIMEOUT_S = Setting("network/read_timeout_s", 30)
WRITE_TIMEOUT_S = Setting("network/write_timeout_s", 30)
#: The longest one request may take in all (a server that drips bytes is stopped by this).
REQUEST_DEADLINE_S = Setting("network/request_deadline_s", 120)
#: Automatic retries after "too many requests" (429) or "unavailable" (503); 0 turns them off.
MAX_AUTOMATIC_RETRIES = Setting("network/max_automatic_retries", 3)
#: A server asking to wait longer than this is not waited for automatically.
RETRY_MAX_WAIT_S = Setting("network/retry_max_wait_s", 120)
RESULT_COLUMNS = Setting("window/result_columns", QByteArray())
#: "system" follows the operating system's light or dark appearance; "light" or "dark" forces one.
THEME = Setting("appearance/theme", "system")
#: Results may hold customer data: a copy is kept for offline viewing only when asked for.
KEEP_RESULTS_OFFLINE = Setting("history/keep_results_offline", False)
OFFLINE_RESULTS_LIMIT_MB = Setting("history/offline_results_limit_mb", 200)
#: Larger results are not opened; the app offers to save them straight to a file instead.
MAX_BODY_MB = Setting("network/max_body_mb", 512)
# The Items tab (a table of the result's items): shown first when a result has items; pictures
# from links in results; the colour difference (CIEDE2000) under which a prediction matches.
ITEMS_FIRST = Setting("items/open_first", True)
LOAD_PICTURES = Setting("items/load_pictures", True)
MATCH_THRESHOLD = Setting("items/match_threshold", 10)
# Review mode: the name kept with each verdict ("" means the computer's user name, see
# review/reviewer.py), and whether a verdict key moves on to the next item.
REVIEWER = Setting("review/reviewer", "")
MOVE_AFTER_VERDICT = Setting("review/move_to_next", True)
# Compare: two numbers are equal within these tolerances (the defaults of CompareOptions). Kept
# as text ("1e-06"): a spin box would round such small numbers away.
COMPARE_ABSOLUTE_TOLERANCE = Setting("compare/absolute_tolerance", "1e-06")
COMPARE_RELATIVE_TOLERANCE = Setting("compare/relative_tolerance", "1e-09")


class AppSettings:
    """Reads and writes the registry's settings; odd stored values fall back to defaults."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._qs = qsettings or QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APP_NAME
        )
        #: Why the stored settings were not used (shown to the person once), or "".
        self.problem = ""
        if self._qs.status() != QSettings.Status.NoError:
            self._start_afresh()
        if self._qs.value("schema_version") is None:
            self._qs.setValue("schema_version", SCHEMA_VERSION)

    def _start_afresh(self) -> None:
        """Put an unreadable settings file aside (never lose it) and go on with defaults."""
        path = Path(self._qs.fileName())
        kept = path.with_name(path.name + ".unreadable")
        try:
            path.replace(kept)
        except OSError:
            kept = path
        self._qs = QSettings(str(path), QSettings.Format.IniFormat)
        self.problem = (
            f"Vody Desktop could not read its settings file, so it started with the default "
            f"settings. The old file was kept as {kept}."
        )

    @property
    def file_name(self) -> str:
        return self._qs.fileName()

    def stored(self) -> dict[str, object]:
        """Every stored key and value (for diagnostics; the registry never holds secrets)."""
        return {key: self._qs.value(key) for key in self._qs.allKeys()}

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
