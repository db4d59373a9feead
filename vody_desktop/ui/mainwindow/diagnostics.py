"""The text of Help > Copy diagnostics: versions, platform, folders and settings, no secrets.

Everything is passed through the same scrubbing as the log file, so even a key pasted into a
settings value by mistake does not reach a support ticket.
"""

from __future__ import annotations

import platform
import sys
from collections.abc import Iterable
from importlib import metadata

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication

from vody_desktop import APP_NAME, __version__
from vody_desktop.store.log_file import redact_secrets
from vody_desktop.store.paths import data_dir, log_dir
from vody_desktop.store.settings import AppSettings

_PACKAGES = ("httpx", "qasync", "msgspec", "truststore", "keyring")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def diagnostics_text(
    settings: AppSettings, *, key_storage: str, secrets: Iterable[str] = ()
) -> str:
    """A plain-text report for a support ticket."""
    app = QGuiApplication.instance()
    platform_name = QGuiApplication.platformName() if app is not None else "none"
    lines = [
        f"{APP_NAME} {__version__}",
        f"Python {sys.version.split()[0]} ({platform.python_implementation()})",
        f"Qt {qVersion()}, PySide6 {pyside_version}, platform plugin {platform_name}",
        *(f"{package} {_version(package)}" for package in _PACKAGES),
        f"System: {platform.platform()} ({platform.machine()})",
        f"Key storage: {key_storage}",
        f"Settings file: {settings.file_name}",
        f"Data folder: {data_dir()}",
        f"Log folder: {log_dir()}",
        "",
        "Settings:",
    ]
    for key, value in sorted(settings.stored().items()):
        shown = f"<{len(value)} bytes>" if isinstance(value, bytes | bytearray) else value
        if type(value).__name__ == "QByteArray":
            shown = "<binary>"
        lines.append(f"  {key} = {shown}")
    return redact_secrets("\n".join(lines), secrets)
