"""`BatchWindow`: the batch lookup window (File > Batch lookup…, Ctrl+B).

A top-level window of its own, owned by the main window and not modal: the main window stays
usable while a batch runs, and a completed row opened here (Enter or double-click) shows its
saved file there. Built from the parts of this package: the IDs (`IdInput`), the results
folder (remembered), the buttons, the progress line and the table; the run is `BatchRun`.

Closing this window (Esc) only hides it: the batch goes on, and Ctrl+B shows it again. When it
opens with no batch of its own and one was left unfinished (the app closed mid-batch), it
offers to resume that one.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vody_desktop import APP_NAME
from vody_desktop.api.client import ClientSettings
from vody_desktop.api.environments import normalize_base_url
from vody_desktop.batch.ids import NoIdsError
from vody_desktop.batch.state import ItemStatus, Totals
from vody_desktop.errors import UserFacingError
from vody_desktop.store.settings import AppSettings, Setting
from vody_desktop.ui.batch.batch_run import BatchPlan, BatchRun, LookupSource
from vody_desktop.ui.batch.id_input import IdInput
from vody_desktop.ui.batch.resume_offer import ResumeOffer
from vody_desktop.ui.batch.table_model import COLUMNS, BatchTableModel, countdown
from vody_desktop.ui.batch.unfinished import UnfinishedBatch, find_unfinished
from vody_desktop.ui.tasks import TaskOwner
from vody_desktop.ui.widgets.message_area import MessageArea

RESULTS_FOLDER = Setting("batch/results_folder", "")
DEFAULT_FOLDER_NAME = "Vody batch results"
#: Opens a saved result file in the main window.
OpenResult = Callable[[Path], None]


class BatchWindow(QWidget):
    """See the module docstring."""

    def __init__(
        self,
        *,
        source: LookupSource,
        settings: AppSettings,
        open_result: OpenResult,
        client_settings: Callable[[], ClientSettings],
        database: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("batchWindow")
        self.setWindowTitle(f"Batch lookup — {APP_NAME}")
        self._source = source
        self._settings = settings
        self._open_result = open_result
        self._database = database
        self._tasks = TaskOwner()
        self._ended_words = ""

        self.messages = MessageArea()
        self.input = IdInput(settings, self.messages)
        self.model = BatchTableModel(self)
        self.run = BatchRun(self.model, database, client_settings, self)
        self.offer = ResumeOffer()
        self._build_options()
        self._build_buttons()
        self._build_table()
        self._place()
        self._connect()
        self._update_buttons()
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)

    # -- building ----------------------------------------------------------------------------
    def _build_options(self) -> None:
        folder = self._settings.get(RESULTS_FOLDER) or str(Path.home() / DEFAULT_FOLDER_NAME)
        self.folder_edit = QLineEdit(folder)
        self.folder_edit.setObjectName("batchFolderEdit")
        self.folder_edit.setAccessibleName("Results folder")
        self.folder_label = QLabel("Results &folder:")
        self.folder_label.setBuddy(self.folder_edit)
        self.folder_button = QPushButton("C&hoose…")
        self.folder_button.setObjectName("batchFolderButton")
        self.folder_button.setToolTip("Choose the folder for the results")
        self.wait_check = QCheckBox("&Wait for inferences still running")
        self.wait_check.setObjectName("batchWaitCheck")
        self.wait_check.setToolTip("Check them again now and then, and fetch them once finished")
        self.where_label = QLabel()
        self.where_label.setObjectName("batchWhereLabel")
        self.where_label.setTextFormat(Qt.TextFormat.PlainText)

    def _build_buttons(self) -> None:
        self.start_button = QPushButton("&Start")
        self.start_button.setObjectName("batchStartButton")
        self.pause_button = QPushButton("&Pause")
        self.pause_button.setObjectName("batchPauseButton")
        self.cancel_button = QPushButton("&Cancel")
        self.cancel_button.setObjectName("batchCancelButton")
        self.cancel_button.setToolTip("Stop the batch; Start continues it later")
        self.retry_button = QPushButton("Re&try failed")
        self.retry_button.setObjectName("batchRetryButton")
        self.retry_button.setToolTip("Ask again for the IDs that ended with an error")
        self.progress_label = QLabel("")
        self.progress_label.setObjectName("batchProgressLabel")
        self.progress_label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress_label.setAccessibleName("Batch progress")

    def _build_table(self) -> None:
        table = self.table = QTableView()
        table.setObjectName("batchTable")
        table.setAccessibleName("Batch results")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)  # Tab leaves the table, as in the main window
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        metrics = table.fontMetrics()
        widths = {
            0: "0924dcfe-a593-4e42-8c7b-4fca9a149777",
            1: "‖ still running ",
            2: "pattern-classification",
            3: "Items 00",
            4: "1023 KB  ",
            5: "Duration",
        }
        for column, sample in widths.items():
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)
        assert len(COLUMNS) == 7

    def _place(self) -> None:
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.folder_button)
        options_row = QHBoxLayout()
        options_row.addWidget(self.wait_check)
        options_row.addStretch(1)
        options_row.addWidget(self.where_label)
        buttons = QHBoxLayout()
        for button in (self.start_button, self.pause_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addWidget(self.retry_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.progress_label, 1)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.input, 1)
        top_layout.addLayout(folder_row)
        top_layout.addLayout(options_row)
        top_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(top)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.offer)
        layout.addWidget(self.messages)
        layout.addWidget(splitter, 1)
        order = [
            self.offer.resume_button,
            self.offer.new_button,
            self.input.text_edit,
            self.input.column_combo,
            self.input.open_button,
            self.folder_edit,
            self.folder_button,
            self.wait_check,
            self.start_button,
            self.pause_button,
            self.cancel_button,
            self.retry_button,
            self.table,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.resize(1120, 720)

    def _connect(self) -> None:
        self.folder_button.clicked.connect(self.ask_folder)
        self.start_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self._on_pause_button_clicked)
        self.cancel_button.clicked.connect(self.run.cancel)
        self.retry_button.clicked.connect(self.retry_failed)
        self.offer.resumeRequested.connect(self._on_offer_resume_requested)
        self.offer.newBatchRequested.connect(self._on_offer_new_batch_requested)
        self.table.activated.connect(self.open_row)
        self.run.progressChanged.connect(self._on_run_progress_changed)
        self.run.runningChanged.connect(self._on_run_running_changed)
        self.run.pausedChanged.connect(self._on_run_paused_changed)
        self.run.ended.connect(self._on_run_ended)
        self.run.failed.connect(self.messages.show_error)
        self.run.notice.connect(self.messages.info)

    # -- showing -----------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._show_where()
        if self.run.plan is None and not self.run.running:
            self._tasks.spawn(self._look_for_unfinished())
        if not self.offer.isVisible():
            self.input.text_edit.setFocus()

    def _show_where(self) -> None:
        self.where_label.setText(
            f"On {self._source.environment_label()}, with the key of the main window"
        )

    async def _look_for_unfinished(self) -> None:
        found = await asyncio.to_thread(find_unfinished, self._database)
        if found is None or self.run.plan is not None or self.run.running:
            return
        self.offer.show_offer(found)

    def _on_offer_resume_requested(self, offered: UnfinishedBatch) -> None:
        if not self._same_server(offered.base_url):
            self._ask_for_environment(offered.environment, offered.base_url)
            return
        self._tasks.spawn(self._resume(offered))

    def _same_server(self, base_url: str) -> bool:
        """Whether the main window is on `base_url` now (its key is the one for it)."""
        try:
            return normalize_base_url(self._source.base_url()) == base_url
        except UserFacingError:
            return False

    def _ask_for_environment(self, environment: str, base_url: str) -> None:
        self.messages.error(
            f"This batch runs on {environment}",
            f"Choose {environment} in the main window (its key is needed), then try again.",
            base_url,
        )

    async def _resume(self, offered: UnfinishedBatch) -> None:
        ids = await self.run.saved_ids(offered.batch_id)
        self.offer.withdraw()
        self.input.set_ids(ids)
        self.folder_edit.setText(str(offered.folder))
        self.wait_check.setChecked(bool(offered.options.get("wait", False)))
        self.start()

    def _on_offer_new_batch_requested(self, offered: UnfinishedBatch) -> None:
        self.input.text_edit.setFocus()
        self._tasks.spawn(self.run.forget(offered.batch_id))

    # -- steering ----------------------------------------------------------------------------
    def start(self) -> None:
        """Start (or continue) the batch of the IDs in the box, into the chosen folder."""
        self.messages.clear()
        ids = self.input.ids()
        if not ids:
            self.messages.show_error(NoIdsError())
            self.input.text_edit.setFocus()
            return
        folder_text = self.folder_edit.text().strip()
        if not folder_text:
            self.messages.error("Choose a folder for the results", "Each result is saved there.")
            self.folder_edit.setFocus()
            return
        folder = Path(folder_text).expanduser()
        try:
            plan = BatchPlan(
                ids=tuple(ids),
                folder=folder,
                base_url=normalize_base_url(self._source.base_url()),
                environment=self._source.environment_label(),
                wait=self.wait_check.isChecked(),
            )
            self.run.start(plan, self._source)
        except UserFacingError as error:
            self.messages.show_error(error)
            return
        self.offer.withdraw()
        self._settings.set(RESULTS_FOLDER, str(folder))
        self._show_where()
        self.table.setFocus()

    def retry_failed(self) -> None:
        plan = self.run.plan
        if plan is not None and not self.run.running and not self._same_server(plan.base_url):
            self._ask_for_environment(plan.environment, plan.base_url)
            return
        try:
            count = self.run.retry_failed(self._source)
        except UserFacingError as error:
            self.messages.show_error(error)
            return
        if count:
            self.progress_label.setText(f"Asking again for {count:,} IDs…")

    def _on_pause_button_clicked(self) -> None:
        if self.run.paused:
            self.run.resume()
        else:
            self.run.pause()

    def ask_folder(self) -> None:
        dialog = QFileDialog(self, "Choose the folder for the results", self.folder_edit.text())
        dialog.setObjectName("batchFolderDialog")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(self.folder_edit.setText)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def open_row(self, index: QModelIndex | QPersistentModelIndex) -> None:
        """Show a completed row's saved result in the main window (no new request)."""
        if not index.isValid() or self.run.plan is None:
            return
        item = self.model.item(index.row())
        path = self.run.plan.folder / item.file if item.file else None
        if item.status is not ItemStatus.COMPLETED or path is None or path.suffix != ".json":
            self.messages.info(
                f"No results to show for {item.inference_id}",
                f"It is {item.status.value}." + (f" {item.message}" if item.message else ""),
            )
            return
        self._open_result(path)

    # -- what the run says -------------------------------------------------------------------
    def _on_run_progress_changed(self, totals: Totals) -> None:
        self.progress_label.setText(self.progress_words(totals))
        self._update_buttons()

    def progress_words(self, totals: Totals) -> str:
        """ "37 of 200 · 2 errors · about 1 min left", and why it stands still, if it does."""
        words = totals.line()
        if not self.run.running:
            return f"{self._ended_words}{words}"
        if self.run.paused:
            return f"{words} · paused"
        waiting = self.model.waiting_until - time.monotonic()
        if waiting > 0:
            words += f" · waiting {countdown(waiting)} (the server asked us to slow down)"
        return words

    def _on_run_running_changed(self, running: bool) -> None:
        if running:
            self._ended_words = ""
            self.progress_label.setText("Starting…")
        self._update_buttons()

    def _on_run_paused_changed(self, paused: bool) -> None:
        self.pause_button.setText("&Resume" if paused else "&Pause")
        if self.run.totals is not None:
            self.progress_label.setText(self.progress_words(self.run.totals))

    def _on_run_ended(self, cancelled: bool) -> None:
        totals = self.run.totals
        if cancelled:
            self._ended_words = "Stopped (Start continues it): "
        elif totals is not None and totals.done >= totals.total:
            self._ended_words = "Finished: "
        if totals is not None:
            self.progress_label.setText(self.progress_words(totals))
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self.run.running
        # Not tied to the count (it follows typing after a short delay): Start without IDs
        # says what is missing.
        self.start_button.setEnabled(not running)
        self.pause_button.setEnabled(running)
        self.cancel_button.setEnabled(running)
        retryable = any(
            item.status in (ItemStatus.ERROR, ItemStatus.RUNNING) for item in self.model.items
        )
        self.retry_button.setEnabled(retryable)
        for widget in (self.input, self.folder_edit, self.folder_button, self.wait_check):
            widget.setEnabled(not running)

    # -- closing -----------------------------------------------------------------------------
    async def shutdown(self) -> None:
        """Stop the batch in order (states saved, summary written) and end what runs."""
        await self.run.shutdown()
        await self.input.shutdown()
        await self._tasks.shutdown()
