"""How long each export format takes on the sandbox's large result, against pretty JSON.

    .venv/bin/python -m benchmarks.export_formats

Prints seconds, output size, and the ratio to the pretty-JSON export measured in the same run
(the existing format, so the baseline moves with the machine). Also the longest pause between
two chunks, which bounds how late a Cancel is honoured.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from vody_desktop.document.export_formats import ExportFormat, export_chunks
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.markdown_report import ReportContext
from vody_desktop.sandbox.catalogue import LARGE_ID, results_bytes


def measure(data: bytes, fmt: ExportFormat) -> tuple[float, int, float]:
    """(seconds, bytes written, longest gap between chunks in seconds)."""
    size = 0
    longest = 0.0
    started = last = time.perf_counter()
    for chunk in export_chunks(data, fmt, context=ReportContext(inference_id=LARGE_ID)):
        size += len(chunk)
        now = time.perf_counter()
        longest = max(longest, now - last)
        last = now
    return time.perf_counter() - started, size, longest


def main() -> None:
    with tempfile.TemporaryDirectory() as cache:
        data = results_bytes(LARGE_ID, Path(cache))
    document = JsonDocument.parse(data)
    print(f"input: {len(data) / 1e6:.1f} MB, {document.root.child_count} top-level items")
    results = {fmt: measure(data, fmt) for fmt in ExportFormat}
    base = results[ExportFormat.JSON][0]
    for fmt, (seconds, size, longest) in results.items():
        print(
            f"{fmt.value:9} {seconds:6.2f} s  {size / 1e6:7.1f} MB  x{seconds / base:5.2f}"
            f"  longest gap between chunks {longest * 1000:6.0f} ms"
        )


if __name__ == "__main__":
    main()
