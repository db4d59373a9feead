"""`vody-desktop compare`: what changed between two results, for scripts, tickets and terminals.

    vody-desktop compare A B [--env prod|dev|URL [--env …]] [--key FIELD] [--tolerance X]
                             [--format text|json|markdown] [-o FILE]

A and B are each an inference ID (or a link with one) or a saved JSON file: an existing file is
read, anything else must hold an inference ID. IDs are fetched exactly as `fetch` fetches them
(vody_desktop/cli.py: the same client, retries, key from $VODY_API_KEY or the keychain, never
from an argument, the same exit codes for trouble), both at once. The exit status says whether
the results differ: 0 the same, 1 different; 8 (not 1, as for `fetch`) when the output file
could not be written. No Qt is imported on this path.
"""

from __future__ import annotations

import argparse
import asyncio
import enum
import math
import os
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, NoReturn

from vody_desktop.api.ids import EXAMPLE_ID, InvalidInferenceIdError, parse_inference_id
from vody_desktop.arguments import QuietArgumentParser
from vody_desktop.cli import (
    API_KEY_VARIABLE,
    CommandError,
    ExitCode,
    api_key,
    environment,
    failure_for,
    fetch_document,
    run_command,
    say,
    write_output,
    write_stdout,
)
from vody_desktop.compare.differences import CompareOptions, Comparison
from vody_desktop.document.export_formats import without_secret
from vody_desktop.document.json_document import JsonDocument

PROG = "vody-desktop compare"
FORMATS: Final = ("text", "json", "markdown")
#: What `--tolerance` says of a value that is not a number of 0 or more (never the value).
TOLERANCE_PROBLEM: Final = "expected a number of 0 or more"


class CompareExitCode(enum.IntEnum):
    """What the exit status of `compare` means: `fetch`'s codes, but 1 is "different"."""

    EQUAL = 0
    DIFFERENT = 1
    USAGE = ExitCode.USAGE  # bad arguments; A or B neither a file nor an ID; a file unreadable
    AUTHENTICATION = ExitCode.AUTHENTICATION
    NOT_FOUND = ExitCode.NOT_FOUND
    RATE_LIMITED = ExitCode.RATE_LIMITED
    NETWORK_OR_SERVER = ExitCode.NETWORK_OR_SERVER
    INVALID_JSON = ExitCode.INVALID_JSON
    OUTPUT_FAILED = 8  # the output file could not be written (`fetch` says this with 1)
    STOPPED = ExitCode.STOPPED


class _Parser(QuietArgumentParser):
    def fail(self, message: str) -> NoReturn:
        raise CommandError(CompareExitCode.USAGE, self.with_help_hint(message))


