"""`TablePictures`: the Items table's pictures and colours as painted: which columns get the
custom delegate, rows high enough for a thumbnail, a repaint when one arrives, and Space's
large preview.

Only picture and colour columns get `ItemsDelegate`; the others keep the view's own C++
delegate, so painting a plain cell never calls into Python.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from vody_desktop.items.columns import Role
from vody_desktop.ui.items.items_delegate import ItemsDelegate
from vody_desktop.ui.items.items_model import ItemsTableModel
from vody_desktop.ui.items.items_view import ROW_HEIGHT, ItemsTable
from vody_desktop.ui.pictures.loader import PictureLoader
from vody_desktop.ui.pictures.preview import PicturePreview

#: Thumbnails are this high (the loader decodes them so), and rows a little higher.
THUMBNAIL_HEIGHT = 48
PICTURE_ROW_HEIGHT = THUMBNAIL_HEIGHT + 6


class TablePictures(QObject):
    """Paints the table's pictures and colours (see the module docstring)."""

    def __init__(
        self, table: ItemsTable, model: ItemsTableModel, loader: PictureLoader | None
    ) -> None:
        super().__init__(table)
        self._table = table
        self._model = model
        self.loader = loader
        self.delegate = ItemsDelegate(model, loader, table)
        self._delegated: list[int] = []
        self.preview: PicturePreview | None = None
        if loader is not None:
            loader.thumbnailReady.connect(self._on_loader_thumbnail_ready)
        table.previewRequested.connect(self.preview_picture)

    def columns_changed(self) -> None:
        """A new list's columns: the delegate on the columns it paints, the rows' height."""
        for number in self._delegated:
            self._table.setItemDelegateForColumn(number, None)  # type: ignore[arg-type]
        self._delegated = self.delegate.painted_columns()
        for number in self._delegated:
            self._table.setItemDelegateForColumn(number, self.delegate)
        self._fit_rows()

    def pictures_changed(self) -> None:
        """Pictures were turned on or off: fit the rows and paint again."""
        self._fit_rows()
        self._table.viewport().update()

    def _fit_rows(self) -> None:
        """Rows high enough for a thumbnail when a column holds pictures and they are on."""
        pictures = any(column.role is Role.PICTURE for column in self._model.columns)
        on = pictures and self.loader is not None and self.loader.enabled
        self._table.set_row_height(PICTURE_ROW_HEIGHT if on else ROW_HEIGHT)

    def _on_loader_thumbnail_ready(self, _url: str) -> None:
        self._table.viewport().update()  # the cells on screen; one paint for the lot

    def preview_picture(self, row: int, column: int) -> None:
        """Space: the large picture of the row's picture cell (the current one, or the first)."""
        loader = self.loader
        if loader is None or not loader.enabled:
            return
        pictures = [n for n, c in enumerate(self._model.columns) if c.role is Role.PICTURE]
        for number in [column, *pictures]:
            index = self._model.index(row, number)
            url = self.delegate.picture_url(index)
            if url is None:
                continue
            rect = self._table.visualRect(index)
            corner = self._table.viewport().mapToGlobal(rect.topLeft())
            if self.preview is None:
                self.preview = PicturePreview(self._table)
            self.preview.show_for(url, rect.translated(corner - rect.topLeft()), loader)
            return
