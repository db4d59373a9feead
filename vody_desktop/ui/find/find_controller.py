"""`FindController`: find in the result — count, step through, highlight, filter.

On the tree tab a search runs over the whole document on a worker thread (`SearchRunner`);
matches arrive in document order, the first is selected as soon as it is found, and the bar
reads "1 of 240…" while counting and "3 of 9,789" when done. Enter / F3 / Shift+F3 step
through the matches: the tree loads, expands and scrolls to each. "Only matching" swaps the
full tree for a tree of the matching branches. On the raw tab the same field finds in the
pretty text instead.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView

from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.node import JsonNode
from vody_desktop.document.search import (
    DocumentSearch,
    RowPath,
    SearchOptions,
    SearchPatternError,
    compile_pattern,
)
from vody_desktop.ui.find.filtered_model import MAX_FILTER_MATCHES, FilteredTreeModel
from vody_desktop.ui.find.find_bar import FindBar
from vody_desktop.ui.find.reveal import node_at, reveal
from vody_desktop.ui.find.search_runner import SearchRunner
from vody_desktop.ui.result.json_tree_model import NODE_ROLE
from vody_desktop.ui.result.result_view import RAW_TAB, TREE_TAB, ResultView
from vody_desktop.ui.result.value_delegate import ValueDelegate
from vody_desktop.ui.tasks import TaskOwner


class FindController(QObject):
    """Connects the find bar to the result view."""

    def __init__(self, bar: FindBar, results: ResultView, say: Callable[[str], None]) -> None:
        super().__init__(results)
        self.bar = bar
        self.results = results
        self._say = say
        self.runner = SearchRunner(self)
        self.matches: list[RowPath] = []
        #: All matches counted (`matches` keeps the first MAX_KEPT_MATCHES of them).
        self.total = 0
        self.current = -1
        self.finished = False
        self._pattern: re.Pattern[str] | None = None
        self._search: DocumentSearch | None = None
        self._prepared = False
        self._tasks = TaskOwner()  # searches in the raw text, a search after a new result
        self._moves = TaskOwner()  # going to a match: the newest replaces the last
        self._filters = TaskOwner()  # building "Only matching": the newest replaces the last

        self.delegate = ValueDelegate(results.tree)
        results.tree.setItemDelegate(self.delegate)
        self.filter_model = FilteredTreeModel(self)
        self.filter_tree = self._make_filter_tree()
        results.tree_stack.addWidget(self.filter_tree)

        bar.searchRequested.connect(self._on_bar_search_requested)
        bar.nextRequested.connect(self.next_match)
        bar.previousRequested.connect(self.previous_match)
        bar.stopRequested.connect(self.stop)
        bar.filterToggled.connect(self._on_bar_filter_toggled)
        bar.searchComing.connect(self._on_bar_search_coming)
        self.runner.matchesFound.connect(self._on_runner_matches_found)
        self.runner.progressed.connect(self._on_runner_progressed)
        self.runner.searchFinished.connect(self._on_runner_search_finished)
        self.runner.searchFailed.connect(self._on_runner_search_failed)
        results.currentChanged.connect(self._on_results_tab_changed)
        results.documentChanged.connect(self.forget_document)
        results.raw_view.filled.connect(self._on_raw_view_filled)

    # -- document ------------------------------------------------------------------------
    def forget_document(self) -> None:
        """The result changed: drop the matches (the new result is searched on demand)."""
        self.runner.cancel()
        self._search = None
        self._reset_matches()
        self.filter_model.removeRows(0, self.filter_model.rowCount())
        self.results.tree_stack.setCurrentWidget(self.results.tree)
        self.bar.filter_button.setChecked(False)
        if self.bar.edit.text():
            self._tasks.spawn(self._search_soon())

    async def _search_soon(self) -> None:
        await asyncio.sleep(0)
        if self.results.document is not None:
            self.search(self.bar.options())

    # -- searching -----------------------------------------------------------------------
    def search(self, options: SearchOptions) -> None:
        """Search the shown result (or the raw text, on the raw tab) for `options`."""
        self.runner.cancel()
        self._reset_matches()
        if not options.text:
            self._set_pattern(None)
            self.bar.set_count("")
            self._tasks.spawn(self.results.raw_view.find_all(None))
            return
        try:
            pattern = compile_pattern(options)
        except SearchPatternError as error:
            self._set_pattern(None)
            self.bar.set_count("Can't search")
            self.bar.count_label.setToolTip(f"{error.title}. {error.advice}\n{error.detail}")
            self._say(f"{error.title}: {error.advice}")
            return
        self.bar.count_label.setToolTip("")
        self._set_pattern(pattern)
        if self._show_tree_tab() and self.bar.edit.text():
            return  # the tab change searched already (_on_results_tab_changed)
        if self.results.currentIndex() == RAW_TAB:
            self._tasks.spawn(self._find_in_raw(pattern))
            return
        document = self.results.document
        if document is None:
            self.bar.set_count("No result to search")
            return
        self.bar.set_count("Searching…")
        self.bar.set_progress(0.0)
        self.runner.start(self._document_search(document), options)

    def _document_search(self, document: JsonDocument) -> DocumentSearch:
        if self._search is None or self._search.data is not document.data:
            self._search = DocumentSearch(document.data)
            self._prepared = False
        return self._search

    def _on_bar_search_coming(self) -> None:
        document = self.results.document
        if document is not None:
            search = self._document_search(document)
            if not self._prepared:
                self._prepared = True
                self.runner.prepare(search)

    def stop(self) -> None:
        if self.runner.running:
            self.runner.cancel()
            self.bar.set_progress(None)
            self.finished = True
            self._show_count(stopped=True)

    def _reset_matches(self) -> None:
        self.matches = []
        self.total = 0
        self.current = -1
        self.finished = False
        self.bar.set_progress(None)

    def _set_pattern(self, pattern: re.Pattern[str] | None) -> None:
        self._pattern = pattern
        self.delegate.pattern = pattern
        self.filter_delegate.pattern = pattern
        self.results.tree.viewport().update()
        self.filter_tree.viewport().update()

    def _on_bar_search_requested(self, options: SearchOptions) -> None:
        self.search(options)

    def _on_runner_matches_found(self, matches: list[RowPath], count: int) -> None:
        first = not self.matches
        self.matches.extend(matches)
        self.total += count
        if first and self.matches:
            self.go_to(0)
        self._show_count()

    def _on_runner_progressed(self, fraction: float) -> None:
        if self.runner.running:
            self.bar.set_progress(fraction)

    def _on_runner_search_finished(self) -> None:
        self.finished = True
        self.bar.set_progress(None)
        self._show_count()
        if self.bar.filter_button.isChecked():
            self._rebuild_filter()

    def _on_runner_search_failed(self, error: Exception) -> None:
        self.bar.set_progress(None)
        self.bar.set_count("Can't search")
        self._say(str(error))

    def _show_count(self, stopped: bool = False) -> None:
        total = self.total
        if total == 0:
            self.bar.set_count("No matches" if self.finished else "Searching…")
            return
        where = self.current + 1 if self.current >= 0 else 0
        more = "" if self.finished else "…"
        note = " (stopped)" if stopped else ""
        self.bar.set_count(f"{where:,} of {total:,}{more}{note}")
        kept = len(self.matches)
        self.bar.count_label.setToolTip(
            f"F3 and Enter step through the first {kept:,} matches" if kept < total else ""
        )

    # -- stepping ------------------------------------------------------------------------
    def next_match(self) -> None:
        if self.results.currentIndex() == RAW_TAB:
            self._step_raw(+1)
        elif self.matches:
            self.go_to((self.current + 1) % len(self.matches))

    def previous_match(self) -> None:
        if self.results.currentIndex() == RAW_TAB:
            self._step_raw(-1)
        elif self.matches:
            self.go_to((self.current - 1) % len(self.matches))

    def go_to(self, number: int) -> None:
        """Select match `number` (0-based) in the tree on show."""
        document = self.results.document
        if document is None or not 0 <= number < len(self.matches):
            return
        self.current = number
        self._show_count()
        path = self.matches[number]
        if self.results.tree_stack.currentWidget() is self.filter_tree:
            index = self.filter_model.index_of(path)
            if index.isValid():
                self.filter_tree.setCurrentIndex(index)
                self.filter_tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
            return
        node = node_at(document, path)
        if node is None:
            return
        self.reveal_node(node)

    def reveal_node(self, node: JsonNode) -> None:
        """Select `node` in the full tree (loading, expanding and scrolling as needed)."""
        self._moves.cancel_all()
        self._moves.spawn(self._reveal(node))

    async def _reveal(self, node: JsonNode) -> None:
        await reveal(self.results.tree, self.results.model, node)

    # -- raw tab -------------------------------------------------------------------------
    async def _find_in_raw(self, pattern: re.Pattern[str]) -> None:
        self.bar.set_count("Searching…")
        count = await self.results.raw_view.find_all(pattern)
        self.bar.set_count("No matches" if count == 0 else f"0 of {count:,}")
        if count:
            self._step_raw(+1)

    def _step_raw(self, step: int) -> None:
        view = self.results.raw_view
        if not view.matches:
            return
        view.go_to_match(view.current_match + step if view.current_match >= 0 else 0)
        self.bar.set_count(f"{view.current_match + 1:,} of {len(view.matches):,}")

    def _on_raw_view_filled(self) -> None:
        if self.bar.edit.text() and self.results.currentIndex() == RAW_TAB:
            self.search(self.bar.options())

    def _on_results_tab_changed(self, _index: int) -> None:
        if self.bar.edit.text():
            self.search(self.bar.options())

    # -- filter mode ---------------------------------------------------------------------
    def _on_bar_filter_toggled(self, on: bool) -> None:
        if on:
            self._rebuild_filter()
        else:
            self._show_full_tree()

    def _rebuild_filter(self) -> None:
        self._filters.cancel_all()
        self._filters.spawn(self._build_filter())

    async def _build_filter(self) -> None:
        document = self.results.document
        if document is None:
            return
        if self.runner.running:
            return  # built when the search has finished (see _on_runner_search_finished)
        await self.filter_model.build(document, list(self.matches))
        if not self.bar.filter_button.isChecked():
            return
        self.filter_tree.expandAll()
        self.results.tree_stack.setCurrentWidget(self.filter_tree)
        total = len(self.matches)
        if total > MAX_FILTER_MATCHES:
            self._say(
                f"Showing the branches of the first {MAX_FILTER_MATCHES:,} of {total:,} matches"
            )
        if self.current >= 0:
            self.go_to(self.current)

    def _show_tree_tab(self) -> bool:
        """From another tab than Tree and Raw (the Items tab, which has its own filter): the
        matches are shown in the tree."""
        if self.results.currentIndex() in (TREE_TAB, RAW_TAB):
            return False
        self.results.setCurrentIndex(TREE_TAB)
        return True

    def _show_full_tree(self) -> None:
        selected = self.results.selected_node()
        self.results.tree_stack.setCurrentWidget(self.results.tree)
        if selected is not None:
            self.reveal_node(selected)

    def _make_filter_tree(self) -> QTreeView:
        tree = QTreeView()
        tree.setObjectName("filteredTree")
        tree.setAccessibleName("Matching branches")
        tree.setModel(self.filter_model)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 260)
        header.resizeSection(2, 110)
        self.filter_delegate = ValueDelegate(tree)
        tree.setItemDelegate(self.filter_delegate)
        tree.selectionModel().currentChanged.connect(self._on_filter_tree_current_changed)
        return tree

    def _on_filter_tree_current_changed(self, current: QModelIndex, _previous: object) -> None:
        node = current.data(NODE_ROLE)
        self.results.selectedPathChanged.emit(node.path() if node is not None else "")

    # -- tasks ---------------------------------------------------------------------------
    async def shutdown(self) -> None:
        self.runner.cancel()
        await asyncio.gather(
            self._tasks.shutdown(), self._moves.shutdown(), self._filters.shutdown()
        )
        self.runner.wait(timeout=0.5)  # it stops at its next step, within milliseconds
