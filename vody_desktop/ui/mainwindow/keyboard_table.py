"""The keys of the action table as rows: for Help > Keyboard shortcuts and for the README.

The dialog shows this platform's keys in its own notation (⌘ on macOS); the README shows one
portable notation for everyone, so it reads the same whichever system regenerates it
(`python -m scripts.readme_keyboard`), and a test checks that README.md still matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from PySide6.QtGui import QKeySequence

from vody_desktop.ui.mainwindow.action_table import (
    ACTIONS,
    MENUS,
    OTHER_KEYS,
    SEPARATOR,
    ActionSpec,
    Key,
    MenuSpec,
    OtherKey,
    key_words,
)

OTHER_KEYS_GROUP = "Other keys"

NATIVE = QKeySequence.SequenceFormat.NativeText
PORTABLE = QKeySequence.SequenceFormat.PortableText

#: How the README writes a standard key. It has to be one text for all systems, while Qt resolves
#: a standard key per system at run time; `test_action_table` checks these against this system's.
README_STANDARD_KEYS: Mapping[QKeySequence.StandardKey, str | None] = {
    QKeySequence.StandardKey.Open: "Ctrl+O",
    QKeySequence.StandardKey.Save: "Ctrl+S",
    QKeySequence.StandardKey.Copy: "Ctrl+C",
    QKeySequence.StandardKey.Find: "Ctrl+F",
    # Windows has no Quit key (Alt+F4 closes the window there).
    QKeySequence.StandardKey.Quit: "Ctrl+Q (not on Windows)",
    # macOS only, where it is Ctrl+, (⌘,): the table gives Ctrl+, to every system anyway.
    QKeySequence.StandardKey.Preferences: None,
}


@dataclass(frozen=True)
class ShortcutRow:
    """One line of the shortcuts dialog: a group (menu), what a person reads, and the keys."""

    group: str
    text: str
    keys: tuple[str, ...]  # this platform's native notation


def _specs_by_id(specs: Iterable[ActionSpec]) -> dict[str, ActionSpec]:
    return {spec.id: spec for spec in specs}


def _walk(
    menu: MenuSpec, specs: Mapping[str, ActionSpec], path: tuple[str, ...] = ()
) -> Iterable[tuple[tuple[str, ...], ActionSpec]]:
    """(menu path, spec) for every action in `menu` and its submenus, in menu order."""
    path = (*path, menu.plain_text)
    for item in menu.items:
        if isinstance(item, MenuSpec):
            yield from _walk(item, specs, path)
        elif item != SEPARATOR:
            yield path, specs[item]


def shortcut_rows(
    menus: Iterable[MenuSpec] = MENUS,
    specs: Iterable[ActionSpec] = ACTIONS,
    other_keys: Iterable[OtherKey] = OTHER_KEYS,
) -> list[ShortcutRow]:
    """Every menu action with a key on this system, by menu, then the keys that are no action."""
    by_id = _specs_by_id(specs)
    rows: list[ShortcutRow] = []
    for menu in menus:
        for path, spec in _walk(menu, by_id):
            keys = tuple(key_words(sequence) for sequence in spec.key_sequences())
            if keys:
                rows.append(ShortcutRow(path[0], spec.plain_text, keys))
    for other in other_keys:
        text = f"{other.what} ({other.where})" if other.where else other.what
        keys = tuple(key_words(QKeySequence(key, PORTABLE)) for key in other.keys)
        rows.append(ShortcutRow(OTHER_KEYS_GROUP, text[:1].upper() + text[1:], keys))
    return rows


# -- README ------------------------------------------------------------------------------
def _readme_key(key: Key) -> str | None:
    if isinstance(key, QKeySequence.StandardKey):
        return README_STANDARD_KEYS[key]
    # The key most keyboards label Enter is Return to Qt; the README says what people read.
    return QKeySequence(key, PORTABLE).toString(PORTABLE).replace("Return", "Enter")


def _readme_what(path: tuple[str, ...], spec: ActionSpec) -> str:
    # "View > Expand to level 3", not "View > Expand to level > Expand to level 3".
    menus = [name for name in path if not spec.plain_text.startswith(name)]
    what = " > ".join([*menus, spec.plain_text])
    return f"{what}: {spec.tip[:1].lower()}{spec.tip[1:]}" if spec.tip else what


_LAST_DIGIT = re.compile(r"^(.*\D)(\d)$")


def _merge_numbered(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Rows that differ only in a last digit ("Ctrl+Alt+1" … "Ctrl+Alt+9") become one: "…1…9"."""
    merged: list[tuple[str, str]] = []
    run: list[tuple[str, str]] = []

    def close_run() -> None:
        if len(run) > 2:
            (keys, what), (last_keys, last_what) = run[0], run[-1]
            merged.append((f"{keys}…{last_keys[-1]}", f"{what}…{last_what[-1]}"))
        else:
            merged.extend(run)
        run.clear()

    for keys, what in rows:
        key_match, what_match = _LAST_DIGIT.match(keys), _LAST_DIGIT.match(what)
        if run and key_match and what_match:
            first_keys = _LAST_DIGIT.match(run[0][0])
            first_what = _LAST_DIGIT.match(run[0][1])
            if (
                first_keys
                and first_what
                and first_keys.group(1) == key_match.group(1)
                and first_what.group(1) == what_match.group(1)
                and int(key_match.group(2)) == int(run[-1][0][-1]) + 1
            ):
                run.append((keys, what))
                continue
        close_run()
        if key_match and what_match:
            run.append((keys, what))
        else:
            merged.append((keys, what))
    close_run()
    return merged


def keyboard_table_markdown(
    menus: Iterable[MenuSpec] = MENUS,
    specs: Iterable[ActionSpec] = ACTIONS,
    other_keys: Iterable[OtherKey] = OTHER_KEYS,
) -> str:
    """The README's "Keyboard" table: every menu action with a key, then the other keys."""
    by_id = _specs_by_id(specs)
    rows: list[tuple[str, str]] = []
    for menu in menus:
        for path, spec in _walk(menu, by_id):
            keys = [text for key in spec.shortcuts if (text := _readme_key(key)) is not None]
            if keys:
                rows.append((", ".join(keys), _readme_what(path, spec)))
    for other in other_keys:
        other_text = ", ".join(_readme_key(key) or key for key in other.keys)
        rows.append((f"{other_text} ({other.where})" if other.where else other_text, other.what))
    lines = ["| keys | what it does |", "|---|---|"]
    lines += [f"| {keys} | {what} |" for keys, what in _merge_numbered(rows)]
    return "\n".join(lines) + "\n"


README_HEADING = "### Keyboard"


def readme_with_keyboard_table(readme: str, table: str | None = None) -> str:
    """`readme` with the first table under the "### Keyboard" heading replaced by `table`."""
    table = keyboard_table_markdown() if table is None else table
    lines = readme.splitlines(keepends=True)
    heading = next(i for i, line in enumerate(lines) if line.rstrip() == README_HEADING)
    start = next(i for i in range(heading + 1, len(lines)) if lines[i].startswith("|"))
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return "".join([*lines[:start], table, *lines[end:]])
