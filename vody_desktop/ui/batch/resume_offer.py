"""`ResumeOffer`: the band at the top of the batch window that offers to resume a batch left
unfinished ("Resume the batch of 200 IDs started at 14:02 (37 done)?"), or to start a new one.

It only shows the offer and says what was chosen (`resumeRequested`, `newBatchRequested`, each
with the `UnfinishedBatch`); the window does the rest.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from vody_desktop.ui.batch.unfinished import UnfinishedBatch


class ResumeOffer(QFrame):
    """Hidden until `show_offer()`; see the module docstring."""

    resumeRequested = Signal(object)
    newBatchRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batchResumeOffer")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.offered: UnfinishedBatch | None = None
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.resume_button = QPushButton("&Resume")
        self.resume_button.setObjectName("batchResumeOfferButton")
        self.new_button = QPushButton("Start a &new batch")
        self.new_button.setObjectName("batchNewBatchButton")
        self.new_button.setToolTip("Forget the unfinished batch (its files stay)")
        row = QHBoxLayout(self)
        row.addWidget(self.label, 1)
        row.addWidget(self.resume_button)
        row.addWidget(self.new_button)
        self.setVisible(False)
        self.resume_button.clicked.connect(self._on_resume_button_clicked)
        self.new_button.clicked.connect(self._on_new_button_clicked)

    def show_offer(self, found: UnfinishedBatch) -> None:
        self.offered = found
        self.label.setText(found.offer())
        self.setVisible(True)
        self.resume_button.setFocus()

    def withdraw(self) -> UnfinishedBatch | None:
        """Hide the offer; returns what was offered."""
        offered, self.offered = self.offered, None
        self.setVisible(False)
        return offered

    def _on_resume_button_clicked(self) -> None:
        if self.offered is not None:
            self.resumeRequested.emit(self.offered)

    def _on_new_button_clicked(self) -> None:
        offered = self.withdraw()
        if offered is not None:
            self.newBatchRequested.emit(offered)
