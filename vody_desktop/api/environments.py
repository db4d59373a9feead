"""The Vody environments (where the API lives) and checking a server address someone typed."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from vody_desktop.api.errors import InsecureBaseUrlError, InvalidBaseUrlError

_EXAMPLE = "Enter an address like https://prod-api.vody.com"
_HAS_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True)
class Environment:
    """A named Vody API deployment."""

    key: str  # "prod", "dev", "sandbox", "custom"
    label: str  # "Production", "Development", ...
    base_url: str


#: The key of an address the person typed, and of the local sandbox (`--demo`).
CUSTOM_KEY = "custom"
SANDBOX_KEY = "sandbox"
PRODUCTION = Environment("prod", "Production", "https://prod-api.vody.com")
DEVELOPMENT = Environment("dev", "Development", "https://dev-api.vody.com")
BUILT_IN_ENVIRONMENTS: tuple[Environment, ...] = (PRODUCTION, DEVELOPMENT)


def custom_environment(base_url: str, label: str = "Custom") -> Environment:
    """An environment at an address the person entered (checked and normalised)."""
    return Environment(CUSTOM_KEY, label, normalize_base_url(base_url))


def normalize_base_url(url: str) -> str:
    """`url` without surrounding spaces or trailing slashes; raise if unusable or insecure.

    Plain http:// is accepted only for loopback hosts (the local sandbox), because the API key
    travels in a header. An address typed without a scheme gets https://.
    """
    text = url.strip()
    if not text:
        raise InvalidBaseUrlError("Enter the server address", _EXAMPLE)
    if not _HAS_SCHEME.match(text):
        text = "https://" + text
    if any(ch.isspace() for ch in text):
        raise InvalidBaseUrlError(advice=f"The address must not contain spaces. {_EXAMPLE}")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise InvalidBaseUrlError(advice=_EXAMPLE, detail=f"Not a URL: {url.strip()!r}") from None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in ("http", "https"):
        raise InvalidBaseUrlError(
            advice=f"The address must start with https://. {_EXAMPLE}",
            detail=f"Unsupported scheme: {scheme}",
        )
    if not host:
        raise InvalidBaseUrlError(advice=_EXAMPLE, detail="The address has no host name.")
    if parts.username is not None or parts.password is not None:
        raise InvalidBaseUrlError(
            advice=f"The address must not contain a user name or password. {_EXAMPLE}"
        )
    if parts.query or parts.fragment or text.endswith(("?", "#")):
        raise InvalidBaseUrlError(
            advice=f"The address must not contain '?' or '#'. {_EXAMPLE}",
        )
    if scheme == "http" and not is_loopback_host(host):
        raise InsecureBaseUrlError(detail=f"Refused plain http:// for host {host}")
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    return f"{scheme}://{netloc}{parts.path.rstrip('/')}"


def is_loopback_host(host: str) -> bool:
    """Whether `host` (no brackets) is this computer: localhost, 127.0.0.0/8 or ::1."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
