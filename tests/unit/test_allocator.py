"""vody_desktop/allocator.py: on Linux with glibc, freed result-sized memory leaves the process.

Measured as a person's system monitor shows it: the resident memory of this process.
"""

from __future__ import annotations

import mmap
import sys

import pytest

from vody_desktop.allocator import release_freed_memory, return_big_blocks

MB = 1024 * 1024
BLOCK = 8 * MB  # below glibc's own ceiling (32 MB), where it would stop mapping blocks itself
ROUNDS = 5

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="glibc's allocator; others unmap big blocks"
)


def resident_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * mmap.PAGESIZE


def test_freed_big_blocks_leave_the_process() -> None:
    assert return_big_blocks()
    for _ in range(ROUNDS):  # without the setting, the second block would stay after free
        block = b"x" * BLOCK  # written, so its pages are resident
        held = resident_bytes()
        del block
        assert held - resident_bytes() >= BLOCK * 3 // 4


def test_free_pages_between_blocks_in_use_leave_the_process() -> None:
    # Many small blocks (as the chunks of a body), every other one kept: the freed ones sit
    # between blocks in use, where glibc keeps them until asked.
    chunks = [bytes([i % 256]) * 16_000 for i in range(4000)]
    kept = chunks[::2]
    before = resident_bytes()
    del chunks
    assert release_freed_memory()
    assert before - resident_bytes() >= sum(map(len, kept)) // 2
    assert len(kept) == 2000
