"""`ItemsReview`: review mode on the Items table: verdict keys, notes, the summary, its filters.

Keys on the table: 1 correct, 2 wrong, 3 unsure, 0 clears; the selection then moves to the next
row unless the preference "move to the next item" is off. N (or a double-click in the Note
column) opens a small note editor (Enter saves, Esc cancels). Each change goes to the
`ReviewSession`, whose store hands the write on at once (see ui/mainwindow/review_keeping.py),
and only the changed row is repainted: a key press never touches the other 72,000 items.

The bar under the Items tab's filters shows the summary (`reviewSummary`: "1 of 4 reviewed ·
1 correct · 0 wrong · 0 unsure · 100% correct of those reviewed") and the quick filters "Not yet
reviewed" and "Wrong only", which become part of the tab's row order (items/ordering.py `only`).
A result that changed since it was reviewed says so above the table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QWidget

from vody_desktop.errors import UserFacingError
from vody_desktop.items.cells import Cell
from vody_desktop.items.ordering import ColumnData
from vody_desktop.ui.items.items_model import NOTE_ID, VERDICT_ID, ItemsTableModel
from vody_desktop.ui.items.items_view import ItemsTable

if TYPE_CHECKING:  # sqlite3 and the store come after the first paint (later_parts.py)
    from vody_desktop.review.session import ReviewSession
    from vody_desktop.store.reviews import Verdict

#: The keys' verdicts as `Verdict` values (1 correct, 2 wrong, 3 unsure; 0 clears).
VERDICT_KEYS: dict[int, int] = {
    int(Qt.Key.Key_1): 1,
    int(Qt.Key.Key_2): 2,
    int(Qt.Key.Key_3): 3,
    int(Qt.Key.Key_0): 0,
}

#: How a verdict sorts: wrong first (what a tester looks for), then unsure, then correct; items
#: without a verdict come last in either direction (empty cells do, items/ordering.py).
VERDICT_SORT = {2: 1, 3: 2, 1: 3}


class WithReview:
    """`ColumnData` that answers the review's columns from a snapshot of the session, and every
    other column from the table's column store (the snapshot is taken on the UI thread, so an
    order computed on a worker never reads the session while keys change it)."""

    def __init__(self, store: ColumnData, review: dict[str, Sequence[Cell]]) -> None:
        self._store = store
        self._review = review

    def values(self, column: str) -> Sequence[Cell]:
        found = self._review.get(column)
        return found if found is not None else self._store.values(column)

    def texts(self, column: str) -> Sequence[str]:
        return self._store.texts(column)

    def rows_with_text(
        self, rows: list[int], text: str, columns: Sequence[str], cancelled: Callable[[], bool]
    ) -> list[int] | None:
        return self._store.rows_with_text(rows, text, columns, cancelled)


class ItemsReview(QObject):
    """The review of the Items table's list; its widgets are `bar` and `changed_label`."""

    #: The summary or the filters changed the rows to show (the tab computes its order).
    filterChanged = Signal()
    #: A verdict or note was given (the item number).
    reviewChanged = Signal(int)
    #: A change could not be kept (a `UserFacingError` for the message area).
    failed = Signal(object)
    #: A review started (True) or ended (False): the review's exports follow it.
    sessionChanged = Signal(bool)

    def __init__(self, table: ItemsTable, model: ItemsTableModel, parent: QObject | None = None):
        super().__init__(parent)
        self._table = table
        self._model = model
        #: The preference MOVE_AFTER_VERDICT.
        self.move_after_verdict = True
        #: Whether verdicts reach the history's file (the window tells; False: memory only).
        self.is_kept: Callable[[], bool] = lambda: self.session is not None and self.session.saved
        self.summary_label = QLabel()
        self.summary_label.setObjectName("reviewSummary")
        self.summary_label.setAccessibleName("Review summary")
        self.summary_label.setToolTip(
            "Keys on a row: 1 correct, 2 wrong, 3 unsure, 0 clear, N note"
        )
        self.unreviewed_check = QCheckBox("Not yet revie&wed")
        self.unreviewed_check.setObjectName("reviewUnreviewedCheck")
        self.unreviewed_check.setToolTip("Show only items without a verdict")
        self.wrong_check = QCheckBox("Wron&g only")
        self.wrong_check.setObjectName("reviewWrongCheck")
        self.wrong_check.setToolTip("Show only items marked wrong")
        self.changed_label = QLabel()
        self.changed_label.setObjectName("reviewChangedLabel")
        self.changed_label.setWordWrap(True)
        self.changed_label.setVisible(False)
        self.bar = QWidget()
        self.bar.setObjectName("reviewBar")
        row = QHBoxLayout(self.bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.summary_label, 1)
        row.addWidget(self.unreviewed_check)
        row.addWidget(self.wrong_check)
        self.bar.setVisible(False)
        self.note_editor: QInputDialog | None = None
        self.unreviewed_check.toggled.connect(self._on_unreviewed_check_toggled)
        self.wrong_check.toggled.connect(self._on_wrong_check_toggled)
        table.verdictKeyPressed.connect(self.give_verdict_key)
        table.noteRequested.connect(self.edit_note)
        table.doubleClicked.connect(self._on_table_double_clicked)

    # -- the session ---------------------------------------------------------------------
    @property
    def session(self) -> ReviewSession | None:
        return self._model.review

    def set_session(self, session: ReviewSession | None) -> None:
        """Review the list shown with `session` (None: no review); the filters start off."""
        self._close_note_editor()
        self._model.review = session
        self.bar.setVisible(session is not None)
        sentence = "" if session is None else session.changed_sentence
        self.changed_label.setText(sentence)
        self.changed_label.setVisible(bool(sentence))
        filtered = self.unreviewed_check.isChecked() or self.wrong_check.isChecked()
        for check in (self.unreviewed_check, self.wrong_check):
            check.blockSignals(True)
            check.setChecked(False)
            check.blockSignals(False)
        self._show_summary()
        self._repaint()
        self.sessionChanged.emit(session is not None)
        if filtered:
            self.filterChanged.emit()

    def only(self) -> frozenset[int] | None:
        """The items the review's filters let through (None: every item)."""
        session = self.session
        if session is None:
            return None
        if self.wrong_check.isChecked():
            from vody_desktop.store.reviews import Verdict  # loaded with the session

            return frozenset(session.indices(Verdict.WRONG))
        if self.unreviewed_check.isChecked():
            return frozenset(session.indices(None))
        return None

    def order_data(self, store: ColumnData, sort_column: str | None) -> ColumnData:
        """What the row order reads: `store`, plus the review's column when sorting by it."""
        if sort_column not in (VERDICT_ID, NOTE_ID):
            return store
        session = self.session
        if session is None:  # no review (yet): every cell of its columns is empty
            return WithReview(store, {sort_column: [None] * self._model.total})
        count = len(session.keys)
        if sort_column == VERDICT_ID:
            rank = VERDICT_SORT.get
            cells: list[Cell] = [
                rank(int(v)) if v else None for v in map(session.verdict_at, range(count))
            ]
        else:
            cells = [session.note_at(index) or None for index in range(count)]
        return WithReview(store, {sort_column: cells})

    # -- verdicts ------------------------------------------------------------------------
    def give_verdict_key(self, key: int) -> None:
        """A verdict key (1, 2, 3 or 0) on the selected rows."""
        from vody_desktop.store.reviews import Verdict  # loaded with the session

        code = VERDICT_KEYS.get(key)
        if code is not None:
            self.give_verdict(Verdict(code) if code else None)

    def give_verdict(self, verdict: Verdict | None) -> None:
        """`verdict` for the selected rows (the current one when none is), then the next row."""
        session = self.session
        rows = self._table.selected_rows()
        if session is None or not rows:
            return
        for row in rows:
            item = self._model.item_at(row)
            if item < 0:
                continue
            try:
                session.set_verdict(item, verdict)
            except UserFacingError as error:  # HistoryUnavailableError from a store
                self.failed.emit(error)
                return
            self._model.review_changed(item)
            self.reviewChanged.emit(item)
        self._show_summary()
        if self.move_after_verdict:
            self._select_row(rows[-1] + 1)

    def _select_row(self, row: int) -> None:
        if not 0 <= row < self._model.rowCount():
            return
        column = max(self._table.currentIndex().column(), 0)
        index = self._model.index(row, column)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self._table.selectionModel().setCurrentIndex(index, flags)
        self._table.scrollTo(index)

    # -- notes ---------------------------------------------------------------------------
    def edit_note(self) -> None:
        """N: a small editor for the current item's note (Enter saves, Esc cancels)."""
        session = self.session
        item = self._model.item_at(self._table.currentIndex().row())
        if session is None or item < 0:
            return
        self._close_note_editor()
        editor = QInputDialog(self._table)
        editor.setObjectName("reviewNoteEditor")
        editor.setWindowTitle("Note")
        editor.setLabelText(f"Note on item {item} (Enter saves, Esc cancels):")
        editor.setTextValue(session.note_at(item))
        editor.setTextEchoMode(QLineEdit.EchoMode.Normal)
        editor.textValueSelected.connect(self._note_saver(session, item))
        editor.finished.connect(editor.deleteLater)
        self.note_editor = editor
        editor.open()  # not exec(): no nested loop under qasync

    def _note_saver(self, session: ReviewSession, item: int) -> Callable[[str], None]:
        def save(text: str) -> None:
            self.note_editor = None
            if self.session is not session:
                return  # another result came meanwhile
            try:
                session.set_note(item, text)
            except UserFacingError as error:  # HistoryUnavailableError from a store
                self.failed.emit(error)
                return
            self._model.review_changed(item)
            self.reviewChanged.emit(item)

        return save

    def _close_note_editor(self) -> None:
        editor, self.note_editor = self.note_editor, None
        if editor is not None:
            editor.reject()

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        columns = self._model.columns
        if 0 <= index.column() < len(columns) and columns[index.column()].id == NOTE_ID:
            self.edit_note()

    # -- summary and filters -------------------------------------------------------------
    def _show_summary(self) -> None:
        session = self.session
        text = "" if session is None else session.summary
        if session is not None and not self.is_kept():
            text += " · not kept: the history is off"
        self.summary_label.setText(text)

    def _repaint(self) -> None:
        self._table.viewport().update()

    def _on_unreviewed_check_toggled(self, on: bool) -> None:
        if on and self.wrong_check.isChecked():
            self.wrong_check.blockSignals(True)
            self.wrong_check.setChecked(False)
            self.wrong_check.blockSignals(False)
        self.filterChanged.emit()

    def _on_wrong_check_toggled(self, on: bool) -> None:
        if on and self.unreviewed_check.isChecked():
            self.unreviewed_check.blockSignals(True)
            self.unreviewed_check.setChecked(False)
            self.unreviewed_check.blockSignals(False)
        self.filterChanged.emit()
