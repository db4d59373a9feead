"""The "What changed" column's cells (texts given per item) in the row order: sort, filter,
quick filter, and a cancel on the way."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from vody_desktop.items.cells import Cell, cell_text
from vody_desktop.items.item_texts import ItemTexts, WithItemTexts
from vody_desktop.items.ordering import OrderRequest, compute_order, text_filter

NAMES = ["shoes", "dress", "sofa", "handbag", "lamp"]
CHANGES = {1: "Top prediction: color name: Navy → Blue", 3: "New: only in B", 4: "Score: 0.9 → 0.6"}


class Names:
    """The items' own column "name" (what the table's column store answers)."""

    def values(self, column: str) -> Sequence[Cell]:
        assert column == "name"
        return NAMES

    def texts(self, column: str) -> Sequence[str]:
        return [cell_text(value).casefold() for value in self.values(column)]

    def rows_with_text(
        self, rows: list[int], text: str, columns: Sequence[str], cancelled: Callable[[], bool]
    ) -> list[int] | None:
        return text_filter(rows, text, columns, self, cancelled)


def _data(changes: dict[int, str] | None = None) -> WithItemTexts:
    texts = ItemTexts(CHANGES if changes is None else changes, len(NAMES))
    return WithItemTexts(Names(), {"changes": texts})


def test_an_item_without_a_text_reads_empty_and_texts_out_of_range_are_dropped() -> None:
    texts = ItemTexts({0: "a", 2: "", 9: "beyond", -1: "before"}, 3)
    assert [texts.text(item) for item in range(3)] == ["a", "", ""]
    assert list(texts.values()) == ["a", None, None]
    assert texts.items == frozenset({0})


def test_sorting_by_what_changed_puts_changed_items_first_in_either_direction() -> None:
    ascending = compute_order(5, OrderRequest(sort_column="changes"), _data())
    descending = compute_order(5, OrderRequest(sort_column="changes", descending=True), _data())
    assert ascending == [3, 4, 1, 0, 2]  # "New…", "Score…", "Top…", then the unchanged
    assert descending == [1, 4, 3, 0, 2]


def test_the_filter_searches_what_changed_and_the_items_own_cells_keeping_the_order() -> None:
    request = OrderRequest(text="SOF", text_columns=("name", "changes"))
    assert compute_order(5, request, _data()) == [2]
    request = OrderRequest(text="o", text_columns=("name", "changes"))
    assert compute_order(5, request, _data()) == [0, 1, 2, 3, 4]
    request = OrderRequest(text="only in b", text_columns=("name", "changes"))
    assert compute_order(5, request, _data()) == [3]
    request = OrderRequest(text="→ blue", text_columns=("changes",))
    assert compute_order(5, request, _data()) == [1]


def test_a_hidden_what_changed_column_is_not_searched() -> None:
    request = OrderRequest(text="only in b", text_columns=("name",))
    assert compute_order(5, request, _data()) == []


def test_the_quick_filter_keeps_the_items_with_a_text() -> None:
    texts = ItemTexts(CHANGES, len(NAMES))
    request = OrderRequest(only=texts.items, sort_column="name")
    assert compute_order(5, request, _data()) == [1, 3, 4]  # dress, handbag, lamp


def test_a_cancel_while_filtering_what_changed_stops_the_order() -> None:
    request = OrderRequest(text="only", text_columns=("changes",))
    assert compute_order(5, request, _data(), cancelled=lambda: True) is None
