"""`SelectedPathLabel`: "Selected: $[0].predictions[1].label" in the status bar.

Cut in the middle to fit (see `ElidedLabel`): a deep path must never widen the window; the
whole path is in the tooltip and on copy. Invisible characters in keys show as markers.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from vody_desktop.ui.result.visible_text import visible
from vody_desktop.ui.widgets.elided_label import ElidedLabel


class SelectedPathLabel(ElidedLabel):
    """The path of the selected value, or nothing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.setObjectName("pathLabel")
        self.setAccessibleName("Selected path")

    def show_path(self, path: str) -> None:
        self.set_full_text(visible(f"Selected: {path}") if path else "")
