"""A least-recently-used cache of QImages bounded by their bytes (and by how many it holds)."""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtGui import QImage


class ImageCache:
    """Keeps the most recently used images until `max_bytes` or `max_items` would be passed."""

    def __init__(self, max_bytes: int, max_items: int = 100_000) -> None:
        self.max_bytes = max_bytes
        self.max_items = max_items
        self._images: OrderedDict[str, QImage] = OrderedDict()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._images)

    def __contains__(self, url: object) -> bool:
        return url in self._images

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def get(self, url: str) -> QImage | None:
        image = self._images.get(url)
        if image is not None:
            self._images.move_to_end(url)
        return image

    def put(self, url: str, image: QImage) -> None:
        self.discard(url)
        size = image.sizeInBytes()
        if size > self.max_bytes:
            return
        self._images[url] = image
        self._bytes += size
        while self._bytes > self.max_bytes or len(self._images) > self.max_items:
            _, oldest = self._images.popitem(last=False)
            self._bytes -= oldest.sizeInBytes()

    def discard(self, url: str) -> None:
        old = self._images.pop(url, None)
        if old is not None:
            self._bytes -= old.sizeInBytes()

    def clear(self) -> None:
        self._images.clear()
        self._bytes = 0
