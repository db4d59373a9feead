"""The export formats in one place: their names, file suffixes, and the writer of each.

The window's Export dialog and the command line both go through `export_chunks`, which returns
an iterator of bytes chunks for `atomic_write` (or stdout) to consume. Writers are generators:
all their work happens where the chunks are consumed, in the export thread.

The writers (and msgspec with them) are imported by `export_chunks`, on the first export: the
window's Export button and dialog need only the names, at start-up.

Every format passes through `without_secret`, so the API key cannot reach an export even if a
server were to echo it inside a result (it would be replaced by "[redacted]").
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vody_desktop.document.markdown_report import ReportContext

REDACTED = b"[redacted]"


class ExportFormat(enum.StrEnum):
    """The formats; the values are what `--format` accepts on the command line."""

    JSON = "json"
    COMPACT = "compact"
    CSV = "csv"
    MARKDOWN = "markdown"


@dataclass(frozen=True)
class FormatInfo:
    """How a format is offered to a person."""

    label: str
    suffix: str  # without the dot
    description: str

    @property
    def name_filter(self) -> str:
        """A QFileDialog name filter, e.g. "CSV for spreadsheets (*.csv)"."""
        return f"{self.label} (*.{self.suffix})"


FORMATS: dict[ExportFormat, FormatInfo] = {
    ExportFormat.JSON: FormatInfo(
        "Pretty JSON", "json", "Indented, with key order and numbers exactly as received"
    ),
    ExportFormat.COMPACT: FormatInfo(
        "Compact JSON", "json", "On one line, with key order and numbers exactly as received"
    ),
    ExportFormat.CSV: FormatInfo(
        "CSV for spreadsheets", "csv", "One row per item; opens in Excel and other spreadsheets"
    ),
    ExportFormat.MARKDOWN: FormatInfo(
        "Ticket report (Markdown)", "md", "Inference ID, status and the JSON, for a ticket"
    ),
}


def format_for_path(path: str | Path) -> ExportFormat | None:
    """The format a file name asks for by its suffix (".json" means pretty JSON), or None."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix == "markdown":
        return ExportFormat.MARKDOWN
    for fmt, info in FORMATS.items():
        if info.suffix == suffix:
            return fmt
    return None


def format_for_filter(name_filter: str) -> ExportFormat | None:
    """The format of a QFileDialog name filter, or None (e.g. "All files (*)")."""
    for fmt, info in FORMATS.items():
        if info.name_filter == name_filter:
            return fmt
    return None


def export_chunks(
    raw: bytes | memoryview,
    fmt: ExportFormat,
    *,
    base_path: str = "$",
    first_index: int = 0,
    context: ReportContext | None = None,
    selection_only: bool = False,
    secret: str = "",
) -> Iterator[bytes]:
    """The bytes of `raw` (one valid JSON value) in format `fmt`, in chunks.

    `base_path` is the JSONPath of `raw` within its document (for CSV path rows; with
    `first_index`, `raw` holds that array's members from that index on);
    `context` describes its source for the Markdown report.
    """
    if fmt is ExportFormat.JSON:
        from vody_desktop.document.pretty import iter_pretty_json

        chunks: Iterator[bytes] = iter_pretty_json(raw)
    elif fmt is ExportFormat.COMPACT:
        from vody_desktop.document.compact import iter_compact_json

        chunks = iter_compact_json(raw)
    elif fmt is ExportFormat.CSV:
        from vody_desktop.document.csv_export import iter_csv

        chunks = iter_csv(raw, base_path, first_index)
    else:
        from vody_desktop.document.markdown_report import ReportContext, iter_markdown_report

        chunks = iter_markdown_report(
            raw, context or ReportContext(), selection_only=selection_only
        )
    return without_secret(chunks, secret)


def without_secret(chunks: Iterable[bytes], secret: str) -> Iterator[bytes]:
    """`chunks` with every occurrence of `secret` (any letter case) replaced, across chunks."""
    needle = secret.strip().encode("utf-8")
    if not needle:
        yield from chunks
        return
    pattern = re.compile(re.escape(needle), re.IGNORECASE)
    keep = len(needle) - 1  # the longest tail that could be the start of the secret
    carry = b""
    for chunk in chunks:
        data = pattern.sub(REDACTED, carry + chunk)
        if keep and len(data) > keep:
            data, carry = data[:-keep], data[-keep:]
        elif keep:
            data, carry = b"", data
        if data:
            yield data
    if carry:
        yield pattern.sub(REDACTED, carry)
