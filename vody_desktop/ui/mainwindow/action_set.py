"""`ActionSet`: the QActions of the action table (action_table.py), and the menus built from it.

The window creates one set, lets each part `bind` the ids it handles (or `adopt` an action Qt
already made, such as a dock's toggleViewAction()), and builds its menu bar from `MENUS` in one
call. Tests trigger actions by id. A typo in an id fails when the set or the menus are built,
never later when someone opens a menu.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from vody_desktop.ui.mainwindow.action_table import (
    ACTIONS,
    MENUS,
    SEPARATOR,
    ActionSpec,
    MenuSpec,
    key_words,
)

OBJECT_NAME_PREFIX = "action."


def tooltip_for(spec: ActionSpec, sequences: Iterable[QKeySequence]) -> str:
    """The tip (or the plain text, without a trailing "…") and the first key, as shown here."""
    words = spec.tip or spec.plain_text.removesuffix("…")
    first = next(iter(sequences), None)
    if first is None:
        return words
    return f"{words} ({key_words(first)})"


class ActionSet(QObject):
    """One QAction per `ActionSpec`, looked up by id."""

    def __init__(self, parent: QWidget, specs: Iterable[ActionSpec] = ACTIONS) -> None:
        super().__init__(parent)
        self._parent = parent
        self._specs: dict[str, ActionSpec] = {}
        self._actions: dict[str, QAction] = {}
        self._menus: list[QMenu] = []
        for spec in specs:
            if spec.id in self._specs:
                raise ValueError(f"action id {spec.id!r} is declared twice")
            self._specs[spec.id] = spec
            action = QAction(spec.text, parent)
            action.setObjectName(OBJECT_NAME_PREFIX + spec.id)
            self._apply(spec, action)
            if spec.role is not None:
                action.setMenuRole(spec.role)
            # On the window too, so its keys work wherever the focus is in the window, even
            # while the action sits in no visible menu (a native macOS menu bar, a hidden one).
            parent.addAction(action)
            self._actions[spec.id] = action

    def _apply(self, spec: ActionSpec, action: QAction) -> None:
        sequences = spec.key_sequences()
        action.setText(spec.text)
        action.setShortcuts(sequences)
        action.setToolTip(tooltip_for(spec, sequences))
        if spec.checkable:
            action.setCheckable(True)

    # -- looking up ----------------------------------------------------------------------
    def __getitem__(self, action_id: str) -> QAction:
        try:
            return self._actions[action_id]
        except KeyError:
            raise KeyError(f"no action {action_id!r} in the action table") from None

    def __contains__(self, action_id: object) -> bool:
        return action_id in self._actions

    def ids(self) -> list[str]:
        return list(self._actions)

    def spec(self, action_id: str) -> ActionSpec:
        self[action_id]  # the same error for an unknown id
        return self._specs[action_id]

    # -- behaviour -----------------------------------------------------------------------
    def bind(self, action_id: str, slot: Callable[[], object]) -> QAction:
        """Call `slot()` (without Qt's `checked` flag) whenever the action is triggered."""
        action = self[action_id]
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def trigger(self, action_id: str) -> None:
        """What choosing the menu entry or pressing its key does (if the action is enabled)."""
        self[action_id].trigger()

    def adopt(self, action_id: str, action: QAction) -> QAction:
        """Use `action` (made by Qt or a part) for `action_id`, with the table's text, keys and tip.

        For a dock's toggleViewAction(), which Qt keeps checked in step with the dock. The action
        made for the id leaves the window and every built menu; `action` takes its place. An
        `objectName` the action already has is kept (tests find some actions by it).
        """
        spec = self.spec(action_id)
        old = self._actions[action_id]
        if old is action:
            return action
        self._apply(spec, action)
        if spec.role is not None:
            action.setMenuRole(spec.role)
        if not action.objectName():
            action.setObjectName(OBJECT_NAME_PREFIX + action_id)
        for menu in self._menus:
            if old in menu.actions():
                menu.insertAction(old, action)
                menu.removeAction(old)
        self._parent.removeAction(old)
        self._parent.addAction(action)
        old.deleteLater()
        self._actions[action_id] = action
        return action

    # -- menus ---------------------------------------------------------------------------
    def build_menus(
        self, menu_bar: QMenuBar, menus: Iterable[MenuSpec] = MENUS
    ) -> dict[str, QMenu]:
        """Add `menus` to `menu_bar`, in order; returns every menu and submenu by id.

        A placeholder menu (Lookup > Examples) stays hidden, with the separator after it, until
        something adds an entry to it: `menus["lookup.examples"].addAction(...)`.
        """
        built: dict[str, QMenu] = {}
        for spec in menus:
            menu = menu_bar.addMenu(spec.text)
            self._fill(menu, spec, built)
        return built

    def _fill(self, menu: QMenu, spec: MenuSpec, built: dict[str, QMenu]) -> None:
        if spec.id in built:
            raise ValueError(f"menu id {spec.id!r} is declared twice")
        menu.setObjectName(f"menu.{spec.id}")
        built[spec.id] = menu
        self._menus.append(menu)
        placeholder: _PlaceholderVisibility | None = None
        for item in spec.items:
            if isinstance(item, MenuSpec):
                submenu = menu.addMenu(item.text)
                self._fill(submenu, item, built)
                placeholder = (
                    _PlaceholderVisibility(submenu, submenu.menuAction())
                    if item.placeholder
                    else None
                )
            elif item == SEPARATOR:
                separator = menu.addSeparator()
                if placeholder is not None:
                    placeholder.follow(separator)
                placeholder = None
            else:
                menu.addAction(self[item])
                placeholder = None


class _PlaceholderVisibility(QObject):
    """Shows a placeholder submenu (and the separator after it) only while it has entries."""

    def __init__(self, menu: QMenu, menu_action: QAction) -> None:
        super().__init__(menu)
        self._menu = menu
        self._shown: list[QAction] = [menu_action]
        menu.installEventFilter(self)
        self._update()

    def follow(self, action: QAction) -> None:
        self._shown.append(action)
        self._update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ActionAdded, QEvent.Type.ActionRemoved):
            self._update()
        return False

    def _update(self) -> None:
        filled = any(not action.isSeparator() for action in self._menu.actions())
        for action in self._shown:
            action.setVisible(filled)
