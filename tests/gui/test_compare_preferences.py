"""Edit > Preferences > Compare: the two tolerances, checked on OK, written back as numbers, and
read by the next comparison."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit

from tests.conftest import find
from vody_desktop.compare.differences import CompareOptions
from vody_desktop.store.settings import (
    COMPARE_ABSOLUTE_TOLERANCE,
    COMPARE_RELATIVE_TOLERANCE,
    AppSettings,
)
from vody_desktop.ui.compare.compare_window import compare_options
from vody_desktop.ui.dialogs.preferences_dialog import PreferencesDialog, label_for


def test_the_defaults_are_the_engines(qtbot: Any) -> None:
    assert compare_options(AppSettings()) == CompareOptions()


def test_a_typed_tolerance_is_checked_then_used_by_the_next_comparison(qtbot: Any) -> None:
    settings = AppSettings()
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    absolute = dialog.editors[COMPARE_ABSOLUTE_TOLERANCE.key]
    relative = dialog.editors[COMPARE_RELATIVE_TOLERANCE.key]
    assert isinstance(absolute, QLineEdit)
    assert isinstance(relative, QLineEdit)
    assert absolute.text() == "1e-06"
    assert label_for(COMPARE_ABSOLUTE_TOLERANCE) == (
        "Numbers are the same when they differ by at most"
    )
    ok = find(dialog, QDialogButtonBox, "").button(QDialogButtonBox.StandardButton.Ok)
    absolute.setText("a little")
    ok.click()
    problem = find(dialog, QLabel, "preferencesProblem")
    assert problem.text() == (
        "“a little” is not a tolerance. Enter a number of 0 or more, such as 0.001 or 1e-6."
    )
    assert settings.get(COMPARE_ABSOLUTE_TOLERANCE) == "1e-06"  # nothing written
    absolute.setText("0,05")  # a decimal comma, as many people type it
    relative.setText("")  # empty: the default
    ok.click()
    assert settings.get(COMPARE_ABSOLUTE_TOLERANCE) == "0.05"
    assert settings.get(COMPARE_RELATIVE_TOLERANCE) == "1e-09"
    assert compare_options(settings) == CompareOptions(absolute_tolerance=0.05)
