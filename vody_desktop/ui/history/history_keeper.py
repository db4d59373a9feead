"""`HistoryKeeper`: every finished lookup goes into the history; a saved copy comes back out.

It owns the history database's worker thread and the History dock (`panel`, placed by the
window). Each `LookupResult` that reached the server is added as it arrives, with an offline copy
of its result when the preference asks for one, in one job, so the copy always belongs to the
entry it was fetched for. Asking for a saved copy loads it off the UI thread and hands it back
through `savedCopyLoaded`; "Open again" comes out as `reopenRequested`. Problems of the
database go to the message area.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from vody_desktop.document.json_document import JsonDocument
from vody_desktop.errors import UserFacingError
from vody_desktop.lookup import LookupResult
from vody_desktop.store.history import HistoryEntry, HistoryFromNewerVersionError, HistoryStore
from vody_desktop.store.settings import KEEP_RESULTS_OFFLINE, OFFLINE_RESULTS_LIMIT_MB, AppSettings
from vody_desktop.ui.history.history_panel import HistoryPanel
from vody_desktop.ui.history.history_worker import HistoryWorker
from vody_desktop.ui.widgets.message_area import MessageArea


class HistoryKeeper(QObject):
    """The history of one window: its worker, its dock, and what goes in and out."""

    #: An entry (`HistoryEntry`) to look up again, in its environment.
    reopenRequested = Signal(object)
    #: An entry and its saved copy as a `JsonDocument`.
    savedCopyLoaded = Signal(object, object)
    #: Two entries to compare: the older (A) and the newer (B).
    compareRequested = Signal(object, object)

    def __init__(
        self, path: Path, settings: AppSettings, messages: MessageArea, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._messages = messages
        self.worker = HistoryWorker(path, self)
        self.panel = HistoryPanel(self.worker, parent)
        self.panel.reopenRequested.connect(self.reopenRequested)
        self.panel.savedCopyRequested.connect(self.load_saved_copy)
        self.panel.compareRequested.connect(self.compareRequested)
        self.worker.failed.connect(self._on_worker_failed)
        self.worker.notice.connect(messages.show_error)

    def keep(self, result: LookupResult) -> None:
        """Add a lookup that reached the server, with its result when copies are kept."""
        record = result.record
        if record is None:
            return
        body = result.document.data if result.document is not None else None
        if not self._settings.get(KEEP_RESULTS_OFFLINE):
            body = None
        limit = max(1, self._settings.get(OFFLINE_RESULTS_LIMIT_MB)) * 1024 * 1024

        def add(store: HistoryStore) -> int:
            entry_id = store.add(record)
            if body is not None:
                store.save_offline_copy(entry_id, body, limit)
            return entry_id

        self.worker.submit(add, lambda _entry_id: self.panel.refresh())

    def load_saved_copy(self, entry: HistoryEntry) -> None:
        def load(store: HistoryStore) -> JsonDocument | None:
            body = store.offline_copy(entry.entry_id)
            return JsonDocument.parse(body) if body is not None else None

        def loaded(document: JsonDocument | None) -> None:
            if document is None:
                self._messages.info("The saved copy is gone", "Use Open again to fetch it.")
            else:
                self.savedCopyLoaded.emit(entry, document)

        self.worker.submit(load, loaded)

    def load_copies(
        self,
        entries: tuple[HistoryEntry, ...],
        done: Callable[[list[JsonDocument | None]], None],
    ) -> None:
        """The saved copies of `entries` (None for one without a copy, or whose copy is not
        JSON), read and parsed on the worker thread; `done` gets them on the UI thread."""

        def load(store: HistoryStore) -> list[JsonDocument | None]:
            copies: list[JsonDocument | None] = []
            for entry in entries:
                body = store.offline_copy(entry.entry_id) if entry.has_offline_copy else None
                try:
                    copies.append(JsonDocument.parse(body) if body is not None else None)
                except UserFacingError:  # fetched again instead
                    copies.append(None)
            return copies

        if not self.worker.available:  # no copies to read: each is fetched again
            done([None for _entry in entries])
            return
        self.worker.submit(load, done)

    def apply_preferences(self) -> None:
        """Saved copies go when the preference to keep them is switched off."""
        if not self._settings.get(KEEP_RESULTS_OFFLINE):
            self.worker.submit(
                lambda store: store.drop_offline_copies(), lambda _: self.panel.refresh()
            )

    @property
    def description(self) -> str:
        """Where the history is and whether it is on (for the diagnostics)."""
        return f"{'on' if self.worker.available else 'off'} ({self.worker.path})"

    def close(self) -> None:
        self.worker.close()

    def _on_worker_failed(self, error: UserFacingError) -> None:
        if isinstance(error, HistoryFromNewerVersionError):
            # Nothing is wrong: the history belongs to a newer version and is left alone.
            self._messages.info(error.title, error.advice, error.detail)
        else:
            self._messages.show_error(error)
