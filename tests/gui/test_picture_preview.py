"""`PicturePreview`: the large picture next to its cell, its messages, and closing it by key."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QWidget

from tests.conftest import RunAsync, wait_for
from tests.gui.picture_helpers import FakeFetcher, make_loader, png
from vody_desktop.pictures.fetching import PictureFetchError
from vody_desktop.ui.pictures.preview import LOADING, PicturePreview

URL = "https://pictures.example/shoe.png"
CELL = QRect(100, 100, 120, 40)

#: Qt raises a popup and grabs the keyboard for it (that is how Esc and Space reach it); the
#: offscreen platform can do neither, and says so. Keys sent to the popup itself still arrive.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support grabbing the keyboard",
    r"This plugin does not support raise\(\)",
)


@pytest.fixture
def preview(qtbot: Any) -> PicturePreview:
    widget = PicturePreview()
    qtbot.addWidget(widget)
    return widget


def test_it_says_loading_then_shows_the_large_picture(
    run_async: RunAsync, preview: PicturePreview
) -> None:
    fetcher = FakeFetcher({URL: png(1600, 1200)})
    fetcher.gates[URL] = asyncio.Event()
    loader = make_loader(fetcher)

    async def go() -> None:
        preview.show_for(URL, CELL, loader)
        assert preview.isVisible()
        assert preview.text() == LOADING
        assert not preview.showing_picture()
        fetcher.gates[URL].set()
        await wait_for(preview.showing_picture, what="the picture in the preview")
        label = preview.findChild(QLabel, "picturePreviewLabel")
        assert label is not None
        assert label.pixmap().size() == QSize(800, 600)
        assert preview.x() >= CELL.right()  # beside the cell, not over it
        await loader.shutdown()

    run_async(go())


def test_a_failed_picture_shows_its_reason(run_async: RunAsync, preview: PicturePreview) -> None:
    fetcher = FakeFetcher({URL: PictureFetchError("The picture was not found (404).")})
    loader = make_loader(fetcher)

    async def go() -> None:
        preview.show_for(URL, CELL, loader)
        await wait_for(lambda: preview.text() != LOADING, what="the preview's message")
        assert preview.text() == "The picture was not found (404)."
        await loader.shutdown()

    run_async(go())


@pytest.mark.parametrize("key", [Qt.Key.Key_Escape, Qt.Key.Key_Space])
def test_esc_or_space_closes_it(
    run_async: RunAsync, preview: PicturePreview, qtbot: Any, key: Qt.Key
) -> None:
    fetcher = FakeFetcher()
    loader = make_loader(fetcher)

    async def go() -> None:
        preview.show_for(URL, CELL, loader)
        await wait_for(preview.showing_picture, what="the picture in the preview")
        qtbot.keyClick(preview, key)
        assert not preview.isVisible()
        await loader.shutdown()

    run_async(go())


def test_a_click_elsewhere_closes_it(
    run_async: RunAsync, preview: PicturePreview, qtbot: Any
) -> None:
    fetcher = FakeFetcher()
    loader = make_loader(fetcher)
    table = QWidget()
    table.resize(600, 400)
    qtbot.addWidget(table)
    table.show()
    qtbot.waitExposed(table)

    async def go() -> None:
        preview.show_for(URL, CELL, loader)
        await wait_for(preview.showing_picture, what="the picture in the preview")
        # Through the window, as a real click arrives (a popup sees it first, and closes).
        window = table.windowHandle()
        assert window is not None
        QTest.mouseClick(window, Qt.MouseButton.LeftButton, pos=QPoint(590, 390))
        await wait_for(lambda: not preview.isVisible(), what="the preview closed")
        await loader.shutdown()

    run_async(go())
