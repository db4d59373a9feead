"""`JsonTreeModel`: a lazy Qt item model over a `JsonDocument`.

Rows are created only for what the view asks about: a node's children are decoded when the node is
first expanded, and long arrays and objects are handed to the view in chunks through
`canFetchMore`/`fetchMore`, so a result with a million nodes opens as fast as a small one.
Every index points at a `JsonNode` owned by the document, which the model keeps alive.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.node import JsonNode, NodeKind

ModelIndex = QModelIndex | QPersistentModelIndex

KEY_COLUMN, VALUE_COLUMN, TYPE_COLUMN = 0, 1, 2
HEADERS = ("Key", "Value", "Type")
#: Children handed to the view per `fetchMore` call.
CHUNK_SIZE = 1000
#: Values longer than this are elided in the tree; the full text is in the tooltip.
ELIDE_AT = 200
TOOLTIP_LIMIT = 2000
NODE_ROLE = Qt.ItemDataRole.UserRole + 1

_TYPE_LABELS = {
    NodeKind.OBJECT: "object",
    NodeKind.ARRAY: "array",
    NodeKind.STRING: "text",
    NodeKind.NUMBER: "number",
    NodeKind.BOOLEAN: "true/false",
    NodeKind.NULL: "empty (null)",
}


def elide(text: str, limit: int = ELIDE_AT) -> str:
    """One line of at most `limit` characters, ending in an ellipsis when shortened."""
    line = text.replace("\r", " ").replace("\n", " ")
    return line if len(line) <= limit else line[: limit - 1] + "…"


class JsonTreeModel(QAbstractItemModel):
    """Key / Value / Type columns over a JSON document, decoded and loaded on demand.

    When the document's top value is an object or array, its members are the top-level rows;
    a scalar document is shown as a single row.
    """

    def __init__(self, document: JsonDocument | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._document = document
        # Rows handed to the view so far, per container node (keyed by id; nodes are cached
        # by the document, so ids stay valid while the document lives).
        self._loaded: dict[int, int] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    # -- the document --------------------------------------------------------------------
    @property
    def document(self) -> JsonDocument | None:
        return self._document

    def set_document(self, document: JsonDocument | None) -> None:
        self.beginResetModel()
        self._document = document
        self._loaded.clear()
        self.endResetModel()

    def node(self, index: ModelIndex) -> JsonNode | None:
        """The node an index shows, or None for the invisible root."""
        if not index.isValid():
            return None
        node: JsonNode = index.internalPointer()
        return node

    def index_for_node(self, node: JsonNode, column: int = 0) -> QModelIndex:
        """The index of a node, loading the chunks of its ancestors that hold it."""
        if self._document is None:
            return QModelIndex()
        chain: list[JsonNode] = []
        current: JsonNode | None = node
        while current is not None and not self._is_top_parent(current):
            chain.append(current)
            current = current.parent
        for member in reversed(chain):
            parent_index = self._parent_index_of(member)
            while self._loaded_rows(member.parent) <= member.row and self.canFetchMore(
                parent_index
            ):
                self.fetchMore(parent_index)
        return self.createIndex(node.row, column, node)

    def loaded_and_total(self, index: ModelIndex) -> tuple[int, int]:
        """How many children of the node at `index` are in the model, and how many it has."""
        node = self.node(index)
        return self._loaded_rows(node), self._total_rows(node)

    # -- structure -----------------------------------------------------------------------
    def _is_top_parent(self, node: JsonNode) -> bool:
        """True for the node whose children are the top-level rows (a container root)."""
        return node.parent is None and node.is_container

    def _total_rows(self, node: JsonNode | None) -> int:
        if self._document is None:
            return 0
        if node is None:
            root = self._document.root
            return root.child_count if root.is_container else 1
        return node.child_count

    def _loaded_rows(self, node: JsonNode | None) -> int:
        total = self._total_rows(node)
        target = self._document.root if node is None and self._document else node
        return min(total, self._loaded.get(id(target), CHUNK_SIZE))

    def _child(self, parent: JsonNode | None, row: int) -> JsonNode:
        assert self._document is not None
        if parent is None:
            root = self._document.root
            return root.child(row) if root.is_container else root
        return parent.child(row)

    def _parent_index_of(self, node: JsonNode) -> QModelIndex:
        parent = node.parent
        if parent is None or self._is_top_parent(parent):
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self._child(self.node(parent), row))

    def parent(self, index: ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self.node(index)
        if node is None:
            return QModelIndex()
        return self._parent_index_of(node)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.column() > 0:
            return 0
        return self._loaded_rows(self.node(parent))

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def hasChildren(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.column() > 0:
            return False
        return self._total_rows(self.node(parent)) > 0

    def canFetchMore(self, parent: ModelIndex) -> bool:
        node = self.node(parent)
        return self._loaded_rows(node) < self._total_rows(node)

    def fetchMore(self, parent: ModelIndex) -> None:
        node = self.node(parent)
        loaded, total = self._loaded_rows(node), self._total_rows(node)
        if loaded >= total or self._document is None:
            return
        more = min(total, loaded + CHUNK_SIZE)
        self.beginInsertRows(parent, loaded, more - 1)
        self._loaded[id(node if node is not None else self._document.root)] = more
        self.endInsertRows()

    # -- contents ------------------------------------------------------------------------
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node(index)
        if node is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(node, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == VALUE_COLUMN:
            return self._tooltip(node)
        if role == Qt.ItemDataRole.FontRole and column == KEY_COLUMN and node.is_container:
            return self._bold
        if role == NODE_ROLE:
            return node
        return None

    def _display(self, node: JsonNode, column: int) -> str:
        if column == KEY_COLUMN:
            return key_text(node)
        if column == VALUE_COLUMN:
            return elide(node.display_value)
        return _TYPE_LABELS[node.kind]

    def _tooltip(self, node: JsonNode) -> str | None:
        if node.is_container:
            return None
        text = node.display_value
        if len(text) <= ELIDE_AT and "\n" not in text:
            return None
        return text if len(text) <= TOOLTIP_LIMIT else text[:TOOLTIP_LIMIT] + "…"


def key_text(node: JsonNode) -> str:
    """What the Key column shows: the member name, the array position, or "(result)"."""
    if node.key is None:
        return "(result)"
    return str(node.key)
