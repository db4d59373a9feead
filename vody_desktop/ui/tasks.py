"""Starting the window's background work, so that an unexpected failure is never lost.

The window runs lookups, exports, queries and downloads as asyncio tasks. Each handles its own
expected errors; anything else used to stay inside the finished task, where asyncio mentions it
only when the task is garbage-collected ("Task exception was never retrieved", in the log, long
after) and the person sees nothing: a status stuck at "Saving…" or "Running the query…".
`spawn` hands such an exception to `sys.excepthook` as soon as the task ends, which is where an
exception in a plain Qt slot goes too: the app's hook logs it and opens the "Something
unexpected went wrong" dialog with copyable details, the key removed (ui/error_dialog.py).

`TaskOwner` is what each part of the window holds instead of its own task set: it keeps a
reference to every task it started until the task ends (asyncio itself keeps only a weak one, so
an unreferenced task can vanish mid-way), cancels them on request, and on close cancels them and
waits a bounded time for them to wind down (`SHUTDOWN_WAIT_S`).
"""

from __future__ import annotations

import sys
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # imported when a task starts: the window's first paint comes before asyncio
    import asyncio

T = TypeVar("T")

#: Seconds `shutdown()` waits for cancelled tasks before closing what they use anyway. A cancelled
#: request or export normally ends within a few loop turns; the bound is only for work that
#: ignores its cancellation. On a busy machine two seconds were too short (a download still
#: closing its connection left an unclosed socket behind), so it is generous.
SHUTDOWN_WAIT_S = 10.0


def spawn(coroutine: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
    """Run `coroutine` as a task whose unexpected exception reaches `sys.excepthook`."""
    import asyncio

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


class TaskOwner:
    """The tasks one part of the window started: kept until they end, cancelled together.

    A part that runs one piece of work at a time (the newest replaces the last) calls
    `cancel_all()` before `spawn()`; a cancelled task stays owned, so `shutdown()` still waits
    for it, until it has wound down.
    """

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, coroutine: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        """Run `coroutine` as a task (see `spawn`) and keep it until it ends."""
        task = spawn(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    @property
    def running(self) -> bool:
        """Some task is at work: started, not ended, and not asked to stop."""
        return any(not task.done() and not task.cancelling() for task in self._tasks)

    @property
    def idle(self) -> bool:
        """No task is left, not even a cancelled one still winding down."""
        return not self._tasks

    def cancel_all(self) -> None:
        """Ask every task to stop; each stays owned until it has ended."""
        for task in self._tasks:
            if not task.cancelling():  # once is enough; asking again would cut its cleanup
                task.cancel()

    # The timeout bounds the wait for other tasks and is part of the contract (returns, never
    # raises TimeoutError); `asyncio.timeout` around the call would cancel the wait instead.
    async def shutdown(self, timeout: float = SHUTDOWN_WAIT_S) -> None:  # noqa: ASYNC109
        """Cancel every task and wait until all have ended, for at most `timeout` seconds.

        Never raises what the tasks raise: a cancelled task ends in CancelledError, which is the
        point; anything else already went to `sys.excepthook` through `spawn`.
        """
        import asyncio

        self.cancel_all()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        # Awaits only while something runs (the loop may be stopping), and looks again after
        # each wait: a task's cleanup may have started one more.
        while pending := {task for task in self._tasks if not task.done()}:
            left = deadline - loop.time()
            if left <= 0:
                return
            await asyncio.wait(pending, timeout=left)
            self.cancel_all()
