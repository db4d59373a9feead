"""A large result in the tree: the model stays consistent while chunks arrive, and the person
sees how much of a long list is loaded."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QTreeView

from tests.conftest import HANG_MS
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.ui.result import json_tree_model
from vody_desktop.ui.result.json_tree_model import JsonTreeModel
from vody_desktop.ui.result.result_view import ResultView


def large_document(items: int = 6000) -> JsonDocument:
    """About 1 MB: an object with a long array of records that hold nested lists."""
    records = [
        {
            "image_path": f"https://vody.com/images/{i:06d}.png",
            "predictions": [{"hex_color": "#FE2934", "score": i / items}, {"empty": []}],
            "tags": [] if i % 3 else ["a", "b"],
        }
        for i in range(items)
    ]
    return JsonDocument.parse(json.dumps({"model": "color", "results": records}).encode())


def scroll_to_the_end(qtbot: Any, tree: QTreeView, parent: QModelIndex, total: int) -> None:
    """Drag the scroll bar to the bottom until all `total` rows under `parent` are loaded.

    Each step waits until the view has loaded more rows, so the loop ends after at most `total`
    steps: a view that stopped loading fails here instead of spinning forever.
    """
    model = tree.model()
    bar = tree.verticalScrollBar()
    for _ in range(total):
        if not model.canFetchMore(parent):
            break
        loaded = model.rowCount(parent)
        bar.setValue(bar.maximum())  # what dragging the scroll bar to the bottom does
        qtbot.waitUntil(lambda n=loaded: model.rowCount(parent) > n, timeout=HANG_MS)
    assert not model.canFetchMore(parent)
    assert model.rowCount(parent) == total


def fetch_all(model: JsonTreeModel, parent: QModelIndex, total: int) -> None:
    """Load every chunk under `parent` without a view: at most `total` calls, each adding rows."""
    for _ in range(total):
        if not model.canFetchMore(parent):
            break
        loaded = model.rowCount(parent)
        model.fetchMore(parent)
        assert model.rowCount(parent) > loaded
    assert not model.canFetchMore(parent)
    assert model.rowCount(parent) == total


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of 25 to 100 rows, so a document of a few hundred KB arrives in many chunks."""
    monkeypatch.setattr(json_tree_model, "CHUNK_SIZE", 25)
    monkeypatch.setattr(json_tree_model, "MAX_CHUNK_SIZE", 100)


@pytest.mark.usefixtures("small_chunks")
def test_model_stays_consistent_while_chunks_are_fetched(qtmodeltester: Any, qtbot: Any) -> None:
    model = JsonTreeModel(large_document(400))  # outlives the view, as the tester needs
    tree = QTreeView()
    qtbot.addWidget(tree)
    tree.setUniformRowHeights(True)
    tree.setModel(model)
    tree.resize(800, 500)
    tree.show()
    # The tester checks the whole model now, and again on every change from here on (Qt's own
    # QAbstractItemModelTester: pytest-qt's Python one walks the whole model per change).
    qtmodeltester.check(model, force_py=False)
    results = model.index(1, 0)
    tree.expand(results)
    scroll_to_the_end(qtbot, tree, results, 400)
    last = model.index(398, 0, results)  # 398 is not a multiple of 3: no tags
    tree.expand(last)
    assert [model.index(r, 0, last).data() for r in range(model.rowCount(last))] == [
        "image_path",
        "predictions",
        "tags",
    ]
    assert model.index(2, 1, last).data() == "[0]"
    assert not model.hasChildren(model.index(2, 0, last))  # an empty list has no arrow


