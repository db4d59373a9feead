"""`InspectFeatures`: find, filter, query, copy and details, fitted into the main window.

One object the window creates after its own widgets (like `StoreFeatures`), so the window's
module keeps only a line for it. It puts the find bar above the result tabs, the Details and
Query docks on the right, and adds its actions to the Edit and View menus:

- Ctrl+F find, F3 / Shift+F3 next / previous match (Enter and Shift+Enter in the field too);
- Ctrl+Alt+C copy path, Ctrl+Alt+K copy key, Ctrl+Alt+J copy as pretty JSON (Ctrl+C, the
  window's Copy value, stays as it is); Open link in browser;
- Ctrl+Alt+E expand all, Ctrl+Alt+W collapse all, Ctrl+Alt+1..9 expand to a level;
- Ctrl+Shift+F the JSONPath query, Ctrl+Shift+D the Details dock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QBoxLayout, QMenu, QTreeView, QWidget

from vody_desktop.document.node import JsonNode
from vody_desktop.ui.detail_pane import DetailPane
from vody_desktop.ui.find_bar import FindBar
from vody_desktop.ui.find_controller import FindController
from vody_desktop.ui.query_panel import QueryPanel
from vody_desktop.ui.tree_actions import TreeActions

if TYPE_CHECKING:
    from vody_desktop.ui.main_window import MainWindow

STATUS_MS = 4000


class InspectFeatures:
    """Creates and wires the find bar, tree actions, Details and Query docks."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        results = window.results
        self.find_bar = FindBar()
        central = window.centralWidget()
        layout = central.layout() if central is not None else None
        if isinstance(layout, QBoxLayout):
            layout.insertWidget(layout.indexOf(results), self.find_bar)
        self.find = FindController(self.find_bar, results, self._say)
        self.actions = TreeActions(window, self._current_tree, results.selected_node, self._say)
        self.details = DetailPane(window)
        self.query = QueryPanel(window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.details)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.query)
        window.tabifyDockWidget(self.details, self.query)
        self.details.raise_()
        QWidget.setTabOrder(window.form.cancel_button, self.find_bar.edit)
        QWidget.setTabOrder(self.find_bar.edit, results)

        for tree in (results.tree, self.find.filter_tree):
            self.actions.attach_menu(tree, window.copy_action)
        results.selectedPathChanged.connect(self._on_results_selected_path_changed)
        self.details.visibilityChanged.connect(self._on_details_visibility_changed)
        results.documentChanged.connect(self._on_results_document_changed)
        self.query.nodeChosen.connect(self._on_query_node_chosen)
        self._build_menus()

    def _build_menus(self) -> None:
        window = self._window
        find_action = self._action("&Find…", QKeySequence.StandardKey.Find, self.find_bar.focus)
        next_action = self._action("Find &next", QKeySequence("F3"), self.find.next_match)
        previous_action = self._action(
            "Find pre&vious", QKeySequence("Shift+F3"), self.find.previous_match
        )
        query_action = self._action(
            "&Query (JSONPath)…", QKeySequence("Ctrl+Shift+F"), self._focus_query
        )
        edit = window.edit_menu
        behind = _after(edit, window.copy_action)
        edit.insertActions(behind, self.actions.copy_actions())  # type: ignore[arg-type]
        edit.addSeparator()
        edit.addActions([find_action, next_action, previous_action, query_action])

        view = window.view_menu
        view.addSeparator()
        view.addActions([self.actions.expand_all, self.actions.collapse_all])
        levels = view.addMenu("Expand to &level")
        levels.addActions(self.actions.expand_levels)
        view.addSeparator()
        details_action = self.details.toggleViewAction()
        details_action.setText("&Details")
        details_action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        query_toggle = self.query.toggleViewAction()
        query_toggle.setText("&Query panel")
        view.addActions([details_action, query_toggle])

    def _action(
        self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey, slot: object
    ) -> QAction:
        action = QAction(text, self._window)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return action

    # -- reacting ------------------------------------------------------------------------
    def _current_tree(self) -> QTreeView:
        shown = self._window.results.tree_stack.currentWidget()
        return shown if isinstance(shown, QTreeView) else self._window.results.tree

    def _on_results_selected_path_changed(self, _path: str) -> None:
        if self.details.isVisible():
            self._show_details()

    def _on_details_visibility_changed(self, visible: bool) -> None:
        if visible:
            self._show_details()

    def _on_results_document_changed(self) -> None:
        self.actions.stop()
        self.query.set_document(self._window.results.document)
        self._show_details()  # a new result selects its first row: Details shows that row

    def _show_details(self) -> None:
        results = self._window.results
        node = results.selected_node() if self.details.isVisible() else None
        self.details.show_node(node, has_result=results.document is not None)

    def _on_query_node_chosen(self, node: JsonNode) -> None:
        results = self._window.results
        if self.find_bar.filter_button.isChecked():
            self.find_bar.filter_button.setChecked(False)
        results.setCurrentIndex(0)
        self.find.reveal_node(node)

    def _focus_query(self) -> None:
        self.query.show()
        self.query.raise_()
        self.query.edit.setFocus()
        self.query.edit.selectAll()

    def _say(self, text: str) -> None:
        self._window.statusBar().showMessage(text, STATUS_MS)

    async def shutdown(self) -> None:
        self.actions.stop()
        await self.find.shutdown()
        await self.query.shutdown()


def _after(menu: QMenu, action: QAction) -> QAction | None:
    """The action after `action` in `menu` (to insert behind it), or None for the end."""
    actions = menu.actions()
    if action in actions and actions.index(action) + 1 < len(actions):
        return actions[actions.index(action) + 1]
    return None
