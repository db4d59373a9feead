"""The eager baseline: a whole document into a `QStandardItemModel` + `QTreeView`.

`python -m benchmarks.eager_baseline FILE` prints one JSON object: milliseconds from the bytes in
memory to the top level painted, and the resident memory it took. This is what a simple tree
viewer does (every node becomes three items up front); the lazy tree is compared with it.
"""

from __future__ import annotations

import json
import mmap
import os
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTreeView


def rss_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * mmap.PAGESIZE


def add_rows(parent: QStandardItem, value: Any) -> int:
    """Append a row per member of `value` under `parent`, recursively; the number of nodes."""
    members = value.items() if isinstance(value, dict) else enumerate(value)
    count = 0
    for key, child in members:
        key_item = QStandardItem(str(key))
        if isinstance(child, dict | list):
            value_text = f"{{{len(child)}}}" if isinstance(child, dict) else f"[{len(child)}]"
            count += add_rows(key_item, child)
        else:
            value_text = json.dumps(child, ensure_ascii=False)
        parent.appendRow([key_item, QStandardItem(value_text), QStandardItem(type(child).__name__)])
        count += 1
    return count


class FirstPaint(QObject):
    painted_at = 0.0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.painted_at:
            self.painted_at = time.perf_counter()
        return False


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    data = Path(sys.argv[1]).read_bytes()
    app = QApplication(sys.argv[:1])
    before = rss_bytes()
    started = time.perf_counter()
    value = json.loads(data)
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(["Key", "Value", "Type"])
    nodes = add_rows(model.invisibleRootItem(), value)
    view = QTreeView()
    view.setUniformRowHeights(True)
    view.setModel(model)
    view.resize(1000, 600)
    watcher = FirstPaint()
    view.viewport().installEventFilter(watcher)
    view.show()
    while not watcher.painted_at:
        app.processEvents()
    elapsed = (watcher.painted_at - started) * 1000
    print(
        json.dumps(
            {
                "figure": "eager_baseline_ms",
                "value": round(elapsed, 1),
                "nodes": nodes,
                "rss_growth_bytes": rss_bytes() - before,
            }
        ),
        flush=True,
    )
    os._exit(0)  # tearing down 1.2 million items takes longer than building them


if __name__ == "__main__":
    raise SystemExit(main())
