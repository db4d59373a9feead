"""Every action of the main window, declared once, and the one menu layout that places them.

`ACTIONS` says what each action is called and which keys trigger it; `MENUS` says where it sits.
`ActionSet` (action_set.py) turns both into QActions and menus, the Help > Keyboard shortcuts dialog
and the README's keyboard table read the same data, so the three cannot drift apart. What an
action does is bound by whoever owns the behaviour (`ActionSet.bind(id, slot)`), not written here.

Ids are "<menu>.<name>"; a shortcut is a `QKeySequence.StandardKey` where the platform has its own
key (Copy, Save, Quit…) or a portable string such as "Ctrl+Alt+C". Texts keep their `&` mnemonic.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence

from vody_desktop import APP_NAME

Key = QKeySequence.StandardKey | str
StandardKey = QKeySequence.StandardKey
MenuRole = QAction.MenuRole


@dataclass(frozen=True)
class ActionSpec:
    """One action: its id, menu text (with `&` mnemonic) and the keys that trigger it."""

    id: str
    text: str
    shortcuts: tuple[Key, ...] = ()
    tip: str = ""
    checkable: bool = False
    role: QAction.MenuRole | None = None

    @property
    def plain_text(self) -> str:
        """The text a person reads: no mnemonic marker ("&&" stays a literal "&")."""
        return self.text.replace("&&", "\0").replace("&", "").replace("\0", "&")

    def key_sequences(self) -> list[QKeySequence]:
        """This platform's key sequences, in order, without empty or repeated ones.

        A standard key gives its primary binding only, as `QAction.setShortcut` would: Save is
        Ctrl+S, not also the Save key of multimedia keyboards. It can be empty (Preferences has
        no key outside macOS), and then the next key in the tuple stands alone.
        """
        sequences: list[QKeySequence] = []
        for key in self.shortcuts:
            sequence = (
                QKeySequence(key)
                if isinstance(key, QKeySequence.StandardKey)
                else QKeySequence(key, QKeySequence.SequenceFormat.PortableText)
            )
            if not sequence.isEmpty() and sequence not in sequences:
                sequences.append(sequence)
        return sequences


def key_words(sequence: QKeySequence) -> str:
    """`sequence` as this system writes it, with the key most keyboards label Enter called Enter
    (Qt calls it Return; macOS shows ↩ and is left as it is)."""
    return sequence.toString(QKeySequence.SequenceFormat.NativeText).replace("Return", "Enter")


def _levels() -> tuple[ActionSpec, ...]:
    return tuple(
        ActionSpec(f"view.expand_level_{n}", f"Expand to level &{n}", (f"Ctrl+Alt+{n}",))
        for n in range(1, 10)
    )


ACTIONS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec("file.open", "&Open saved result…", (StandardKey.Open,)),
    ActionSpec("file.export", "&Export…", (StandardKey.Save,)),
    ActionSpec("file.export_selection", "Export &selection…", ("Ctrl+Shift+S",)),
    ActionSpec("file.save_raw", "Save answer as received…"),
    ActionSpec(
        "file.export_review_csv",
        "Export review as &CSV…",
        tip="The Items tab's verdicts and notes, one row per item, for a spreadsheet",
    ),
    ActionSpec(
        "file.export_review_markdown",
        "Export review as &Markdown…",
        tip="The review's counts and its wrong and unsure items, for a ticket",
    ),
    ActionSpec(
        "file.batch",
        "&Batch lookup…",
        ("Ctrl+B",),
        tip="Look up many inference IDs at once, into a folder",
    ),
    ActionSpec("file.quit", "&Quit", (StandardKey.Quit,), role=MenuRole.QuitRole),
    # Edit
    ActionSpec(
        "edit.copy_value",
        "&Copy value",
        (StandardKey.Copy,),
        tip="Copy the selected value, objects and arrays as pretty JSON",
    ),
    ActionSpec("edit.copy_key", "Copy &key", ("Ctrl+Alt+K",)),
    ActionSpec(
        "edit.copy_path",
        "Copy &path (JSONPath)",
        ("Ctrl+Alt+C",),
        tip="Copy the path of the selected value, such as $[3].colors[0].hex",
    ),
    ActionSpec("edit.copy_json", "Copy as pretty &JSON", ("Ctrl+Alt+J",)),
    ActionSpec("edit.open_link", "&Open link in browser"),
    ActionSpec(
        "edit.copy_curl",
        "Copy as c&url",
        ("Ctrl+Shift+C",),
        tip="Copy this lookup as curl commands, the key written as $VODY_API_KEY",
    ),
    ActionSpec("edit.copy_curl_with_key", "Copy as curl &with key"),
    ActionSpec(
        "edit.preferences",
        "Pr&eferences…",
        # Preferences is a standard key on macOS only; Ctrl+, gives it one everywhere else.
        (StandardKey.Preferences, "Ctrl+,"),
        role=MenuRole.PreferencesRole,
    ),
    ActionSpec("edit.find", "&Find…", (StandardKey.Find,)),
    ActionSpec("edit.find_next", "Find &next", ("F3",)),
    ActionSpec("edit.find_previous", "Find pre&vious", ("Shift+F3",)),
    ActionSpec("edit.query", "&Query (JSONPath)…", ("Ctrl+Shift+F",)),
    # View
    ActionSpec("view.tree", "&Tree", ("Ctrl+1",)),
    ActionSpec("view.raw", "&Raw JSON", ("Ctrl+2",)),
    ActionSpec("view.items", "&Items", ("Ctrl+3",), tip="The result's items as a table"),
    ActionSpec(
        "view.history", "&History", ("Ctrl+H",), tip="Show or hide the history", checkable=True
    ),
    ActionSpec("view.expand_all", "E&xpand all", ("Ctrl+Alt+E",)),
    ActionSpec("view.collapse_all", "Co&llapse all", ("Ctrl+Alt+W",)),
    *_levels(),
    ActionSpec(
        "view.details",
        "&Details",
        ("Ctrl+Shift+D",),
        tip="Show or hide the details pane",
        checkable=True,
    ),
    ActionSpec("view.query_panel", "&Query panel", checkable=True),
    # Lookup
    ActionSpec("lookup.fetch", "&Fetch", ("Ctrl+Return",)),
    ActionSpec("lookup.cancel", "&Cancel", ("Esc",)),
    ActionSpec("lookup.focus_id", "Go to inference &ID", ("Ctrl+L",)),
    ActionSpec(
        "lookup.compare",
        "C&ompare…",
        ("Ctrl+D",),
        tip="Compare two results: two IDs, a result and a saved file, or two history entries",
    ),
    ActionSpec(
        "lookup.forget_key",
        "Forget &key",
        tip="Remove the key of this environment from this computer",
    ),
    ActionSpec(
        "lookup.download",
        "&Download to file…",
        tip="Save the result exactly as the server sends it, without opening",
    ),
    # Help. F1 is the usual help key; Ctrl+/ also works where F1 is a media key (laptops, macOS).
    ActionSpec("help.shortcuts", "&Keyboard shortcuts", ("F1", "Ctrl+/")),
    ActionSpec("help.about", f"&About {APP_NAME}", role=MenuRole.AboutRole),
    ActionSpec("help.log_folder", "Open &log folder"),
    ActionSpec("help.copy_diagnostics", "Copy &diagnostics"),
)

SPECS: dict[str, ActionSpec] = {spec.id: spec for spec in ACTIONS}

#: A separator in a menu's item list.
SEPARATOR = "-"


@dataclass(frozen=True)
class MenuSpec:
    """A menu or submenu: action ids, `SEPARATOR`s and nested menus, in the order shown.

    A `placeholder` menu is filled at run time (Lookup > Examples, in demo mode only); while it
    has no entries it is hidden, and so is the separator right after it.
    """

    id: str
    text: str
    items: tuple[str | MenuSpec, ...] = ()
    placeholder: bool = False

    @property
    def plain_text(self) -> str:
        return self.text.replace("&", "")


EXAMPLES_MENU = "lookup.examples"

MENUS: tuple[MenuSpec, ...] = (
    MenuSpec(
        "file",
        "&File",
        (
            "file.open",
            SEPARATOR,
            "file.export",
            "file.export_selection",
            "file.save_raw",
            "file.export_review_csv",
            "file.export_review_markdown",
            SEPARATOR,
            "file.batch",
            SEPARATOR,
            "file.quit",
        ),
    ),
    MenuSpec(
        "edit",
        "&Edit",
        (
            "edit.copy_value",
            "edit.copy_key",
            "edit.copy_path",
            "edit.copy_json",
            "edit.open_link",
            SEPARATOR,
            "edit.copy_curl",
            "edit.copy_curl_with_key",
            SEPARATOR,
            "edit.preferences",
            SEPARATOR,
            "edit.find",
            "edit.find_next",
            "edit.find_previous",
            "edit.query",
        ),
    ),
    MenuSpec(
        "view",
        "&View",
        (
            "view.tree",
            "view.raw",
            "view.items",
            SEPARATOR,
            "view.history",
            SEPARATOR,
            "view.expand_all",
            "view.collapse_all",
            MenuSpec(
                "view.expand_level",
                "Expand to le&vel",
                tuple(f"view.expand_level_{n}" for n in range(1, 10)),
            ),
            SEPARATOR,
            "view.details",
            "view.query_panel",
        ),
    ),
    MenuSpec(
        "lookup",
        "&Lookup",
        (
            MenuSpec(EXAMPLES_MENU, "&Examples", placeholder=True),
            SEPARATOR,
            "lookup.fetch",
            "lookup.cancel",
            "lookup.focus_id",
            SEPARATOR,
            "lookup.compare",
            SEPARATOR,
            "lookup.forget_key",
            "lookup.download",
        ),
    ),
    MenuSpec(
        "help",
        "&Help",
        (
            "help.shortcuts",
            "help.about",
            SEPARATOR,
            "help.log_folder",
            "help.copy_diagnostics",
        ),
    ),
)


@dataclass(frozen=True)
class OtherKey:
    """A key that is not a menu action: it works in one place (`where`), e.g. in a field."""

    keys: tuple[str, ...]  # portable text, as QKeySequence reads it
    where: str
    what: str


OTHER_KEYS: tuple[OtherKey, ...] = (
    OtherKey(("Return",), "in the inference ID field", "fetch"),
    OtherKey(("Return", "Shift+Return"), "in the find field", "next match, previous match"),
    OtherKey(("Alt+M", "Alt+K", "Alt+I"), "", "go to environment, API key, inference ID"),
    OtherKey(("Return",), "in the items table", "show the item in the tree"),
    OtherKey(("Ctrl+C",), "in the items table", "copy the selected rows as tab-separated text"),
    OtherKey(("Space",), "in the items table", "show the row's picture large"),
    OtherKey(
        ("1", "2", "3"),
        "in the items table",
        "review: mark the item correct, wrong, unsure (then the next row)",
    ),
    OtherKey(("0",), "in the items table", "review: clear the item's verdict"),
    OtherKey(("N",), "in the items table", "review: add or change the item's note"),
    OtherKey(("Del",), "in the history list", "delete the entry"),
    OtherKey(
        ("Ctrl+D",),
        "in the history list, two entries selected",
        "compare them (the older one is A)",
    ),
    OtherKey(("Return", "Ctrl+Return"), "in the compare window", "compare A with B"),
    OtherKey(("Esc",), "in the compare window", "stop comparing, or close the window"),
    OtherKey(("F8", "Shift+F8"), "in the compare window", "next, previous difference"),
    OtherKey(("Alt+Down", "Alt+Up"), "in the compare window", "next, previous difference"),
    OtherKey(("Ctrl+C",), "in the differences", "copy the path and both values"),
    OtherKey(("Ctrl+S",), "in the compare window", "save the report"),
    OtherKey(("Tab", "Shift+Tab"), "", "next, previous field in reading order"),
)


def menu_action_ids(menu: MenuSpec) -> list[str]:
    """Every action id in `menu` and its submenus, in order (no separators)."""
    ids: list[str] = []
    for item in menu.items:
        if isinstance(item, MenuSpec):
            ids.extend(menu_action_ids(item))
        elif item != SEPARATOR:
            ids.append(item)
    return ids
