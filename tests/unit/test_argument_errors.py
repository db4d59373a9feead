"""Argument errors of the window and of `fetch` name the option, never the value typed.

A key pasted as an argument (`--api-key=KEY`, `--env KEY`, `--format KEY`...) must not come back
on stderr, where terminals, CI logs and support tickets keep it. Each case checks stderr (where
argparse writes; stdout stays empty), the exit status 2, the option named, and the way to help.
"""

from __future__ import annotations

import sys

import pytest

from vody_desktop import app, cli
from vody_desktop.arguments import QuietArgumentParser

KEY = "1234abcd-bdde-1234-a39a-3ff12ce386d5"
#: Pieces of the key that must not appear either (a message could cut or re-quote the value).
KEY_PIECES = (KEY, "1234abcd", "3ff12ce386d5", "a39a")
PASSWORD = "s3cret-pass"
ID = "0924dcfe-a593-4e42-8c7b-4fca9a149777"


def assert_nothing_typed_is_repeated(text: str) -> None:
    for piece in (*KEY_PIECES, PASSWORD):
        assert piece not in text


def window_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        app.parse_args(argv)
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    return err


def fetch_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert cli.main(argv) == cli.ExitCode.USAGE
    out, err = capsys.readouterr()
    assert out == ""
    return err


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        ([f"--api-key={KEY}"], "unrecognized option --api-key"),
        (["--api-key", KEY], "unrecognized option --api-key"),
        ([f"--key={KEY}", f"--token={KEY}"], "unrecognized options --key, --token"),
        ([f"--en={KEY}"], "unrecognized option --en"),  # no abbreviations of --env
        ([f"--env={KEY}"], "argument --env: this looks like an API key"),
        (["--env", f"https://user:{PASSWORD}@example.com"], "argument --env: The server address"),
        (["--env", f"http://{KEY}.example.com"], "argument --env: this looks like an API key"),
        (["--env", "http://key.example.com"], "argument --env: The server address must start"),
        ([f"--demo={KEY}"], "argument --demo: takes no value"),
        ([f"--self-test={KEY}"], "argument --self-test: takes no value"),
        ([f"--version={KEY}"], "argument --version: takes no value"),
        ([f"--{KEY}"], "an unrecognized option (not shown)"),
        ([ID, KEY], "1 extra value (not shown)"),
    ],
)
def test_window_argument_error_names_the_option_not_the_value(
    capsys: pytest.CaptureFixture[str], argv: list[str], named: str
) -> None:
    err = window_error(capsys, argv)
    assert_nothing_typed_is_repeated(err)
    assert f"vody-desktop: error: {named}" in err
    assert "(see vody-desktop --help)" in err


def test_window_says_where_the_key_goes(capsys: pytest.CaptureFixture[str]) -> None:
    err = window_error(capsys, [f"--api-key={KEY}"])
    assert "the API key is read from $VODY_API_KEY or typed into the window" in err


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        ([ID, f"--api-key={KEY}"], "unrecognized option --api-key"),
        ([ID, "--api-key", KEY], "unrecognized option --api-key"),
        ([ID, f"--format={KEY}"], "argument --format: not one of the choices (json, compact,"),
        ([ID, "--format", KEY], "argument --format: not one of the choices"),
        ([ID, f"--out={KEY}"], "unrecognized option --out"),
        ([ID, f"--env={KEY}"], "argument --env: this looks like an API key"),
        ([ID, "--env", f"http://{KEY}.example.com"], "argument --env: this looks like an API key"),
        ([ID, "--env", f"https://u:{PASSWORD}@example.com"], "argument --env: The server"),
        ([ID, KEY], "1 extra value (not shown)"),
        ([f"--{KEY}", ID], "an unrecognized option (not shown)"),
    ],
)
def test_fetch_argument_error_names_the_option_not_the_value(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    named: str,
) -> None:
    monkeypatch.setenv("VODY_API_KEY", "another-key")  # no keychain, and never reached
    err = fetch_error(capsys, argv)
    assert_nothing_typed_is_repeated(err)
    assert err.startswith(f"vody-desktop fetch: {named}")
    assert "(see vody-desktop fetch --help)" in err
    assert err.count("\n") == 1  # one line, for scripts


def test_fetch_says_where_the_key_goes(capsys: pytest.CaptureFixture[str]) -> None:
    err = fetch_error(capsys, [ID, f"--api-key={KEY}"])
    assert "the API key is read from $VODY_API_KEY, never from an argument" in err


def quiet_parser() -> QuietArgumentParser:
    parser = QuietArgumentParser(prog="tool")
    parser.add_argument("--count", type=int)
    parser.add_argument("--colour", choices=["red", "blue"])
    parser.add_argument("--colony")
    parser.add_argument("name", metavar="NAME")
    return parser


def test_a_wrong_type_is_reported_without_the_value(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        quiet_parser().parse(["x", f"--count={KEY}"])
    err = capsys.readouterr().err
    assert_nothing_typed_is_repeated(err)
    assert "tool: error: argument --count: not a valid value (the value is not shown)" in err


@pytest.mark.parametrize(
    ("message", "told"),
    [
        # argparse's own wording (3.11 to 3.13), each with the value it would quote
        (f"ambiguous option: --col={KEY} could match --colour, --colony", "not understood"),
        (f"argument --colour: invalid choice: '{KEY}' (choose from 'red', 'blue')", "red, blue"),
        (f"argument --count: invalid int value: '{KEY}'", "--count: not a valid value"),
        (f"argument --colony: ignored explicit argument '{KEY}'", "--colony: takes no value"),
        (f"argument --{KEY}: expected one argument", "not understood"),  # not one of ours
        (f"unrecognized arguments: --x={KEY}", "not understood"),
        (f"the following arguments are required: {KEY}", "not understood"),
        (f"something new in a later Python: {KEY}", "not understood"),
    ],
)
def test_any_argparse_message_is_told_with_the_parser_s_own_words(message: str, told: str) -> None:
    description = quiet_parser().describe(message)
    assert_nothing_typed_is_repeated(description)
    assert told in description


@pytest.mark.parametrize(
    "message",
    [
        "argument --colony: expected one argument",
        "the following arguments are required: NAME",
    ],
)
def test_messages_without_a_value_are_kept(message: str) -> None:
    assert quiet_parser().describe(message) == message


def test_help_offers_the_demo_where_it_exists(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        app.parse_args(["--help"])
    assert "start the bundled sandbox server" in capsys.readouterr().out


def test_bundle_help_says_the_demo_is_not_there(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    with pytest.raises(SystemExit):
        app.parse_args(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "sandbox server" not in out
    assert "--demo not available here: the demo server is not part of this installation" in out
    assert "--env prod|dev|URL" in out
