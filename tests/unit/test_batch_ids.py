"""Finding a batch's inference IDs in pasted text, .txt and .csv files."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vody_desktop.batch.ids import (
    NoIdsError,
    csv_columns,
    guess_id_column,
    ids_in_csv,
    ids_in_file,
    ids_in_text,
)

A = "0924dcfe-a593-4e42-8c7b-4fca9a149777"
B = "5a4d0c00-0000-4000-8000-000000000003"
C = "1676dc31-a593-4e42-8c7b-4fca9a149777"

ids = st.uuids().map(str)
# Text between IDs: anything that does not run into an ID's hex digits.
glue = st.text(alphabet=st.characters(blacklist_characters="0123456789abcdefABCDEF-"), max_size=12)
# Between two IDs at least one such character: two IDs written together are one run of hex.
gap = st.text(
    alphabet=st.characters(blacklist_characters="0123456789abcdefABCDEF-"), min_size=1, max_size=12
)
forms = st.sampled_from(["plain", "upper", "braces", "bare"])


def shown(value: str, form: str) -> str:
    if form == "upper":
        return value.upper()
    if form == "braces":
        return "{" + value + "}"
    if form == "bare":
        return value.replace("-", "")
    return value


@given(st.lists(st.tuples(ids, forms, gap), max_size=20), glue)
def test_every_id_is_found_once_in_order_in_any_form(parts, start) -> None:
    text = start + "".join(shown(value, form) + between for value, form, between in parts)
    expected = list(dict.fromkeys(value for value, _form, _between in parts))
    assert ids_in_text(text) == expected


def test_duplicates_in_other_case_are_dropped_and_order_kept() -> None:
    text = f"failed: {B}\nalso {A.upper()}, and {{{B.upper()}}} again; {C}"
    assert ids_in_text(text) == [B, A, C]


def test_a_longer_hex_run_is_not_cut_into_an_id() -> None:
    assert ids_in_text("sha " + "ab" * 40) == []


def test_txt_file(tmp_path: Path) -> None:
    path = tmp_path / "ids.txt"
    path.write_bytes(f"\ufeff{A}\r\n{B}\r\n\r\n{A}\r\n".encode())
    assert ids_in_file(path) == [A, B]


def test_txt_file_without_ids_says_so(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("nothing here\n")
    with pytest.raises(NoIdsError, match=r"No inference IDs were found in notes\.txt"):
        ids_in_file(path)


CSV = f"""customer;inference;other
acme;{A};{C}
globex;{B};
initech;{A.upper()};
"""


def test_csv_columns_are_listed_with_their_counts_and_the_ids_column_guessed() -> None:
    columns = csv_columns(CSV)
    assert [(c.number, c.header, c.id_count) for c in columns] == [
        (1, "customer", 0),
        (2, "inference", 2),
        (3, "other", 1),
    ]
    guessed = guess_id_column(columns)
    assert guessed is not None
    assert guessed.header == "inference"


def test_csv_column_by_name_number_or_guess() -> None:
    assert ids_in_csv(CSV, "Inference") == [A, B]
    assert ids_in_csv(CSV, 3) == [C]
    assert ids_in_csv(CSV, "3") == [C]
    assert ids_in_csv(CSV) == [A, B]


def test_csv_without_header_row(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(f"{A},x\n{B},y\n")
    assert ids_in_file(path) == [A, B]


def test_csv_column_without_ids_names_the_columns_that_have_some() -> None:
    with pytest.raises(NoIdsError) as raised:
        ids_in_csv(CSV, "customer", name="list.csv")
    assert raised.value.title == "No inference IDs were found in column customer of list.csv"
    assert "inference (2 IDs)" in raised.value.advice


def test_csv_unknown_column_is_a_plain_message() -> None:
    with pytest.raises(NoIdsError, match="has no column price"):
        ids_in_csv(CSV, "price")


def test_generated_uuids_of_every_version() -> None:
    values = [str(uuid.uuid4()), str(uuid.uuid1()), str(uuid.UUID(int=0))]
    assert ids_in_text(" ".join(values)) == values
