"""`ItemsTable`: the table view of the Items tab, with its keys.

Enter shows the current item in the tree; Ctrl+C (the platform's Copy) copies the selected rows
as tab-separated text (the window's Copy action would otherwise take the key); Space asks for a
picture's large preview. A right click on the header lists the columns to show or hide.
Review keys (items_review.py): 1, 2, 3 and 0 give a verdict, N opens the note editor.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from vody_desktop.ui.items.items_model import ITEM_ROLE

_VERDICT_KEYS = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_0)
#: Rows without pictures: one line of text (with pictures: table_pictures.PICTURE_ROW_HEIGHT).
ROW_HEIGHT = 24


class ItemsTable(QTableView):
    """The items as rows; talks back through signals."""

    #: Enter on a row: show this item (its number in the source) in the tree.
    itemActivated = Signal(int)
    #: Copy (Ctrl+C) with the table focused.
    copyRequested = Signal()
    #: Space on a cell (its row and column), for a picture's preview.
    previewRequested = Signal(int, int)
    #: A review key without modifiers: Qt.Key_1, _2, _3 (a verdict) or _0 (clear).
    verdictKeyPressed = Signal(int)
    #: N: edit the current item's note.
    noteRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("itemsTable")
        self.setAccessibleName("Items")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setTabKeyNavigation(False)  # Tab leaves the table, as everywhere else
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_menu_requested)

    def set_row_height(self, height: int) -> None:
        self.verticalHeader().setDefaultSectionSize(height)

    def selected_rows(self) -> list[int]:
        """The selected rows in view order (the current row when nothing is selected)."""
        rows = sorted({index.row() for index in self.selectionModel().selectedRows()})
        if not rows and self.currentIndex().isValid():
            rows = [self.currentIndex().row()]
        return rows

    def visible_columns(self) -> list[int]:
        """The shown columns (model numbers) in the order they appear on screen."""
        header = self.horizontalHeader()
        logical = (header.logicalIndex(visual) for visual in range(header.count()))
        return [number for number in logical if not header.isSectionHidden(number)]

    # -- keys ----------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        # Take Copy before the window's Copy action sees it (ShortcutOverride comes first).
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Copy)
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copyRequested.emit()
            return
        current = self.currentIndex()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and current.isValid():
            self.itemActivated.emit(int(current.data(ITEM_ROLE)))
            return
        if event.key() == Qt.Key.Key_Space and current.isValid():
            self.previewRequested.emit(current.row(), current.column())
            return
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier(0)
        if plain and event.key() in _VERDICT_KEYS and current.isValid():
            self.verdictKeyPressed.emit(int(event.key()))
            return
        if plain and event.key() == Qt.Key.Key_N and current.isValid():
            self.noteRequested.emit()
            return
        super().keyPressEvent(event)

    # -- the header's menu ---------------------------------------------------------------
    def column_menu(self) -> QMenu:
        """A menu with a check box per column (ticked: shown); the last shown one stays."""
        header = self.horizontalHeader()
        model = self.model()
        menu = QMenu(self)
        menu.setObjectName("itemsColumnsMenu")
        shown = [n for n in range(header.count()) if not header.isSectionHidden(n)]
        for visual in range(header.count()):
            number = header.logicalIndex(visual)
            title = str(model.headerData(number, Qt.Orientation.Horizontal))
            action = menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(number))
            action.setEnabled(shown != [number])
            action.toggled.connect(lambda on, n=number: header.setSectionHidden(n, not on))
        return menu

    def _on_header_menu_requested(self, position: QPoint) -> None:
        menu = self.column_menu()
        menu.popup(self.horizontalHeader().mapToGlobal(position))
