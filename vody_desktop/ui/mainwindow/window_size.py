"""The main window's size: never larger than the screen it opens on.

At 200 % scale a 2560x1440 screen is 1280x720 logical pixels, less a task bar; a fixed default
of 1280x780 put Export, the status bar and the Details' Copy button below the edge. The default
size is the preferred one cut to the screen's available geometry (`QScreen.availableGeometry`,
which leaves out task bars and docks), less the window frame; a restored size is cut the same
way (the last session may have run on a larger screen). The frame's real size is known only
once the window is shown, so the fit is checked again then.

Some screens are smaller than the window can be: 1600x1000 at 200 % is 800x500 logical pixels,
while the window with its History, Details and Query panes needs about 865 px. Then panes are
hidden, widest first and only as many as needed, just before the window first appears (so it
never opens wider than the screen), and the status bar says which and how to get them back.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

PREFERRED_SIZE = QSize(1280, 780)
#: Frame and title bar of a typical window manager, until the real ones are known.
ESTIMATED_FRAME = QSize(16, 40)


def available_geometry(window: QWidget) -> QRect:
    """The part of the window's screen that windows may use."""
    screen: QScreen | None = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 720)


def fitted_size(wanted: QSize, available: QSize, frame: QSize) -> QSize:
    """`wanted` cut so that it and its `frame` fit into `available`."""
    return QSize(
        max(1, min(wanted.width(), available.width() - frame.width())),
        max(1, min(wanted.height(), available.height() - frame.height())),
    )


def fit_to_screen(window: QWidget, *, restored: bool) -> None:
    """Give `window` its default size (unless a size was `restored`) within the screen, and
    check again with the real frame when it is first shown."""
    available = available_geometry(window)
    wanted = window.size() if restored else PREFERRED_SIZE
    size = fitted_size(wanted, available.size(), ESTIMATED_FRAME)
    if not restored or size != window.size():
        window.resize(size)
        _center(window, available)
    _FitOnFirstShow(window)


def keep_on_screen(window: QWidget) -> None:
    """Shrink and move `window` so that its frame lies within the available geometry."""
    available = available_geometry(window)
    frame = window.frameGeometry()
    if available.contains(frame):
        return
    extra = frame.size() - window.size()
    window.resize(fitted_size(window.size(), available.size(), extra))
    _center(window, available)


def fits(size: QSize, frame: QSize, available: QSize) -> bool:
    """Whether a window of `size` with its `frame` fits into `available`."""
    return (
        size.width() + frame.width() <= available.width()
        and size.height() + frame.height() <= available.height()
    )


def hide_panes_to_fit(window: QMainWindow, frame: QSize) -> list[QDockWidget]:
    """Hide docked panes, widest first, until the window's smallest size and its `frame` fit the
    available area; returns the panes hidden (none on a screen large enough)."""
    available = available_geometry(window).size()
    # Direct children only: PySide6 makes a Python object for every object it looks at, and a
    # window's hundreds cost 10-30 ms at its first show (a pane is the window's own child).
    direct = Qt.FindChildOption.FindDirectChildrenOnly
    docked = [
        dock
        for dock in window.findChildren(QDockWidget, options=direct)
        if not dock.isHidden() and not dock.isFloating()
    ]
    # The widest pane first: the panes share one side, so it sets that side's width.
    docked.sort(key=lambda dock: dock.minimumSizeHint().width(), reverse=True)
    hidden: list[QDockWidget] = []
    for dock in docked:
        # Not minimumSize(): that is the layout's constraint from before the hide.
        if fits(window.minimumSizeHint(), frame, available):
            break
        dock.hide()
        hidden.append(dock)
    return hidden


#: The window property naming the panes (dock object names) hidden only to fit the screen.
HIDDEN_TO_FIT = "panesHiddenToFit"


def panes_hidden_to_fit(window: QMainWindow) -> list[QDockWidget]:
    """The panes hidden to fit the screen that are still hidden (not shown since by hand)."""
    names = window.property(HIDDEN_TO_FIT) or []
    docks = [window.findChild(QDockWidget, name) for name in names]
    return [dock for dock in docks if dock is not None and dock.isHidden()]


def remember_hidden_to_fit(window: QMainWindow, docks: list[QDockWidget]) -> None:
    window.setProperty(HIDDEN_TO_FIT, [dock.objectName() for dock in docks])


def show_panes_hidden_to_fit(window: QMainWindow) -> None:
    """Give back the panes an earlier, smaller screen took (they are hidden again below if
    this screen is too small as well)."""
    for dock in panes_hidden_to_fit(window):
        dock.show()
    remember_hidden_to_fit(window, [])


def hidden_panes_notice(titles: list[str]) -> str:
    """Plain words for the status bar: which panes were hidden and how to show them again."""
    names = titles[0] if len(titles) == 1 else f"{', '.join(titles[:-1])} and {titles[-1]}"
    if len(titles) == 1:
        return f"The {names} pane was hidden to fit the screen; the View menu shows it again."
    return f"The {names} panes were hidden to fit the screen; the View menu shows them again."


def _center(window: QWidget, available: QRect) -> None:
    frame = window.frameGeometry()
    extra = frame.size() - window.size()
    left = available.left() + max(0, (available.width() - window.width() - extra.width()) // 2)
    top = available.top() + max(0, (available.height() - window.height() - extra.height()) // 2)
    window.move(QPoint(left, top))


class _FitOnFirstShow(QObject):
    """When the window is first shown: hides panes if even its smallest size does not fit
    the screen, then (once the frame is known) runs `keep_on_screen`."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._hidden: list[str] = []
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Show:
            self._window.removeEventFilter(self)
            # The Show event comes before the window is mapped, and only now are all panes
            # added: making room here means the window never appears wider than the screen.
            if isinstance(self._window, QMainWindow):
                show_panes_hidden_to_fit(self._window)
            self._make_room(ESTIMATED_FRAME)
            # After the window manager has placed the frame.
            QTimer.singleShot(0, self._fit)
        return False

    def _fit(self) -> None:
        window = self._window
        self._make_room(window.frameGeometry().size() - window.size())
        keep_on_screen(window)
        self.deleteLater()

    def _make_room(self, frame: QSize) -> None:
        self._hidden += _make_room(self._window, frame, self._hidden)


def make_room_for_panes(window: QMainWindow) -> None:
    """Panes added to a window already on screen (after its first paint): give back those an
    earlier, smaller screen took, and hide what this one has no room for, as at first show."""
    show_panes_hidden_to_fit(window)
    _make_room(window, window.frameGeometry().size() - window.size(), [])
    keep_on_screen(window)


def _make_room(window: QWidget, frame: QSize, hidden_before: list[str]) -> list[str]:
    """Hide panes until `window` fits its screen; the titles of those hidden now (the status
    bar names them, with `hidden_before`)."""
    if not isinstance(window, QMainWindow):
        return []
    hidden = hide_panes_to_fit(window, frame)
    if not hidden:
        return []
    titles = [dock.windowTitle() for dock in hidden]
    remember_hidden_to_fit(window, panes_hidden_to_fit(window) + hidden)
    layout = window.layout()
    if layout is not None:
        layout.activate()  # lowers the window's minimum size now, so it can shrink
    available = available_geometry(window)
    window.resize(fitted_size(window.size(), available.size(), frame))
    _center(window, available)
    window.statusBar().showMessage(hidden_panes_notice(hidden_before + titles))
    return titles
