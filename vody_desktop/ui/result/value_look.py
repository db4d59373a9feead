"""How a value reads to a person: colour swatches, links, local times (no widgets here).

- `#RRGGBB` (and `#RGB`) text gets a small swatch of that colour.
- `http://` and `https://` links can be opened in the browser on request; no other scheme is
  ever opened (a `file:` or `javascript:` value is just text).
- ISO 8601 timestamps get a tooltip with the same moment in the computer's local time.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from vody_desktop.document.node import JsonNode, NodeKind
from vody_desktop.words import local_time_of

if TYPE_CHECKING:  # imported by the first link (QUrl's enums are not needed for the first paint)
    from PySide6.QtCore import QUrl

_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})")
_LINK = re.compile(r"https?://[^\s]+", re.IGNORECASE)
SWATCH_SIZE = 12
#: Strings longer than this are not checked for links or times (they are prose or data).
_SHORT = 2048


def short_text(node: JsonNode) -> str | None:
    """The text of a string node short enough to be a colour, link or time; else None."""
    if node.kind is not NodeKind.STRING or len(node.raw) > _SHORT:
        return None
    return node.display_value


def colour_of(text: str) -> QColor | None:
    """The colour a `#RRGGBB`/`#RGB` text names, or None."""
    if len(text) not in (4, 7) or not _HEX_COLOUR.fullmatch(text):
        return None
    return QColor(text)


def swatch_for(node: JsonNode) -> QIcon | None:
    """A small square of the node's colour (for the tree's decoration role), or None."""
    if node.kind is not NodeKind.STRING or len(node.raw) not in (6, 9):
        return None
    text = node.display_value
    return _swatch(text.upper()) if colour_of(text) is not None else None


@lru_cache(maxsize=512)
def _swatch(text: str) -> QIcon:
    pixmap = QPixmap(SWATCH_SIZE, SWATCH_SIZE)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setPen(QColor(128, 128, 128))
    painter.setBrush(QColor(text))
    painter.drawRect(0, 0, SWATCH_SIZE - 1, SWATCH_SIZE - 1)
    painter.end()
    return QIcon(pixmap)


def link_of(text: str) -> QUrl | None:
    """An http(s) link with a host, or None for anything else (other schemes included)."""
    if not _LINK.fullmatch(text):
        return None
    from PySide6.QtCore import QUrl

    url = QUrl(text, QUrl.ParsingMode.StrictMode)
    if not url.isValid() or url.scheme().lower() not in ("http", "https") or not url.host():
        return None
    return url


def value_tooltip(node: JsonNode) -> str | None:
    """Extra help for a value: its local time, or how to open its link."""
    text = short_text(node)
    if text is None:
        return None
    local = local_time_of(text)
    if local is not None:
        return local
    if link_of(text) is not None:
        return "A web link: right-click and choose “Open link in browser” to open it."
    return None
