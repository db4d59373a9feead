"""`DifferencesModel`: the differences tree's Qt model, columns "Where", "A" and "B".

Over the rows of difference_rows.py, in one of two modes: the differences only (the containers
on the way to a difference, all built beforehand), or the whole merged structure (each row's
children paired when the view first asks for them). A difference is marked by a sign and a
word, never by colour alone: a plus for added, a minus for removed, "~" for changed in the
Where column (coloured too, readable on the palette in use), "added (only in B)", "removed
(only in A)" or "changed" in its tooltip and accessible text; the side a value is missing from
shows "—".
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from vody_desktop.compare.differences import Comparison, DifferenceKind
from vody_desktop.compare.summary import value_text
from vody_desktop.document.node import JsonNode, path_segment
from vody_desktop.ui.compare.difference_rows import DifferenceTree, Row, node_value
from vody_desktop.ui.compare.row_ranges import range_path, range_texts
from vody_desktop.ui.result.contrast import readable_on

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Where", "A", "B")
WHERE_COLUMN, A_COLUMN, B_COLUMN = 0, 1, 2
#: A plus and a minus sign (not a hyphen: as wide as the plus).
MARKS = {
    DifferenceKind.ADDED: "+",
    DifferenceKind.REMOVED: "\u2212",
    DifferenceKind.CHANGED: "~",
}
#: What the mark means, for the tooltip and assistive technology.
MEANINGS = {
    DifferenceKind.ADDED: "added (only in B)",
    DifferenceKind.REMOVED: "removed (only in A)",
    DifferenceKind.CHANGED: "changed",
}
_PREFERRED = {
    DifferenceKind.ADDED: QColor(20, 130, 50),
    DifferenceKind.REMOVED: QColor(200, 40, 40),
    DifferenceKind.CHANGED: QColor(180, 100, 0),
}
MISSING = "—"
#: A value in a tooltip or copied: longer than in the column, still one line.
LONG_VALUE = 2000
RowRole = Qt.ItemDataRole.UserRole + 1
#: Rows a parent shows before the view asks for more (then twice as many each time): a view
#: lays out every row it has, and 72,000 rows of a Python model took it 1.4 s.
FIRST_CHUNK = 1000


def row_path(row: Row) -> str:
    """The JSONPath a row stands for: on A, or on B for what is only in B; a range's slice."""
    if row.span is not None:
        return range_path(row)
    if row.difference is not None:
        return row.difference.path
    node = row.node_a if row.node_a is not None else row.node_b
    if node is not None:
        return node.path()
    steps = [step[1] if isinstance(step, tuple) else step for step in row.place]
    return "$" + "".join(path_segment(step) for step in steps)


def _node_text(node: JsonNode | None, limit: int) -> str:
    if node is None:
        return MISSING
    if node.is_container:
        return node.display_value
    return value_text(node_value(node), limit)


def side_texts(row: Row, limit: int = LONG_VALUE) -> tuple[str, str]:
    """What the A and B columns say for `row` ("—" for the side a value is missing from)."""
    if row.span is not None:
        return range_texts(row)
    difference = row.difference
    if difference is not None:
        a = MISSING if difference.kind is DifferenceKind.ADDED else value_text(difference.a, limit)
        b = (
            MISSING
            if difference.kind is DifferenceKind.REMOVED
            else value_text(difference.b, limit)
        )
        return a, b
    if row.node_a is None and row.node_b is None:
        return "", ""  # a container on the way to a difference (differences only)
    return _node_text(row.node_a, limit), _node_text(row.node_b, limit)


def copy_text(row: Row) -> str:
    """ "path: A → B", as Ctrl+C copies it."""
    a, b = side_texts(row)
    if not a and not b:
        return row_path(row)
    return f"{row_path(row)}: {a} → {b}"


