"""`ResultHeader`: the line above a result that says whose result it is.

"Inference 0924dcfe-… · Sandbox" while that inference's result is on show; while a lookup runs,
"… — looking it up…"; after a lookup that brought no result, "… — no result to show". So an
answer always names its ID and environment, and an earlier inference's result never sits under
a new ID (the window clears the result when a lookup starts; the history keeps it).
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from vody_desktop.ui.widgets.elided_label import ElidedLabel

SEPARATOR = " · "


class ResultHeader(ElidedLabel):
    """One bold line; hidden when nothing was looked up (or a file is shown)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName("resultHeader")
        self.setAccessibleName("Shown result")
        font = self.font()
        font.setBold(True)
        self.setFont(font)
        self.inference_id = ""
        self.environment = ""
        self._looking = False
        self.setVisible(False)

    def looking_up(self, inference_id: str, environment: str) -> None:
        self._say(inference_id, environment, "looking it up…")
        self._looking = True

    def showing(self, inference_id: str, environment: str, note: str = "") -> None:
        self._say(inference_id, environment, note)

    def no_result(self, inference_id: str, environment: str) -> None:
        self._say(inference_id, environment, "no result to show")

    def stopped(self) -> None:
        """The running lookup was cancelled: its ID stays named, with nothing shown."""
        if self._looking:
            self._say(self.inference_id, self.environment, "lookup cancelled")

    def is_looking_up(self) -> bool:
        """A lookup was started and has shown nothing yet."""
        return self._looking

    def clear(self) -> None:
        self.inference_id = self.environment = ""
        self._looking = False
        self.set_full_text("")
        self.setVisible(False)

    def _say(self, inference_id: str, environment: str, note: str) -> None:
        self._looking = False
        self.inference_id, self.environment = inference_id, environment
        text = f"Inference {inference_id}{SEPARATOR}{environment}"
        self.set_full_text(f"{text} — {note}" if note else text)
        self.setAccessibleDescription(self.text())
        self.setVisible(True)
