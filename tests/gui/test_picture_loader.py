"""`PictureLoader`: the cache, the queue (newest first), turning pictures off, shutting down.

The network is replaced by `FakeFetcher`, whose fetches wait on events the test sets; the real
fetcher is tested against the sandbox in tests/e2e/test_picture_fetching.py.
"""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import QSize

from tests.conftest import RunAsync, wait_for
from tests.gui.picture_helpers import FakeFetcher, make_loader, png, ready
from vody_desktop.pictures.fetching import PictureFetchError
from vody_desktop.ui.pictures.decoding import NOT_A_PICTURE

RED = "https://pictures.example/red.png"
NAVY = "https://pictures.example/navy.png"


def test_a_thumbnail_loads_once_and_then_comes_from_the_cache(run_async: RunAsync) -> None:
    fetcher = FakeFetcher({RED: png(320, 320, "#FE2934")})
    loader = make_loader(fetcher, thumbnail_height=96)

    async def go() -> None:
        waiting = asyncio.ensure_future(ready(loader, RED))
        assert loader.thumbnail(RED) is None
        await waiting
        image = loader.thumbnail(RED)
        assert image is not None
        assert image.size() == QSize(96, 96)
        assert loader.thumbnail(RED) is image
        assert fetcher.fetched == [RED]
        assert loader.failure(RED) is None
        await loader.shutdown()

    run_async(go())


def test_a_failure_is_remembered_with_its_reason_and_not_fetched_again(
    run_async: RunAsync,
) -> None:
    fetcher = FakeFetcher(
        {RED: PictureFetchError("The picture was not found (404)."), NAVY: b"<html></html>"}
    )
    loader = make_loader(fetcher)

    async def go() -> None:
        for url in (RED, NAVY):
            waiting = asyncio.ensure_future(ready(loader, url))
            assert loader.thumbnail(url) is None
            await waiting
        assert loader.failure(RED) == "The picture was not found (404)."
        assert loader.failure(NAVY) == NOT_A_PICTURE
        assert loader.thumbnail(RED) is None
        assert loader.thumbnail(NAVY) is None
        assert fetcher.fetched == [RED, NAVY]
        await loader.shutdown()

    run_async(go())


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://pictures.example/a.png", "plain http"),
        ("https://user:secret@pictures.example/a.png", "user name or password"),
    ],
)
def test_a_refused_link_fails_at_once_without_a_fetch(
    run_async: RunAsync, url: str, words: str
) -> None:
    fetcher = FakeFetcher()
    loader = make_loader(fetcher)

    async def go() -> None:
        assert loader.thumbnail(url) is None
        reason = loader.failure(url)
        assert reason is not None
        assert words in reason
        await loader.shutdown()
        assert fetcher.fetched == []

    run_async(go())


def test_the_newest_requests_load_first(run_async: RunAsync) -> None:
    fetcher = FakeFetcher()
    urls = [f"https://pictures.example/{n}.png" for n in range(4)]
    fetcher.gates[urls[0]] = asyncio.Event()
    loader = make_loader(fetcher, concurrent_loads=1)

    async def go() -> None:
        loader.thumbnail(urls[0])
        await fetcher.started.wait()
        for url in urls[1:]:
            loader.thumbnail(url)
        last = asyncio.ensure_future(ready(loader, urls[1]))
        fetcher.gates[urls[0]].set()
        await last
        assert fetcher.fetched == [urls[0], urls[3], urls[2], urls[1]]
        await loader.shutdown()

    run_async(go())


def test_only_the_newest_requests_stay_queued(run_async: RunAsync) -> None:
    fetcher = FakeFetcher()
    urls = [f"https://pictures.example/{n}.png" for n in range(12)]
    fetcher.gates[urls[0]] = asyncio.Event()
    loader = make_loader(fetcher, concurrent_loads=1, max_pending=3)

    async def go() -> None:
        loader.thumbnail(urls[0])
        await fetcher.started.wait()
        for url in urls[1:]:  # scrolling fast past rows 1..11
            loader.thumbnail(url)
        last = asyncio.ensure_future(ready(loader, urls[9]))
        fetcher.gates[urls[0]].set()
        await last
        assert fetcher.fetched == [urls[0], urls[11], urls[10], urls[9]]
        assert not any(loader.loading(url) for url in urls)
        await loader.shutdown()

    run_async(go())


