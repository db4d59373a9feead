"""`LoadedLabel`: "Showing 2,000 of 72,000 items" while the list in view is only partly loaded.

Long arrays and objects arrive in chunks as the person scrolls; without this the scroll bar would
suggest the list ends where the loaded part ends. The label follows the row at the bottom of the
view: it names the innermost partly loaded container around it, and hides when nothing in view
is waiting to be loaded, or when the tree is not the tab on show. The container's path can be
long: the label is cut in the middle rather than widening the window.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer
from PySide6.QtWidgets import QTreeView

from vody_desktop.ui.result.json_tree_model import JsonTreeModel
from vody_desktop.ui.widgets.elided_label import ElidedLabel


class LoadedLabel(ElidedLabel):
    """A small label for a tab bar corner; text empty and hidden when all in view is loaded."""

    def __init__(self, tree: QTreeView, model: JsonTreeModel) -> None:
        super().__init__()
        self.setObjectName("loadedLabel")
        self.setAccessibleName("Loaded items")
        self.setContentsMargins(8, 0, 8, 0)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._tree = tree
        self._model = model
        self._active = True  # the tree is the tab on show
        # Coalesces the many reasons to look again into one look per event-loop turn.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        tree.verticalScrollBar().valueChanged.connect(self._timer.start)
        tree.expanded.connect(self._timer.start)
        tree.collapsed.connect(self._timer.start)
        model.chunkLoaded.connect(self._timer.start)
        model.modelReset.connect(self._timer.start)
        model.rowsRemoved.connect(self._timer.start)
        self.setVisible(False)

    def set_active(self, active: bool) -> None:
        """Whether the tree is on show (the label speaks of the tree, so it hides otherwise)."""
        self._active = active
        self.refresh()

    def refresh(self) -> None:
        """Describe the partly loaded container at the bottom of the view, if any."""
        text = self._describe(self._bottom_row()) if self._active else ""
        self.set_full_text(text)
        if text:
            self.setToolTip(f"{self.toolTip()}\nScroll down to load more")
        self.setVisible(bool(text))

    def _bottom_row(self) -> QModelIndex:
        viewport = self._tree.viewport()
        index = self._tree.indexAt(QPoint(4, viewport.height() - 2))
        if not index.isValid():  # the rows end above the bottom edge
            rows = self._model.rowCount()
            index = self._model.index(rows - 1, 0) if rows else QModelIndex()
        return index

    def _describe(self, index: QModelIndex) -> str:
        if self._model.document is None:
            return ""
        parent = index.parent() if index.isValid() else QModelIndex()
        while True:
            loaded, total = self._model.loaded_and_total(parent)
            if loaded < total:
                path = self._model.path_at(parent)  # a range's slice: "$[10000:20000]"
                where = f" in {path}" if path else ""
                noun = "item" if total == 1 else "items"
                return f"Showing {loaded:,} of {total:,} {noun}{where} · scroll down for more"
            if not parent.isValid():
                return ""
            parent = parent.parent()
