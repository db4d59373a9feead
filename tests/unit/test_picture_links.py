"""Which values are picture links, and which links may be fetched (vody_desktop/pictures/links)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vody_desktop.pictures.links import is_picture_link, refusal


@pytest.mark.parametrize(
    "value",
    [
        "https://vody.com/images/playground/color-labels/0.png",
        "https://cdn.example/a/b/photo.JPG",
        "https://cdn.example/a.jpeg?size=large&token=abc",
        "https://cdn.example/a.webp#top",
        "http://127.0.0.1:8765/images/catalogue/000001-shoe-fe2934.png",
        "https://cdn.example/anim.gif",
        "https://cdn.example/old.bmp",
    ],
)
def test_links_ending_in_a_picture_extension_are_pictures(value: str) -> None:
    assert is_picture_link(value)


@pytest.mark.parametrize(
    "value",
    [
        "https://vody.com/docs/guide.html",
        "https://cdn.example/png",  # no extension, just a name
        "https://cdn.example/a.png.txt",
        "https://cdn.example/a?file=b.png",  # the extension is in the query, not the path
        "ftp://cdn.example/a.png",
        "file:///home/me/a.png",
        "a.png",
        "",
        "#FE2934",
    ],
)
def test_other_values_are_not_pictures(value: str) -> None:
    assert not is_picture_link(value)


@pytest.mark.parametrize(
    "key",
    [
        "image_path",
        "image_url",
        "image",
        "thumbnail",
        "picture",
        "photo",
        "photoUrl",
        "items.0.image_path",
        "ThumbnailURL",
        "product_img",
    ],
)
def test_any_web_link_under_a_picture_key_is_a_picture(key: str) -> None:
    assert is_picture_link("https://cdn.example/render?id=42", key)


@pytest.mark.parametrize("key", ["url", "href", "homepage", "imagination", "category"])
def test_a_web_link_without_extension_under_another_key_is_not(key: str) -> None:
    assert not is_picture_link("https://cdn.example/render?id=42", key)


def test_a_picture_key_does_not_make_text_a_link() -> None:
    assert not is_picture_link("not a link", "image_path")


@pytest.mark.parametrize(
    "url",
    [
        "https://vody.com/images/0.png",
        "http://127.0.0.1:8765/images/0.png",
        "http://localhost/images/0.png",
        "http://[::1]:9000/images/0.png",
        "HTTPS://CDN.EXAMPLE/A.PNG",
    ],
)
def test_https_and_plain_http_to_this_computer_may_be_fetched(url: str) -> None:
    assert refusal(url) is None


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://vody.com/images/0.png", "plain http"),
        ("http://192.168.1.4/0.png", "plain http"),
        ("http://127.0.0.1.example.com/0.png", "plain http"),
        ("https://user:secret@vody.com/0.png", "user name or password"),
        ("https://token@vody.com/0.png", "user name or password"),
        ("http://me@127.0.0.1/0.png", "user name or password"),
        ("ftp://vody.com/0.png", "Only web links"),
        ("https:///0.png", "no server name"),
        ("https://vody.com:port/0.png", "not a valid web address"),
        ("https://[::1/0.png", "not a valid web address"),
    ],
)
def test_refused_links_say_why_in_plain_words(url: str, words: str) -> None:
    reason = refusal(url)
    assert reason is not None
    assert words in reason
    assert "secret" not in reason  # the reason never repeats the link's credentials


@given(st.text(max_size=200))
def test_refusal_answers_any_text_without_raising(text: str) -> None:
    reason = refusal(text)
    assert reason is None or reason.endswith(".")


@given(
    host=st.from_regex(r"[a-z][a-z0-9-]{0,20}(\.[a-z]{2,6}){1,2}", fullmatch=True),
    path=st.from_regex(r"(/[A-Za-z0-9_-]{1,10}){0,4}", fullmatch=True),
)
def test_every_https_link_without_credentials_may_be_fetched(host: str, path: str) -> None:
    assert refusal(f"https://{host}{path}/a.png") is None
    assert refusal(f"http://{host}{path}/a.png") is not None
