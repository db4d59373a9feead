"""Byte counts as people read them ("512 MB")."""

from __future__ import annotations

_UNITS = ("bytes", "KB", "MB", "GB", "TB")


def human_size(size_bytes: int) -> str:
    """`size_bytes` in the largest binary unit that keeps the number at least 1 (1 KB = 1024)."""
    size = float(size_bytes)
    for unit in _UNITS:
        if size < 1024 or unit == _UNITS[-1]:
            if unit == "bytes":
                return f"{int(size)} bytes"
            return f"{size:.0f} {unit}" if size >= 10 else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")