@pytest.mark.usefixtures("small_chunks")
def test_rows_keep_their_values_across_chunks_and_documents() -> None:
    model = JsonTreeModel(large_document(1000))
    results = model.index(1, 0)
    fetch_all(model, results, 1000)
    node = model.node(model.index(999, 0, results))
    assert node is not None
    assert node.path() == "$.results[999]"
    assert model.index_for_node(node).data() == "999"
    model.set_document(JsonDocument.parse(b"[1, [2]]"))
    assert model.rowCount() == 2
    assert [model.index(r, 1).data() for r in range(2)] == ["1", "[1]"]
    assert model.loaded_and_total(QModelIndex()) == (2, 2)


@pytest.mark.usefixtures("small_chunks")
def test_loaded_label_says_how_much_of_a_long_list_is_shown(qtbot: Any) -> None:
    view = ResultView()
    qtbot.addWidget(view)
    view.resize(800, 400)
    view.show()
    view.show_document(JsonDocument.parse(json.dumps(list(range(1000))).encode()))
    label = view.loaded_label
    qtbot.waitUntil(label.isVisible, timeout=HANG_MS)
    loaded, total = view.model.loaded_and_total(QModelIndex())
    assert total == 1000
    assert loaded < total
    assert label.text() == f"Showing {loaded:,} of 1,000 items · scroll down for more"
    scroll_to_the_end(qtbot, view.tree, QModelIndex(), 1000)
    qtbot.waitUntil(lambda: not label.isVisible(), timeout=HANG_MS)
    assert label.text() == ""


@pytest.mark.usefixtures("small_chunks")
def test_loaded_label_names_a_nested_list(qtbot: Any) -> None:
    view = ResultView()
    qtbot.addWidget(view)
    view.resize(800, 400)
    view.show()
    view.show_document(large_document(1000))
    view.tree.expand(view.model.index(1, 0))
    bar = view.tree.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    label = view.loaded_label
    qtbot.waitUntil(lambda: "in $.results" in label.text(), timeout=HANG_MS)
    assert label.text().startswith("Showing ")
    assert label.text().endswith(" of 1,000 items in $.results · scroll down for more")


@pytest.mark.usefixtures("small_chunks")
def test_small_results_show_no_loaded_label(qtbot: Any) -> None:
    view = ResultView()
    qtbot.addWidget(view)
    view.resize(800, 400)
    view.show()
    view.show_document(JsonDocument.parse(json.dumps(list(range(1000))).encode()))
    qtbot.waitUntil(view.loaded_label.isVisible, timeout=HANG_MS)  # a long list: shown
    view.show_document(JsonDocument.parse(b'{"a": [1, 2, 3]}'))
    qtbot.waitUntil(lambda: not view.loaded_label.isVisible(), timeout=HANG_MS)
    assert view.loaded_label.text() == ""
    assert view.model.loaded_and_total(QModelIndex()) == (1, 1)


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("nested", [False, True], ids=["top-level list", "nested list"])
def test_a_drag_to_the_bottom_loads_one_chunk(qtbot: Any, nested: bool) -> None:
    """Qt would load a chunk when the bar reaches the bottom and another in the layout that
    follows: twice the work per drag. One chunk, then the bar has room to go further."""
    view = ResultView()
    qtbot.addWidget(view)
    view.resize(800, 400)
    view.show()
    items = list(range(1000))
    view.show_document(
        JsonDocument.parse(json.dumps({"a": 1, "b": items} if nested else items).encode())
    )
    model, bar = view.model, view.tree.verticalScrollBar()
    parent = model.index(1, 0) if nested else QModelIndex()
    if nested:
        view.tree.expand(parent)
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=HANG_MS)
    chunks: list[QModelIndex] = []
    model.chunkLoaded.connect(chunks.append)
    for _ in range(3):
        loaded, bottom = model.rowCount(parent), bar.maximum()
        chunks.clear()
        bar.setValue(bottom)  # what dragging the scroll bar to the bottom does
        qtbot.waitUntil(lambda b=bottom: bar.maximum() > b, timeout=HANG_MS)  # laid out again
        assert [index == parent for index in chunks] == [True]
        assert model.rowCount(parent) > loaded