def _tolerance(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(TOLERANCE_PROBLEM)
    return value


def build_parser() -> QuietArgumentParser:
    defaults = CompareOptions()
    parser = _Parser(
        prog=PROG,
        key_hint=f"the API key is read from ${API_KEY_VARIABLE}, never from an argument",
        stated_problems=[TOLERANCE_PROBLEM],
        description="Compare two results and show what changed from A (the reference: an "
        "older result, a golden file) to B. Key order never matters; lists of items are "
        "matched by a field that tells them apart (image_path, id, name, ...) or else by "
        "position; numbers are compared by value, so 1 equals 1.0. Inference IDs are fetched "
        f"with the API key from ${API_KEY_VARIABLE}, or from the keychain when it was saved in "
        "Vody Desktop.",
        epilog="Exit status: 0 the results are the same, 1 they differ, 2 usage (A or B is "
        "neither a file nor an inference ID, or a file cannot be read), 3 authentication, "
        "4 not found (or no results yet), 5 rate limited after retries, 6 network or server "
        "error, 7 a result is not valid JSON, 8 the output file could not be written, "
        "130 stopped with Ctrl+C.",
    )
    for name, which in (("a", "A, the reference"), ("b", "B, the result to check")):
        parser.add_argument(
            name,
            metavar=name.upper(),
            help=f"{which}: an inference ID (or a link with one), or a saved JSON file",
        )
    parser.add_argument(
        "--env",
        action="append",
        metavar="prod|dev|URL",
        help="where the IDs are looked up: Production (default), Development or another "
        "server's address; give it twice to look up A in the first and B in the second",
    )
    parser.add_argument(
        "--key",
        metavar="FIELD",
        help="match the items by this field (default: the first of image_path, id, name, ... "
        "that tells them apart in both results, else by position)",
    )
    parser.add_argument(
        "--tolerance",
        type=_tolerance,
        default=defaults.absolute_tolerance,
        metavar="X",
        help="numbers that differ by at most X are the same: an absolute tolerance "
        f"(default {defaults.absolute_tolerance:g}; a relative one of "
        f"{defaults.relative_tolerance:g} also applies)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        metavar="text|json|markdown",
        help="text (one line per difference), json (for scripts: a summary and every "
        "difference) or markdown (a report for a ticket). Default: text on a terminal, json "
        "when the output goes to a pipe; with -o, chosen by the file's extension (.json, .md, "
        "anything else text)",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (replaced atomically)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `compare` with `argv` (the arguments after "compare"); return the exit status."""
    return run_command(PROG, argv, build_parser, _compare)


@dataclass(frozen=True)
class Place:
    """Where an inference ID is looked up: (keychain environment key, base URL, label)."""

    key: str
    base_url: str
    label: str


@dataclass(frozen=True)
class Source:
    """One side of the comparison: a saved file, or an inference ID in a place."""

    side: str  # "A" or "B"
    path: Path | None = None
    inference_id: str = ""
    place: Place | None = None


def sources(args: argparse.Namespace) -> tuple[Source, Source]:
    """A and B as the arguments name them; a usage error when one is neither file nor ID."""
    envs: list[str] = args.env or ["prod"]
    if len(envs) > 2:
        raise CommandError(
            CompareExitCode.USAGE,
            f"--env may be given once (for both) or twice (for A, then B) (see {PROG} --help)",
        )
    places = [Place(*environment(env)) for env in envs]
    place_a, place_b = places[0], places[-1]
    return _source("A", args.a, place_a), _source("B", args.b, place_b)


def _source(side: str, text: str, place: Place) -> Source:
    if _is_file(text):
        return Source(side, path=Path(text))
    try:
        inference_id = parse_inference_id(text)
    except InvalidInferenceIdError:
        # The text itself is not repeated: it may be a key pasted in the wrong place.
        raise CommandError(
            CompareExitCode.USAGE,
            f"{side} is neither a file nor an inference ID. Give the path of a saved JSON file, "
            f"or an inference ID such as {EXAMPLE_ID} (see {PROG} --help).",
        ) from None
    return Source(side, inference_id=inference_id, place=place)


def _is_file(text: str) -> bool:
    try:
        return os.path.isfile(text)
    except (OSError, ValueError):
        return False


def source_names(a: Source, b: Source) -> tuple[str, str]:
    """How the reports name A and B: the file as given, or the ID (with its environment, or
    the server's address, when the two IDs were looked up in different places)."""
    places_differ = a.place is not None and b.place is not None and a.place != b.place

    def name(source: Source) -> str:
        if source.path is not None:
            return str(source.path)
        assert source.place is not None
        if not places_differ:
            return source.inference_id
        place = source.place
        # "Custom address" twice would not tell them apart: a custom place is named by its URL.
        return f"{source.inference_id} ({place.base_url if place.key == 'custom' else place.label})"

    return name(a), name(b)


async def _compare(args: argparse.Namespace) -> int:
    a, b = sources(args)
    # The keys first, before anything is fetched: a missing key ends the command at once.
    secrets = {
        source.place: api_key(source.place.key, source.place.base_url)
        for source in (a, b)
        if source.place is not None
    }
    documents = await _load_both(a, b, secrets)
    options = CompareOptions(key_field=args.key, absolute_tolerance=args.tolerance)
    comparison = await _run_comparison(documents[0], documents[1], options)
    if args.key and comparison.items is not None and comparison.items.key_field != args.key:
        how = comparison.items.key_field or "position"
        _say(
            f"The field given with --key does not tell the items apart in both results; "
            f"they were matched by {how}."
        )
    name_a, name_b = source_names(a, b)
    chunks = _report(comparison, _format(args), name_a, name_b, options)
    for secret in set(secrets.values()):
        chunks = without_secret(chunks, secret)
    if args.output:
        await write_output(Path(args.output), chunks, failed=CompareExitCode.OUTPUT_FAILED)
    else:
        write_stdout(chunks)
    return CompareExitCode.EQUAL if comparison.equal else CompareExitCode.DIFFERENT


async def _load_both(
    a: Source, b: Source, secrets: dict[Place, str]
) -> tuple[JsonDocument, JsonDocument]:
    """Both documents, fetched or read at the same time; the first failure (A's before B's
    when both fail) ends the command, and the other load is cancelled."""
    try:
        async with asyncio.TaskGroup() as group:
            task_a = group.create_task(_load(a, secrets))
            task_b = group.create_task(_load(b, secrets))
    except* CommandError as failures:
        errors = sorted(
            (e for e in failures.exceptions if isinstance(e, CommandError)),
            key=lambda e: e.message,  # "A: …" before "B: …"
        )
        raise errors[0] from None
    return task_a.result(), task_b.result()


async def _load(source: Source, secrets: dict[Place, str]) -> JsonDocument:
    try:
        if source.path is not None:
            return await asyncio.to_thread(_read_file, source.path)
        assert source.place is not None
        place = source.place
        fetched = await fetch_document(place.base_url, secrets[place], source.inference_id)
        return fetched.document
    except CommandError as failure:
        raise CommandError(failure.code, f"{source.side}: {failure.message}") from None


def _read_file(path: Path) -> JsonDocument:
    from vody_desktop.document.errors import InvalidJsonError
    from vody_desktop.document.json_file import OpenFileError, read_json_file

    try:
        return JsonDocument.parse(read_json_file(path))
    except OpenFileError as error:
        raise CommandError(CompareExitCode.USAGE, f"{error.title}. {error.advice}") from None
    except InvalidJsonError as error:
        raise failure_for(error) from None


async def _run_comparison(a: JsonDocument, b: JsonDocument, options: CompareOptions) -> Comparison:
    """Compare in a worker thread; Ctrl+C stops it at its next check (asyncio.run would
    otherwise wait for the thread to finish the whole comparison)."""
    from vody_desktop.compare.engine import compare_documents

    stop = threading.Event()
    try:
        return await asyncio.to_thread(compare_documents, a, b, options, cancelled=stop.is_set)
    except asyncio.CancelledError:
        stop.set()
        raise


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    if args.output:
        suffix = Path(args.output).suffix.lower()
        return {".json": "json", ".md": "markdown", ".markdown": "markdown"}.get(suffix, "text")
    return "text" if sys.stdout.isatty() else "json"


def _report(
    comparison: Comparison, fmt: str, name_a: str, name_b: str, options: CompareOptions
) -> Iterator[bytes]:
    from vody_desktop.compare import reports

    if fmt == "json":
        return reports.iter_json_report(comparison)
    if fmt == "markdown":
        text = reports.markdown_report(comparison, name_a=name_a, name_b=name_b, options=options)
        return iter([text.encode("utf-8")])
    lines = reports.iter_text_report(comparison, name_a=name_a, name_b=name_b)
    return (chunk.encode("utf-8") for chunk in lines)


def _say(message: str) -> None:
    say(PROG, message)


if __name__ == "__main__":
    raise SystemExit(main())
