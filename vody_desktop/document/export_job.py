"""One export in progress: the chunks being written, how far it got, and a Cancel flag.

Qt-free and thread-safe in the way it needs to be: the worker thread runs `run()`, the window
reads `bytes_written` (a plain int) and calls `cancel()` from the UI thread. Writers may yield
empty chunks during long preparation (the CSV columns pass) so Cancel is honoured there too.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from vody_desktop.document.atomic_write import atomic_write


class ExportJob:
    """Writes `chunks` to `path` atomically when `run()` is called (in a worker thread)."""

    def __init__(self, path: Path, chunks: Iterable[bytes]) -> None:
        self.path = path
        self._chunks = chunks
        self._cancelled = threading.Event()
        self.bytes_written = 0

    def cancel(self) -> None:
        """Ask the export to stop at the next chunk; the old file stays as it was."""
        self._cancelled.set()

    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def run(self) -> int:
        """Write the file; ExportCancelled/ExportError as `atomic_write` raises them."""
        return atomic_write(self.path, self._counted(), should_cancel=self.cancelled)

    def _counted(self) -> Iterator[bytes]:
        for chunk in self._chunks:
            self.bytes_written += len(chunk)
            yield chunk
