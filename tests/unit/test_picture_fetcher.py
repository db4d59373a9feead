"""`PictureFetcher` rules that need no server: redirect limits and what the log may say.

Over `httpx.MockTransport` (the fetcher's own client, injected); the sandbox tests in
tests/e2e/test_picture_fetching.py cover the same fetcher over loopback.
"""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vody_desktop.pictures.fetching import (
    FetchSettings,
    PictureFetcher,
    PictureFetchError,
    loggable,
)


def fetch_with(handler: httpx.MockTransport, url: str) -> bytes:
    async def go() -> bytes:
        fetcher = PictureFetcher(FetchSettings(max_redirects=3), transport=handler)
        try:
            return await fetcher.fetch(url)
        finally:
            await fetcher.aclose()

    return asyncio.run(go())


def test_endless_redirects_stop_after_a_few() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        return httpx.Response(302, headers={"location": f"/hop{len(seen)}.png"})

    with pytest.raises(PictureFetchError) as raised:
        fetch_with(httpx.MockTransport(handler), "https://pictures.example/start.png")
    assert raised.value.reason == "The picture link redirects too many times."
    assert seen == ["/start.png", "/hop1.png", "/hop2.png", "/hop3.png"]


def test_each_redirect_hop_is_checked_before_it_is_requested() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.path == "/a.png":
            return httpx.Response(301, headers={"location": "https://cdn.example/b.png"})
        return httpx.Response(302, headers={"location": "https://me:pw@cdn.example/c.png"})

    with pytest.raises(PictureFetchError) as raised:
        fetch_with(httpx.MockTransport(handler), "https://pictures.example/a.png")
    assert "user name or password" in raised.value.reason
    assert seen == ["https://pictures.example/a.png", "https://cdn.example/b.png"]


def test_a_picture_is_asked_for_without_key_cookie_or_compression() -> None:
    headers: list[httpx.Headers] = []

    def handler(request: httpx.Request) -> httpx.Response:
        headers.append(request.headers)
        return httpx.Response(200, content=b"\x89PNG", headers={"content-type": "image/png"})

    assert fetch_with(httpx.MockTransport(handler), "https://pictures.example/a.png")
    names = set(headers[0].keys())
    assert names.isdisjoint({"cookie", "authorization", "x-vody-api-key"})
    assert headers[0]["accept-encoding"] == "identity"


def test_the_log_names_host_and_path_never_the_query(caplog: pytest.LogCaptureFixture) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404)

    caplog.set_level(logging.DEBUG)
    url = "https://pictures.example/private/a.png?token=s3cr3t-token#frag"
    with pytest.raises(PictureFetchError) as raised:
        fetch_with(httpx.MockTransport(handler), url)
    assert raised.value.reason == "The picture was not found (404)."
    assert "pictures.example/private/a.png" in caplog.text
    assert "s3cr3t" not in caplog.text
    assert "s3cr3t" not in raised.value.reason
    assert loggable(url) == "pictures.example/private/a.png"


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (403, "The picture server did not allow access to the picture (403)."),
        (500, "The picture server had a problem (500); try again later."),
        (410, "The picture server answered 410 Gone."),
    ],
)
def test_other_answers_get_plain_reasons(status: int, reason: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status)

    with pytest.raises(PictureFetchError) as raised:
        fetch_with(httpx.MockTransport(handler), "https://pictures.example/a.png")
    assert raised.value.reason == reason


@pytest.mark.parametrize("url", ["https://xn--/a.png", "https://a.com/\x00.png"])
def test_a_link_httpx_cannot_use_is_not_a_valid_address(url: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("never requested")

    with pytest.raises(PictureFetchError) as raised:
        fetch_with(httpx.MockTransport(handler), url)
    assert raised.value.reason == "The picture link is not a valid web address."


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40).map(lambda tail: "https://" + tail))
def test_any_link_ends_in_bytes_or_a_plain_reason(url: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404)

    with pytest.raises(PictureFetchError) as raised:
        fetch_with(httpx.MockTransport(handler), url)
    assert raised.value.reason.endswith(".")
