"""`FilteredTreeModel`: only the branches that hold find matches, for the "Only matching" mode.

Built from the matches' row paths (the first `MAX_FILTER_MATCHES` of them) and their ancestors,
never from the whole document: a 1.26 M-node result with 9,000 matches gives a model of a few
thousand rows. Built in slices (a coroutine that yields to the event loop), then shown.
Each row's key cell carries its `JsonNode` under `NODE_ROLE`, like the full tree.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.node import JsonNode
from vody_desktop.document.search import RowPath
from vody_desktop.ui.result.json_tree_model import HEADERS, NODE_ROLE
from vody_desktop.ui.result.value_look import swatch_for, value_tooltip
from vody_desktop.ui.result.visible_text import visible
from vody_desktop.words import elide, key_text, type_label

#: The filter shows the branches of at most this many matches.
MAX_FILTER_MATCHES = 2000
ROWS_PER_SLICE = 300


class FilteredTreeModel(QStandardItemModel):
    """Matched nodes and their ancestors, in document order; read-only."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(list(HEADERS))
        self._items: dict[RowPath, QStandardItem] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self.shown_matches = 0

    async def build(self, document: JsonDocument, matches: Sequence[RowPath]) -> None:
        """Fill the model with the branches of `matches` (cancellable between slices)."""
        self.removeRows(0, self.rowCount())
        self._items.clear()
        root = document.root
        created = 0
        shown = matches[:MAX_FILTER_MATCHES]
        for path in shown:
            for depth in range(1, len(path) + 1) if path else (0,):
                prefix = path[:depth]
                if prefix in self._items:
                    continue
                node = _node(root, prefix)
                parent = self._items.get(prefix[:-1]) if depth > 1 else None
                self._append(prefix, node, parent)
                created += 1
                if created % ROWS_PER_SLICE == 0:
                    await asyncio.sleep(0)
        self.shown_matches = len(shown)

    def index_of(self, path: RowPath) -> QModelIndex:
        item = self._items.get(path)
        return item.index() if item is not None else QModelIndex()

    def _append(self, path: RowPath, node: JsonNode, parent: QStandardItem | None) -> None:
        key = QStandardItem(visible(key_text(node)))
        key.setData(node, NODE_ROLE)
        if node.is_container:
            key.setFont(self._bold)
        value = QStandardItem(visible(elide(node.display_value)))
        value.setData(node, NODE_ROLE)
        swatch = swatch_for(node)
        if swatch is not None:
            value.setIcon(swatch)
        tip = value_tooltip(node)
        if tip:
            value.setToolTip(tip)
        kind = QStandardItem(type_label(node))
        for item in (key, value, kind):
            item.setEditable(False)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        (parent or self.invisibleRootItem()).appendRow([key, value, kind])
        self._items[path] = key


def _node(root: JsonNode, path: RowPath) -> JsonNode:
    node = root
    for row in path:
        node = node.child(row)
    return node
