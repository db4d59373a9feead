"""A picture's bytes to QImages, on a worker thread, without trusting what the bytes declare.

QImage (unlike QPixmap) may be made on any thread, so the loader calls `decode_picture` through
`asyncio.to_thread`. A picture declares its size in its header; a tiny file can declare
30000x30000 pixels (3.6 GB once decoded). The declared size is checked before decoding
(`MAX_PIXELS`), and `QImageReader.setAllocationLimit` makes Qt itself refuse anything larger
than `ALLOCATION_LIMIT_MB` should a format's header be wrong.

The worker returns the two sizes the views need, already scaled: a thumbnail for a table row
and a large version for the preview; the full-size picture is never kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader

#: Decoded pictures up to 40 megapixels (a large camera photo); more is refused unread.
MAX_PIXELS: Final = 40_000_000
#: Qt's own cap on one decoded image (40 MP at 4 bytes a pixel is 160 MB).
ALLOCATION_LIMIT_MB: Final = 192
THUMBNAIL_HEIGHT: Final = 96
LARGE_BOX: Final = QSize(800, 800)

NOT_A_PICTURE: Final = "That link is not a picture."


class PictureDecodeError(Exception):
    """The bytes are not a picture this app shows; `reason` says why in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class DecodedPicture:
    """The thumbnail and the large version of one picture (device pixel ratio set on both)."""

    thumbnail: QImage
    large: QImage


def limit_allocations() -> None:
    """Set Qt's process-wide cap on a decoded image (idempotent; any thread)."""
    if QImageReader.allocationLimit() != ALLOCATION_LIMIT_MB:
        QImageReader.setAllocationLimit(ALLOCATION_LIMIT_MB)


def decode_picture(
    data: bytes,
    *,
    thumbnail_height: int = THUMBNAIL_HEIGHT,
    large_box: QSize = LARGE_BOX,
    device_pixel_ratio: float = 1.0,
) -> DecodedPicture:
    """Decode `data` and scale it; raises PictureDecodeError. Runs on a worker thread."""
    limit_allocations()
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)  # a phone photo's EXIF rotation
    if not reader.canRead():
        raise PictureDecodeError(NOT_A_PICTURE)
    declared = reader.size()
    if declared.isValid() and declared.width() * declared.height() > MAX_PIXELS:
        megapixels = declared.width() * declared.height() / 1_000_000
        raise PictureDecodeError(
            f"The picture is too large to show ({declared.width()}x{declared.height()} pixels, "
            f"{megapixels:,.0f} megapixels)."
        )
    image = reader.read()
    if image.isNull():
        raise PictureDecodeError(f"{NOT_A_PICTURE} ({reader.errorString()})")
    return DecodedPicture(
        thumbnail=_scaled(image, QSize(4 * thumbnail_height, thumbnail_height), device_pixel_ratio),
        large=_scaled(image, large_box, device_pixel_ratio),
    )


def _scaled(image: QImage, box: QSize, ratio: float) -> QImage:
    """`image` fit into `box` logical pixels (never enlarged), for a screen of `ratio`."""
    physical = QSize(round(box.width() * ratio), round(box.height() * ratio))
    if image.width() > physical.width() or image.height() > physical.height():
        scaled = image.scaled(
            physical,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    else:
        scaled = image.copy()  # its own pixels, so the full-size picture can be freed
    scaled.setDevicePixelRatio(ratio)
    return scaled
