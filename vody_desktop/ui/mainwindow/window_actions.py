"""What each of the main window's menu actions does: the table's ids bound to the parts' slots.

The action table (action_table.py) says what every action is called, its keys and its place in
the menus; this module says, in one list, which part answers it. It is given the parts, never
the window: the window calls `bind_window_actions` once, before its first paint, and the
`adopt_*` functions as the parts that make actions of their own are built after that paint.

Until then, an action of a part not built yet (Find, the tree actions, the dock toggles) builds
the rest of the window when it is triggered and then does its work: its key never falls through.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from vody_desktop.document.export_formats import ExportFormat
from vody_desktop.ui.batch.launcher import BatchLauncher
from vody_desktop.ui.files.result_files import ResultFiles
from vody_desktop.ui.mainwindow.action_set import ActionSet
from vody_desktop.ui.mainwindow.action_table import EXAMPLES_MENU
from vody_desktop.ui.mainwindow.compare_part import ComparePart
from vody_desktop.ui.mainwindow.key_keeper import KeyKeeper
from vody_desktop.ui.mainwindow.lookup_form import LookupForm
from vody_desktop.ui.mainwindow.menu_commands import MenuCommands
from vody_desktop.ui.result.result_view import RAW_TAB, TREE_TAB, ResultView

if TYPE_CHECKING:  # built after the first paint (later_parts.py), imported then
    from vody_desktop.ui.files.body_download import BodyDownloader
    from vody_desktop.ui.files.raw_body_saver import RawBodySaver
    from vody_desktop.ui.find.inspector import Inspector
    from vody_desktop.ui.history.history_keeper import HistoryKeeper
    from vody_desktop.ui.mainwindow.examples_menu import Example  # the demo's only
    from vody_desktop.ui.mainwindow.items_part import ItemsPart

#: Says something short in the status bar.
Say = Callable[[str], None]


class WindowParts(Protocol):
    """What the menu actions call: the window's parts and its few commands, nothing else."""

    form: LookupForm
    results: ResultView
    files: ResultFiles
    inspect: Inspector
    raw_saver: RawBodySaver
    downloader: BodyDownloader
    keys: KeyKeeper
    history: HistoryKeeper
    commands: MenuCommands
    items: ItemsPart
    batch: BatchLauncher
    compare: ComparePart

    def menuBar(self) -> QMenuBar: ...
    def close(self) -> bool: ...
    def start_lookup(self, text: str | None = None) -> bool: ...
    def cancel_lookup(self, quietly: bool = False) -> None: ...
    def look_up_example(self, inference_id: str) -> None: ...
    def say(self, text: str) -> None: ...
    def build_rest(self) -> None: ...


