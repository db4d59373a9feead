"""Built-in environments and checking a server address someone typed."""

from __future__ import annotations

import pytest

from vody_desktop.api.environments import (
    BUILT_IN_ENVIRONMENTS,
    DEVELOPMENT,
    PRODUCTION,
    custom_environment,
    is_loopback_host,
    normalize_base_url,
)
from vody_desktop.api.errors import InsecureBaseUrlError, InvalidBaseUrlError


def test_built_in_environments_match_the_reference() -> None:
    assert PRODUCTION.base_url == "https://prod-api.vody.com"
    assert DEVELOPMENT.base_url == "https://dev-api.vody.com"
    assert [e.key for e in BUILT_IN_ENVIRONMENTS] == ["prod", "dev"]
    assert [e.label for e in BUILT_IN_ENVIRONMENTS] == ["Production", "Development"]


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("https://prod-api.vody.com", "https://prod-api.vody.com"),
        ("  https://prod-api.vody.com///  ", "https://prod-api.vody.com"),
        ("HTTPS://Prod-API.Vody.com/", "https://prod-api.vody.com"),
        ("https://gateway.example.com/vody/", "https://gateway.example.com/vody"),
        ("https://example.com:8443", "https://example.com:8443"),
        ("prod-api.vody.com", "https://prod-api.vody.com"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("http://127.1.2.3:8000/", "http://127.1.2.3:8000"),
        ("http://localhost:5000", "http://localhost:5000"),
        ("http://[::1]:8080", "http://[::1]:8080"),
    ],
)
def test_addresses_are_normalised(typed: str, normalised: str) -> None:
    assert normalize_base_url(typed) == normalised


@pytest.mark.parametrize(
    "typed",
    ["http://prod-api.vody.com", "http://10.0.0.5:8000", "http://localhost.example.com"],
)
def test_plain_http_is_refused_for_other_computers(typed: str) -> None:
    with pytest.raises(InsecureBaseUrlError) as info:
        normalize_base_url(typed)
    assert info.value.title == "The server address must start with https://"
    assert "unprotected" in info.value.advice


@pytest.mark.parametrize(
    ("typed", "advice_part"),
    [
        ("", "https://prod-api.vody.com"),
        ("   ", "https://prod-api.vody.com"),
        ("ftp://prod-api.vody.com", "must start with https://"),
        ("https://", "https://prod-api.vody.com"),
        ("https://user:pw@prod-api.vody.com", "user name or password"),
        ("https://prod-api.vody.com/?x=1", "'?' or '#'"),
        ("https://prod-api.vody.com/#top", "'?' or '#'"),
        ("https://prod api.vody.com", "spaces"),
        ("https://prod-api.vody.com:99999", "https://prod-api.vody.com"),
    ],
)
def test_unusable_addresses_are_explained(typed: str, advice_part: str) -> None:
    with pytest.raises(InvalidBaseUrlError) as info:
        normalize_base_url(typed)
    assert advice_part in info.value.advice
    assert info.value.title in ("The server address is not valid", "Enter the server address")


def test_empty_address_asks_for_one() -> None:
    with pytest.raises(InvalidBaseUrlError) as info:
        normalize_base_url("")
    assert info.value.title == "Enter the server address"


def test_custom_environment_is_normalised() -> None:
    env = custom_environment(" http://127.0.0.1:8000/ ")
    assert (env.key, env.label, env.base_url) == ("custom", "Custom", "http://127.0.0.1:8000")


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("localhost", True),
        ("127.0.0.1", True),
        ("127.255.0.9", True),
        ("::1", True),
        ("10.0.0.1", False),
        ("example.com", False),
        ("128.0.0.1", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback
