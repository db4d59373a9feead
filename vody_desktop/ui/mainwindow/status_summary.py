"""`StatusSummary`: the inference's status in a few words above the results.

Shows the model, the status in plain words, when it was created and last updated (local time),
how many items were requested and returned (with thousands separators, as the tree counts
them), and how long the inference took; "not finished yet" while it runs, since a running
inference reports 0 s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QWidget

from vody_desktop.words import local_time, status_words

if TYPE_CHECKING:  # the API's models come with the lookups, after the first paint
    from vody_desktop.api.models import InferenceStatus

_FIELDS = ("Model", "Status", "Items", "Created", "Updated", "Took")


def _items(status: InferenceStatus) -> str:
    requested, returned = status.request_item_count, status.response_item_count
    if requested is None and returned is None:
        return "—"
    sent = "?" if requested is None else f"{requested:,}"
    back = "?" if returned is None else f"{returned:,}"
    return f"{sent} sent, {back} returned"


def _took(status: InferenceStatus) -> str:
    if status.status == "in_progress":
        return "not finished yet"
    seconds = status.response_time_s
    if seconds is None:
        return "—"
    if seconds < 60:
        return f"{seconds:.2f} s"
    minutes, rest = divmod(seconds, 60)
    if minutes < 60:
        return f"{int(minutes)} min {rest:.0f} s"
    hours, minutes = divmod(minutes, 60)
    return f"{int(hours):,} h {int(minutes)} min"


class StatusSummary(QFrame):
    """Label/value pairs in a grid; hidden until a status is known."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusSummary")
        self.setAccessibleName("Inference status")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QGridLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setHorizontalSpacing(12)
        self._values: dict[str, QLabel] = {}
        for position, name in enumerate(_FIELDS):
            row, pair = divmod(position, 3)
            caption = QLabel(f"{name}:")
            value = QLabel("—")
            value.setObjectName(f"summary{name}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            # The server's words (a model name) must not widen the window: cut, not stretched.
            value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            layout.addWidget(caption, row, pair * 2, Qt.AlignmentFlag.AlignRight)
            layout.addWidget(value, row, pair * 2 + 1)
            self._values[name] = value
        for column in (1, 3, 5):
            layout.setColumnStretch(column, 1)
        self.setVisible(False)

    def show_status(self, status: InferenceStatus) -> None:
        values = {
            "Model": status.model or "—",
            "Status": status_words(status.status),
            "Items": _items(status),
            "Created": local_time(status.created_at),
            "Updated": local_time(status.updated_at),
            "Took": _took(status),
        }
        for name, text in values.items():
            self._values[name].setText(text)
        self._values["Created"].setToolTip("Local time on this computer")
        self._values["Updated"].setToolTip("Local time on this computer")
        self.setAccessibleDescription(self.text())
        self.setVisible(True)

    def show_unavailable(self, reason: str) -> None:
        for label in self._values.values():
            label.setText("—")
        self._values["Status"].setText(reason)
        self.setVisible(True)

    def clear(self) -> None:
        for label in self._values.values():
            label.setText("—")
        self.setVisible(False)

    def text(self) -> str:
        """The summary as one line of "Name: value" pairs, as shown."""
        return " · ".join(f"{name}: {label.text()}" for name, label in self._values.items())
