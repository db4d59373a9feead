"""`ItemsTab`: the Items tab's widgets and its row order: chooser, filter, quick filters, table.

`show_document` finds the lists of items in a result (none: `hasItems` is False and the window
hides the tab). A header click, the filter text and the quick filters make one `OrderRequest`;
its row order is computed on a worker thread when the list is large (reading a column of 72,000
items takes ~0.1-0.3 s; the UI thread only applies the answer), and a newer request cancels the
one still running. The count reads "12 of 500 items shown".

A comparison's "What changed" column and its quick filter come with `set_item_changes`
(items_changes.py); the compare window's Items view (ui/compare/changed_items.py) is this tab
with a comparison attached and without review mode's columns.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from vody_desktop.document.json_document import JsonDocument
from vody_desktop.items import colour_loading
from vody_desktop.items.cells import Cell
from vody_desktop.items.column_store import ColumnStore, Derived
from vody_desktop.items.columns import SAMPLE_ITEMS, Column, Role
from vody_desktop.items.discovery import ItemSource, find_item_sources
from vody_desktop.items.match_column import is_mismatch
from vody_desktop.items.ordering import ColumnData, OrderRequest, compute_order
from vody_desktop.items.shown_rows import ShownRows
from vody_desktop.items.table_text import rows_as_tsv
from vody_desktop.ui.items.items_changes import ItemsChanges
from vody_desktop.ui.items.items_model import REVIEW_IDS, VERDICT_COLUMN, ItemsTableModel
from vody_desktop.ui.items.items_review import ItemsReview
from vody_desktop.ui.items.items_view import ItemsTable
from vody_desktop.ui.items.table_columns import columns_of, table_columns
from vody_desktop.ui.items.table_pictures import TablePictures
from vody_desktop.ui.pictures.loader import PictureLoader
from vody_desktop.ui.tasks import TaskOwner

#: Columns come from this many items at once (~4 ms), then from `SAMPLE_ITEMS` on a worker.
FIRST_SAMPLE = 500
#: Lists larger than this (in bytes) get their columns one loop turn after the result is shown.
DEFER_BYTES = 1 << 20
#: Lists up to this size are ordered on the UI thread (a few milliseconds).
SYNC_ORDER_MAX = 5000
#: Typing in the filter waits this long for the next key before the rows are filtered.
FILTER_DELAY_MS = 150


class ItemsTab(QWidget):
    """The result's items as a table, with the controls that sort and filter it."""

    #: The result has items (True) or not (False); the window shows or hides the tab.
    hasItemsChanged = Signal(bool)
    #: The list on show is about to be replaced.
    sourceAboutToChange = Signal()
    #: A new list is shown (a new result, or another list chosen), with its columns.
    sourceShown = Signal()
    #: A row order was applied (the count label says how many are shown).
    orderApplied = Signal()

    def __init__(
        self,
        loader: PictureLoader | None = None,
        parent: QWidget | None = None,
        *,
        review_columns: bool = True,
    ) -> None:
        super().__init__(parent)
        #: Whether the table has review mode's Verdict and Note columns.
        self.review_columns = review_columns
        #: The column id a newly shown list is sorted by (None: document order).
        self.initial_sort: str | None = None
        self.setObjectName("itemsTab")
        self.model = ItemsTableModel(self)
        self.table = ItemsTable()
        self.table.setModel(self.model)
        self.pictures = TablePictures(self.table, self.model, loader)
        self.source_combo = QComboBox()
        self.source_combo.setObjectName("itemsSourceCombo")
        self.source_combo.setAccessibleName("List of items")
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("itemsFilterEdit")
        self.filter_edit.setAccessibleName("Filter items")
        self.filter_edit.setPlaceholderText("Filter items")
        self.filter_edit.setToolTip("Show only items with this text in any shown column")
        self.filter_edit.setClearButtonEnabled(True)
        self.mismatches_check = QCheckBox("Mismatches onl&y")
        self.mismatches_check.setObjectName("itemsMismatchesCheck")
        self.mismatches_check.setToolTip("Show only items whose predicted colour is not the label")
        self.score_check = QCheckBox("Score &below")
        self.score_check.setObjectName("itemsScoreBelowCheck")
        self.score_spin = QDoubleSpinBox()
        self.score_spin.setObjectName("itemsScoreBelowSpin")
        self.score_spin.setAccessibleName("Score below")
        self.score_spin.setRange(0.0, 1.0)
        self.score_spin.setSingleStep(0.05)
        self.score_spin.setDecimals(2)
        self.score_spin.setValue(0.5)
        self.count_label = QLabel()
        self.count_label.setObjectName("itemsCountLabel")
        self.review = ItemsReview(self.table, self.model, self)
        self.changes = ItemsChanges(self.model, self)
        self._place()

        self._sources: list[ItemSource] = []
        self._pending: ItemSource | None = None  # a large list whose table is still to come
        self._store: ColumnStore | None = None
        self._derived: dict[str, Derived] = {}
        self._item_columns: list[Column] = []  # the list's own columns (no computed ones)
        self._is_mismatch: Callable[[Cell], bool] | None = None
        self._ordering = TaskOwner()
        self._columns_task = TaskOwner()
        self._stop_ordering = threading.Event()
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.request_order)
        self.source_combo.currentIndexChanged.connect(self._on_source_combo_changed)
        self.filter_edit.textChanged.connect(self._filter_timer.start)
        self.filter_edit.returnPressed.connect(self._apply_filter_now)
        self.mismatches_check.toggled.connect(self.request_order)
        self.score_check.toggled.connect(self.request_order)
        self.score_spin.valueChanged.connect(self._on_score_changed)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self.request_order)
        self.review.filterChanged.connect(self.request_order)
        self.changes.filterChanged.connect(self.request_order)
        self._show_count()

    def _place(self) -> None:
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(self.source_combo)
        controls.addWidget(self.filter_edit, 1)
        controls.addWidget(self.changes.check)
        controls.addWidget(self.mismatches_check)
        controls.addWidget(self.score_check)
        controls.addWidget(self.score_spin)
        controls.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(controls)
        layout.addWidget(self.review.bar)
        layout.addWidget(self.review.changed_label)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.table)

    # -- showing a result ----------------------------------------------------------------
    @property
    def has_items(self) -> bool:
        return bool(self._sources)

    @property
    def sources(self) -> list[ItemSource]:
        return list(self._sources)

    def show_document(
        self,
        document: JsonDocument | None,
        prefer: str | None = None,
        changes: Mapping[int, str] | None = None,
    ) -> None:
        """Find the lists of items in `document` and show the one at the path `prefer`, else
        the largest (None: show nothing). `changes` is a comparison's words per item of that
        list (see `set_item_changes`); a comparison of the last result goes with it."""
        self._cancel_ordering()
        self.changes.set_changes(changes, prefer)
        self._sources = [] if document is None else find_item_sources(document.root)
        preferred = [source for source in self._sources if source.path == prefer]
        if preferred:  # first in the chooser too
            self._sources.remove(preferred[0])
            self._sources.insert(0, preferred[0])
        self.source_combo.blockSignals(True)
        self.source_combo.clear()
        for source in self._sources:
            self.source_combo.addItem(source.label)
        self.source_combo.blockSignals(False)
        self.source_combo.setVisible(len(self._sources) > 1)
        first = self._sources[0] if self._sources else None
        self._pending = None
        if first is not None and len(first.node.raw) > DEFER_BYTES and _loop_running():
            # The result's tree was set up in this same turn of the loop: the table's columns
            # come in a later one (once the tab is on screen), so neither adds its time to the
            # other's stall, and a person who stays on the tree never pays for the table.
            self._show_source(None)
            self.count_label.setText("Reading the items…")
            self._pending = first
            if self.isVisible():
                QTimer.singleShot(0, self._show_pending)
        else:
            self._show_source(first)
        self.hasItemsChanged.emit(self.has_items)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pending is not None:
            QTimer.singleShot(0, self._show_pending)

    def _show_pending(self) -> None:
        source, self._pending = self._pending, None
        if source is not None and self._sources and self._sources[0] is source:
            self._show_source(source)

    def show_source(self, number: int) -> None:
        """Show the list numbered `number` in the chooser (at once)."""
        self.source_combo.setCurrentIndex(number)

    def _on_source_combo_changed(self, number: int) -> None:
        if 0 <= number < len(self._sources):
            self._pending = None
            self._show_source(self._sources[number])

    def _show_source(self, source: ItemSource | None) -> None:
        self._cancel_ordering()
        self.sourceAboutToChange.emit()
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)
        if source is None:
            self._release_store()
            self.changes.prepare(None)
            self.model.set_source(None)
            self._show_count()
            self.sourceShown.emit()
            return
        self._set_up(source, columns_of(source, FIRST_SAMPLE))
        if source.count > FIRST_SAMPLE and _loop_running():
            self._columns_task.cancel_all()
            self._columns_task.spawn(self._complete_columns(source))

    async def _complete_columns(self, source: ItemSource) -> None:
        """The columns of the first `SAMPLE_ITEMS`, read on a worker thread: a field that
        the first `FIRST_SAMPLE` items lack gets its column now (rarely needed)."""
        columns = await asyncio.to_thread(columns_of, source, SAMPLE_ITEMS)
        if self.model.source is not source:
            return
        known = {column.id for column in self.model.columns}
        if not {column.id for column in columns} <= known:
            self.sourceAboutToChange.emit()
            self._set_up(source, columns)

    def _set_up(self, source: ItemSource, columns: list[Column]) -> None:
        self._item_columns = columns
        sorted_by = self._sort_column_id()
        changes = self.changes.prepare(source)
        laid = table_columns(columns, changes=changes, review=self.review_columns)
        self._derived = laid.derived
        self._is_mismatch = None
        if laid.match_column is not None:
            self._is_mismatch = lambda cell: is_mismatch(cell, self.model.match_threshold)
        self._release_store()
        self._store = ColumnStore(source.node.children_raw(), laid.parts, self._derived)
        self.model.set_source(source, laid.columns, laid.computed)
        self._sort_by(sorted_by or self.initial_sort)
        self.pictures.columns_changed()
        self.mismatches_check.setEnabled(self._is_mismatch is not None)
        self.score_check.setEnabled(self._score_column() is not None)
        self.score_spin.setEnabled(self._score_column() is not None)
        self.sourceShown.emit()
        if self._current_request().is_identity:
            self._show_count()
        else:
            self.request_order()  # the filters typed for the last result still apply

    def _sort_column_id(self) -> str | None:
        """The id of the column the rows are sorted by (None: not sorted)."""
        section = self.table.horizontalHeader().sortIndicatorSection()
        columns = self.model.columns
        return columns[section].id if 0 <= section < len(columns) else None

    def _sort_by(self, column_id: str | None) -> None:
        """The sort indicator on the column `column_id` (its number changes when columns come
        or go) or on none; the order itself is asked for by the caller."""
        header = self.table.horizontalHeader()
        ids = [column.id for column in self.model.columns]
        header.blockSignals(True)
        if column_id in ids:
            header.setSortIndicator(ids.index(column_id), header.sortIndicatorOrder())
        else:
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)

    def set_item_changes(self, changes: Mapping[int, str] | None, path: str | None = None) -> None:
        """What changed per item number (a comparison's `item_changes`) of the result's list at
        `path` (None: whichever is shown), as the What changed column, until another result is
        shown; None takes it away. The dict is read, never changed: give a new one for a new
        comparison."""
        self.changes.set_changes(changes, path)
        source = self.model.source
        if source is None:
            return
        self._cancel_ordering()
        self.sourceAboutToChange.emit()
        self._set_up(source, self._item_columns)  # the sort stays on its column, if still there

    def place_review_columns(self) -> None:
        """Show the Verdict column beside the picture (first when there is none), where the
        eye is while judging; the model keeps it last, so the item columns keep their numbers."""
        columns = self.model.columns
        verdict = next((n for n, c in enumerate(columns) if c.id == VERDICT_COLUMN.id), -1)
        if verdict < 0:
            return
        header = self.table.horizontalHeader()
        first = header.logicalIndex(0)
        to = 1 if 0 <= first < len(columns) and columns[first].role is Role.PICTURE else 0
        header.moveSection(header.visualIndex(verdict), to)

    @property
    def column_store(self) -> ColumnStore | None:
        """Every item's cells by column id, read on first use (safe off the UI thread)."""
        return self._store

    # -- handing on ----------------------------------------------------------------------
    def shown_rows(self) -> ShownRows | None:
        """The rows shown (filter and order applied) with the shown columns in screen order."""
        return self.model.shown_rows(self.table.visible_columns())

    def copy_selected_rows(self) -> int:
        """Copy the selected rows (with the header) as tab-separated text; how many rows."""
        rows = self.table.selected_rows()
        if not rows:
            return 0
        # The item's own cells, as the CSV export of the rows shown (the review has its own).
        columns = [
            n for n in self.table.visible_columns() if self.model.columns[n].id not in REVIEW_IDS
        ]
        header = [self.model.columns[number].title for number in columns]
        lines = [self.model.row_texts(row, columns) for row in rows]
        QGuiApplication.clipboard().setText(rows_as_tsv(header, lines))
        return len(rows)

    # -- colours -------------------------------------------------------------------------
    def set_match_threshold(self, threshold: float) -> None:
        """The Match column's threshold (the preference); the verdicts and filter follow."""
        if threshold != self.model.match_threshold:
            self.model.match_threshold = threshold
            self.table.viewport().update()
            if self.mismatches_check.isChecked():
                self.request_order()

    def pictures_changed(self) -> None:
        """Pictures were turned on or off (Preferences)."""
        self.pictures.pictures_changed()

    def _release_store(self) -> None:
        """Forget the last list's cells, freed on a worker thread (see ColumnStore.release)."""
        store, self._store = self._store, None
        if store is not None:
            threading.Thread(target=store.release, name="items-release", daemon=True).start()

    # -- the row order -------------------------------------------------------------------
    def request_order(self) -> None:
        """Compute the row order the controls ask for and apply it (later, when large)."""
        self._filter_timer.stop()
        self._cancel_ordering()
        store = self._store
        if store is None:
            return
        request = self._current_request()
        if request.is_identity:
            self.model.set_order(None)
            self._show_count()
            self.orderApplied.emit()
            return
        count = len(store)
        data = self.changes.order_data(self.review.order_data(store, request.sort_column))
        if count <= SYNC_ORDER_MAX:
            self._apply(compute_order(count, request, data, is_mismatch=self._is_mismatch))
            return
        stop = self._stop_ordering = threading.Event()
        self.count_label.setText("Sorting and filtering…")
        self._ordering.spawn(self._order_in_background(store, data, request, stop))

    async def _order_in_background(
        self, store: ColumnStore, data: ColumnData, request: OrderRequest, stop: threading.Event
    ) -> None:
        order = await asyncio.to_thread(
            compute_order,
            len(store),
            request,
            data,
            is_mismatch=self._is_mismatch,
            cancelled=stop.is_set,
        )
        if not stop.is_set() and store is self._store:
            self._apply(order)

    def _apply(self, order: list[int] | None) -> None:
        if order is None:
            return
        self.model.set_order(order)
        self._show_count()
        self.orderApplied.emit()

    def _cancel_ordering(self) -> None:
        self._stop_ordering.set()
        self._ordering.cancel_all()

    def _current_request(self) -> OrderRequest:
        header = self.table.horizontalHeader()
        section = header.sortIndicatorSection()
        columns = self.model.columns
        sort_column = columns[section].id if 0 <= section < len(columns) else None
        shown = [
            columns[n].id for n in self.table.visible_columns() if columns[n].id not in REVIEW_IDS
        ]
        score = self._score_column()
        match = self._match_column()
        return OrderRequest(
            sort_column=sort_column,
            descending=header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder,
            text=self.filter_edit.text().strip(),
            text_columns=tuple(shown),
            score_column=score,
            score_below=self.score_spin.value() if score and self.score_check.isChecked() else None,
            match_column=match,
            mismatches_only=bool(match) and self.mismatches_check.isChecked(),
            only=_both(self.review.only(), self.changes.only()),
        )

    def _score_column(self) -> str | None:
        scores = [column for column in self.model.columns if column.role is Role.SCORE]
        return scores[0].id if scores else None

    def _match_column(self) -> str | None:
        return next(iter(self._derived), None) if self._is_mismatch is not None else None

    def _on_score_changed(self) -> None:
        if self.score_check.isChecked():
            self.request_order()

    def _apply_filter_now(self) -> None:
        if self._filter_timer.isActive():
            self.request_order()

    def _show_count(self) -> None:
        total = self.model.total
        noun = "item" if total == 1 else "items"
        self.count_label.setText(f"{self.model.rowCount():,} of {total:,} {noun} shown")

    async def shutdown(self) -> None:
        self._cancel_ordering()
        await self._ordering.shutdown()
        await self._columns_task.shutdown()
        await asyncio.to_thread(colour_loading.wait)  # its news goes through Qt's signals


def _both(first: frozenset[int] | None, second: frozenset[int] | None) -> frozenset[int] | None:
    """The items both quick filters let through (None: no filter)."""
    if first is None or second is None:
        return first if second is None else second
    return first & second


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
