"""The sandbox's own address in place of the documents' placeholder, while sending a file in
pieces: every placeholder replaced (also one cut between two pieces), Content-Length exact."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vody_desktop.sandbox.origin import file_with_origin, split_piece
from vody_desktop.sandbox.picture_paths import PLACEHOLDER, with_origin

ORIGIN = "http://127.0.0.1:40123"


async def sent(path: Path, piece: int) -> tuple[int, bytes]:
    response = await file_with_origin(path, ORIGIN, media_type="application/json", piece=piece)
    body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[misc]
    return int(response.headers["content-length"]), body


@settings(max_examples=60, deadline=None)
@given(
    parts=st.lists(
        st.sampled_from(["{", '"a": ', PLACEHOLDER, "/x.png", "h", "http", "}"]), max_size=30
    ),
    piece=st.integers(min_value=1, max_value=64),
)
def test_every_placeholder_is_replaced_whatever_the_piece_size(
    tmp_path_factory: pytest.TempPathFactory, parts: list[str], piece: int
) -> None:
    text = "".join(parts).encode("ascii")
    path = tmp_path_factory.mktemp("origin") / "doc.json"
    path.write_bytes(text)
    length, body = asyncio.run(sent(path, piece))
    assert body == with_origin(text, ORIGIN)
    assert length == len(body)


def test_a_piece_ending_in_part_of_a_placeholder_carries_it_over() -> None:
    final, carry = split_piece(b'{"a": "' + PLACEHOLDER[:9].encode())
    assert final == b'{"a": "'
    assert carry == PLACEHOLDER[:9].encode()
    assert split_piece(PLACEHOLDER.encode()) == (PLACEHOLDER.encode(), b"")
