"""`Level`: which rows sit under one row of the result tree (or at its top).

Under a row are the members of a container, or, for a very long array, ranges of its members
(document/member_range.py), and under a range its members or smaller ranges. A level says which
members it covers and how many each of its rows holds, so the tree model can map a row to a
member or a range, and a member to the rows that lead to it, without searching.
"""

from __future__ import annotations

from dataclasses import dataclass

from vody_desktop.document.member_range import inner_step
from vody_desktop.document.node import JsonNode


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
