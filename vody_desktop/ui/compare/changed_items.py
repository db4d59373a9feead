"""`ChangedItemsView`: the compare window's Items tab: B's items, with what changed in each.

The table is the main window's Items tab (ui/items/items_tab.py) over B's list of items (the
one at `comparison.items.path`), with pictures, sorting, the filter box, the quick filters,
Ctrl+C and Space's preview, plus the comparison's "What changed" column from
`comparison.item_changes`. Changed and new items come first (sorted by that column; a header
click sorts otherwise). Review mode's columns are left out: there is no review here.

Items only in A have no row: the table is B's list, read lazily from B's bytes, so a row from A
would have to come from another document, and its cells would mix two results in one set of
columns (a sort or an export would then read A's values as if they were B's). They are listed in
words under the table instead (`changedItemsOnlyInA`: "2 items only in A (not in B, so not in
the table): img/0005.jpg · img/0009.jpg"), named by their key as the comparison matched them.

Self-contained: it has its own picture loader; the window awaits `shutdown()` when it closes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from vody_desktop.compare.differences import Comparison, DifferenceKind
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.items.columns import Role
from vody_desktop.items.shown_rows import ShownRows
from vody_desktop.ui.items.items_model import CHANGES_ID
from vody_desktop.ui.items.items_tab import ItemsTab
from vody_desktop.ui.items.table_pictures import THUMBNAIL_HEIGHT
from vody_desktop.ui.pictures.loader import PictureLoader
from vody_desktop.words import shorten_long_words

#: Items only in A named under the table; the rest are counted ("and 12 more").
NAMED_ONLY_IN_A = 20
#: Column widths as the Items tab starts them (ui/mainwindow/column_memory.py), and the What
#: changed column's, wide enough for a change or two.
PICTURE_WIDTH = 90
COLUMN_WIDTH_MAX = 260
CHANGES_WIDTH = 380
#: A key longer than this is shortened in the middle under the table (the tooltip has it all).
KEY_CHARS = 60


class ChangedItemsView(QWidget):
    """B's items with a What changed column, and A's items that B lacks, in words."""

    #: Enter on a row: item number `int` of B's list (for the window to show its differences).
    itemActivated = Signal(int)
    #: A short message for the window's status line ("Copied 2 rows as tab-separated text").
    said = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, load_pictures: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("changedItemsView")
        self.loader = PictureLoader(self, enabled=load_pictures, thumbnail_height=THUMBNAIL_HEIGHT)
        self.tab = ItemsTab(self.loader, review_columns=False)
        self.tab.initial_sort = CHANGES_ID  # changed and new items first
        self.caption = QLabel()
        self.caption.setObjectName("changedItemsCaption")
        self.caption.setWordWrap(True)
        self.only_in_a = QLabel()
        self.only_in_a.setObjectName("changedItemsOnlyInA")
        self.only_in_a.setAccessibleName("Items only in A")
        self.only_in_a.setWordWrap(True)
        self.only_in_a.setTextFormat(Qt.TextFormat.PlainText)
        self.only_in_a.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.only_in_a.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.caption)
        layout.addWidget(self.tab, 1)
        layout.addWidget(self.only_in_a)
        self.setFocusProxy(self.tab)
        self.tab.sourceShown.connect(self._on_tab_source_shown)
        self.tab.table.itemActivated.connect(self.itemActivated)
        self.tab.table.copyRequested.connect(self.copy_rows)

    def show_comparison(self, document_b: JsonDocument, comparison: Comparison) -> None:
        """Show B's items (`document_b` is the B the comparison was made of) with what changed."""
        items = comparison.items
        self.tab.show_document(None)
        self.loader.forget_pending()
        if items is None:
            self.caption.setText("These results hold no list of items to compare one by one.")
            self._show_only_in_a([])
            return
        self.tab.show_document(document_b, prefer=items.path, changes=comparison.item_changes)
        self.tab.source_combo.setVisible(False)  # only this list was compared
        if not any(source.path == items.path for source in self.tab.sources):
            self.tab.show_document(None)  # B's list is empty: no other list in its place
        self.caption.setText(_caption(comparison))
        self._show_only_in_a(_only_in_a(comparison))

    def clear(self) -> None:
        """Show nothing (a new comparison is on its way, or the sides changed)."""
        self.tab.show_document(None)
        self.loader.forget_pending()
        self.caption.clear()
        self._show_only_in_a([])

    def set_pictures_enabled(self, on: bool) -> None:
        """Pictures turned on or off (the preference "Load pictures")."""
        if on != self.loader.enabled:
            self.loader.set_enabled(on)
            self.tab.pictures_changed()

    def shown_rows(self) -> ShownRows | None:
        """The rows shown with the shown columns, What changed included (a CSV export)."""
        return self.tab.shown_rows() if self.tab.has_items else None

    def copy_rows(self) -> None:
        """Ctrl+C: the selected rows as tab-separated text."""
        copied = self.tab.copy_selected_rows()
        if copied:
            self.said.emit(
                f"Copied {copied:,} row{'s' if copied != 1 else ''} as tab-separated text"
            )

    async def shutdown(self) -> None:
        """Stop the row order and picture loads, and wait for them (the window is closing)."""
        await self.tab.shutdown()
        await self.loader.shutdown()

    # -- what is shown -------------------------------------------------------------------
    def _on_tab_source_shown(self) -> None:
        """A list is shown: its columns as wide as the Items tab starts them."""
        header = self.tab.table.horizontalHeader()
        metrics = header.fontMetrics()
        for number, column in enumerate(self.tab.model.columns):
            if column.role is Role.PICTURE:
                width = PICTURE_WIDTH
            elif column.id == CHANGES_ID:
                width = CHANGES_WIDTH
            else:
                width = min(metrics.horizontalAdvance(column.title) + 36, COLUMN_WIDTH_MAX)
            header.resizeSection(number, max(width, 70))

    def _show_only_in_a(self, keys: list[str]) -> None:
        if not keys:
            self.only_in_a.clear()
            self.only_in_a.setToolTip("")
            self.only_in_a.setVisible(False)
            return
        count = len(keys)
        named = [shorten_long_words(key, KEY_CHARS) for key in keys[:NAMED_ONLY_IN_A]]
        rest = f" and {count - len(named):,} more" if count > len(named) else ""
        noun = "item" if count == 1 else "items"
        self.only_in_a.setText(
            f"{count:,} {noun} only in A (not in B, so not in the table): "
            + " · ".join(named)
            + rest
        )
        self.only_in_a.setToolTip("\n".join(keys[:100]) + ("\n…" if count > 100 else ""))
        self.only_in_a.setVisible(True)


