"""The action table: unique keys, every action in one menu, ActionSet's binding and menus, the
Help > Keyboard shortcuts dialog, and the README's keyboard table, all from the one table."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMenu, QWidget

from tests.conftest import HANG_MS, add_window, find
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.mainwindow.action_set import ActionSet
from vody_desktop.ui.mainwindow.action_table import (
    ACTIONS,
    EXAMPLES_MENU,
    MENUS,
    SPECS,
    ActionSpec,
    MenuSpec,
    key_words,
    menu_action_ids,
)
from vody_desktop.ui.mainwindow.examples_menu import Example
from vody_desktop.ui.mainwindow.keyboard_table import (
    README_STANDARD_KEYS,
    keyboard_table_markdown,
    readme_with_keyboard_table,
)
from vody_desktop.ui.mainwindow.shortcuts_dialog import ShortcutsDialog, show_shortcuts
from vody_desktop.ui.mainwindow.window import MainWindow

README = Path(__file__).resolve().parents[2] / "README.md"
NATIVE = QKeySequence.SequenceFormat.NativeText
PORTABLE = QKeySequence.SequenceFormat.PortableText

#: In the table but not yet in today's MainWindow; the lead empties this when the window is built
#: from the table (then the comparison below checks the window against all of it).
NOT_YET_IN_THE_WINDOW: set[str] = set()


def native(portable: str) -> str:
    return QKeySequence(portable, PORTABLE).toString(NATIVE)


def seen(menu: QMenu) -> list[Any]:
    """What a person sees in `menu`: texts, "-" for separators, (title, [...]) for submenus."""
    entries: list[Any] = []
    for action in menu.actions():
        if not action.isVisible():
            continue
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            entries.append((submenu.title(), seen(submenu)))
        elif action.isSeparator():
            entries.append("-")
        else:
            shortcuts = [s.toString(PORTABLE) for s in action.shortcuts() if not s.isEmpty()]
            entries.append((action.text(), shortcuts))
    return entries


def menu_bar_seen(window: QMainWindow) -> list[tuple[str, list[Any]]]:
    menus = [action.menu() for action in window.menuBar().actions()]
    return [(menu.title(), seen(menu)) for menu in menus if isinstance(menu, QMenu)]


@pytest.fixture
def table_window(qtbot: Any) -> tuple[QMainWindow, ActionSet, dict[str, QMenu]]:
    window = QMainWindow()
    qtbot.addWidget(window)
    actions = ActionSet(window)
    menus = actions.build_menus(window.menuBar())
    return window, actions, menus


# -- the table ---------------------------------------------------------------------------
def test_no_two_actions_share_a_key_on_this_system(qapp: Any) -> None:
    owners: dict[str, list[str]] = {}
    for spec in ACTIONS:
        for sequence in spec.key_sequences():
            owners.setdefault(sequence.toString(PORTABLE), []).append(spec.id)
    shared = {key: ids for key, ids in owners.items() if len(ids) > 1}
    assert shared == {}
    assert len(owners) >= 30  # the keys were read, not skipped


def test_every_menu_entry_is_an_action_and_every_action_is_in_one_menu_once() -> None:
    placed = Counter(action_id for menu in MENUS for action_id in menu_action_ids(menu))
    assert set(placed) == set(SPECS)
    assert [action_id for action_id, count in placed.items() if count > 1] == []
    # Each action sits in the menu its id names ("view.details" under View).
    for menu in MENUS:
        assert {action_id.split(".")[0] for action_id in menu_action_ids(menu)} == {menu.id}


def test_keyboard_shortcuts_has_a_key_that_is_free(qapp: Any) -> None:
    keys = SPECS["help.shortcuts"].key_sequences()
    assert [k.toString(PORTABLE) for k in keys] == ["F1", "Ctrl+/"]
    others = {k for spec in ACTIONS if spec.id != "help.shortcuts" for k in spec.key_sequences()}
    assert not others & set(keys)


# -- ActionSet ---------------------------------------------------------------------------
def test_bind_then_trigger_calls_the_slot_without_the_checked_flag(table_window: Any) -> None:
    _window, actions, _menus = table_window
    calls: list[tuple[Any, ...]] = []
    actions.bind("file.export", lambda *args: calls.append(args))

    actions.trigger("file.export")
    actions["file.export"].trigger()

    assert calls == [(), ()]


def test_a_key_pressed_anywhere_in_the_window_triggers_the_bound_action(qtbot: Any) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(field := QLabel("focus here"))
    field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    actions = ActionSet(window)
    actions.build_menus(window.menuBar())
    opened: list[str] = []
    actions.bind("help.shortcuts", lambda: opened.append("shortcuts"))
    actions.bind("view.details", lambda: opened.append("details"))
    with qtbot.waitActive(window, timeout=HANG_MS):  # waits at the end of the block
        window.show()
        window.activateWindow()
    field.setFocus()

    QTest.keyClick(field, Qt.Key.Key_F1)
    QTest.keyClick(
        field, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )

    assert opened == ["shortcuts", "details"]


def test_actions_carry_text_object_name_and_a_tooltip_with_the_key(table_window: Any) -> None:
    _window, actions, _menus = table_window
    export = actions["file.export"]
    assert export.text() == "&Export…"
    assert export.objectName() == "action.file.export"
    assert export.toolTip() == f"Export ({native('Ctrl+S')})"
    assert actions["lookup.forget_key"].toolTip() == (
        "Remove the key of this environment from this computer"
    )
    assert actions["edit.preferences"].menuRole() == QAction.MenuRole.PreferencesRole
    assert native("Ctrl+,") in [s.toString(NATIVE) for s in actions["edit.preferences"].shortcuts()]


def test_unknown_ids_fail_when_menus_are_built(qtbot: Any) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    actions = ActionSet(window)
    with pytest.raises(KeyError, match=r"file\.exprot"):
        actions.build_menus(window.menuBar(), [MenuSpec("file", "&File", ("file.exprot",))])
    with pytest.raises(KeyError, match="nope"):
        actions.bind("nope", lambda: None)
    with pytest.raises(ValueError, match="declared twice"):
        ActionSet(QWidget(window), [ActionSpec("a.b", "A"), ActionSpec("a.b", "B")])


def test_adopt_gives_a_dock_toggle_the_tables_text_and_key_in_the_menu(qtbot: Any) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    dock = QDockWidget("Details", window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    actions = ActionSet(window)
    menus = actions.build_menus(window.menuBar())
    made_for_the_id = actions["view.details"]

    toggle = actions.adopt("view.details", dock.toggleViewAction())

    assert toggle is dock.toggleViewAction() is actions["view.details"]
    assert toggle.text() == "&Details"
    assert [s.toString(PORTABLE) for s in toggle.shortcuts()] == ["Ctrl+Shift+D"]
    view = menus["view"].actions()
    assert toggle in view
    assert made_for_the_id not in view
    assert made_for_the_id not in window.actions()
    window.show()
    assert dock.isVisible()
    actions.trigger("view.details")
    assert not dock.isVisible()
    assert not toggle.isChecked()


def test_menus_are_built_in_the_tables_order(table_window: Any) -> None:
    window, _actions, _menus = table_window
    shown = menu_bar_seen(window)
    assert [title for title, _ in shown] == ["&File", "&Edit", "&View", "&Lookup", "&Help"]
    assert dict(shown)["&File"] == [
        ("&Open saved result…", ["Ctrl+O"]),
        "-",
        ("&Export…", ["Ctrl+S"]),
        ("Export &selection…", ["Ctrl+Shift+S"]),
        ("Save answer as received…", []),
        ("Export review as &CSV…", []),
        ("Export review as &Markdown…", []),
        "-",
        ("&Batch lookup…", ["Ctrl+B"]),
        "-",
        ("&Quit", [s.toString(PORTABLE) for s in SPECS["file.quit"].key_sequences()]),
    ]
    view = dict(shown)["&View"]
    assert [entry if entry == "-" else entry[0] for entry in view] == [
        "&Tree",
        "&Raw JSON",
        "&Items",
        "-",
        "&History",
        "-",
        "E&xpand all",
        "Co&llapse all",
        "Expand to le&vel",
        "-",
        "&Details",
        "&Query panel",
    ]
    levels = view[8][1]
    assert levels[0] == ("Expand to level &1", ["Ctrl+Alt+1"])
    assert levels[8] == ("Expand to level &9", ["Ctrl+Alt+9"])
    assert len(levels) == 9
    assert dict(shown)["&Help"][0] == ("&Keyboard shortcuts", ["F1", "Ctrl+/"])


def test_the_examples_placeholder_shows_only_once_filled(table_window: Any) -> None:
    window, _actions, menus = table_window
    lookup = dict(menu_bar_seen(window))["&Lookup"]
    assert lookup[0] == ("&Fetch", ["Ctrl+Return"])  # no empty Examples, no leading separator

    example = menus[EXAMPLES_MENU].addAction("Colour results\tinf_1")

    lookup = dict(menu_bar_seen(window))["&Lookup"]
    assert lookup[:3] == [
        ("&Examples", [("Colour results\tinf_1", [])]),
        "-",
        ("&Fetch", ["Ctrl+Return"]),
    ]
    menus[EXAMPLES_MENU].removeAction(example)
    assert dict(menu_bar_seen(window))["&Lookup"][0] == ("&Fetch", ["Ctrl+Return"])


def test_the_table_has_every_menu_entry_and_key_of_todays_window(
    qtbot: Any, run_async: Any
) -> None:
    """Today's window (menus built by hand in six modules) against the table, entry by entry."""
    live = MainWindow(AppSettings(), examples=[Example("Inferences", "Colour results", "inf_1")])
    add_window(qtbot, live, run_async)
    built = QMainWindow()
    qtbot.addWidget(built)
    actions = ActionSet(built)
    menus = actions.build_menus(built.menuBar())
    for action_id in NOT_YET_IN_THE_WINDOW:
        actions[action_id].setVisible(False)
    example = menus[EXAMPLES_MENU].addAction("Colour results\tinf_1")

    def without_examples(shown: list[tuple[str, list[Any]]]) -> list[tuple[str, list[Any]]]:
        # The entries of the Examples submenu are examples_menu's business, not the table's.
        return [
            (title, [e[0] if isinstance(e, tuple) and e[0] == "&Examples" else e for e in items])
            for title, items in shown
        ]

    assert example.isVisible()
    assert without_examples(menu_bar_seen(built)) == without_examples(menu_bar_seen(live))
    # Every key of today's window (outside single widgets such as a label's Copy) is in the table.
    table = {
        (spec.text, tuple(s.toString(PORTABLE) for s in spec.key_sequences())) for spec in ACTIONS
    }
    for action in live.findChildren(QAction):
        keys = tuple(s.toString(PORTABLE) for s in action.shortcuts() if not s.isEmpty())
        if keys and action.shortcutContext() != Qt.ShortcutContext.WidgetShortcut:
            assert (action.text(), keys) in table


