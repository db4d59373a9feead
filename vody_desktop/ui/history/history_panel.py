"""The history panel: earlier lookups, newest first, to search, open again, annotate or delete.

A dock beside the result (View > History). The list (`historyList`) is a `QListView` over a
small model of `HistoryEntry` rows; every database call goes through the `HistoryWorker`, so
typing in the search field never waits for SQLite. An entry whose inference has verdicts says
"reviewed 37 of 50" (review mode, store/reviews.py), and "Reviewed only" lists just those.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDockWidget,
    QGridLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vody_desktop.lookup import LookupRecord
from vody_desktop.review.summary import history_badge
from vody_desktop.store.history import (
    HistoryEntry,
    HistoryFromNewerVersionError,
    HistoryStore,
    HistoryUnavailableError,
)
from vody_desktop.store.reviews import ReviewCounts, ReviewRef
from vody_desktop.ui.history.history_worker import HistoryWorker
from vody_desktop.words import human_size, local_time, status_words

SEARCH_DELAY_MS = 150
#: A search's answer: the entries, and the review counts by inference.
Found = tuple[list[HistoryEntry], dict[ReviewRef, ReviewCounts]]
EntryRole = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


def entry_text(entry: HistoryEntry, review: ReviewCounts | None = None) -> str:
    """Two lines a person can scan: the ID, then when, where and what came back (and how far
    its review went)."""
    if entry.error_title:
        outcome = entry.error_title
    elif entry.inference_status:
        outcome = status_words(entry.inference_status)
    else:
        outcome = f"HTTP {entry.http_status}" if entry.http_status else "No answer"
    facts = [local_time(entry.started_at), entry.environment, outcome]
    # The item count is the server's; beside a problem it would read as what arrived.
    if entry.item_count is not None and not entry.error_title:
        facts.append(f"{entry.item_count:,} item" + ("" if entry.item_count == 1 else "s"))
    if review is not None and (badge := history_badge(review, entry.item_count)):
        facts.append(badge)
    if entry.note:
        facts.append(f"“{entry.note}”")
    return f"{entry.inference_id}\n" + " · ".join(facts)


def entry_tooltip(entry: HistoryEntry) -> str:
    lines = [
        f"Inference ID: {entry.inference_id}",
        f"Environment: {entry.environment} ({entry.base_url})",
        f"When: {local_time(entry.started_at)}, took {entry.duration_s:.2f} s",
        f"HTTP status: {entry.http_status or 'unknown'}",
        f"Inference status: {status_words(entry.inference_status or '') or 'unknown'}",
        f"Model: {entry.model or 'unknown'}",
    ]
    if entry.size_bytes is not None:
        lines.append(f"Size: {human_size(entry.size_bytes)}")
    if entry.has_offline_copy:
        lines.append("A copy of the result is kept on this computer.")
    if entry.note:
        lines.append(f"Note: {entry.note}")
    return "\n".join(lines)


class HistoryListModel(QAbstractListModel):
    """The entries the list shows (the newest search answer)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[HistoryEntry] = []
        #: The review counts of the inferences that have verdicts or notes.
        self.reviews: dict[ReviewRef, ReviewCounts] = {}

    def set_entries(
        self, entries: list[HistoryEntry], reviews: dict[ReviewRef, ReviewCounts] | None = None
    ) -> None:
        self.beginResetModel()
        self.entries = entries
        self.reviews = reviews or {}
        self.endResetModel()

    def review_of(self, entry: HistoryEntry) -> ReviewCounts | None:
        return self.reviews.get(ReviewRef(entry.base_url, entry.inference_id))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        entry = self.entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry_text(entry, self.review_of(entry))
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry_tooltip(entry)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return entry_text(entry, self.review_of(entry)).replace("\n", ", ")
        if role == EntryRole:
            return entry
        return None


