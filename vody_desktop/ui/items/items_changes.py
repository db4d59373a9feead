"""`ItemsChanges`: a comparison's "What changed" on the Items table: its column and quick filter.

A comparison (vody_desktop/compare/) says per item what changed. Attached with
`ItemsTab.set_item_changes` (for one of the result's lists, or whichever is shown), the table
gets a "What changed" column after the columns that say what the item is (picture, identity,
label), so a row reads "Shoes · Fashion · Top prediction: color name: Red → Orange" before the
values themselves. The column sorts (changed items first in either direction: an unchanged
item's cell is empty), is searched by the filter box, and is copied and exported with the rest.
The quick filter "Changed items only" (`itemsChangedOnlyCheck`) becomes part of the tab's row
order (items/ordering.py `only`). Without a comparison nothing of this shows: no column, no
check box.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QCheckBox

from vody_desktop.items.columns import Column, Role
from vody_desktop.items.discovery import ItemSource
from vody_desktop.items.item_texts import ItemTexts, WithItemTexts
from vody_desktop.items.ordering import ColumnData
from vody_desktop.ui.items.items_model import CHANGES_COLUMN, CHANGES_ID, ItemsTableModel

#: The column goes after the columns of these roles: what the item is, before its values.
_BEFORE_CHANGES = frozenset((Role.PICTURE, Role.IDENTITY, Role.LABEL))


def with_changes_column(columns: Sequence[Column]) -> list[Column]:
    """`columns` with "What changed" after the picture, identity and label columns (first
    when there are none)."""
    placed = list(columns)
    before = [n for n, column in enumerate(placed) if column.role in _BEFORE_CHANGES]
    placed.insert(before[-1] + 1 if before else 0, CHANGES_COLUMN)
    return placed


class ItemsChanges(QObject):
    """The comparison shown on the Items table; its widget is `check`."""

    #: The quick filter changed the rows to show (the tab computes its order).
    filterChanged = Signal()

    def __init__(self, model: ItemsTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._given: Mapping[int, str] | None = None
        self._path: str | None = None
        self.check = QCheckBox("Changed items &only")
        self.check.setObjectName("itemsChangedOnlyCheck")
        self.check.setToolTip("Show only the items the comparison found changed or new")
        self.check.setVisible(False)
        self.check.toggled.connect(self.filterChanged)

    @property
    def attached(self) -> bool:
        """A comparison is attached (to the list shown or to another of the result's lists)."""
        return self._given is not None

    def set_changes(self, changes: Mapping[int, str] | None, path: str | None = None) -> None:
        """What changed per item number of the list at `path` (None: whichever list is shown);
        `changes` None: no comparison. The quick filter starts off. The tab then sets its list
        up again (`prepare`)."""
        self._given = changes
        self._path = path
        self._model.changes = None
        self.check.blockSignals(True)
        self.check.setChecked(False)
        self.check.blockSignals(False)
        self.check.setVisible(changes is not None)

    def prepare(self, source: ItemSource | None) -> bool:
        """Whether the comparison is of `source` (about to be shown): then the model answers
        its texts, and the table gets the What changed column."""
        given = self._given
        applies = given is not None and source is not None and self._path in (None, source.path)
        self.check.setEnabled(applies)
        if given is None or source is None or not applies:
            self._model.changes = None
            return False
        current = self._model.changes
        if current is None or current.count != source.count:
            self._model.changes = ItemTexts(given, source.count)
        return True

    def only(self) -> frozenset[int] | None:
        """The items the quick filter lets through (None: every item)."""
        changes = self._model.changes
        if changes is None or not self.check.isChecked():
            return None
        return changes.items

    def order_data(self, data: ColumnData) -> ColumnData:
        """What the row order reads: `data`, plus the What changed column."""
        changes = self._model.changes
        return data if changes is None else WithItemTexts(data, {CHANGES_ID: changes})
