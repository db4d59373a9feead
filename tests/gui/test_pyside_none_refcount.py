"""Regression test for the PySide6-Essentials 6.12.0 / CPython 3.11 hazard in the design guide:
every call of a Qt method that returns nothing decremented None's reference count, and the
process later aborted with "deallocating None". pyproject.toml keeps 3.11 below 6.12."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_qt_calls_keep_none_refcount(qapp) -> None:
    label = QLabel()
    before = sys.getrefcount(None)
    for number in range(5000):
        label.setText(str(number))
    after = sys.getrefcount(None)
    # Immortal on 3.12+ (the count stays huge); on 3.11 it must not have fallen by ~5000.
    assert after >= before - 100, f"None's refcount fell from {before} to {after}"
