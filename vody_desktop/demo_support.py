"""Whether `--demo` can start the sandbox server here, and what to say when it cannot.

The sandbox runs as `python -m vody_desktop.sandbox` and needs starlette and uvicorn (the
`sandbox` extra). The installed bundle leaves all of that out, and its executable is the app
itself, so `--demo` there would only start a second window: it must explain instead.
"""

from __future__ import annotations

import importlib.util
import sys

from vody_desktop.errors import UserFacingError

_SANDBOX_MODULES = ("vody_desktop.sandbox", "starlette", "uvicorn")
_INSTEAD = (
    "To look up real inferences, choose Production or Development, enter your API key and an "
    "inference ID."
)


class DemoUnavailableError(UserFacingError):
    """`--demo` was asked for, but this installation has no sandbox server."""

    title = "The demo server is not part of this installation"


def demo_unavailable() -> DemoUnavailableError | None:
    """Why `--demo` cannot work here, or None when it can."""
    if getattr(sys, "frozen", False):
        return DemoUnavailableError(
            advice="The demo comes only with the developer version (make demo). " + _INSTEAD,
            detail="This is an installed bundle; the sandbox server is left out of it.",
        )
    missing = [name for name in _SANDBOX_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        return DemoUnavailableError(
            advice="Install it with: pip install 'vody-desktop[sandbox]'. " + _INSTEAD,
            detail="Missing Python modules: " + ", ".join(missing),
        )
    return None
