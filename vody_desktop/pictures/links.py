"""Which strings in a result are links to pictures, and which of those may be fetched.

A value is a picture link when it is an http(s) URL whose path ends in a picture extension, or
any http(s) URL under a key that names a picture (``image_path``, ``thumbnail``, ``photoUrl``…).
Whether it may be fetched is a separate question (`refusal`): https only, plain http only to
this computer, never a link that carries a user name or password.
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import urlsplit

PICTURE_EXTENSIONS: Final = frozenset({"png", "jpg", "jpeg", "gif", "webp", "bmp"})

#: Words in a key that say its value is a picture (``image_path``, ``thumbnailUrl``, ``photo``).
PICTURE_KEY_WORDS: Final = frozenset({"image", "img", "thumbnail", "thumb", "picture", "photo"})

#: Plain http is allowed only to these hosts: nothing leaves this computer unencrypted.
LOOPBACK_HOSTS: Final = frozenset({"127.0.0.1", "::1", "localhost"})

#: Longer links are not pictures anyone typed; they are refused rather than parsed.
MAX_LINK_LENGTH: Final = 8192

_KEY_WORD: Final = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


def _is_web_link(value: str) -> bool:
    return value[:8].lower().startswith(("http://", "https://")) and len(value) <= MAX_LINK_LENGTH


def _key_names_a_picture(key: str) -> bool:
    # The last part of a dotted column id ("items.0.image_path" -> "image_path").
    last = key.rsplit(".", 1)[-1]
    words = {word.lower() for word in _KEY_WORD.findall(last)}
    return not words.isdisjoint(PICTURE_KEY_WORDS)


def _has_picture_extension(value: str) -> bool:
    try:
        path = urlsplit(value).path
    except ValueError:
        return False
    name = path.rsplit("/", 1)[-1]
    return "." in name and name.rsplit(".", 1)[-1].lower() in PICTURE_EXTENSIONS


def is_picture_link(value: str, key: str | None = None) -> bool:
    """Whether `value` links to a picture: an http(s) URL ending in a picture extension (the
    query and fragment ignored), or any http(s) URL under a picture key such as ``image_path``.

    Says nothing about whether the link may be fetched: ask `refusal` for that.
    """
    if not isinstance(value, str) or not _is_web_link(value):
        return False
    if key is not None and _key_names_a_picture(key):
        return True
    return _has_picture_extension(value)


def refusal(url: str) -> str | None:
    """Why this link will not be fetched, in plain words; None when it may be.

    https links are fetched; plain http only from this computer (127.0.0.1, ::1, localhost),
    where nothing crosses a network; a link with a user name or password never (it would
    send them along).
    """
    if len(url) > MAX_LINK_LENGTH:
        return "The picture link is too long to be a real link."
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "The picture link is not a valid web address."
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return "Only web links (https) are loaded as pictures."
    if not host:
        return "The picture link has no server name."
    if parts.username is not None or parts.password is not None:
        return "The picture link contains a user name or password, so it is not loaded."
    if scheme == "http" and host not in LOOPBACK_HOSTS:
        return (
            "The picture link uses plain http, which is not private; "
            "only https links are loaded (plain http only from this computer)."
        )
    return None
