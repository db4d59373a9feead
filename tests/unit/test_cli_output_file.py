"""`fetch -o FILE` and Ctrl+C: a file that was there stays as it was.

Ctrl+C makes `asyncio.run` cancel the command's task; the export runs in a worker thread,
which must stop at its next chunk rather than finish on its own and replace the file after the
command has already said "Stopped.".
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from vody_desktop.cli import write_output

OLD = b'{"kept": true}\n'


def test_ctrl_c_while_the_file_is_written_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "result.json"
    target.write_bytes(OLD)
    writing = threading.Event()
    go_on = threading.Event()

    def chunks() -> Iterator[bytes]:
        yield b'{"new": '
        writing.set()
        go_on.wait()  # the person presses Ctrl+C while the export is being written
        yield b"1}\n"

    async def command() -> None:
        task = asyncio.ensure_future(write_output(target, chunks()))
        await asyncio.to_thread(writing.wait)
        task.cancel()  # what asyncio.run does on Ctrl+C
        with pytest.raises(asyncio.CancelledError):
            await task
        go_on.set()

    # asyncio.run returns once the worker thread has ended (it waits for its executor).
    asyncio.run(command())
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["result.json"]  # no temporary file


def test_without_ctrl_c_the_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "result.json"
    target.write_bytes(OLD)
    asyncio.run(write_output(target, iter([b'{"new": ', b"1}\n"])))
    assert target.read_bytes() == b'{"new": 1}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["result.json"]
