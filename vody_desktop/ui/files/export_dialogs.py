"""The Save dialog of an export (one name filter per format) and the Open dialog for a saved file.

Both are opened with `.open()` (never `exec()` or the static helpers: no nested event loop).
The Save dialog asks before replacing an existing file (QFileDialog's own confirmation),
remembers nothing itself: the caller stores the folder and format once the export succeeds.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from vody_desktop.document.export_formats import (
    FORMATS,
    ExportFormat,
    format_for_filter,
    format_for_path,
)
from vody_desktop.store.settings import Setting

if TYPE_CHECKING:  # QFileDialog is imported by the first dialog, not for the window's first paint
    from PySide6.QtWidgets import QFileDialog, QWidget

LAST_EXPORT_FORMAT = Setting("export/last_format", ExportFormat.JSON.value)
LAST_OPEN_FOLDER = Setting("open/last_folder", "")
ALL_FILES = "All files (*)"
JSON_FILES = "JSON files (*.json)"
_UNSAFE_NAME_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
#: Room for a suffix within the 255 characters a file name may have (Windows, and most Linux
#: file systems), also when the base is the long name of an opened file.
_MAX_STEM_CHARS = 200


def export_dialog(
    parent: QWidget, folder: str, base_name: str, fmt: ExportFormat, *, selection: bool
) -> QFileDialog:
    """A Save dialog in `folder`, proposing `base_name` with the suffix of `fmt`."""
    from PySide6.QtWidgets import QFileDialog

    info = FORMATS[fmt]
    title = "Export selection" if selection else "Export result"
    dialog = QFileDialog(parent, title, str(Path(folder) / f"{base_name}.{info.suffix}"))
    dialog.setObjectName("exportDialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilters([FORMATS[each].name_filter for each in ExportFormat] + [ALL_FILES])
    dialog.selectNameFilter(info.name_filter)
    dialog.setDefaultSuffix(info.suffix)

    def on_filter_selected(name_filter: str) -> None:
        chosen = format_for_filter(name_filter)
        if chosen is not None:
            suffix = FORMATS[chosen].suffix
            dialog.setDefaultSuffix(suffix)
            dialog.selectFile(f"{base_name}.{suffix}")

    dialog.filterSelected.connect(on_filter_selected)
    dialog.finished.connect(dialog.deleteLater)
    return dialog


def chosen_format(dialog: QFileDialog, path: str, fallback: ExportFormat) -> ExportFormat:
    """The format picked in the dialog; for "All files", the one the file name's suffix asks for."""
    return format_for_filter(dialog.selectedNameFilter()) or format_for_path(path) or fallback


def open_dialog(parent: QWidget, folder: str) -> QFileDialog:
    """An Open dialog for a saved JSON result."""
    from PySide6.QtWidgets import QFileDialog

    dialog = QFileDialog(parent, "Open a saved result", folder)
    dialog.setObjectName("openDialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setNameFilters([JSON_FILES, ALL_FILES])
    dialog.finished.connect(dialog.deleteLater)
    return dialog


def selection_file_name(base_name: str, path: str) -> str:
    """A file name for an exported node: "<base>-colors.0.hex" for "$.colors[0].hex"."""
    tail = _UNSAFE_NAME_CHARS.sub(".", path.removeprefix("$")).strip(".")[:60]
    if not tail:
        return base_name
    return f"{base_name[: _MAX_STEM_CHARS - len(tail) - 1]}-{tail}"
