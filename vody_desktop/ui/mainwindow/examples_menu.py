"""Lookup > Examples: the sandbox's inferences, each with what it shows (demo mode only).

A newcomer running the demo should not need docs/sandbox.md to find an ID: each menu entry reads
"what it is  ID"; picking one fills in the ID and fetches it from the sandbox. The entries come
from `vody_desktop.demo_support.demo_examples()`, which the demo launcher passes in; the window
never imports the sandbox itself (the installed bundle has none).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import groupby

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu


@dataclass(frozen=True)
class Example:
    """One inference the demo's sandbox knows, for Lookup > Examples."""

    inference_id: str
    description: str
    group: str


def fill_examples_menu(
    menu: QMenu, examples: Sequence[Example], pick: Callable[[str], None]
) -> None:
    """Fill the Examples menu with a section per group; an entry calls `pick(id)`."""
    menu.setToolTipsVisible(True)
    for group, members in groupby(examples, key=lambda example: example.group):
        menu.addSection(group)
        for example in members:
            # After a tab the ID sits right-aligned in the shortcut column, apart from the text.
            action = QAction(f"{example.description.replace('&', '&&')}\t{example.inference_id}")
            action.setParent(menu)
            action.setObjectName(f"example-{example.inference_id}")
            action.setToolTip(f"Fetch {example.inference_id} from the sandbox")
            action.setStatusTip(f"Fetch {example.inference_id}: {example.description}")
            action.setData(example.inference_id)
            action.triggered.connect(
                lambda _checked=False, inference_id=example.inference_id: pick(inference_id)
            )
            menu.addAction(action)
