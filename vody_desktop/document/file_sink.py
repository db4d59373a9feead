"""`AtomicFileSink`: write a body that arrives chunk by chunk to a file, never half written.

The network side calls `write()` on the event loop; a worker thread takes the chunks from a queue
and writes them through `atomic_write` (temporary file, fsync, rename), so neither disk writes nor
the final fsync ever run on the UI thread. `finish()` completes the file, `abort()` removes the
temporary file and leaves any existing file untouched.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Iterator
from pathlib import Path

from vody_desktop.document.atomic_write import ExportError, atomic_write


class AtomicFileSink:
    """Chunks in on the event loop thread, an atomically written file out."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._queue: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._cancelled = threading.Event()
        self._writer: asyncio.Future[int] | None = None

    def start(self) -> None:
        """Start the writer thread (call on the event loop, before the first `write`)."""
        self._writer = asyncio.ensure_future(
            asyncio.to_thread(
                atomic_write, self.path, self._chunks(), should_cancel=self._cancelled.is_set
            )
        )

    def write(self, chunk: bytes) -> None:
        """Queue a chunk; raises the writer's error (e.g. a full disk) as soon as it has one."""
        writer = self._writer
        if writer is None:
            raise RuntimeError("start() the sink first")
        if writer.done():
            writer.result()  # raises ExportError
            raise RuntimeError("the file was already finished")
        self._queue.put(chunk)

    async def finish(self) -> int:
        """Write what is queued, fsync, rename into place; the number of bytes written."""
        assert self._writer is not None
        self._queue.put(None)
        return await self._writer

    def stop(self) -> None:
        """Tell the writer to stop now and remove its temporary file (safe to call twice).

        Synchronous, so the writer thread ends even if the caller's task never runs again."""
        self._cancelled.set()
        self._queue.put(None)

    async def abort(self) -> None:
        """Stop writing and wait until the temporary file is removed (the target is left as
        it was)."""
        if self._writer is None:
            return
        self.stop()
        with contextlib.suppress(ExportError):  # ExportCancelled, or the error it hit
            await asyncio.shield(self._writer)

    def _chunks(self) -> Iterator[bytes]:
        while (chunk := self._queue.get()) is not None:
            yield chunk
