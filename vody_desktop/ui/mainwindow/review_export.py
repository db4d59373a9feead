"""File > Export review as CSV… / as Markdown…: the review of the Items tab's list, handed on.

The rows come from `ReviewSession.report_rows` with the table's own text for each item's
picture link, label, top prediction, score and match (the first column of each role), read
from the items' bytes. Everything is made lazily on the export's thread (`ResultFiles.
export_chunks`: atomic, cancellable, with progress, as every export), so a review of 72,000
items never holds the window; the reviewer and time of earlier sessions' verdicts are read from
the history's worker there.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QWidget

from vody_desktop.document.export_formats import ExportFormat
from vody_desktop.items.cells import decode_item, flat_cells
from vody_desktop.items.columns import Role
from vody_desktop.items.shown_rows import CellText
from vody_desktop.store.settings import LAST_EXPORT_FOLDER, AppSettings
from vody_desktop.ui.files.result_files import ResultFiles
from vody_desktop.ui.items.items_model import ItemsTableModel

if TYPE_CHECKING:  # the review's modules bring the store (sqlite3): after the first paint
    from vody_desktop.review.report import ReviewReportContext
    from vody_desktop.review.session import ReviewSession, RowCells

#: The report's cells after the item's name, by the role of the column they come from.
REPORT_ROLES = (Role.PICTURE, Role.LABEL, Role.PREDICTION, Role.SCORE, Role.MATCH)
_SUFFIX = {ExportFormat.CSV: "csv", ExportFormat.MARKDOWN: "md"}
_FILTER = {
    ExportFormat.CSV: "Review as CSV (*.csv)",
    ExportFormat.MARKDOWN: "Review report (*.md)",
}


def review_cells(model: ItemsTableModel) -> RowCells:
    """How an item's report cells read, from its bytes alone (safe on the export's thread)."""
    source = model.source
    assert source is not None
    raws = source.node.children_raw()
    texts: list[CellText | None] = []
    for role in REPORT_ROLES:
        column = next((c for c in model.columns if c.role is role), None)
        texts.append(None if column is None else model.text_of(column))

    def cells(index: int) -> tuple[str, str, str, str, str]:
        values = flat_cells(decode_item(raws[index]))
        picture, label, prediction, score, match = (
            "" if text is None else text(values) for text in texts
        )
        return picture, label, prediction, score, match

    return cells


def review_context(session: ReviewSession) -> ReviewReportContext:
    from vody_desktop.review.report import ReviewReportContext

    subject = session.subject
    return ReviewReportContext(
        inference_id=subject.ref.inference_id,
        environment=f"{subject.environment} ({subject.ref.base_url})",
        changed=session.changed_sentence,
        made_at=datetime.now(UTC),
    )


class ReviewExport:
    """Asks where to save the review and writes it through `ResultFiles`."""

    def __init__(
        self,
        model: ItemsTableModel,
        files: ResultFiles,
        settings: AppSettings,
        parent: QWidget | None = None,
    ) -> None:
        self._model = model
        self._files = files
        self._settings = settings
        self._parent = parent

    def ask(self, fmt: ExportFormat) -> None:
        """A Save dialog (opened without a nested event loop), then the export."""
        session = self._model.review
        if session is None:
            return
        folder = self._settings.get(LAST_EXPORT_FOLDER) or str(Path.home())
        name = f"{session.subject.ref.inference_id}-review.{_SUFFIX[fmt]}"
        title = "Export review as CSV" if fmt is ExportFormat.CSV else "Export review as Markdown"
        dialog = QFileDialog(self._parent, title, str(Path(folder) / name))
        dialog.setObjectName("reviewExportDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters([_FILTER[fmt], "All files (*)"])
        dialog.setDefaultSuffix(_SUFFIX[fmt])
        dialog.fileSelected.connect(lambda path: self.export_to(path, fmt))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def export_to(self, path: str, fmt: ExportFormat) -> None:
        """Write the review of the list shown to `path` as CSV or Markdown."""
        from vody_desktop.review.report import iter_review_csv, review_markdown

        session = self._model.review
        if session is None or not path:
            return
        cells = review_cells(self._model)
        total = len(session.keys)
        what = f"The review of {total:,} item{'' if total == 1 else 's'}"
        if fmt is ExportFormat.MARKDOWN:
            context = review_context(session)

            def report() -> Iterator[bytes]:
                rows = session.report_rows(cells)
                yield review_markdown(context, rows, total=total).encode("utf-8")

            self._files.export_chunks(path, report(), fmt, what)
        else:
            chunks = iter_review_csv(session.report_rows(cells))
            self._files.export_chunks(path, chunks, ExportFormat.CSV, what)
