"""`Inspector`: find, filter, query, copy and details for one result view.

It makes the find bar, the tree actions and the Details and Query docks, and keeps them in
step with the result view (Details follows the selection, a query's chosen match is revealed
in the tree). It places nothing: the window puts `find_bar` above the result tabs and `details`
and `query` on its right, and binds its menu actions to these methods.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QTreeView, QWidget

from vody_desktop.document.node import JsonNode
from vody_desktop.ui.find.find_bar import FindBar
from vody_desktop.ui.find.find_controller import FindController
from vody_desktop.ui.find.query_panel import QueryPanel
from vody_desktop.ui.result.detail_pane import DetailPane
from vody_desktop.ui.result.result_view import ResultView
from vody_desktop.ui.result.tree_actions import TreeActions


class Inspector(QObject):
    """Creates and wires the find bar, tree actions, Details and Query docks."""

    def __init__(
        self,
        results: ResultView,
        copy_value: QAction,
        say: Callable[[str], None],
        parent: QWidget,
        find_bar: FindBar | None = None,
        panes: tuple[DetailPane, QueryPanel] | None = None,
    ) -> None:
        super().__init__(parent)
        self._results = results
        # The window may make the bar first: it is in the first paint, the rest comes after;
        # and the panes a turn of the event loop before the rest (see later_parts.py).
        self.find_bar = find_bar if find_bar is not None else FindBar()
        self.find = FindController(self.find_bar, results, say)
        self.actions = TreeActions(parent, self._current_tree, results.selected_node, say)
        self.details, self.query = (
            panes if panes is not None else (DetailPane(parent), QueryPanel(parent))
        )
        for tree in (results.tree, self.find.filter_tree):
            self.actions.attach_menu(tree, copy_value)
        results.selectedPathChanged.connect(self._on_results_selected_path_changed)
        self.details.visibilityChanged.connect(self._on_details_visibility_changed)
        results.documentChanged.connect(self._on_results_document_changed)
        self.query.nodeChosen.connect(self._on_query_node_chosen)
        if results.document is not None:  # shown before this was built (after a first paint)
            self._on_results_document_changed()

    def focus_query(self) -> None:
        self.query.show()
        self.query.raise_()
        self.query.edit.setFocus()
        self.query.edit.selectAll()

    # -- reacting ------------------------------------------------------------------------
    def _current_tree(self) -> QTreeView:
        shown = self._results.tree_stack.currentWidget()
        return shown if isinstance(shown, QTreeView) else self._results.tree

    def _on_results_selected_path_changed(self, _path: str) -> None:
        if self.details.isVisible():
            self._show_details()

    def _on_details_visibility_changed(self, visible: bool) -> None:
        if visible:
            self._show_details()

    def _on_results_document_changed(self) -> None:
        self.actions.stop()
        self.query.set_document(self._results.document)
        self._show_details()  # a new result selects its first row: Details shows that row

    def _show_details(self) -> None:
        results = self._results
        node = results.selected_node() if self.details.isVisible() else None
        self.details.show_node(node, has_result=results.document is not None)

    def _on_query_node_chosen(self, node: JsonNode) -> None:
        if self.find_bar.filter_button.isChecked():
            self.find_bar.filter_button.setChecked(False)
        self._results.setCurrentIndex(0)
        self.find.reveal_node(node)

    async def shutdown(self) -> None:
        await self.actions.shutdown()
        await self.find.shutdown()
        await self.query.shutdown()
