"""`Level`: which rows sit under one row of the result tree (or at its top).

Under a row are the members of a container, or, for a very long array, ranges of its members
(document/member_range.py), and under a range its members or smaller ranges. A level says which
members it covers and how many each of its rows holds, so the tree model can map a row to a
member or a range, and a member to the rows that lead to it, without searching. `LevelMap`
keeps the levels of one document's tree.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex

from vody_desktop.document.member_range import inner_step, range_step
from vody_desktop.document.node import JsonNode

_MISSING = object()


@dataclass(slots=True, eq=False)
class Level:
    """Members `start` to `stop - 1` of `node`, `step` per row (1: each row is a member)."""

    node: JsonNode
    start: int
    stop: int
    step: int
    #: Rows handed to the view so far (with their expand arrows).
    prepared: int = 0

    @property
    def rows(self) -> int:
        return -(-(self.stop - self.start) // self.step)

    @property
    def of_ranges(self) -> bool:
        return self.step > 1

    def member(self, row: int) -> int:
        """The member shown by `row` of a level of members."""
        return self.start + row

    def span(self, row: int) -> tuple[int, int]:
        """The members (first, stop) of the range shown by `row`."""
        first = self.start + row * self.step
        return first, min(first + self.step, self.stop)

    def inner(self, row: int) -> tuple[int, int, int]:
        """The level under the range at `row`: (first, stop, step)."""
        first, stop = self.span(row)
        return first, stop, inner_step(self.step)

    def rows_to(self, member: int) -> list[int]:
        """The rows from this level down to `member`: through its ranges, then its own row."""
        rows: list[int] = []
        start, step = self.start, self.step
        while step > 1:
            row = (member - start) // step
            rows.append(row)
            start += row * step
            step = inner_step(step)
        rows.append(member - start)
        return rows

    def filled(self, begin: int, end: int) -> list[bool]:
        """For rows `begin` to `end`: does the row open (a range, or a non-empty container)?"""
        if self.step > 1:
            return [True] * (end - begin)
        return self.node.children_with_children(self.start + begin, self.start + end)


class LevelMap:
    """The level of every row of one document's tree, found once per Qt item and kept.

    Qt's `QStandardItemModel` gives each index the pointer of its parent's item as its
    `internalId`: the rows under one item share it, so one lookup answers for all of them.
    """

    def __init__(self) -> None:
        #: The rows at the top (None for a scalar or empty document).
        self.top: Level | None = None
        #: True once a range level was met.
        self.has_ranges = False
        # The levels met so far, by (id of their container node, first member, step).
        self._levels: dict[tuple[int, int, int], Level] = {}
        # A Qt item pointer (an index's internalId) -> the level its rows belong to (None:
        # the one row of a scalar document).
        self._holders: dict[int, Level | None] = {}

    def clear(self) -> None:
        self.top = None
        self.has_ranges = False
        self._levels.clear()
        self._holders.clear()

    def holder(self, index: QModelIndex | QPersistentModelIndex) -> Level | None:
        """The level that the row at (valid) `index` belongs to; None: a scalar's one row."""
        key = index.internalId()
        level = self._holders.get(key, _MISSING)
        if level is _MISSING:
            level = self.under(index.parent())
            self._holders[key] = level
        assert level is None or isinstance(level, Level)
        return level

    def under(self, parent: QModelIndex | QPersistentModelIndex) -> Level | None:
        """The rows under `parent` (the top for an invalid index); None when it has none."""
        if not parent.isValid():
            return self.top
        if parent.column() != 0:
            return None
        holder = self.holder(parent)
        if holder is None:
            return None  # a scalar document's row
        if not holder.of_ranges:
            return self.of_node(holder.node.child(holder.member(parent.row())))
        first, stop, step = holder.inner(parent.row())
        key = (id(holder.node), first, step)
        level = self._levels.get(key)
        if level is None:
            level = self._levels[key] = Level(holder.node, first, stop, step)
        return level

    def of_node(self, node: JsonNode) -> Level | None:
        """The rows of a container's members (ranges for a very long array); None if empty."""
        if not node.has_children:
            return None
        step = range_step(node)
        key = (id(node), 0, step)
        level = self._levels.get(key)
        if level is None:
            level = self._levels[key] = Level(node, 0, node.child_count, step)
            self.has_ranges = self.has_ranges or step > 1
        return level
