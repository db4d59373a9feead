"""`CompareRunner`: fetches or reads both sides at once, then compares them on a worker thread.

A QObject without widgets. Each side is fetched (its own client, with the key the `KeySource`
gives for its environment), read from its file, or taken as it is; both at the same time. The
bytes are parsed and the two documents compared off the UI thread (`compare_documents`), and
the differences-only rows are built there too: the UI thread only receives the outcome. The
comparison's progress reaches the window at most ten times a second.

Problems come back per side, in the app's own words ("B: No inference was found with this ID
on Production"); the key never appears in them. Cancel (or a new comparison) stops the fetches
at once and the comparing thread at its next check.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance

from vody_desktop.api.client import ClientSettings, VodyClient
from vody_desktop.api.environments import CUSTOM_KEY
from vody_desktop.api.errors import ApiError, MissingApiKeyError
from vody_desktop.compare.differences import CompareCancelledError, CompareOptions, Comparison
from vody_desktop.compare.engine import compare_documents
from vody_desktop.document.errors import InvalidJsonError
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.json_file import read_json_file
from vody_desktop.errors import UserFacingError
from vody_desktop.ui.compare.difference_rows import DifferenceTree, Row
from vody_desktop.ui.compare.sources import SideRequest, SourceKind
from vody_desktop.ui.tasks import TaskOwner

PROGRESS_MS = 100


class KeySource(Protocol):
    """The API key of an environment."""

    def known_key(self, environment_key: str, base_url: str) -> str:
        """On the UI thread: the main form's key when it is on this environment, else one kept
        for this session, else ""."""
        ...

    def saved_key(self, environment_key: str, base_url: str) -> str:
        """On a worker thread: the key remembered in the keychain, or ""."""
        ...


@dataclass(frozen=True)
class SideProblem:
    """Why one side could not be compared."""

    side: str
    error: UserFacingError

    @property
    def title(self) -> str:
        return f"{self.side}: {self.error.title}"


@dataclass(frozen=True)
class CompareOutcome:
    """A finished comparison and what the window shows of it."""

    comparison: Comparison
    tree: DifferenceTree
    only_differences: Row
    document_a: JsonDocument
    document_b: JsonDocument
    name_a: str
    name_b: str
    options: CompareOptions
    seconds: float


class CompareRunner(QObject):
    """One comparison at a time; see the module docstring."""

    #: What is going on, in words ("Fetching A and B…", "Comparing…").
    stateChanged = Signal(str)
    #: The share of the comparing done, 0 to 1000 (while fetching: nothing, the bar is busy).
    progressChanged = Signal(int)
    #: Whether a comparison runs.
    runningChanged = Signal(bool)
    #: A `CompareOutcome`.
    finished = Signal(object)
    #: A list of `SideProblem`s (one per side that failed).
    failed = Signal(object)
    #: The comparison was cancelled.
    cancelled = Signal()

    def __init__(
        self,
        keys: KeySource,
        client_settings: Callable[[], ClientSettings],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._keys = keys
        self._client_settings = client_settings
        self._tasks = TaskOwner()
        self._task: asyncio.Task[None] | None = None
        self._stop = threading.Event()
        self._share = 0.0  # written by the comparing thread, read by the timer
        self._comparing = False
        self._progress = QTimer(self)
        self._progress.setInterval(PROGRESS_MS)
        self._progress.timeout.connect(self._on_progress_timeout)

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self, a: SideRequest, b: SideRequest, options: CompareOptions) -> None:
        """Compare `a` with `b`, stopping a comparison under way."""
        self.cancel(quietly=True)
        self._stop = threading.Event()
        self._share = 0.0
        self._comparing = False
        keys = (self._known_key(a), self._known_key(b))
        self._task = self._tasks.spawn(self._run(a, b, keys, options, self._stop))
        self._progress.start()
        self.runningChanged.emit(True)

    def _known_key(self, side: SideRequest) -> str:
        if side.kind is not SourceKind.ID:
            return ""
        return self._keys.known_key(side.environment_key, side.base_url)

    def cancel(self, quietly: bool = False) -> bool:
        """Stop the comparison under way; True when one was."""
        task, self._task = self._task, None
        self._stop.set()
        if task is None or task.done():
            return False
        task.cancel()
        self._end()
        if not quietly:
            self.cancelled.emit()
        return True

    def _end(self) -> None:
        self._progress.stop()
        self.runningChanged.emit(False)

    async def shutdown(self) -> None:
        self.cancel(quietly=True)
        await self._tasks.shutdown()

    # -- running -----------------------------------------------------------------------------
    async def _run(
        self,
        a: SideRequest,
        b: SideRequest,
        keys: tuple[str, str],
        options: CompareOptions,
        stop: threading.Event,
    ) -> None:
        started = time.monotonic()
        fetching = [s.side for s in (a, b) if s.kind is not SourceKind.MAIN]
        self.stateChanged.emit(f"Getting {' and '.join(fetching)}…" if fetching else "Comparing…")
        loads = [
            asyncio.ensure_future(self._load(side, key))
            for side, key in zip((a, b), keys, strict=True)
        ]
        try:
            await asyncio.wait(loads)
        finally:
            for load in loads:
                load.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.gather(*loads, return_exceptions=True)
        problems = [
            SideProblem(side.side, error)
            for side, load in zip((a, b), loads, strict=True)
            if isinstance(error := load.exception(), UserFacingError)
        ]
        for load in loads:
            error = load.exception()
            if error is not None and not isinstance(error, UserFacingError):
                raise error  # a bug: the loop's handler reports it
        if problems:
            self._finish_with(self.failed, problems)
            return
        document_a, document_b = loads[0].result(), loads[1].result()
        self.stateChanged.emit("Comparing…")
        self._comparing = True
        try:
            comparison, tree, rows = await asyncio.to_thread(
                _compare, document_a, document_b, options, stop, self._on_share
            )
        except CompareCancelledError:
            return
        outcome = CompareOutcome(
            comparison,
            tree,
            rows,
            document_a,
            document_b,
            a.name,
            b.name,
            options,
            time.monotonic() - started,
        )
        self._finish_with(self.finished, outcome)

    def _finish_with(self, signal: SignalInstance, value: object) -> None:
        if asyncio.current_task() is self._task:
            self._task = None
            self._end()
            signal.emit(value)

    def _on_share(self, share: float) -> None:
        """On the comparing thread: only a number is written (the timer shows it)."""
        self._share = share

    def _on_progress_timeout(self) -> None:
        if self._comparing:
            self.progressChanged.emit(round(self._share * 1000))

    async def _load(self, side: SideRequest, key: str) -> JsonDocument:
        if side.kind is SourceKind.MAIN:
            assert side.document is not None
            return side.document
        if side.kind is SourceKind.FILE:
            assert side.path is not None
            data = await asyncio.to_thread(read_json_file, side.path)
            try:
                return await asyncio.to_thread(JsonDocument.parse, data)
            except InvalidJsonError as error:
                raise InvalidJsonError(
                    "The file is not a JSON result",
                    "Choose a result saved by Vody Desktop or the Vody API.",
                    error.detail,
                ) from None
        return await self._fetch(side, key)

    async def _fetch(self, side: SideRequest, key: str) -> JsonDocument:
        if not key:
            key = await asyncio.to_thread(self._keys.saved_key, side.environment_key, side.base_url)
        if not key:
            raise MissingApiKeyError(
                f"Enter your API key for {side.environment}",
                f"Type it in the main window with {side.environment} chosen (tick “Remember” to "
                "keep it), then compare again.",
            )
        custom = side.environment_key == CUSTOM_KEY
        try:
            client = VodyClient(side.base_url, key, settings=self._client_settings())
            del key
            try:
                body = await client.results(side.inference_id)
            finally:
                with contextlib.suppress(Exception):
                    await client.aclose()
            return await asyncio.to_thread(JsonDocument.parse, body.body)
        except ApiError as error:
            raise _on_environment(error, side, error.advice_for(custom_address=custom)) from None
        except UserFacingError as error:
            raise _on_environment(error, side, error.advice) from None


def _on_environment(error: UserFacingError, side: SideRequest, advice: str) -> UserFacingError:
    """`error` naming the environment its inference was asked for in."""
    return UserFacingError(f"{error.title} on {side.environment}", advice, error.detail)


def _compare(
    a: JsonDocument,
    b: JsonDocument,
    options: CompareOptions,
    stop: threading.Event,
    on_share: Callable[[float], None],
) -> tuple[Comparison, DifferenceTree, Row]:
    """On a worker thread: the comparison and its differences-only rows."""
    comparison = compare_documents(a, b, options, progress=on_share, cancelled=stop.is_set)
    tree = DifferenceTree(comparison, a, b, options)
    rows = tree.only_differences()
    if stop.is_set():
        raise CompareCancelledError()
    return comparison, tree, rows
