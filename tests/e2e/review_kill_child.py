"""The app a review-survives-kill test kills: a real window looks the reference's example up in
the sandbox, gets the verdicts 1 2 1 3 by key, prints WRITTEN once the history's worker has
written them, then gives one more verdict and waits to be killed (SIGKILL). Not a test itself.

Arguments: the sandbox's address, the inference ID, the API key.
"""

from __future__ import annotations

import asyncio
import sys

import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.conftest import wait_for
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.mainwindow.window import MainWindow


async def review(url: str, inference_id: str, key: str) -> None:
    window = MainWindow(AppSettings(), api_key=key, sandbox_url=url)
    window.show()
    window.build_rest()
    window.start_lookup(inference_id)
    tab = window.items.tab
    await wait_for(lambda: tab.review.session is not None)
    table = tab.table
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    for verdict_key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_1, Qt.Key.Key_3):
        QTest.keyClick(table, verdict_key)
    reviews = window.items.reviews
    assert reviews is not None
    await wait_for(lambda: reviews.pending == 0)  # each key press's write is in the file
    print("WRITTEN", tab.review.summary_label.text(), flush=True)
    await asyncio.Event().wait()  # killed here


def main() -> None:
    url, inference_id, key = sys.argv[1:4]
    app = QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    loop.run_until_complete(review(url, inference_id, key))


if __name__ == "__main__":
    main()
