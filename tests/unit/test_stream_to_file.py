"""Saving a body straight to a file: the client streams it to a sink, the sink writes atomically."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest

from tests.unit.helpers import BASE, IID, KEY, Recorder, chunks, respond
from vody_desktop.api.client import ClientSettings, StreamedBody, VodyClient
from vody_desktop.api.errors import ApiError, ConnectionDroppedError
from vody_desktop.document.atomic_write import ExportError
from vody_desktop.document.file_sink import AtomicFileSink
from vody_desktop.sandbox.catalogue import DEFAULT_API_KEYS


def stream(
    server: Recorder, settings: ClientSettings | None = None
) -> tuple[bytes, StreamedBody, list[int]]:
    received: list[bytes] = []
    progress: list[int] = []

    async def go() -> StreamedBody:
        async with VodyClient(
            BASE, KEY, settings=settings or ClientSettings(), transport=httpx.MockTransport(server)
        ) as client:
            return await client.results_to_sink(
                IID, received.append, lambda got, _total: progress.append(got)
            )

    body = asyncio.run(go())
    return b"".join(received), body, progress


def test_body_goes_to_the_sink_past_the_size_cap() -> None:
    payload = json.dumps([{"n": i} for i in range(5000)]).encode()
    server = Recorder(
        lambda _request: httpx.Response(
            200,
            headers={"content-type": "application/json"},
            content=chunks([payload[i : i + 4096] for i in range(0, len(payload), 4096)]),
        )
    )
    data, body, progress = stream(server, ClientSettings(max_body_bytes=1000))
    assert data == payload
    assert body.size_bytes == len(payload)
    assert body.status_code == 200
    assert body.content_type == "application/json"
    assert progress[0] == 0
    assert progress[-1] == len(payload)
    assert server.requests[0].headers["x-vody-api-key"] == KEY


def test_error_answer_raises_the_usual_error() -> None:
    server = respond(404, json.dumps({"message": "Inference not found"}))
    with pytest.raises(ApiError) as info:
        stream(server)
    assert info.value.title == "No inference was found with this ID"


def test_connection_dropped_mid_body_is_a_plain_error() -> None:
    server = Recorder(
        lambda _request: httpx.Response(
            200, content=chunks([b"[1,"], then=httpx.ReadError("connection reset"))
        )
    )
    with pytest.raises(ConnectionDroppedError):
        stream(server)


def write_with_sink(path: Path, parts: list[bytes], *, abort: bool = False) -> int | None:
    async def go() -> int | None:
        sink = AtomicFileSink(path)
        sink.start()
        for part in parts:
            sink.write(part)
            await asyncio.sleep(0)
        if abort:
            await sink.abort()
            return None
        return await sink.finish()

    return asyncio.run(go())


def test_sink_writes_every_byte_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "result.json"
    size = write_with_sink(target, [b"[1, ", b"2, ", b"3]\n"])
    assert target.read_bytes() == b"[1, 2, 3]\n"
    assert size == 10
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]


def test_aborted_sink_keeps_the_old_file_unchanged(tmp_path: Path) -> None:
    target = tmp_path / "result.json"
    target.write_bytes(b"old")
    assert write_with_sink(target, [b"new ", b"bytes"], abort=True) is None
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]


def test_sink_reports_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(ExportError) as info:
        write_with_sink(tmp_path / "missing" / "result.json", [b"[]"])
    assert info.value.title == "That folder doesn't exist"


def test_demo_key_constant_is_what_the_tests_use() -> None:
    assert KEY in DEFAULT_API_KEYS
