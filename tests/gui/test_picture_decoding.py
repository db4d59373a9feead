"""Decoding pictures' bytes to thumbnails off the UI thread, refusing what would not fit."""

from __future__ import annotations

import resource
import sys

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImageReader

from tests.gui.picture_helpers import declared_png, png
from vody_desktop.ui.pictures.decoding import (
    ALLOCATION_LIMIT_MB,
    NOT_A_PICTURE,
    PictureDecodeError,
    decode_picture,
)


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def test_a_picture_becomes_a_thumbnail_and_a_large_version() -> None:
    decoded = decode_picture(png(1600, 1200, "#000080"), thumbnail_height=96)
    assert decoded.thumbnail.size() == QSize(128, 96)
    assert decoded.large.size() == QSize(800, 600)
    assert decoded.thumbnail.pixelColor(64, 48) == QColor("#000080")


def test_sizes_follow_the_screens_pixel_ratio() -> None:
    decoded = decode_picture(png(1600, 1600), thumbnail_height=96, device_pixel_ratio=2.0)
    assert decoded.thumbnail.size() == QSize(192, 192)
    assert decoded.thumbnail.deviceIndependentSize().toSize() == QSize(96, 96)
    assert decoded.large.size() == QSize(1600, 1600)


def test_a_small_picture_is_not_enlarged() -> None:
    decoded = decode_picture(png(40, 30))
    assert decoded.thumbnail.size() == QSize(40, 30)
    assert decoded.large.size() == QSize(40, 30)


@pytest.mark.parametrize(
    "data", [b"<html>Sign in</html>", b"", b"\x89PNG\r\n\x1a\n broken", b'{"a": 1}']
)
def test_bytes_that_are_not_a_picture_are_refused_in_plain_words(data: bytes) -> None:
    with pytest.raises(PictureDecodeError) as raised:
        decode_picture(data)
    assert raised.value.reason.startswith(NOT_A_PICTURE)


def test_a_decompression_bomb_is_refused_without_allocating_it() -> None:
    bomb = declared_png(30000, 30000)  # 3.6 GB of pixels once decoded, 100 bytes as a file
    assert len(bomb) < 200
    before = _peak_rss_mb()
    with pytest.raises(PictureDecodeError) as raised:
        decode_picture(bomb)
    assert raised.value.reason == (
        "The picture is too large to show (30000x30000 pixels, 900 megapixels)."
    )
    assert _peak_rss_mb() - before < 500  # nothing near 3.6 GB was ever allocated


def test_decoding_sets_qts_own_allocation_limit() -> None:
    decode_picture(png(10, 10))
    assert QImageReader.allocationLimit() == ALLOCATION_LIMIT_MB
