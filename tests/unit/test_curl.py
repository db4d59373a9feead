"""Copy as curl: the two requests of a lookup, the key only when asked for."""

from __future__ import annotations

import pytest

from vody_desktop.api.curl import curl_commands
from vody_desktop.errors import UserFacingError

ID = "0924dcfe-a593-4e42-8c7b-4fca9a149777"


def test_key_is_a_shell_variable_by_default() -> None:
    text = curl_commands("https://prod-api.vody.com/", f" {ID.upper()} ")
    assert text.splitlines() == [
        'curl --fail-with-body -sS -H "x-vody-api-key: $VODY_API_KEY" '
        f"https://prod-api.vody.com/inference/{ID}/status",
        'curl --fail-with-body -sS -H "x-vody-api-key: $VODY_API_KEY" '
        f"https://prod-api.vody.com/inference/{ID}/results",
    ]


def test_key_is_included_and_quoted_when_asked_for() -> None:
    text = curl_commands("https://prod-api.vody.com", ID, "k3y'with quote")
    assert "-H 'x-vody-api-key: k3y'\"'\"'with quote'" in text
    assert "$VODY_API_KEY" not in text


def test_bad_input_gives_the_usual_message() -> None:
    with pytest.raises(UserFacingError):
        curl_commands("https://prod-api.vody.com", "not an id")
