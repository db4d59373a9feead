"""`vody_desktop.words`: values as a person reads them, importable without Qt."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone

import pytest

from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.node import NodeKind
from vody_desktop.words import (
    ELIDE_AT,
    TOOLTIP_CHARS,
    elide,
    human_size,
    key_text,
    local_time,
    local_time_of,
    status_words,
    tooltip_for,
    type_label,
)


def test_importing_words_loads_no_qt_and_no_other_part_of_the_app() -> None:
    # A fresh interpreter: this test process has long imported PySide6 for the gui tests.
    probe = (
        "import sys, vody_desktop.words;"
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'vody_desktop.')));"
        "print(','.join(loaded))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "vody_desktop.words"


@pytest.mark.parametrize(
    ("size", "text"),
    [(0, "0 bytes"), (1000, "1000 bytes"), (1536, "1.5 KB"), (512 * 1024 * 1024, "512 MB")],
)
def test_human_size(size: int, text: str) -> None:
    assert human_size(size) == text


@pytest.mark.parametrize(
    ("status", "words"),
    [
        ("completed", "Completed"),
        ("in_progress", "Still running"),
        ("failed", "Failed"),
        ("queued_for_gpu", "Queued for gpu"),
        ("", "Unknown"),
    ],
)
def test_status_words(status: str, words: str) -> None:
    assert status_words(status) == words


def test_local_time_is_in_this_computers_zone_and_a_dash_when_unknown() -> None:
    moment = datetime(2023, 8, 12, 17, 20, 11, tzinfo=UTC)
    assert local_time(moment) == moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    assert local_time(None) == "—"


def test_local_time_of_a_timestamp_names_the_local_moment() -> None:
    text = local_time_of("2023-08-12T17:20:11+02:00")
    moment = datetime(2023, 8, 12, 17, 20, 11, tzinfo=timezone(timedelta(hours=2))).astimezone()
    assert text is not None
    assert text.startswith(f"Local time: {moment.strftime('%a %d %b %Y, %H:%M:%S')}")
    assert "read as UTC" not in text


def test_local_time_of_a_timestamp_without_zone_says_it_reads_it_as_utc() -> None:
    text = local_time_of("2023-08-12T17:20:11")
    assert text is not None
    assert text.endswith("(the value names no time zone; read as UTC)")


@pytest.mark.parametrize("text", ["hello", "2023-08-12", "2023-13-45T99:99:99Z", "x" * 30])
def test_local_time_of_other_text_is_none(text: str) -> None:
    assert local_time_of(text) is None


def test_elide_keeps_one_line_of_at_most_the_limit() -> None:
    assert elide("short\nnote") == "short note"
    long = elide("x" * 5000)
    assert len(long) == ELIDE_AT
    assert long.endswith("…")
    assert elide("abcdef", 4) == "abc…"


def test_key_and_type_say_what_the_tree_columns_show() -> None:
    document = JsonDocument.parse(b'{"name": "a", "tags": [true, null, 1.5, {}]}')
    name, tags = document.root.children()
    flag, empty, number, nested = tags.children()
    assert [key_text(n) for n in (document.root, name, flag)] == ["(result)", "name", "0"]
    labels = [type_label(n) for n in (name, tags, flag, empty, number, nested)]
    assert labels == ["text", "array", "true/false", "empty (null)", "number", "object"]


def test_every_kind_of_node_has_a_type_label() -> None:
    # The labels are keyed by the kinds' names, so a new kind must be named here too.
    from vody_desktop.words import TYPE_LABELS

    assert set(TYPE_LABELS) == {kind.value for kind in NodeKind}


def test_tooltip_for_breaks_long_text_into_lines_and_cuts_the_middle() -> None:
    assert tooltip_for("a" * 250) == "\n".join(["a" * 100, "a" * 100, "a" * 50])
    text = tooltip_for("b" * 1000 + "c" * 5000 + "d" * 1000)
    assert "5,000 characters" in text
    assert text.replace("\n", "").startswith("b" * 1000)
    assert text.replace("\n", "").endswith("d" * 1000)
    assert len(text.replace("\n", "")) < TOOLTIP_CHARS + 40