# -- the shortcuts dialog ----------------------------------------------------------------
def test_the_shortcuts_dialog_lists_export_with_its_key_and_filters(qtbot: Any) -> None:
    dialog = ShortcutsDialog()
    qtbot.addWidget(dialog)
    dialog.show()

    assert dialog.objectName() == "shortcutsDialog"
    assert not dialog.isModal()
    rows = dialog.visible_rows()
    assert ("File", "Export…", native("Ctrl+S")) in rows
    assert ("Help", "Keyboard shortcuts", f"{native('F1')}, {native('Ctrl+/')}") in rows
    enter = key_words(QKeySequence("Return"))
    assert ("Other keys", "Fetch (in the inference ID field)", enter) in rows
    assert ("Lookup", "Fetch", key_words(QKeySequence("Ctrl+Return"))) in rows
    assert "Return" not in " ".join(keys for _, _, keys in rows)  # "Enter" (or ↩ on macOS)
    assert {group for group, _, _ in rows} == {
        "File",
        "Edit",
        "View",
        "Lookup",
        "Help",
        "Other keys",
    }

    QTest.keyClicks(find(dialog, type(dialog.filter_edit), "shortcutsFilterEdit"), "export")
    assert dialog.visible_rows() == [
        ("File", "Export…", native("Ctrl+S")),
        ("File", "Export selection…", native("Ctrl+Shift+S")),
    ]
    assert not dialog.empty_label.isVisible()

    dialog.filter_edit.setText("no such key")
    assert dialog.visible_rows() == []
    assert dialog.empty_label.isVisible()

    dialog.filter_edit.clear()
    assert dialog.visible_rows() == rows


