"""`LookupForm`: where the person says what to look up (environment, key, inference ID).

It only collects input and shows whether a lookup is running; the main window does the work.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QToolButton,
    QWidget,
)

from vody_desktop.api.environments import (
    CUSTOM_KEY,
    DEVELOPMENT,
    PRODUCTION,
    SANDBOX_KEY,
    Environment,
)
from vody_desktop.store.settings import CUSTOM_BASE_URL, ENVIRONMENT, AppSettings
from vody_desktop.ui.widgets.clear_button import enable_named_clear_button
from vody_desktop.ui.widgets.elided_label import ElidedLabel
from vody_desktop.words import human_size

if TYPE_CHECKING:  # the lookup's code (retries, IDs) is imported by the first Fetch
    from vody_desktop.lookup import LookupRequest

#: As wide as any inference ID (hex digits are about the same width in proportional fonts).
SAMPLE_ID = "0924dcfe-a593-4e42-8c7b-4fca9a149777"
#: How often the busy row counts the seconds.
ELAPSED_TICK_MS = 100


class LookupForm(QWidget):
    """Environment chooser, API key, inference ID, Fetch and Cancel, and the busy row."""

    fetchRequested = Signal()
    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._environments: dict[str, Environment] = {}

        self.environment_combo = QComboBox()
        self.environment_combo.setObjectName("environmentCombo")
        self.environment_combo.setAccessibleName("Environment")
        self.custom_url_edit = QLineEdit()
        self.custom_url_edit.setObjectName("customUrlEdit")
        self.custom_url_edit.setAccessibleName("Custom server address")
        self.custom_url_edit.setPlaceholderText("https://…")
        self.custom_url_edit.setVisible(False)
        for environment in (PRODUCTION, DEVELOPMENT):
            self._add_environment(environment)
        self.environment_combo.addItem("Custom address…", CUSTOM_KEY)
        self.environment_combo.currentIndexChanged.connect(self._on_environment_changed)

        self.api_key_edit = QLineEdit()
        self.api_key_edit.setObjectName("apiKeyEdit")
        self.api_key_edit.setAccessibleName("API key")
        self.api_key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key_edit.setPlaceholderText("Paste your Vody API key")
        enable_named_clear_button(self.api_key_edit, "the API key")
        self.show_key_button = QToolButton()
        self.show_key_button.setObjectName("showKeyButton")
        self.show_key_button.setText("Show")
        self.show_key_button.setAccessibleName("Show API key")
        self.show_key_button.setCheckable(True)
        self.show_key_button.toggled.connect(self._on_show_key_button_toggled)
        self.remember_key_check = QCheckBox("Remember this key on this comp&uter")
        self.remember_key_check.setObjectName("rememberKeyCheck")
        self.remember_key_check.setToolTip(
            "Keep the key for this environment in the computer's password store (keychain)"
        )
        self.key_storage_note = QLabel()
        self.key_storage_note.setObjectName("keyStorageNote")
        self.key_storage_note.setWordWrap(True)
        self.key_storage_note.setVisible(False)

        self.inference_id_edit = QLineEdit()
        self.inference_id_edit.setObjectName("inferenceIdEdit")
        self.inference_id_edit.setAccessibleName("Inference ID")
        self.inference_id_edit.setPlaceholderText(
            "Paste an inference ID, or a link that contains one"
        )
        self.inference_id_edit.setToolTip(
            "An inference ID looks like 0924dcfe-a593-4e42-8c7b-4fca9a149777. "
            "You can paste a whole link or sentence: the ID is picked out of it."
        )
        enable_named_clear_button(self.inference_id_edit, "the inference ID")
        # A whole ID stays readable however narrow the window gets (plus the clear button).
        self.inference_id_edit.setMinimumWidth(
            self.inference_id_edit.fontMetrics().horizontalAdvance(SAMPLE_ID) + 48
        )
        self.inference_id_edit.returnPressed.connect(self.fetchRequested)

        self.fetch_button = QPushButton("Fetch")
        self.fetch_button.setObjectName("fetchButton")
        self.fetch_button.setAccessibleName("Fetch results")
        self.fetch_button.setDefault(True)
        self.fetch_button.clicked.connect(self.fetchRequested)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setAccessibleName("Cancel lookup")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancelRequested)

        self.busy_bar = QProgressBar()
        self.busy_bar.setObjectName("busyIndicator")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumHeight(8)
        self.busy_bar.setFixedWidth(60)
        # Takes what the ID field leaves (cut in the middle when narrow, all of it in the tooltip):
        # reserving room for its longest text squeezed the ID field below one UUID.
        self.elapsed_label = ElidedLabel()
        self.elapsed_label.setObjectName("elapsedLabel")

        self._busy_words = ""
        self._busy_since = 0.0
        self._received = 0
        self._elapsed_timer = QTimer(self)
        self._elapsed_timer.setInterval(ELAPSED_TICK_MS)
        self._elapsed_timer.timeout.connect(self._show_elapsed)

        self._build_layout()
        self.set_busy(False)

    def _build_layout(self) -> None:
        environment_row = QHBoxLayout()
        environment_row.addWidget(self.environment_combo)
        environment_row.addWidget(self.custom_url_edit, 1)
        environment_row.addStretch(0)
        key_row = QHBoxLayout()
        key_row.addWidget(self.api_key_edit, 1)
        key_row.addWidget(self.show_key_button)
        key_row.addWidget(self.remember_key_check)
        id_row = QHBoxLayout()
        id_row.addWidget(self.inference_id_edit, 3)
        id_row.addWidget(self.fetch_button)
        id_row.addWidget(self.cancel_button)
        id_row.addWidget(self.busy_bar)
        id_row.addWidget(self.elapsed_label, 2)

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self._buddy("Environ&ment:", self.environment_combo), environment_row)
        form.addRow(self._buddy("API &key:", self.api_key_edit), key_row)
        form.addRow("", self.key_storage_note)
        form.addRow(self._buddy("Inference &ID:", self.inference_id_edit), id_row)
        QWidget.setTabOrder(self.environment_combo, self.custom_url_edit)
        QWidget.setTabOrder(self.custom_url_edit, self.api_key_edit)
        QWidget.setTabOrder(self.api_key_edit, self.show_key_button)
        QWidget.setTabOrder(self.show_key_button, self.remember_key_check)
        QWidget.setTabOrder(self.remember_key_check, self.inference_id_edit)
        QWidget.setTabOrder(self.inference_id_edit, self.fetch_button)
        QWidget.setTabOrder(self.fetch_button, self.cancel_button)

    @staticmethod
    def _buddy(text: str, widget: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(widget)
        return label

    # -- environments --------------------------------------------------------------------
    def _add_environment(self, environment: Environment) -> None:
        self._environments[environment.key] = environment
        position = self.environment_combo.findData(CUSTOM_KEY)
        label = f"{environment.label}  ({environment.base_url})"
        if position < 0:
            self.environment_combo.addItem(label, environment.key)
        else:
            self.environment_combo.insertItem(position, label, environment.key)

    def add_sandbox(self, base_url: str) -> None:
        """Offer the local sandbox server (started by `--demo`)."""
        self._add_environment(Environment(SANDBOX_KEY, "Sandbox", base_url))

    def select_environment(self, key: str, custom_url: str = "") -> None:
        if key == CUSTOM_KEY:
            self.custom_url_edit.setText(custom_url)
        position = self.environment_combo.findData(key)
        if position >= 0:
            self.environment_combo.setCurrentIndex(position)

    def select_base_url(self, base_url: str) -> None:
        """Select the environment at `base_url`, or a custom address when none is."""
        for key, environment in self._environments.items():
            if environment.base_url.rstrip("/") == base_url.rstrip("/"):
                self.select_environment(key)
                return
        self.select_environment(CUSTOM_KEY, base_url)

    def environments(self) -> list[Environment]:
        """The environments offered, in the chooser's order (not the custom address)."""
        return list(self._environments.values())

    def environment_key(self) -> str:
        return str(self.environment_combo.currentData())

    def environment_label(self) -> str:
        key = self.environment_key()
        return "Custom address" if key == CUSTOM_KEY else self._environments[key].label

    def base_url(self) -> str:
        key = self.environment_key()
        if key == CUSTOM_KEY:
            return self.custom_url_edit.text()
        return self._environments[key].base_url

    def _on_environment_changed(self, _index: int) -> None:
        custom = self.environment_key() == CUSTOM_KEY
        self.custom_url_edit.setVisible(custom)
        if custom:
            self.custom_url_edit.setFocus()

    # -- key and ID ----------------------------------------------------------------------
    def _on_show_key_button_toggled(self, shown: bool) -> None:
        self.api_key_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        )
        self.show_key_button.setText("Hide" if shown else "Show")
        self.show_key_button.setAccessibleName("Hide API key" if shown else "Show API key")

    def api_key(self) -> str:
        return self.api_key_edit.text().strip()

    def inference_id_text(self) -> str:
        return self.inference_id_edit.text()

    def set_inference_id(self, text: str) -> None:
        self.inference_id_edit.setText(text)

    # -- what was asked ------------------------------------------------------------------
    def request(self) -> LookupRequest:
        """The lookup the form asks for; raises a `UserFacingError` naming what to fix."""
        from vody_desktop.lookup import LookupRequest

        return LookupRequest.build(
            inference_id=self.inference_id_text(),
            base_url=self.base_url(),
            environment_key=self.environment_key(),
            environment=self.environment_label(),
            api_key=self.api_key(),
        )

    def remember_environment(self, settings: AppSettings) -> None:
        """Open on this environment next time (not the sandbox: it exists only in demo mode)."""
        key = self.environment_key()
        if key != SANDBOX_KEY:
            settings.set(ENVIRONMENT, key)
        if key == CUSTOM_KEY:
            settings.set(CUSTOM_BASE_URL, self.base_url().strip())

    # -- busy state ----------------------------------------------------------------------
    def set_busy(self, busy: bool, words: str = "Fetching…") -> None:
        """Show the busy row ("Fetching… 1.2 s · 3 KB received"), counting from now."""
        self.busy_bar.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        if busy:
            self._busy_words = words
            self._busy_since = time.monotonic()
            self._received = 0
            self._show_elapsed()
            self._elapsed_timer.start()
        else:
            self._elapsed_timer.stop()
            self.elapsed_label.set_full_text("")

    def set_received(self, received: int) -> None:
        """Bytes of the result received so far (shown at the next tick)."""
        self._received = received

    def _show_elapsed(self) -> None:
        elapsed = time.monotonic() - self._busy_since
        received = f" · {human_size(self._received)} received" if self._received else ""
        self.elapsed_label.set_full_text(f"{self._busy_words} {elapsed:.1f} s{received}")

    def fill(
        self,
        settings: AppSettings,
        *,
        api_key: str = "",
        sandbox_url: str | None = None,
        environment: str | None = None,
        custom_url: str = "",
    ) -> None:
        """Start-up: the sandbox in demo mode, the environment asked for (else the last one
        used), and the key given (from the environment variable or the demo)."""
        if sandbox_url:
            self.add_sandbox(sandbox_url)
        self.select_environment(
            environment or (SANDBOX_KEY if sandbox_url else settings.get(ENVIRONMENT)),
            custom_url or settings.get(CUSTOM_BASE_URL),
        )
        self.api_key_edit.setText(api_key)

    def focus_first_empty_field(self) -> None:
        """Focus the first field that still needs input: the address, the key, else the ID."""
        if self.environment_key() == CUSTOM_KEY and not self.base_url().strip():
            field = self.custom_url_edit
        elif not self.api_key():
            field = self.api_key_edit
        else:
            field = self.inference_id_edit
        field.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_inference_id(self) -> None:
        """Go to the ID field with its text selected, ready to paste over (Ctrl+L)."""
        self.inference_id_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.inference_id_edit.selectAll()

    def focus_key(self) -> None:
        self.api_key_edit.setFocus(Qt.FocusReason.OtherFocusReason)