class DifferencesModel(QAbstractItemModel):
    """See the module docstring."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tree: DifferenceTree | None = None
        self._only: Row | None = None
        self.only_differences = True
        #: Children shown so far, per parent row (id), when fewer than it has.
        self._shown: dict[int, int] = {}
        self._colours: dict[DifferenceKind, QColor] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    # -- what is shown -------------------------------------------------------------------------
    @property
    def comparison(self) -> Comparison | None:
        return self.tree.comparison if self.tree is not None else None

    def set_tree(self, tree: DifferenceTree | None, only_differences: Row | None = None) -> None:
        """Show `tree` (with its differences-only rows when built already), or nothing."""
        self.beginResetModel()
        self.tree = tree
        self._only = only_differences
        self._shown.clear()
        if tree is not None and only_differences is None:
            self._only = tree.only_differences()
        self._colours = {}
        self.endResetModel()

    def set_only_differences(self, only: bool) -> None:
        if only == self.only_differences:
            return
        self.beginResetModel()
        self.only_differences = only
        self._shown.clear()
        self.endResetModel()

    @property
    def root(self) -> Row | None:
        if self.tree is None:
            return None
        if self.only_differences:
            return self._only
        if not self.tree.has_documents:
            return None
        return self.tree.whole()

    def _children(self, row: Row) -> list[Row]:
        if row.children is not None:
            return row.children
        assert self.tree is not None
        return self.tree.children_of(row)

    def row_of(self, index: Index) -> Row | None:
        if not index.isValid():
            return None
        row = index.internalPointer()
        return row if isinstance(row, Row) else None

    def index_of(self, row: Row, column: int = 0) -> QModelIndex:
        """The index of `row`, showing the rows before it (and its ancestors') first."""
        if row.parent is None:
            return QModelIndex()
        parent_index = self.index_of(row.parent)
        while self._exposed(row.parent) <= row.row and self.canFetchMore(parent_index):
            self.fetchMore(parent_index)
        return self.createIndex(row.row, column, row)

    def _exposed(self, holder: Row) -> int:
        total = len(self._children(holder))
        return min(total, self._shown.get(id(holder), FIRST_CHUNK))

    def index_of_difference(self, number: int) -> QModelIndex:
        """The row of the comparison's difference `number` in this mode (its ancestors' rows
        built on the way), or an invalid index."""
        root = self.root
        if self.tree is None or root is None or not 0 <= number < len(self.tree.places):
            return QModelIndex()
        row = self.tree.row_at(root, self.tree.places[number])
        return self.index_of(row) if row is not None else QModelIndex()

    # -- QAbstractItemModel --------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(HEADERS) or row < 0:
            return QModelIndex()
        holder = self.row_of(parent) if parent.isValid() else self.root
        if holder is None:
            return QModelIndex()
        if row >= self._exposed(holder):
            return QModelIndex()
        return self.createIndex(row, column, self._children(holder)[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        row = self.row_of(index)
        if row is None or row.parent is None or row.parent.parent is None:
            return QModelIndex()
        return self.createIndex(row.parent.row, 0, row.parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        holder = self.row_of(parent) if parent.isValid() else self.root
        if holder is None:
            return 0
        return self._exposed(holder)

    def canFetchMore(self, parent: Index) -> bool:
        if parent.isValid() and parent.column() != 0:
            return False
        holder = self.row_of(parent) if parent.isValid() else self.root
        return holder is not None and self._exposed(holder) < len(self._children(holder))

    def fetchMore(self, parent: Index) -> None:
        holder = self.row_of(parent) if parent.isValid() else self.root
        if holder is None:
            return
        shown, total = self._exposed(holder), len(self._children(holder))
        more = min(total, shown * 2)
        if more <= shown:
            return
        self.beginInsertRows(parent, shown, more - 1)
        self._shown[id(holder)] = more
        self.endInsertRows()

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return False
        holder = self.row_of(parent) if parent.isValid() else self.root
        if holder is None:
            return False
        if holder.children is not None or self.tree is None:
            return bool(holder.children)
        return self.tree.expandable(holder)  # without pairing the children yet

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    # `flags` is Qt's own (enabled and selectable, what every row is): the view asks it twice
    # for each row it lays out, and an answer from Python costs microseconds each time.

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return ("Where the values are", "A: the reference", "B: the result checked")[
                    section
                ]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_of(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._accessible(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(row, column)
        if role == Qt.ItemDataRole.FontRole and column == WHERE_COLUMN and row.difference:
            return self._bold
        if role == RowRole:
            return row
        return None

    def _display(self, row: Row, column: int) -> str:
        if column == WHERE_COLUMN:
            kind = row.kind
            if kind is None:
                return row.label
            if row.difference is None:  # inside an added or removed value: its mark says it
                return f"  {row.label}"
            return f"{MARKS[kind]} {row.label}"
        a, b = side_texts(row, limit=200)
        return a if column == A_COLUMN else b

    def _below(self, row: Row) -> int:
        return self.tree.below_of(row) if self.tree is not None else 0

    def _tooltip(self, row: Row, column: int) -> str:
        if column == WHERE_COLUMN:
            lines = [row_path(row)]
            if row.difference is not None:
                lines.insert(0, MEANINGS[row.difference.kind].capitalize())
            elif below := self._below(row):
                lines.append(f"{below:,} difference{'s' if below != 1 else ''} inside")
            return "\n".join(lines)
        a, b = side_texts(row)
        text = a if column == A_COLUMN else b
        side = "A" if column == A_COLUMN else "B"
        return f"{side}: not there" if text == MISSING else f"{side}: {text}"

    def _accessible(self, row: Row, column: int) -> str:
        if column != WHERE_COLUMN:
            return self._tooltip(row, column)
        words = [row.label]
        if row.difference is not None:
            words.insert(0, MEANINGS[row.difference.kind])
        elif row.inherited is not None:
            words.append(f"inside a value {MEANINGS[row.inherited]}")
        elif below := self._below(row):
            words.append(f"{below:,} difference{'s' if below != 1 else ''} inside")
        return ", ".join(words)

    def _foreground(self, row: Row, column: int) -> QColor | None:
        kind = row.kind
        if column != WHERE_COLUMN:
            a, b = side_texts(row, limit=200)
            if (a if column == A_COLUMN else b) == MISSING:
                return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
            return None
        if kind is None:
            return None
        colour = self._colours.get(kind)
        if colour is None:
            base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
            colour = self._colours[kind] = readable_on(_PREFERRED[kind], [base])
        return colour
