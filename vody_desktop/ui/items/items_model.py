"""`ItemsTableModel`: the items of one list in the result as rows, read lazily from their bytes.

A row's cells are decoded from that item's slice of the document when the view first asks for
them (microseconds with msgspec) and kept in a small cache; nothing is decoded for rows that
are never shown. Sorting and filtering never happen here: the owner computes a row order
(items/ordering.py, off the UI thread when large) and `set_order` applies it in one
`layoutChanged`, keeping the selection on the same items.

Review mode adds two columns that are not read from the items: Verdict (a mark whose shape
says it without colour: ✓ correct, ✗ wrong, ? unsure; the word in the tooltip and accessible
text) and Note, both answered from the `ReviewSession` in `review` by item number.

A comparison adds "What changed" (`CHANGES_COLUMN`): the words of `changes` by item number
("Top prediction: color name: Red → Orange"), empty for an unchanged item. Unlike the review's
columns it is part of the table's text: copied and exported with the item's own cells.

The Match column's colour library may still be on its way (an ID looked up with the window
holds it back, items/colour_loading.py): its cells then read "…", the model asks for it after
the table's first paint, and the column is repainted when it is in.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from vody_desktop.items import colour_loading
from vody_desktop.items.cells import Cell, Parts, cell_text, decode_item, flat_cells
from vody_desktop.items.colours import ColourMatch
from vody_desktop.items.columns import Column, Role
from vody_desktop.items.discovery import ItemSource
from vody_desktop.items.item_texts import ItemTexts
from vody_desktop.items.match_column import is_mismatch
from vody_desktop.items.shown_rows import CellText, ShownRows
from vody_desktop.ui.items.swatch import match_description, match_text

if TYPE_CHECKING:  # sqlite3 and the store come after the first paint (later_parts.py)
    from vody_desktop.review.session import ReviewSession
    from vody_desktop.store.reviews import Verdict

#: Decoded rows kept (a screenful is ~40; scrolling back should not decode again).
ROW_CACHE = 512
#: The item number (in the document) of a row.
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
#: The cell's value with its JSON type (numbers stay numbers).
VALUE_ROLE = Qt.ItemDataRole.UserRole + 2
#: The column's id (dotted path) of a cell or header.
COLUMN_ID_ROLE = Qt.ItemDataRole.UserRole + 3
#: The column's `Role` (picture, label, score…): how the delegate paints the cell.
ROLE_ROLE = Qt.ItemDataRole.UserRole + 4
#: Cells longer than this are cut in the display (the whole text is in the tooltip).
DISPLAY_CHARS = 200

#: The review columns' ids (not dotted paths: no item field can be read as one of them).
VERDICT_ID = "<review verdict>"
NOTE_ID = "<review note>"
REVIEW_IDS = frozenset((VERDICT_ID, NOTE_ID))
VERDICT_COLUMN = Column(VERDICT_ID, (), "Verdict")
NOTE_COLUMN = Column(NOTE_ID, (), "Note")
#: The comparison's column: what changed in each item (not a dotted path either).
CHANGES_ID = "<what changed>"
CHANGES_COLUMN = Column(CHANGES_ID, (), "What changed")
#: Each verdict's mark (a shape, readable without colour) and colour, by `Verdict` value
#: (correct 1, wrong 2, unsure 3).
VERDICT_MARKS: dict[int, str] = {1: "✓", 2: "✗", 3: "?"}
VERDICT_COLOURS: dict[int, QColor] = {
    1: QColor("#1b7f3b"),
    2: QColor("#c62828"),
    3: QColor("#a15c00"),
}

_Index = QModelIndex | QPersistentModelIndex
#: Roles only the review's columns answer.
_REVIEW_ONLY = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.FontRole,
    )
)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ANSWERED = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.FontRole,
        ITEM_ROLE,
        VALUE_ROLE,
        COLUMN_ID_ROLE,
        ROLE_ROLE,
    )
)
#: A computed column's cell from an item's cells (the Match verdict).
Computed = Callable[[dict[Parts, Cell]], Cell]
#: A Match cell while the colour library is on its way (items/colour_loading.py).
PENDING_MATCH = "…"
PENDING_MATCH_TIP = "Working out the colour difference…"


class _ColoursLoaded(QObject):
    """Says on the UI thread that the colour library is in. One per process, made on the UI
    thread: the loading thread never emits on an object that a closing window is deleting."""

    loaded = Signal()


_colours_news: _ColoursLoaded | None = None


def _colours_loaded() -> _ColoursLoaded:
    global _colours_news
    if _colours_news is None:
        _colours_news = _ColoursLoaded()
        colour_loading.when_loaded(_colours_news.loaded.emit)
    return _colours_news


@lru_cache(maxsize=1)
def _verdict_font() -> QFont:
    """The Verdict column's marks: bold and larger, so ✓ and ✗ tell apart at a glance."""
    font = QFont()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.4)
    return font


