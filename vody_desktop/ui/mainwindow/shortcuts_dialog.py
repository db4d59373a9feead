"""Help > Keyboard shortcuts: every key of the window, grouped by menu, with a filter field.

Non-modal, so a person can keep it open beside the window while trying the keys. The rows come
from the action table (keyboard_table.shortcut_rows), in this system's notation: the same table
the menus are built from, so the list cannot miss or misname a key. Open it with `show()` or
`open()`, never `exec()` (a nested loop breaks the qasync loop).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vody_desktop.ui.mainwindow.keyboard_table import ShortcutRow, shortcut_rows

ACTION_COLUMN, KEYS_COLUMN = 0, 1
KEYS_SEPARATOR = ", "


class ShortcutsDialog(QDialog):
    """The list of keys; typing in the filter keeps the rows whose words or keys match."""

    def __init__(
        self, parent: QWidget | None = None, rows: Iterable[ShortcutRow] | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.setModal(False)
        self.resize(560, 620)

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("shortcutsFilterEdit")
        self.filter_edit.setAccessibleName("Filter shortcuts")
        self.filter_edit.setPlaceholderText("Filter: type a word or a key, such as export or F3")
        self.filter_edit.setClearButtonEnabled(True)
        label = QLabel("&Filter:")
        label.setBuddy(self.filter_edit)

        self.list = QTreeWidget()
        self.list.setObjectName("shortcutsList")
        self.list.setAccessibleName("Keyboard shortcuts")
        self.list.setColumnCount(2)
        self.list.setHeaderLabels(["Action", "Keys"])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.header().setSectionResizeMode(ACTION_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.list.header().setSectionResizeMode(
            KEYS_COLUMN, QHeaderView.ResizeMode.ResizeToContents
        )
        self.list.header().setStretchLastSection(False)

        self.empty_label = QLabel("No shortcut matches this filter.")
        self.empty_label.setObjectName("shortcutsEmptyLabel")
        self.empty_label.setVisible(False)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(buttons)

        self._fill(list(shortcut_rows() if rows is None else rows))
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)

    def _fill(self, rows: list[ShortcutRow]) -> None:
        groups: dict[str, QTreeWidgetItem] = {}
        for row in rows:
            group = groups.get(row.group)
            if group is None:
                group = groups[row.group] = QTreeWidgetItem(self.list, [row.group])
                group.setFirstColumnSpanned(True)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = group.font(ACTION_COLUMN)
                font.setBold(True)
                group.setFont(ACTION_COLUMN, font)
            QTreeWidgetItem(group, [row.text, KEYS_SEPARATOR.join(row.keys)])
        self.list.expandAll()

    def _groups(self) -> list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]]:
        groups: list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]] = []
        for g in range(self.list.topLevelItemCount()):
            group = self.list.topLevelItem(g)
            assert group is not None
            children = [group.child(r) for r in range(group.childCount())]
            groups.append((group, [child for child in children if child is not None]))
        return groups

    # -- reading (tests, and whoever wants the list as text) ------------------------------
    def visible_rows(self) -> list[tuple[str, str, str]]:
        """(group, action, keys) of every row a person can see now."""
        return [
            (group.text(ACTION_COLUMN), item.text(ACTION_COLUMN), item.text(KEYS_COLUMN))
            for group, items in self._groups()
            if not group.isHidden()
            for item in items
            if not item.isHidden()
        ]

    # -- filtering -----------------------------------------------------------------------
    def _on_filter_edit_text_changed(self, text: str) -> None:
        words = text.casefold().split()
        any_shown = False
        for group, items in self._groups():
            group_shown = False
            for item in items:
                haystack = " ".join(
                    (group.text(ACTION_COLUMN), item.text(ACTION_COLUMN), item.text(KEYS_COLUMN))
                ).casefold()
                shown = all(word in haystack for word in words)
                item.setHidden(not shown)
                group_shown = group_shown or shown
            group.setHidden(not group_shown)
            any_shown = any_shown or group_shown
        self.empty_label.setVisible(not any_shown)


def show_shortcuts(parent: QWidget) -> ShortcutsDialog:
    """Help > Keyboard shortcuts: show the list, or bring back the one already open (F1 twice
    gives one window, not two)."""
    dialog = parent.findChild(ShortcutsDialog, "shortcutsDialog")
    if dialog is None:
        dialog = ShortcutsDialog(parent)
        # A dialog with a parent stays on top of it; Qt.Window keeps it a separate, movable window.
        dialog.setWindowFlag(Qt.WindowType.Window, True)
    # Un-minimize and activate, which brings it forward; not raise_(), which the offscreen
    # platform of the tests does not support (it logs a warning).
    dialog.setWindowState(dialog.windowState() & ~Qt.WindowState.WindowMinimized)
    dialog.show()
    dialog.activateWindow()
    dialog.filter_edit.setFocus()
    return dialog
