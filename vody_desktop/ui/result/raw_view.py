"""`RawJsonView`: pretty JSON with line numbers, colours and find, fast on a 25 MB result.

A `QPlainTextEdit` lays out every line it holds (a 25 MB result is about 1.5 million lines);
this view paints only the lines on screen. The text lives as UTF-8 chunks of whole lines, made
on a worker thread a few megabytes per step (the window stays responsive and the first lines
appear at once); a line is found by chunk (bisect) and cut from a small cache of split chunks.
Find runs a chunk per event-loop turn and remembers (line, start, end) for every match.
Clicking selects a line, Shift+click extends; Ctrl+C copies the selected lines.
Colours come from ui/contrast.py for the palette in use, so they stay readable in dark mode;
find matches are painted last, opaque, with text in a colour chosen for the highlight.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontDatabase,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from vody_desktop.ui.result.contrast import (
    CURRENT_FIND_BACKGROUND,
    FIND_BACKGROUND,
    SELECTION_OVERLAY,
    find_text_colour,
    gutter_colours,
    plain_text_colour,
    syntax_colours,
)

#: Lines longer than this are shown cut, with a note of how much is left out.
MAX_LINE_CHARS = 10_000
CHUNK_TARGET = 256 * 1024
MAX_MATCHES = 100_000
_TOKEN = re.compile(
    r'(?P<key>"(?:[^"\\]|\\.)*"(?=\s*:))|(?P<string>"(?:[^"\\]|\\.)*"?)'
    r"|(?P<number>-?\d[\d.eE+-]*)|(?P<literal>true|false|null)"
)


@dataclass(frozen=True)
class RawColours:
    """The colours the view paints with, for one palette."""

    text: QColor
    syntax: dict[str, QColor]
    gutter_back: QColor
    gutter_text: QColor

    @classmethod
    def for_palette(cls, palette: QPalette) -> RawColours:
        gutter_back, gutter_text = gutter_colours(palette)
        return cls(plain_text_colour(palette), syntax_colours(palette), gutter_back, gutter_text)


class RawJsonView(QAbstractScrollArea):
    """Read-only text over chunks of lines; paints only what is visible."""

    #: Find finished counting: number of matches.
    findCounted = Signal(int)
    #: All of the text has arrived.
    filled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._chunks: list[bytes] = []
        self._first_lines: list[int] = []
        self._line_count = 0
        self._widest = 0
        self._split_cache: OrderedDict[int, list[bytes]] = OrderedDict()
        self._plain: str | None = None  # the exact text, when shown with set_text
        self.complete = True
        self.matches: list[tuple[int, int, int]] = []
        self.current_match = -1
        self._selection: tuple[int, int] | None = None
        self._anchor = 0
        self._gutter = _Gutter(self)
        self._colours: tuple[tuple[int, int], RawColours] | None = None
        # Laid out by its first resize, which comes before it is shown (the window's first
        # paint shows the Tree tab). Asking for `viewport()` here, before that paint, made
        # PySide6 set up some 40 widget classes it had not made yet (about 9 ms) to learn
        # which Python class the viewport has.

    # -- content -------------------------------------------------------------------------
    def clear(self) -> None:
        self._chunks, self._first_lines = [], []
        self._line_count = self._widest = 0
        self._split_cache.clear()
        self._plain = None
        self.complete = True
        self.matches, self.current_match = [], -1
        self._selection = None
        self._relayout()

    def is_empty(self) -> bool:
        return self._line_count == 0

    def set_text(self, text: str) -> None:
        """Show `text` as it is (complete)."""
        self.clear()
        self.add_chunks(cut_lines(text.encode("utf-8") + (b"" if text.endswith("\n") else b"\n")))
        self._plain = text

    def add_chunks(self, chunks: list[LineChunk]) -> None:
        """Add chunks made by `cut_lines` (on any thread) at the end."""
        for chunk in chunks:
            self._chunks.append(chunk.data)
            self._first_lines.append(self._line_count)
            self._line_count += chunk.lines
            self._widest = max(self._widest, min(chunk.widest, MAX_LINE_CHARS + 40))
        self._relayout()

    async def show_pretty(self, pieces: Iterator[bytes]) -> None:
        """Fill the view from a pretty printer's output, a few MB per worker-thread step."""
        import asyncio

        self.clear()
        self.complete = False
        state = _Cutter(pieces)
        while not state.done:
            chunks = await asyncio.to_thread(state.next_batch)
            self.add_chunks(chunks)
        self.complete = True
        self.filled.emit()

    def toPlainText(self) -> str:
        """All of the text (for tests and small results; a 25 MB result is 40 MB of text)."""
        if self._plain is not None:
            return self._plain
        return b"".join(self._chunks).decode("utf-8", "replace").removesuffix("\n")

    @property
    def line_count(self) -> int:
        return self._line_count

    def line(self, number: int) -> str:
        """Line `number` (0-based) as text, without its newline."""
        if not 0 <= number < self._line_count:
            return ""
        chunk = bisect_right(self._first_lines, number) - 1
        lines = self._split_cache.get(chunk)
        if lines is None:
            lines = self._chunks[chunk].split(b"\n")
            self._split_cache[chunk] = lines
            if len(self._split_cache) > 8:
                self._split_cache.popitem(last=False)
        return lines[number - self._first_lines[chunk]].decode("utf-8", "replace")

    # -- find ----------------------------------------------------------------------------
    async def find_all(self, pattern: re.Pattern[str] | None) -> int:
        """Find every match (a chunk per loop turn); returns the count."""
        import asyncio

        self.matches, self.current_match = [], -1
        self.viewport().update()
        if pattern is None:
            return 0
        found: list[tuple[int, int, int]] = []
        for chunk_number, chunk in enumerate(list(self._chunks)):
            first = self._first_lines[chunk_number]
            text = chunk.decode("utf-8", "replace")
            if pattern.search(text) is None:
                await asyncio.sleep(0)
                continue
            for offset, line in enumerate(text.split("\n")):
                for match in pattern.finditer(line):
                    if match.end() > match.start():
                        found.append((first + offset, match.start(), match.end()))
            if len(found) >= MAX_MATCHES:
                break
            await asyncio.sleep(0)
        self.matches = found[:MAX_MATCHES]
        self.viewport().update()
        self.findCounted.emit(len(self.matches))
        return len(self.matches)

    def go_to_match(self, number: int) -> None:
        if not self.matches:
            return
        self.current_match = number % len(self.matches)
        line, start, _end = self.matches[self.current_match]
        self.scroll_to_line(line, column=start)

    def scroll_to_line(self, line: int, column: int = 0) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(max(0, line - self._visible_lines() // 2))
        width = self.viewport().width() // self._char_width()
        h = self.horizontalScrollBar()
        if not h.value() <= column < h.value() + width - 4:
            h.setValue(max(0, column - width // 3))
        self._selection = (line, line)
        self.viewport().update()

    # -- selection and copy --------------------------------------------------------------
    def selected_text(self) -> str:
        if self._selection is None:
            return ""
        first, last = sorted(self._selection)
        last = min(last, first + 100_000)
        return "\n".join(self.line(n) for n in range(first, last + 1))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        line = self.verticalScrollBar().value() + int(event.position().y()) // self._line_h()
        line = min(line, self._line_count - 1)
        if line < 0:
            return
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and self._selection:
            self._selection = (self._anchor, line)
        else:
            self._anchor = line
            self._selection = (line, line)
        self.viewport().update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton and self._selection is not None:
            line = self.verticalScrollBar().value() + int(event.position().y()) // self._line_h()
            self._selection = (self._anchor, max(0, min(line, self._line_count - 1)))
            self.viewport().update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            text = self.selected_text()
            if text:
                QGuiApplication.clipboard().setText(text)
            return
        # QAbstractScrollArea scrolls with the arrows and Page keys only; these go to the ends.
        if event.matches(QKeySequence.StandardKey.MoveToEndOfDocument):
            self._go_to_line(self._line_count - 1)
            return
        if event.matches(QKeySequence.StandardKey.MoveToStartOfDocument):
            self._go_to_line(0)
            return
        super().keyPressEvent(event)

    def _go_to_line(self, line: int) -> None:
        """Scroll so `line` (first or last) is in view, from the left edge, and select it."""
        if self._line_count == 0:
            return
        self.verticalScrollBar().setValue(0 if line == 0 else self.verticalScrollBar().maximum())
        self.horizontalScrollBar().setValue(0)
        self._anchor = line
        self._selection = (line, line)
        self.viewport().update()

    # -- painting ------------------------------------------------------------------------
    def colours(self) -> RawColours:
        """The colours for the palette in use now (it changes with light and dark mode)."""
        palette = self.palette()
        key = (palette.base().color().rgba(), palette.text().color().rgba())
        if self._colours is None or self._colours[0] != key:
            self._colours = (key, RawColours.for_palette(palette))
        return self._colours[1]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.setFont(self.font())
        line_h, char_w = self._line_h(), self._char_width()
        advance = self.fontMetrics().horizontalAdvance
        ascent = self.fontMetrics().ascent()
        first = self.verticalScrollBar().value()
        first_col = self.horizontalScrollBar().value()
        del event
        columns = self.viewport().width() // char_w + 2
        colours = self.colours()
        text_colour = colours.text
        if not self.complete and self._line_count == 0:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(8, ascent + 4, "Preparing the raw view…")
        matches = self._matches_from(first)
        selection = sorted(self._selection) if self._selection else None
        for row in range(self._visible_lines() + 1):
            number = first + row
            if number >= self._line_count:
                break
            top = row * line_h
            if selection and selection[0] <= number <= selection[1]:
                painter.fillRect(QRect(0, top, self.viewport().width(), line_h), SELECTION_OVERLAY)
            text = self.line(number)
            if len(text) > MAX_LINE_CHARS:
                text = f"{text[:MAX_LINE_CHARS]} … ({len(text) - MAX_LINE_CHARS:,} more characters)"
            visible = text[first_col : first_col + columns]
            if not visible:
                continue
            # x from the real advance of the text before (fixed-pitch fonts are not always
            # whole pixels per character).
            done = 0
            for kind, start, piece in _tokens(text, first_col, first_col + columns):
                offset = start - first_col
                if offset > done:
                    painter.setPen(text_colour)
                    painter.drawText(advance(visible[:done]), top + ascent, visible[done:offset])
                painter.setPen(colours.syntax[kind])
                painter.drawText(advance(visible[:offset]), top + ascent, piece)
                done = offset + len(piece)
            if done < len(visible):
                painter.setPen(text_colour)
                painter.drawText(advance(visible[:done]), top + ascent, visible[done:])
            # Matches on top: an opaque marker, and the matched text again in a colour that
            # reads on it (the syntax colours are chosen for the base, not for yellow).
            for index, (line, start, end) in matches:
                if line != number or end <= first_col:
                    continue
                begin, stop = max(0, start - first_col), min(len(visible), end - first_col)
                if stop <= begin:
                    continue
                back = CURRENT_FIND_BACKGROUND if index == self.current_match else FIND_BACKGROUND
                left = advance(visible[:begin])
                painter.fillRect(QRect(left, top, advance(visible[begin:stop]), line_h), back)
                painter.setPen(find_text_colour(back))
                painter.drawText(left, top + ascent, visible[begin:stop])
        painter.end()
        self._gutter.update()

    def paint_gutter(self, gutter: QWidget) -> None:
        """Line numbers, painted by the gutter widget beside the viewport."""
        painter = QPainter(gutter)
        colours = self.colours()
        painter.fillRect(gutter.rect(), colours.gutter_back)
        painter.setFont(self.font())
        painter.setPen(colours.gutter_text)
        first, line_h = self.verticalScrollBar().value(), self._line_h()
        for row in range(self._visible_lines() + 1):
            if first + row >= self._line_count:
                break
            rect = QRect(0, row * line_h, gutter.width() - 6, line_h)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignRight), str(first + row + 1))
        painter.end()

    def _matches_from(self, first: int) -> list[tuple[int, tuple[int, int, int]]]:
        if not self.matches:
            return []
        start = bisect_right(self.matches, (first, -1, -1))
        last = first + self._visible_lines() + 1
        out = []
        for index in range(start, len(self.matches)):
            if self.matches[index][0] > last:
                break
            out.append((index, self.matches[index]))
        return out

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()
        self._gutter.update()

    # -- geometry ------------------------------------------------------------------------
    def _line_h(self) -> int:
        return max(1, self.fontMetrics().lineSpacing())

    def _char_width(self) -> int:
        return max(1, self.fontMetrics().horizontalAdvance("0"))

    def _visible_lines(self) -> int:
        return max(1, self.viewport().height() // self._line_h())

    def _gutter_width(self) -> int:
        digits = max(3, len(str(self._line_count)))
        return self._char_width() * digits + 14

    def _relayout(self) -> None:
        width = self._gutter_width()
        self.setViewportMargins(width, 0, 0, 0)
        frame = self.frameWidth()
        self._gutter.setGeometry(frame, frame, width, self.viewport().height())
        bar = self.verticalScrollBar()
        bar.setRange(0, max(0, self._line_count - self._visible_lines()))
        bar.setPageStep(self._visible_lines())
        columns = self.viewport().width() // self._char_width()
        h = self.horizontalScrollBar()
        h.setRange(0, max(0, self._widest - columns + 2))
        h.setPageStep(max(1, columns))
        self.viewport().update()
        self.update()


class _Gutter(QWidget):
    """The line-number strip left of the text."""

    def __init__(self, view: RawJsonView) -> None:
        super().__init__(view)
        self._view = view

    def paintEvent(self, event: QPaintEvent) -> None:
        self._view.paint_gutter(self)


@dataclass(frozen=True, slots=True)
class LineChunk:
    """Whole lines of UTF-8 text (each ending in a newline), with their count and widest."""

    data: bytes
    lines: int
    widest: int


def cut_lines(data: bytes) -> list[LineChunk]:
    """Cut text made of whole lines into chunks of about CHUNK_TARGET bytes."""
    chunks: list[LineChunk] = []
    pos, size = 0, len(data)
    while pos < size:
        end = data.find(b"\n", min(pos + CHUNK_TARGET, size) - 1)
        end = size if end < 0 else end + 1
        piece = data[pos:end]
        lines = piece.split(b"\n")
        chunks.append(LineChunk(piece, piece.count(b"\n"), max(map(len, lines))))
        pos = end
    return chunks


class _Cutter:
    """Pulls pretty-printed pieces and cuts them into line chunks, a batch per call."""

    BATCH_BYTES = 2 * 1024 * 1024

    def __init__(self, pieces: Iterator[bytes]) -> None:
        self._pieces = pieces
        self._carry = b""
        self.done = False

    def next_batch(self) -> list[LineChunk]:
        parts = [self._carry]
        size = len(self._carry)
        for piece in self._pieces:
            parts.append(piece)
            size += len(piece)
            if size >= self.BATCH_BYTES:
                break
        else:
            self.done = True
        data = b"".join(parts)
        cut = len(data) if self.done else data.rfind(b"\n") + 1
        self._carry = data[cut:]
        return cut_lines(data[:cut])


def _tokens(text: str, first: int, last: int) -> Iterator[tuple[str, int, str]]:
    """Coloured tokens overlapping columns [first, last): kind, start column, visible text."""
    for match in _TOKEN.finditer(text, 0, min(len(text), MAX_LINE_CHARS)):
        start, end = match.span()
        if end <= first:
            continue
        if start >= last:
            break
        kind = match.lastgroup or "string"
        visible_start = max(start, first)
        yield kind, visible_start, text[visible_start : min(end, last)]
