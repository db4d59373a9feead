"""Tab goes through the window in reading order: top to bottom, left to right, then the docks.

Qt's default order is the order widgets were created in, and the window's parts are created in
another order than they are laid out (the find bar is added above the result after it exists,
docks before the central parts' extras). `reading_order` walks the layouts instead: the lookup
form, the message area's buttons, the find bar, the result tabs and the tree, Export, the status
bar, then each dock (a dock area's tab bar before the docks it switches between). Hidden widgets
(the raw view behind the tree) stay in the chain; Qt skips them while they are hidden.

Qt does not skip a dock that is tabbed behind another: its widgets count as visible, and Tab
vanished into the hidden Query dock for three presses. `tab_stop_after` finds the next stop a
person can see (the window's `focusNextPrevChild` uses it).
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLayout,
    QMainWindow,
    QTabBar,
    QTabWidget,
    QWidget,
)

DOCK_TAB_BAR = "dockTabBar"


def focusable_in_layout_order(widget: QWidget) -> list[QWidget]:
    """The widgets inside `widget` that Tab can stop at, in the order their layouts show them."""
    if isinstance(widget, QTabWidget):
        found: list[QWidget] = [widget.tabBar()]
        for position in range(widget.count()):
            page = widget.widget(position)
            if page is not None:
                found += focusable_in_layout_order(page)
        return found
    if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None:
        return [widget]
    layout = widget.layout()
    return _walk(layout) if layout is not None else []


def _walk(layout: QLayout) -> list[QWidget]:
    found: list[QWidget] = []
    for position in range(layout.count()):
        item = layout.itemAt(position)
        if item is None:
            continue
        child, inner = item.widget(), item.layout()
        if child is not None:
            found += focusable_in_layout_order(child)
        elif inner is not None:
            found += _walk(inner)
    return found


def reading_order(window: QMainWindow, docks: list[QDockWidget] | None = None) -> list[QWidget]:
    """Chain Tab through `window` in reading order; returns the chain (for tests)."""
    chain: list[QWidget] = []
    central = window.centralWidget()
    if central is not None:
        chain += focusable_in_layout_order(central)
    chain += focusable_in_layout_order(window.statusBar())
    for dock in docks if docks is not None else _docks_in_place_order(window):
        tab_bar = _dock_tab_bar(window, dock)
        if tab_bar is not None:
            chain.append(tab_bar)
        body = dock.widget()
        if body is not None:
            chain += focusable_in_layout_order(body)
    unique = list(dict.fromkeys(chain))
    for before, after in pairwise(unique):
        QWidget.setTabOrder(before, after)
    return unique


def _docks_in_place_order(window: QMainWindow) -> list[QDockWidget]:
    """The docks as they are placed: by area (left, top, right, bottom), tabs in tab order."""
    areas = (
        Qt.DockWidgetArea.LeftDockWidgetArea,
        Qt.DockWidgetArea.TopDockWidgetArea,
        Qt.DockWidgetArea.RightDockWidgetArea,
        Qt.DockWidgetArea.BottomDockWidgetArea,
    )
    direct = Qt.FindChildOption.FindDirectChildrenOnly  # not a Python object for every widget
    docks = window.findChildren(QDockWidget, options=direct)
    # By where they sit, not the order of the window's children: showing a dock added to a
    # shown window (later_parts.py) moves it to the end of that list.
    layout = window.layout()
    if layout is not None:
        layout.activate()  # the docks' places now, not after the next event
    docks.sort(key=lambda dock: _place(window, dock))
    ordered: list[QDockWidget] = []
    for area in areas:
        for dock in docks:
            if dock in ordered or window.dockWidgetArea(dock) != area:
                continue
            ordered.append(dock)
            ordered += [d for d in window.tabifiedDockWidgets(dock) if d not in ordered]
    return ordered + [dock for dock in docks if dock not in ordered]


def _place(window: QMainWindow, dock: QDockWidget) -> tuple[int, int]:
    """Where `dock`'s tab group sits: the top left of the member shown in the window (the
    others are kept outside it)."""
    group = [dock, *window.tabifiedDockWidgets(dock)]
    inside = [d.geometry() for d in group if window.rect().intersects(d.geometry())]
    spot = inside[0] if inside else dock.geometry()
    return spot.top(), spot.left()


def _dock_tab_bar(window: QMainWindow, dock: QDockWidget) -> QTabBar | None:
    """The tab bar Qt made to switch between `dock` and the docks tabbed with it, if any."""
    if not window.tabifiedDockWidgets(dock):
        return None
    for bar in window.findChildren(QTabBar):
        if bar.parent() is not window:
            continue
        titles = {bar.tabText(index) for index in range(bar.count())}
        if dock.windowTitle() in titles:
            bar.setObjectName(DOCK_TAB_BAR)
            bar.setAccessibleName("Dock tabs")
            return bar
    return None


def takes_tab(widget: QWidget, window: QWidget) -> bool:
    """Whether Tab may stop at `widget`: in `window`, enabled, and on screen, not covered."""
    return (
        widget.window() is window
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.focusProxy() is None
        and widget.isEnabled()
        and widget.isVisible()
        and not widget.visibleRegion().isEmpty()
    )


def tab_stop_after(window: QWidget, forward: bool) -> QWidget | None:
    """The widget Tab (or Shift+Tab) goes to from the focused one, or None to let Qt decide."""
    current = QApplication.focusWidget()
    if current is None or current.window() is not window:
        return None
    candidate: QWidget | None = current
    while candidate is not None:
        candidate = candidate.nextInFocusChain() if forward else candidate.previousInFocusChain()
        if candidate is None or candidate is current:
            return None
        if takes_tab(candidate, window):
            return candidate
    return None
