"""Where the app's own files (the icon) are, in each way the app can be installed.

One folder, `resources/` at the top of the source tree, holds the icon, the .desktop entry and
the AppStream metainfo. The app finds its copy of that folder in three places:

- a PyInstaller bundle (`sys.frozen`): `<bundle>/_internal/resources`, that is
  `sys._MEIPASS/resources` (packaging/vody-desktop.spec puts it there);
- an installed wheel: `vody_desktop/_resources` inside the package (pyproject.toml's
  `[tool.hatch.build.targets.wheel.force-include]` copies it there), found beside this module
  (what `importlib.resources.files` answers for a file-system install, without the 7-10 ms its
  import costs before the window's first paint);
- a source checkout or editable install: `resources/` beside the `vody_desktop` package.

Only `application_icon()` needs Qt; the rest is plain Python.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

#: The reverse-DNS application ID shared by the .desktop entry, the AppStream metainfo, the icon
#: file names and `QGuiApplication.setDesktopFileName` (Wayland matches windows to it).
APP_ID: Final = "com.vody.Desktop"
ICON_SIZES: Final = (16, 24, 32, 48, 64, 128, 256, 512)
_PACKAGED_FOLDER: Final = "_resources"
#: The installed package's folder (a zip import has none: its resources are not found).
PACKAGE_FOLDER = Path(__file__).resolve().parent


class ResourcesMissingError(FileNotFoundError):
    """The resources folder is in none of the places an installation puts it."""


def resources_folder() -> Path:
    """The folder that holds `icons/`, the .desktop entry and the metainfo."""
    candidates = list(_candidate_folders())
    for folder in candidates:
        if (folder / "icons").is_dir():
            return folder
    searched = ", ".join(str(folder) for folder in candidates)
    raise ResourcesMissingError(f"Vody Desktop's resources are missing (searched {searched})")


def _candidate_folders() -> list[Path]:
    meipass = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and meipass:
        return [Path(meipass) / "resources"]
    package = PACKAGE_FOLDER  # a normal file-system install (wheel or source)
    return [package / _PACKAGED_FOLDER, package.parent / "resources"]


def icon_png(size: int) -> Path:
    """The application icon drawn at `size` x `size` pixels."""
    return resources_folder() / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def icon_svg() -> Path:
    """The icon's vector source."""
    return resources_folder() / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"


def application_icon() -> QIcon:
    """The icon for windows and the task bar, with every drawn size (no blurry scaling).

    PNGs rather than the SVG, so the bundle needs no QtSvg module or image-format plugin.
    An installation without its resources still starts, with Qt's default icon.
    """
    from PySide6.QtGui import QIcon

    icon = QIcon()
    try:
        for size in ICON_SIZES:
            icon.addFile(str(icon_png(size)))
    except ResourcesMissingError:
        return QIcon()
    return icon
