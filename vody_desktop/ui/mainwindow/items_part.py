"""The Items tab in the window: placed beside Tree and Raw JSON, and tied to the tree.

`ItemsPart` puts the `ItemsTab` into the result view's tabs (shown only while the result has
items, and chosen first unless the person turned "open on Items" off), follows each new result,
and links the table with the tree: Enter on a row shows that item in the tree (loading the
tree's chunks one loop turn at a time), and choosing an item in the tree selects its row. It
also remembers the columns per model (column_memory.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject
from PySide6.QtWidgets import QAbstractItemView

from vody_desktop.document.node import JsonNode
from vody_desktop.items.shown_rows import ShownRows
from vody_desktop.lookup import LookupResult
from vody_desktop.store.settings import ITEMS_FIRST, LOAD_PICTURES, MATCH_THRESHOLD, AppSettings
from vody_desktop.ui.files.result_files import ResultFiles
from vody_desktop.ui.find.reveal import reveal
from vody_desktop.ui.items.items_tab import ItemsTab
from vody_desktop.ui.items.table_pictures import THUMBNAIL_HEIGHT
from vody_desktop.ui.mainwindow.column_memory import ColumnMemory
from vody_desktop.ui.pictures.loader import PictureLoader
from vody_desktop.ui.result.result_view import TREE_TAB, ResultView
from vody_desktop.ui.tasks import TaskOwner

if TYPE_CHECKING:  # built after the first paint (later_parts.py)
    from vody_desktop.ui.mainwindow.lookup_controller import LookupController

ITEMS_TAB = 2


class ItemsPart(QObject):
    """Places the Items tab and connects it with the result view and the lookups."""

    def __init__(
        self,
        results: ResultView,
        settings: AppSettings,
        files: ResultFiles,
        say: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._results = results
        self._settings = settings
        self._say = say
        self.loader = PictureLoader(
            self, enabled=settings.get(LOAD_PICTURES), thumbnail_height=THUMBNAIL_HEIGHT
        )
        self.tab = ItemsTab(self.loader)
        self.memory = ColumnMemory(self.tab, settings, self)
        self._reveals = TaskOwner()
        results.insertTab(ITEMS_TAB, self.tab, "&Items")
        results.setTabVisible(ITEMS_TAB, False)
        results.documentChanged.connect(self._on_results_document_changed)
        self.tab.hasItemsChanged.connect(self._on_tab_has_items_changed)
        self.tab.table.itemActivated.connect(self.show_in_tree)
        self.tab.table.copyRequested.connect(self.copy_rows)
        files.shown_rows = self._shown_rows
        results.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)

    def follow(self, lookups: LookupController) -> None:
        """Hear of each lookup's result; connected before the presenter shows the document, as
        the model's name keys the column memory (the lookups are built after the first paint)."""
        lookups.finished.connect(self._on_lookups_finished)

    def show_tab(self) -> None:
        """Ctrl+3: the Items tab, when the result has items."""
        if self.tab.has_items:
            self._results.setCurrentIndex(ITEMS_TAB)
            self.tab.table.setFocus()

    def copy_rows(self) -> None:
        copied = self.tab.copy_selected_rows()
        if copied:
            self._say(f"Copied {copied:,} row{'s' if copied != 1 else ''} as tab-separated text")

    def _shown_rows(self) -> ShownRows | None:
        """The Items tab's rows for a CSV export, when it is the tab on show."""
        if self._results.currentIndex() != ITEMS_TAB or not self.tab.has_items:
            return None
        return self.tab.shown_rows()

    def show_in_tree(self, item: int) -> None:
        """Switch to the tree and select item number `item` of the list shown."""
        source = self.tab.model.source
        if source is None or not 0 <= item < source.count:
            return
        node = source.node.child(item)
        self._results.setCurrentIndex(TREE_TAB)
        self._reveals.cancel_all()
        self._reveals.spawn(self._reveal(node))

    async def _reveal(self, node: JsonNode) -> None:
        tree = self._results.tree
        index = await reveal(tree, self._results.model, node)
        if index.isValid():
            tree.setFocus()

    def _on_lookups_finished(self, result: LookupResult) -> None:
        status = result.status
        self.memory.set_model_name((status.model if status is not None else "") or "")

    def apply_preferences(self) -> None:
        """Pictures on or off and the Match threshold, as Preferences say now."""
        on = self._settings.get(LOAD_PICTURES)
        if on != self.loader.enabled:
            self.loader.set_enabled(on)
            self.tab.pictures_changed()
        self.tab.set_match_threshold(float(self._settings.get(MATCH_THRESHOLD)))

    def _on_results_document_changed(self) -> None:
        self._reveals.cancel_all()
        self.loader.forget_pending()  # the rows of the last result are gone
        self.apply_preferences()
        self.tab.show_document(self._results.document)
        self.memory.set_model_name("")  # the next result names its own (or goes by columns)

    def _on_tab_has_items_changed(self, has_items: bool) -> None:
        results = self._results
        if not has_items and results.currentIndex() == ITEMS_TAB:
            results.show_tab(TREE_TAB)  # before hiding it: Qt would pick the raw tab
        results.setTabVisible(ITEMS_TAB, has_items)
        if has_items and self._settings.get(ITEMS_FIRST):
            results.show_tab(ITEMS_TAB)

    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """An item (or something inside one) chosen in the tree selects its row."""
        source = self.tab.model.source
        node = self._results.model.node(current)
        if source is None or node is None:
            return
        while node.parent is not None and node.parent is not source.node:
            node = node.parent
        if node.parent is not source.node:
            return
        row = self.tab.model.row_of(node.row)
        if row < 0:
            return
        table = self.tab.table
        if table.currentIndex().row() != row:
            table.selectRow(row)
            table.scrollTo(self.tab.model.index(row, 0), QAbstractItemView.ScrollHint.EnsureVisible)

    async def shutdown(self) -> None:
        await self._reveals.shutdown()
        await self.tab.shutdown()
        await self.loader.shutdown()
