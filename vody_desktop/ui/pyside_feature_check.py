"""A quicker answer to the question PySide6 asks of every module imported after it.

PySide6 wants to know, for each module imported once it is loaded, whether that module uses
PySide6 (its `__feature__` switching, PYSIDE-2029): `shibokensupport.feature._mod_uses_pyside`
reads the module's source with `inspect.getsource` and looks for "PySide6" in it. That costs
0.1-0.2 ms a module, 20-30 ms over the ~200 modules the window's first paint imports after Qt.
The same question answered from the source file's bytes costs a tenth of that; modules without
a plain `.py` file still get PySide6's own answer.

`install()` replaces the function once, at start-up (app.py); when a PySide6 release no longer
has it, nothing is replaced and imports are as slow as PySide6 makes them, no slower.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

#: What PySide6 looks for in a module's source.
MARK = b"PySide6"
_FAST = "_vody_reads_bytes"


def install() -> bool:
    """Answer PySide6's per-import question from file bytes; True when it was replaced now."""
    import PySide6.QtCore  # noqa: F401 - its import loads shiboken's feature module

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original) or getattr(original, _FAST, False):
        return False
    feature._mod_uses_pyside = uses_pyside_by_bytes(original)  # type: ignore[attr-defined]
    return True


def uses_pyside_by_bytes(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    """`original`'s answer, from the bytes of the module's `.py` file when it has one."""

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return MARK in source.read()
            except OSError:
                pass  # not on disk (a zip, an embedded module): PySide6 knows how to look
        return original(module)

    setattr(uses_pyside, _FAST, True)
    return uses_pyside
