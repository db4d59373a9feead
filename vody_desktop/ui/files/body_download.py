"""Saving a result's raw body straight to a file, without opening it.

For results over the size cap (the window offers it with the "too large" message) or whenever the
person prefers (Lookup > Download to file…). The body is streamed from the server to a temporary
file next to the target and renamed into place at the end, so a cancelled or failed download
never leaves a half-written file. Progress (bytes received) and Cancel are in the message area.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QWidget

from vody_desktop.document.file_sink import AtomicFileSink
from vody_desktop.errors import UserFacingError
from vody_desktop.ui.tasks import TaskOwner
from vody_desktop.ui.widgets.message_area import MessageArea
from vody_desktop.words import human_size

if TYPE_CHECKING:
    from vody_desktop.api.client import VodyClient
    from vody_desktop.api.errors import ResponseTooLargeError

OFFER_BUTTON_LABEL = "Save to &a file instead…"
PROGRESS_INTERVAL_S = 0.1

#: Gives the client and the checked inference ID to download, or raises a UserFacingError.
Target = Callable[[], tuple["VodyClient", str]]


class BodyDownloader(QObject):
    """The "Download to file…" action, the offer after a too-large result, and the download."""

    #: The path of a completed download.
    saved = Signal(str)

    def __init__(self, parent: QWidget, messages: MessageArea, target: Target) -> None:
        super().__init__(parent)
        self._parent = parent
        self._messages = messages
        self._target = target
        # One download at a time; a cancelled one stays owned until it has ended: it still
        # unwinds its connection and its temporary file for a few loop turns after Cancel.
        self._downloads = TaskOwner()
        self._sink: AtomicFileSink | None = None
        self._last_progress = 0.0
        # Lookup > Download to file (its words come from the action table).
        self.action = QAction(parent)
        self.action.setObjectName("downloadToFileAction")
        self.action.triggered.connect(self.ask_path)

    @property
    def running(self) -> bool:
        """A download is under way (and not cancelled)."""
        return self._downloads.running

    @property
    def idle(self) -> bool:
        """No download is running or still winding down after a cancel."""
        return self._downloads.idle

    def offer(self, error: ResponseTooLargeError) -> None:
        """Explain a result over the size cap and offer to save it to a file instead."""
        size = human_size(error.size_bytes)
        limit = human_size(error.limit_bytes)
        size_text = f"It is {size}" if error.size_bytes > error.limit_bytes else "It is larger"
        self._messages.error(
            error.title,
            f"{size_text}, and this app opens results of up to {limit}. "
            "You can save it to a file without opening it.",
            error.detail,
        )
        self._messages.set_action(OFFER_BUTTON_LABEL, self.ask_path)

    def ask_path(self) -> None:
        """Ask where to save (a non-blocking dialog), then download there."""
        try:
            _client, inference_id = self._target()
        except UserFacingError as error:
            self._messages.show_error(error)
            return
        dialog = QFileDialog(self._parent, "Download the result to a file", f"{inference_id}.json")
        dialog.setObjectName("downloadDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters(["JSON files (*.json)", "All files (*)"])
        dialog.setDefaultSuffix("json")
        dialog.fileSelected.connect(self.download_to)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def download_to(self, path: str) -> None:
        """Download the inference in the form to `path` (replacing a download in progress)."""
        if not path:
            return
        try:
            client, inference_id = self._target()
        except UserFacingError as error:
            self._messages.show_error(error)
            return
        self.cancel(quietly=True)
        self._downloads.spawn(self._download(client, inference_id, Path(path)))

    def cancel(self, quietly: bool = False) -> None:
        if not self._downloads.running:
            return
        self._downloads.cancel_all()
        if self._sink is not None:
            self._sink.stop()  # the writer thread ends now, whatever happens to the task
        if not quietly:
            self._messages.info(
                "Download cancelled",
                "Nothing was saved. Any file that was already there has not been changed.",
            )

    async def _download(self, client: VodyClient, inference_id: str, path: Path) -> None:
        sink = self._sink = AtomicFileSink(path)
        self._last_progress = 0.0
        self._show_progress(path, 0, None)
        sink.start()
        try:
            body = await client.results_to_sink(
                inference_id, sink.write, lambda got, total: self._on_progress(path, got, total)
            )
            self._messages.info(
                f"Downloading {path.name}: saving…", "Writing the last bytes to the disk."
            )
            size = await sink.finish()
        except asyncio.CancelledError:
            await sink.abort()
            raise
        except UserFacingError as error:
            await sink.abort()
            self._messages.show_error(error)
            return
        finally:
            if self._sink is sink:
                self._sink = None
        self._messages.info(
            f"Saved the result to {path.name}",
            f"{human_size(size)} exactly as the server sent it, in {path}. "
            f"It took {body.elapsed_s:.1f} s.",
        )
        self.saved.emit(str(path))

    def _on_progress(self, path: Path, received: int, total: int | None) -> None:
        now = time.monotonic()
        if now - self._last_progress >= PROGRESS_INTERVAL_S:
            self._last_progress = now
            self._show_progress(path, received, total)

    def _show_progress(self, path: Path, received: int, total: int | None) -> None:
        of_total = f" of {human_size(total)}" if total else ""
        self._messages.info(
            f"Downloading to {path.name}…",
            f"{human_size(received)}{of_total} received. The result is saved without being opened.",
        )
        self._messages.set_action("Cancel", self.cancel)

    async def shutdown(self) -> None:
        """Cancel the download and wait (briefly) for every download task to end."""
        self.cancel(quietly=True)
        await self._downloads.shutdown()
