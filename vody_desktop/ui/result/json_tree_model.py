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

Very long arrays (more than `MAX_FLAT` members) show ranges of members instead ("[0 … 9,999]",
document/member_range.py): no level of the tree ever holds so many rows that laying them out
stalls the window. What sits under each row is a `Level` (tree_levels.py): a container's
members, or a range's. `node()` gives the member behind a row (None for a range row),
`range_node()` a range as a JSON array of its members, `view_rows_of()` the rows that lead to a
member through its ranges.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QStandardItemModel

from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.member_range import RangeNode, range_cells, range_path, range_tooltip
from vody_desktop.document.node import JsonNode
from vody_desktop.ui.result.tree_levels import Level, LevelMap
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
        self._levels = LevelMap()  # which rows sit under which row
        self._range_node: RangeNode | None = None  # the last one asked for (a copy, the details)
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
        self._levels.clear()
        self._range_node = None
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
            return
        top = self._levels.top = self._levels.of_node(root)
        if top is None:
            return  # an empty object or list
        total = top.rows
        first = min(total, CHUNK_SIZE)
        self._top_ready = bytearray(total)
        self._changing = True
        try:
            self.insertRows(0, first)
            self._prepare_top(top, 0, first, quiet=True)  # laid out after this, all at once
        finally:
            self._changing = False
        # The rest is one `fetchMore` of the top away: the view asks for it after the first
        # paint (ResultTree), or something that needs a row (find, a reveal) asks sooner.
        top.prepared = first

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
        top = self._levels.top
        return top is not None and top.prepared < top.rows

    def prepare_top_rows(self, start: int, stop: int) -> None:
        """Give the top-level rows `start` to `stop` their expand arrows, where not done yet.

        The view calls this for the rows it is about to paint and for the current row; each
        costs about 3 µs, so 720,000 of them are left until they are seen.
        """
        top = self._levels.top
        ready = self._top_ready
        start, stop = max(start, 0), min(stop, len(ready), self.rowCount())
        if top is None or start >= stop or ready.find(0, start, stop) < 0:
            return
        self._changing = True
        try:
            row = ready.find(0, start, stop)
            while 0 <= row < stop:
                end = ready.find(1, row, stop)
                end = stop if end < 0 else end
                self._prepare_top(top, row, end, quiet=False)  # rows on show: tell the view
                row = ready.find(0, end, stop)
        finally:
            self._changing = False

    def node(self, index: ModelIndex) -> JsonNode | None:
        """The node an index shows, or None for the invisible root and for a range row."""
        if not index.isValid() or self._document is None or index.model() is not self:
            return None
        level = self._levels.holder(index)
        if level is None:
            return self._document.root  # the one row of a scalar document
        if level.of_ranges:
            return None
        return level.node.child(level.member(index.row()))

    def is_range(self, index: ModelIndex) -> bool:
        """True for a row that shows a range of a long array's members ("[0 … 9,999]")."""
        return self._range_at(index) is not None

    def range_node(self, index: ModelIndex) -> RangeNode | None:
        """The members of the range row at `index` as a JSON array (None for other rows)."""
        found = self._range_at(index)
        if found is None:
            return None
        container, first, stop = found
        kept = self._range_node
        if kept is None or (kept.container, kept.first, kept.stop) != (container, first, stop):
            kept = self._range_node = RangeNode(container, first, stop)
        return kept

    def path_at(self, index: ModelIndex) -> str:
        """The JSONPath of the row at `index`: a member's own, a range's slice; "" for none."""
        node = self.node(index)
        if node is not None:
            return node.path()
        found = self._range_at(index)
        return "" if found is None else range_path(*found)

    def view_rows_of(self, node: JsonNode) -> tuple[int, ...]:
        """The rows from the top down to `node`, through the ranges that hold it."""
        chain: list[JsonNode] = []
        current = node
        while current.parent is not None:
            chain.append(current)
            current = current.parent
        if not chain:
            return () if current.is_container else (0,)  # the root: no row; a scalar's one row
        rows: list[int] = []
        for member in reversed(chain):
            assert member.parent is not None
            level = self._levels.of_node(member.parent)
            assert level is not None  # it has a member
            rows.extend(level.rows_to(member.row))
        return tuple(rows)

    def index_for_node(self, node: JsonNode, column: int = 0) -> QModelIndex:
        """The index of a node, loading the chunks of its ancestors that hold it."""
        if self._document is None:
            return QModelIndex()
        parent_index = QModelIndex()
        index = QModelIndex()
        for row in self.view_rows_of(node):
            while self._prepared_rows(parent_index) <= row and self.canFetchMore(parent_index):
                self.fetchMore(parent_index)
            index = self.index(row, 0, parent_index)
            parent_index = index
        return index.siblingAtColumn(column) if column else index

    def loaded_and_total(self, index: ModelIndex) -> tuple[int, int]:
        """How many rows under `index` are in the model, and how many it has."""
        document = self._document
        if not index.isValid() and document is not None and not document.root.is_container:
            return min(self.rowCount(), 1), 1
        level = self._levels.under(index)
        if level is None:
            return 0, 0
        total = level.rows
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
        level = self._levels.under(parent)
        if level is None:
            return False
        more = level.prepared < level.rows
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
        level = self._levels.under(parent)
        if level is None:
            return
        total = level.rows
        prepared = level.prepared
        if prepared >= total:
            return
        if not parent.isValid():
            # The rest of the top level in one insertion: one layout; arrows when seen.
            level.prepared = total
            self.insertRows(prepared, total - prepared)
            self.chunkLoaded.emit(QModelIndex())
            return
        count = min(total - prepared, max(CHUNK_SIZE, min(prepared, MAX_CHUNK_SIZE)))
        level.prepared = prepared + count
        if not parent.parent().isValid():
            self._top_ready[parent.row()] = 1  # a top-level row: it has rows now, not a marker
        columns = self.columnCount(parent)
        if columns < len(HEADERS):
            self.insertColumns(columns, len(HEADERS) - columns, parent)
        present = self.rowCount(parent)  # 1 more than prepared: the row that gave the arrow
        if present < prepared + count:
            self.insertRows(present, prepared + count - present, parent)
        self._prepare_rows(level, parent, prepared, prepared + count, quiet=True)
        if isinstance(parent, QPersistentModelIndex):
            parent = self.index(parent.row(), parent.column(), parent.parent())
        self.chunkLoaded.emit(parent)

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        return False  # read-only: the document is what the server sent

    # -- contents ------------------------------------------------------------------------
    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY:
            node = self.node(index)
            if node is None:
                return self._range_display(index)
            return self._display(node, index.column())
        if role == _TOOLTIP and index.column() == VALUE_COLUMN:
            node = self.node(index)
            if node is None:
                return self._range_tooltip(index)
            return self._tooltip(node) or value_tooltip(node)
        if role == _DECORATION and index.column() == VALUE_COLUMN:
            node = self.node(index)
            return None if node is None else swatch_for(node)  # a colour swatch for "#RRGGBB"
        if role == _FONT and index.column() == KEY_COLUMN:
            node = self.node(index)
            container = node.is_container if node is not None else self.is_range(index)
            return self._bold if container else None
        if role == NODE_ROLE:
            return self.node(index)
        return None

    def _range_display(self, index: ModelIndex) -> str | None:
        found = self._range_at(index)
        return None if found is None else range_cells(*found)[index.column()]

    def _range_tooltip(self, index: ModelIndex) -> str | None:
        found = self._range_at(index)
        return None if found is None else range_tooltip(*found)

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
    @property
    def has_ranges(self) -> bool:
        """True once the document showed a range row: a row's depth in the view is then more
        than its node's depth in the JSON."""
        return self._levels.has_ranges

    def _range_at(self, index: ModelIndex) -> tuple[JsonNode, int, int] | None:
        """(array, first, stop) of the range row at `index`, or None for any other row."""
        if not index.isValid() or self._document is None or index.model() is not self:
            return None
        level = self._levels.holder(index)
        if level is None or not level.of_ranges:
            return None
        first, stop = level.span(index.row())
        return level.node, first, stop

    def _prepared_rows(self, parent: ModelIndex) -> int:
        level = self._levels.under(parent)
        return 0 if level is None else level.prepared

    def _prepare_top(self, top: Level, start: int, stop: int, *, quiet: bool) -> None:
        """`_prepare_rows` for top-level rows that have no rows of their own yet."""
        ready = self._top_ready
        row_count, index, root = self.rowCount, self.index, QModelIndex()
        row = start
        while row < stop:
            # A row that was opened before it was seen (found, revealed) has its rows already.
            end = row
            while end < stop and not row_count(index(end, 0, root)):
                end += 1
            if end > row:
                self._prepare_rows(top, root, row, end, quiet=quiet)
            row = end + 1 if end < stop else end
        ready[start:stop] = b"\x01" * (stop - start)

    def _prepare_rows(
        self, level: Level, parent: ModelIndex, start: int, stop: int, *, quiet: bool
    ) -> None:
        """Give each container (and range) among rows `start` to `stop` of `level` one empty
        child row, so the view draws an arrow.

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
            for row, filled in enumerate(level.filled(start, stop), start):
                if filled:
                    child = index(row, 0, parent)
                    # Columns first: rows into a table without columns would make Qt insert a
                    # column in the middle of announcing the row (two changes at once).
                    insert_columns(0, 1, child)
                    insert_rows(0, 1, child)  # fetchMore adds the other columns
        finally:
            self.blockSignals(was_blocked)
