"""The main window's parts that its first paint does not need, built right after that paint.

The first paint shows the lookup form, the message area, an empty result with its find bar,
Export, the status bar and the menu bar (so nothing moves when the rest arrives). The rest comes
after it: first a worker thread imports the Qt-free code it needs (`LATER_MODULES`, while the
window already answers: Python hands the GIL back every few milliseconds), then the UI thread
imports the parts' own modules and builds them, one group per turn of the event loop, so that a
person who already clicks waits for one group at most. Modules that define Qt classes are never
imported on the worker: PySide6 sets a class up lazily and not safely for a second thread (a
window crashed with a segmentation fault while the worker defined `ItemsTab`); what they cost on
the UI thread is the classes themselves, about 20 ms for the Items tab's:

1. `items`: the Items tab (hidden until a result has items), its table, pictures and review;
2. `lookup`: the lookup controller (and with it the API client's code) and the parts that show
   a lookup's answer (presenter, Save as received, Download);
3. `history`: the History dock and its worker;
4. `panes`: the Details and Query panes (their widgets alone are a turn's worth);
5. `docks`: the find controller, the tree actions, the panes as docks;
6. `finish`: the docks shown together in their saved arrangement, fitted to the screen (the
   window takes its new width once: on a small screen it gives up the panes that do not fit
   before it is painted again, see window_size.make_room_for_panes), and the Tab order.

A lookup started with the window (an ID on the command line) goes first: nothing of this runs
until it has ended (or for `LOOKUP_FIRST_MS` at most).

Whatever reaches for a part before its turn (a test, a shortcut, an ID on the command line that
is looked up as soon as the window shows) builds it at once, a dock with the others and their
arrangement: the window asks `part(name)` for an attribute it does not have yet
(`MainWindow.__getattr__`).
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMainWindow

if TYPE_CHECKING:
    from vody_desktop.api.client import ClientSettings, VodyClient
    from vody_desktop.api.retry import RetryPolicy
    from vody_desktop.document.json_document import JsonDocument
    from vody_desktop.lookup import LookupResult
    from vody_desktop.store.history import HistoryEntry
    from vody_desktop.store.settings import AppSettings
    from vody_desktop.ui.files.result_files import ResultFiles
    from vody_desktop.ui.find.find_bar import FindBar
    from vody_desktop.ui.find.inspector import Inspector
    from vody_desktop.ui.find.query_panel import QueryPanel
    from vody_desktop.ui.history.history_keeper import HistoryKeeper
    from vody_desktop.ui.mainwindow.action_set import ActionSet
    from vody_desktop.ui.mainwindow.compare_part import ComparePart
    from vody_desktop.ui.mainwindow.items_part import ItemsPart
    from vody_desktop.ui.mainwindow.key_keeper import KeyKeeper
    from vody_desktop.ui.mainwindow.lookup_form import LookupForm
    from vody_desktop.ui.mainwindow.menu_commands import MenuCommands
    from vody_desktop.ui.mainwindow.notifier import Notifier
    from vody_desktop.ui.mainwindow.result_header import ResultHeader
    from vody_desktop.ui.mainwindow.status_summary import StatusSummary
    from vody_desktop.ui.result.detail_pane import DetailPane
    from vody_desktop.ui.result.result_view import ResultView
    from vody_desktop.ui.widgets.message_area import MessageArea


class MainWindow(Protocol):
    """What the later groups take from the main window (which no part imports: they are given
    it). Checked to be a QMainWindow where the docks are placed."""

    app_settings: AppSettings
    lookup_options: tuple[ClientSettings | None, RetryPolicy | None]
    form: LookupForm
    messages: MessageArea
    summary: StatusSummary
    result_header: ResultHeader
    results: ResultView
    find_bar: FindBar
    notifier: Notifier
    files: ResultFiles
    keys: KeyKeeper
    commands: MenuCommands
    action_set: ActionSet
    later: LaterParts
    history: HistoryKeeper
    inspect: Inspector
    items: ItemsPart
    compare: ComparePart

    def status_line(self, text: str, ms: int) -> None: ...
    def say(self, text: str) -> None: ...
    def download_target(self) -> tuple[VodyClient, str]: ...
    def reopen_from_history(self, entry: HistoryEntry) -> None: ...
    def show_saved_copy(self, entry: HistoryEntry, document: JsonDocument) -> None: ...


def as_qt(window: MainWindow) -> QMainWindow:
    """The window as the QMainWindow it is (docks are placed on it, parts are its children)."""
    assert isinstance(window, QMainWindow)
    return window


log = logging.getLogger(__name__)

#: The parts each group makes (window attributes), in building order.
GROUP_PARTS: dict[str, tuple[str, ...]] = {
    "items": ("items",),
    "lookup": ("lookups", "raw_saver", "downloader", "presenter"),
    "history": ("history",),
    "panes": (),  # kept by LaterParts until `docks` places them
    "docks": ("inspect",),
    "finish": (),
}
#: What the groups' parts import that holds no Qt (the API client, the document's search and
#: writers, the items' columns and order, the stores, sqlite3 and msgspec with them), imported on
#: the worker. tests/gui/test_startup_work.py checks that none of it imports Qt and that the
#: parts' modules add nothing else.
LATER_MODULES = (
    "vody_desktop.api.client",
    "vody_desktop.lookup",
    "vody_desktop.store.history",
    "vody_desktop.store.reviews",
    "vody_desktop.store.network_settings",
    "vody_desktop.document.search",
    "vody_desktop.document.query",
    "vody_desktop.document.pretty",
    "vody_desktop.document.csv_export",
    "vody_desktop.document.file_sink",
    "vody_desktop.items.cells",
    "vody_desktop.items.colour_loading",
    "vody_desktop.items.colours",
    "vody_desktop.items.column_store",
    "vody_desktop.items.column_values",
    "vody_desktop.items.columns",
    "vody_desktop.items.discovery",
    "vody_desktop.items.item_texts",
    "vody_desktop.items.match_column",
    "vody_desktop.items.ordering",
    "vody_desktop.items.shown_rows",
    "vody_desktop.items.table_text",
    "vody_desktop.pictures.fetching",
    "vody_desktop.review.identity",
    "vody_desktop.review.reviewer",
    "vody_desktop.review.summary",
    "vody_desktop.unreadable",
    "vody_desktop.waiting",
    "concurrent.futures.thread",
    "http",
    "logging.handlers",  # the app's log file, opened once this worker is done (app.py)
)
#: The Export review actions: enabled while the Items tab has a review open.
REVIEW_EXPORTS = ("file.export_review_csv", "file.export_review_markdown")
#: How long the steps after the first paint wait for a lookup started with the window (an ID
#: on the command line) at most: its answer goes first, from its last byte to its first rows
#: nothing else runs; a lookup that waits for the server (a countdown) does not hold the docks.
LOOKUP_FIRST_MS = 1000


class LaterParts(QObject):
    """Builds the window's later groups after its first paint, or at once when asked for."""

    #: Every group is built: the whole window is there.
    built = Signal()

    def __init__(self, window: MainWindow) -> None:
        qt = as_qt(window)
        super().__init__(qt)
        self._window = window
        self._qt = qt
        self._builders: dict[str, Callable[[MainWindow], None]] = {
            "items": _build_items,
            "lookup": _build_lookup,
            "history": _build_history,
            "panes": _build_panes,
            "docks": _build_docks,
            "finish": _finish,
        }
        self._built: set[str] = set()
        self._building = False
        # A timer of its own, not QTimer.singleShot(0, ...): Qt runs that one as a posted
        # event, ahead of every timer, and qasync runs the asyncio loop's callbacks (a lookup
        # started with the window) from zero timers: each step would have gone first.
        self._next = QTimer(self)
        self._next.setSingleShot(True)
        self._next.timeout.connect(self._build_next)
        self._waited = False
        self._importing = self._imported_all = self._stopped = False
        self._for_history: list[LookupResult] = []
        #: The Details and Query panes, from `panes` until `docks` makes them docks.
        self.panes: tuple[DetailPane, QueryPanel] | None = None
        qt.installEventFilter(self)

    @property
    def complete(self) -> bool:
        return len(self._built) == len(self._builders)

    def part(self, name: str) -> object:
        """The window's part `name`, building the groups up to its own first (a dock comes
        with the others, shown in their saved arrangement, as after the first paint)."""
        for group, parts in GROUP_PARTS.items():
            if name in parts:
                self._build_up_to(group if group in ("items", "lookup") else "finish")
                return self._window.__dict__[name]
        raise AttributeError(name)

    def build_all(self) -> None:
        self._build_up_to("finish")

    def _build_up_to(self, last: str) -> None:
        if self._building:  # a builder reached for a part of a later group: a bug here
            raise RuntimeError(f"the window's group {last!r} was asked for while building")
        # Not while the worker imports the same modules (see warm_imports.wait for why).
        wait_for_later_imports()
        for group, build in self._builders.items():
            if group not in self._built:
                self._building = True
                try:
                    build(self._window)
                finally:
                    self._building = False
                self._built.add(group)
                if self.complete:
                    self.built.emit()
            if group == last:
                return

    @property
    def waiting_for_history(self) -> bool:
        """Some lookup ended before the history was built (it is kept once it is)."""
        return bool(self._for_history)

    def take_for_history(self) -> list[LookupResult]:
        """The results that ended before the history was built, in order (once)."""
        results, self._for_history = self._for_history, []
        return results

    def keep_in_history(self, result: LookupResult) -> None:
        """Keep `result` in the history, or once the history is built: a lookup started with
        the window ends before it, and its rows go first (see `_build_next`)."""
        if "history" in self._built:
            self._window.history.keep(result)
        else:
            self._for_history.append(result)

    # -- after the first paint -----------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._qt and event.type() == QEvent.Type.Paint:
            self._qt.removeEventFilter(self)
            self._next.start(0)  # after this paint reaches the screen
        return False

    def stop(self) -> None:
        """The window closes: build nothing more on its own (a part asked for is still built).
        Built after the close, the history's worker would outlive the window, and answer a
        deleted object."""
        self._stopped = True
        self._next.stop()

    async def shutdown(self) -> None:
        """Let the later-imports worker end before the app does: a daemon thread still inside
        Qt's signal code (its "done") when Python finalizes aborts the process."""
        import asyncio

        await asyncio.to_thread(wait_for_later_imports)

    def _build_soon(self) -> None:
        self._next.start(0)

    def _build_next(self) -> None:
        """A group per turn of the event loop, once the worker has imported their modules;
        nothing while a lookup started with the window runs (up to `LOOKUP_FIRST_MS`)."""
        if self._stopped:
            return
        lookups = self._window.__dict__.get("lookups")
        if lookups is not None and lookups.running and not self._waited:
            self._waited = True
            lookups.ended.connect(self._build_soon, Qt.ConnectionType.SingleShotConnection)
            self._next.start(LOOKUP_FIRST_MS)
            return
        if not self._imported_all:
            if not self._importing:
                self._importing = True
                import_later_modules(self._on_imported)
            return  # `_on_imported` comes back here
        for group in self._builders:
            if group not in self._built:
                self._build_up_to(group)
                self._next.start(0)
                return

    def _on_imported(self) -> None:
        self._imported_all = True
        self._next.start(0)