class HistoryPanel(QDockWidget):
    """Search, open again, note, delete and clear the lookups of earlier days."""

    #: The person wants this entry fetched again.
    reopenRequested = Signal(object)
    #: The person wants the offline copy of this entry shown.
    savedCopyRequested = Signal(object)
    #: The person wants two entries compared: the older (A) and the newer (B).
    compareRequested = Signal(object, object)

    def __init__(self, worker: HistoryWorker, parent: QWidget | None = None) -> None:
        super().__init__("History", parent)
        self.setObjectName("historyDock")
        self.worker = worker
        self.model = HistoryListModel(self)
        self._generation = 0

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("historySearchEdit")
        self.search_edit.setAccessibleName("Search the history")
        self.search_edit.setPlaceholderText("Search ID, model, status, note…")
        self.search_edit.setClearButtonEnabled(True)
        self.reviewed_check = QCheckBox("&Reviewed only")
        self.reviewed_check.setObjectName("historyReviewedCheck")
        self.reviewed_check.setToolTip("List only lookups whose items have verdicts or notes")
        self.list_view = QListView()
        self.list_view.setObjectName("historyList")
        self.list_view.setAccessibleName("Lookup history")
        self.list_view.setModel(self.model)
        self.list_view.setAlternatingRowColors(True)
        self.list_view.setWordWrap(True)
        self.list_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Two entries selected (Ctrl+click, Shift+arrows) can be compared.
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list_view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.state_label = QLabel()
        self.state_label.setObjectName("historyStateLabel")
        self.state_label.setWordWrap(True)

        self.reopen_button = QPushButton("O&pen again")
        self.reopen_button.setObjectName("historyReopenButton")
        self.reopen_button.setToolTip("Fetch this inference again (Enter)")
        self.saved_copy_button = QPushButton("Saved &copy")
        self.saved_copy_button.setObjectName("historySavedCopyButton")
        self.saved_copy_button.setToolTip("Show the copy of the result kept on this computer")
        self.note_button = QPushButton("&Note…")
        self.note_button.setObjectName("historyNoteButton")
        self.delete_button = QPushButton("&Delete")
        self.delete_button.setObjectName("historyDeleteButton")
        self.clear_button = QPushButton("Clear all…")  # no Alt key: it empties the history
        self.clear_button.setObjectName("historyClearButton")
        self._build_layout()
        self._build_actions()

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.reviewed_check.toggled.connect(self.refresh)
        self.list_view.activated.connect(self._on_list_view_activated)
        self.list_view.selectionModel().currentChanged.connect(self._update_buttons)
        self.list_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.reopen_button.clicked.connect(self.reopen_current)
        self.saved_copy_button.clicked.connect(self._on_saved_copy_button_clicked)
        self.note_button.clicked.connect(self.ask_note)
        self.delete_button.clicked.connect(self.delete_current)
        self.clear_button.clicked.connect(self.ask_clear_all)
        worker.failed.connect(self._on_worker_failed)
        self._update_buttons()
        self.refresh()

    def _build_layout(self) -> None:
        buttons = QGridLayout()
        buttons.addWidget(self.reopen_button, 0, 0)
        buttons.addWidget(self.saved_copy_button, 0, 1)
        buttons.addWidget(self.note_button, 0, 2)
        buttons.addWidget(self.delete_button, 1, 0)
        buttons.addWidget(self.clear_button, 1, 2)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.reviewed_check)
        layout.addWidget(self.list_view, 1)
        layout.addWidget(self.state_label)
        layout.addLayout(buttons)
        self.setWidget(body)

    def _build_actions(self) -> None:
        for text, slot, shortcut in (
            ("Open again", self.reopen_current, None),
            ("Show saved copy", self._on_saved_copy_button_clicked, None),
            ("Add or change note…", self.ask_note, None),
            ("Delete", self.delete_current, QKeySequence.StandardKey.Delete),
        ):
            action = QAction(text, self.list_view)
            if shortcut is not None:
                action.setShortcut(shortcut)
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.list_view.addAction(action)
        # Ctrl+D is the window's Compare…: with two entries selected here it compares them
        # (a second Ctrl+D here would make the key ambiguous, and neither would run).
        self.compare_action = QAction("Compare the two selected (Ctrl+D)", self.list_view)
        self.compare_action.setObjectName("historyCompareAction")
        self.compare_action.triggered.connect(self.compare_selected)
        self.list_view.addAction(self.compare_action)

    # -- reading -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Search again (on the worker thread); the newest answer wins."""
        self._generation += 1
        generation = self._generation
        text = self.search_edit.text()
        reviewed_only = self.reviewed_check.isChecked()
        worker = self.worker

        def search(store: HistoryStore) -> Found:
            entries = store.search(text)
            try:
                reviews = worker.reviews_of(store).reviewed()
            except HistoryUnavailableError:  # the lookups still show, without their badges
                reviews = {}
            if reviewed_only:
                entries = [e for e in entries if ReviewRef(e.base_url, e.inference_id) in reviews]
            return entries, reviews

        self.worker.submit(search, lambda found: self._show(generation, *found))

    def _show(
        self,
        generation: int,
        entries: list[HistoryEntry],
        reviews: dict[ReviewRef, ReviewCounts] | None = None,
    ) -> None:
        if generation != self._generation:
            return
        current = self.current_entry()
        self.model.set_entries(entries, reviews)
        if current is not None:
            for row, entry in enumerate(entries):
                if entry.entry_id == current.entry_id:
                    self.list_view.setCurrentIndex(self.model.index(row))
                    break
        if entries:
            self.state_label.setText("")
        elif self.search_edit.text().strip():
            self.state_label.setText("No lookup in the history matches this search.")
        elif self.reviewed_check.isChecked():
            self.state_label.setText("No lookup has verdicts yet.")
        else:
            self.state_label.setText("Lookups you make appear here.")

    def selected_entries(self) -> list[HistoryEntry]:
        """The selected entries, in the list's order (newest first)."""
        rows = sorted(index.row() for index in self.list_view.selectionModel().selectedRows())
        return [self.model.entries[row] for row in rows if 0 <= row < len(self.model.entries)]

    def compare_selected(self) -> bool:
        """Ask for the two selected entries to be compared, the older as A; False unless
        exactly two are selected."""
        entries = self.selected_entries()
        if len(entries) != 2:
            return False
        older, newer = sorted(entries, key=lambda entry: (entry.started_at, entry.entry_id))
        self.compareRequested.emit(older, newer)
        return True

    def current_entry(self) -> HistoryEntry | None:
        entry = self.list_view.currentIndex().data(EntryRole)
        return entry if isinstance(entry, HistoryEntry) else None

    def _update_buttons(self, *_args: object) -> None:
        entry = self.current_entry()
        usable = self.worker.available
        for button in (self.reopen_button, self.note_button, self.delete_button):
            button.setEnabled(usable and entry is not None)
        self.saved_copy_button.setEnabled(usable and entry is not None and entry.has_offline_copy)
        self.clear_button.setEnabled(usable and self.model.rowCount() > 0)
        self.compare_action.setEnabled(len(self.selected_entries()) == 2)

    # -- writing -------------------------------------------------------------------------
    def record(self, record: LookupRecord, done: Any = None) -> None:
        """Add a finished lookup, then show it (`done(entry_id)` is called with its ID)."""

        def add(store: HistoryStore) -> int:
            return store.add(record)

        def added(entry_id: int) -> None:
            self.refresh()
            if done is not None:
                done(entry_id)

        self.worker.submit(add, added)

    def reopen_current(self) -> None:
        entry = self.current_entry()
        if entry is not None:
            self.reopenRequested.emit(entry)

    def _on_list_view_activated(self, _index: QModelIndex) -> None:
        self.reopen_current()

    def _on_saved_copy_button_clicked(self) -> None:
        entry = self.current_entry()
        if entry is not None and entry.has_offline_copy:
            self.savedCopyRequested.emit(entry)

    def delete_current(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        self.worker.submit(lambda store: store.delete(entry.entry_id), lambda _: self.refresh())

    def ask_note(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        dialog = QInputDialog(self)
        dialog.setObjectName("historyNoteDialog")
        dialog.setWindowTitle("Note")
        dialog.setLabelText(f"A note for {entry.inference_id}:")
        dialog.setTextValue(entry.note)
        dialog.textValueSelected.connect(lambda text: self.set_note(entry, text))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def set_note(self, entry: HistoryEntry, note: str) -> None:
        self.worker.submit(
            lambda store: store.set_note(entry.entry_id, note), lambda _: self.refresh()
        )

    def ask_clear_all(self) -> None:
        box = QMessageBox(self)
        box.setObjectName("historyClearDialog")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Clear the history")
        box.setText("Remove every lookup from the history?")
        box.setInformativeText(
            "The notes and any saved copies of results go too. This cannot be undone."
        )
        clear = box.addButton("Clear all", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(lambda button: self.clear_all() if button is clear else None)
        box.finished.connect(box.deleteLater)
        box.open()

    def clear_all(self) -> None:
        self.worker.submit(lambda store: store.clear(), lambda _: self.refresh())

    def _on_worker_failed(self, error: object) -> None:
        self.model.set_entries([])
        self.search_edit.setEnabled(False)
        if isinstance(error, HistoryFromNewerVersionError):
            self.state_label.setText(
                "This history was written by a newer Vody Desktop. It is kept as it is; "
                "open the newer version to see it."
            )
        else:
            self.state_label.setText("The history is switched off for this session.")
        self._update_buttons()
