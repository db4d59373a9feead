"""Preferences offer the review settings in their own section, in plain words."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QGroupBox, QLineEdit

from vody_desktop.store import settings as registry
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.dialogs.preferences_dialog import PreferencesDialog


def test_the_review_section_offers_the_reviewer_and_moving_on(qtbot: Any) -> None:
    settings = AppSettings()
    assert settings.get(registry.REVIEWER) == ""
    assert settings.get(registry.MOVE_AFTER_VERDICT) is True
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    titles = [box.title() for box in dialog.findChildren(QGroupBox)]
    assert "Review" in titles
    name = dialog.editors["review/reviewer"]
    move = dialog.editors["review/move_to_next"]
    assert isinstance(name, QLineEdit)
    assert name.accessibleName() == "Reviewer's name"
    assert "this computer's user name" in name.toolTip()
    assert isinstance(move, QCheckBox)
    assert move.text() == "After a verdict, go to the next item"
    assert move.isChecked()
    name.setText("Ann Example")
    move.setChecked(False)
    dialog.accept()
    stored = AppSettings()
    assert stored.get(registry.REVIEWER) == "Ann Example"
    assert stored.get(registry.MOVE_AFTER_VERDICT) is False
