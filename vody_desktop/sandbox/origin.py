"""Links in the catalogue's documents that point at the sandbox itself, wherever it listens.

The documents are generated (and the large one cached on disk) with `PLACEHOLDER` where the
sandbox's own address goes; the sandbox puts the origin each request came to in its place while
sending, so `image_path` links work on any port. Content-Length stays exact: the large result
is streamed from its file in pieces, and a placeholder split between two pieces is still found.
Documents served from ``--data`` files are sent as they are (no copy, no scan).
"""

from __future__ import annotations

import asyncio
import functools
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Final

from starlette.requests import Request
from starlette.responses import StreamingResponse

from vody_desktop.sandbox.picture_paths import PLACEHOLDER, with_origin

__all__ = ["file_with_origin", "request_origin", "with_origin"]

_PLACEHOLDER_BYTES: Final = PLACEHOLDER.encode("ascii")
#: A Host header that could break the JSON or the link is not echoed into a document.
_SAFE_HOST: Final = re.compile(r"[A-Za-z0-9.\-]+(?::\d{1,5})?|\[[0-9A-Fa-f:.]+\](?::\d{1,5})?")


def request_origin(request: Request, fallback: str) -> str:
    """``http://HOST:PORT`` as the request addressed the sandbox (else `fallback`)."""
    host = request.headers.get("host", "")
    return f"http://{host}" if _SAFE_HOST.fullmatch(host) else fallback


def split_piece(data: bytes) -> tuple[bytes, bytes]:
    """`data` cut before a trailing partial placeholder: (final bytes, bytes to carry over).

    The placeholder's first letter occurs nowhere else in it, so a carried prefix never starts
    inside a complete placeholder, and no complete one is ever cut.
    """
    for size in range(min(len(_PLACEHOLDER_BYTES) - 1, len(data)), 0, -1):
        if data.endswith(_PLACEHOLDER_BYTES[:size]):
            return data[:-size], data[-size:]
    return data, b""


@functools.lru_cache(maxsize=8)
def _count(path: Path, size: int, mtime_ns: int, piece: int) -> int:
    """How many placeholders the file holds (keyed by size and time: a new file counts anew)."""
    count = 0
    carry = b""
    with path.open("rb") as file:
        while block := file.read(piece):
            final, carry = split_piece(carry + block)
            count += final.count(_PLACEHOLDER_BYTES)
    return count


def _sent_length(path: Path, origin: str, piece: int) -> int:
    stat = path.stat()
    count = _count(path, stat.st_size, stat.st_mtime_ns, piece)
    return stat.st_size + count * (len(origin) - len(PLACEHOLDER))


async def _pieces(path: Path, origin: bytes, piece: int) -> AsyncIterator[bytes]:
    carry = b""
    with path.open("rb") as file:
        while block := await asyncio.to_thread(file.read, piece):
            final, carry = split_piece(carry + block)
            yield final.replace(_PLACEHOLDER_BYTES, origin)
    if carry:
        yield carry


async def file_with_origin(
    path: Path, origin: str, *, media_type: str, piece: int
) -> StreamingResponse:
    """A file sent in `piece`-byte reads with its placeholders replaced; exact Content-Length."""
    length = await asyncio.to_thread(_sent_length, path, origin, piece)
    return StreamingResponse(
        _pieces(path, origin.encode("ascii"), piece),
        media_type=media_type,
        headers={"content-length": str(length)},
    )
