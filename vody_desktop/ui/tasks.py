"""Starting the window's background work, so that an unexpected failure is never lost.

The window runs lookups, exports, queries and downloads as asyncio tasks. Each handles its own
expected errors; anything else used to stay inside the finished task, where asyncio mentions it
only when the task is garbage-collected ("Task exception was never retrieved", in the log, long
after) and the person sees nothing: a status stuck at "Saving…" or "Running the query…".
`spawn` hands such an exception to `sys.excepthook` as soon as the task ends, which is where an
exception in a plain Qt slot goes too: the app's hook logs it and opens the "Something
unexpected went wrong" dialog with copyable details, the key removed (ui/error_dialog.py).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def spawn(coroutine: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
    """Run `coroutine` as a task whose unexpected exception reaches `sys.excepthook`."""
    task = asyncio.ensure_future(coroutine)
    task.add_done_callback(report_unexpected)
    return task


def report_unexpected(task: asyncio.Future[Any]) -> None:
    """Done-callback: pass an exception that ended `task` to `sys.excepthook` (not a cancel)."""
    if task.cancelled():
        return
    error = task.exception()
    if error is not None:
        sys.excepthook(type(error), error, error.__traceback__)
