"""The inference IDs of a batch: from pasted text, a .txt file, or one column of a .csv file.

Every UUID is taken, in any letter case, with or without braces or dashes (the app's own ID
finder, `api/ids.py`), lowercased and dashed, duplicates dropped, first appearance first.
A file or column without any ID raises `NoIdsError`, in words a person can act on.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from vody_desktop.api.ids import EXAMPLE_ID, find_inference_ids
from vody_desktop.errors import UserFacingError

#: Delimiters a spreadsheet export may use; the sniffer picks among these only.
_DELIMITERS = ",;\t|"
_SNIFF_BYTES = 64 * 1024


class NoIdsError(UserFacingError):
    """Nothing that looks like an inference ID was found."""

    title = "No inference IDs were found"
    advice = (
        f"An inference ID looks like {EXAMPLE_ID}. Paste text that holds such IDs, or choose "
        "a file (or a column) that holds them."
    )


class UnreadableFileError(UserFacingError):
    title = "The file could not be read"
    advice = "Check that it still exists and that you may open it, or choose another file."


def ids_in_text(text: str) -> list[str]:
    """Every ID in `text`, each once, in order (an empty list when there is none)."""
    return find_inference_ids(text)


def read_text_file(path: Path) -> str:
    """The file's text: UTF-8 (with or without a byte order mark), else Latin-1 (never fails
    on odd bytes: an ID is plain ASCII wherever it sits)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFileError(detail=f"{error.strerror or error}\n{path}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def ids_in_file(path: Path, column: str | int | None = None) -> list[str]:
    """The IDs in a .txt file (all of them) or a .csv file (one column: by header name or
    1-based number; None takes the column holding the most IDs)."""
    text = read_text_file(path)
    if path.suffix.lower() != ".csv":
        found = ids_in_text(text)
        if not found:
            raise NoIdsError(f"No inference IDs were found in {path.name}", detail=str(path))
        return found
    return ids_in_csv(text, column, name=path.name)


@dataclass(frozen=True)
class CsvColumn:
    """One column of a CSV file: its 1-based number, its header (or "" without one), and how
    many IDs it holds."""

    number: int
    header: str
    id_count: int

    @property
    def label(self) -> str:
        name = self.header or f"Column {self.number}"
        return f"{name} ({self.id_count:,} IDs)"


def _rows(text: str) -> list[list[str]]:
    sample = text[:_SNIFF_BYTES]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, _DELIMITERS)
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text, newline=""), dialect))


def _has_header(rows: list[list[str]]) -> bool:
    """A first row without any ID whose later rows hold IDs is a header row."""
    return bool(rows) and not any(find_inference_ids(cell) for cell in rows[0]) and len(rows) > 1


def csv_columns(text: str) -> list[CsvColumn]:
    """The columns of a CSV text, with their headers and ID counts."""
    rows = _rows(text)
    header = rows[0] if _has_header(rows) else []
    body = rows[1:] if header else rows
    width = max((len(row) for row in rows), default=0)
    return [
        CsvColumn(
            number=index + 1,
            header=header[index].strip() if index < len(header) else "",
            id_count=len(
                find_inference_ids("\n".join(row[index] for row in body if index < len(row)))
            ),
        )
        for index in range(width)
    ]


def guess_id_column(columns: list[CsvColumn]) -> CsvColumn | None:
    """The column holding the most IDs (the first of equals), or None when none holds any."""
    best = max(columns, key=lambda column: column.id_count, default=None)
    return best if best is not None and best.id_count > 0 else None


def ids_in_csv(text: str, column: str | int | None = None, *, name: str = "the file") -> list[str]:
    """The IDs in one column of a CSV text (see `ids_in_file`)."""
    columns = csv_columns(text)
    chosen = _choose(columns, column, name)
    rows = _rows(text)
    body = rows[1:] if _has_header(rows) else rows
    index = chosen.number - 1
    found = find_inference_ids("\n".join(row[index] for row in body if index < len(row)))
    if not found:
        raise NoIdsError(
            f"No inference IDs were found in column {chosen.header or chosen.number} of {name}",
            "Choose the column that holds the IDs. "
            + ", ".join(c.label for c in columns if c.id_count),
        )
    return found


def _choose(columns: list[CsvColumn], column: str | int | None, name: str) -> CsvColumn:
    if column is None:
        guessed = guess_id_column(columns)
        if guessed is None:
            raise NoIdsError(f"No inference IDs were found in {name}")
        return guessed
    if isinstance(column, int) or column.strip().isdigit():
        number = int(column)
        if 1 <= number <= len(columns):
            return columns[number - 1]
    else:
        wanted = column.strip().casefold()
        for candidate in columns:
            if candidate.header.casefold() == wanted:
                return candidate
    headers = ", ".join(c.header or str(c.number) for c in columns) or "none"
    raise NoIdsError(
        f"{name} has no column {column}",
        f"Choose a column by its header or its number (1 for the first). Its columns: {headers}.",
    )
