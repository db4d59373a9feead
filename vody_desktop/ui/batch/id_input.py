"""`IdInput`: where the IDs of a batch come from: pasted text, or a .txt or .csv file.

Any text may be pasted: every inference ID in it is taken (the batch engine's finder), each
once, in order; a live line says how many ("200 IDs found, 3 repeated ones dropped"). A file
is read off the window's thread; a .csv file shows a column chooser, set to the column with
the most IDs (batch-core's guess), and its IDs fill the text box one per line, so what the
batch takes is always what the box shows.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vody_desktop.api.ids import all_inference_ids
from vody_desktop.batch.ids import (
    CsvColumn,
    NoIdsError,
    UnreadableFileError,
    csv_columns,
    guess_id_column,
    ids_in_csv,
    ids_in_text,
    read_text_file,
)
from vody_desktop.store.settings import AppSettings, Setting
from vody_desktop.ui.tasks import TaskOwner
from vody_desktop.ui.widgets.message_area import MessageArea

LAST_LIST_FOLDER = Setting("batch/last_list_folder", "")
PLACEHOLDER = "Paste inference IDs, or text that contains them"
COUNT_DELAY_MS = 150


def count_ids(text: str) -> tuple[list[str], int]:
    """The IDs in `text` (each once, in order) and how many repeats were dropped."""
    found = all_inference_ids(text)
    unique = list(dict.fromkeys(found))
    return unique, len(found) - len(unique)


def count_words(found: int, repeated: int) -> str:
    if not found:
        return "No inference IDs yet"
    words = f"{found:,} ID{'' if found == 1 else 's'} found"
    if repeated:
        words += f", {repeated:,} repeated one{'' if repeated == 1 else 's'} dropped"
    return words


class IdInput(QWidget):
    """The text box, its count, Open file… and the CSV column chooser."""

    #: How many distinct IDs the box holds now.
    idsChanged = Signal(int)

    def __init__(
        self, settings: AppSettings, messages: MessageArea, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._messages = messages
        self._tasks = TaskOwner()
        self._ids: list[str] = []
        self._csv_text = ""
        self._csv_name = ""

        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("batchIdsEdit")
        self.text_edit.setAccessibleName("Inference IDs")
        self.text_edit.setPlaceholderText(PLACEHOLDER)
        self.text_edit.setTabChangesFocus(True)  # Tab moves on, as everywhere else
        self.text_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.count_label = QLabel(count_words(0, 0))
        self.count_label.setObjectName("batchCountLabel")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.open_button = QPushButton("&Open file…")
        self.open_button.setObjectName("batchOpenFileButton")
        self.open_button.setToolTip("Take the IDs from a .txt or .csv file")
        self.column_label = QLabel("Co&lumn:")
        self.column_combo = QComboBox()
        self.column_combo.setObjectName("batchColumnCombo")
        self.column_combo.setAccessibleName("Column with the IDs")
        self.column_label.setBuddy(self.column_combo)
        self._show_columns(False)

        row = QHBoxLayout()
        row.addWidget(self.count_label, 1)
        row.addWidget(self.column_label)
        row.addWidget(self.column_combo)
        row.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text_edit, 1)
        layout.addLayout(row)

        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self.recount)
        self.text_edit.textChanged.connect(self._count_timer.start)
        self.open_button.clicked.connect(self.ask_file)
        self.column_combo.activated.connect(self._on_column_combo_activated)

    # -- the IDs -----------------------------------------------------------------------------
    def ids(self) -> list[str]:
        """The IDs the box holds now (counted again if a change is still pending)."""
        if self._count_timer.isActive():
            self.recount()
        return list(self._ids)

    def recount(self) -> None:
        self._count_timer.stop()
        self._ids, repeated = count_ids(self.text_edit.toPlainText())
        self.count_label.setText(count_words(len(self._ids), repeated))
        self.idsChanged.emit(len(self._ids))

    def set_ids(self, ids: list[str]) -> None:
        self.text_edit.setPlainText("\n".join(ids))
        self.recount()

    # -- files -------------------------------------------------------------------------------
    def ask_file(self) -> None:
        folder = self._settings.get(LAST_LIST_FOLDER) or str(Path.home())
        dialog = QFileDialog(self, "Open a list of inference IDs", folder)
        dialog.setObjectName("batchOpenDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(["Lists of IDs (*.txt *.csv)", "All files (*)"])
        dialog.fileSelected.connect(self.load_file)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def load_file(self, path: str | Path) -> None:
        """Take the IDs of a .txt file, or of the guessed column of a .csv file."""
        self._tasks.cancel_all()
        self._tasks.spawn(self._load(Path(path)))

    async def _load(self, path: Path) -> None:
        try:
            text = await asyncio.to_thread(read_text_file, path)
        except UnreadableFileError as error:
            self._messages.show_error(error)
            return
        self._settings.set(LAST_LIST_FOLDER, str(path.parent))
        if path.suffix.lower() != ".csv":
            self._show_columns(False)
            found = await asyncio.to_thread(ids_in_text, text)
            if not found:
                self._messages.show_error(NoIdsError(f"No inference IDs were found in {path.name}"))
                return
            self._messages.clear()
            self.set_ids(found)
            return
        columns = await asyncio.to_thread(csv_columns, text)
        guessed = guess_id_column(columns)
        if guessed is None:
            self._messages.show_error(NoIdsError(f"No inference IDs were found in {path.name}"))
            return
        self._csv_text, self._csv_name = text, path.name
        self._fill_columns(columns, guessed)
        await self._take_column(guessed.number)

    def _fill_columns(self, columns: list[CsvColumn], chosen: CsvColumn) -> None:
        self.column_combo.clear()
        for column in columns:
            self.column_combo.addItem(column.label, column.number)
        self.column_combo.setCurrentIndex(chosen.number - 1)
        self._show_columns(True)

    def _on_column_combo_activated(self, index: int) -> None:
        number = self.column_combo.itemData(index)
        if isinstance(number, int) and self._csv_text:
            self._tasks.cancel_all()
            self._tasks.spawn(self._take_column(number))

    async def _take_column(self, number: int) -> None:
        try:
            found = await asyncio.to_thread(ids_in_csv, self._csv_text, number, name=self._csv_name)
        except NoIdsError as error:
            self._messages.show_error(error)
            return
        self._messages.clear()
        self.set_ids(found)

    def _show_columns(self, shown: bool) -> None:
        self.column_label.setVisible(shown)
        self.column_combo.setVisible(shown)

    async def shutdown(self) -> None:
        await self._tasks.shutdown()