def test_forget_pending_drops_queued_loads_and_stops_the_running_one(run_async: RunAsync) -> None:
    fetcher = FakeFetcher()
    old = [f"https://pictures.example/old-{n}.png" for n in range(3)]
    fetcher.gates[old[0]] = asyncio.Event()  # never set: only a cancel ends it
    loader = make_loader(fetcher, concurrent_loads=1)

    async def go() -> None:
        for url in old:
            loader.thumbnail(url)
        await fetcher.started.wait()
        loader.forget_pending()
        await wait_for(lambda: fetcher.cancelled == [old[0]], what="the running load cancelled")
        waiting = asyncio.ensure_future(ready(loader, NAVY))
        loader.thumbnail(NAVY)  # the new result's picture
        await waiting
        assert fetcher.fetched == [old[0], NAVY]  # the queued old ones never started
        assert not loader.loading(old[1])
        assert loader.thumbnail(NAVY) is not None
        await loader.shutdown()

    run_async(go())


def test_turned_off_nothing_loads_and_nothing_shows(run_async: RunAsync) -> None:
    fetcher = FakeFetcher()
    loader = make_loader(fetcher, enabled=False)

    async def go() -> None:
        assert loader.thumbnail(RED) is None
        assert loader.large(RED) is None
        assert loader.failure(RED) == "Pictures are turned off in Preferences."
        loader.set_enabled(True)
        waiting = asyncio.ensure_future(ready(loader, NAVY))
        loader.thumbnail(NAVY)
        await waiting
        assert fetcher.fetched == [NAVY]  # RED was never fetched
        loader.set_enabled(False)
        assert loader.thumbnail(NAVY) is None  # cached, but pictures are off
        await loader.shutdown()

    run_async(go())


def test_the_large_version_fits_800_pixels(run_async: RunAsync) -> None:
    fetcher = FakeFetcher({RED: png(1600, 1200)})
    loader = make_loader(fetcher)

    async def go() -> None:
        waiting = asyncio.ensure_future(ready(loader, RED, "largeReady"))
        assert loader.large(RED) is None
        await waiting
        large = loader.large(RED)
        assert large is not None
        assert large.size() == QSize(800, 600)
        assert loader.thumbnail(RED) is not None  # the same load made both
        assert fetcher.fetched == [RED]
        await loader.shutdown()

    run_async(go())


def test_shutdown_cancels_and_awaits_every_load_and_closes_the_fetcher(
    run_async: RunAsync,
) -> None:
    fetcher = FakeFetcher()
    urls = [f"https://pictures.example/{n}.png" for n in range(6)]
    for url in urls:
        fetcher.gates[url] = asyncio.Event()  # never set
    loader = make_loader(fetcher, concurrent_loads=2)

    async def go() -> None:
        for url in urls:
            loader.thumbnail(url)
        await wait_for(lambda: len(fetcher.fetched) == 2, what="two loads running")
        await loader.shutdown()
        assert sorted(fetcher.cancelled) == sorted(fetcher.fetched)  # both ended, cancelled
        assert fetcher.closed
        assert len(fetcher.fetched) == 2  # the queued ones never started
        assert loader.thumbnail(urls[5]) is None
        assert len(fetcher.fetched) == 2  # and nothing starts after shutdown

    run_async(go())


def test_the_cache_is_bounded_in_bytes(run_async: RunAsync) -> None:
    fetcher = FakeFetcher()
    urls = [f"https://pictures.example/{n}.png" for n in range(5)]
    one_thumbnail = 96 * 96 * 4
    loader = make_loader(fetcher, thumbnail_cache_bytes=3 * one_thumbnail, thumbnail_height=96)
    for url in urls:
        fetcher.bodies[url] = png(96, 96)

    async def go() -> None:
        for url in urls:
            waiting = asyncio.ensure_future(ready(loader, url))
            loader.thumbnail(url)
            await waiting
        cached = [url for url in urls if loader.cached(url)]
        assert cached == urls[2:]  # the three most recent
        await loader.shutdown()

    run_async(go())


def test_a_new_pixel_ratio_makes_sharper_thumbnails(run_async: RunAsync) -> None:
    fetcher = FakeFetcher({RED: png(400, 400)})
    loader = make_loader(fetcher, thumbnail_height=96)

    async def go() -> None:
        waiting = asyncio.ensure_future(ready(loader, RED))
        loader.thumbnail(RED)
        await waiting
        assert loader.thumbnail(RED).size() == QSize(96, 96)  # type: ignore[union-attr]
        loader.set_device_pixel_ratio(2.0)
        waiting = asyncio.ensure_future(ready(loader, RED))
        assert loader.thumbnail(RED) is None  # made again for the new screen
        await waiting
        image = loader.thumbnail(RED)
        assert image is not None
        assert image.size() == QSize(192, 192)
        assert image.devicePixelRatio() == 2.0
        await loader.shutdown()

    run_async(go())
