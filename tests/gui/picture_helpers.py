"""For the picture tests: real PNGs drawn with QImage, a hand-made bomb, and a fake fetcher."""

from __future__ import annotations

import asyncio
import struct
import zlib
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage, QImageWriter

from vody_desktop.pictures.fetching import PictureFetchError
from vody_desktop.ui.pictures.loader import PictureLoader


def png(width: int = 320, height: int = 320, colour: str = "#FE2934") -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert QImageWriter(buffer, QByteArray(b"png")).write(image)
    buffer.close()
    return bytes(data.data())


def _chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def declared_png(width: int, height: int) -> bytes:
    """A tiny valid-looking PNG whose header declares `width` x `height` RGBA pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 64)  # far fewer pixels than declared
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", rows)
        + _chunk(b"IEND", b"")
    )


class FakeFetcher:
    """Serves `bodies` (bytes, or a PictureFetchError to raise); a url in `gates` waits for
    its event first. Records what was fetched, what was cancelled, and whether it was closed."""

    def __init__(self, bodies: dict[str, bytes | PictureFetchError] | None = None) -> None:
        self.bodies = bodies or {}
        self.gates: dict[str, asyncio.Event] = {}
        self.fetched: list[str] = []
        self.cancelled: list[str] = []
        self.started = asyncio.Event()
        self.closed = False

    async def fetch(self, url: str) -> bytes:
        self.fetched.append(url)
        self.started.set()
        try:
            if url in self.gates:
                await self.gates[url].wait()
        except asyncio.CancelledError:
            self.cancelled.append(url)
            raise
        body = self.bodies.get(url, png(64, 64))
        if isinstance(body, PictureFetchError):
            raise body
        return body

    async def aclose(self) -> None:
        self.closed = True


def make_loader(fetcher: FakeFetcher, **options: Any) -> PictureLoader:
    return PictureLoader(fetcher_factory=lambda: fetcher, **options)  # type: ignore[arg-type,return-value]


async def ready(loader: PictureLoader, url: str, signal: str = "thumbnailReady") -> None:
    """Wait until `loader` says `url`'s load ended."""
    seen = asyncio.Event()

    def on_ready(done: str) -> None:
        if done == url:
            seen.set()

    getattr(loader, signal).connect(on_ready)
    try:
        await seen.wait()
    finally:
        getattr(loader, signal).disconnect(on_ready)
