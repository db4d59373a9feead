"""Invisible characters get visible markers for display; the markers turn back for copying."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from vody_desktop.ui.result.visible_text import unmark, visible


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain text", "plain text"),
        ("a\u200bb", "a⟨U+200B⟩b"),  # zero-width space
        ("\ufeffbom", "⟨U+FEFF⟩bom"),
        ("nul\x00bell\x07del\x7f", "nul⟨U+0000⟩bell⟨U+0007⟩del⟨U+007F⟩"),
        ("c1\x85", "c1⟨U+0085⟩"),
        ("\u202eevil\u202c", "⟨U+202E⟩evil⟨U+202C⟩"),  # right-to-left override
        ("soft\u00adhyphen", "soft⟨U+00AD⟩hyphen"),
        ("line\u2028sep", "line⟨U+2028⟩sep"),
        ("\u3164", "⟨U+3164⟩"),  # a Hangul filler draws as blank
        ("tab\tnew\nline\r", "tab\tnew\nline\r"),  # whitespace that shows stays
        ("a\u200db", "a⟨U+200D⟩b"),  # a joiner between letters is hidden junk
    ],
)
def test_invisible_characters_get_a_marker(text: str, shown: str) -> None:
    assert visible(text) == shown


@pytest.mark.parametrize(
    "emoji",
    [
        "👩\u200d💻",  # woman technologist: a zero-width joiner between two emoji
        "👨\u200d👩\u200d👧",
        "❤\ufe0f\u200d🔥",  # after a variation selector
        "👍🏽\u200d",  # a trailing joiner is not part of a sequence …
        "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # flag of Scotland
    ],
)
def test_emoji_sequences_stay_whole(emoji: str) -> None:
    shown = visible(emoji)
    if emoji.endswith("\u200d"):
        assert shown == emoji[:-1] + "⟨U+200D⟩"  # … so it is marked
    else:
        assert shown == emoji


def test_text_that_reads_like_a_marker_is_not_changed_by_unmark() -> None:
    assert unmark("⟨U+0041⟩ and ⟨U+200B⟩") == "⟨U+0041⟩ and \u200b"


@given(st.text())
def test_unmark_gives_back_the_original(text: str) -> None:
    assume("⟨" not in text)
    assert unmark(visible(text)) == text


@given(st.text(alphabet=st.characters(categories=["Cc", "Cf", "Ll", "Zs"])))
def test_no_control_or_format_character_is_left_unmarked(text: str) -> None:
    for char in visible(text):
        if char not in "\t\n\r":
            assert unicodedata.category(char) not in ("Cc", "Cf"), repr(char)
