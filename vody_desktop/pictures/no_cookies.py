"""A cookie jar that keeps no cookie and sends none: the picture client's.

A module of its own because `http.cookiejar` (with `urllib.request`, `http.client` and the
`email` parser it brings) costs about 10 ms to import: it is imported with httpx when the first
picture is fetched, not with the window that may show pictures one day.
"""

from __future__ import annotations

from http.cookiejar import CookieJar, CookiePolicy
from typing import Any


class _NoCookies(CookiePolicy):
    """Neither keeps a cookie a picture server sets nor sends one."""

    netscape = True
    rfc2965 = False
    hide_cookie2 = True

    def set_ok(self, cookie: Any, request: Any) -> bool:
        return False

    def return_ok(self, cookie: Any, request: Any) -> bool:
        return False

    def domain_return_ok(self, domain: str, request: Any) -> bool:
        return False

    def path_return_ok(self, path: str, request: Any) -> bool:
        return False


def cookieless_jar() -> CookieJar:
    """A jar whose policy refuses every cookie, both ways."""
    return CookieJar(policy=_NoCookies())
