"""Whether `--demo` can start the sandbox server here, and what to say when it cannot.

The sandbox runs as `python -m vody_desktop.sandbox` and needs starlette and uvicorn (the
`sandbox` extra). The installed bundle leaves all of that out, and its executable is the app
itself, so `--demo` there would only start a second window: it must explain instead.

`demo_examples()` hands the sandbox's catalogue to the window (Lookup > Examples) without the
window importing the sandbox.
"""

from __future__ import annotations

import importlib.util
import sys
from typing import TYPE_CHECKING

from vody_desktop.errors import UserFacingError

if TYPE_CHECKING:
    from vody_desktop.ui.mainwindow.examples_menu import Example

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


def demo_examples() -> tuple[Example, ...]:
    """The sandbox catalogue as examples (results first, then server problems).

    Only the demo launcher calls this, after it started the sandbox: the window gets the list
    and never imports the sandbox package itself.
    """
    from vody_desktop.sandbox.catalogue import ENTRIES
    from vody_desktop.ui.mainwindow.examples_menu import Example

    def group(kind: str) -> str:
        return "Problems the server can have" if kind == "fault" else "Inferences"

    ordered = sorted(ENTRIES, key=lambda entry: entry.kind == "fault")  # stable: catalogue order
    return tuple(Example(e.inference_id, e.title, group(e.kind)) for e in ordered)
