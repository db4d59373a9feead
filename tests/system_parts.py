"""Tests that need a part of the operating system: a tool, a service, or a system to run on.

Two different reasons a test does not run, kept apart on purpose:

- The part does not exist on this kind of system (a freedesktop validator on Windows): the test
  is skipped by platform, with `linux_only`, everywhere including CI.
- The part exists on this system but is not installed: `require_tool` skips on a developer's
  machine (with the package to install), but under CI (the `CI` variable is set, as GitHub
  Actions and `.ci/run` do) it fails the test, so a missing install step cannot hide behind a
  green run. scripts/ensure-system-libs.sh installs every package named here.
"""

from __future__ import annotations

import os
import shutil
import sys
from typing import NoReturn

import pytest

#: For a test (or a module's `pytestmark`) that needs a Linux-only part.
linux_only = pytest.mark.skipif(
    sys.platform != "linux", reason="needs a part that only Linux has (freedesktop, D-Bus)"
)


def in_ci() -> bool:
    """Whether this run is a CI run, where a missing system part is an error."""
    return bool(os.environ.get("CI", "").strip())


def missing_part(message: str) -> NoReturn:
    """Skip the test here, fail it under CI; `message` says what is missing and how to get it."""
    if in_ci():
        pytest.fail(f"{message} (CI must install it: scripts/ensure-system-libs.sh)")
    pytest.skip(message)


def require_tool(name: str, package: str) -> str:
    """The full path of the program `name`; skips (fails under CI) when it is not installed."""
    path = shutil.which(name)
    if path is None:
        missing_part(
            f"{name} is not installed (Debian package {package}; scripts/ensure-system-libs.sh)"
        )
    return path
