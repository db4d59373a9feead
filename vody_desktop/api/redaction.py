"""Keeping the API key out of every text the API layer produces (errors, details, logs)."""

from __future__ import annotations

import re

from vody_desktop.api.errors import ApiError

REDACTED = "[redacted]"


def redact(text: str, secret: str) -> str:
    """`text` with every occurrence of `secret` (any letter case) replaced by a marker."""
    if not secret or not text:
        return text
    return re.sub(re.escape(secret), REDACTED, text, flags=re.IGNORECASE)


def redact_error(error: ApiError, secret: str) -> ApiError:
    """Scrub `secret` from every text `error` carries, in place; return it for `raise`."""
    # Instance attributes cover title/advice/detail and extras such as `server_message`;
    # class-level defaults are our own wording and cannot hold the key.
    for name, value in list(vars(error).items()):
        if isinstance(value, str):
            setattr(error, name, redact(value, secret))
    error.args = tuple(redact(a, secret) if isinstance(a, str) else a for a in error.args)
    return error