def test_f1_opens_the_list_once_beside_the_window(qtbot: Any) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    actions = ActionSet(window)
    actions.build_menus(window.menuBar())
    actions.bind("help.shortcuts", lambda: show_shortcuts(window))
    with qtbot.waitActive(window, timeout=HANG_MS):
        window.show()
        window.activateWindow()

    QTest.keyClick(window, Qt.Key.Key_F1)
    dialog = find(window, ShortcutsDialog, "shortcutsDialog")
    assert dialog.isVisible()  # show() is immediate; the key went through the window
    actions.trigger("help.shortcuts")

    assert window.findChildren(ShortcutsDialog) == [dialog]
    assert dialog.windowModality() == Qt.WindowModality.NonModal  # show(), never exec()
    assert ("File", "Export…", native("Ctrl+S")) in dialog.visible_rows()


def test_the_dialog_finds_a_key_by_its_name(qtbot: Any) -> None:
    dialog = ShortcutsDialog()
    qtbot.addWidget(dialog)
    dialog.filter_edit.setText(native("Shift+F3"))
    assert dialog.visible_rows() == [("Edit", "Find previous", native("Shift+F3"))]


# -- the README --------------------------------------------------------------------------
def test_the_readme_keyboard_table_is_the_action_table() -> None:
    readme = README.read_text(encoding="utf-8")
    assert keyboard_table_markdown() in readme, "run: .venv/bin/python scripts/readme_keyboard.py"
    assert readme_with_keyboard_table(readme) == readme
    assert "| Ctrl+S | File > Export… |" in readme


def test_the_readme_names_standard_keys_as_this_system_binds_them(qapp: Any) -> None:
    for spec in ACTIONS:
        for key in spec.shortcuts:
            if not isinstance(key, QKeySequence.StandardKey):
                continue
            assert key in README_STANDARD_KEYS, f"{spec.id}: how does the README write {key}?"
            readme_text = README_STANDARD_KEYS[key]
            here = QKeySequence(key).toString(PORTABLE)
            # Empty here means this system has no such key (Quit on Windows, Preferences off macOS).
            if here and readme_text is not None:
                assert readme_text.split(" (")[0] == here
