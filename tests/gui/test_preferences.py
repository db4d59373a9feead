"""Edit > Preferences: every adjustable setting is there, OK saves, the theme applies at once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QDialogButtonBox, QSpinBox

from tests.conftest import find
from vody_desktop.store import settings as registry
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.appearance import apply_theme, current_scheme
from vody_desktop.ui.dialogs.preferences_dialog import PreferencesDialog, editable_settings
from vody_desktop.ui.mainwindow.window import MainWindow


@pytest.fixture
def window(qtbot: Any, qapp: QApplication) -> Iterator[MainWindow]:
    main_window = MainWindow(AppSettings())
    qtbot.addWidget(main_window)
    main_window.show()
    yield main_window
    apply_theme(qapp, "system")


def open_preferences(window: MainWindow) -> PreferencesDialog:
    window.action_set.trigger("edit.preferences")
    return find(window, PreferencesDialog, "preferencesDialog")


def test_every_setting_a_person_changes_is_offered(window: MainWindow) -> None:
    dialog = open_preferences(window)
    keys = set(dialog.editors)
    assert {s.key for s in editable_settings()} == keys
    assert "history/keep_results_offline" in keys
    assert "appearance/theme" in keys
    assert "lookup/custom_base_url" in keys
    assert not any(k.startswith("window/") for k in keys)
    keep = dialog.editors["history/keep_results_offline"]
    assert isinstance(keep, QCheckBox)
    assert keep.text() == "Keep a copy of results for offline viewing"
    assert not keep.isChecked()  # off by default: results may hold customer data


def test_ok_saves_and_dark_applies_at_once(window: MainWindow, qapp: QApplication) -> None:
    dialog = open_preferences(window)
    theme = dialog.editors["appearance/theme"]
    assert isinstance(theme, QComboBox)
    theme.setCurrentIndex(theme.findData("dark"))
    limit = dialog.editors["history/offline_results_limit_mb"]
    assert isinstance(limit, QSpinBox)
    limit.setValue(50)
    find(dialog, QDialogButtonBox, "").button(QDialogButtonBox.StandardButton.Ok).click()
    settings = AppSettings()
    assert settings.get(registry.THEME) == "dark"
    assert settings.get(registry.OFFLINE_RESULTS_LIMIT_MB) == 50
    assert current_scheme(qapp) == "dark"

    dialog = open_preferences(window)
    dialog.load(defaults=True)
    dialog.accept()
    assert AppSettings().get(registry.THEME) == "system"
    assert current_scheme(qapp) == "light"


def test_a_custom_environment_needs_a_usable_address(window: MainWindow) -> None:
    dialog = open_preferences(window)
    environment = dialog.editors["lookup/environment"]
    assert isinstance(environment, QComboBox)
    environment.setCurrentIndex(environment.findData("custom"))
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.problem_label.text().startswith("Enter the server address")
    assert AppSettings().get(registry.ENVIRONMENT) == "prod"


def test_the_items_tab_settings_are_offered_in_plain_words(window: MainWindow) -> None:
    dialog = open_preferences(window)
    first = dialog.editors["items/open_first"]
    pictures = dialog.editors["items/load_pictures"]
    threshold = dialog.editors["items/match_threshold"]
    assert isinstance(first, QCheckBox)
    assert first.isChecked()
    assert isinstance(pictures, QCheckBox)
    assert pictures.isChecked()
    assert pictures.text() == "Load pictures from links in results"
    assert isinstance(threshold, QSpinBox)
    assert (threshold.minimum(), threshold.maximum(), threshold.value()) == (1, 100, 10)
