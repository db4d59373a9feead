"""A large result in the tree: the model stays consistent while chunks arrive, and the person
sees how much of a long list is loaded."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtWidgets import QTreeView

from tests.conftest import HANG_MS
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.ui.result import json_tree_model, result_view
from vody_desktop.ui.result.json_tree_model import JsonTreeModel
from vody_desktop.ui.result.result_tree import ResultTree
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
    view.show_document(JsonDocument.parse(json.dumps({"a": 1, "b": list(range(1000))}).encode()))
    items = view.model.index(1, 0)
    view.tree.expand(items)
    label = view.loaded_label
    qtbot.waitUntil(label.isVisible, timeout=HANG_MS)
    loaded, total = view.model.loaded_and_total(items)
    assert total == 1000
    assert loaded < total
    assert label.text() == f"Showing {loaded:,} of 1,000 items in $.b · scroll down for more"
    scroll_to_the_end(qtbot, view.tree, items, 1000)
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
    view.show_document(JsonDocument.parse(json.dumps({"b": list(range(1000))}).encode()))
    view.tree.expand(view.model.index(0, 0))
    qtbot.waitUntil(view.loaded_label.isVisible, timeout=HANG_MS)  # a long list: shown
    view.show_document(JsonDocument.parse(b'{"a": [1, 2, 3]}'))
    qtbot.waitUntil(lambda: not view.loaded_label.isVisible(), timeout=HANG_MS)
    assert view.loaded_label.text() == ""
    assert view.model.loaded_and_total(QModelIndex()) == (1, 1)


@pytest.mark.usefixtures("small_chunks")
def test_a_drag_to_the_bottom_loads_one_chunk(qtbot: Any) -> None:
    """Qt would load a chunk when the bar reaches the bottom and another in the layout that
    follows: twice the work per drag. One chunk, then the bar has room to go further."""
    view = ResultView()
    qtbot.addWidget(view)
    view.resize(800, 400)
    view.show()
    view.show_document(JsonDocument.parse(json.dumps({"a": 1, "b": list(range(1000))}).encode()))
    model, bar = view.model, view.tree.verticalScrollBar()
    parent = model.index(1, 0)
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


class PaintedRows(QObject):
    """The number of top-level rows in the model at each paint of a tree's rows."""

    def __init__(self, tree: QTreeView) -> None:
        super().__init__(tree)
        self.rows: list[int] = []
        self._model = tree.model()
        tree.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._model.rowCount():
            self.rows.append(self._model.rowCount())
        return False


def show_long_top_level_list(qtbot: Any, rows: int = 1000) -> ResultView:
    """A view showing `[[0], [1], ...]` once all its rows have arrived."""
    view = ResultView()
    qtbot.addWidget(view)
    view.resize(800, 400)
    view.show()
    with qtbot.waitSignal(view.model.chunkLoaded, timeout=HANG_MS):
        view.show_document(JsonDocument.parse(json.dumps([[i] for i in range(rows)]).encode()))
    assert view.model.rowCount() == rows
    return view


@pytest.mark.usefixtures("small_chunks")
def test_a_long_top_level_list_arrives_whole_without_scrolling(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first rows come with the result; all the others in one insertion on the next turn,
    so the view lays them out once instead of once per scroll (55 ms each at 720,000 rows)."""
    # As for a big result: not opened a few levels (that lays out every row at once).
    monkeypatch.setattr(result_view, "AUTO_EXPAND_MAX_BYTES", 0)
    view = ResultView()
    qtbot.addWidget(view)
    view.resize(800, 400)
    view.show()
    model = view.model
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(
        lambda parent, first, last: inserted.append((first, last)) if not parent.isValid() else 0
    )
    painted = PaintedRows(view.tree)
    document = JsonDocument.parse(json.dumps(list(range(1000))).encode())
    with qtbot.waitSignal(model.chunkLoaded, timeout=HANG_MS) as arrived:
        view.show_document(document)
        assert model.rowCount() == 25  # the first chunk, shown at once
    assert not arrived.args[0].isValid()  # the top level
    assert painted.rows[0] == 25  # painted before the rest came (and had to be laid out)
    assert inserted == [(0, 24), (25, 999)]
    assert model.rowCount() == 1000
    assert not model.canFetchMore(QModelIndex())
    assert model.index(999, 1).data() == "999"
    assert not view.loaded_label.isVisible()  # nothing is waiting to be loaded


@pytest.mark.usefixtures("small_chunks")
def test_rows_of_a_long_top_level_list_open_where_they_are_seen(qtbot: Any) -> None:
    view = show_long_top_level_list(qtbot)
    model, tree = view.model, view.tree
    bar = tree.verticalScrollBar()
    bar.setValue(bar.maximum())  # the last rows come into view: they get their arrows
    last = model.index(999, 0)
    qtbot.waitUntil(lambda: model.hasChildren(last), timeout=HANG_MS)
    tree.expand(last)
    assert tree.isExpanded(last)
    assert [model.index(r, 1, last).data() for r in range(model.rowCount(last))] == ["999"]
    # Reached with the keyboard, out of sight: Right opens it.
    tree.setFocus()
    tree.setCurrentIndex(model.index(500, 0))
    qtbot.keyClick(tree, Qt.Key.Key_Right)
    assert tree.isExpanded(model.index(500, 0))
    assert model.index(0, 1, model.index(500, 0)).data() == "500"


@pytest.mark.usefixtures("small_chunks")
def test_a_row_found_before_it_was_seen_opens(qtbot: Any) -> None:
    view = show_long_top_level_list(qtbot)
    model = view.model
    document = model.document
    assert document is not None
    node = document.root.child(700).child(0)
    index = model.index_for_node(node)
    assert index.siblingAtColumn(1).data() == "700"
    assert model.rowCount(index.parent()) == 1  # its real row, no placeholder besides
    view.tree.expand(index.parent())
    view.tree.scrollTo(index)
    assert view.tree.isExpanded(index.parent())


@pytest.mark.usefixtures("small_chunks")
def test_opening_a_row_of_a_long_list_lays_out_only_its_rows(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Qt would lay out every row of the tree again after the rows it fetched while opening
    one (55 ms at 720,000 rows); the opening has laid them out already."""
    view = show_long_top_level_list(qtbot)
    tree, model = view.tree, view.model
    tree.viewport().repaint()  # every layout due so far is done
    layouts: list[int] = []
    original = ResultTree.doItemsLayout

    def counted(self: ResultTree) -> None:
        layouts.append(1)
        original(self)

    monkeypatch.setattr(ResultTree, "doItemsLayout", counted)
    first = model.index(0, 0)
    tree.expand(first)
    tree.viewport().repaint()  # a pending layout would run here
    assert layouts == []
    assert tree.isExpanded(first)
    assert model.index(0, 1, first).data() == "0"
    assert tree.visualRect(model.index(0, 0, first)).isValid()  # its row is laid out, on show