class _Carrier(QObject):
    """Brings the worker's news to the UI thread. It lives as long as the process: the worker
    never emits on an object that a closing window is deleting (that crashed)."""

    done = Signal()


_carrier: _Carrier | None = None
_worker: threading.Thread | None = None
_imports_done = threading.Event()


def import_later_modules(then: Callable[[], None]) -> None:
    """Import `LATER_MODULES` on a worker, once per process; call `then` on the UI thread when
    they are in (a slot of a QObject: a window deleted meanwhile is not called)."""
    global _carrier, _worker
    if _carrier is None:
        _carrier = _Carrier()
    _carrier.done.connect(then, Qt.ConnectionType.SingleShotConnection)
    if _imports_done.is_set():  # imported for an earlier window (or just now)
        then()
    elif _worker is None:
        _worker = threading.Thread(
            target=_import_all, args=(_carrier,), name="later-imports", daemon=True
        )
        _worker.start()


def wait_for_later_imports() -> None:
    """Wait for the worker, if it is importing `LATER_MODULES` now."""
    worker = _worker
    if worker is not None and worker is not threading.current_thread():
        worker.join()


def _import_all(carrier: _Carrier) -> None:
    """On the worker: the later groups' modules (a failure is raised again when the UI thread
    imports the module to build its group)."""
    for name in LATER_MODULES:
        try:
            importlib.import_module(name)
        except Exception as error:
            log.debug("Not imported ahead: %s (%s)", name, error)
    _imports_done.set()
    carrier.done.emit()


