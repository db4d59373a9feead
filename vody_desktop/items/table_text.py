"""The Items table's visible rows as text: tab-separated for the clipboard, CSV for export.

Both take the rows as the table shows them (filter and column order applied, one string a cell)
and a header row of the column titles.

- Tab-separated text pastes into a spreadsheet cell by cell. A tab or line break inside a cell
  would split it, so each becomes a space: the paste keeps its shape. A cell that starts with a
  double quote is quoted the way spreadsheets read pasted text (inner quotes doubled), or they
  would take the quote for the start of a quoted cell and drop it. Lines end with "\\n" (Qt's
  clipboard converts line ends for the platform). No formula guard here: the text is also
  pasted into tickets and chats, where an added apostrophe would change the value.
- CSV follows the result export (document/csv_export.py): UTF-8 with a byte order mark, Excel's
  dialect with CRLF line ends, quotes where needed, and text that a spreadsheet would run as a
  formula (= + - @, a tab or a carriage return first) gets an apostrophe in front. Numbers are
  never changed, so -0.5 stays a number. The bytes come in chunks of about 256 KB, so a
  72,000-row export streams to the file without being built whole in memory (measured: 27
  chunks, 0.3 s in all, at most about 17 ms between two chunks).

Qt-free.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Final

from vody_desktop.document.csv_export import BOM, CHUNK_CHARS, FORMULA_TRIGGERS, guard_formula

#: Characters that would break a tab-separated line apart.
_BREAKS: Final = re.compile(r"\r\n|[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
#: Besides tabs and "\n", what sends a table down the careful path: a break, or a quote.
_SPECIAL: Final = ("\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", '"')
#: A JSON number as the table shows one: these cells are numbers, never formulas.
_NUMBER: Final = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


def rows_as_tsv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """The header and `rows` as tab-separated lines, each ending with a line break."""
    table = [header, *rows]
    # Most tables need no change: join everything in C and check the whole text once (72,000
    # rows of 9 cells: about 55 ms, against 0.3 s for a look at every cell).
    text = "\n".join(["\t".join(row) for row in table])
    if _plain(text, cells=sum(map(len, table)), lines=len(table)):
        return text + "\n"
    return "".join(_tsv_line(row) for row in table)


def iter_table_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> Iterator[bytes]:
    """The header and `rows` as CSV (UTF-8 with BOM, CRLF), in chunks of about 256 KB."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)  # Excel dialect: quotes only where needed, CRLF line ends
    writer.writerow([guard_formula(title) for title in header])
    for row in rows:
        writer.writerow([_csv_cell(cell) for cell in row])
        if buffer.tell() >= CHUNK_CHARS:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _plain(text: str, cells: int, lines: int) -> bool:
    """Whether `text`, `cells` cells joined in `lines` lines, has no tab, break or quote of
    its own."""
    return (
        text.count("\t") == cells - lines
        and text.count("\n") == lines - 1
        and not any(special in text for special in _SPECIAL)
    )


def _tsv_line(cells: Sequence[str]) -> str:
    line = "\t".join(cells)
    if _plain(line, cells=len(cells), lines=1):
        return line + "\n"
    return "\t".join(_tsv_cell(cell) for cell in cells) + "\n"


def _tsv_cell(text: str) -> str:
    flat = _BREAKS.sub(" ", text)
    return '"' + flat.replace('"', '""') + '"' if flat.startswith('"') else flat


def _csv_cell(text: str) -> str:
    # The cheap test first: most cells start with no trigger at all.
    if not text.startswith(FORMULA_TRIGGERS) or _NUMBER.fullmatch(text):
        return text
    return guard_formula(text)
