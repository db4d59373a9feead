"""Programs the installed app starts get the person's own environment, not the bundle's.

PyInstaller's bootloader puts the bundle's library folder first in `LD_LIBRARY_PATH` (saving the
value it found in `LD_LIBRARY_PATH_ORIG`, and none when there was none), and its PySide6 runtime
hook points `QT_PLUGIN_PATH` and `QML2_IMPORT_PATH` into the bundle (and, on Windows, `PATH`).
Programs the app opens (xdg-open, the file manager, the browser, through
`QDesktopServices.openUrl` for Help > Open log folder, Open link and the like) inherit that
environment, and on a newer system than the build machine they would load the bundle's older
glib, libstdc++ or Qt plugins instead of their own, and fail or crash. PyInstaller's documentation
("Launching External Programs from the Frozen Application") says to reset these before starting
an external program.

The app starts no helper program of its own, so the process environment itself is reset, once,
after the QApplication exists (`app.main`). That is safe for the running app: the dynamic loader
reads `LD_LIBRARY_PATH` only when the process starts, and Qt reads `QT_PLUGIN_PATH` when the
QApplication computes its plugin folders (the bundle's qt.conf gives them too).

Windows also narrows the DLL search of child processes with `SetDllDirectoryW`; that part is not
undone here (it cannot be tried on this machine's build).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, MutableMapping

LIBRARY_PATH = "LD_LIBRARY_PATH"
#: where PyInstaller's bootloader keeps the value it found
ORIGINAL_LIBRARY_PATH = "LD_LIBRARY_PATH_ORIG"
#: path lists the bootloader or PyInstaller's runtime hooks may point into the bundle
BUNDLE_PATH_LISTS = (
    LIBRARY_PATH,
    "QT_PLUGIN_PATH",
    "QML2_IMPORT_PATH",
    "PATH",
    "DYLD_LIBRARY_PATH",
)


def for_children(environ: Mapping[str, str], bundle_dir: str) -> dict[str, str]:
    """`environ` as it was before the bundle started: its additions removed, values restored."""
    env = dict(environ)
    original = env.pop(ORIGINAL_LIBRARY_PATH, None)
    if original is not None:
        env[LIBRARY_PATH] = original
    for name in BUNDLE_PATH_LISTS:
        if name in env:
            kept = [p for p in env[name].split(os.pathsep) if p and not _inside(p, bundle_dir)]
            if kept:
                env[name] = os.pathsep.join(kept)
            else:
                del env[name]
    return env


def restore_for_children(environ: MutableMapping[str, str] | None = None) -> bool:
    """In the installed bundle, give the process the person's environment again; else nothing.

    Returns whether anything was done (only in a PyInstaller bundle).
    """
    bundle_dir = getattr(sys, "_MEIPASS", None)
    if not getattr(sys, "frozen", False) or not bundle_dir:
        return False
    target = os.environ if environ is None else environ
    wanted = for_children(target, str(bundle_dir))
    for name in [name for name in target if name not in wanted]:
        del target[name]  # os.environ unsets it for the C library too, which Qt's children use
    for name, value in wanted.items():
        if target.get(name) != value:
            target[name] = value
    return True


def _inside(path: str, folder: str) -> bool:
    path, folder = os.path.normpath(path), os.path.normpath(folder)
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
