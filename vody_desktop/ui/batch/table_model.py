"""`BatchTableModel`: one row per ID of a batch, fed by the runner's events.

Events can come by the hundred per second; each `update()` only notes the row, and a short
timer sends one `dataChanged` per run of neighbouring changed rows (`FLUSH_MS`), so the view
repaints a few times a second whatever the rate. Rows waiting for the server's limit show a
countdown ("waiting 0:12") that a one-second timer refreshes while any row waits.

Every status has a mark as well as words (never colour alone): ✓ completed, ✗ failed…
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)

from vody_desktop.batch.state import ItemState, ItemStatus
from vody_desktop.words import human_size

COLUMNS = ("ID", "Status", "Model", "Items", "Size", "Duration", "Message")
ID_COLUMN, STATUS_COLUMN = 0, 1
#: How often changed rows are repainted while events arrive.
FLUSH_MS = 100
COUNTDOWN_MS = 1000

#: A mark for each status, so none is told by colour alone.
MARKS = {
    ItemStatus.QUEUED: "·",
    ItemStatus.FETCHING: "↓",
    ItemStatus.WAITING: "‖",  # (⏸ is missing from common fonts such as DejaVu Sans)
    ItemStatus.COMPLETED: "✓",
    ItemStatus.RUNNING: "↻",
    ItemStatus.FAILED: "✗",
    ItemStatus.NOT_FOUND: "?",
    ItemStatus.ERROR: "!",
}
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_Index = QModelIndex | QPersistentModelIndex


def countdown(seconds: float) -> str:
    """ "0:12", "1:05"."""
    whole = max(0, math.ceil(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


class BatchTableModel(QAbstractTableModel):
    """The rows of one batch (see the module docstring)."""

    def __init__(
        self, parent: QObject | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self._items: list[ItemState] = []
        self._row_of: dict[str, int] = {}
        self._dirty: set[int] = set()
        self._clock = clock
        #: When the whole batch's wait for the server's limit ends (clock time).
        self.waiting_until = 0.0
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(FLUSH_MS)
        self._flush.timeout.connect(self.flush)
        self._ticker = QTimer(self)
        self._ticker.setInterval(COUNTDOWN_MS)
        self._ticker.timeout.connect(self._on_ticker_timeout)

    # -- feeding -----------------------------------------------------------------------------
    def set_items(self, items: Iterable[ItemState]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._row_of = {item.inference_id: row for row, item in enumerate(self._items)}
        self._dirty.clear()
        self.endResetModel()

    def update(self, item: ItemState) -> None:
        """Note a changed row; it is repainted at the next flush."""
        row = self._row_of.get(item.inference_id)
        if row is None:
            return
        self._items[row] = item
        self._dirty.add(row)
        if not self._flush.isActive():
            self._flush.start()

    def wait_for(self, seconds: float) -> None:
        """The whole batch waits `seconds` from now for the server's limit."""
        self.waiting_until = max(self.waiting_until, self._clock() + seconds)
        if not self._ticker.isActive():
            self._ticker.start()

    def flush(self) -> None:
        """Repaint the changed rows now: one signal per run of neighbouring rows."""
        self._flush.stop()
        rows = sorted(self._dirty)
        self._dirty.clear()
        last = len(COLUMNS) - 1
        start = previous = None
        for row in [*rows, None]:
            if row is not None and previous is not None and row == previous + 1:
                previous = row
                continue
            if start is not None and previous is not None:
                self.dataChanged.emit(self.index(start, 0), self.index(previous, last))
            start = previous = row

    def _on_ticker_timeout(self) -> None:
        waiting = [r for r, i in enumerate(self._items) if i.status is ItemStatus.WAITING]
        if not waiting or self._clock() >= self.waiting_until + 1:
            self._ticker.stop()
        for row in waiting:
            cell = self.index(row, STATUS_COLUMN)
            self.dataChanged.emit(cell, cell, [Qt.ItemDataRole.DisplayRole])

    # -- reading -----------------------------------------------------------------------------
    def item(self, row: int) -> ItemState:
        return self._items[row]

    @property
    def items(self) -> list[ItemState]:
        return list(self._items)

    def row_of(self, inference_id: str) -> int:
        return self._row_of[inference_id]

    def status_text(self, item: ItemState) -> str:
        """The status in words with its mark ("‖ waiting 0:12", "✓ completed")."""
        words = item.status.value
        left = self.waiting_until - self._clock()
        if item.status is ItemStatus.WAITING and left > 0:  # at 0 its request goes again
            words = f"waiting {countdown(left)}"
        return f"{MARKS[item.status]} {words}"

    # -- QAbstractTableModel -----------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return str(section + 1)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._items):
            return None
        item = self._items[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._cell(item, column)
            if role == Qt.ItemDataRole.ToolTipRole:
                return text or None
            return text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._cell(item, column) or "empty"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (3, 4, 5):
            return int(_RIGHT.value)
        return None

    def _cell(self, item: ItemState, column: int) -> str:
        if column == ID_COLUMN:
            return item.inference_id
        if column == STATUS_COLUMN:
            return self.status_text(item)
        if column == 2:
            return item.model or ""
        if column == 3:
            return "" if item.items is None else f"{item.items:,}"
        if column == 4:
            return "" if item.size_bytes is None else human_size(item.size_bytes)
        if column == 5:
            return "" if item.duration_s is None else f"{item.duration_s:.1f} s"
        if column == 6:
            return item.message
        return ""
