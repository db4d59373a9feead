"""`PictureLoader`: the pictures of the Items view, loaded in the background and kept in memory.

A view asks `thumbnail(url)` while it paints: it gets the cached QImage, or None while the
picture loads (or after it failed: `failure(url)` says why, for the placeholder's tooltip).
`thumbnailReady(url)` tells it when to paint that cell again, whether the picture arrived or
failed. `large(url)` and `largeReady` do the same for the preview.

Loads run newest request first: the rows on screen now matter more than rows scrolled past,
and only the newest `MAX_PENDING` requests stay queued.
A few run at a time (the fetcher's own limit bounds the network too); `forget_pending()` drops
what is queued and stops what runs when a new result replaces the old one. Everything runs as
tasks of one TaskOwner, which `shutdown()` cancels and awaits. With pictures turned off
(`set_enabled(False)`, the "Load pictures" preference) nothing is fetched and nothing is shown.

The fetcher (vody_desktop/pictures/fetching.py) is Qt-free; the decoding runs on a worker
thread (decoding.py); only QImages cross back, never a QPixmap.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from vody_desktop.pictures.fetching import PictureFetchError
from vody_desktop.pictures.links import refusal
from vody_desktop.ui.pictures.cache import ImageCache
from vody_desktop.ui.pictures.decoding import (
    THUMBNAIL_HEIGHT,
    DecodedPicture,
    PictureDecodeError,
    decode_picture,
)
from vody_desktop.ui.tasks import TaskOwner

if TYPE_CHECKING:
    from vody_desktop.pictures.fetching import PictureFetcher

_log = logging.getLogger(__name__)

THUMBNAIL_CACHE_BYTES: Final = 64 * 1024 * 1024
#: Large versions are ~2.5 MB each (800x800, 4 bytes a pixel): a handful.
LARGE_CACHE_BYTES: Final = 24 * 1024 * 1024
#: Loads (fetch + decode) at the same time; the fetcher has its own limit for the network.
CONCURRENT_LOADS: Final = 4
#: Queued loads kept; past it the oldest requests (rows scrolled past long ago) are dropped, and
#: asked for again if their rows are painted again.
MAX_PENDING: Final = 200
#: Failures remembered (url -> reason); the oldest are forgotten, and then tried again.
REMEMBERED_FAILURES: Final = 10_000


def _default_fetcher() -> PictureFetcher:
    from vody_desktop.pictures.fetching import PictureFetcher

    return PictureFetcher()


class PictureLoader(QObject):
    """Loads, decodes and keeps the pictures that views ask for (see the module docstring)."""

    #: A thumbnail's load ended (arrived or failed): paint the cells showing `url` again.
    thumbnailReady = Signal(str)
    #: A large version's load ended (arrived or failed): the preview of `url` can update.
    largeReady = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        enabled: bool = True,
        fetcher_factory: Callable[[], PictureFetcher] = _default_fetcher,
        thumbnail_height: int = THUMBNAIL_HEIGHT,
        device_pixel_ratio: float = 1.0,
        thumbnail_cache_bytes: int = THUMBNAIL_CACHE_BYTES,
        large_cache_bytes: int = LARGE_CACHE_BYTES,
        concurrent_loads: int = CONCURRENT_LOADS,
        max_pending: int = MAX_PENDING,
    ) -> None:
        super().__init__(parent)
        self._enabled = enabled
        self._fetcher_factory = fetcher_factory
        self._fetcher: PictureFetcher | None = None
        self._thumbnail_height = thumbnail_height
        self._ratio = device_pixel_ratio
        self._thumbnails = ImageCache(thumbnail_cache_bytes)
        self._large = ImageCache(large_cache_bytes)
        self._failures: OrderedDict[str, str] = OrderedDict()
        #: Queued urls, oldest first (a set in order; `_wants_large` says which want both sizes).
        self._pending: OrderedDict[str, None] = OrderedDict()
        self._running: dict[str, asyncio.Task[None]] = {}
        self._wants_large: set[str] = set()
        self._concurrent = concurrent_loads
        self._max_pending = max_pending
        self._tasks = TaskOwner()
        self._closed = False

    # The interface the views use.

    @property
    def enabled(self) -> bool:
        return self._enabled

    def thumbnail(self, url: str) -> QImage | None:
        """The cached thumbnail, or None: then its load starts (pictures on, not failed)."""
        if not self._enabled:
            return None
        image = self._thumbnails.get(url)
        if image is None:
            self._request(url, large=False)
        return image

    def large(self, url: str) -> QImage | None:
        """The cached large version, or None: then its load starts (pictures on, not failed)."""
        if not self._enabled:
            return None
        image = self._large.get(url)
        if image is None:
            self._request(url, large=True)
        return image

    def failure(self, url: str) -> str | None:
        """Why the picture could not be shown, in plain words; None if it did not fail."""
        if not self._enabled:
            return "Pictures are turned off in Preferences."
        return self._failures.get(url)

    def cached(self, url: str) -> bool:
        """Whether `url`'s thumbnail is in the memory cache (asking starts no load)."""
        return url in self._thumbnails

    def loading(self, url: str) -> bool:
        """Whether `url` is queued or being loaded."""
        return url in self._pending or url in self._running

    @property
    def idle(self) -> bool:
        """Nothing queued, nothing loading, no cancelled load still winding down."""
        return not self._pending and not self._running and self._tasks.idle

    def set_enabled(self, on: bool) -> None:
        """Turn loading on or off; off drops queued and running loads."""
        self._enabled = on
        if not on:
            self.forget_pending()

    def set_device_pixel_ratio(self, ratio: float) -> None:
        """The view moved to a screen of another pixel ratio: later pictures are made for it
        (the cached ones, made for the old screen, are dropped)."""
        if ratio != self._ratio:
            self._ratio = ratio
            self._thumbnails.clear()
            self._large.clear()

    def forget_pending(self) -> None:
        """A new result: drop the queued loads and stop the running ones (the cache stays)."""
        self._pending.clear()
        self._wants_large.clear()
        running, self._running = self._running, {}
        for task in running.values():  # each ends on its own; a new request starts afresh
            task.cancel()

    async def shutdown(self) -> None:
        """Stop every load, wait for each to end, and close the fetcher's connections."""
        self._closed = True
        self.forget_pending()
        await self._tasks.shutdown()
        if self._fetcher is not None:
            fetcher, self._fetcher = self._fetcher, None
            await fetcher.aclose()

    # The queue.

    def _request(self, url: str, *, large: bool) -> None:
        if self._closed or url in self._failures:
            return
        reason = refusal(url)
        if reason is not None:
            self._remember_failure(url, reason)
            return
        if large:
            self._wants_large.add(url)
        if url in self._running:
            return
        # Newest first: a url asked for again moves to the front of the queue.
        self._pending.pop(url, None)
        self._pending[url] = None
        while len(self._pending) > self._max_pending:
            dropped, _ = self._pending.popitem(last=False)
            self._wants_large.discard(dropped)
        self._pump()

    def _pump(self) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # no loop yet (a view painted before the app's loop runs)
            return
        while self._pending and len(self._running) < self._concurrent and not self._closed:
            url, _ = self._pending.popitem(last=True)
            self._running[url] = self._tasks.spawn(self._load(url))

    async def _load(self, url: str) -> None:
        try:
            picture = await self._fetch_and_decode(url)
        except (PictureFetchError, PictureDecodeError) as failed:
            self._remember_failure(url, failed.reason)
            self._end(url, None)
        else:
            self._end(url, picture)
        finally:
            if self._running.get(url) is asyncio.current_task():
                del self._running[url]
            self._pump()

    def _end(self, url: str, picture: DecodedPicture | None) -> None:
        if self._running.get(url) is not asyncio.current_task():
            return  # forgotten meanwhile (forget_pending): its result is not wanted
        del self._running[url]
        if picture is not None:
            self._thumbnails.put(url, picture.thumbnail)
            if url in self._wants_large:
                self._large.put(url, picture.large)
        self._finished(url)

    async def _fetch_and_decode(self, url: str) -> DecodedPicture:
        if self._fetcher is None:
            self._fetcher = self._fetcher_factory()
        data = await self._fetcher.fetch(url)
        return await asyncio.to_thread(
            decode_picture,
            data,
            thumbnail_height=self._thumbnail_height,
            device_pixel_ratio=self._ratio,
        )

    def _finished(self, url: str) -> None:
        self.thumbnailReady.emit(url)
        if url in self._wants_large:
            self._wants_large.discard(url)
            self.largeReady.emit(url)

    def _remember_failure(self, url: str, reason: str) -> None:
        self._failures[url] = reason
        while len(self._failures) > REMEMBERED_FAILURES:
            self._failures.popitem(last=False)
