"""`MessageLayout`: places a message's title, advice, buttons and details for the width it gets.

With the buttons always beside the text, a narrow message (about 540 px on a 1600x1000 screen at
200 %) wrapped its advice into five lines of a 265 px column, and the window, whose smallest
height does not count wrapped text, showed two. So for each width the layout takes whichever of
three arrangements needs the least height, the text column at least `MIN_TEXT_EMS` characters wide:

- beside: title and advice in a column, the buttons to their right;
- top:    the buttons on the title's line, the advice below across the whole width;
- below:  title and advice across the whole width, the buttons in a row under them.

Its smallest and preferred heights are what the text needs at the width the message has now,
plus one line of details or all of their height: the window's layout cannot make the message so
short that text is cut, and when height is short it takes from the details box (which scrolls)
and the result tree. (Not `heightForWidth`: Qt's box layout takes that as a fixed height, and on
a short window cut the message and the form above it alike.) A new width makes the layout report
its sizes again; the width does not depend on them, so this settles at once.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget

#: Space between the title and the advice.
TEXT_SPACING = 2
#: Space between the text and the buttons.
GAP = 6
#: Space above the details (every pixel counts on a 500 px high screen).
DETAILS_GAP = 4
#: The text column is never narrower than this many average characters.
MIN_TEXT_EMS = 16


class Arrangement(enum.Enum):
    BESIDE = "beside"
    TOP = "top"
    BELOW = "below"


def _needed(item: QLayoutItem, width: int) -> int:
    """The height `item` needs at `width` (0 when hidden)."""
    if item.isEmpty():
        return 0
    if item.hasHeightForWidth():
        return max(item.heightForWidth(width), item.minimumSize().height())
    return item.sizeHint().height()


class MessageLayout(QLayout):
    """Title, advice, a row of buttons and a details box, arranged for the width given."""

    def __init__(
        self,
        title: QWidget,
        advice: QWidget,
        buttons: QLayout,
        details: QWidget,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.addWidget(title)
        self.addWidget(advice)
        self.addChildLayout(buttons)
        self._items.append(buttons)
        self.addWidget(details)
        self._title, self._advice, self._buttons, self._details = self._items
        self._min_text = parent.fontMetrics().averageCharWidth() * MIN_TEXT_EMS
        self._width = 0  # the width last given, which the sizes reported assume

    # -- QLayout -------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def sizeHint(self) -> QSize:
        return QSize(self._ideal_width(), self._total_height(self._details.sizeHint().height()))

    def minimumSize(self) -> QSize:
        """As narrow as the buttons (then arranged below the text); as short as the text
        needs at the width the message has now, with one line of details."""
        margins = self.contentsMargins()
        buttons = self._button_size().width()
        width = max(self._title.minimumSize().width(), self._advice.minimumSize().width(), buttons)
        height = self._total_height(self._details.minimumSize().height())
        return QSize(margins.left() + width + margins.right(), height)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        parent = self.parentWidget()
        if rect.width() != self._width and parent is not None:
            # The text's height, so the message's sizes, follow the width: have the window's
            # layout ask again (the width does not depend on them, so this settles at once).
            self._width = rect.width()
            parent.updateGeometry()
        margins = self.contentsMargins()
        inner = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        arrangement = self._plan(inner.width())[0]
        places, text_height = self._arrange(arrangement, inner)
        for item, place in places:
            self._put(item, inner, place)
        if self._details.isEmpty():
            return
        top = inner.top() + text_height + DETAILS_GAP
        limits = self._details.minimumSize().height(), self._details.maximumSize().height()
        height = min(max(inner.bottom() + 1 - top, limits[0]), limits[1])
        self._put(self._details, inner, QRect(inner.left(), top, inner.width(), height))

    # -- arranging -----------------------------------------------------------------------
    def arrangement(self) -> Arrangement:
        """How the parts are arranged at the current width (tests read it)."""
        margins = self.contentsMargins()
        return self._plan(self._width - margins.left() - margins.right())[0]

    def _ideal_width(self) -> int:
        margins = self.contentsMargins()
        text = max(self._title.sizeHint().width(), self._advice.sizeHint().width())
        return margins.left() + text + GAP + self._button_size().width() + margins.right()

    def _total_height(self, details: int) -> int:
        """The message's height at its present width (or its ideal one before it has any)
        with a details box of height `details` (when open)."""
        margins = self.contentsMargins()
        width = self._width or self._ideal_width()
        height = self._plan(width - margins.left() - margins.right())[1]
        if not self._details.isEmpty():
            height += DETAILS_GAP + details
        return margins.top() + height + margins.bottom()

    def _button_size(self) -> QSize:
        return QSize(0, 0) if self._buttons.isEmpty() else self._buttons.sizeHint()

    def _plan(self, width: int) -> tuple[Arrangement, int]:
        """The arrangement needing the least height at `width`, and that height (without
        the details); the text column never gets narrower than `MIN_TEXT_EMS`."""
        candidates = list(Arrangement)
        buttons = self._button_size()
        if buttons.isEmpty():
            candidates = [Arrangement.BESIDE]  # all three are the same
        elif width - GAP - buttons.width() < self._min_text:
            candidates = [Arrangement.BELOW]
        heights = [
            (self._arrange(arrangement, QRect(0, 0, width, 0))[1], rank, arrangement)
            for rank, arrangement in enumerate(candidates)
        ]
        height, _, arrangement = min(heights)
        return arrangement, height

    def _arrange(
        self, arrangement: Arrangement, inner: QRect
    ) -> tuple[list[tuple[QLayoutItem, QRect]], int]:
        """Where the title, advice and buttons go within `inner`, and the height they take."""
        left, top, width = inner.left(), inner.top(), inner.width()
        buttons = self._button_size()
        side = width - GAP - buttons.width() if not buttons.isEmpty() else width
        if arrangement is Arrangement.BELOW:
            places, text = self._stack(left, top, width, width)
            under = QRect(left + width - buttons.width(), top + text + GAP, *buttons.toTuple())
            return [*places, (self._buttons, under)], text + GAP + buttons.height()
        if arrangement is Arrangement.BESIDE:
            text = self._stack(0, 0, side, side)[1]
            row = max(text, buttons.height())
            places, _ = self._stack(left, top + (row - text) // 2, side, side)
            height = row
        else:  # TOP: the buttons on the title's line, the advice below across the width
            title = _needed(self._title, side)
            row = max(title, buttons.height())
            places = [(self._title, QRect(left, top + (row - title) // 2, side, title))]
            height = row
            if not self._advice.isEmpty():
                advice = _needed(self._advice, width)
                rect = QRect(left, top + row + TEXT_SPACING, width, advice)
                places.append((self._advice, rect))
                height += TEXT_SPACING + advice
        button_top = top + (row - buttons.height()) // 2
        beside = QRect(left + width - buttons.width(), button_top, *buttons.toTuple())
        return [*places, (self._buttons, beside)], height

    def _stack(
        self, left: int, top: int, title_width: int, advice_width: int
    ) -> tuple[list[tuple[QLayoutItem, QRect]], int]:
        """The title with the advice under it: where they go and their height."""
        title = _needed(self._title, title_width)
        places = [(self._title, QRect(left, top, title_width, title))]
        if self._advice.isEmpty():
            return places, title
        advice = _needed(self._advice, advice_width)
        places.append((self._advice, QRect(left, top + title + TEXT_SPACING, advice_width, advice)))
        return places, title + TEXT_SPACING + advice

    def _put(self, item: QLayoutItem, inner: QRect, rect: QRect) -> None:
        """Give `item` `rect`, mirrored for right-to-left languages."""
        # Here, not with the module: PySide6 makes QStyle's Python enums on its first use (about
        # 10 ms), and the window's first paint has no message to lay out.
        from PySide6.QtWidgets import QStyle

        parent = self.parentWidget()
        ltr = Qt.LayoutDirection.LeftToRight
        direction = parent.layoutDirection() if parent is not None else ltr
        item.setGeometry(QStyle.visualRect(direction, inner, rect))
