"""`TreeActions`: copy value / key / path / pretty JSON, open link, expand and collapse.

The actions work on the node selected in the visible tree (the full tree or the "Only
matching" one) and appear in the tree's context menu. Their words and keys come from the
action table (ui/mainwindow/action_table.py) when the window adopts them into its menus; here
they are only what they do. Expanding everything stops at `EXPAND_ALL_CAP` rows, with a
message.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from functools import partial
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMenu, QTreeView, QWidget

from vody_desktop.document.node import JsonNode
from vody_desktop.document.pretty import iter_pretty_json
from vody_desktop.ui.result.json_tree_model import JsonTreeModel
from vody_desktop.ui.result.result_tree import ResultTree
from vody_desktop.ui.result.value_look import link_of, short_text
from vody_desktop.ui.tasks import TaskOwner
from vody_desktop.words import key_text

#: Expand all opens at most this many rows; past it the person is told to expand by hand.
EXPAND_ALL_CAP = 20_000
#: Copying a node as pretty JSON is offered up to this size (export handles larger).
COPY_JSON_MAX_BYTES = 20 * 1024 * 1024
EXPAND_SLICE = 200
#: Rows looked at per event-loop turn when looking for rows to expand.
SCAN_SLICE = 2000


def _action(parent: QWidget, slot: Callable[[], None]) -> QAction:
    """An action that calls `slot` (its words and keys come from the action table)."""
    action = QAction(parent)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def pretty_text(node: JsonNode) -> str:
    """The node as pretty JSON (2-space indent), exactly as received."""
    return b"".join(iter_pretty_json(bytes(node.raw))).decode("utf-8").rstrip("\n")


class TreeActions:
    """Owns the actions; `current_node` says which node they act on."""

    def __init__(
        self,
        parent: QWidget,
        current_tree: Callable[[], QTreeView],
        current_node: Callable[[], JsonNode | None],
        say: Callable[[str], None],
    ) -> None:
        self._current_tree = current_tree
        self._expanding = TaskOwner()  # one expansion at a time: a new one replaces the last
        self._current_node = current_node
        self._say = say
        self.copy_key = _action(parent, self._on_copy_key)
        self.copy_path = _action(parent, self._on_copy_path)
        self.copy_json = _action(parent, self._on_copy_json)
        self.open_link = _action(parent, self._on_open_link)
        self.expand_all = _action(parent, self.expand_everything)
        self.collapse_all = _action(parent, self.collapse)
        self.expand_levels = [
            _action(parent, partial(self.expand_to_level, level)) for level in range(1, 10)
        ]

    # -- context menu --------------------------------------------------------------------
    def attach_menu(self, tree: QTreeView, copy_value: QAction) -> None:
        """Give `tree` a context menu with these actions (and the window's Copy value)."""
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(
            lambda point: self._show_menu(tree, copy_value, point)
        )

    def _show_menu(self, tree: QTreeView, copy_value: QAction, point: QPoint) -> None:
        index = tree.indexAt(point)
        if index.isValid():
            tree.setCurrentIndex(index)
        node = self._current_node()
        menu = QMenu(tree)
        menu.setObjectName("treeContextMenu")
        menu.addAction(copy_value)
        menu.addActions([self.copy_key, self.copy_path, self.copy_json])
        text = short_text(node) if node is not None else None
        self.open_link.setEnabled(text is not None and link_of(text) is not None)
        menu.addAction(self.open_link)
        menu.addSeparator()
        menu.addActions([self.expand_all, self.collapse_all])
        levels = menu.addMenu("Expand to le&vel")
        levels.addActions(self.expand_levels)
        menu.popup(tree.viewport().mapToGlobal(point))

    # -- copying -------------------------------------------------------------------------
    def _on_copy_key(self) -> None:
        node = self._current_node()
        if node is not None:
            self._copy(key_text(node), "Copied the key")

    def _on_copy_path(self) -> None:
        node = self._current_node()
        if node is not None:
            self._copy(node.path(), "Copied the path")

    def _on_copy_json(self) -> None:
        node = self._current_node()
        if node is None:
            return
        if len(node.raw) > COPY_JSON_MAX_BYTES:
            self._say("This part is too large to copy; export it instead (Ctrl+Shift+S)")
            return
        self._copy(pretty_text(node), "Copied as pretty JSON")

    def _on_open_link(self) -> None:
        node = self._current_node()
        text = short_text(node) if node is not None else None
        url = link_of(text) if text is not None else None
        if url is None:
            self._say("Only web links (http or https) can be opened")
            return
        QDesktopServices.openUrl(url)
        self._say(f"Opened {url.host()} in the browser")

    def _copy(self, text: str, said: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self._say(said)

    # -- expanding -----------------------------------------------------------------------
    def collapse(self) -> None:
        self._stop_expanding()
        self._current_tree().collapseAll()

    def expand_everything(self) -> None:
        """Expand loaded rows level by level until `EXPAND_ALL_CAP` rows are open."""
        note = "this result is too large to open completely. Use Find or a query instead."
        self._start(self._expand(levels=10_000, note=note))

    def expand_to_level(self, level: int) -> None:
        self._current_tree().collapseAll()
        self._start(self._expand(levels=level, note="the rest stays closed."))

    def _start(self, work: Coroutine[Any, Any, None]) -> None:
        self._stop_expanding()
        self._expanding.spawn(work)

    def _stop_expanding(self) -> None:
        self._expanding.cancel_all()

    def stop(self) -> None:
        """Stop expanding (a new result is shown)."""
        self._stop_expanding()

    async def shutdown(self) -> None:
        """Stop expanding and wait for it to end (the window closes)."""
        await self._expanding.shutdown()

    async def _expand(self, levels: int, note: str) -> None:
        """Expand breadth first, a slice of rows per event-loop turn, up to the cap.

        Indexes are kept as persistent indexes across turns: the rows can change meanwhile.
        A range row of a very long array ("[0 … 9,999]") is not a level of the JSON: it is
        opened on the way (in order, while the cap allows), and its members count as the level
        the range stands in.
        """
        tree = self._current_tree()
        model = tree.model()
        opened = 0
        layer: list[QPersistentModelIndex | None] = [None]  # None: the top level
        for _ in range(levels):
            following: list[QPersistentModelIndex | None] = []
            for parent in layer:  # grows with the ranges met in this level
                if parent is not None and not parent.isValid():
                    continue  # its rows went away meanwhile
                under = QModelIndex() if parent is None else _plain(parent)
                if isinstance(model, JsonTreeModel) and model.is_range(under):
                    if opened + len(following) >= EXPAND_ALL_CAP:
                        break  # the ranges after it stay closed
                    opened += self._open(tree, model, under)
                rows = model.rowCount(under)
                # A top-level list comes whole (720,000 rows): look at it a slice per turn, and
                # only until the cap can be reached (each opened row shows one row at least).
                for start in range(0, rows, SCAN_SLICE):
                    stop = min(start + SCAN_SLICE, rows)
                    if parent is None and isinstance(model, JsonTreeModel):
                        model.prepare_top_rows(start, stop)  # their arrows, as when seen
                    for row in range(start, stop):
                        child = model.index(row, 0, under)
                        if isinstance(model, JsonTreeModel) and model.is_range(child):
                            layer.append(QPersistentModelIndex(child))  # opened in its turn
                        elif model.hasChildren(child):
                            following.append(QPersistentModelIndex(child))
                    if len(following) >= EXPAND_ALL_CAP or tree.model() is not model:
                        break
                    if stop < rows:
                        await asyncio.sleep(0)
            if not following:
                return
            for number, kept in enumerate(following, 1):
                if kept is None or not kept.isValid() or tree.model() is not model:
                    continue
                if number % EXPAND_SLICE == 1 and isinstance(tree, ResultTree):
                    # One layout for the slice: opening a row among 720,000 laid out ones
                    # moves all the rows below it (about 5 ms each).
                    tree.scheduleDelayedItemsLayout()
                opened += self._open(tree, model, _plain(kept))
                if opened >= EXPAND_ALL_CAP:
                    self._say(f"Expanded the first {EXPAND_ALL_CAP:,} rows: {note}")
                    return
                if number % EXPAND_SLICE == 0:
                    await asyncio.sleep(0)
            layer = following

    @staticmethod
    def _open(tree: QTreeView, model: QAbstractItemModel, index: QModelIndex) -> int:
        """Expand the row at `index`; the rows it shows."""
        # Rows fetched under a closed row cost next to nothing; fetched by the view while it
        # expands, each costs a layout pass (170 ms for 200 rows here).
        if model.canFetchMore(index):
            model.fetchMore(index)
        tree.expand(index)
        return model.rowCount(index)


def _plain(kept: QPersistentModelIndex) -> QModelIndex:
    """A QModelIndex for a (valid) persistent index."""
    return kept.model().index(kept.row(), kept.column(), kept.parent())