def _build_items(window: MainWindow) -> None:
    from vody_desktop.ui.mainwindow.items_part import ItemsPart

    items = ItemsPart(window.results, window.app_settings, window.files, window.say, as_qt(window))
    window.__dict__["items"] = items
    actions = window.action_set

    def enable_review_exports(on: bool) -> None:
        for action_id in REVIEW_EXPORTS:
            actions[action_id].setEnabled(on)

    items.tab.review.sessionChanged.connect(enable_review_exports)
    # What Edit > Preferences changes for the Items tab (pictures, the Match threshold) applies
    # to the result on show at once.
    window.commands.preferencesApplied.connect(items.apply_preferences)


def _build_lookup(window: MainWindow) -> None:
    from vody_desktop.ui.files.body_download import BodyDownloader
    from vody_desktop.ui.files.raw_body_saver import RawBodySaver
    from vody_desktop.ui.mainwindow.lookup_controller import LookupController
    from vody_desktop.ui.mainwindow.result_presenter import ResultPresenter
    from vody_desktop.ui.mainwindow.window_actions import adopt_file_actions

    qt = as_qt(window)
    client_settings, retry_policy = window.lookup_options
    lookups = LookupController(
        window.app_settings,
        client_settings=client_settings,
        retry_policy=retry_policy,
        parent=qt,
    )
    raw_saver = RawBodySaver(qt, window.messages)
    downloader = BodyDownloader(qt, window.messages, window.download_target)
    presenter = ResultPresenter(
        messages=window.messages,
        summary=window.summary,
        header=window.result_header,
        results=window.results,
        raw_saver=raw_saver,
        downloader=downloader,
        status_line=window.status_line,
        parent=qt,
    )
    window.__dict__.update(
        lookups=lookups, raw_saver=raw_saver, downloader=downloader, presenter=presenter
    )
    form, files = window.form, window.files
    lookups.started.connect(presenter.show_started)
    lookups.started.connect(files.show_started)
    lookups.busyChanged.connect(form.set_busy)
    lookups.progress.connect(form.set_received)
    lookups.notice.connect(presenter.show_notice)
    lookups.waitProgress.connect(presenter.show_wait_progress)
    lookups.waitFailed.connect(window.messages.show_error)
    lookups.waitEnded.connect(window.notifier.wait_ended)
    window.items.follow(lookups)  # before the presenter: see ItemsPart.follow
    lookups.finished.connect(presenter.show_result)
    lookups.finished.connect(files.show_result)
    lookups.finished.connect(window.later.keep_in_history)
    window.keys.follow(lookups)
    presenter.waitRequested.connect(lookups.wait)
    adopt_file_actions(window.action_set, raw_saver, downloader)


