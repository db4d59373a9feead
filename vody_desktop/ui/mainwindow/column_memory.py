"""Which columns of the Items table are shown, in what order and how wide: kept per model.

A tester who hides "Predictions: count" and widens the picture for colour classification wants
the same table the next time a colour classification result opens, in this window or the
next. The state is kept in the settings under "items/columns/<model>", where <model> is the
model the status names ("color-classification") or, for a result without one (a saved file), the
set of its column ids. It is written as JSON of column ids, not as `QHeaderView.saveState()`,
so a result with one more or one fewer column still gets the rest right.
"""

from __future__ import annotations

import hashlib
import json
import re

from PySide6.QtCore import QObject

from vody_desktop.items.columns import Role
from vody_desktop.store.settings import AppSettings, Setting
from vody_desktop.ui.items.items_tab import ItemsTab

DEFAULT_WIDTH_MAX = 260
PICTURE_WIDTH = 90
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


class ColumnMemory(QObject):
    """Restores the columns of each list shown and saves them when the person changes them."""

    def __init__(self, tab: ItemsTab, settings: AppSettings, parent: QObject | None = None):
        super().__init__(parent)
        self._tab = tab
        self._settings = settings
        self._model_name = ""
        self._key = ""
        self._restoring = False
        header = tab.table.horizontalHeader()
        header.sectionMoved.connect(self._on_header_changed)
        header.sectionResized.connect(self._on_header_changed)
        header.sectionCountChanged.connect(self._on_header_changed)
        tab.sourceAboutToChange.connect(self._on_tab_source_about_to_change)
        tab.sourceShown.connect(self._on_tab_source_shown)

    def set_model_name(self, name: str) -> None:
        """The model of the result about to be shown ("" when unknown)."""
        self._model_name = name

    def key(self) -> str:
        """The settings key of the list on show ("" when none)."""
        columns = self._tab.model.columns
        if not columns:
            return ""
        if self._model_name:
            name = _UNSAFE.sub("-", self._model_name).strip("-") or "model"
        else:
            ids = "\n".join(sorted(column.id for column in columns))
            name = "columns-" + hashlib.sha256(ids.encode()).hexdigest()[:16]
        return f"items/columns/{name}"

    def save_now(self) -> None:
        if not self._key or self._restoring:
            return
        header = self._tab.table.horizontalHeader()
        columns = self._tab.model.columns
        if header.count() != len(columns):
            return
        order = [columns[header.logicalIndex(visual)].id for visual in range(header.count())]
        state = {
            "order": order,
            "hidden": [c.id for n, c in enumerate(columns) if header.isSectionHidden(n)],
            "widths": {c.id: header.sectionSize(n) for n, c in enumerate(columns)},
        }
        self._settings.set(Setting(self._key, ""), json.dumps(state))

    def _on_tab_source_about_to_change(self) -> None:
        self.save_now()  # the list on show, before it goes
        self._key = ""  # nothing is saved while the next list's columns come in

    def _on_header_changed(self) -> None:
        # Saved at once: a few dozen bytes into QSettings' memory (written to disk later), so a
        # drag that resizes a column 50 times costs nothing to notice.
        if not self._restoring and self._key:
            self.save_now()

    def _on_tab_source_shown(self) -> None:
        self._key = self.key()
        self._restoring = True
        try:
            self._restore()
        finally:
            self._restoring = False

    def _restore(self) -> None:
        table = self._tab.table
        header = table.horizontalHeader()
        columns = self._tab.model.columns
        metrics = header.fontMetrics()
        for number, column in enumerate(columns):  # defaults first: a new column gets these
            header.setSectionHidden(number, False)
            if column.role is Role.PICTURE:
                width = PICTURE_WIDTH
            else:
                width = min(metrics.horizontalAdvance(column.title) + 36, DEFAULT_WIDTH_MAX)
            header.resizeSection(number, max(width, 70))
        for visual in range(header.count()):  # back to the model's own order
            logical = header.logicalIndex(visual)
            if logical != visual:
                header.moveSection(header.visualIndex(visual), visual)
        self._tab.place_review_columns()  # the verdict beside the picture, by default
        if not self._key:
            return
        try:
            state = json.loads(self._settings.get(Setting(self._key, "")) or "{}")
        except ValueError:
            return
        if not isinstance(state, dict):
            return
        numbers = {column.id: number for number, column in enumerate(columns)}
        order = [numbers[i] for i in state.get("order", []) if i in numbers]
        for position, number in enumerate(order):
            header.moveSection(header.visualIndex(number), position)
        hidden = {numbers[i] for i in state.get("hidden", []) if i in numbers}
        if len(hidden) < len(columns):  # never hide every column
            for number in hidden:
                header.setSectionHidden(number, True)
        widths = state.get("widths", {})
        if isinstance(widths, dict):
            for column_id, width in widths.items():
                if column_id in numbers and isinstance(width, int) and width > 0:
                    header.resizeSection(numbers[column_id], width)
