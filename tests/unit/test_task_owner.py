"""`TaskOwner`: the window's parts keep their tasks, cancel them, and wait for them on close.

Real asyncio loops, no Qt: every wait here is for an event (a task ending, a flag set by the
task itself); the one timeout is the bound under test, for a task that ignores its cancel.
"""

from __future__ import annotations

import asyncio
import gc
import sys
import weakref
from types import TracebackType
from typing import Any

import pytest

from vody_desktop.ui.tasks import TaskOwner

Hooked = list[tuple[type[BaseException], BaseException]]


@pytest.fixture
def hooked(monkeypatch: pytest.MonkeyPatch) -> Hooked:
    """What reaches `sys.excepthook` (the app's hook shows the error dialog)."""
    seen: Hooked = []

    def hook(kind: type[BaseException], error: BaseException, _tb: TracebackType | None) -> None:
        seen.append((kind, error))

    monkeypatch.setattr(sys, "excepthook", hook)
    return seen


def state(owner: TaskOwner) -> dict[str, bool]:
    return {"running": owner.running, "idle": owner.idle}


def test_an_unexpected_exception_reaches_sys_excepthook(hooked: Hooked) -> None:
    async def go() -> None:
        owner = TaskOwner()
        reported = asyncio.Event()
        original = sys.excepthook

        def hook(kind: type[BaseException], error: BaseException, tb: Any) -> None:
            original(kind, error, tb)
            reported.set()

        sys.excepthook = hook

        async def broken() -> None:
            raise ValueError("a bug in the export")

        owner.spawn(broken())
        await reported.wait()
        await asyncio.sleep(0)  # the owner's own done-callback runs in the same batch
        assert owner.idle

    asyncio.run(go())
    assert [(kind, str(error)) for kind, error in hooked] == [(ValueError, "a bug in the export")]


def test_a_cancelled_task_is_not_reported(hooked: Hooked) -> None:
    async def go() -> None:
        owner = TaskOwner()
        task = owner.spawn(asyncio.Event().wait())
        await asyncio.sleep(0)
        owner.cancel_all()
        await asyncio.wait([task])
        assert task.cancelled()

    asyncio.run(go())
    assert hooked == []


def test_shutdown_cancels_every_task_and_waits_for_its_cleanup(hooked: Hooked) -> None:
    cleaned: list[str] = []

    async def work(name: str) -> None:
        try:
            await asyncio.Event().wait()
        finally:
            for _ in range(5):  # cleanup that takes a few loop turns (closing a connection)
                await asyncio.sleep(0)
            cleaned.append(name)

    async def go() -> None:
        owner = TaskOwner()
        tasks = [owner.spawn(work("download")), owner.spawn(work("export"))]
        await asyncio.sleep(0)
        assert owner.running
        await owner.shutdown()
        assert all(task.cancelled() for task in tasks)
        assert owner.idle
        assert not owner.running

    asyncio.run(go())
    assert sorted(cleaned) == ["download", "export"]
    assert hooked == []


def test_a_task_that_ignores_its_cancel_is_waited_for_at_most_the_timeout() -> None:
    async def go() -> None:
        owner = TaskOwner()
        cancel_seen = asyncio.Event()
        release = asyncio.Event()

        async def stubborn() -> None:
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                cancel_seen.set()
                await release.wait()  # ignores the cancel until released

        task = owner.spawn(stubborn())
        await asyncio.sleep(0)
        await owner.shutdown(timeout=0.05)
        # shutdown returned with the task still at work: it did not wait for the task to end,
        # but it did cancel it and let it run until the timeout.
        assert cancel_seen.is_set()
        assert not task.done()
        assert not owner.idle
        release.set()
        await asyncio.wait([task])
        assert owner.idle

    asyncio.run(go())


def test_shutdown_with_nothing_running_returns_at_once() -> None:
    async def go() -> None:
        owner = TaskOwner()
        finished = owner.spawn(asyncio.sleep(0))
        await asyncio.wait([finished])
        await owner.shutdown(timeout=3600)  # would hang the test if it waited for the timeout

    asyncio.run(go())


def test_a_cancelled_task_is_not_running_but_kept_until_it_has_wound_down() -> None:
    async def go() -> None:
        owner = TaskOwner()
        release = asyncio.Event()

        async def slow_to_stop() -> None:
            try:
                await asyncio.Event().wait()
            finally:
                await release.wait()

        task = owner.spawn(slow_to_stop())
        await asyncio.sleep(0)
        assert state(owner) == {"running": True, "idle": False}
        owner.cancel_all()
        await asyncio.sleep(0)
        # Not running: a new piece of work may start now; not idle: shutdown would still wait.
        assert state(owner) == {"running": False, "idle": False}
        release.set()
        await asyncio.wait([task])
        assert state(owner) == {"running": False, "idle": True}

    asyncio.run(go())


def test_cancel_all_asks_once_so_cleanup_is_not_cut_short() -> None:
    cleaned = asyncio.Event()

    async def go() -> None:
        owner = TaskOwner()
        step = asyncio.Event()

        async def with_cleanup() -> None:
            try:
                await asyncio.Event().wait()
            finally:
                await step.wait()  # a second cancel here would skip the line below
                cleaned.set()

        task = owner.spawn(with_cleanup())
        await asyncio.sleep(0)
        owner.cancel_all()
        await asyncio.sleep(0)
        owner.cancel_all()  # the person presses Cancel again
        step.set()
        await asyncio.wait([task])

    asyncio.run(go())
    assert cleaned.is_set()


def test_a_task_is_kept_until_it_ends_even_if_nobody_else_holds_it() -> None:
    async def go() -> None:
        owner = TaskOwner()
        loop = asyncio.get_running_loop()

        async def waits_on_a_future_only_it_knows() -> None:
            await loop.create_future()

        kept = weakref.ref(owner.spawn(waits_on_a_future_only_it_knows()))
        await asyncio.sleep(0)
        # Only weak references to the task remain outside the owner (asyncio keeps a weak set);
        # without the owner, the collector would destroy the pending task here.
        gc.collect()
        task = kept()
        assert task is not None
        assert not task.done()
        await owner.shutdown()
        assert task.cancelled()

    asyncio.run(go())


def test_shutdown_does_not_raise_what_a_cancelled_task_raises(hooked: Hooked) -> None:
    async def go() -> None:
        owner = TaskOwner()

        async def cleanup_fails() -> None:
            try:
                await asyncio.Event().wait()
            finally:
                raise OSError("the temporary file was already gone")

        task = owner.spawn(cleanup_fails())
        await asyncio.sleep(0)
        await owner.shutdown()  # closing goes on
        assert task.done()
        assert owner.idle

    asyncio.run(go())
    # Not swallowed either: it went where every unexpected error goes.
    assert [(kind, str(error)) for kind, error in hooked] == [
        (OSError, "the temporary file was already gone")
    ]
