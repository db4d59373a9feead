"""Reading error answers: the server's message, an HTML page's title, a safe body snippet,
Retry-After, and the technical detail text that goes with every HTTP error.
"""

from __future__ import annotations

import html
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from vody_desktop.api.redaction import redact

SNIPPET_CHARS = 500
MESSAGE_CHARS = 300
MESSAGE_FIELDS = ("message", "detail", "error", "errors")
_NESTED_FIELDS = ("message", "detail", "msg", "error", "description", "title")
# Response headers that let support find the request in server or proxy logs.
REQUEST_ID_HEADERS = (
    "x-request-id",
    "request-id",
    "x-correlation-id",
    "x-amzn-requestid",
    "x-amz-apigw-id",
    "x-amzn-trace-id",
    "x-amz-cf-id",
    "cf-ray",
    "x-trace-id",
    "date",
)
_CHARSET = re.compile(r"charset\s*=\s*\"?([\w.:-]+)", re.IGNORECASE)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")


def decode_text(body: bytes, content_type: str = "", secret: str = "") -> str:
    """`body` as text: declared charset if known, else UTF-8; never raises; no control chars;
    `secret` replaced (before any caller shortens the text, so no part of it can survive)."""
    declared = _CHARSET.search(content_type)
    try:
        text = body.decode(declared.group(1) if declared else "utf-8", errors="replace")
    except LookupError:  # unknown charset, or a codec that is not a text encoding
        text = body.decode("utf-8", errors="replace")
    text = text.lstrip("\ufeff")
    # Drop control and format characters (bidi overrides too) except line breaks and tabs.
    text = "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf")
    )
    return redact(text, secret)


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def is_html(body: bytes, content_type: str) -> bool:
    if "html" in content_type.lower():
        return True
    start = body[:200].lstrip().lower()
    return start.startswith((b"<!doctype html", b"<html"))


def html_title(body: bytes, content_type: str = "", secret: str = "") -> str | None:
    """The <title> of an HTML page, unescaped and on one line, if it has one."""
    found = _TITLE.search(decode_text(body, content_type))
    if not found:
        return None
    title = redact(_SPACES.sub(" ", html.unescape(found.group(1))).strip(), secret)
    return shorten(title, 200) or None


def html_text(body: bytes, content_type: str = "", secret: str = "") -> str:
    """The visible text of an HTML page on one line (tags, scripts and styles removed)."""
    text = _SCRIPT_OR_STYLE.sub(" ", decode_text(body, content_type))
    return redact(_SPACES.sub(" ", html.unescape(_TAG.sub(" ", text))).strip(), secret)


def decode_json(body: bytes) -> object:
    """The JSON value in `body`; raises ValueError if it is not JSON (or nests absurdly deep)."""
    try:
        return json.loads(body)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    # json.loads raises JSONDecodeError / UnicodeDecodeError, both ValueErrors.


def server_message(body: bytes, content_type: str = "", secret: str = "") -> str | None:
    """The human message in an error body: JSON `message`/`detail`/`error`/`errors`, or short
    plain text. None for HTML pages, empty bodies or bodies without a message."""
    if not body.strip() or is_html(body, content_type):
        return None
    try:
        data = decode_json(body)
    except ValueError:
        text = _SPACES.sub(" ", decode_text(body, content_type, secret)).strip()
        return text if 0 < len(text) <= MESSAGE_CHARS else None
    message: str | None = None
    if isinstance(data, Mapping):
        for field in MESSAGE_FIELDS:
            message = _message_in(data.get(field), depth=0)
            if message:
                break
    elif isinstance(data, str):
        message = _message_in(data, depth=0)
    return shorten(redact(message, secret), MESSAGE_CHARS) if message else None


def _message_in(value: object, depth: int) -> str | None:
    if depth > 3:
        return None
    if isinstance(value, str):
        return _SPACES.sub(" ", value).strip() or None
    if isinstance(value, Mapping):
        for field in _NESTED_FIELDS:
            found = _message_in(value.get(field), depth + 1)
            if found:
                return found
        return None
    if isinstance(value, list):
        found_all = [m for m in (_message_in(item, depth + 1) for item in value) if m]
        if not found_all:
            return None
        shown = "; ".join(found_all[:3])
        more = len(found_all) - 3
        return shown + (f" (and {more} more)" if more > 0 else "")
    return None


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date; else None."""
    if value is None:
        return None
    text = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        seconds = float(text)
        return seconds if math.isfinite(seconds) else None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def wait_advice(retry_after_s: float | None) -> str:
    """Plain advice on when to try again ("You can try again in a few seconds.").

    Short waits are said loosely: by the time a person reads "about 3 seconds" they have passed.
    """
    if retry_after_s is None:
        return "You can try again in a minute."
    if retry_after_s <= 1:
        return "You can try again right away."
    if retry_after_s <= 10:
        return "You can try again in a few seconds."
    if retry_after_s < 90:
        return f"You can try again in about {math.ceil(retry_after_s)} seconds."
    if retry_after_s < 90 * 60:
        return f"You can try again in about {round(retry_after_s / 60)} minutes."
    return f"You can try again in about {round(retry_after_s / 3600)} hours."


def response_detail(
    *,
    method: str,
    url: str,
    status_code: int,
    reason: str,
    headers: Mapping[str, str],
    body: bytes,
    content_type: str,
    extra: Iterable[str] = (),
    secret: str = "",
) -> str:
    """The technical detail of an HTTP answer, for the "details" part of a message."""
    lines = [f"{method} {url}", f"HTTP {status_code} {reason}".rstrip()]
    for name in REQUEST_ID_HEADERS:
        value = headers.get(name)
        if value:
            text = decode_text(value.encode("utf-8", "replace"), "", secret)
            lines.append(f"{name}: {shorten(text, 200)}")
    lines.extend(extra)
    if content_type:
        lines.append(f"Content-Type: {content_type}")
    if not body.strip():
        lines.append("Response body: (empty)")
    elif is_html(body, content_type):
        title = html_title(body, content_type, secret)
        if title:
            lines.append(f"Page title: {title}")
        page_text = html_text(body, content_type, secret)
        lines.append("Page text (start): " + shorten(page_text, SNIPPET_CHARS))
    else:
        lines.append("Response body (start):")
        lines.append(shorten(decode_text(body, content_type, secret).strip(), SNIPPET_CHARS))
    return "\n".join(lines)
