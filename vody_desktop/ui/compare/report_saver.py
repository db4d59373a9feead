"""Handing a comparison on: "Save report…" (Markdown for a ticket, or JSON) and "Copy summary".

The report is written off the UI thread, atomically (document/atomic_write.py): a failed or
cancelled write leaves no half file and keeps an older file of the same name as it was. The
format follows the file's suffix (.json, else Markdown); the words are compare-cli's reports.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from vody_desktop.compare.differences import CompareOptions, Comparison
from vody_desktop.compare.reports import json_report, markdown_report
from vody_desktop.compare.summary import summary_line
from vody_desktop.document.atomic_write import atomic_write
from vody_desktop.errors import UserFacingError
from vody_desktop.store.settings import LAST_EXPORT_FOLDER, AppSettings
from vody_desktop.ui.tasks import TaskOwner
from vody_desktop.ui.widgets.message_area import MessageArea

MARKDOWN_FILTER = "Markdown report for a ticket (*.md)"
JSON_FILTER = "JSON differences (*.json)"


@dataclass(frozen=True)
class Shown:
    """The comparison on show, what its sides are called, and what counted as equal."""

    comparison: Comparison
    name_a: str
    name_b: str
    options: CompareOptions


def report_bytes(shown: Shown, path: Path) -> bytes:
    """The report for `path`: JSON for a .json file, else Markdown."""
    if path.suffix.lower() == ".json":
        return json_report(shown.comparison)
    text = markdown_report(
        shown.comparison, name_a=shown.name_a, name_b=shown.name_b, options=shown.options
    )
    return text.encode("utf-8")


def summary_text(comparison: Comparison, name_a: str, name_b: str) -> str:
    """What "Copy summary" copies: the summary line and the two sides."""
    return f"{summary_line(comparison)}\nA (reference): {name_a}\nB (to check): {name_b}\n"


class ReportSaver:
    """Saves and copies the comparison on show (`current()` gives it, with the two names)."""

    def __init__(
        self,
        parent: QWidget,
        settings: AppSettings,
        messages: MessageArea,
        current: Callable[[], Shown | None],
        say: Callable[[str], None],
    ) -> None:
        self._parent = parent
        self._settings = settings
        self._messages = messages
        self._current = current
        self._say = say
        self._tasks = TaskOwner()
        #: The file of the last report saved (tests read it).
        self.saved: Path | None = None

    def copy_summary(self) -> None:
        current = self._current()
        if current is None:
            return
        text = summary_text(current.comparison, current.name_a, current.name_b)
        QGuiApplication.clipboard().setText(text)
        self._say("Copied the summary")

    def ask(self) -> None:
        """A Save dialog (opened without a nested event loop), then the report."""
        if self._current() is None:
            return
        folder = self._settings.get(LAST_EXPORT_FOLDER) or str(Path.home())
        dialog = QFileDialog(self._parent, "Save the comparison", str(Path(folder) / "comparison"))
        dialog.setObjectName("compareReportDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters([MARKDOWN_FILTER, JSON_FILTER])
        dialog.setDefaultSuffix("md")
        dialog.filterSelected.connect(
            lambda chosen: dialog.setDefaultSuffix("json" if chosen == JSON_FILTER else "md")
        )
        dialog.fileSelected.connect(self.save_to)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def save_to(self, path: str | Path) -> None:
        """Write the report of the comparison on show to `path` (in the background)."""
        current = self._current()
        if current is None or not str(path):
            return
        self._tasks.spawn(self._save(Path(path), current))

    async def _save(self, path: Path, shown: Shown) -> None:
        def write() -> None:
            atomic_write(path, [report_bytes(shown, path)])

        try:
            await asyncio.to_thread(write)
        except UserFacingError as error:
            self._messages.show_error(error)
            return
        self._settings.set(LAST_EXPORT_FOLDER, str(path.parent))
        self.saved = path
        self._say(f"Saved the report as {path.name}")

    async def shutdown(self) -> None:
        await self._tasks.shutdown()
