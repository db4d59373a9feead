"""Saving an answer that is not valid JSON exactly as it was received, for a support ticket.

The window hands over the bytes with `offer()`; the person chooses a file (a non-blocking
`QFileDialog.open()`), and the bytes are written unchanged through `atomic_write` in a thread.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QWidget

from vody_desktop.document.atomic_write import atomic_write
from vody_desktop.errors import UserFacingError
from vody_desktop.ui.tasks import TaskOwner
from vody_desktop.ui.widgets.message_area import MessageArea
from vody_desktop.words import human_size

SAVE_BUTTON_LABEL = "Save as received…"


class RawBodySaver(QObject):
    """Holds the last unreadable answer and saves it byte for byte on request."""

    saved = Signal(str)

    def __init__(self, parent: QWidget, messages: MessageArea) -> None:
        super().__init__(parent)
        self._parent = parent
        self._messages = messages
        self._body: bytes | None = None
        self._name = "answer"
        self._saves = TaskOwner()
        # File > Save answer as received (its words come from the action table).
        self.action = QAction(parent)
        self.action.setObjectName("saveRawAction")
        self.action.setEnabled(False)
        self.action.triggered.connect(self.ask_path)

    @property
    def body(self) -> bytes | None:
        return self._body

    def offer(self, body: bytes, inference_id: str) -> None:
        """Make `body` saveable, and offer the button with the message shown now."""
        self._body = body
        self._name = f"{inference_id or 'answer'}-as-received.txt"
        self.action.setEnabled(True)
        self._messages.set_action(SAVE_BUTTON_LABEL, self.ask_path)

    def forget(self) -> None:
        self._body = None
        self.action.setEnabled(False)

    def ask_path(self) -> None:
        if self._body is None:
            return
        dialog = QFileDialog(self._parent, "Save the answer as received", self._name)
        dialog.setObjectName("saveRawDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters(["Text files (*.txt)", "All files (*)"])
        dialog.fileSelected.connect(self.save_to)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def save_to(self, path: str) -> None:
        if self._body is None or not path:
            return
        self._saves.spawn(self._save(self._body, Path(path)))

    async def _save(self, body: bytes, path: Path) -> None:
        try:
            size = await asyncio.to_thread(atomic_write, path, [body])
        except UserFacingError as error:
            self._messages.show_error(error)
            return
        self._messages.info(
            f"Saved the answer to {path.name}",
            f"{human_size(size)}, exactly as the server sent it, in {path}.",
        )
        self.saved.emit(str(path))

    async def shutdown(self) -> None:
        await self._saves.shutdown()
