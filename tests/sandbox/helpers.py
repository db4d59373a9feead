"""Helpers for the sandbox tests: the sandbox's test knobs, and JSON structure measurements
that need no recursion."""

from __future__ import annotations

import time
from typing import Any

import httpx

from vody_desktop.sandbox.control import CLOCK_PATH, LARGE_PATH

#: Only a guard against a hang: the states waited for come quickly on any machine.
HANG_GUARD_S = 120.0


def advance_clock(client: httpx.Client, seconds: float) -> None:
    """Move a ``--manual-clock`` sandbox's clock; ``client`` must send a valid key."""
    client.post(CLOCK_PATH, json={"seconds": seconds}).raise_for_status()


def large_state(client: httpx.Client) -> str:
    """Where a ``--hold-large`` sandbox's large-document generation is."""
    response = client.get(LARGE_PATH)
    response.raise_for_status()
    state: str = response.json()["state"]
    return state


def wait_for_large_state(client: httpx.Client, wanted: str) -> None:
    """Poll the generation's state until it is ``wanted`` (fails only after HANG_GUARD_S)."""
    deadline = time.monotonic() + HANG_GUARD_S
    while (state := large_state(client)) != wanted:
        assert time.monotonic() < deadline, f"the large document stayed {state!r}"
        time.sleep(0.05)


def max_depth(data: bytes) -> int:
    """The deepest nesting of arrays and objects in JSON text, scanning bytes iteratively."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in data:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in b"[{":
            depth += 1
            deepest = max(deepest, depth)
        elif byte in b"]}":
            depth -= 1
    return deepest


def count_nodes(value: Any) -> int:
    """Every JSON value counts once: containers, their members and scalars."""
    count = 0
    stack = [value]
    while stack:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


def served_bytes(client: httpx.Client, inference_id: str) -> bytes:
    """The results body the sandbox behind `client` sends: its picture links point at it."""
    from vody_desktop.sandbox.catalogue import results_bytes

    return results_bytes(inference_id, origin=str(client.base_url).rstrip("/"))
