"""The test helper that lists a JSON text's number tokens finds each one exactly as written."""

from __future__ import annotations

from tests.json_tokens import number_tokens


def test_number_tokens_keep_their_spelling_and_order() -> None:
    text = b'{"a1": [1E+2, -0, 0.10, 123456789012345678901234567890, 2.5e-10], "b": -1}'
    assert number_tokens(text) == [
        b"1E+2",
        b"-0",
        b"0.10",
        b"123456789012345678901234567890",
        b"2.5e-10",
        b"-1",
    ]


def test_digits_inside_strings_and_keys_are_not_numbers() -> None:
    text = '{"42": "7 \\" 8", "x\\\\": ["1e5", 3], "é9": true, "n": null}'
    assert number_tokens(text) == [b"3"]


def test_a_changed_spelling_changes_the_tokens() -> None:
    assert number_tokens(b"[100.0]") != number_tokens(b"[1E+2]")
    assert number_tokens(b"[0]") != number_tokens(b"[-0]")
