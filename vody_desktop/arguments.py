"""Command-line parsing whose errors never repeat what the person typed.

People paste their API key where an argument goes (`--api-key=KEY`, `--env KEY`, `--format KEY`),
and argparse quotes the offending text back ("unrecognized arguments: --api-key=KEY", "invalid
choice: 'KEY'") onto stderr, which ends up in terminals, CI logs and support tickets. The
`QuietArgumentParser` of the window and of `fetch` rebuilds every error from what the parser
itself defines: an option's name, its allowed choices, a fixed phrase. Typed text appears only
as the name of an unknown option (`--api-key`), and only when it looks like an option's name.
Every error ends with where to get help.

Unknown arguments are collected with `parse_known_args`, so they arrive as a list rather than
as argparse's joined sentence; argparse's own messages are matched by their fixed wording, and
anything not recognised becomes a general "not understood" that names nothing typed.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

#: An option's name as people write one: a dash or two, then letters and dashes. Digits are left
#: out on purpose: a pasted key (`--1234abcd-…`) must never be shown as a "name".
_OPTION_NAME = re.compile(r"--?[A-Za-z][A-Za-z_-]{0,29}")
_SAFE_ARGUMENT_PROBLEMS = re.compile(r"expected (one|at most one|at least one|\d+) arguments?")
_NOT_UNDERSTOOD = "the arguments were not understood"
#: API keys, like inference IDs, are 32 hex digits in UUID layout.
_KEY_OR_ID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.I)


class QuietArgumentParser(argparse.ArgumentParser):
    """An `ArgumentParser` whose errors name options, never values; call `parse()`."""

    def __init__(
        self, *args: Any, key_hint: str = "", stated_problems: Sequence[str] = (), **kwargs: Any
    ) -> None:
        # No abbreviations: `--en=VALUE` must not be taken for --env (nor reported as ambiguous
        # with its value quoted).
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)
        # Fixed sentences our own `type=` functions raise (ArgumentTypeError): they name no value,
        # so they may be shown as they are.
        self.stated_problems = frozenset(stated_problems)
        #: added to an error about an unknown option with "key" in its name
        self.key_hint = key_hint

    def parse(self, argv: Sequence[str] | None) -> argparse.Namespace:
        """The parsed arguments; on any problem, `fail()` with a message that repeats nothing."""
        args, extras = self.parse_known_args(argv)
        if extras:
            self.fail(self.unrecognized(extras))
        return args

    def error(self, message: str) -> NoReturn:
        """argparse's own errors, rebuilt from the parser's definitions (see the module doc)."""
        self.fail(self.describe(message))

    def fail(self, message: str) -> NoReturn:
        """End with a usage error. `message` must hold nothing the person typed."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {self.with_help_hint(message)}\n")

    def with_help_hint(self, message: str) -> str:
        return f"{message} (see {self.prog} --help)"

    def unrecognized(self, extras: Sequence[str]) -> str:
        """Which unknown options were given, by name only, and how many stray values."""
        names = [_option_name(word) for word in extras if word.startswith("-")]
        shown = [name for name in names if name]
        values = sum(1 for word in extras if not word.startswith("-"))
        parts = []
        if shown:
            parts.append(f"unrecognized option{'s' if len(shown) > 1 else ''} {', '.join(shown)}")
        if len(shown) < len(names):
            parts.append("an unrecognized option (not shown)")
        if values:
            parts.append(f"{values} extra value{'s' if values > 1 else ''} (not shown)")
        message = "; ".join(parts)
        if self.key_hint and any("key" in name.lower() for name in shown):
            message += f"; {self.key_hint}"
        return message

    def describe(self, message: str) -> str:
        """argparse's `message`, told with the parser's own words only."""
        names = self._argument_names()
        required = "the following arguments are required: "
        if message.startswith(required):
            listed = message[len(required) :].split(", ")
            return message if all(name in names for name in listed) else _NOT_UNDERSTOOD
        match = re.fullmatch(r"argument (?P<name>.+?): (?P<problem>.*)", message, re.DOTALL)
        if match is None or match["name"] not in names:
            return _NOT_UNDERSTOOD
        name, problem = match["name"], match["problem"]
        if _SAFE_ARGUMENT_PROBLEMS.fullmatch(problem) or problem in self.stated_problems:
            return message
        if problem.startswith("ignored explicit argument"):
            return f"argument {name}: takes no value"
        choices = names[name].choices
        if problem.startswith("invalid choice") and choices is not None:
            allowed = ", ".join(str(choice) for choice in choices)
            return f"argument {name}: not one of the choices ({allowed}); the value is not shown"
        return f"argument {name}: not a valid value (the value is not shown)"

    def _argument_names(self) -> dict[str, argparse.Action]:
        """Each action under the name argparse's errors give it."""
        names: dict[str, argparse.Action] = {}
        for action in self._actions:
            if action.option_strings:
                names["/".join(action.option_strings)] = action
            else:
                metavar = action.metavar if isinstance(action.metavar, str) else None
                names[metavar or action.dest] = action
        return names


def environment_problem(value: str, named: Sequence[str]) -> str | None:
    """Why `--env VALUE` cannot be used (without repeating VALUE), or None if it can.

    A key pasted here would otherwise become a server's host name: looked up in DNS, shown in
    the address field, and sent its own key.
    """
    from vody_desktop.api.environments import normalize_base_url
    from vody_desktop.api.errors import InsecureBaseUrlError, InvalidBaseUrlError

    if value in named:
        return None
    if _KEY_OR_ID.search(value):
        return (
            "argument --env: this looks like an API key or an inference ID, not a server "
            f"address. Use {', '.join(named)} or an address like https://prod-api.vody.com"
        )
    try:
        normalize_base_url(value)
    except (InvalidBaseUrlError, InsecureBaseUrlError) as error:
        return f"argument --env: {error.title}. {error.advice}"
    return None


def _option_name(word: str) -> str:
    """The option name in `word` (`--api-key` of `--api-key=…`), or "" if it may not be shown."""
    name = word.split("=", 1)[0]
    return name if _OPTION_NAME.fullmatch(name) else ""
