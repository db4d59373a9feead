"""`FindBar`: the find field (`searchEdit`) with its options, "3 of 127", progress and Stop.

Only widgets and their signals live here; `FindController` does the searching. Typing starts a
search after a short pause; Enter goes to the next match, Shift+Enter to the previous one.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QToolButton,
    QWidget,
)

from vody_desktop.document.search_options import SearchOptions
from vody_desktop.ui.widgets.clear_button import enable_named_clear_button

#: Typing pauses this long before a search starts (each key would otherwise start one).
TYPING_PAUSE_MS = 200


class FindBar(QWidget):
    """Find field, Match case / Whole word / Regular expression, Only matching, count, Stop."""

    #: The options changed (text or a tick box): search again (empty text: clear).
    searchRequested = Signal(object)
    nextRequested = Signal()
    previousRequested = Signal()
    stopRequested = Signal()
    filterToggled = Signal(bool)
    #: The person is about to search (the field got focus): a moment to get ready.
    searchComing = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.edit = QLineEdit()
        self.edit.setObjectName("searchEdit")
        self.edit.setAccessibleName("Find in result")
        self.edit.setPlaceholderText("Find in result (Ctrl+F): keys and values")
        enable_named_clear_button(self.edit, "the search")
        self.edit.installEventFilter(self)
        self.case_button = self._toggle("Aa", "Match case", "matchCaseButton")
        self.word_button = self._toggle("W", "Whole words only", "wholeWordButton")
        self.regex_button = self._toggle(".*", "Regular expression", "regexButton")
        self.filter_button = self._toggle(
            "Only matching", "Show only the branches that contain a match", "filterButton"
        )
        self.previous_button = self._button("▲", "Previous match (Shift+F3)", "previousButton")
        self.next_button = self._button("▼", "Next match (Enter, F3)", "nextButton")
        self.count_label = QLabel()
        self.count_label.setObjectName("searchCountLabel")
        self.count_label.setAccessibleName("Matches")
        self.count_label.setMinimumWidth(110)
        self.progress = QProgressBar()
        self.progress.setObjectName("searchProgress")
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(90)
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        self.stop_button = self._button("Stop", "Stop searching", "stopSearchButton")
        self.stop_button.setVisible(False)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit, 1)
        for widget in (
            self.case_button,
            self.word_button,
            self.regex_button,
            self.previous_button,
            self.next_button,
            self.count_label,
            self.progress,
            self.stop_button,
            self.filter_button,
        ):
            layout.addWidget(widget)

        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(TYPING_PAUSE_MS)
        self._pause.timeout.connect(self._emit_search)
        self.edit.textChanged.connect(self._pause.start)
        for button in (self.case_button, self.word_button, self.regex_button):
            button.toggled.connect(self._emit_search)
        self.filter_button.toggled.connect(self.filterToggled)
        self.next_button.clicked.connect(self.nextRequested)
        self.previous_button.clicked.connect(self.previousRequested)
        self.stop_button.clicked.connect(self.stopRequested)

    def options(self) -> SearchOptions:
        return SearchOptions(
            self.edit.text(),
            case_sensitive=self.case_button.isChecked(),
            whole_word=self.word_button.isChecked(),
            regex=self.regex_button.isChecked(),
        )

    def focus(self) -> None:
        self.searchComing.emit()  # also when focus can't be given (offscreen, no window manager)
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def set_count(self, text: str) -> None:
        self.count_label.setText(text)

    def set_progress(self, fraction: float | None) -> None:
        """Show the progress bar and Stop while a search runs; hide both with None."""
        running = fraction is not None
        self.progress.setVisible(running)
        self.stop_button.setVisible(running)
        if fraction is not None:
            self.progress.setValue(round(fraction * 100))

    def search_now(self) -> None:
        """Start the search for the current text without waiting for the typing pause."""
        if self._pause.isActive():
            self._pause.stop()
            self._emit_search()

    # -- internals -----------------------------------------------------------------------
    def _emit_search(self) -> None:
        self._pause.stop()
        self.searchRequested.emit(self.options())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.FocusIn:
            self.searchComing.emit()
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._pause.isActive():
                    self._emit_search()  # the search then goes to its first match
                elif event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.previousRequested.emit()
                else:
                    self.nextRequested.emit()
                return True
        return super().eventFilter(watched, event)

    def _toggle(self, text: str, tip: str, name: str) -> QToolButton:
        button = self._button(text, tip, name)
        button.setCheckable(True)
        button.setAutoRaise(False)  # an option: looks like a button, pressed in when on
        return button

    def _button(self, text: str, tip: str, name: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setObjectName(name)
        button.setAutoRaise(True)
        return button
