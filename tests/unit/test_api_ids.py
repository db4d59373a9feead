"""Finding the inference ID in what a person pasted."""

from __future__ import annotations

import pytest

from vody_desktop.api.ids import InvalidInferenceIdError, parse_inference_id
from vody_desktop.errors import UserFacingError

CANONICAL = "0924dcfe-a593-4e42-8c7b-4fca9a149777"


@pytest.mark.parametrize(
    "pasted",
    [
        CANONICAL,
        "0924DCFE-A593-4E42-8C7B-4FCA9A149777",
        "  0924dcfe-a593-4e42-8c7b-4fca9a149777\n",
        "'0924dcfe-a593-4e42-8c7b-4fca9a149777'",
        '"0924dcfe-a593-4e42-8c7b-4fca9a149777"',
        "\u201c0924dcfe-a593-4e42-8c7b-4fca9a149777\u201d",
        "`0924dcfe-a593-4e42-8c7b-4fca9a149777`",
        "0924dcfea5934e428c7b4fca9a149777",
        "0924DCFEA5934E428C7B4FCA9A149777",
        "{0924dcfe-a593-4e42-8c7b-4fca9a149777}",
        "urn:uuid:0924dcfe-a593-4e42-8c7b-4fca9a149777",
        "https://app.vody.com/inference/0924DCFE-A593-4e42-8c7b-4fca9a149777/results",
        "https://prod-api.vody.com/inference/0924dcfe-a593-4e42-8c7b-4fca9a149777/status",
        "ID: '0924dcfe-a593-4e42-8c7b-4fca9a149777'",
        "The inference 0924dcfe-a593-4e42-8c7b-4fca9a149777 failed, can you check?",
        # The same ID twice (path and query) is still one ID.
        "https://x.test/inference/0924dcfe-a593-4e42-8c7b-4fca9a149777?id=0924DCFEA5934E428C7B4FCA9A149777",
    ],
)
def test_pasted_forms_give_the_canonical_id(pasted: str) -> None:
    assert parse_inference_id(pasted) == CANONICAL


def test_ids_without_rfc_version_nibbles_are_accepted() -> None:
    # The reference's IDs are arbitrary hex; "1234abcd-1234-1234-0000-..." has no valid version.
    assert parse_inference_id("1234ABCD-1234-1234-0000-000000000000") == (
        "1234abcd-1234-1234-0000-000000000000"
    )


@pytest.mark.parametrize("empty", ["", "   ", "\n\t", "''", '" "'])
def test_empty_input_asks_for_an_id(empty: str) -> None:
    with pytest.raises(InvalidInferenceIdError) as info:
        parse_inference_id(empty)
    assert info.value.title == "Enter an inference ID"
    assert CANONICAL in info.value.advice


@pytest.mark.parametrize(
    "text",
    [
        "hello",
        "0924dcfe-a593-4e42-8c7b-4fca9a14977",  # one digit short
        "0924dcfe-a593-4e42-8c7b-4fca9a1497777",  # one digit too many
        "0924dcfg-a593-4e42-8c7b-4fca9a149777",  # g is not hex
        "0924dcfe_a593_4e42_8c7b_4fca9a149777",
        "https://app.vody.com/inference/",
        # 64 hex digits (a hash) must not be cut into an ID.
        "a" * 64,
    ],
)
def test_text_without_an_id_explains_what_an_id_looks_like(text: str) -> None:
    with pytest.raises(InvalidInferenceIdError) as info:
        parse_inference_id(text)
    error = info.value
    assert isinstance(error, UserFacingError)
    assert error.title == "No inference ID was found in what you entered"
    assert "looks like 0924dcfe-a593-4e42-8c7b-4fca9a149777" in error.advice
    assert "whole ID" in error.advice


def test_two_different_ids_ask_to_pick_one() -> None:
    text = "0924dcfe-a593-4e42-8c7b-4fca9a149777 and 1676dc31-a593-4e42-8c7b-4fca9a149777"
    with pytest.raises(InvalidInferenceIdError) as info:
        parse_inference_id(text)
    assert info.value.title == "What you entered holds more than one inference ID"
    assert "Enter only the one you want" in info.value.advice
    assert "0924dcfe" in info.value.advice
    assert "1676dc31" in info.value.advice
