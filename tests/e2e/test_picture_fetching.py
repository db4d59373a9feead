"""Fetching pictures from the sandbox over loopback, as the Items view does: pictures that load,
and each way one fails (404, not a picture, too large, slow, a refused redirect), with no key,
Authorization or cookie ever sent."""

from __future__ import annotations

import asyncio
import json
import re
import socket
from collections.abc import Coroutine
from typing import Any, TypeVar

import httpx
import pytest
from PySide6.QtGui import QColor, QImage

from tests.e2e.conftest import API_KEY
from tests.e2e.picture_helpers import (
    picture_record,
    release_pictures,
    reset_picture_record,
    wait_until_held,
)
from vody_desktop.pictures.fetching import FetchSettings, PictureFetcher, PictureFetchError
from vody_desktop.sandbox import catalogue
from vody_desktop.sandbox import picture_paths as pics
from vody_desktop.ui.pictures.decoding import NOT_A_PICTURE, PictureDecodeError, decode_picture

T = TypeVar("T")
DEFAULTS = FetchSettings()


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


async def fetch(url: str, settings: FetchSettings = DEFAULTS) -> bytes:
    fetcher = PictureFetcher(settings)
    try:
        return await fetcher.fetch(url)
    finally:
        await fetcher.aclose()


async def reason(url: str, settings: FetchSettings = DEFAULTS) -> str:
    with pytest.raises(PictureFetchError) as raised:
        await fetch(url, settings)
    return raised.value.reason


def served_items(sandbox_url: str, inference_id: str) -> list[dict[str, Any]]:
    response = httpx.get(
        f"{sandbox_url}/inference/{inference_id}/results",
        headers={"x-vody-api-key": API_KEY},
    )
    response.raise_for_status()
    items: list[dict[str, Any]] = response.json()
    return items


def test_the_reference_examples_pictures_show_their_labelled_colour(sandbox_url: str) -> None:
    items = served_items(sandbox_url, catalogue.COLOR_RESULTS_ID)
    shoe = items[0]
    assert shoe["image_path"] == f"{sandbox_url}/images/playground/color-labels/0.png"
    data = run(fetch(shoe["image_path"]))
    image = QImage.fromData(data)
    assert image.size().width() == 320
    assert image.pixelColor(100, 200) == QColor(shoe["hex_color_label"])  # inside the shoe
    unlabelled = items[3]  # the handbag: drawn in its top predicted colour
    assert "hex_color_label" not in unlabelled
    bag = QImage.fromData(run(fetch(unlabelled["image_path"])))
    assert bag.pixelColor(160, 230) == QColor(unlabelled["predictions"][0]["hex_color"])


def test_the_large_results_items_link_to_pictures_of_their_colour(sandbox_url: str) -> None:
    headers = {"x-vody-api-key": API_KEY}
    url = f"{sandbox_url}/inference/{catalogue.LARGE_ID}/results"
    with httpx.stream("GET", url, headers=headers, timeout=120) as response:
        start = next(response.iter_bytes(65536))
    first = json.loads(start[start.index(b"{") : start.index(b"}]}") + 3])
    assert re.fullmatch(
        re.escape(sandbox_url) + r"/images/catalogue/000000-[a-z]+-[0-9a-f]{6}\.png",
        first["image_path"],
    )
    colour = first.get("hex_color_label") or first["predictions"][0]["hex_color"]
    image = QImage.fromData(run(fetch(first["image_path"])))
    assert image.pixelColor(160, 200) == QColor(colour)


def test_a_missing_picture_says_not_found(sandbox_url: str) -> None:
    assert run(reason(sandbox_url + pics.NOT_FOUND)) == "The picture was not found (404)."


def test_a_web_page_is_not_a_picture(sandbox_url: str) -> None:
    assert run(reason(sandbox_url + pics.NOT_A_PICTURE)) == "That link is not a picture."


