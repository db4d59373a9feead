"""Undoing a body's Content-Encoding (gzip, deflate) in pieces of bounded size.

httpx's own decoders inflate each chunk received from the network in one call, so 64 KB of gzip
can become 64 MB before the caller sees the first byte, and a size cap checked on decoded chunks
comes too late: measured here, a 64 KB gzip body that inflates to 64 MB peaked at 141 MB of
memory under a 1 MB cap. Here every inflate step is given `max_length`, so whoever counts the
pieces can stop within one piece of its cap (tests/unit/test_api_client_edges.py).

Only the encodings we ask for (`ACCEPT_ENCODING`) are undone; like httpx, an unknown encoding
name is passed through untouched. Qt-free and httpx-free: the client feeds raw bytes in.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Sequence

#: What the client asks servers for; nothing else is decoded.
ACCEPT_ENCODING = "gzip, deflate"
#: The largest piece one inflate step may produce.
PIECE_BYTES = 256 * 1024


class BodyDecodingError(ValueError):
    """The body is not valid data for its Content-Encoding."""


class _Inflater:
    """One gzip or deflate layer; output in pieces of at most `piece` bytes."""

    def __init__(self, encoding: str, piece: int) -> None:
        self._piece = piece
        # deflate is meant to be zlib-wrapped, but servers send raw deflate too (as httpx,
        # try the wrapper first and fall back to raw on the first chunk).
        self._fallback = encoding == "deflate"
        self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 16 if encoding == "gzip" else 0)

    def feed(self, data: bytes) -> Iterator[bytes]:
        pending = data
        while True:
            try:
                piece = self._inflater.decompress(pending, self._piece)
            except zlib.error as error:
                if not self._fallback:
                    raise BodyDecodingError(str(error)) from error
                self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                piece = b""
                self._fallback = False
                continue
            self._fallback = False
            pending = self._inflater.unconsumed_tail
            if piece:
                yield piece
            # A full piece may leave output inside zlib even when all input was taken.
            if not pending and len(piece) < self._piece:
                return

    def end(self) -> Iterator[bytes]:
        try:
            rest = self._inflater.flush()
        except zlib.error as error:
            raise BodyDecodingError(str(error)) from error
        for start in range(0, len(rest), self._piece):
            yield rest[start : start + self._piece]


class BodyDecoder:
    """Undoes the Content-Encoding values of one response, in the order they were applied."""

    def __init__(self, content_encodings: Iterable[str], piece: int = PIECE_BYTES) -> None:
        names = [name.strip().lower() for name in content_encodings]
        # "Content-Encoding: deflate, gzip" was deflated first: undo gzip first.
        self._layers = [_Inflater(name, piece) for name in reversed(names) if name in _KNOWN]

    def feed(self, data: bytes) -> Iterator[bytes]:
        """The decoded pieces of one raw chunk; raises BodyDecodingError."""
        return _through(self._layers, data)

    def end(self) -> Iterator[bytes]:
        """What the layers still hold once the raw body has ended."""
        for index, layer in enumerate(self._layers):
            for piece in layer.end():
                yield from _through(self._layers[index + 1 :], piece)


_KNOWN = frozenset({"gzip", "deflate"})


def _through(layers: Sequence[_Inflater], data: bytes) -> Iterator[bytes]:
    if not layers:
        if data:
            yield data
        return
    for piece in layers[0].feed(data):
        yield from _through(layers[1:], piece)
