"""`QueryPanel`: a JSONPath query bar and its results, in a dock.

The query runs on a worker thread (document/query.py); a newer query or a new result stops the
old one. Results are listed lazily (the label of a row is made when it is painted); selecting
one emits `nodeChosen`, and the window selects that node in the tree.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.node import JsonNode
from vody_desktop.document.query import (
    EXAMPLE,
    QueryCancelledError,
    QueryError,
    QueryResult,
    run_query,
)
from vody_desktop.document.search import RowPath
from vody_desktop.ui.find.reveal import node_at
from vody_desktop.ui.result.visible_text import visible
from vody_desktop.ui.tasks import TaskOwner
from vody_desktop.words import elide


class QueryResultsModel(QAbstractListModel):
    """One row per result: "path = value"; the node under Qt.UserRole."""

    def __init__(self) -> None:
        super().__init__()
        self._document: JsonDocument | None = None
        self._paths: list[RowPath] = []

    def set_results(self, document: JsonDocument | None, paths: list[RowPath]) -> None:
        self.beginResetModel()
        self._document, self._paths = document, paths
        self.endResetModel()

    def node(self, row: int) -> JsonNode | None:
        if self._document is None or not 0 <= row < len(self._paths):
            return None
        return node_at(self._document, self._paths[row])

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._paths)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole):
            return None
        node = self.node(index.row())
        if node is None:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return node
        if node.parent is None and node.is_container:
            return "$ (the whole result)"
        return visible(f"{node.path()}  =  {elide(node.display_value, 120)}")


class QueryPanel(QDockWidget):
    """Dock titled "Query"."""

    nodeChosen = Signal(object)
    #: A query could not be read or run; carries the QueryError.
    queryFailed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Query", parent)
        self.setObjectName("queryDock")
        self.edit = QLineEdit()
        self.edit.setObjectName("queryEdit")
        self.edit.setAccessibleName("JSONPath query")
        self.edit.setPlaceholderText(f"JSONPath, e.g. {EXAMPLE}")
        self.edit.setToolTip(
            "Select values by their place in the result. $ is the whole result, [*] every "
            "item, .name a member, [0] the first item, ..name a member at any depth, "
            "[?@.score > 0.5] items whose score is above 0.5."
        )
        self.run_button = QPushButton("Run")
        self.run_button.setObjectName("queryRunButton")
        self.status = QLabel("Type a query and press Enter.")
        self.status.setObjectName("queryStatus")
        self.status.setWordWrap(True)
        self.results = QueryResultsModel()
        self.list_view = QListView()
        self.list_view.setObjectName("queryResults")
        self.list_view.setAccessibleName("Query results")
        self.list_view.setUniformItemSizes(True)
        self.list_view.setModel(self.results)
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        row.addWidget(self.run_button)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.list_view, 1)
        self.setWidget(body)

        self._document: JsonDocument | None = None
        self._runs = TaskOwner()  # one query at a time: a new one replaces the last
        self._stop = threading.Event()
        self.edit.returnPressed.connect(self.run)
        self.run_button.clicked.connect(self.run)
        self.list_view.selectionModel().currentChanged.connect(self._on_list_current_changed)
        self.list_view.activated.connect(self._on_list_current_changed)

    def set_document(self, document: JsonDocument | None) -> None:
        self._cancel()
        self._document = document
        self.results.set_results(None, [])
        self.status.setText("Type a query and press Enter." if document else "No result yet.")

    def run(self) -> None:
        """Run the query in the field over the shown result."""
        self._cancel()
        if self._document is None:
            self.status.setText("Fetch or open a result first.")
            return
        self.status.setText("Running the query…")
        self._stop = threading.Event()
        self._runs.spawn(self._run(self._document, self.edit.text(), self._stop))

    async def _run(self, document: JsonDocument, text: str, stop: threading.Event) -> None:
        try:
            result: QueryResult = await asyncio.to_thread(
                run_query, document.data, text, stop.is_set
            )
        except QueryCancelledError:
            return
        except QueryError as error:
            if not stop.is_set():
                self.results.set_results(None, [])
                self.status.setText(f"{error.title}. {error.advice}")
                self.status.setToolTip(error.detail)
                self.queryFailed.emit(error)
            return
        except Exception:
            if not stop.is_set():
                self.results.set_results(None, [])
                self.status.setText(
                    "The query stopped because of an unexpected problem. Try another query; "
                    "the details are in the error window."
                )
            raise  # to the safety net: logged and shown with its details (ui/tasks.py)
        if stop.is_set() or document is not self._document:
            return
        self.status.setToolTip("")
        count = len(result.paths)
        if count == 0:
            self.status.setText("Nothing matches this query.")
        elif result.truncated:
            self.status.setText(f"Showing the first {count:,} results.")
        else:
            self.status.setText(f"{count:,} result{'s' if count != 1 else ''}")
        self.results.set_results(document, result.paths)

    def _on_list_current_changed(self, current: QModelIndex, *_: object) -> None:
        node = self.results.node(current.row()) if current.isValid() else None
        if node is not None:
            self.nodeChosen.emit(node)

    def _cancel(self) -> None:
        self._stop.set()  # the worker thread stops at its next check
        self._runs.cancel_all()

    async def shutdown(self) -> None:
        self._stop.set()
        await self._runs.shutdown()
