"""`CompareWindow`: what changed between two results (Lookup > Compare…, Ctrl+D).

A top-level window of its own (`compareWindow`), owned by the main window and not modal. Two
sides, "A (reference)" and "B (to check)" (sources.py); Compare (Enter in a field, or
Ctrl+Enter anywhere) gets both at once and compares them off the UI thread (runner.py), with a
progress bar and Cancel (Esc). Then the summary line (`compareSummary`), the Differences tab
(differences_view.py), the Items tab when both results hold a list of items (compare-items'
`ChangedItemsView`), and the hand-on buttons: Copy summary and Save report… (Ctrl+S).
The tolerances are the ones in Preferences when Compare is pressed.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vody_desktop import APP_NAME
from vody_desktop.api.client import ClientSettings
from vody_desktop.api.environments import Environment
from vody_desktop.compare.differences import CompareOptions
from vody_desktop.compare.summary import summary_line
from vody_desktop.compare.tolerances import options_from_texts
from vody_desktop.errors import UserFacingError
from vody_desktop.store.settings import (
    COMPARE_ABSOLUTE_TOLERANCE,
    COMPARE_RELATIVE_TOLERANCE,
    LOAD_PICTURES,
    AppSettings,
)
from vody_desktop.ui.compare.changed_items import ChangedItemsView
from vody_desktop.ui.compare.differences_view import DifferencesView
from vody_desktop.ui.compare.report_saver import ReportSaver, Shown
from vody_desktop.ui.compare.runner import CompareOutcome, CompareRunner, KeySource, SideProblem
from vody_desktop.ui.compare.sources import MainResultSource, SourcePicker
from vody_desktop.ui.widgets.message_area import MessageArea

ITEMS_TAB = 1
#: The environments to offer (the main form's) and the one it is on.
Environments = Callable[[], tuple[Sequence[Environment], str]]


def compare_options(settings: AppSettings) -> CompareOptions:
    """The options of the next comparison: the tolerances in Preferences."""
    return options_from_texts(
        settings.get(COMPARE_ABSOLUTE_TOLERANCE), settings.get(COMPARE_RELATIVE_TOLERANCE)
    )


class CompareWindow(QWidget):
    """See the module docstring."""

    def __init__(
        self,
        *,
        settings: AppSettings,
        keys: KeySource,
        client_settings: Callable[[], ClientSettings],
        main_result: MainResultSource,
        environments: Environments,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("compareWindow")
        self.setWindowTitle(f"Compare two results — {APP_NAME}")
        self._settings = settings
        self._environments = environments
        self.outcome: CompareOutcome | None = None

        self.messages = MessageArea()
        self.side_a = SourcePicker("A", "A (reference)", main_result)
        self.side_b = SourcePicker("B", "B (to check)", main_result)
        self.runner = CompareRunner(keys, client_settings, self)
        self._build_controls()
        self.differences = DifferencesView()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("compareTabs")
        self.tabs.addTab(self.differences, "Difference&s")
        self.items = ChangedItemsView(load_pictures=settings.get(LOAD_PICTURES))
        self.tabs.addTab(self.items, "I&tems")
        self.tabs.setTabEnabled(ITEMS_TAB, False)
        self.saver = ReportSaver(self, settings, self.messages, self._current, self.say)
        self._place()
        self._connect()
        self._update_buttons()

    def _build_controls(self) -> None:
        self.compare_button = QPushButton("&Compare")
        self.compare_button.setObjectName("compareButton")
        self.compare_button.setToolTip("Compare A with B (Ctrl+Enter)")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("compareCancelButton")
        self.cancel_button.setToolTip("Stop comparing (Esc)")
        self.progress = QProgressBar()
        self.progress.setObjectName("compareProgress")
        self.progress.setAccessibleName("Comparing")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(200)
        self.state_label = QLabel()
        self.state_label.setObjectName("compareStateLabel")
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("compareSummary")
        self.summary_label.setAccessibleName("Comparison summary")
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.summary_label.font()
        font.setBold(True)
        self.summary_label.setFont(font)
        self.copy_button = QPushButton("Copy s&ummary")
        self.copy_button.setObjectName("compareCopySummaryButton")
        self.copy_button.setToolTip("Copy the summary line and the names of A and B")
        self.save_button = QPushButton("Save &report…")
        self.save_button.setObjectName("compareSaveReportButton")
        self.save_button.setToolTip(
            "Save the differences as Markdown for a ticket, or JSON (Ctrl+S)"
        )

    def _place(self) -> None:
        sides = QHBoxLayout()
        sides.addWidget(self.side_a, 1)
        sides.addWidget(self.side_b, 1)
        run_row = QHBoxLayout()
        run_row.addWidget(self.compare_button)
        run_row.addWidget(self.cancel_button)
        run_row.addWidget(self.progress)
        run_row.addWidget(self.state_label, 1)
        hand_on = QHBoxLayout()
        hand_on.addStretch(1)
        hand_on.addWidget(self.copy_button)
        hand_on.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.messages)
        layout.addLayout(sides)
        layout.addLayout(run_row)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(hand_on)
        order = [
            self.side_a.kind_combo,
            self.side_a.environment_combo,
            self.side_a.id_edit,
            self.side_a.path_edit,
            self.side_a.browse_button,
            self.side_b.kind_combo,
            self.side_b.environment_combo,
            self.side_b.id_edit,
            self.side_b.path_edit,
            self.side_b.browse_button,
            self.compare_button,
            self.cancel_button,
            self.tabs,
            self.differences.only_check,
            self.differences.previous_button,
            self.differences.next_button,
            self.differences.tree,
            self.copy_button,
            self.save_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.resize(1100, 760)

    def _connect(self) -> None:
        for side in (self.side_a, self.side_b):
            side.submitted.connect(self.start)
        self.compare_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.copy_button.clicked.connect(self.saver.copy_summary)
        self.save_button.clicked.connect(self.saver.ask)
        self.differences.said.connect(self.say)
        self.items.said.connect(self.say)
        self.items.itemActivated.connect(self._on_items_item_activated)
        self.runner.stateChanged.connect(self._on_runner_state_changed)
        self.runner.progressChanged.connect(self._on_runner_progress_changed)
        self.runner.runningChanged.connect(self._on_runner_running_changed)
        self.runner.finished.connect(self._on_runner_finished)
        self.runner.failed.connect(self._on_runner_failed)
        self.runner.cancelled.connect(self._on_runner_cancelled)
        for keys, slot in (
            (("Ctrl+Return", "Ctrl+Enter"), self.start),
            (("Esc",), self._on_escape),
            (("Ctrl+S",), self.saver.ask),
        ):
            for key in keys:
                QShortcut(QKeySequence(key), self, slot)

    # -- the sides ---------------------------------------------------------------------------
    def refresh_environments(self) -> None:
        """Offer the main form's environments (called each time the window is shown)."""
        environments, current = self._environments()
        for side in (self.side_a, self.side_b):
            side.set_environments(environments, current)

    # -- comparing ---------------------------------------------------------------------------
    def start(self) -> None:
        """Compare the two sides as they are filled in now (a comparison under way stops: the
        history's Compare may come while one runs)."""
        self.messages.clear()
        requests = []
        for side in (self.side_a, self.side_b):
            try:
                requests.append(side.request())
            except UserFacingError as error:
                self.messages.error(f"{side.side}: {error.title}", error.advice, error.detail)
                side.focus_input()
                return
        self._show_nothing()  # what was shown is not the answer to this
        self.runner.start(requests[0], requests[1], compare_options(self._settings))

    def _show_nothing(self) -> None:
        self.outcome = None
        self.summary_label.clear()
        self.differences.show_tree(None)
        self.items.clear()
        self.tabs.setTabEnabled(ITEMS_TAB, False)

    def cancel(self) -> None:
        self.runner.cancel()

    def _on_escape(self) -> None:
        if self.runner.running:
            self.runner.cancel()
        else:
            self.close()

    def _on_runner_state_changed(self, words: str) -> None:
        self.state_label.setText(words)
        if words == "Comparing…":
            self.progress.setRange(0, 1000)
            self.progress.setValue(0)

    def _on_runner_progress_changed(self, value: int) -> None:
        self.progress.setValue(value)

    def _on_runner_running_changed(self, running: bool) -> None:
        self.differences.set_waiting(running)
        if running:
            self.progress.setRange(0, 0)  # busy until the comparing starts
        self._update_buttons()

    def _on_runner_finished(self, outcome: CompareOutcome) -> None:
        self.outcome = outcome
        comparison = outcome.comparison
        self.summary_label.setText(summary_line(comparison))
        took = "under 0.1 s" if outcome.seconds < 0.05 else f"{outcome.seconds:.1f} s"
        self.state_label.setText(f"Compared in {took}")
        self.differences.show_tree(outcome.tree, outcome.only_differences)
        self._show_items(outcome)
        self._update_buttons()
        self.tabs.setCurrentWidget(self.differences)
        self.differences.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_items(self, outcome: CompareOutcome) -> None:
        """The Items tab, when both results hold a list of items: B's items, what changed."""
        has_items = outcome.comparison.items is not None
        if has_items:
            self.items.show_comparison(outcome.document_b, outcome.comparison)
        else:
            self.items.clear()
        self.tabs.setTabEnabled(ITEMS_TAB, has_items)
        self.tabs.setTabToolTip(
            ITEMS_TAB, "" if has_items else "These results hold no list of items to compare"
        )

    def _on_items_item_activated(self, number_b: int) -> None:
        """Enter on an item: its first difference in the Differences tab."""
        outcome = self.outcome
        if outcome is None:
            return
        for number, difference in enumerate(outcome.comparison.differences):
            if difference.item is not None and difference.item.index_b == number_b:
                self.tabs.setCurrentWidget(self.differences)
                self.differences.go_to(number)
                self.differences.tree.setFocus()
                return
        self.say("No difference in this item")

    def _on_runner_failed(self, problems: list[SideProblem]) -> None:
        first = problems[0]
        advice = first.error.advice
        for other in problems[1:]:
            advice += f"\n{other.title}. {other.error.advice}"
        detail = "\n\n".join(p.error.detail for p in problems if p.error.detail)
        self.messages.error(first.title, advice, detail)
        self.state_label.setText("")
        self._update_buttons()
        (self.side_a if first.side == "A" else self.side_b).focus_input()

    def _on_runner_cancelled(self) -> None:
        self.state_label.setText("Stopped")
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self.runner.running
        self.compare_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.progress.setVisible(running)
        for side in (self.side_a, self.side_b):
            side.setEnabled(not running)
        shown = self.outcome is not None
        self.copy_button.setEnabled(shown)
        self.save_button.setEnabled(shown)

    def _current(self) -> Shown | None:
        outcome = self.outcome
        if outcome is None:
            return None
        return Shown(outcome.comparison, outcome.name_a, outcome.name_b, outcome.options)

    def say(self, text: str) -> None:
        self.state_label.setText(text)

    # -- closing -----------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self.runner.cancel(quietly=True)
        super().closeEvent(event)

    def apply_preferences(self) -> None:
        """Preferences changed: pictures on or off now (the tolerances: at the next Compare)."""
        self.items.set_pictures_enabled(self._settings.get(LOAD_PICTURES))

    async def shutdown(self) -> None:
        await self.runner.shutdown()
        await self.saver.shutdown()
        await self.items.shutdown()
        await self.differences.shutdown()
