"""Big freed blocks go back to the operating system at once (glibc's malloc, on Linux).

glibc serves a block of 128 KB or more with its own `mmap` and gives it back when it is freed,
but it raises that threshold to the size of every such block freed (up to 32 MB). After the
first 25 MB result is replaced, every later body, pretty text and chunk list of that size comes
from the heap of whichever thread allocated it (the UI thread, the decoding and history
threads each have their own), and a freed heap block stays with the process. Measured here:
ten lookups of the 25 MB result in one window grew resident memory by six bodies and then
stayed there, although every replaced result had been freed; with a fixed threshold it stayed
within one body. Setting the threshold with `mallopt` fixes it (and stops the raising).

Smaller blocks still stay: a body arrives in network reads of up to 256 KB (copied into one
growing buffer, api/client.py), and the freed reads and other small blocks sit in the heap,
between blocks in use, where glibc does not give them back by itself. `release_freed_memory`
(malloc_trim) hands it back; the result view calls it once a new result is shown (2-3 ms here
with a 25 MB result on show).

Other systems need nothing: macOS and Windows map large blocks themselves and unmap them on
free; musl ignores the setting.
"""

from __future__ import annotations

import ctypes
import functools
import sys

#: Blocks from this size up are mapped on their own and unmapped when freed. Larger than the
#: lists and strings of everyday work (so they keep the heap's speed), smaller than a result.
MMAP_THRESHOLD_BYTES = 1024 * 1024
#: Free memory at the heap's top kept for the next blocks. Setting the mmap threshold also
#: fixes this one at glibc's 128 KB default, so every network read of a body (256 KB to 1 MB,
#: api/client.py) freed at the top went back to the system and was faulted in again by the
#: next one: about 100 ms of the window's thread for a 250 MB result. The heap is still
#: trimmed after a result is shown (`release_freed_memory`).
TRIM_THRESHOLD_BYTES = 16 * 1024 * 1024
_M_TRIM_THRESHOLD = -1  # from glibc's malloc.h
_M_MMAP_THRESHOLD = -3


def return_big_blocks() -> bool:
    """Have glibc map (and unmap on free) every block from `MMAP_THRESHOLD_BYTES` up, and keep
    up to `TRIM_THRESHOLD_BYTES` of free memory at the top of its heap.

    True when the settings took effect; False elsewhere (not Linux, or no glibc).
    """
    libc = _glibc()
    if libc is None:
        return False
    mallopt = libc.mallopt
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    mapped = mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
    return bool(mapped and mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES))


def release_freed_memory() -> bool:
    """Give the free pages inside glibc's heaps back to the system (False without glibc)."""
    libc = _glibc()
    if libc is None:
        return False
    trim = libc.malloc_trim
    trim.argtypes = (ctypes.c_size_t,)
    trim.restype = ctypes.c_int
    return bool(trim(0))


@functools.cache
def _glibc() -> ctypes.CDLL | None:
    """The C library of this process when it is glibc (musl's mallopt does nothing)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
        libc.gnu_get_libc_version  # noqa: B018 - only glibc has it
    except (OSError, AttributeError):
        return None
    return libc
