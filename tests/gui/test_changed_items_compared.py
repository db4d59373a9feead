"""`ChangedItemsView` showing what `compare_documents` found between the colour example and an
edited copy of it: B reordered, one prediction and one score changed, one item new and one gone,
and one score with noise under the tolerance (no change)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QTableView

from tests.conftest import find
from vody_desktop.compare.engine import compare_documents
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.sandbox import generators
from vody_desktop.ui.compare.changed_items import ChangedItemsView

HANDBAG = "http://sandbox-origin.invalid/images/playground/color-labels/3.png"


def _documents() -> tuple[JsonDocument, JsonDocument]:
    items_a = json.loads(generators.color_results())
    shoes, dress, sofa, handbag = copy.deepcopy(items_a)
    dress["predictions"][0]["color_name"] = "Blue"
    sofa["predictions"][0]["score"] = 0.5
    shoes["predictions"][0]["score"] += 1e-12  # noise: no difference
    lamp = {
        **copy.deepcopy(sofa),
        "image_path": "https://vody.com/lamp.png",
        "product_type": "Lamp",
    }
    items_b = [lamp, sofa, dress, shoes]  # reordered; the handbag is gone
    del handbag
    a = JsonDocument.parse(json.dumps(items_a).encode())
    b = JsonDocument.parse(json.dumps(items_b, indent=2).encode())  # another layout, same values
    return a, b


@pytest.fixture
def view(qtbot: Any, run_async: Any) -> ChangedItemsView:
    shown = ChangedItemsView(load_pictures=False)
    qtbot.addWidget(shown, before_close_func=lambda widget: run_async(widget.shutdown()))
    shown.resize(1200, 500)
    with qtbot.waitExposed(shown):
        shown.show()
    return shown


def _rows(view: ChangedItemsView, *titles: str) -> list[tuple[str, ...]]:
    model = find(view, QTableView, "itemsTable").model()
    header = [model.headerData(n, Qt.Orientation.Horizontal) for n in range(model.columnCount())]
    numbers = [header.index(title) for title in titles]
    return [tuple(model.index(row, n).data() for n in numbers) for row in range(model.rowCount())]


def test_the_engines_comparison_shows_each_item_with_what_changed(view: ChangedItemsView) -> None:
    a, b = _documents()
    comparison = compare_documents(a, b)
    assert comparison.items is not None
    assert comparison.items.key_field == "image_path"
    view.show_comparison(b, comparison)
    rows = _rows(view, "Product type", "What changed")
    changed = [row for row in rows if row[1]]
    assert sorted(changed) == sorted(
        [
            ("Lamp", comparison.item_changes[0]),
            ("Sofa", comparison.item_changes[1]),
            ("Dress", comparison.item_changes[2]),
        ]
    )
    assert rows[3:] == [("Shoes", "")]  # the noise is no change, and it comes last
    texts = {row[0]: row[1] for row in changed}
    assert texts["Lamp"] == "New: only in B"
    assert "Navy → Blue" in texts["Dress"]
    assert "0.864 → 0.5" in texts["Sofa"]
    only_in_a = find(view, QLabel, "changedItemsOnlyInA")
    assert only_in_a.text() == (  # a long key shortened in the middle, whole in the tooltip
        "1 item only in A (not in B, so not in the table): "
        "http://sandbox-origin.invalid…playground/color-labels/3.png"
    )
    assert only_in_a.toolTip() == HANDBAG
    find(view, QCheckBox, "itemsChangedOnlyCheck").setChecked(True)
    assert sorted(row[0] for row in _rows(view, "Product type")) == ["Dress", "Lamp", "Sofa"]