def test_broken_picture_bytes_are_not_a_picture(sandbox_url: str) -> None:
    data = run(fetch(sandbox_url + pics.CORRUPT))  # served as image/png
    with pytest.raises(PictureDecodeError) as raised:
        decode_picture(data)
    assert raised.value.reason.startswith(NOT_A_PICTURE)


@pytest.mark.parametrize("path", [pics.TOO_LARGE, pics.TOO_LARGE_UNDECLARED])
def test_a_picture_over_20_mb_is_refused_declared_or_not(sandbox_url: str, path: str) -> None:
    assert run(reason(sandbox_url + path)) == "The picture is larger than 20 MB."


def test_a_redirect_to_plain_http_elsewhere_is_not_followed(sandbox_url: str) -> None:
    words = run(reason(sandbox_url + pics.REDIRECT_TO_HTTP))
    assert words.startswith("The picture link leads on to another that is not loaded.")
    assert "plain http" in words


def test_a_redirect_on_the_same_server_is_followed(sandbox_url: str) -> None:
    image = QImage.fromData(run(fetch(sandbox_url + pics.REDIRECT_SAME_ORIGIN)))
    assert image.pixelColor(100, 200) == QColor("#FFC0CB")


def test_a_slow_picture_can_be_cancelled(sandbox_url: str) -> None:
    async def go() -> None:
        fetcher = PictureFetcher()
        try:
            task = asyncio.ensure_future(fetcher.fetch(sandbox_url + pics.SLOW))
            await wait_until_held(sandbox_url)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            # the fetcher goes on working after a cancel
            assert await fetcher.fetch(sandbox_url + pics.SETS_COOKIE)
        finally:
            release_pictures(sandbox_url)
            await fetcher.aclose()

    run(go())


def test_a_slow_picture_ends_at_the_deadline_with_a_plain_reason(sandbox_url: str) -> None:
    async def go() -> None:
        try:
            # Held by the sandbox until released, which happens only after: never in time.
            short = FetchSettings(deadline_s=0.3)
            assert await reason(sandbox_url + pics.SLOW, short) == (
                "The picture took too long to arrive."
            )
        finally:
            release_pictures(sandbox_url)

    run(go())


def test_a_released_slow_picture_arrives(sandbox_url: str) -> None:
    async def go() -> None:
        task = asyncio.ensure_future(fetch(sandbox_url + pics.SLOW))
        await wait_until_held(sandbox_url)
        release_pictures(sandbox_url)
        assert QImage.fromData(await task).width() == 320

    run(go())


def test_no_key_authorization_or_cookie_is_ever_sent(sandbox_url: str) -> None:
    reset_picture_record(sandbox_url)

    async def go() -> None:
        fetcher = PictureFetcher()
        try:
            await fetcher.fetch(sandbox_url + pics.SETS_COOKIE)  # answers with Set-Cookie
            await fetcher.fetch(sandbox_url + pics.SETS_COOKIE)
            await fetcher.fetch(sandbox_url + "/images/playground/color-labels/1.png")
            await fetcher.fetch(sandbox_url + pics.REDIRECT_SAME_ORIGIN)
        finally:
            await fetcher.aclose()

    run(go())
    requests = picture_record(sandbox_url)["requests"]
    assert [r["path"] for r in requests] == [
        pics.SETS_COOKIE,
        pics.SETS_COOKIE,
        "/images/playground/color-labels/1.png",
        pics.REDIRECT_SAME_ORIGIN,
        "/images/products/redirected-curtains-ffc0cb.png",
    ]
    for request in requests:
        names = set(request["headers"])
        assert names.isdisjoint({"cookie", "authorization", "x-vody-api-key"}), request
        assert API_KEY not in json.dumps(request)


def test_plain_http_elsewhere_is_refused_before_any_request(sandbox_url: str) -> None:
    words = run(reason(pics.PLAIN_HTTP_ELSEWHERE))
    assert "plain http" in words


def test_a_server_that_is_not_there_cannot_be_reached() -> None:
    with socket.socket() as probe:  # a free port, closed again: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert run(reason(f"http://127.0.0.1:{port}/a.png")) == "Could not reach 127.0.0.1."
