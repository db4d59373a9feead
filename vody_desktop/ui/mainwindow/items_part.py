"""The Items tab in the window: placed beside Tree and Raw JSON, and tied to the tree.

`ItemsPart` puts the `ItemsTab` into the result view's tabs (shown only while the result has
items, and chosen first unless the person turned "open on Items" off), follows each new result,
and links the table with the tree: Enter on a row shows that item in the tree (loading the
tree's chunks one loop turn at a time), and choosing an item in the tree selects its row. It
also remembers the columns per model (column_memory.py). The tab is hidden until a result has
items, so the window builds this part right after its first paint (ui/mainwindow/later_parts.py),
or when something reaches for it (Ctrl+3, a lookup started before the window shows).

Review mode: the list shown for a lookup's result gets a `ReviewSession` for that inference
(its server and ID), opened on a worker thread (choosing the key field and reading 72,000 keys
takes a few hundred milliseconds) once the history's worker is there, since the verdicts live
in the history's file and are written on its thread (review_keeping.py). A result opened from a
file has no inference to keep verdicts with, so it has no review.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView, QWidget

from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.node import JsonNode
from vody_desktop.errors import UserFacingError
from vody_desktop.items.discovery import ItemSource
from vody_desktop.items.shown_rows import ShownRows
from vody_desktop.lookup import LookupResult
from vody_desktop.review.identity import result_fingerprint
from vody_desktop.review.reviewer import reviewer_name
from vody_desktop.store.settings import (
    ITEMS_FIRST,
    LOAD_PICTURES,
    MATCH_THRESHOLD,
    MOVE_AFTER_VERDICT,
    REVIEWER,
    AppSettings,
)
from vody_desktop.ui.files.result_files import ResultFiles
from vody_desktop.ui.find.reveal import reveal
from vody_desktop.ui.items.items_tab import ItemsTab
from vody_desktop.ui.items.table_pictures import THUMBNAIL_HEIGHT
from vody_desktop.ui.mainwindow.column_memory import ColumnMemory
from vody_desktop.ui.mainwindow.review_export import ReviewExport
from vody_desktop.ui.pictures.loader import PictureLoader
from vody_desktop.ui.result.result_view import TREE_TAB, ResultView
from vody_desktop.ui.tasks import TaskOwner

if TYPE_CHECKING:  # built after the first paint (later_parts.py)
    from vody_desktop.review.session import ReviewSession
    from vody_desktop.ui.history.history_worker import HistoryWorker
    from vody_desktop.ui.mainwindow.lookup_controller import LookupController
    from vody_desktop.ui.mainwindow.review_keeping import QueuedReviews

ITEMS_TAB = 2
#: The history list shows a review's progress this long after its last verdict at most.
HISTORY_REFRESH_MS = 400


@dataclass(frozen=True)
class Reviewable:
    """A result shown that belongs to an inference: what its review is kept under. The document
    is held weakly: a result that left the screen is freed at once (tests/e2e/
    test_replaced_result_freed.py), not when the next one arrives."""

    document: weakref.ref[JsonDocument]
    base_url: str
    inference_id: str
    environment: str


#: Opens a review off the UI thread: the session, and the store's problem when it failed.
Opener = Callable[[], "tuple[ReviewSession, UserFacingError | None]"]


class ItemsPart(QObject):
    """Places the Items tab and connects it with the result view and the lookups."""

    def __init__(
        self,
        results: ResultView,
        settings: AppSettings,
        files: ResultFiles,
        say: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._results = results
        self._settings = settings
        self._say = say
        self.loader = PictureLoader(
            self, enabled=settings.get(LOAD_PICTURES), thumbnail_height=THUMBNAIL_HEIGHT
        )
        self.tab = ItemsTab(self.loader)
        self.memory = ColumnMemory(self.tab, settings, self)
        parent_widget = parent if isinstance(parent, QWidget) else None
        self.review_export = ReviewExport(self.tab.model, files, settings, parent_widget)
        self._reveals = TaskOwner()
        self._opening = TaskOwner()
        self._history_refresh = QTimer(self)
        self._history_refresh.setSingleShot(True)
        self._history_refresh.setInterval(HISTORY_REFRESH_MS)
        #: The last lookup's result (its document is the one a review belongs to).
        self._reviewable: Reviewable | None = None
        self._reviewed: ItemSource | None = None
        self._show_error: Callable[[UserFacingError], None] | None = None
        #: Where verdicts are kept (None until the history's worker is built).
        self.reviews: QueuedReviews | None = None
        results.insertTab(ITEMS_TAB, self.tab, "Item&s")
        results.setTabVisible(ITEMS_TAB, False)
        results.documentChanged.connect(self._on_results_document_changed)
        self.tab.hasItemsChanged.connect(self._on_tab_has_items_changed)
        self.tab.table.itemActivated.connect(self.show_in_tree)
        self.tab.table.copyRequested.connect(self.copy_rows)
        files.shown_rows = self._shown_rows
        results.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)
        self.tab.sourceShown.connect(self._on_tab_source_shown)
        if results.document is not None:  # shown before this part was built (later_parts.py)
            self._on_results_document_changed()

    def follow(self, lookups: LookupController) -> None:
        """Hear of each lookup's result; connected before the presenter shows the document, as
        the model's name keys the column memory (the lookups are built after the first paint)."""
        lookups.finished.connect(self._on_lookups_finished)

    def show_tab(self) -> None:
        """Ctrl+3: the Items tab, when the result has items."""
        if self.tab.has_items:
            self._results.setCurrentIndex(ITEMS_TAB)
            self.tab.table.setFocus()

    def copy_rows(self) -> None:
        copied = self.tab.copy_selected_rows()
        if copied:
            self._say(f"Copied {copied:,} row{'s' if copied != 1 else ''} as tab-separated text")

    def _shown_rows(self) -> ShownRows | None:
        """The Items tab's rows for a CSV export, when it is the tab on show."""
        if self._results.currentIndex() != ITEMS_TAB or not self.tab.has_items:
            return None
        return self.tab.shown_rows()

    def show_in_tree(self, item: int) -> None:
        """Switch to the tree and select item number `item` of the list shown."""
        source = self.tab.model.source
        if source is None or not 0 <= item < source.count:
            return
        node = source.node.child(item)
        self._results.setCurrentIndex(TREE_TAB)
        self._reveals.cancel_all()
        self._reveals.spawn(self._reveal(node))

    async def _reveal(self, node: JsonNode) -> None:
        tree = self._results.tree
        index = await reveal(tree, self._results.model, node)
        if index.isValid():
            tree.setFocus()

    def use_history(
        self,
        worker: HistoryWorker,
        show_error: Callable[[UserFacingError], None],
        refresh_history: Callable[[], None] | None = None,
    ) -> None:
        """Keep verdicts through the history's worker (built after the first paint); the
        history list's "reviewed 3 of 4" follows them (`refresh_history`, at most every
        `HISTORY_REFRESH_MS` while keys are pressed)."""
        from vody_desktop.ui.mainwindow.review_keeping import QueuedReviews

        if refresh_history is not None:
            self._history_refresh.timeout.connect(refresh_history)
        reviews = self.reviews = QueuedReviews(worker, self._on_review_written)
        review = self.tab.review
        review.is_kept = lambda: (
            reviews.kept and review.session is not None and review.session.saved
        )
        self._show_error = show_error
        self.tab.review.failed.connect(show_error)
        self._reviewed = None
        self._on_tab_source_shown()  # a result shown before the history came

    def _on_review_written(self) -> None:
        if not self._history_refresh.isActive():
            self._history_refresh.start()

    def _on_lookups_finished(self, result: LookupResult) -> None:
        if result.document is not None:
            request = result.request
            self._reviewable = Reviewable(
                weakref.ref(result.document),
                request.base_url,
                request.inference_id,
                request.environment,
            )
        status = result.status
        self.memory.set_model_name((status.model if status is not None else "") or "")

    def follow_saved_copy(
        self, base_url: str, inference_id: str, environment: str, document: JsonDocument
    ) -> None:
        """A copy kept in the history is about to be shown: its review is that inference's
        (called before the document is shown, as a lookup's result is heard first)."""
        self._reviewable = Reviewable(weakref.ref(document), base_url, inference_id, environment)

    def apply_preferences(self) -> None:
        """Pictures on or off and the Match threshold, as Preferences say now."""
        on = self._settings.get(LOAD_PICTURES)
        if on != self.loader.enabled:
            self.loader.set_enabled(on)
            self.tab.pictures_changed()
        self.tab.set_match_threshold(float(self._settings.get(MATCH_THRESHOLD)))
        self.tab.review.move_after_verdict = bool(self._settings.get(MOVE_AFTER_VERDICT))

    def _on_results_document_changed(self) -> None:
        self._reveals.cancel_all()
        self.loader.forget_pending()  # the rows of the last result are gone
        self.apply_preferences()
        self.tab.show_document(self._results.document)
        self.memory.set_model_name("")  # the next result names its own (or goes by columns)

    def _on_tab_has_items_changed(self, has_items: bool) -> None:
        results = self._results
        if not has_items and results.currentIndex() == ITEMS_TAB:
            results.show_tab(TREE_TAB)  # before hiding it: Qt would pick the raw tab
        results.setTabVisible(ITEMS_TAB, has_items)
        if has_items and self._settings.get(ITEMS_FIRST):
            results.show_tab(ITEMS_TAB)

    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """An item (or something inside one) chosen in the tree selects its row."""
        source = self.tab.model.source
        node = self._results.model.node(current)
        if source is None or node is None:
            return
        while node.parent is not None and node.parent is not source.node:
            node = node.parent
        if node.parent is not source.node:
            return
        row = self.tab.model.row_of(node.row)
        if row < 0:
            return
        table = self.tab.table
        if table.currentIndex().row() != row:
            table.selectRow(row)
            table.scrollTo(self.tab.model.index(row, 0), QAbstractItemView.ScrollHint.EnsureVisible)

    # -- review mode ---------------------------------------------------------------------
    def _on_tab_source_shown(self) -> None:
        source = self.tab.model.source
        if source is self._reviewed and source is not None:
            return  # the same list with more columns: the review goes on
        self._reviewed = source
        self._opening.cancel_all()
        self.tab.review.set_session(None)
        lookup = self._reviewable
        shown = self._results.document
        if source is None or lookup is None or shown is None or lookup.document() is not shown:
            return
        if self.reviews is None:
            self._reviewed = None  # opened once the history's worker is there (use_history)
            return
        opener = self._review_opener(source, lookup, self.reviews)
        if opener is None:
            return
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # no loop (a test of the table alone): open it here
            self._open_review_now(source, *opener())
            return
        self._opening.spawn(self._open_review(source, opener))

    async def _open_review(self, source: ItemSource, opener: Opener) -> None:
        session, problem = await asyncio.to_thread(opener)
        self._open_review_now(source, session, problem)

    def _open_review_now(
        self, source: ItemSource, session: ReviewSession, problem: UserFacingError | None
    ) -> None:
        if self.tab.model.source is not source:
            return
        self.tab.review.set_session(session)
        if problem is not None and self._show_error is not None:
            self._show_error(problem)

    def _review_opener(
        self, source: ItemSource, lookup: Reviewable, reviews: QueuedReviews
    ) -> Opener | None:
        """What opens the review of `source` (to run off the UI thread), or None."""
        # The store's modules (sqlite3) come after the first paint: by now they are there.
        from vody_desktop.review.session import ReviewSession, ReviewSubject
        from vody_desktop.store.history import HistoryUnavailableError
        from vody_desktop.store.reviews import ReviewRef

        document = lookup.document()
        store = self.tab.column_store
        if document is None or store is None:
            return None
        body = document.data
        fields = [c.id for c in self.tab.model.columns if c.parts == (c.id,)]
        reviewer = reviewer_name(str(self._settings.get(REVIEWER)))
        ref = ReviewRef(lookup.base_url, lookup.inference_id)
        environment = lookup.environment

        def values(field: str) -> Sequence[object]:
            try:
                return store.values(field)
            except ValueError:  # a name the fast column reader cannot take: no key field
                return [None] * source.count

        def open_session() -> tuple[ReviewSession, UserFacingError | None]:
            # Hashing the body and reading every item's key: a worker thread's job.
            subject = ReviewSubject(ref, environment, result_fingerprint(body), reviewer)
            try:
                session = ReviewSession.open(subject, reviews, source.count, fields, values)
            except HistoryUnavailableError as error:  # kept in memory for this session only
                return ReviewSession.open(subject, None, source.count, fields, values), error
            return session, None

        return open_session

    async def shutdown(self) -> None:
        await self._opening.shutdown()
        await self._reveals.shutdown()
        await self.tab.shutdown()
        await self.loader.shutdown()
