"""Paths during the walk: a chain of (parent, step) pairs, made into a tuple only when needed.

A 10,000-level document would copy a growing tuple at every level (50 million steps copied);
a chain shares its parent, and only a difference's path is spelled out.
"""

from __future__ import annotations

from typing import TypeAlias

from vody_desktop.compare.differences import PathStep
from vody_desktop.document.node import path_segment

#: None for the root, else (the parent's steps, this step).
Steps: TypeAlias = "tuple[Steps, PathStep] | None"


def step_tuple(steps: Steps) -> tuple[PathStep, ...]:
    """The steps from the root, in order."""
    found: list[PathStep] = []
    while steps is not None:
        steps, step = steps
        found.append(step)
    found.reverse()
    return tuple(found)


def path_text(steps: tuple[PathStep, ...]) -> str:
    """The JSONPath in the app's spelling: `$[3].top_prediction.color`, `$['odd key']`."""
    return "$" + "".join(path_segment(step) for step in steps)
