"""Where the app keeps its files: the data folder (history) and the log folder.

Built from the generic locations plus our organisation and app names, so the folders do not
depend on how a QApplication was named (tests run under pytest-qt's name). `VODY_DESKTOP_DATA_DIR`
moves everything (a portable install, and the tests' temporary folders); on Linux the XDG
variables work as usual.
"""

from __future__ import annotations

import os
from pathlib import Path

from vody_desktop import APP_NAME

DATA_DIR_VARIABLE = "VODY_DESKTOP_DATA_DIR"


def data_dir() -> Path:
    """The user data folder (history database, offline copies); not created here."""
    override = os.environ.get(DATA_DIR_VARIABLE, "").strip()
    if override:
        return Path(override)
    from PySide6.QtCore import QStandardPaths

    from vody_desktop.store.settings import ORGANIZATION

    generic = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    return Path(generic) / ORGANIZATION / APP_NAME


def log_dir() -> Path:
    """The folder of the rotating log file; not created here."""
    return data_dir() / "logs"
