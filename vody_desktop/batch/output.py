"""The batch's files in the chosen folder: one `<inference-id>.json` per completed inference
(the exact bytes, written atomically: document/atomic_write.py) or, optionally, one
`results.jsonl`; and `summary.csv`, one row per ID.

summary.csv is **rewritten atomically** (never appended): a reader or a crash always sees a
whole file, and a row can change (queued, then completed). Rewriting every row after every ID
would cost O(n²) for a long batch, so the runner rewrites it at most once a second and at the
end; the database (store/batches.py) is what a resume trusts, and the summary is rebuilt from
it. Nothing here ever sees the API key: only IDs, states and result bytes reach these files.

JSONL: one line per completed inference, `{"inference_id": "<id>", "results": <the results as
compact JSON>}` (compacted, exact to the source otherwise: document/compact.py, because a line
cannot hold the line breaks of pretty JSON). Lines are appended and synced one at a time; a
line cut short by a crash is cut off when the batch resumes.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import msgspec

from vody_desktop.batch.state import ItemState
from vody_desktop.document.atomic_write import atomic_write, export_error
from vody_desktop.document.compact import iter_compact_json

SUMMARY_NAME = "summary.csv"
JSONL_NAME = "results.jsonl"
SUMMARY_COLUMNS = (
    "ID",
    "status",
    "HTTP status",
    "model",
    "items",
    "size",
    "duration",
    "file",
    "message",
)
_JSONL_PREFIX = b'{"inference_id": "'
_ID_LENGTH = 36


class BatchOutput:
    """The folder of one batch. Call `open()` first (it creates the folder and, for JSONL,
    repairs a line cut short and reads which IDs the file holds)."""

    def __init__(self, folder: Path, *, jsonl: bool = False) -> None:
        self.folder = folder
        self.jsonl = jsonl
        self._in_jsonl: set[str] = set()

    @property
    def summary_path(self) -> Path:
        return self.folder / SUMMARY_NAME

    @property
    def jsonl_path(self) -> Path:
        return self.folder / JSONL_NAME

    def file_name(self, inference_id: str) -> str:
        return JSONL_NAME if self.jsonl else f"{inference_id}.json"

    def open(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise export_error(error, self.folder) from error
        self._remove_unfinished_writes()
        if self.jsonl:
            self._in_jsonl = _repair_jsonl(self.jsonl_path)

    def _remove_unfinished_writes(self) -> None:
        """A batch killed while writing leaves its temporary file (".summary.csv.x1y2.part",
        ".<id>.json.….part"; see atomic_write): never a result, so it goes."""
        for leftover in self.folder.glob(".*.part"):
            name = leftover.name[1:].rsplit(".", 2)[0]  # ".<name>.<random>.part" -> <name>
            if name in (SUMMARY_NAME, JSONL_NAME) or name.endswith(".json"):
                with contextlib.suppress(OSError):
                    leftover.unlink()

    def has_result(self, inference_id: str, size_bytes: int | None = None) -> bool:
        """Whether this ID's results are already in the folder, whole. A file is only ever
        there complete (renamed into place); `size_bytes`, when known, is checked too."""
        if self.jsonl:
            return inference_id in self._in_jsonl
        try:
            size = (self.folder / self.file_name(inference_id)).stat().st_size
        except OSError:
            return False
        return size_bytes is None or size == size_bytes

    def save(self, inference_id: str, body: bytes) -> str:
        """Write the results; returns the file's name. Blocking: call it in a worker thread.
        Raises `ExportError` (disk full, permissions…) and `NotJsonError` for results that are
        not JSON (cut off, a web page…): those are not saved."""
        if not is_json(body):
            raise NotJsonError(inference_id)
        name = self.file_name(inference_id)
        if not self.jsonl:
            atomic_write(self.folder / name, [body])
            return name
        line = b"".join(_jsonl_line(inference_id, body))
        try:
            with self.jsonl_path.open("ab") as file:
                file.write(line)
                file.flush()
                os.fsync(file.fileno())
        except OSError as error:
            raise export_error(error, self.jsonl_path) from error
        self._in_jsonl.add(inference_id)
        return name

    def write_summary(self, items: Iterable[ItemState]) -> None:
        """Replace summary.csv with one row per ID (atomically). Blocking."""
        atomic_write(self.summary_path, _summary_chunks(items))


class NotJsonError(ValueError):
    """The results are not one valid JSON value."""


def is_json(body: bytes) -> bool:
    """Whether `body` is one valid JSON value (checked without building it: 20 ms for 25 MB).
    Nesting too deep for msgspec is taken as valid: the window reads it with its own scanner."""
    try:
        msgspec.json.decode(body, type=msgspec.Raw)
    except msgspec.DecodeError:
        return False
    except RecursionError:
        return True
    return True


def _jsonl_line(inference_id: str, body: bytes) -> Iterator[bytes]:
    compact = b"".join(iter_compact_json(body)).rstrip(b"\n")
    yield _JSONL_PREFIX + inference_id.encode("ascii") + b'", "results": '
    yield compact
    yield b"}\n"


def _repair_jsonl(path: Path) -> set[str]:
    """Cut a last line left without its newline; the IDs of the whole lines."""
    found: set[str] = set()
    try:
        with path.open("rb+") as file:
            good = 0
            for line in file:
                if not line.endswith(b"\n"):
                    break
                good += len(line)
                if line.startswith(_JSONL_PREFIX):
                    start = len(_JSONL_PREFIX)
                    found.add(line[start : start + _ID_LENGTH].decode("ascii", "replace"))
            file.truncate(good)
    except FileNotFoundError:
        pass
    except OSError as error:
        raise export_error(error, path) from error
    return found


def _summary_chunks(items: Iterable[ItemState]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(SUMMARY_COLUMNS)
    for index, item in enumerate(items):
        writer.writerow(
            [
                item.inference_id,
                item.status.value,
                "" if item.http_status is None else item.http_status,
                item.model or "",
                "" if item.items is None else item.items,
                "" if item.size_bytes is None else item.size_bytes,
                "" if item.duration_s is None else f"{item.duration_s:.3f}",
                item.file,
                item.message,
            ]
        )
        if index % 1000 == 999:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
