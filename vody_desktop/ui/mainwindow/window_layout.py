"""The window's layout between sessions, saved and restored in one place: its geometry (cut
to the screen it opens on, see window_size), the arrangement of its docks, and the widths of
the result tree's columns. The geometry and columns are restored before the first paint, the
docks' arrangement once the docks are built after it (later_parts.py).

A pane hidden only because the screen was too small is remembered as such: on the next start
it is shown again if it fits there (a laptop at 200 % today, a large monitor tomorrow).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

from vody_desktop.store.settings import (
    PANES_HIDDEN_TO_FIT,
    RESULT_COLUMNS,
    WINDOW_GEOMETRY,
    WINDOW_STATE,
    AppSettings,
)
from vody_desktop.ui.mainwindow.window_size import (
    HIDDEN_TO_FIT,
    fit_to_screen,
    make_room_for_panes,
    panes_hidden_to_fit,
)
from vody_desktop.ui.result.result_tree import ResultTree

#: The width of the right-hand docks the first time the app opens.
DEFAULT_DOCK_WIDTH = 320


def restore_geometry(window: QMainWindow, settings: AppSettings, tree: ResultTree) -> None:
    """Give `window` the size of the last session (or the default one) on the screen it has,
    and the tree its column widths: before the first paint."""
    geometry = settings.get(WINDOW_GEOMETRY)
    restored = not geometry.isEmpty() and window.restoreGeometry(geometry)
    fit_to_screen(window, restored=restored)
    columns = settings.get(RESULT_COLUMNS)
    if not columns.isEmpty():
        tree.header().restoreState(columns)


def restore_docks(window: QMainWindow, settings: AppSettings, first_dock: QDockWidget) -> None:
    """Arrange the docks as in the last session (or the default way) once they are all added;
    on a window already shown, hide the panes its screen has no room for (as at first show)."""
    state = settings.get(WINDOW_STATE)
    if state.isEmpty() or not window.restoreState(state):
        window.resizeDocks([first_dock], [DEFAULT_DOCK_WIDTH], Qt.Orientation.Horizontal)
    else:
        hidden_to_fit = [name for name in settings.get(PANES_HIDDEN_TO_FIT).split(",") if name]
        window.setProperty(HIDDEN_TO_FIT, hidden_to_fit)
    if window.isVisible():
        make_room_for_panes(window)


def save_layout(
    window: QMainWindow, settings: AppSettings, tree: ResultTree, *, docks: bool = True
) -> None:
    """Remember `window`'s geometry, docks and the tree's columns for the next session (not
    the docks' arrangement when they were never built: the last one stays)."""
    settings.set(WINDOW_GEOMETRY, window.saveGeometry())
    if docks:
        settings.set(WINDOW_STATE, window.saveState())
        hidden_to_fit = ",".join(dock.objectName() for dock in panes_hidden_to_fit(window))
        settings.set(PANES_HIDDEN_TO_FIT, hidden_to_fit)
    settings.set(RESULT_COLUMNS, tree.column_state())
