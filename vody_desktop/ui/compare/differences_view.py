"""`DifferencesView`: the compare window's Differences tab.

The tree (`compareTree`) over a `DifferencesModel`, "Differences only" (`compareDifferencesOnly`,
on by default), Previous and Next difference (Shift+F8 / F8, also Alt+Up / Alt+Down: the rows on
the way are expanded), and the selected row's path under the tree, selectable; Ctrl+C in the
tree copies "path: A → B".
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from vody_desktop.ui.compare.difference_rows import DifferenceTree, Row
from vody_desktop.ui.compare.differences_model import (
    A_COLUMN,
    B_COLUMN,
    WHERE_COLUMN,
    DifferencesModel,
    copy_text,
    row_path,
)
from vody_desktop.ui.tasks import TaskOwner

#: A top level longer than this is paired on a worker thread (72,000 items: about 0.5 s).
PAIR_ON_WORKER_FROM = 5000
#: Up to this many differences, the differences-only tree opens fully expanded.
EXPAND_ALL_UP_TO = 500
NEXT_KEYS = ("F8", "Alt+Down")
PREVIOUS_KEYS = ("Shift+F8", "Alt+Up")


def placeholder_for(model: DifferencesModel, waiting: bool = False) -> str:
    """What the empty tree says instead of staying blank ("" when it has rows)."""
    if model.rowCount() > 0:
        return ""
    comparison = model.comparison
    if comparison is None:
        if waiting:
            return "The differences appear here once A and B are compared."
        return "Fill in A and B above, then press Enter to compare them."
    if comparison.equal:
        return "No differences: A and B hold the same values."
    return ""


class _Tree(QTreeView):
    """The tree, saying why it is empty when it is."""

    #: A comparison is under way (the window sets it).
    waiting = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        text = placeholder_for(model, self.waiting) if isinstance(model, DifferencesModel) else ""
        if not text:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        area = self.viewport().rect().adjusted(12, 12, -12, -12)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
        painter.drawText(area, int(flags | Qt.TextFlag.TextWordWrap), text)
        painter.end()


class _ValueDelegate(QStyledItemDelegate):
    """A value cut at its end ("{"color": "Red", "sc…"), where the tree cuts a place in its
    middle (an item's key ends with what tells it apart: "…/01-shoe.png")."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideRight


class DifferencesView(QWidget):
    """See the module docstring."""

    #: Something short to say (the status line of the window).
    said = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DifferencesModel(self)
        self._tasks = TaskOwner()
        self._last = -1  # the difference last gone to (for a row that is none)

        self.only_check = QCheckBox("&Differences only")
        self.only_check.setObjectName("compareDifferencesOnly")
        self.only_check.setToolTip("Show only the differences and the places that hold them")
        self.only_check.setChecked(True)
        self.previous_button = QPushButton("&Previous")
        self.previous_button.setObjectName("comparePreviousButton")
        self.previous_button.setToolTip("Go to the previous difference (Shift+F8)")
        self.next_button = QPushButton("&Next")
        self.next_button.setObjectName("compareNextButton")
        self.next_button.setToolTip("Go to the next difference (F8)")
        self.position_label = QLabel()
        self.position_label.setObjectName("comparePositionLabel")

        tree = self.tree = _Tree()
        tree.setObjectName("compareTree")
        tree.setAccessibleName("Differences")
        tree.setModel(self.model)
        tree.setUniformRowHeights(True)
        tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tree.setAlternatingRowColors(True)
        tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self._values = _ValueDelegate(tree)
        tree.setItemDelegateForColumn(A_COLUMN, self._values)
        tree.setItemDelegateForColumn(B_COLUMN, self._values)
        header = tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Where takes the most: an item's label holds its key ("[image_path = …/01-shoe.png]").
        average = tree.fontMetrics().averageCharWidth()
        header.resizeSection(WHERE_COLUMN, average * 52)
        header.resizeSection(A_COLUMN, average * 44)

        self.path_label = QLabel()
        self.path_label.setObjectName("comparePathLabel")
        self.path_label.setAccessibleName("Selected path")
        self.path_label.setTextFormat(Qt.TextFormat.PlainText)
        self.path_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )

        self._build_actions()
        bar = QHBoxLayout()
        bar.addWidget(self.only_check)
        bar.addStretch(1)
        bar.addWidget(self.position_label)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(tree, 1)
        layout.addWidget(self.path_label)
        QWidget.setTabOrder(self.only_check, self.previous_button)
        QWidget.setTabOrder(self.previous_button, self.next_button)
        QWidget.setTabOrder(self.next_button, tree)

        self.only_check.toggled.connect(self.set_only_differences)
        self.previous_button.clicked.connect(self.previous_difference)
        self.next_button.clicked.connect(self.next_difference)
        tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)
        self._update_buttons()

    def _build_actions(self) -> None:
        def action(text: str, keys: tuple[str, ...], slot: object, on: QWidget) -> QAction:
            made = QAction(text, on)
            made.setShortcuts([QKeySequence(key) for key in keys])
            made.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            made.triggered.connect(slot)
            on.addAction(made)
            return made

        self.next_action = action("Next difference", NEXT_KEYS, self.next_difference, self)
        self.previous_action = action(
            "Previous difference", PREVIOUS_KEYS, self.previous_difference, self
        )
        copy = QAction("Copy", self.tree)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.copy_selected)
        self.tree.addAction(copy)
        self.copy_action = copy

    # -- what is shown -------------------------------------------------------------------------
    def show_tree(self, tree: DifferenceTree | None, only_differences: Row | None = None) -> None:
        self._last = -1
        self.model.set_tree(tree, only_differences)
        self._after_reset()
        if tree is not None and tree.comparison.differences:
            self.go_to(0)

    def set_only_differences(self, only: bool) -> None:
        """Show the differences only, or the whole structure (a long top level is paired on a
        worker thread first; the box says so meanwhile)."""
        if only == self.model.only_differences:
            return
        tree = self.model.tree
        if (
            not only
            and tree is not None
            and not tree.whole_ready
            and tree.top_size() > PAIR_ON_WORKER_FROM
        ):
            self.only_check.setEnabled(False)
            self.position_label.setText(f"Pairing {tree.top_size():,} values…")
            self._tasks.spawn(self._pair_then_show_whole(tree))
            return
        self._switch(only)

    async def _pair_then_show_whole(self, tree: DifferenceTree) -> None:
        try:
            await asyncio.to_thread(tree.prepare_whole)
        finally:
            self.only_check.setEnabled(True)
        if self.model.tree is tree and not self.only_check.isChecked():
            self._switch(False)
        else:
            self._update_buttons()

    def _switch(self, only: bool) -> None:
        current = self.current_row()
        number = current.index if current is not None and current.index >= 0 else self._last
        self.model.set_only_differences(only)
        self.only_check.setChecked(only)
        self._after_reset()
        if number >= 0:
            self.go_to(number)

    def _after_reset(self) -> None:
        comparison = self.model.comparison
        if (
            self.model.only_differences
            and comparison is not None
            and len(comparison.differences) <= EXPAND_ALL_UP_TO
        ):
            self.tree.expandAll()
        self.path_label.setText("")
        self._update_buttons()

    def set_waiting(self, waiting: bool) -> None:
        """A comparison is under way: the empty tree says the differences are coming."""
        assert isinstance(self.tree, _Tree)
        self.tree.waiting = waiting
        self.tree.viewport().update()

    def current_row(self) -> Row | None:
        return self.model.row_of(self.tree.currentIndex())

    def _update_buttons(self) -> None:
        comparison = self.model.comparison
        has = comparison is not None and bool(comparison.differences)
        for widget in (self.previous_button, self.next_button):
            widget.setEnabled(has)
        self.next_action.setEnabled(has)
        self.previous_action.setEnabled(has)
        total = len(comparison.differences) if comparison is not None else 0
        if not has:
            self.position_label.setText("")
        elif self._last >= 0:
            self.position_label.setText(f"Difference {self._last + 1:,} of {total:,}")
        else:
            self.position_label.setText(f"{total:,} difference{'s' if total != 1 else ''}")

    # -- going from difference to difference -------------------------------------------------
    def next_difference(self) -> None:
        self._step(forward=True)

    def previous_difference(self) -> None:
        self._step(forward=False)

    def _step(self, *, forward: bool) -> None:
        tree = self.model.tree
        if tree is None or not tree.places:
            return
        total = len(tree.places)
        number = self._position(forward)
        if not 0 <= number < total:
            self.said.emit("That was the last difference" if forward else "That was the first")
            return
        self.go_to(number)

    def _position(self, forward: bool) -> int:
        row = self.current_row()
        if row is not None and row.index >= 0:
            return row.index + (1 if forward else -1)
        if row is not None and self.model.tree is not None:
            first = self.model.tree.first_below(row)
            if first >= 0:
                return first if forward else first - 1
        if self._last < 0:
            return 0 if forward else len(self.model.tree.places) - 1 if self.model.tree else -1
        return self._last + (1 if forward else -1)

    def go_to(self, number: int) -> None:
        """Select difference `number`, expanding the rows on the way, and scroll to it."""
        index = self.model.index_of_difference(number)
        if not index.isValid():
            return
        parent = index.parent()
        chain: list[QModelIndex] = []
        while parent.isValid():
            chain.append(parent)
            parent = parent.parent()
        for ancestor in reversed(chain):
            self.tree.expand(ancestor)
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        row = self.model.row_of(index)
        self.path_label.setText(row_path(row) if row is not None else "")
        self._last = number
        self._update_buttons()

    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_of(current)
        self.path_label.setText(row_path(row) if row is not None else "")
        if row is not None and row.index >= 0:
            self._last = row.index
            self._update_buttons()

    def copy_selected(self) -> None:
        row = self.current_row()
        if row is None:
            return
        QGuiApplication.clipboard().setText(copy_text(row))
        self.said.emit("Copied the path and both values")

    async def shutdown(self) -> None:
        await self._tasks.shutdown()