class ItemsTableModel(QAbstractTableModel):
    """One row per item of an `ItemSource`, in the order last applied."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source: ItemSource | None = None
        self._columns: list[Column] = []
        self._computed: dict[str, Computed] = {}
        self._order: list[int] | None = None  # None: every item in document order
        self._rows: OrderedDict[int, dict[Parts, Cell]] = OrderedDict()
        #: The Match column's threshold (CIEDE2000 units; the preference MATCH_THRESHOLD).
        self.match_threshold: float = 10.0
        #: The review of the items shown (the Verdict and Note columns), or None.
        self.review: ReviewSession | None = None
        #: What changed in each item (the What changed column), or None: no comparison.
        self.changes: ItemTexts | None = None
        self._waiting_for_colours = False  # a Match column waits for the colour library
        self._ask_for_colours = False  # ... which is asked for after the first paint

    # -- what is shown -------------------------------------------------------------------
    @property
    def source(self) -> ItemSource | None:
        return self._source

    @property
    def columns(self) -> Sequence[Column]:
        return self._columns

    @property
    def total(self) -> int:
        """Items in the source (shown or not)."""
        return 0 if self._source is None else self._source.count

    def set_source(
        self,
        source: ItemSource | None,
        columns: Sequence[Column] = (),
        computed: dict[str, Computed] | None = None,
    ) -> None:
        """Show `source` with `columns` (computed ones by id), every item in document order."""
        self.beginResetModel()
        self._source = source
        self._columns = list(columns)
        self._computed = dict(computed or {})
        self._order = None
        self._rows.clear()
        if not self._waiting_for_colours and any(c.role is Role.MATCH for c in self._columns):
            _colours_loaded().loaded.connect(self._on_colours_loaded)  # before asking pending()
            self._waiting_for_colours = self._ask_for_colours = colour_loading.pending()
            if not self._waiting_for_colours:
                _colours_loaded().loaded.disconnect(self._on_colours_loaded)
        self.endResetModel()

    def set_order(self, order: list[int] | None) -> None:
        """Show the items `order` names (None: all, in document order), in one layout change;
        selected items stay selected where they are still shown."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        items = [self.item_at(index.row()) for index in persistent]
        self._order = order
        if persistent:
            rows = {item: row for row, item in enumerate(order)} if order is not None else None
            moved = []
            for index, item in zip(persistent, items, strict=True):
                row = item if rows is None else rows.get(item, -1)
                moved.append(
                    self.index(row, index.column()) if item >= 0 and row >= 0 else QModelIndex()
                )
            self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def item_at(self, row: int) -> int:
        """The item number shown at `row`, or -1."""
        if not 0 <= row < self.rowCount():
            return -1
        return row if self._order is None else self._order[row]

    def row_of(self, item: int) -> int:
        """The row that shows item number `item`, or -1 when it is filtered out."""
        if self._order is None:
            return item if 0 <= item < self.total else -1
        try:
            return self._order.index(item)
        except ValueError:
            return -1

    def shown_items(self) -> Sequence[int]:
        """The item numbers shown, in row order."""
        return range(self.total) if self._order is None else self._order

    def cells(self, item: int) -> dict[Parts, Cell]:
        """Item `item`'s cells, decoded on first use and cached."""
        cached = self._rows.get(item)
        if cached is not None:
            self._rows.move_to_end(item)
            return cached
        assert self._source is not None
        cells = flat_cells(decode_item(self._source.item_raw(item)))
        self._rows[item] = cells
        if len(self._rows) > ROW_CACHE:
            self._rows.popitem(last=False)
        return cells

    def value(self, item: int, column: Column) -> Cell:
        """The cell's value (a computed column's is computed each time: its inputs are cached)."""
        if column.id == CHANGES_ID:
            return self.changes_text(item) or None
        cells = self.cells(item)
        compute = self._computed.get(column.id)
        return compute(cells) if compute is not None else cells.get(column.parts)

    def text(self, item: int, column: Column) -> str:
        """What the cell reads: the Match cell as "✓ 2.3" or "✗ 27.5", others as written."""
        if column.id in REVIEW_IDS:
            return self.review_text(item, column.id)
        if column.id == CHANGES_ID:
            return self.changes_text(item)
        value = self.value(item, column)
        if column.role is Role.MATCH and isinstance(value, float):
            return match_text(self.match_of(value))
        return cell_text(value)

    def changes_text(self, item: int) -> str:
        """What changed in item `item` ("" when unchanged or without a comparison)."""
        changes = self.changes
        return "" if changes is None else changes.text(item)

    def verdict_of(self, item: int) -> Verdict | None:
        review = self.review
        if review is None or not 0 <= item < len(review.keys):
            return None
        return review.verdict_at(item)

    def review_text(self, item: int, column_id: str, *, words: bool = False) -> str:
        """The Verdict cell's mark (or with `words` its word), or the Note cell's text."""
        review = self.review
        if review is None or not 0 <= item < len(review.keys):
            return ""
        if column_id == NOTE_ID:
            return review.note_at(item)
        verdict = review.verdict_at(item)
        if verdict is None:
            return "Not yet reviewed" if words else ""
        return verdict.word.capitalize() if words else VERDICT_MARKS[verdict]

    def review_changed(self, item: int) -> None:
        """The Verdict and Note cells of item `item` read anew (after a key press)."""
        row = self.row_of(item)
        if row < 0:
            return
        numbers = [n for n, column in enumerate(self._columns) if column.id in REVIEW_IDS]
        if numbers:
            self.dataChanged.emit(self.index(row, min(numbers)), self.index(row, max(numbers)))

    def match_of(self, difference: float) -> ColourMatch:
        return ColourMatch(difference, not is_mismatch(difference, self.match_threshold))

    def text_of(self, column: Column) -> CellText:
        """How `column`'s cell reads, from an item's cells, without this model's cache (so it
        can run on a worker thread: the CSV export of the shown rows)."""
        compute = self._computed.get(column.id)
        threshold = self.match_threshold
        if column.role is Role.MATCH and compute is not None:

            def match_cell(cells: dict[Parts, Cell]) -> str:
                value = compute(cells)
                if not isinstance(value, float):
                    return cell_text(value)
                verdict = ColourMatch(value, not is_mismatch(value, threshold))
                return match_text(verdict)

            return match_cell
        if compute is not None:
            return lambda cells: cell_text(compute(cells))
        parts = column.parts
        return lambda cells: cell_text(cells.get(parts))

    def shown_rows(self, columns: Sequence[int]) -> ShownRows | None:
        """The shown rows and the columns numbered `columns` (in that order), as text."""
        source = self._source
        if source is None:
            return None
        # The review's columns are handed on by the review's own reports (review/report.py).
        chosen = [self._columns[n] for n in columns if self._columns[n].id not in REVIEW_IDS]
        changes = self.changes or ItemTexts({}, source.count)
        return ShownRows(
            header=[column.title for column in chosen],
            items=list(self.shown_items()),
            raws=source.node.children_raw(),
            cells=[changes if c.id == CHANGES_ID else self.text_of(c) for c in chosen],
            total=source.count,
        )

    def row_texts(self, row: int, columns: Sequence[int]) -> list[str]:
        """What the cells of `row` read, for the columns numbered `columns` (copy, export)."""
        item = self.item_at(row)
        return [self.text(item, self._columns[number]) for number in columns]

    # -- QAbstractTableModel -------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._source is None:
            return 0
        return self._source.count if self._order is None else len(self._order)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Painting asks for a dozen roles per cell; the ones never answered leave at once.
        if role not in _ANSWERED or not index.isValid():
            return None
        if self._ask_for_colours:  # in the table's first paint: asked for once it is done
            self._ask_for_colours = False
            QTimer.singleShot(0, colour_loading.load)
        column = self._columns[index.column()]
        if role == _ALIGNMENT:
            if column.id == VERDICT_ID:
                return int(Qt.AlignmentFlag.AlignCenter)
            return _RIGHT if column.is_numeric else None
        if role == COLUMN_ID_ROLE:
            return column.id
        if role == ROLE_ROLE:
            return column.role
        item = self.item_at(index.row())
        if role == ITEM_ROLE:
            return item
        if column.id in REVIEW_IDS:
            return self._review_data(item, column.id, role)
        if role in _REVIEW_ONLY:
            return None
        if column.role is Role.MATCH and self._waiting_for_colours and colour_loading.pending():
            if role == Qt.ItemDataRole.DisplayRole:
                return PENDING_MATCH
            return PENDING_MATCH_TIP if role == Qt.ItemDataRole.ToolTipRole else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self.text(item, column)
            if role == Qt.ItemDataRole.ToolTipRole:
                value = self.value(item, column)
                if column.role is Role.MATCH and isinstance(value, float):
                    return match_description(self.match_of(value), self.match_threshold)
                return text or None
            return text if len(text) <= DISPLAY_CHARS else text[:DISPLAY_CHARS] + "…"
        if role == VALUE_ROLE:
            return self.value(item, column)
        return None

    def _on_colours_loaded(self) -> None:
        self._waiting_for_colours = False
        _colours_loaded().loaded.disconnect(self._on_colours_loaded)
        last = self.rowCount() - 1
        for number, column in enumerate(self._columns):
            if column.role is Role.MATCH and last >= 0:
                self.dataChanged.emit(self.index(0, number), self.index(last, number))

    def _review_data(self, item: int, column_id: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            text = self.review_text(item, column_id)
            return text if len(text) <= DISPLAY_CHARS else text[:DISPLAY_CHARS] + "…"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            if column_id == VERDICT_ID:
                words = self.review_text(item, column_id, words=True)
                note = self.review_text(item, NOTE_ID)
                return f"{words}. Note: {note}" if note else words
            return self.review_text(item, column_id) or None
        if role == Qt.ItemDataRole.FontRole and column_id == VERDICT_ID:
            return _verdict_font()
        if role == Qt.ItemDataRole.ForegroundRole and column_id == VERDICT_ID:
            verdict = self.verdict_of(item)
            return None if verdict is None else VERDICT_COLOURS[verdict]
        if role == VALUE_ROLE:
            return self.review_text(item, column_id, words=column_id == VERDICT_ID)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < self.rowCount():
                return str(self.item_at(section))  # as the tree and the path say: $[0]
            return None
        if not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{column.title} ({column.id})"
        if role == COLUMN_ID_ROLE:
            return column.id
        if role == Qt.ItemDataRole.InitialSortOrderRole and column.role is Role.MATCH:
            return Qt.SortOrder.DescendingOrder  # the first click puts the worst first
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
