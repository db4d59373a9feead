"""Every file name the app proposes or writes is valid on Windows too (the strictest system).

Windows refuses `< > : " / \\ | ? *` and control characters, a name ending in a dot or space,
the device names (CON, PRN, AUX, NUL, COM1-9, LPT1-9, also with an extension: "aux.json") and
names over 255 characters. A proposal Windows refuses makes the Save dialog fail on the very
name it suggested. Checked here: the names the export Save dialog proposes (for a result and for
a selected value with any key in its path), the download name, and the names of the files the
app keeps (history, log, settings put aside).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QWidget

from vody_desktop.api.ids import EXAMPLE_ID
from vody_desktop.document.export_formats import FORMATS, ExportFormat
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.store.history import DATABASE_NAME
from vody_desktop.store.log_file import LOG_FILE_NAME
from vody_desktop.ui.files.export_dialogs import export_dialog, selection_file_name

_DEVICES = {"CON", "PRN", "AUX", "NUL"} | {
    f"{port}{n}" for port in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]
}
_FORBIDDEN = set('<>:"/\\|?*') | {chr(code) for code in range(32)}


def windows_problem(name: str) -> str | None:
    """Why Windows would refuse `name` as a file name, or None."""
    if not name:
        return "empty"
    forbidden = sorted(set(name) & _FORBIDDEN)
    if forbidden:
        return f"has {forbidden}"
    if name[-1] in " .":
        return "ends with a dot or a space"
    if name.split(".", 1)[0].rstrip(" ").upper() in _DEVICES:
        return "is a device name"
    if len(name) > 255:
        return "is longer than 255 characters"
    return None


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("results 12:30.json", "has [':']"),
        ("aux.json", "is a device name"),
        ("COM1", "is a device name"),
        ("notes.", "ends with a dot or a space"),
        ("x" * 256, "is longer than 255 characters"),
        ("0924dcfe-a593-4e42-8c7b-4fca9a149777.csv", None),
        ("console.json", None),
    ],
)
def test_the_checker_knows_what_windows_refuses(name: str, problem: str | None) -> None:
    assert windows_problem(name) == problem


def proposed_name(parent: QWidget, base: str, fmt: ExportFormat, *, selection: bool) -> str:
    """The file name the export Save dialog offers, as a person sees it in the name field."""
    dialog = export_dialog(parent, str(Path.home()), base, fmt, selection=selection)
    try:
        return Path(dialog.selectedFiles()[0]).name
    finally:
        dialog.deleteLater()


@pytest.mark.parametrize("fmt", list(ExportFormat))
@pytest.mark.parametrize("base", ["result", EXAMPLE_ID])
def test_proposed_export_names_are_valid_on_windows(
    qtbot: Any, base: str, fmt: ExportFormat
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    name = proposed_name(parent, base, fmt, selection=False)

    assert name.startswith(base)
    assert windows_problem(name) is None, name


KEYS = st.text(min_size=1, max_size=80)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(keys=st.lists(KEYS, min_size=1, max_size=4), index=st.integers(0, 3))
def test_names_for_an_exported_selection_are_valid_on_windows(keys: list[str], index: int) -> None:
    # A real path from a document whose keys hold anything: ":", "*", "CON", spaces, dots, emoji.
    value: Any = "leaf"
    for key in reversed(keys):
        value = {key: [value] * (index + 1)}
    node = JsonDocument.parse(json.dumps(value).encode()).root
    while node.is_container:
        node = node.child(node.child_count - 1)

    for base in ("result", EXAMPLE_ID, "x" * 200):
        stem = selection_file_name(base, node.path())
        for fmt in ExportFormat:
            name = f"{stem}.{FORMATS[fmt].suffix}"  # as export_dialog proposes it
            assert windows_problem(name) is None, (node.path(), name)


def test_the_names_of_files_the_app_keeps_are_valid_on_windows() -> None:
    names = [
        DATABASE_NAME,
        LOG_FILE_NAME,
        f"{LOG_FILE_NAME}.3",  # a rotated log
        f"{EXAMPLE_ID}.json",  # "Download the result to a file"
        "Vody Desktop.ini",
        "Vody Desktop.ini.unreadable",
    ]
    for name in names:
        assert windows_problem(name) is None, name
