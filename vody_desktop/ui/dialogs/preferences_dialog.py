"""Edit > Preferences: the settings people change, built from the settings registry.

Every `Setting` in `store/settings.py` appears here except the ones the window keeps by itself
(geometry, column widths, last export folder), so an entry added to the registry shows up
without touching this file: a number gets a spin box, a yes/no a check box, text a line edit.
Known entries get friendlier labels and ranges. Opened with `.open()`; OK writes the values.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vody_desktop.api.environments import BUILT_IN_ENVIRONMENTS, normalize_base_url
from vody_desktop.compare.tolerances import parse_tolerance, tolerance_text
from vody_desktop.errors import UserFacingError
from vody_desktop.store import settings as registry
from vody_desktop.store.settings import AppSettings, Setting
from vody_desktop.ui.appearance import THEMES

#: Kept by the window itself, not something to edit by hand.
_HIDDEN_PREFIXES = ("window/", "export/")
_SECTIONS = {
    "lookup": "Lookups",
    "network": "Network",
    "limits": "Limits",
    "history": "History",
    "appearance": "Appearance",
    "items": "Items",
    "review": "Review",
    "compare": "Compare",
}
_LABELS = {
    "lookup/environment": "Environment at start",
    "lookup/custom_base_url": "Custom server address",
    # Words a person uses for the timeouts: what the app does, and when.
    "network/connect_timeout_s": "Give up connecting after",
    "network/read_timeout_s": "Give up when the server goes quiet for",
    "network/write_timeout_s": "Give up sending a request after",
    "network/request_deadline_s": "Give up on any one request after",
    "network/max_automatic_retries": "Automatic retries when the server is busy",
    "network/retry_max_wait_s": "Longest wait before a retry",
    "network/max_body_mb": "Largest result to open",
    "history/keep_results_offline": "Keep a copy of results for offline viewing",
    "history/offline_results_limit_mb": "Space for offline copies",
    "appearance/theme": "Light or dark",
    "items/open_first": "Open results with items on the Items tab",
    "items/load_pictures": "Load pictures from links in results",
    "items/match_threshold": "Colours match up to a difference of",
    "review/reviewer": "Reviewer's name",
    "review/move_to_next": "After a verdict, go to the next item",
    "compare/absolute_tolerance": "Numbers are the same when they differ by at most",
    "compare/relative_tolerance": "…or by at most this share of the larger",
}
_TIPS = {
    "network/connect_timeout_s": "How long to keep trying to reach the server before saying "
    "it can't be reached.",
    "network/read_timeout_s": "How long the server may send nothing at all, before or while "
    "the result arrives.",
    "network/write_timeout_s": "How long sending the request to the server may take.",
    "network/request_deadline_s": "The most a whole request may take, however steadily the "
    "result arrives. Larger results can be saved to a file without this limit.",
    "history/keep_results_offline": "Results may hold customer data: off unless you need it. "
    "The oldest copies are removed when the space is used up.",
    "network/max_automatic_retries": "0 turns automatic retries off.",
    "network/max_body_mb": "Larger results are offered as a download to a file instead.",
    "items/load_pictures": "Pictures are fetched without your API key or any cookie, over a "
    "secure connection (or from this computer).",
    "items/match_threshold": "The colour difference (CIEDE2000) between a labelled and a "
    "predicted colour: about 2 is barely visible, 10 is clearly different.",
    "review/reviewer": "Kept with each verdict and shown in the review's reports. Leave it "
    "empty to use this computer's user name.",
    "review/move_to_next": "After 1 (correct), 2 (wrong) or 3 (unsure) the next item is "
    "selected, so a review goes by key presses alone.",
    "compare/absolute_tolerance": "Compare: a score of 0.9100001 and one of 0.91 are the same "
    "with 1e-06 (0.000001). 0 counts every digit.",
    "compare/relative_tolerance": "Compare: for large numbers, a share of the larger one: "
    "1e-09 is one part in a billion. 0 turns it off.",
}
#: Settings written as numbers in a text field (a tolerance such as 1e-06).
_NUMBER_TEXTS = ("compare/absolute_tolerance", "compare/relative_tolerance")
_RANGES = {
    "history/offline_results_limit_mb": (10, 100_000),
    "items/match_threshold": (1, 100),
}


def editable_settings() -> list[Setting[Any]]:
    """The registry's entries a person may change, in the registry's order."""
    found = [value for value in vars(registry).values() if isinstance(value, Setting)]
    return [
        s
        for s in found
        if not s.key.startswith(_HIDDEN_PREFIXES) and not isinstance(s.default, QByteArray)
    ]


def label_for(setting: Setting[Any]) -> str:
    if setting.key in _LABELS:
        return _LABELS[setting.key]
    words = setting.key.rsplit("/", 1)[-1].split("_")
    unit = {"s": "seconds", "mb": "MB", "kb": "KB", "bytes": "bytes"}.get(words[-1])
    text = " ".join(words[:-1] if unit else words).capitalize()
    return f"{text} ({unit})" if unit else text


def _range_for(setting: Setting[Any]) -> tuple[int, int]:
    if setting.key in _RANGES:
        return _RANGES[setting.key]
    try:
        from vody_desktop.store.network_settings import LIMITS
    except ImportError:
        LIMITS = {}  # noqa: N806
    return LIMITS.get(setting, (0, 1_000_000_000))


def _suffix_for(setting: Setting[Any]) -> str:
    last = setting.key.rsplit("_", 1)[-1]
    return {"s": " seconds", "mb": " MB", "kb": " KB", "bytes": " bytes"}.get(last, "")


class PreferencesDialog(QDialog):
    """One form per section; OK saves, Cancel forgets, Restore defaults refills the form."""

    #: Emitted after OK wrote the values.
    applied = Signal()

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        self._settings = settings
        self.editors: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        forms: dict[str, QFormLayout] = {}
        for setting in editable_settings():
            section = setting.key.split("/", 1)[0]
            form = forms.get(section)
            if form is None:
                box = QGroupBox(_SECTIONS.get(section, section.capitalize()))
                form = forms[section] = QFormLayout(box)
                layout.addWidget(box)
            editor = self._editor_for(setting)
            editor.setObjectName(f"pref_{setting.key.replace('/', '_')}")
            editor.setAccessibleName(label_for(setting))
            if setting.key in _TIPS:
                editor.setToolTip(_TIPS[setting.key])
            self.editors[setting.key] = editor
            if isinstance(editor, QCheckBox):
                form.addRow("", editor)
            else:
                form.addRow(label_for(setting) + ":", editor)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("preferencesProblem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setVisible(False)
        layout.addWidget(self.problem_label)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        self._buttons.clicked.connect(self._on_buttons_clicked)
        layout.addWidget(self._buttons)
        self.load(defaults=False)

    def _editor_for(self, setting: Setting[Any]) -> QWidget:
        default = setting.default
        if setting is registry.ENVIRONMENT:
            combo = QComboBox()
            for environment in BUILT_IN_ENVIRONMENTS:
                combo.addItem(f"{environment.label} ({environment.base_url})", environment.key)
            combo.addItem("Custom address", "custom")
            return combo
        if setting is registry.THEME:
            combo = QComboBox()
            for key, text in THEMES.items():
                combo.addItem(text, key)
            return combo
        if isinstance(default, bool):
            return QCheckBox(label_for(setting))
        if isinstance(default, int):
            spin = QSpinBox()
            spin.setRange(*_range_for(setting))
            spin.setSuffix(_suffix_for(setting))
            return spin
        edit = QLineEdit()
        if setting.key in _NUMBER_TEXTS:
            edit.setPlaceholderText(f"{setting.default} (a number such as 0.001 or 1e-6)")
        if setting is registry.CUSTOM_BASE_URL:
            edit.setPlaceholderText("https://…")
        return edit

    def load(self, *, defaults: bool) -> None:
        """Fill the editors with the stored values (or the defaults)."""
        for setting in editable_settings():
            value = setting.default if defaults else self._settings.get(setting)
            editor = self.editors[setting.key]
            if isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(0, editor.findData(value)))
            elif isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QSpinBox):
                editor.setValue(int(value))
            elif isinstance(editor, QLineEdit):
                editor.setText(str(value))

    def value_of(self, setting: Setting[Any]) -> Any:
        editor = self.editors[setting.key]
        if isinstance(editor, QComboBox):
            return str(editor.currentData())
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QSpinBox):
            return editor.value()
        assert isinstance(editor, QLineEdit)
        return editor.text().strip()

    def accept(self) -> None:
        if self.value_of(registry.ENVIRONMENT) == "custom":
            try:
                normalize_base_url(self.value_of(registry.CUSTOM_BASE_URL))
            except UserFacingError as error:
                self.problem_label.setText(f"{error.title}. {error.advice}")
                self.problem_label.setVisible(True)
                self.editors[registry.CUSTOM_BASE_URL.key].setFocus()
                return
        for key in _NUMBER_TEXTS:
            editor = self.editors[key]
            assert isinstance(editor, QLineEdit)
            if parse_tolerance(editor.text() or "0") is None:
                self.problem_label.setText(
                    f"“{editor.text()}” is not a tolerance. Enter a number of 0 or more, such "
                    "as 0.001 or 1e-6."
                )
                self.problem_label.setVisible(True)
                editor.setFocus()
                return
        for setting in editable_settings():
            value = self.value_of(setting)
            if setting.key in _NUMBER_TEXTS:  # the text back as the number it names
                value = tolerance_text(parse_tolerance(value) or 0.0) if value else setting.default
            self._settings.set(setting, value)
        self._settings.sync()
        super().accept()
        self.applied.emit()

    def _on_buttons_clicked(self, button: QAbstractButton) -> None:
        role = self._buttons.buttonRole(button)
        if role == QDialogButtonBox.ButtonRole.ResetRole:
            self.load(defaults=True)
