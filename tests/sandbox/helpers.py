"""Helpers for the sandbox tests: JSON structure measurements that need no recursion."""

from __future__ import annotations

from typing import Any


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
