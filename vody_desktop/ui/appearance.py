"""Light and dark appearance: follow the operating system, or the person's choice.

Qt 6.5+ follows the system's scheme by itself (`QStyleHints.colorScheme`), and Qt 6.8+ can be
told one (`setColorScheme`). Where the platform cannot switch (some Linux desktops, the
offscreen platform) or its native style draws only light (Windows' classic style), the Fusion
style with a palette of our own is used for the forced choice.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

THEMES = {"system": "Follow the system", "light": "Light", "dark": "Dark"}
_SCHEMES = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}
_original: dict[int, tuple[str, QPalette]] = {}


def apply_theme(app: QApplication, theme: str) -> None:
    """Use `theme` ("system", "light" or "dark"); "system" follows later changes by itself."""
    hints = app.styleHints()
    wanted = _SCHEMES.get(theme)
    if wanted is None and id(app) not in _original:
        # Nothing changed yet (the usual start): nothing to restore. Not asking for the style
        # spares the first paint PySide6's making QStyle's Python enums (about 10 ms).
        hints.unsetColorScheme()
        return
    if id(app) not in _original:  # before the first change: what "system" goes back to
        style = app.style()
        _original[id(app)] = (style.name() if style is not None else "", app.palette())
    if wanted is None:
        hints.unsetColorScheme()
        _restore(app)
        return
    hints.setColorScheme(wanted)
    windows_dark = sys.platform == "win32" and wanted == Qt.ColorScheme.Dark
    if hints.colorScheme() == wanted and not windows_dark:
        _restore(app)
        return
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if wanted == Qt.ColorScheme.Dark else light_palette(app))


def _restore(app: QApplication) -> None:
    name, palette = _original[id(app)]
    style = app.style()
    if name and style is not None and style.name() != name:
        app.setStyle(name)
    app.setPalette(palette)


def current_scheme(app: QApplication) -> str:
    """ "dark" or "light", as the window is drawn now."""
    if app.styleHints().colorScheme() == Qt.ColorScheme.Dark:
        return "dark"
    return "dark" if app.palette().color(QPalette.ColorRole.Window).lightness() < 128 else "light"


def light_palette(app: QApplication) -> QPalette:
    style = app.style()
    return style.standardPalette() if style is not None else QPalette()


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, color in (
        (roles.Window, "#2b2b2b"),
        (roles.WindowText, "#e6e6e6"),
        (roles.Base, "#1f1f1f"),
        (roles.AlternateBase, "#2a2a2a"),
        (roles.ToolTipBase, "#2b2b2b"),
        (roles.ToolTipText, "#e6e6e6"),
        (roles.PlaceholderText, "#8c8c8c"),
        (roles.Text, "#e6e6e6"),
        (roles.Button, "#353535"),
        (roles.ButtonText, "#e6e6e6"),
        (roles.BrightText, "#ff6b6b"),
        (roles.Light, "#4a4a4a"),
        (roles.Midlight, "#3c3c3c"),
        (roles.Mid, "#303030"),
        (roles.Dark, "#1a1a1a"),
        (roles.Shadow, "#000000"),
        (roles.Highlight, "#2f65ca"),
        (roles.HighlightedText, "#ffffff"),
        (roles.Link, "#8ab4f8"),
        (roles.LinkVisited, "#c58af9"),
    ):
        palette.setColor(role, QColor(color))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return palette
