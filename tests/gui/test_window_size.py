"""Nothing a result contains can change the window's size: long paths, keys, model names,
messages and file names are cut to fit (in full in tooltips and on copy)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QPushButton

from tests.conftest import find, wait_for
from vody_desktop.api.models import InferenceStatus
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.store.settings import AppSettings
from vody_desktop.ui.mainwindow.window import MainWindow
from vody_desktop.words import shorten_long_words

WIDTH, HEIGHT = 1280, 720
LONG_KEY = "k" * 5000  # a key with no space to wrap at
DEEP_PATH = "$" + ".child[1]" * 5000


@pytest.fixture
def window(qtbot: Any, run_async: Any) -> Iterator[MainWindow]:
    main_window = MainWindow(AppSettings())
    qtbot.addWidget(main_window)
    main_window.resize(WIDTH, HEIGHT)
    with qtbot.waitExposed(main_window):
        main_window.show()
    flush_layout()
    # The test session's screen (tests/conftest.py) holds WIDTH x HEIGHT, so the window keeps
    # that size when shown; nothing afterwards may change it.
    assert (main_window.width(), main_window.height()) == (WIDTH, HEIGHT)
    _SHOWN_SIZE[id(main_window)] = (WIDTH, HEIGHT)
    yield main_window
    main_window.close()
    run_async(main_window.shutdown())


_SHOWN_SIZE: dict[int, tuple[int, int]] = {}


def flush_layout() -> None:
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def assert_size_unchanged(window: MainWindow) -> None:
    flush_layout()
    assert (window.width(), window.height()) == _SHOWN_SIZE[id(window)]
    assert window.minimumSizeHint().width() <= window.width()


def test_a_long_key_selected_keeps_the_window_size(window: MainWindow) -> None:
    document = JsonDocument.parse(json.dumps({LONG_KEY: {LONG_KEY: "value"}}).encode())
    window.results.show_document(document)
    parent = window.results.model.index(0, 0)
    window.results.tree.expand(parent)
    window.results.tree.setCurrentIndex(window.results.model.index(0, 0, parent))
    assert LONG_KEY in window.path_label.text()
    assert_size_unchanged(window)


def test_a_long_model_name_in_the_summary_keeps_the_window_size(window: MainWindow) -> None:
    status = InferenceStatus.from_json({"status": "s" * 3000, "model": "m" * 5000}, "an-id")
    window.summary.show_status(status)
    assert window.summary.isVisible()
    assert_size_unchanged(window)


def test_a_message_with_a_deep_path_keeps_the_window_size(window: MainWindow) -> None:
    advice = f"The value at {DEEP_PATH} is in /tmp/out.json (JSON)."
    window.messages.info("Saved to out.json", advice)
    assert_size_unchanged(window)
    shown = window.messages.advice()
    assert shown.startswith("The value at $.child[1]")
    assert shown.endswith(".child[1] is in /tmp/out.json (JSON).")  # the words around stay
    assert "…" in shown
    find(window.messages, QPushButton, "messageCopyButton").click()  # copies the whole text
    assert DEEP_PATH in QGuiApplication.clipboard().text()


def test_a_long_file_name_keeps_the_window_size(
    window: MainWindow, run_async: Any, tmp_path: Path
) -> None:
    saved = tmp_path / ("result-" + "x" * 200 + ".json")
    saved.write_bytes(b'{"a": 1}')
    window.open_file(str(saved))

    async def scenario() -> None:
        await wait_for(lambda: window.results.document is not None, 10, "the file")

    run_async(scenario())
    assert window.files.source_label.isVisible()
    assert saved.name in window.files.source_label.text()
    assert not window.result_header.isVisible()  # the source label names the file instead
    assert_size_unchanged(window)


def test_short_words_are_left_alone_and_long_ones_cut_in_the_middle() -> None:
    assert shorten_long_words("Check the ID and fetch again.") == "Check the ID and fetch again."
    word = "a" * 30 + "b" * 40 + "c" * 30
    assert shorten_long_words(f"at {word} now") == f"at {'a' * 29}…{'c' * 29} now"


def test_a_whole_inference_id_fits_its_field_at_the_smallest_window(window: MainWindow) -> None:
    window.resize(window.minimumSizeHint())
    flush_layout()
    field = window.form.inference_id_edit
    uuid = "0924dcfe-a593-4e42-8c7b-4fca9a149777"
    field.setText(uuid)
    text_room = field.contentsRect().width() - field.textMargins().left()
    assert field.fontMetrics().horizontalAdvance(uuid) < text_room