def bind_window_actions(
    actions: ActionSet, parts: WindowParts, examples: Sequence[Example] = ()
) -> dict[str, QMenu]:
    """Bind every action of the table to its part (a part built after the first paint is looked
    up when the action is triggered) and build the menu bar (with Lookup > Examples in demo
    mode); returns the menus by id. The actions parts make themselves are adopted later."""
    files, commands = parts.files, parts.commands
    slots: dict[str, Callable[[], object]] = {
        "file.open": files.ask_open_path,
        "file.export": files.ask_export_path,
        "file.export_selection": files.ask_export_selection_path,
        "file.export_review_csv": lambda: parts.items.review_export.ask(ExportFormat.CSV),
        "file.export_review_markdown": lambda: parts.items.review_export.ask(ExportFormat.MARKDOWN),
        "file.batch": parts.batch.open_window,
        "file.quit": parts.close,
        "edit.copy_value": lambda: _copy_value(parts.results, parts.say),
        "edit.copy_curl": commands.copy_as_curl,
        "edit.copy_curl_with_key": commands.copy_as_curl_with_key,
        "edit.preferences": commands.open_preferences,
        "edit.find": lambda: parts.inspect.find_bar.focus(),
        "edit.find_next": lambda: parts.inspect.find.next_match(),
        "edit.find_previous": lambda: parts.inspect.find.previous_match(),
        "edit.query": lambda: parts.inspect.focus_query(),
        "view.tree": lambda: parts.results.setCurrentIndex(TREE_TAB),
        "view.raw": lambda: parts.results.setCurrentIndex(RAW_TAB),
        "view.items": lambda: parts.items.show_tab(),
        "lookup.fetch": parts.start_lookup,
        "lookup.cancel": parts.cancel_lookup,
        "lookup.focus_id": parts.form.focus_inference_id,
        "lookup.compare": parts.compare.open_window,
        "lookup.forget_key": parts.keys.forget_key,
        "help.shortcuts": lambda: _show_shortcuts(_widget(parts)),
        "help.about": lambda: _show_about(_widget(parts)),
        "help.log_folder": commands.open_log_folder,
        "help.copy_diagnostics": commands.copy_diagnostics,
    }
    for action_id, slot in slots.items():
        actions.bind(action_id, slot)
    # The Items tab takes Edit > Preferences' changes from when it is built (later_parts.py).
    commands.preferencesApplied.connect(parts.compare.apply_preferences)
    for action_id in ADOPTED:
        actions.bind(action_id, _build_then_trigger(actions, parts, action_id))
    menus = actions.build_menus(parts.menuBar())
    if examples:
        from vody_desktop.ui.mainwindow.examples_menu import fill_examples_menu

        fill_examples_menu(menus[EXAMPLES_MENU], examples, parts.look_up_example)
        parts.form.inference_id_edit.setPlaceholderText(
            "Paste an inference ID, or pick one under Lookup > Examples"
        )
    return menus


#: The actions that parts built after the first paint make themselves (see the adopt_* below).
ADOPTED = (
    "file.save_raw",
    "lookup.download",
    "edit.copy_key",
    "edit.copy_path",
    "edit.copy_json",
    "edit.open_link",
    "view.expand_all",
    "view.collapse_all",
    "view.details",
    "view.query_panel",
    "view.history",
    *(f"view.expand_level_{n}" for n in range(1, 10)),
)


def _build_then_trigger(
    actions: ActionSet, parts: WindowParts, action_id: str
) -> Callable[[], None]:
    """Until its part adopts it: build the rest of the window, then trigger the real action."""

    def build_then_trigger() -> None:
        stand_in = actions[action_id]
        parts.build_rest()
        if actions[action_id] is not stand_in:
            actions.trigger(action_id)

    return build_then_trigger


def adopt_file_actions(
    actions: ActionSet, raw_saver: RawBodySaver, downloader: BodyDownloader
) -> None:
    actions.adopt("file.save_raw", raw_saver.action)
    actions.adopt("lookup.download", downloader.action)


def adopt_inspector_actions(actions: ActionSet, inspect: Inspector) -> None:
    tree = inspect.actions
    adopted = {
        "edit.copy_key": tree.copy_key,
        "edit.copy_path": tree.copy_path,
        "edit.copy_json": tree.copy_json,
        "edit.open_link": tree.open_link,
        "view.expand_all": tree.expand_all,
        "view.collapse_all": tree.collapse_all,
        "view.details": inspect.details.toggleViewAction(),
        "view.query_panel": inspect.query.toggleViewAction(),
        **{f"view.expand_level_{n}": tree.expand_levels[n - 1] for n in range(1, 10)},
    }
    for action_id, action in adopted.items():
        actions.adopt(action_id, action)


def adopt_history_action(actions: ActionSet, history: HistoryKeeper) -> None:
    actions.adopt("view.history", history.panel.toggleViewAction())


def _copy_value(results: ResultView, say: Say) -> None:
    if results.copy_selected_value():
        say("Copied the selected value")


# The dialogs are imported when first opened: the window's first paint needs none of them.
def _show_shortcuts(parent: QWidget) -> None:
    from vody_desktop.ui.mainwindow.shortcuts_dialog import show_shortcuts

    show_shortcuts(parent)


def _show_about(parent: QWidget) -> None:
    from vody_desktop.ui.dialogs.about_dialog import AboutDialog

    AboutDialog(parent).open()


def _widget(parts: WindowParts) -> QWidget:
    """The window as the parent of the dialogs it opens."""
    assert isinstance(parts, QWidget)
    return parts