def _caption(comparison: Comparison) -> str:
    """ "The 500 items of B (to check), matched with A's by image_path." """
    items = comparison.items
    assert items is not None
    noun = "item" if items.total_b == 1 else "items"
    where = "" if items.path == "$" else f" at {items.path}"
    if not items.total_b:
        return f"B (to check) has no items{where}."
    matched = f"by {items.key_field}" if items.key_field else "by their place in the list"
    first = " Changed and new items come first." if comparison.item_changes else ""
    return (
        f"The {items.total_b:,} {noun} of B (to check){where}, matched with A's {matched}.{first}"
    )


def _only_in_a(comparison: Comparison) -> list[str]:
    """The items only in A, named by their key as matched ("img/0005.jpg", "item 12"), in A's
    order."""
    keys: dict[int, str] = {}
    for difference in comparison.differences:
        pair = difference.item
        if (
            difference.kind is DifferenceKind.REMOVED
            and pair is not None
            and pair.index_b is None
            and pair.index_a is not None
        ):
            keys[pair.index_a] = pair.key
    indexes = sorted(set(comparison.removed_item_changes) | set(keys))
    return [_key_words(keys.get(index), index) for index in indexes]


def _key_words(key: str | None, index: int) -> str:
    if key is None or key.startswith("#"):  # matched by position
        return f"item {index}"
    return key
