"""`ExportProgress`: the bytes written so far, a busy bar and Cancel, while an export runs.

Sits in the status bar; appears only when an export takes longer than a moment, so small ones
do not flicker. It reads `ExportJob.bytes_written` on a timer (the job runs in a thread).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from vody_desktop.document.export_job import ExportJob
from vody_desktop.words import human_size

PROGRESS_TICK_MS = 100
PROGRESS_SHOW_AFTER_S = 0.3  # small exports finish before the panel would only flicker


class ExportProgress(QWidget):
    """ "Saving name… 12 MB" with a busy bar and Cancel, in the status bar while exporting."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportProgress")
        self.label = QLabel()
        self.label.setObjectName("exportProgressLabel")
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # the size of the output is not known in advance
        self.bar.setMaximumWidth(120)
        self.bar.setAccessibleName("Export progress")
        self.cancel_button = QPushButton("Cancel export")
        self.cancel_button.setObjectName("exportCancelButton")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.setVisible(False)
        self._job: ExportJob | None = None
        self._started = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(PROGRESS_TICK_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)

    def track(self, job: ExportJob) -> None:
        self._job = job
        self._started = time.monotonic()
        self._timer.start()

    def finish(self) -> None:
        self._job = None
        self._timer.stop()
        self.setVisible(False)

    def _on_timer_timeout(self) -> None:
        job = self._job
        if job is None:
            return
        if time.monotonic() - self._started >= PROGRESS_SHOW_AFTER_S:
            self.setVisible(True)
        self.label.setText(f"Saving {job.path.name}… {human_size(job.bytes_written)}")

    def _on_cancel_button_clicked(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.label.setText("Cancelling…")
