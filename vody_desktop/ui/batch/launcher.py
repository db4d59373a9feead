"""`BatchLauncher`: what the main window holds for File > Batch lookup… (Ctrl+B).

Light on purpose: the batch window and the engine behind it are imported on the first Ctrl+B,
so the main window's start-up pays nothing for them. It creates the batch window once (owned
by the main window, not modal), shows and raises it on every Ctrl+B, and at shutdown stops a
running batch in order (states saved, summary written) before the app quits.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from vody_desktop.store.settings import AppSettings

if TYPE_CHECKING:  # the client and the stores are imported on the first Ctrl+B
    from vody_desktop.api.client import ClientSettings
    from vody_desktop.ui.batch.batch_run import LookupSource
    from vody_desktop.ui.batch.batch_window import BatchWindow


class BatchLauncher(QObject):
    """Opens the one batch window of a main window; see the module docstring."""

    def __init__(
        self,
        window: QWidget,
        source: LookupSource,
        open_result: Callable[[Path], None],
        settings: AppSettings,
        client_settings: ClientSettings | None = None,
        database: Path | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._source = source
        self._settings = settings
        self._open_result = open_result
        # None: the person's network preferences, read when each run starts.
        self._fixed_client_settings = client_settings
        self._database = database  # None: the history's file, found on first use
        self.batch_window: BatchWindow | None = None

    def open_window(self) -> BatchWindow:
        """Show the batch window (made on first use) and bring it to the front."""
        if self.batch_window is None:
            from vody_desktop.store.batches import default_path
            from vody_desktop.ui.batch.batch_window import BatchWindow

            self.batch_window = BatchWindow(
                source=self._source,
                settings=self._settings,
                open_result=self._show_result,
                client_settings=self._client_settings,
                database=self._database or default_path(),
                parent=self._window,
            )
        batch = self.batch_window
        batch.show()
        batch.raise_()
        batch.activateWindow()
        return batch

    def _client_settings(self) -> ClientSettings:
        from vody_desktop.store.network_settings import client_settings_from

        return self._fixed_client_settings or client_settings_from(self._settings)

    def _show_result(self, path: Path) -> None:
        self._open_result(path)
        self._window.raise_()
        self._window.activateWindow()

    async def shutdown(self) -> None:
        if self.batch_window is not None:
            await self.batch_window.shutdown()
            self.batch_window.close()