def _build_history(window: MainWindow) -> None:
    from vody_desktop.store.history import DATABASE_NAME
    from vody_desktop.store.paths import data_dir
    from vody_desktop.ui.history.history_keeper import HistoryKeeper
    from vody_desktop.ui.mainwindow.window_actions import adopt_history_action

    qt = as_qt(window)
    history = HistoryKeeper(data_dir() / DATABASE_NAME, window.app_settings, window.messages, qt)
    window.__dict__["history"] = history
    qt.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, history.panel)  # above the others
    history.reopenRequested.connect(window.reopen_from_history)
    history.savedCopyLoaded.connect(window.show_saved_copy)
    history.compareRequested.connect(window.compare.compare_entries)
    window.items.use_history(history.worker, window.messages.show_error, history.panel.refresh)
    for result in window.later.take_for_history():
        history.keep(result)
    adopt_history_action(window.action_set, history)


def _build_panes(window: MainWindow) -> None:
    from vody_desktop.ui.find.query_panel import QueryPanel
    from vody_desktop.ui.result.detail_pane import DetailPane

    qt = as_qt(window)
    window.later.panes = (DetailPane(qt), QueryPanel(qt))


def _build_docks(window: MainWindow) -> None:
    from vody_desktop.ui.find.inspector import Inspector
    from vody_desktop.ui.mainwindow.window_actions import adopt_inspector_actions

    qt = as_qt(window)
    copy_value = window.action_set["edit.copy_value"]
    panes, window.later.panes = window.later.panes, None
    inspect = Inspector(
        window.results, copy_value, window.say, qt, find_bar=window.find_bar, panes=panes
    )
    window.__dict__["inspect"] = inspect
    right = Qt.DockWidgetArea.RightDockWidgetArea
    qt.addDockWidget(right, inspect.details)
    qt.addDockWidget(right, inspect.query)
    qt.tabifyDockWidget(inspect.details, inspect.query)
    inspect.details.raise_()
    adopt_inspector_actions(window.action_set, inspect)


def _finish(window: MainWindow) -> None:
    from vody_desktop.ui.mainwindow.tab_order import reading_order
    from vody_desktop.ui.mainwindow.window_layout import restore_docks

    qt = as_qt(window)
    if qt.isVisible():  # Qt shows a child added to a visible window only when asked
        for dock in (window.inspect.details, window.history.panel, window.inspect.query):
            dock.show()
    restore_docks(qt, window.app_settings, window.history.panel)
    reading_order(qt)
