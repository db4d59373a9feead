"""`vody_desktop.items.table_text`: the Items table's visible rows as tab-separated text for the
clipboard and as CSV bytes for export, read back the way a spreadsheet reads them."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from collections.abc import Iterator

from hypothesis import given
from hypothesis import strategies as st

from vody_desktop.document.csv_export import CHUNK_CHARS, FORMULA_TRIGGERS
from vody_desktop.items.table_text import iter_table_csv, rows_as_tsv

HEADER = ["Picture", "Product type", "Label colour", "Top prediction: score", "Match"]
ROWS = [
    ["https://vody.com/images/0.png", "Shoes", "#FE2934", "0.6288", "✓ 0.0"],
    ["https://vody.com/images/1.png", "Dress", "", "0.7717", ""],
]

cells = st.text(st.characters(codec="utf-8"), max_size=20)
tables = st.integers(min_value=1, max_value=5).flatmap(
    lambda width: st.tuples(
        st.lists(cells, min_size=width, max_size=width),
        st.lists(st.lists(cells, min_size=width, max_size=width), max_size=6),
    )
)


def read_csv(data: bytes) -> list[list[str]]:
    """The cells a spreadsheet reads from the exported bytes."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def read_tsv(text: str) -> list[list[str]]:
    """The cells a spreadsheet reads from pasted tab-separated text (quoted cells included)."""
    # An empty line is a row of one empty cell, as a spreadsheet pastes it (csv reads no cells).
    return [row or [""] for row in csv.reader(io.StringIO(text, newline=""), delimiter="\t")]


def test_importing_table_text_loads_no_qt() -> None:
    probe = (
        "import sys, vody_desktop.items.table_text;"
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"


# -- tab-separated text ---------------------------------------------------------------------


def test_tsv_is_a_header_line_and_one_line_a_row() -> None:
    assert rows_as_tsv(HEADER, ROWS) == (
        "Picture\tProduct type\tLabel colour\tTop prediction: score\tMatch\n"
        "https://vody.com/images/0.png\tShoes\t#FE2934\t0.6288\t✓ 0.0\n"
        "https://vody.com/images/1.png\tDress\t\t0.7717\t\n"
    )


def test_tabs_and_line_breaks_inside_a_cell_become_spaces() -> None:
    text = rows_as_tsv(["a", "b"], [["one\ttwo", "line\nbreak\r\nand\rmore\u2028end"]])
    assert text == "a\tb\none two\tline break and more end\n"


def test_a_cell_starting_with_a_quote_is_quoted_so_the_quote_survives_a_paste() -> None:
    text = rows_as_tsv(["a", "b"], [['"Crème" brûlée', 'say "hi"']])
    assert text == 'a\tb\n"""Crème"" brûlée"\tsay "hi"\n'
    assert read_tsv(text)[1] == ['"Crème" brûlée', 'say "hi"']


def test_one_odd_cell_among_many_plain_rows_is_mended_alone() -> None:
    rows = [[f"item {n}", "Shoes"] for n in range(1000)]
    rows[500] = ["item 500", "Sho\tes\n"]
    lines = rows_as_tsv(["name", "type"], rows).split("\n")
    assert lines[0] == "name\ttype"
    assert lines[501] == "item 500\tSho es "
    assert lines[1:501] == [f"item {n}\tShoes" for n in range(500)]
    assert lines[502:] == [f"item {n}\tShoes" for n in range(501, 1000)] + [""]


def test_tsv_keeps_formulas_as_the_text_the_table_shows() -> None:
    assert rows_as_tsv(["v"], [["=1+1"], ["-0.5"]]) == "v\n=1+1\n-0.5\n"


def test_tsv_of_no_rows_is_the_header_alone() -> None:
    assert rows_as_tsv(["a", "b"], []) == "a\tb\n"


BREAKS = "\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


@given(tables)
def test_any_table_pastes_in_the_same_shape(table: tuple[list[str], list[list[str]]]) -> None:
    header, rows = table
    text = rows_as_tsv(header, rows)
    lines = text.split("\n")
    assert lines.pop() == ""  # every line ends with a break, the last one too
    assert len(lines) == 1 + len(rows)
    for line, row in zip(lines, [header, *rows], strict=True):
        assert line.count("\t") == len(row) - 1
    # The cells read back are the table's own; breaks inside a cell became spaces.
    for read, row in zip(read_tsv(text), [header, *rows], strict=True):
        for got, cell in zip(read, row, strict=True):
            assert not any(c in got for c in BREAKS)
            if not any(c in cell for c in BREAKS):
                assert got == cell


# -- CSV ------------------------------------------------------------------------------------


def test_csv_has_a_bom_a_header_and_crlf_line_ends() -> None:
    data = b"".join(iter_table_csv(HEADER, ROWS))
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == 3
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert read_csv(data) == [HEADER, *ROWS]


def test_csv_guards_text_a_spreadsheet_would_run_but_leaves_numbers() -> None:
    rows = [['=HYPERLINK("x")', "-0.5", "+1", "@SUM(A1)", "-2+3+cmd", "1E+2", "\tx"]]
    read = read_csv(b"".join(iter_table_csv(["=a", "b", "c", "d", "e", "f", "g"], rows)))
    assert read[0] == ["'=a", "b", "c", "d", "e", "f", "g"]
    assert read[1] == ['\'=HYPERLINK("x")', "-0.5", "'+1", "'@SUM(A1)", "'-2+3+cmd", "1E+2", "'\tx"]


def test_csv_keeps_line_breaks_and_quotes_inside_cells() -> None:
    rows = [["line one\nline two", 'say "hi", then go', "Crème brûlée"]]
    assert read_csv(b"".join(iter_table_csv(["a", "b", "c"], rows)))[1] == rows[0]


def test_csv_of_no_rows_is_the_header_alone() -> None:
    assert b"".join(iter_table_csv(["a"], [])) == b"\xef\xbb\xbfa\r\n"


@given(tables)
def test_any_table_reads_back_from_csv(table: tuple[list[str], list[list[str]]]) -> None:
    header, rows = table
    read = read_csv(b"".join(iter_table_csv(header, rows)))
    assert len(read) == 1 + len(rows)
    for got_row, row in zip(read, [header, *rows], strict=True):
        for got, cell in zip(got_row, row, strict=True):
            # Exactly the cell, or the cell behind an apostrophe when it would run as a formula.
            assert got == cell or (got == "'" + cell and cell.startswith(FORMULA_TRIGGERS))
            if not cell.startswith(FORMULA_TRIGGERS):
                assert got == cell


def test_72000_rows_stream_in_chunks_as_the_rows_are_read() -> None:
    consumed = 0

    def rows() -> Iterator[list[str]]:
        nonlocal consumed
        for n in range(72_000):
            consumed += 1
            yield [f"https://vody.com/images/catalogue/{n:06d}.png", "Shoes", "#FE2934", "0.5"]

    chunks = iter_table_csv(["Picture", "Product type", "Label colour", "Score"], rows())
    first = next(chunks)
    # The first chunk is out long before the last row is read.
    assert consumed < 10_000
    assert len(first) >= CHUNK_CHARS
    rest = list(chunks)
    assert consumed == 72_000
    assert len(rest) > 5
    assert all(len(chunk) < CHUNK_CHARS * 2 for chunk in rest)
    read = read_csv(first + b"".join(rest))
    assert len(read) == 72_001
    assert read[-1] == ["https://vody.com/images/catalogue/071999.png", "Shoes", "#FE2934", "0.5"]
