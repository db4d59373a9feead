"""Reading error bodies: messages, HTML titles, snippets, Retry-After, redaction, sizes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from vody_desktop.api.bodies import (
    decode_text,
    html_title,
    parse_retry_after,
    server_message,
    wait_advice,
)
from vody_desktop.api.errors import InferenceFailedError
from vody_desktop.api.redaction import redact, redact_error

NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
KEY = "1234abcd-bdde-1234-a39a-3ff12ce386d5"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"message": "Inference not found"}, "Inference not found"),
        ({"detail": "Not authenticated"}, "Not authenticated"),
        ({"error": "rate limit exceeded"}, "rate limit exceeded"),
        ({"error": {"code": "E1", "message": "Bad  ID\n given"}}, "Bad ID given"),
        ({"errors": ["first", "second"]}, "first; second"),
        (
            {"errors": [{"message": "a"}, {"message": "b"}, {"msg": "c"}, {"msg": "d"}]},
            "a; b; c (and 1 more)",
        ),
        (
            {"detail": [{"loc": ["path", "id"], "msg": "value is not a valid uuid"}]},
            "value is not a valid uuid",
        ),
        ({"message": "", "detail": "fallback"}, "fallback"),
        ({"status": "failed"}, None),
        ({"message": 42}, None),
        ("just a string", "just a string"),
        ([1, 2], None),
    ],
)
def test_server_message_from_json_fields(body: object, message: str | None) -> None:
    assert server_message(json.dumps(body).encode()) == message


def test_server_message_from_short_plain_text() -> None:
    assert server_message(b"Forbidden\n", "text/plain") == "Forbidden"
    assert server_message(b"x" * 1000, "text/plain") is None
    assert server_message(b"", "application/json") is None
    assert server_message(b"<html><title>502</title></html>", "text/html") is None


def test_long_messages_are_shortened() -> None:
    message = server_message(json.dumps({"message": "m" * 1000}).encode())
    assert message is not None
    assert len(message) == 300
    assert message.endswith("…")


def test_html_title_is_unescaped_and_on_one_line() -> None:
    page = b"<html><head><TITLE>\n  502 Bad Gateway &amp; more\n</TITLE></head></html>"
    assert html_title(page) == "502 Bad Gateway & more"
    assert html_title(b"<html><body>no title</body></html>") is None


def test_decode_text_is_safe() -> None:
    assert decode_text(b"caf\xc3\xa9 \xff ok") == "café \ufffd ok"
    assert decode_text("café".encode("latin-1"), "text/plain; charset=ISO-8859-1") == "café"
    assert decode_text(b"abc", "text/plain; charset=no-such-codec") == "abc"
    assert decode_text(b"abc", "text/plain; charset=base64") == "abc"
    # Terminal escapes and bidi overrides could disguise text in the details pane.
    assert decode_text("a\x1b[31mb\u202ec\x00d\ne".encode()) == "a[31mbcd\ne"


def test_decode_text_scrubs_the_secret() -> None:
    assert decode_text(f"key={KEY.upper()}".encode(), "", KEY) == "key=[redacted]"


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("30", 30.0),
        (" 0 ", 0.0),
        ("1.5", 1.5),
        (format_datetime(NOW + timedelta(seconds=120), usegmt=True), 120.0),
        ("Wed, 01 May 2024 12:02:00 GMT", 120.0),
        ("Wed, 01 May 2024 11:00:00 GMT", 0.0),  # in the past: no wait
        (None, None),
        ("", None),
        ("soon", None),
        ("-5", None),
        ("Wed, 99 Foo 2024 12:02:00 GMT", None),
    ],
)
def test_retry_after_as_seconds_or_http_date(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, now=NOW) == seconds


@pytest.mark.parametrize(
    ("seconds", "advice"),
    [
        (None, "You can try again in a minute."),
        (0.5, "You can try again right away."),
        (3, "You can try again in a few seconds."),
        (30, "You can try again in about 30 seconds."),
        (120, "You can try again in about 2 minutes."),
        (7200, "You can try again in about 2 hours."),
    ],
)
def test_wait_advice(seconds: float | None, advice: str) -> None:
    assert wait_advice(seconds) == advice


def test_redact_is_case_insensitive_and_ignores_empty_secret() -> None:
    assert redact(f"a {KEY} b {KEY.upper()}", KEY) == "a [redacted] b [redacted]"
    assert redact("nothing", "") == "nothing"


def test_redact_error_scrubs_every_text() -> None:
    error = InferenceFailedError(
        f"title {KEY}", f"advice {KEY}", f"detail {KEY}", server_message=f"said {KEY}"
    )
    redact_error(error, KEY)
    texts = [error.title, error.advice, error.detail, error.server_message or "", str(error)]
    texts.append(repr(error))
    assert all(KEY not in text for text in texts)
    assert error.server_message == "said [redacted]"
