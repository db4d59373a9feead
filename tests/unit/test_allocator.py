"""vody_desktop/allocator.py: on Linux with glibc, freed result-sized memory leaves the process.

Measured as a person's system monitor shows it: the resident memory of a process. Each case
runs in a fresh interpreter: in the test process, other tests' threads, arenas and allocator
settings would move the figure while it is read.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="glibc's allocator; others unmap big blocks"
)

MB = 1024 * 1024
BLOCK = 8 * MB  # below glibc's own ceiling (32 MB), where it would stop mapping blocks itself

PRELUDE = """
import json, mmap
from vody_desktop.allocator import release_freed_memory, return_big_blocks

def resident_bytes():
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * mmap.PAGESIZE
"""


def measure(body: str) -> Any:
    """Run `body` after PRELUDE in a fresh interpreter; it prints one JSON value."""
    done = subprocess.run(
        [sys.executable, "-c", PRELUDE + textwrap.dedent(body)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_freed_big_blocks_leave_the_process() -> None:
    # Without the setting, glibc raises its threshold after the first free and the second
    # block would stay in the heap after it is freed.
    report = measure(
        f"""
        set = return_big_blocks()
        dropped = []
        for _ in range(5):
            block = b"x" * {BLOCK}  # written, so its pages are resident
            held = resident_bytes()
            del block
            dropped.append(held - resident_bytes())
        print(json.dumps({{"set": set, "dropped": dropped}}))
        """
    )
    assert report["set"]
    assert all(drop >= BLOCK * 3 // 4 for drop in report["dropped"]), report


def test_free_pages_between_blocks_in_use_leave_the_process() -> None:
    # Many small blocks (as the chunks of a body), every other one kept: the freed ones sit
    # between blocks in use, where glibc keeps them until asked.
    report = measure(
        """
        chunks = [bytes([i % 256]) * 16_000 for i in range(4000)]
        kept = chunks[::2]
        before = resident_bytes()
        del chunks
        released = release_freed_memory()
        print(json.dumps({"released": released, "dropped": before - resident_bytes(),
                          "kept": sum(map(len, kept))}))
        """
    )
    assert report["released"]
    assert report["dropped"] >= report["kept"] // 2, report


def test_a_freed_network_read_is_reused_without_new_page_faults() -> None:
    # A body arrives in reads of up to 960 KB (api/client.py), each freed before the next. With
    # only the mmap threshold set, glibc's trim threshold stayed at 128 KB: each freed read at
    # the top of the heap went back to the system and the next one was faulted in again
    # (about 150 page faults per read; 7,500 for these 50 reads here).
    report = measure(
        """
        import resource
        set = return_big_blocks()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        for number in range(50):
            read = bytes([number]) * (960 * 1024)  # written, as a socket read is
            del read
        faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
        print(json.dumps({"set": set, "faults": faults}))
        """
    )
    assert report["set"]
    pages_per_read = 960 * 1024 // 4096
    assert report["faults"] < 5 * pages_per_read, report
