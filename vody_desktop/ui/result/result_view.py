"""`ResultView`: the result as a tree (Key / Value / Type) and as raw, pretty-printed JSON.

The tree is lazy (see `JsonTreeModel`); scrolling to the end of a partly loaded array loads the
next chunk. The tree tab is a stack: the full tree, or (find's "Only matching" mode) a tree of
the matching branches. The raw tab (`RawJsonView`) is filled when the person opens it, on a
worker thread, and paints only the lines on screen, so it shows all of a 25 MB result.

A new result opens on the tab the person last chose (the Tree at first): a body that is not JSON
switches to the raw tab by itself, and that switch is not their choice.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStackedWidget,
    QTabWidget,
    QTreeView,
    QWidget,
)

from vody_desktop.allocator import release_freed_memory
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.node import JsonNode
from vody_desktop.ui.result.json_tree_model import NODE_ROLE, JsonTreeModel
from vody_desktop.ui.result.loaded_label import LoadedLabel
from vody_desktop.ui.result.raw_view import RawJsonView
from vody_desktop.ui.result.result_tree import ResultTree
from vody_desktop.ui.tasks import TaskOwner

#: Results up to this size open expanded a few levels (Firefox's JSON viewer uses the same cap).
AUTO_EXPAND_MAX_BYTES = 100 * 1024
AUTO_EXPAND_DEPTH = 2
#: Copying a node larger than this as JSON asks the person to export instead.
COPY_MAX_BYTES = 20 * 1024 * 1024
TREE_TAB, RAW_TAB = 0, 1


class ResultView(QTabWidget):
    """Tree and raw tabs over one document; emits the path of the selected node."""

    selectedPathChanged = Signal(str)
    #: A new result (or none) is shown.
    documentChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultTabs")
        self.tabBar().setObjectName("resultTabBar")
        # Tab stops at the tab bar itself; the tab widget (its focus proxy's owner) is no stop of
        # its own, or Tab would come back to the tab bar from the end of the window.
        # (QTabWidget passes its policy on to the tab bar: give the bar its own back.)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabBar().setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.tabBar().setAccessibleName("Result views")
        self.model = JsonTreeModel(parent=self)
        self._raw_text: str | None = None  # a body that is not JSON, shown as text
        # The raw tab's filling: one at a time, the last one cancelled when a result replaces it.
        self._raw_fill = TaskOwner()
        self._chosen_tab = TREE_TAB  # the tab the person last picked
        self._switching = False  # the view itself changes the tab (not the person's choice)

        self.tree = ResultTree()  # keeps deep keys in view; says when a result is empty
        self.tree.setObjectName("resultTree")
        self.tree.setAccessibleName("Result tree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 260)
        header.resizeSection(2, 110)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)
        self.tree.verticalScrollBar().valueChanged.connect(self._on_tree_scrolled)

        self.raw_view = RawJsonView()
        self.raw_view.setObjectName("rawView")
        self.raw_view.setAccessibleName("Raw JSON")

        # The full tree, or the tree of matching branches (added by the find feature).
        self.tree_stack = QStackedWidget()
        self.tree_stack.setObjectName("treeStack")
        self.tree_stack.addWidget(self.tree)
        self.addTab(self.tree_stack, "&Tree")
        self.addTab(self.raw_view, "Raw &JSON")
        self.currentChanged.connect(self._on_tab_changed)
        self.documentChanged.connect(self.tree.reset_depth)
        # "Showing n of N items" while the container in view is partly loaded.
        self.loaded_label = LoadedLabel(self.tree, self.model)
        self.setCornerWidget(self.loaded_label, Qt.Corner.TopRightCorner)

    # -- showing a result ----------------------------------------------------------------
    @property
    def document(self) -> JsonDocument | None:
        return self.model.document

    def show_document(self, document: JsonDocument) -> None:
        self._cancel_raw_fill()
        self._raw_text = None
        self.raw_view.clear()
        self.model.set_document(document)
        self._switch_tab(self._chosen_tab)
        if document.size_bytes <= AUTO_EXPAND_MAX_BYTES:
            self.tree.expandToDepth(AUTO_EXPAND_DEPTH)
        first = self.model.index(0, 0)
        if first.isValid():
            self.tree.setCurrentIndex(first)
        if self.currentIndex() == RAW_TAB:
            self._start_raw_fill()
        self.documentChanged.emit()
        # The result it replaced, and the chunks this one arrived in, are freed by now; after
        # this turn of the loop (the rows get painted first), their memory goes back.
        QTimer.singleShot(0, release_freed_memory)

    def show_text(self, text: str) -> None:
        """Show a body that is not JSON in the raw tab (the tree stays empty)."""
        self.clear_result()
        self._raw_text = text
        self.raw_view.set_text(text)
        self._switch_tab(RAW_TAB)

    def clear_result(self) -> None:
        self._cancel_raw_fill()
        self._raw_text = None
        self.model.set_document(None)
        self.raw_view.clear()
        self.selectedPathChanged.emit("")
        self.documentChanged.emit()

    # -- tree behaviour ------------------------------------------------------------------
    def selected_node(self) -> JsonNode | None:
        """The node selected in the tree on show (the full one or the matching branches)."""
        shown = self.tree_stack.currentWidget()
        if isinstance(shown, QTreeView) and shown is not self.tree:
            node = shown.currentIndex().data(NODE_ROLE)
            return node if isinstance(node, JsonNode) else None
        current = self.tree.currentIndex()
        # A range row of a very long array ("[0 … 9,999]") stands for its members as an array.
        return self.model.node(current) or self.model.range_node(current)

    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.selectedPathChanged.emit(self.model.path_at(current))

    def _on_tree_scrolled(self, value: int) -> None:
        """Near the bottom, load the next chunk of the partly loaded container in view."""
        bar = self.tree.verticalScrollBar()
        if value < bar.maximum() - 2 * bar.pageStep() or value == bar.maximum():
            return  # far from the end; or at the very end, where QTreeView fetches itself
        index = self.tree.indexAt(QPoint(4, self.tree.viewport().height() - 2))
        if not index.isValid():
            index = self.model.index(self.model.rowCount() - 1, 0)
        while True:
            parent = index.parent() if index.isValid() else QModelIndex()
            if self.model.canFetchMore(parent):
                self.model.fetchMore(parent)
                return
            if not parent.isValid():
                return
            index = parent

    def copy_selected_value(self) -> bool:
        """Copy the selected value: text as it reads, objects and arrays as pretty JSON.

        On the raw tab: the selected lines.
        """
        if self.currentIndex() == RAW_TAB:
            text = self.raw_view.selected_text()
            if text:
                QGuiApplication.clipboard().setText(text)
            return bool(text)
        node = self.selected_node()
        if node is None:
            return False
        if not node.is_container:
            text = node.display_value
        elif len(node.raw) > COPY_MAX_BYTES:
            return False
        else:
            from vody_desktop.document.pretty import iter_pretty_json  # msgspec: not at start-up

            text = b"".join(iter_pretty_json(bytes(node.raw))).decode("utf-8").rstrip("\n")
        QGuiApplication.clipboard().setText(text)
        return True

    # -- tabs ----------------------------------------------------------------------------
    def show_tab(self, index: int) -> None:
        """Show tab `index` for the result (not the person's choice of tab)."""
        self._switch_tab(index)

    def _switch_tab(self, index: int) -> None:
        self._switching = True
        try:
            self.setCurrentIndex(index)
        finally:
            self._switching = False

    def _on_tab_changed(self, index: int) -> None:
        if not self._switching:
            self._chosen_tab = index
        self.loaded_label.set_active(index == TREE_TAB)
        if index == RAW_TAB and self._raw_text is None and self.raw_view.is_empty():
            self._start_raw_fill()

    def _start_raw_fill(self) -> None:
        document = self.model.document
        if document is None or self._raw_fill.running:
            return
        from vody_desktop.document.pretty import iter_pretty_json  # msgspec: not at start-up

        self._raw_fill.spawn(self.raw_view.show_pretty(iter_pretty_json(document.data)))

    def _cancel_raw_fill(self) -> None:
        # A cancelled fill may still be winding down when the next one starts; the owner keeps
        # both, and no reference to "the" fill can be cleared by the wrong one.
        self._raw_fill.cancel_all()

    async def shutdown(self) -> None:
        await self._raw_fill.shutdown()
