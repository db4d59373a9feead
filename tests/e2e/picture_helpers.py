"""For the picture tests against the sandbox: its picture record, and releasing held pictures."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from tests.conftest import HANG_S
from vody_desktop.sandbox.picture_routes import (
    PICTURES_PATH,
    PICTURES_RELEASE_PATH,
    PICTURES_RESET_PATH,
)


def picture_record(sandbox_url: str) -> dict[str, Any]:
    """``{"held": N, "requests": [{"path", "headers"}, ...]}`` as the sandbox saw them."""
    response = httpx.get(f"{sandbox_url}{PICTURES_PATH}")
    response.raise_for_status()
    record: dict[str, Any] = response.json()
    return record


def reset_picture_record(sandbox_url: str) -> None:
    httpx.post(f"{sandbox_url}{PICTURES_RESET_PATH}").raise_for_status()


def release_pictures(sandbox_url: str) -> None:
    httpx.post(f"{sandbox_url}{PICTURES_RELEASE_PATH}").raise_for_status()


async def wait_until_held(sandbox_url: str, count: int = 1) -> None:
    """Wait until the sandbox holds `count` slow pictures (a hang guard only bounds it)."""
    async with httpx.AsyncClient() as client, asyncio.timeout(HANG_S):
        while True:
            response = await client.get(f"{sandbox_url}{PICTURES_PATH}")
            if response.json()["held"] >= count:
                return
            await asyncio.sleep(0.02)
