"""The reviewer's name kept with each verdict: the preference, else the computer's user name."""

from __future__ import annotations

import getpass

import pytest

from vody_desktop.review.reviewer import default_reviewer, reviewer_name


def test_an_empty_preference_means_the_computer_s_user_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(getpass, "getuser", lambda: "ann")
    assert default_reviewer() == "ann"
    assert reviewer_name("") == "ann"
    assert reviewer_name("   ") == "ann"


def test_a_typed_name_is_used_on_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(getpass, "getuser", lambda: "ann")
    assert reviewer_name("  Bob\n Smith ") == "Bob Smith"


@pytest.mark.parametrize("error", [OSError("no user"), KeyError("uid 1234"), ImportError("pwd")])
def test_without_a_user_name_the_reviewer_is_called_reviewer(
    monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    def fail() -> str:
        raise error

    monkeypatch.setattr(getpass, "getuser", fail)
    assert default_reviewer() == "reviewer"
    assert reviewer_name("") == "reviewer"


def test_a_blank_user_name_is_no_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(getpass, "getuser", lambda: " ")
    assert default_reviewer() == "reviewer"
