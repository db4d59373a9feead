"""The failing-pictures entry through `PictureLoader` and the real fetcher, against the sandbox:
what each item's placeholder tooltip would say, and the one picture that loads."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from tests.conftest import RunAsync
from tests.e2e.conftest import API_KEY
from tests.e2e.picture_helpers import release_pictures, wait_until_held
from vody_desktop.sandbox import catalogue
from vody_desktop.ui.pictures.loader import PictureLoader

EXPECTED = {
    "Shoes": None,  # loads
    "Dress": "The picture was not found (404).",
    "Sofa": "That link is not a picture.",
    "T-Shirt": "The picture is larger than 20 MB.",
    "Rug": "The picture is larger than 20 MB.",
    "Curtains": None,  # a redirect on the same server
    "Jacket": None,  # sets a cookie, is a picture all the same
}


def items(sandbox_url: str) -> list[dict[str, Any]]:
    response = httpx.get(
        f"{sandbox_url}/inference/{catalogue.PICTURE_FAULTS_ID}/results",
        headers={"x-vody-api-key": API_KEY},
    )
    response.raise_for_status()
    result: list[dict[str, Any]] = response.json()
    return result


def test_each_failing_picture_gets_its_reason_and_the_good_ones_load(
    run_async: RunAsync, sandbox_url: str
) -> None:
    by_type = {item["product_type"]: item["image_path"] for item in items(sandbox_url)}
    loader = PictureLoader()
    fetched = set(by_type.values()) - {by_type["Sneakers"]}  # refused without a request
    ended: set[str] = set()
    all_ended = asyncio.Event()

    def on_ready(url: str) -> None:
        ended.add(url)
        if fetched <= ended:
            all_ended.set()

    loader.thumbnailReady.connect(on_ready)

    async def go() -> None:
        try:
            for url in by_type.values():
                assert loader.thumbnail(url) is None
            # Refused at once, without a request: plain http to another computer.
            assert "plain http" in (loader.failure(by_type["Sneakers"]) or "")
            slow = by_type["Scarf"]
            await wait_until_held(sandbox_url)
            assert loader.loading(slow)
            assert loader.failure(slow) is None  # still loading: the cell says so
            release_pictures(sandbox_url)
            await all_ended.wait()
            for kind, reason in EXPECTED.items():
                assert loader.failure(by_type[kind]) == reason, kind
                assert (loader.thumbnail(by_type[kind]) is not None) == (reason is None), kind
            assert (loader.failure(by_type["Handbag"]) or "").startswith(  # broken bytes
                "That link is not a picture."
            )
            assert "leads on to another that is not loaded" in (
                loader.failure(by_type["Lamp"]) or ""
            )
            assert loader.thumbnail(slow) is not None  # released, it arrived
        finally:
            await loader.shutdown()

    run_async(go())
