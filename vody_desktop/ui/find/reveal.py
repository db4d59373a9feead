"""Bringing a node into view in the lazy tree without stalling the window.

`JsonTreeModel.index_for_node` loads every chunk before a row at once; for row 71,999 of a
72,000-item array that is about 15 chunks, a few hundred milliseconds on the UI thread. `reveal`
loads one chunk per event-loop turn instead, then expands the ancestors and selects the node.
A member of a very long array sits inside a range row ("[120,000 … 129,999]"); the rows that
lead to it come from the model (`view_rows_of`), so the range opens on the way.
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QAbstractItemView, QTreeView

from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.node import JsonNode
from vody_desktop.document.search import RowPath
from vody_desktop.ui.result.json_tree_model import JsonTreeModel


def node_at(document: JsonDocument, path: RowPath) -> JsonNode | None:
    """The node at a row path (rows from the top level), or None if it is not there."""
    node = document.root
    try:
        for row in path:
            node = node.child(row)
    except IndexError:
        return None
    return node


async def index_when_loaded(model: JsonTreeModel, node: JsonNode) -> QModelIndex:
    """The model index of `node`, loading the chunks that hold it one per loop turn."""
    document = model.document
    if document is None:
        return QModelIndex()
    if not document.root.is_container:
        return model.index(0, 0)
    parent = QModelIndex()
    index = QModelIndex()
    for row in model.view_rows_of(node):
        # An unopened container holds one placeholder row, hence the "+ 1".
        while model.canFetchMore(parent) and model.rowCount(parent) <= row + 1:
            model.fetchMore(parent)
            await asyncio.sleep(0)
            if model.document is not document:
                return QModelIndex()
        index = model.index(row, 0, parent)
        if not index.isValid():
            return QModelIndex()
        parent = index
    return index


async def reveal(tree: QTreeView, model: JsonTreeModel, node: JsonNode) -> QModelIndex:
    """Expand the tree down to `node`, select it and scroll it into the middle of the view."""
    index = await index_when_loaded(model, node)
    if not index.isValid():
        return index
    ancestor = index.parent()
    chain: list[QModelIndex] = []
    while ancestor.isValid():
        chain.append(ancestor)
        ancestor = ancestor.parent()
    for ancestor in reversed(chain):
        tree.expand(ancestor)
    tree.setCurrentIndex(index)
    tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
    return index
