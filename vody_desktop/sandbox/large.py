"""The large catalogue document: about 25 MB and 1.26 million JSON nodes, cached on disk.

It is a top-level array of colour classification results, generated from a fixed seed, so every
machine builds the same bytes. Generating takes a second or two; the result is kept in a cache
folder keyed by ``GENERATOR_VERSION`` (bump it whenever the output changes) and is never
committed.

With ``--hold-large`` the generation stops after its first chunk until it is released
(``POST /sandbox/large/release``), so a test can see other requests answered while the document
is provably still being built, without betting on how long building takes.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final, Literal, TextIO

from vody_desktop.sandbox.classify import COLOR_PALETTE, classify_color
from vody_desktop.sandbox.picture_paths import PLACEHOLDER, named_picture

GENERATOR_VERSION: Final = 3
ITEM_COUNT: Final = 72_000
SEED: Final = 20230812
_CHUNK_ITEMS: Final = 2_000

_PRODUCT_TYPES: Final = (
    "Shoes",
    "Dress",
    "Handbag",
    "T-Shirt",
    "Sofa",
    "Rug",
    "Scarf",
    "Jacket",
    "Lamp",
    "Curtains",
)
_CATEGORIES: Final = ("Fashion", "Home", "Accessories", "Sports")


LargeState = Literal["not started", "generating", "held", "ready", "failed", "cancelled"]


class GenerationCancelledError(Exception):
    """Raised when a generation was asked to stop (the server is shutting down)."""


def default_cache_dir() -> Path:
    """Where generated documents are kept unless ``--cache-dir`` says otherwise."""
    return Path(tempfile.gettempdir()) / "vody-sandbox-cache"


def cache_path(cache_dir: Path | None = None) -> Path:
    """The file that holds (or will hold) the large document."""
    folder = cache_dir if cache_dir is not None else default_cache_dir()
    return folder / f"large-v{GENERATOR_VERSION}-{ITEM_COUNT}.json"


def _item(index: int, rng: random.Random) -> dict[str, Any]:
    item: dict[str, Any] = {"image_path": PLACEHOLDER, "product_type": rng.choice(_PRODUCT_TYPES)}
    if rng.random() < 0.7:
        item["hex_color_label"] = rng.choice(COLOR_PALETTE)[0]
    if rng.random() < 0.8:
        item["category"] = rng.choice(_CATEGORIES)
    result = classify_color(item, rng)
    # The picture shows the labelled colour, else the top prediction; its name says which, so
    # the sandbox draws it without regenerating the document (picture_paths.py).
    colour = item.get("hex_color_label") or result["predictions"][0]["hex_color"]
    result["image_path"] = named_picture("catalogue", f"{index:06d}", item["product_type"], colour)
    return result


def write_large_document(
    out: TextIO,
    cancel: threading.Event | None = None,
    after_first_chunk: Callable[[], None] | None = None,
) -> None:
    """Write the document to ``out``; raises GenerationCancelledError once ``cancel`` is set.

    ``after_first_chunk`` is called once, after the first chunk is written (the hold's gate).
    """

    rng = random.Random(SEED)  # noqa: S311 - reproducible test data, not security
    encoder = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))
    out.write("[")
    for start in range(0, ITEM_COUNT, _CHUNK_ITEMS):
        if cancel is not None and cancel.is_set():
            raise GenerationCancelledError
        chunk = [_item(i, rng) for i in range(start, min(start + _CHUNK_ITEMS, ITEM_COUNT))]
        text = ",\n".join(encoder.encode(item) for item in chunk)
        out.write(("\n" if start == 0 else ",\n") + text)
        if start == 0 and after_first_chunk is not None:
            after_first_chunk()
    out.write("\n]\n")


def ensure_large_document(
    cache_dir: Path | None = None,
    cancel: threading.Event | None = None,
    after_first_chunk: Callable[[], None] | None = None,
) -> Path:
    """Return the cached document's path, generating it first if it is not there yet.

    Writes to a private temporary file and renames it into place, so concurrent sandboxes
    never see a half-written document.
    """
    path = cache_path(cache_dir)
    if path.is_file():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            write_large_document(out, cancel, after_first_chunk)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return path


class LargeDocumentTask:
    """Generates the document once per process in a worker thread, for async callers.

    ``start()`` begins in the background (the server calls it after printing its address);
    ``path()`` waits for it. ``cancel()`` stops a running generation at the next chunk. With
    ``hold`` the worker waits after its first chunk until ``release()``; ``state`` says where
    it is.
    """

    def __init__(self, cache_dir: Path | None = None, *, hold: bool = False) -> None:
        self._cache_dir = cache_dir
        self._cancel = threading.Event()
        self._released = threading.Event()
        self._holding = threading.Event()
        if not hold:
            self._released.set()
        self._task: asyncio.Task[Path] | None = None

    def start(self) -> asyncio.Task[Path]:
        if self._task is None or (self._task.done() and self._task.exception() is not None):
            coro = asyncio.to_thread(
                ensure_large_document, self._cache_dir, self._cancel, self._gate
            )
            self._task = asyncio.get_running_loop().create_task(coro)
            self._task.add_done_callback(_log_failure)
        return self._task

    async def path(self) -> Path:
        return await asyncio.shield(self.start())

    def cancel(self) -> None:
        self._cancel.set()
        self._released.set()  # a held worker must see the cancellation, not wait forever

    def release(self) -> None:
        """Let a held generation go on (nothing happens if it was not held)."""
        self._released.set()

    @property
    def state(self) -> LargeState:
        task = self._task
        if task is None:
            return "not started"
        if not task.done():
            return "held" if self._holding.is_set() else "generating"
        if task.cancelled() or isinstance(task.exception(), GenerationCancelledError):
            return "cancelled"
        return "failed" if task.exception() is not None else "ready"

    def _gate(self) -> None:
        """Runs in the worker thread after the first chunk: wait here while held."""
        if self._released.is_set():
            return
        self._holding.set()
        try:
            self._released.wait()
        finally:
            self._holding.clear()


def _log_failure(task: asyncio.Task[Path]) -> None:
    error = None if task.cancelled() else task.exception()
    if error is not None and not isinstance(error, GenerationCancelledError):
        logging.getLogger(__name__).error("Generating the large document failed: %s", error)
