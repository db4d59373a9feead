"""api/body_buffer.py: a body gathered in one buffer, handed over as bytes without a copy, and
(with a declared size, on Linux) with its pages faulted in by a helper thread, not the window's.
"""

from __future__ import annotations

import mmap
import sys
import threading
import tracemalloc

import pytest

from vody_desktop.api.body_buffer import PREFAULT_MIN_BYTES, BodyBuffer

MIB = 1024 * 1024
READ = 960 * 1024  # a socket read (api/client.py)


def pieces(total: int, size: int = READ) -> list[bytes]:
    """`total` bytes in pieces of `size`, the n-th filled with the letter n % 26."""
    return [
        bytes([97 + number % 26]) * min(size, total - at)
        for number, at in enumerate(range(0, total, size))
    ]


@pytest.mark.parametrize(
    ("declared", "total"),
    [
        (None, 20 * MIB + 5),  # no Content-Length, or a body to unpack
        (20 * MIB + 5, 20 * MIB + 5),  # as declared
        (PREFAULT_MIN_BYTES, 12 * MIB),  # longer than declared: still whole
        (16 * MIB, 12 * MIB),  # shorter than declared: no trailing zeros
        (100, 1000),  # small: grown, not preallocated
        (0, 0),
    ],
)
def test_the_body_comes_back_exactly_as_its_pieces(declared: int | None, total: int) -> None:
    parts = pieces(total)
    buffer = BodyBuffer(declared)
    for part in parts:
        buffer.write(part)
    assert buffer.size == total
    assert buffer.getvalue() == b"".join(parts)


@pytest.mark.parametrize("declared", [True, False])
def test_the_body_is_held_once_and_handed_over_without_a_copy(declared: bool) -> None:
    total = 24 * MIB
    tracemalloc.start()
    try:
        buffer = BodyBuffer(total if declared else None)
        for number in range(total // READ + 1):  # each piece made as it "arrives"
            buffer.write(bytes([number % 256]) * min(READ, total - number * READ))
        body = buffer.getvalue()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(body) == total
    assert body[:READ] == bytes(READ)
    assert body[-1:] == bytes([(total // READ) % 256])
    assert peak < 1.3 * total, f"peak {peak / MIB:.1f} MiB for {total / MIB:.0f} MiB"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="madvise(MADV_POPULATE_WRITE)")
def test_the_pages_of_a_declared_body_are_faulted_in_off_the_receiving_thread() -> None:
    import resource

    total = 64 * MIB
    parts = pieces(total)
    buffer = BodyBuffer(total)
    helpers = [thread for thread in threading.enumerate() if thread.name == "vody-prefault"]
    assert helpers, "no helper thread"
    for helper in helpers:
        helper.join()
    before = resource.getrusage(resource.RUSAGE_THREAD).ru_minflt
    for part in parts:
        buffer.write(part)
    faults = resource.getrusage(resource.RUSAGE_THREAD).ru_minflt - before
    # Written page by page without the helper, this thread faulted in every one (16,384).
    assert faults < total // mmap.PAGESIZE // 20, faults
    assert buffer.getvalue() == b"".join(parts)


def resident_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * mmap.PAGESIZE


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="madvise(MADV_POPULATE_WRITE)")
def test_a_body_declared_larger_than_what_arrives_is_not_faulted_in_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from vody_desktop.api import body_buffer

    monkeypatch.setattr(body_buffer, "PREFAULT_PATIENCE_S", 0.05)  # the body "stops" at once
    before = resident_bytes()
    buffer = BodyBuffer(256 * MIB)  # the server said 256 MB...
    buffer.write(b"[]")  # ...and sent two bytes
    for helper in [t for t in threading.enumerate() if t.name == "vody-prefault"]:
        helper.join()  # it gave up waiting for more
    grown = resident_bytes() - before
    ahead = body_buffer.PREFAULT_AHEAD_STEPS * body_buffer.PREFAULT_STEP_BYTES
    assert grown < ahead + 16 * MIB, f"{grown / MIB:.0f} MiB resident"
    assert buffer.getvalue() == b"[]"
