"""The rule for tests that need a system part: skipped on a developer's machine, failed in CI."""

from __future__ import annotations

import os
import sys

import pytest

from tests.system_parts import require_tool

ABSENT = "vody-no-such-tool-4f1c"


def test_a_missing_tool_skips_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)

    with pytest.raises(pytest.skip.Exception, match=f"{ABSENT} is not installed.*pkg-x"):
        require_tool(ABSENT, "pkg-x")


@pytest.mark.parametrize("value", ["true", "1"])
def test_a_missing_tool_fails_in_ci(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CI", value)

    with pytest.raises(pytest.fail.Exception, match=f"{ABSENT} is not installed.*pkg-x"):
        require_tool(ABSENT, "pkg-x")


def test_an_installed_tool_gives_its_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")

    found = require_tool(sys.executable, "python3")

    assert os.path.samefile(found, sys.executable)
