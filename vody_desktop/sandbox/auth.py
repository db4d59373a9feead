"""API key checking: constant-time comparison against every accepted key."""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from enum import Enum


class KeyCheck(Enum):
    """Outcome of checking the ``x-vody-api-key`` header."""

    MISSING = "missing"
    UNKNOWN = "unknown"
    VALID = "valid"


class KeyRing:
    """The accepted API keys."""

    def __init__(self, keys: Iterable[str]) -> None:
        self._keys = tuple(dict.fromkeys(k.encode("utf-8") for k in keys if k))

    def __len__(self) -> int:
        return len(self._keys)

    def check(self, presented: bytes | None) -> KeyCheck:
        """Classify a header value; compares with every key so timing does not tell which."""
        if presented is None or not presented.strip():
            return KeyCheck.MISSING
        matched = False
        for key in self._keys:
            matched |= hmac.compare_digest(presented, key)
        return KeyCheck.VALID if matched else KeyCheck.UNKNOWN
