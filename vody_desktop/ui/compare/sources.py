"""`SourcePicker`: one side of a comparison, "A (reference)" or "B (to check)".

A side is an inference ID in an environment (chosen as in the main form), a saved result file
(typed, pasted, dropped on the side or chosen with Browse…), or the result the main window
shows. `request()` checks what was given without touching the network or the disk and returns
a `SideRequest`, or raises the `UserFacingError` that says what to fix.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from vody_desktop.api.environments import CUSTOM_KEY, Environment, normalize_base_url
from vody_desktop.api.ids import parse_inference_id
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.errors import UserFacingError

#: Each side's labels ("Compare:", "Environment:", "Inference ID:"), with access keys of its own:
#: the two sides are shown side by side, and one Alt+letter for two fields only moves the focus
#: between them (tests/gui/test_mnemonics_per_window.py).
LABELS = {
    "A": ("Co&mpare:", "&Environment:", "Inference &ID:"),
    "B": ("Comp&are:", "En&vironment:", "In&ference ID:"),
}


class SourceKind(enum.Enum):
    """Where a side's result comes from."""

    ID = "Inference ID"
    FILE = "Saved file"
    MAIN = "Result in the main window"


@dataclass(frozen=True)
class MainResult:
    """The result the main window shows, and what a person calls it."""

    document: JsonDocument
    name: str


@dataclass(frozen=True)
class SideRequest:
    """One side, checked: what to fetch or read, and its name in messages and reports."""

    side: str  # "A" or "B"
    kind: SourceKind
    name: str
    inference_id: str = ""
    base_url: str = ""
    environment_key: str = ""
    environment: str = ""
    path: Path | None = None
    document: JsonDocument | None = None


class NoFileChosenError(UserFacingError):
    title = "Choose a saved result file"
    advice = "Type or paste its path, drop the file here, or use Browse…"


class NoMainResultError(UserFacingError):
    title = "The main window shows no result"
    advice = "Look one up there first, or compare an inference ID or a saved file."


#: What the main window shows now (None: nothing that can be compared).
MainResultSource = Callable[[], MainResult | None]


class _DropFilter(QObject):
    """A file dropped anywhere on the side (its fields included) becomes its saved file."""

    def __init__(self, picker: SourcePicker) -> None:
        super().__init__(picker)
        self._picker = picker

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        assert isinstance(event, QDropEvent)  # a drag's enter and move events are drop events
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if len(urls) != 1 or not urls[0].isLocalFile():
            return False
        event.acceptProposedAction()
        if kind == QEvent.Type.Drop:
            self._picker.set_file(urls[0].toLocalFile())
        return True


