"""`ResultTree`: the result's tree view, readable at any depth and when there is nothing in it.

- Deep results: each level moves a key right by the indentation, so past about level 13 a key
  used to slide out of the 260-pixel Key column and vanish without a "…". When a deeper level is
  opened or selected, the indentation shrinks (down to `MIN_INDENT`) so that `KEY_ROOM` pixels
  stay for the key; deeper still, the Key column widens and the view scrolls sideways to the
  key. A key that does not fit is elided with "…" and its tooltip gives it in full, with its
  level. A new result starts again from the normal indentation and column width, and the width
  the person chose is what is saved (`column_state`).
- Empty results: a valid `{}` or `[]` has no rows; the view says "The result is an empty object"
  or "… an empty list" instead of staying blank.
- Long top-level lists: the first rows are painted before the rest is fetched (all at once, on
  the next loop turn), and no layout before that first paint fetches it. The model gives a
  top-level row its expand arrow only when asked (`JsonTreeModel.prepare_top_rows`); the view
  asks for the rows it is about to paint and for the current row, so every row a person can
  see or reach with the keyboard has its arrow.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    Qt,
    QTimer,
)
from PySide6.QtGui import QHelpEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QToolTip, QTreeView, QWidget

from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.node import JsonNode, NodeKind
from vody_desktop.ui.result.json_tree_model import KEY_COLUMN, JsonTreeModel

DEFAULT_INDENT = 20
MIN_INDENT = 8
#: Pixels of the Key column kept for the key itself, right of the indentation.
KEY_ROOM = 140


def empty_result_text(document: JsonDocument | None) -> str:
    """What to say instead of a blank tree, or "" when the tree has something to show."""
    if document is None or document.root.has_children:
        return ""
    if document.root.kind is NodeKind.ARRAY:
        return "The result is an empty list"
    if document.root.kind is NodeKind.OBJECT:
        return "The result is an empty object"
    return ""


class ResultTree(QTreeView):
    """A `QTreeView` over a `JsonTreeModel` that keeps keys visible at any depth."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIndentation(DEFAULT_INDENT)
        self._user_key_width: int | None = None  # before the Key column was widened for depth
        self._fitted_for = 0  # id() of the document the indentation and width were fitted to
        self.expanded.connect(self._on_expanded)
        # The rest of a long top-level list, once its first rows are painted (JsonTreeModel).
        self._top_rows_timer = QTimer(self)
        self._top_rows_timer.setSingleShot(True)
        self._top_rows_timer.setInterval(0)
        self._top_rows_timer.timeout.connect(self._on_top_rows_timer_timeout)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            self.selectionModel().currentChanged.connect(self._on_current_changed)

    # -- empty results -------------------------------------------------------------------------
    def placeholder_text(self) -> str:
        model = self.model()
        if not isinstance(model, JsonTreeModel) or model.rowCount() > 0:
            return ""
        return empty_result_text(model.document)

    def paintEvent(self, event: QPaintEvent) -> None:
        self._prepare_visible_rows()  # before painting: the arrows are drawn in this paint
        super().paintEvent(event)
        model = self.model()
        if isinstance(model, JsonTreeModel) and model.top_rows_pending():
            self._top_rows_timer.start()  # after this paint is on screen
        text = self.placeholder_text()
        if not text:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        area = self.viewport().rect().adjusted(12, 12, -12, -12)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
        painter.drawText(area, int(flags | Qt.TextFlag.TextWordWrap), text)
        painter.end()

    # -- deep results --------------------------------------------------------------------------
    def key_room(self, index: QModelIndex) -> int:
        """Pixels the key of `index` has in the Key column (may be 0 or less: hidden)."""
        rect = self.visualRect(index.siblingAtColumn(KEY_COLUMN))
        return rect.width() if rect.isValid() else 0

    def key_tooltip(self, index: QModelIndex) -> str | None:
        """The full key and its level, when the key is cut short where it is shown."""
        node = self._node(index)
        if node is None:
            return None
        key = str(index.siblingAtColumn(KEY_COLUMN).data() or "")
        needed = self.fontMetrics().horizontalAdvance(key) + 8  # the cell's own margins
        if needed <= self.key_room(index):
            return None
        return f"{key}\nLevel {node.depth:,} of the result"

    def fit_depth(self, level: int) -> None:
        """Make room for the keys of rows at `level` (1 for the top rows)."""
        if level <= 0:
            return
        self.reset_depth()  # if this is a new result
        self._fitted_for = self._document_id()
        header = self.header()
        width = header.sectionSize(KEY_COLUMN)
        if self._user_key_width is not None:
            width = min(width, max(self._user_key_width, 1))
        fitting = (max(width, KEY_ROOM) - KEY_ROOM) // level
        indent = max(MIN_INDENT, min(DEFAULT_INDENT, fitting))
        if indent < self.indentation():
            self.setIndentation(indent)
        needed = level * self.indentation() + KEY_ROOM
        if needed > header.sectionSize(KEY_COLUMN):
            if self._user_key_width is None:
                self._user_key_width = header.sectionSize(KEY_COLUMN)
            header.resizeSection(KEY_COLUMN, needed)

    def reveal_key(self, index: QModelIndex) -> None:
        """Scroll sideways, if needed, so that the key of `index` is in view."""
        level = self._level(index)
        left = level * self.indentation()
        bar = self.horizontalScrollBar()
        width = self.viewport().width()
        if left < bar.value() or left + KEY_ROOM > bar.value() + width:
            bar.setValue(max(0, left - 2 * self.indentation()))

    def reset_depth(self) -> None:
        """Back to the normal indentation and Key column width, once a new result is shown."""
        if self._fitted_for == self._document_id():
            return
        self._fitted_for = 0
        self.setIndentation(DEFAULT_INDENT)
        if self._user_key_width is not None:
            self.header().resizeSection(KEY_COLUMN, self._user_key_width)
            self._user_key_width = None
        self.horizontalScrollBar().setValue(0)

    def column_state(self) -> QByteArray:
        """The header's state with the Key column at the width the person gave it."""
        header = self.header()
        if self._user_key_width is None:
            return header.saveState()
        widened = header.sectionSize(KEY_COLUMN)
        header.resizeSection(KEY_COLUMN, self._user_key_width)
        state = header.saveState()
        header.resizeSection(KEY_COLUMN, widened)
        return state

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.indexAt(event.pos())
            if index.isValid() and index.column() == KEY_COLUMN:
                text = self.key_tooltip(index)
                if text:
                    rect: QRect = self.visualRect(index)
                    QToolTip.showText(event.globalPos(), text, self.viewport(), rect)
                    return True
        return super().viewportEvent(event)

    # -- long lists ----------------------------------------------------------------------------
    def rowsInserted(
        self, parent: QModelIndex | QPersistentModelIndex, start: int, end: int
    ) -> None:
        # Rows fetched while a row opens are laid out by that opening (Qt counts the rows after
        # fetching); Qt would lay out every row of the tree once more as well, about 55 ms
        # with a 720,000-item list. So Qt's own bookkeeping runs, its extra layout does not.
        if self.state() == QAbstractItemView.State.ExpandingState:
            QAbstractItemView.rowsInserted(self, parent, start, end)
        else:
            super().rowsInserted(parent, start, end)

    def doItemsLayout(self) -> None:
        # The rest of a long top-level list comes on the next loop turn (JsonTreeModel); the
        # layout before the first paint would otherwise fetch it and lay out all its rows.
        model = self.model()
        if isinstance(model, JsonTreeModel):
            model.hold_top_rows(super().doItemsLayout)
        else:
            super().doItemsLayout()

    def verticalScrollbarValueChanged(self, value: int) -> None:
        # At the bottom Qt loads the next chunk here, and the full layout that the new rows
        # cause loads one more before laying out (it fetches for every node it can): two chunks
        # and two row preparations per drag, 17 ms each at 5,000 rows. Here the layout is asked
        # for at once and loads the one chunk itself.
        model = self.model()
        if not isinstance(model, JsonTreeModel):
            super().verticalScrollbarValueChanged(value)
            return
        if model.defer_fetches(
            lambda: super(ResultTree, self).verticalScrollbarValueChanged(value)
        ):
            self.scheduleDelayedItemsLayout()

    # -- internals -----------------------------------------------------------------------------
    def _prepare_visible_rows(self) -> None:
        model = self.model()
        if not isinstance(model, JsonTreeModel) or model.rowCount() == 0:
            return
        first = self.indexAt(QPoint(1, 1))
        if not first.isValid():
            return
        last = self.indexAt(QPoint(1, self.viewport().height() - 1))
        last_row = _top_row(last) if last.isValid() else model.rowCount() - 1
        model.prepare_top_rows(_top_row(first), last_row + 1)

    def _node(self, index: QModelIndex) -> JsonNode | None:
        model = self.model()
        return model.node(index) if isinstance(model, JsonTreeModel) else None

    def _document_id(self) -> int:
        model = self.model()
        document = model.document if isinstance(model, JsonTreeModel) else None
        return 0 if document is None else id(document)

    def _level(self, index: QModelIndex) -> int:
        """How deep `index` sits in the view (1 for the top rows)."""
        model = self.model()
        node = self._node(index)
        if node is not None and not (isinstance(model, JsonTreeModel) and model.has_ranges):
            return max(1, node.depth)
        # Range rows ("[0 … 9,999]") are levels of the view, not of the JSON: count the rows.
        level = 0
        while index.isValid():
            level += 1
            index = index.parent()
        return max(1, level)

    def _on_top_rows_timer_timeout(self) -> None:
        model = self.model()
        if isinstance(model, JsonTreeModel):
            model.fetchMore(QModelIndex())  # all at once: one layout, then free scrolling

    def _on_expanded(self, index: QModelIndex) -> None:
        self.fit_depth(self._level(index) + 1)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        model = self.model()
        if current.isValid() and isinstance(model, JsonTreeModel):
            # Reached by the keyboard below the rows on show: Right must find its arrow.
            row = _top_row(current)
            model.prepare_top_rows(row, row + 1)
        if current.isValid():
            self.fit_depth(self._level(current))
            self.reveal_key(current)


def _top_row(index: QModelIndex) -> int:
    """The row of the top-level ancestor of `index` (or of `index` itself)."""
    while index.parent().isValid():
        index = index.parent()
    return index.row()
