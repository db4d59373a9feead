"""Rewrites the keyboard table in README.md from the action table
(vody_desktop/ui/mainwindow/action_table.py).

Run after changing an action's text or keys: `.venv/bin/python scripts/readme_keyboard.py`.
tests/gui/test_action_table.py fails while README.md and the table disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from vody_desktop.ui.mainwindow.keyboard_table import readme_with_keyboard_table

README = Path(__file__).resolve().parent.parent / "README.md"


def main() -> int:
    text = README.read_text(encoding="utf-8")
    updated = readme_with_keyboard_table(text)
    if updated == text:
        print("README.md: the keyboard table is up to date")
        return 0
    README.write_text(updated, encoding="utf-8")
    print("README.md: keyboard table rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