class SourcePicker(QGroupBox):
    """See the module docstring."""

    #: Enter was pressed in one of the side's fields.
    submitted = Signal()

    def __init__(
        self, side: str, title: str, main_result: MainResultSource, parent: QWidget | None = None
    ) -> None:
        super().__init__(title, parent)
        self.side = side
        self.setObjectName(f"compareSide{side}")
        self._main_result = main_result
        #: A result given to this side (a saved copy from the history), shown instead.
        self._given: MainResult | None = None
        self._environments: dict[str, Environment] = {}

        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName(f"compareKind{side}")
        self.kind_combo.setAccessibleName(f"{side}: compare what")
        for kind in SourceKind:
            self.kind_combo.addItem(kind.value, kind)
        self.environment_combo = QComboBox()
        self.environment_combo.setObjectName(f"compareEnvironment{side}")
        self.environment_combo.setAccessibleName(f"{side}: environment")
        self.id_edit = QLineEdit()
        self.id_edit.setObjectName(f"compareId{side}")
        self.id_edit.setAccessibleName(f"{side}: inference ID")
        self.id_edit.setPlaceholderText("Paste an inference ID")
        self.id_edit.setClearButtonEnabled(True)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName(f"comparePath{side}")
        self.path_edit.setAccessibleName(f"{side}: saved file")
        self.path_edit.setPlaceholderText("Type, paste or drop a result file")
        self.path_edit.setClearButtonEnabled(True)
        self.browse_button = QPushButton("Browse…")
        self.browse_button.setObjectName(f"compareBrowse{side}")
        self.browse_button.setAccessibleName(f"{side}: choose a saved file")
        self.main_label = QLabel()
        self.main_label.setObjectName(f"compareMain{side}")
        self.main_label.setWordWrap(True)
        self.main_label.setTextFormat(Qt.TextFormat.PlainText)
        self._build_layout()
        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_changed)
        self.browse_button.clicked.connect(self.ask_file)
        self.id_edit.returnPressed.connect(self.submitted)
        self.path_edit.returnPressed.connect(self.submitted)
        self.setAcceptDrops(True)
        drops = _DropFilter(self)
        for widget in (self, self.id_edit, self.path_edit):
            widget.setAcceptDrops(True)
            widget.installEventFilter(drops)

    def _build_layout(self) -> None:
        id_page = QWidget()
        id_form = QFormLayout(id_page)
        id_form.setContentsMargins(0, 0, 0, 0)
        compare, environment, inference_id = LABELS[self.side]
        id_form.addRow(self._buddy(environment, self.environment_combo), self.environment_combo)
        id_form.addRow(self._buddy(inference_id, self.id_edit), self.id_edit)
        file_page = QWidget()
        file_row = QHBoxLayout(file_page)
        file_row.setContentsMargins(0, 0, 0, 0)
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)
        self.pages = QStackedWidget()
        self.pages.addWidget(id_page)
        self.pages.addWidget(file_page)
        self.pages.addWidget(self.main_label)
        form = QFormLayout(self)
        form.addRow(self._buddy(compare, self.kind_combo), self.kind_combo)
        form.addRow(self.pages)
        QWidget.setTabOrder(self.kind_combo, self.environment_combo)
        QWidget.setTabOrder(self.environment_combo, self.id_edit)
        QWidget.setTabOrder(self.id_edit, self.path_edit)
        QWidget.setTabOrder(self.path_edit, self.browse_button)

    @staticmethod
    def _buddy(text: str, widget: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(widget)
        return label

    # -- what the side is --------------------------------------------------------------------
    @property
    def kind(self) -> SourceKind:
        kind = self.kind_combo.currentData()
        assert isinstance(kind, SourceKind)
        return kind

    def set_kind(self, kind: SourceKind) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))
        self._on_kind_combo_changed()

    def _on_kind_combo_changed(self, _index: int = 0) -> None:
        kind = self.kind
        self.pages.setCurrentIndex(list(SourceKind).index(kind))
        if kind is not SourceKind.MAIN:
            self._given = None
        elif self._given is not None:
            self.main_label.setText(f"A copy kept in the history: {self._given.name}")
        else:
            shown = self._main_result()
            self.main_label.setText(
                f"The result the main window shows: {shown.name}"
                if shown is not None
                else "The main window shows no result yet."
            )

    def set_environments(self, environments: Sequence[Environment], current: str) -> None:
        """Offer `environments` (the main form's), keeping the choice made, else `current`."""
        chosen = self.environment_combo.currentData() or current
        self.environment_combo.clear()
        self._environments = {e.key: e for e in environments}
        for environment in environments:
            self.environment_combo.addItem(
                f"{environment.label}  ({environment.base_url})", environment.key
            )
        position = self.environment_combo.findData(chosen)
        if position < 0:
            position = self.environment_combo.findData(current)
        self.environment_combo.setCurrentIndex(max(0, position))

    def set_inference_id(self, inference_id: str, base_url: str, environment: str) -> None:
        """This side is `inference_id` at `base_url` (an address not offered yet is added)."""
        key = next(
            (
                e.key
                for e in self._environments.values()
                if e.base_url.rstrip("/") == base_url.rstrip("/")
            ),
            None,
        )
        if key is None:
            key = f"{CUSTOM_KEY}:{base_url}"
            self._environments[key] = Environment(CUSTOM_KEY, environment, base_url)
            self.environment_combo.addItem(f"{environment}  ({base_url})", key)
        self.environment_combo.setCurrentIndex(self.environment_combo.findData(key))
        self.id_edit.setText(inference_id)
        self.set_kind(SourceKind.ID)

    def set_file(self, path: str | Path) -> None:
        self.path_edit.setText(str(path))
        self.set_kind(SourceKind.FILE)

    def use_main_result(self) -> None:
        self.set_kind(SourceKind.MAIN)

    def set_document(self, document: JsonDocument, name: str) -> None:
        """This side is a result already open (a saved copy from the history)."""
        self.set_kind(SourceKind.MAIN)
        self._given = MainResult(document, name)
        self._on_kind_combo_changed()

    def focus_input(self) -> None:
        kind = self.kind
        widget = {SourceKind.ID: self.id_edit, SourceKind.FILE: self.path_edit}.get(
            kind, self.kind_combo
        )
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def ask_file(self) -> None:
        dialog = QFileDialog(self, f"{self.title()}: choose a saved result")
        dialog.setObjectName(f"compareFileDialog{self.side}")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(["JSON results (*.json)", "All files (*)"])
        if self.path_edit.text().strip():
            dialog.selectFile(self.path_edit.text().strip())
        dialog.fileSelected.connect(self.set_file)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    # -- checking ----------------------------------------------------------------------------
    def request(self) -> SideRequest:
        """What this side compares; raises the `UserFacingError` that says what to fix."""
        kind = self.kind
        if kind is SourceKind.FILE:
            text = self.path_edit.text().strip().strip('"')
            if not text:
                raise NoFileChosenError()
            path = Path(text).expanduser()
            return SideRequest(self.side, kind, path.name, path=path)
        if kind is SourceKind.MAIN:
            shown = self._given or self._main_result()
            if shown is None:
                raise NoMainResultError()
            return SideRequest(self.side, kind, shown.name, document=shown.document)
        inference_id = parse_inference_id(self.id_edit.text())
        environment = self._environments.get(str(self.environment_combo.currentData()))
        if environment is None:
            raise UserFacingError("Choose an environment", "Pick where this inference ran.")
        base_url = normalize_base_url(environment.base_url)
        return SideRequest(
            self.side,
            kind,
            f"{inference_id} on {environment.label}",
            inference_id=inference_id,
            base_url=base_url,
            environment_key=environment.key,
            environment=environment.label,
        )
