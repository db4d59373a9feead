"""The batch engine the window will drive, in this process against a real sandbox: pause,
resume, cancel, retry the failed, wait for a running inference, and its saved state."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import wait_for
from tests.e2e.conftest import API_KEY
from vody_desktop.api.client import VodyClient
from vody_desktop.batch.output import BatchOutput
from vody_desktop.batch.runner import BatchEvent, BatchOptions, BatchRunner
from vody_desktop.batch.state import ItemState, ItemStatus
from vody_desktop.sandbox import catalogue
from vody_desktop.sandbox.process import SandboxProcess
from vody_desktop.store.batches import BatchStore
from vody_desktop.waiting import PollPolicy

pytestmark = pytest.mark.e2e
PREFIX = "ba7c"
HEADERS = {"x-vody-api-key": API_KEY}


def prefixed(count: int) -> list[str]:
    return [f"{PREFIX}{n:04x}-0000-4000-8000-{n:012x}" for n in range(count)]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    sandbox = SandboxProcess(
        ["--quiet", "--batch-knobs", "--rate", "off", "--small-id-prefix", PREFIX]
    )
    url = sandbox.start()
    try:
        yield url
    finally:
        sandbox.stop()


def make(
    url: str, ids: list[str], folder: Path, **options: object
) -> tuple[BatchRunner, list[BatchEvent], VodyClient]:
    events: list[BatchEvent] = []
    client = VodyClient(url, API_KEY)
    runner = BatchRunner(
        client,
        [ItemState(iid, n) for n, iid in enumerate(ids)],
        BatchOutput(folder),
        options=BatchOptions(**options),  # type: ignore[arg-type]
        on_event=events.append,
    )
    return runner, events, client


def test_pause_holds_the_queue_and_resume_finishes_it(server: str, tmp_path: Path) -> None:
    ids = prefixed(12)

    async def scenario() -> None:
        runner, events, client = make(server, ids, tmp_path, concurrency=2)
        async with client:
            task = asyncio.create_task(runner.run())
            await wait_for(lambda: any(e.totals.completed >= 1 for e in events))
            runner.pause()
            assert runner.paused
            # What was under way ends; nothing new starts: the rest stays queued.
            await wait_for(lambda: not any(i.status is ItemStatus.FETCHING for i in runner.items))
            held = [i for i in runner.items if i.status is ItemStatus.QUEUED]
            assert held
            runner.resume()
            items = await task
        assert [i.status for i in items] == [ItemStatus.COMPLETED] * 12
        assert events[-1].finished
        assert events[-1].totals.line() == "12 of 12"

    asyncio.run(scenario())


def test_cancel_keeps_the_rest_queued_and_writes_the_summary(server: str, tmp_path: Path) -> None:
    ids = prefixed(30)

    async def scenario() -> None:
        runner, events, client = make(server, ids, tmp_path, concurrency=1)
        async with client:
            task = asyncio.create_task(runner.run())
            await wait_for(lambda: any(e.totals.completed >= 2 for e in events))
            runner.cancel()
            items = await task
        assert runner.cancelled
        statuses = {i.status for i in items}
        assert statuses <= {ItemStatus.COMPLETED, ItemStatus.QUEUED}
        assert ItemStatus.QUEUED in statuses
        done = [i for i in items if i.status is ItemStatus.COMPLETED]
        rows = (tmp_path / "summary.csv").read_text().splitlines()
        assert len(rows) == 31
        assert sum(",completed," in row for row in rows) == len(done)
        assert sorted(p.name for p in tmp_path.glob("*.json")) == sorted(
            f"{i.inference_id}.json" for i in done
        )

    asyncio.run(scenario())


def test_retry_the_failed_asks_again_only_for_them(server: str, tmp_path: Path) -> None:
    ids = [catalogue.COLOR_RESULTS_ID, catalogue.SERVER_ERROR_ID]
    httpx.post(f"{server}/sandbox/requests/reset", headers=HEADERS, timeout=30)

    async def scenario() -> None:
        runner, _events, client = make(server, ids, tmp_path)
        async with client:
            first = await runner.run()
            assert [i.status for i in first] == [ItemStatus.COMPLETED, ItemStatus.ERROR]
            assert first[1].message == "The Vody server had a problem"
            assert first[1].http_status == 500
            assert runner.retry_failed() == 1
            again = await runner.run()
        assert [i.status for i in again] == [ItemStatus.COMPLETED, ItemStatus.ERROR]

    asyncio.run(scenario())
    counts = httpx.get(f"{server}/sandbox/requests", headers=HEADERS, timeout=30).json()
    assert counts["results"] == {catalogue.COLOR_RESULTS_ID: 1, catalogue.SERVER_ERROR_ID: 2}


def test_wait_fetches_an_inference_once_it_has_finished(tmp_path: Path) -> None:
    # Its own server: the inference runs for 3 s from the server's start.
    sandbox = SandboxProcess(["--quiet", "--rate", "off", "--progress-seconds", "3"])
    url = sandbox.start()
    events: list[BatchEvent] = []

    async def scenario() -> list[ItemState]:
        runner, seen, client = make(
            url,
            [catalogue.IN_PROGRESS_ID],
            tmp_path,
            wait=True,
            poll=PollPolicy(first_interval_s=0.5, growth=1.5, max_interval_s=2.0),
        )
        async with client:
            try:
                return await runner.run()
            finally:
                events.extend(seen)

    try:
        (item,) = asyncio.run(scenario())
    finally:
        sandbox.stop()
    running = [e for e in events if e.item and e.item.status is ItemStatus.RUNNING]
    assert running
    assert running[0].totals.line().startswith("0 of 1")  # waited for: not done yet
    assert item.status is ItemStatus.COMPLETED
    expected = catalogue.results_bytes(catalogue.IN_PROGRESS_ID, origin=url.rstrip("/"))
    assert (tmp_path / f"{catalogue.IN_PROGRESS_ID}.json").read_bytes() == expected


def test_states_are_saved_as_they_change(server: str, tmp_path: Path) -> None:
    ids = prefixed(3)
    with BatchStore(tmp_path / "history.sqlite3") as store:
        saved = store.open_batch(
            folder=tmp_path / "out", base_url=server, environment="Custom", ids=ids, options={}
        )

        async def scenario() -> None:
            async with VodyClient(server, API_KEY) as client:
                runner = BatchRunner(
                    client,
                    saved.items,
                    BatchOutput(tmp_path / "out"),
                    save=lambda changed: store.save_items(saved.batch_id, changed),
                )
                await runner.run()

        asyncio.run(scenario())
        kept = store.items(saved.batch_id)
    assert [i.status for i in kept] == [ItemStatus.COMPLETED] * 3
    assert [i.file for i in kept] == [f"{i}.json" for i in ids]
