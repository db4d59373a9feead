"""`JsonTreeModel`: a lazy Qt item model over a `JsonDocument`.

Rows are created only for what the person opens: a node's children are decoded when the node is
first expanded, and long nested arrays and objects are handed to the view in chunks through
`canFetchMore`/`fetchMore` (each chunk larger than the last, so the end of a 100,000-item array
is a few scrolls away).

The top level is different: its first `CHUNK_SIZE` rows come with the document, and the rest of
a long top-level list follows all at once with one `fetchMore`, which the view makes once the
first rows are painted (ResultTree), or sooner when something needs a row (find, a reveal).
`QTreeView` lays out every row again whenever rows are inserted: in chunks, each scroll near the
end of a 720,000-item list cost a 55 ms layout plus 17 ms of row preparation, again and again;
all at once, it is one layout (about 55 ms) and then free scrolling. Those rows get their expand
arrows (`prepare_top_rows`) only when the view shows or selects them.

Why a `QStandardItemModel` underneath: `QTreeView` lays out every loaded row again whenever rows
are inserted, calling `index()`, `hasChildren()` and `flags()` once or twice per row. Written in
Python those calls cost about 2 µs each, so 72,000 loaded rows took 0.9 s per chunk; Qt's own
model answers them in C++ (5 ms for the same rows). So the structure (which rows exist, which have
children) lives in the C++ model as bare, empty items, and only what is painted goes through
Python: `data()` reads the `JsonNode` behind an index. A container's row gets one empty child row
as soon as the row exists (at the top level: once it is seen), so the view draws an expand arrow
without decoding anything; the real children are prepared when it is expanded. `hasChildren`,
`index`, `flags` and `rowCount` must therefore never be overridden here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QStandardItemModel

from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.node import JsonNode
from vody_desktop.ui.result.value_look import swatch_for, value_tooltip
from vody_desktop.ui.result.visible_text import visible
from vody_desktop.words import ELIDE_AT, elide, key_text, type_label

ModelIndex = QModelIndex | QPersistentModelIndex

KEY_COLUMN, VALUE_COLUMN, TYPE_COLUMN = 0, 1, 2
HEADERS = ("Key", "Value", "Type")
#: Children handed to the view by the first `fetchMore` of a node; later chunks double in size.
#: Also the top-level rows that come with a document (with their arrows).
CHUNK_SIZE = 1000
#: The largest chunk: preparing a row costs about 3 µs, and one scroll can fetch 3 chunks.
MAX_CHUNK_SIZE = 5000
TOOLTIP_LIMIT = 2000
NODE_ROLE = Qt.ItemDataRole.UserRole + 1

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_FONT = Qt.ItemDataRole.FontRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_TOP = object()  # stands for "the rows at the top level" in the parent map


class JsonTreeModel(QStandardItemModel):
    """Key / Value / Type columns over a JSON document, decoded and loaded on demand.

    When the document's top value is an object or array, its members are the top-level rows;
    a scalar document is shown as a single row. Use `node(index)` to get the `JsonNode` of an
    index (never `internalPointer()`, which belongs to Qt here).
    """

    #: Emitted with the parent index after a chunk of its children was loaded (an invalid
    #: index once the rest of a long top-level list has arrived).
    chunkLoaded = Signal(QModelIndex)

    def __init__(self, document: JsonDocument | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._document: JsonDocument | None = None
        # Children prepared so far (rows with their own expand arrow), per container node id.
        self._prepared: dict[int, int] = {}
        # Qt's item pointer (an index's internalId) -> the node whose children sit under it.
        self._holders: dict[int, object] = {}
        self._changing = False
        self._deferring = False  # inside `defer_fetches`: every fetch is refused
        self._deferred = False  # a fetch was refused there that could have been made
        # Per top-level row: 1 once it has what gives it an arrow (or needs none).
        self._top_ready = bytearray()
        self._holding_top = False  # inside `hold_top_rows`
        self._bold = QFont()
        self._bold.setBold(True)
        self.set_document(document)

    # -- the document --------------------------------------------------------------------
    @property
    def document(self) -> JsonDocument | None:
        return self._document

    def set_document(self, document: JsonDocument | None) -> None:
        # Not clear(): with a view attached it takes quadratic time (11 s for 16,000 rows here);
        # removing the rows takes 2 ms.
        if self.rowCount():
            self.removeRows(0, self.rowCount())
        replaced, self._document = self._document, document
        self._prepared.clear()
        self._holders.clear()
        self._top_ready = bytearray()
        self._holding_top = False
        if replaced is not None and replaced is not document:
            # Its nodes point at each other (parent and child): without this they, and the
            # document's bytes, would wait for a rare full garbage collection.
            replaced.root.forget_children()
        if self.columnCount() != len(HEADERS):
            self.setHorizontalHeaderLabels(list(HEADERS))
        if document is None:
            return
        root = document.root
        if not root.is_container:
            self.insertRows(0, 1)
            self._prepared[id(root)] = 1
            return
        total = root.child_count
        first = min(total, CHUNK_SIZE)
        self._top_ready = bytearray(total)
        self._changing = True
        try:
            self.insertRows(0, first)
            self._prepare_top(root, 0, first, quiet=True)  # laid out after this, all at once
        finally:
            self._changing = False
        # The rest is one `fetchMore` of the top away: the view asks for it after the first
        # paint (ResultTree), or something that needs a row (find, a reveal) asks sooner.
        self._prepared[id(root)] = first

    def hold_top_rows(self, call: Callable[[], None]) -> None:
        """Run `call` with the rest of a long top-level list kept back (`canFetchMore` of the
        top answered False): the view's first layout must not wait for 720,000 rows."""
        self._holding_top = True
        try:
            call()
        finally:
            self._holding_top = False

    def top_rows_pending(self) -> bool:
        """True until all rows of a long top-level list are in the model."""
        root = None if self._document is None else self._document.root
        if root is None or not root.is_container:
            return False
        return self._prepared.get(id(root), 0) < root.child_count

    def prepare_top_rows(self, start: int, stop: int) -> None:
        """Give the top-level rows `start` to `stop` their expand arrows, where not done yet.

        The view calls this for the rows it is about to paint and for the current row; each
        costs about 3 µs, so 720,000 of them are left until they are seen.
        """
        document = self._document
        ready = self._top_ready
        start, stop = max(start, 0), min(stop, len(ready), self.rowCount())
        if document is None or start >= stop or ready.find(0, start, stop) < 0:
            return
        root = document.root
        self._changing = True
        try:
            row = ready.find(0, start, stop)
            while 0 <= row < stop:
                end = ready.find(1, row, stop)
                end = stop if end < 0 else end
                self._prepare_top(root, row, end, quiet=False)  # rows on show: tell the view
                row = ready.find(0, end, stop)
        finally:
            self._changing = False

    def node(self, index: ModelIndex) -> JsonNode | None:
        """The node an index shows, or None for the invisible root."""
        if not index.isValid() or self._document is None or index.model() is not self:
            return None
        key = index.internalId()
        holder = self._holders.get(key)
        if holder is None:
            parent = index.parent()
            holder = self.node(parent) if parent.isValid() else _TOP
            self._holders[key] = holder
        if holder is _TOP:
            root = self._document.root
            return root.child(index.row()) if root.is_container else root
        assert isinstance(holder, JsonNode)
        return holder.child(index.row())

    def index_for_node(self, node: JsonNode, column: int = 0) -> QModelIndex:
        """The index of a node, loading the chunks of its ancestors that hold it."""
        if self._document is None:
            return QModelIndex()
        chain: list[JsonNode] = []
        current: JsonNode | None = node
        while current is not None and not self._is_top_parent(current):
            chain.append(current)
            current = current.parent
        parent_index = QModelIndex()
        index = QModelIndex()
        for member in reversed(chain):
            while self._prepared_rows(parent_index) <= member.row and self.canFetchMore(
                parent_index
            ):
                self.fetchMore(parent_index)
            index = self.index(member.row, 0, parent_index)
            parent_index = index
        return index.siblingAtColumn(column) if column else index

    def loaded_and_total(self, index: ModelIndex) -> tuple[int, int]:
        """How many children of the node at `index` are in the model, and how many it has."""
        node = self._container(index)
        if node is None:
            return 0, 0
        total = node.child_count if node.is_container else 1
        if not index.isValid() and self.top_rows_pending():
            return total, total  # they arrive on their own, without scrolling
        return min(self.rowCount(index), total), total

    # -- loading -------------------------------------------------------------------------
    def defer_fetches(self, call: Callable[[], None]) -> bool:
        """Run `call` with every `canFetchMore` answered False; True if it asked about a node
        that has more children to load (the caller then arranges for them to be loaded)."""
        self._deferring, self._deferred = True, False
        try:
            call()
        finally:
            self._deferring = False
        return self._deferred

    def canFetchMore(self, parent: ModelIndex) -> bool:
        if self._changing:  # asked from a handler of our own change: one change at a time
            return False
        if self._holding_top and not parent.isValid():
            return False
        node = self._container(parent)
        if node is None or not node.has_children:
            return False
        more = self._prepared.get(id(node), 0) < node.child_count
        if more and self._deferring:
            self._deferred = True
            return False
        return more

    def fetchMore(self, parent: ModelIndex) -> None:
        if self._changing:
            return
        self._changing = True
        try:
            self._fetch_more(parent)
        finally:
            self._changing = False

    def _fetch_more(self, parent: ModelIndex) -> None:
        node = self._container(parent)
        if node is None or not node.has_children:
            return
        total = node.child_count
        prepared = self._prepared.get(id(node), 0)
        if prepared >= total:
            return
        if not parent.isValid():
            # The rest of the top level in one insertion: one layout; arrows when seen.
            self._prepared[id(node)] = total
            self.insertRows(prepared, total - prepared)
            self.chunkLoaded.emit(QModelIndex())
            return
        count = min(total - prepared, max(CHUNK_SIZE, min(prepared, MAX_CHUNK_SIZE)))
        self._prepared[id(node)] = prepared + count
        if node.parent is not None and node.parent.parent is None:
            self._top_ready[parent.row()] = 1  # a top-level row: it has rows now, not a marker
        columns = self.columnCount(parent)
        if columns < len(HEADERS):
            self.insertColumns(columns, len(HEADERS) - columns, parent)
        present = self.rowCount(parent)  # 1 more than prepared: the row that gave the arrow
        if present < prepared + count:
            self.insertRows(present, prepared + count - present, parent)
        self._prepare_rows(node, parent, prepared, prepared + count, quiet=True)
        if isinstance(parent, QPersistentModelIndex):
            parent = self.index(parent.row(), parent.column(), parent.parent())
        self.chunkLoaded.emit(parent)

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        return False  # read-only: the document is what the server sent

    # -- contents ------------------------------------------------------------------------
    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY:
            node = self.node(index)
            return None if node is None else self._display(node, index.column())
        if role == _TOOLTIP and index.column() == VALUE_COLUMN:
            node = self.node(index)
            return None if node is None else self._tooltip(node) or value_tooltip(node)
        if role == _DECORATION and index.column() == VALUE_COLUMN:
            node = self.node(index)
            return None if node is None else swatch_for(node)  # a colour swatch for "#RRGGBB"
        if role == _FONT and index.column() == KEY_COLUMN:
            node = self.node(index)
            return self._bold if node is not None and node.is_container else None
        if role == NODE_ROLE:
            return self.node(index)
        return None

    def _display(self, node: JsonNode, column: int) -> str:
        # Invisible characters get a visible marker here only (copy and export use the node).
        if column == KEY_COLUMN:
            return visible(key_text(node))
        if column == VALUE_COLUMN:
            return visible(elide(node.display_value))
        return type_label(node)

    def _tooltip(self, node: JsonNode) -> str | None:
        if node.is_container:
            return None
        text = node.display_value
        if len(text) <= ELIDE_AT and "\n" not in text:
            return None
        return text if len(text) <= TOOLTIP_LIMIT else text[:TOOLTIP_LIMIT] + "…"

    # -- structure -----------------------------------------------------------------------
    def _is_top_parent(self, node: JsonNode) -> bool:
        """True for the node whose children are the top-level rows (a container root)."""
        return node.parent is None and node.is_container

    def _container(self, parent: ModelIndex) -> JsonNode | None:
        """The node whose children are the rows under `parent` (the root for the top)."""
        if self._document is None:
            return None
        if not parent.isValid():
            return self._document.root
        if parent.column() != KEY_COLUMN:
            return None
        return self.node(parent)

    def _prepared_rows(self, parent: ModelIndex) -> int:
        node = self._container(parent)
        return 0 if node is None else self._prepared.get(id(node), 0)

    def _prepare_top(self, root: JsonNode, start: int, stop: int, *, quiet: bool) -> None:
        """`_prepare_rows` for top-level rows that have no rows of their own yet."""
        ready = self._top_ready
        row_count, index, top = self.rowCount, self.index, QModelIndex()
        row = start
        while row < stop:
            # A row that was opened before it was seen (found, revealed) has its rows already.
            end = row
            while end < stop and not row_count(index(end, 0, top)):
                end += 1
            if end > row:
                self._prepare_rows(root, top, row, end, quiet=quiet)
            row = end + 1 if end < stop else end
        ready[start:stop] = b"\x01" * (stop - start)

    def _prepare_rows(
        self, node: JsonNode, parent: ModelIndex, start: int, stop: int, *, quiet: bool
    ) -> None:
        """Give each container among rows `start` to `stop` one empty child row, so the view
        draws an arrow.

        Done through the model, so Qt creates the items in C++: items created in Python keep a
        wrapper alive each (72,000 of them made a full garbage collection take 20 ms).

        `quiet`: the rows were just inserted, so a view lays them out after this (and asks each
        whether it has children) or does not show them (their parent is closed). Announcing
        each empty row would only make the view search all its laid-out rows for the row that
        got it, in vain: 1.5 ms per row with 720,000 rows laid out. Qt's own bookkeeping
        (persistent indexes) does not depend on the signals.
        """
        index = self.index
        insert_columns = self.insertColumns
        insert_rows = self.insertRows
        was_blocked = self.signalsBlocked()
        self.blockSignals(was_blocked or quiet)
        try:
            # The rows are new (or the bare row that gave the parent its arrow): none has
            # children.
            for row, filled in enumerate(node.children_with_children(start, stop), start):
                if filled:
                    child = index(row, 0, parent)
                    # Columns first: rows into a table without columns would make Qt insert a
                    # column in the middle of announcing the row (two changes at once).
                    insert_columns(0, 1, child)
                    insert_rows(0, 1, child)  # fetchMore adds the other columns
        finally:
            self.blockSignals(was_blocked)
