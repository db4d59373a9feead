"""`vody-desktop fetch`: fetch one inference's results for scripts and support macros.

    vody-desktop fetch ID [--env prod|dev|URL] [--format json|compact|csv|markdown] [-o FILE]
                          [--timeout SECONDS]

Shares the window's code: the same `VodyClient`, `look_up` with the same retry layer, the same
`JsonDocument` check and the same export writers (`document/export_formats.py`). The key comes
from $VODY_API_KEY or, failing that, the key saved in the keychain for that environment; never
from an argument (other users of the computer can read a process's arguments). Without `-o`
the export goes to stdout; with it, to FILE through a temporary file and an atomic rename.

No Qt is imported on this path, so it starts fast and runs on a server without a display.
Errors are one plain line on stderr; the exit status says what happened (see `ExitCode`).
"""

from __future__ import annotations

import argparse
import asyncio
import enum
import logging
import math
import os
import sys
from collections.abc import Callable, Coroutine, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from vody_desktop.api.environments import DEVELOPMENT, PRODUCTION, normalize_base_url
from vody_desktop.api.errors import (
    ApiError,
    AuthenticationError,
    EmptyResponseError,
    InferenceFailedError,
    InferenceNotFoundError,
    InferenceNotReadyError,
    InsecureBaseUrlError,
    InvalidApiKeyError,
    InvalidBaseUrlError,
    MissingApiKeyError,
    PermissionDeniedError,
    RateLimitedError,
)
from vody_desktop.api.ids import InvalidInferenceIdError, parse_inference_id
from vody_desktop.arguments import QuietArgumentParser, environment_problem
from vody_desktop.document.errors import InvalidJsonError
from vody_desktop.document.export_formats import ExportFormat, export_chunks
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.markdown_report import ReportContext, status_fields
from vody_desktop.errors import UserFacingError
from vody_desktop.unreadable import unreadable_result

if TYPE_CHECKING:
    from vody_desktop.api.models import InferenceStatus

PROG = "vody-desktop fetch"
API_KEY_VARIABLE = "VODY_API_KEY"
#: Per wait, the longest a server may ask us to wait before a retry (a longer wait ends with 5).
MAX_RETRY_WAIT_S = 30.0
MAX_RETRIES = 3
#: Per request, the longest a lookup may take before it ends with 6 (--timeout changes it).
DEFAULT_TIMEOUT_S = 120.0


class ExitCode(enum.IntEnum):
    """What the exit status of `fetch` means."""

    OK = 0
    OUTPUT_FAILED = 1  # the output file could not be written (disk full, permission…)
    USAGE = 2  # bad arguments, an invalid inference ID or server address
    AUTHENTICATION = 3  # no key, or the key was refused (401/403)
    NOT_FOUND = 4  # no inference with this ID, or it has no results (still running, failed)
    RATE_LIMITED = 5  # still "too many requests" after the automatic retries
    NETWORK_OR_SERVER = 6  # unreachable, timeout, TLS, dropped connection, 5xx, odd answers
    INVALID_JSON = 7  # the results are not valid JSON (cut off, HTML, not UTF-8, empty)
    STOPPED = 130  # Ctrl+C (SIGINT), as shells report a command ended by it


class CommandError(Exception):
    """Ends the command with one line on stderr and an exit code."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class _Parser(QuietArgumentParser):
    def fail(self, message: str) -> NoReturn:
        # argparse prints the usage and the error on two lines; scripts want one line and our
        # exit code. The message names options only (vody_desktop/arguments.py).
        raise CommandError(ExitCode.USAGE, self.with_help_hint(message))


def build_parser() -> QuietArgumentParser:
    parser = _Parser(
        prog=PROG,
        key_hint=f"the API key is read from ${API_KEY_VARIABLE}, never from an argument",
        stated_problems=[SECONDS_PROBLEM],
        description="Fetch the results of one inference and write them to stdout or a file. "
        f"The API key is read from ${API_KEY_VARIABLE}, or from the keychain when it was saved "
        "in Vody Desktop with 'Remember this key'.",
        epilog="Exit status: 0 done, 1 output file not written, 2 usage or invalid ID, "
        "3 authentication, 4 not found (or no results yet), 5 rate limited after retries, "
        "6 network or server error (a timeout too), 7 the results are not valid JSON, "
        "130 stopped with Ctrl+C.",
    )
    parser.add_argument("inference_id", metavar="ID", help="the inference ID (or a link with it)")
    add_env_argument(parser)
    parser.add_argument(
        "--format",
        default=ExportFormat.JSON.value,
        choices=[fmt.value for fmt in ExportFormat],
        help="json (pretty, the default), compact, csv (for spreadsheets) or markdown (a ticket "
        "report)",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (replaced atomically)"
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT_S,
        metavar="SECONDS",
        help=f"give up on a request that takes longer (default {DEFAULT_TIMEOUT_S:g})",
    )
    return parser


def add_env_argument(parser: QuietArgumentParser) -> None:
    """`--env prod|dev|URL`, one environment for the whole command (fetch, batch)."""
    parser.add_argument(
        "--env",
        default="prod",
        metavar="prod|dev|URL",
        help="Production (default), Development, or the address of another server",
    )


#: What `--timeout` says of a value that is not a positive number (the value is never repeated).
SECONDS_PROBLEM = "expected a number of seconds above 0"


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        # The value itself is not repeated: argument errors never echo what was typed.
        raise argparse.ArgumentTypeError(SECONDS_PROBLEM)
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run `fetch` with `argv` (the arguments after "fetch"); return the exit status."""
    return run_command(PROG, argv, build_parser, _fetch)


def run_command(
    prog: str,
    argv: Sequence[str] | None,
    parser: Callable[[], QuietArgumentParser],
    command: Callable[[argparse.Namespace], Coroutine[Any, Any, int]],
    *,
    stopped: str = "Stopped.",
) -> int:
    """Parse `argv` and run `command` on a new event loop: the frame of `fetch`, `batch` and
    `compare`. A CommandError ends it with its one line on stderr and its code; Ctrl+C with
    `stopped` and 130. Logging never reaches stderr meanwhile."""
    keep_logging_off_stderr()
    try:
        args = parser().parse(argv)
        return asyncio.run(command(args))
    except CommandError as failure:
        say(prog, failure.message)
        return failure.code
    except KeyboardInterrupt:
        say(prog, stopped)
        return ExitCode.STOPPED


async def _fetch(args: argparse.Namespace) -> int:
    env_key, base_url, env_label = environment(args.env)
    inference_id = inference_id_of(args.inference_id)
    secret = api_key(env_key, base_url)
    fetched_at = datetime.now(UTC)
    fetched = await fetch_document(base_url, secret, inference_id, request_timeout_s=args.timeout)
    context = ReportContext(
        inference_id=inference_id,
        environment=f"{env_label} ({base_url})",
        fetched_at=fetched_at,
        summary=status_fields(fetched.status, fetched.status_note),
    )
    document = fetched.document
    chunks = export_chunks(document.data, ExportFormat(args.format), context=context, secret=secret)
    if args.output:
        await write_output(Path(args.output), chunks)
    else:
        write_stdout(chunks)
    return ExitCode.OK


def inference_id_of(text: str) -> str:
    """The inference ID in `text` (an ID or a link with one); a usage error when there is none."""
    try:
        return parse_inference_id(text)
    except InvalidInferenceIdError as error:
        raise CommandError(ExitCode.USAGE, f"{error.title}. {error.advice}") from None


@dataclass(frozen=True)
class Fetched:
    """One inference's results as `fetch` gets them, and its status when that was answered."""

    document: JsonDocument
    status: InferenceStatus | None
    #: Why the status is unknown ("" when it is known).
    status_note: str


async def fetch_document(
    base_url: str, secret: str, inference_id: str, *, request_timeout_s: float = DEFAULT_TIMEOUT_S
) -> Fetched:
    """Look up one inference (status and results, with the retry policy) and parse its results.

    Shared by `fetch` and `compare`. Raises CommandError with the exit code and the one line
    that say what went wrong (never the key). `request_timeout_s` bounds each request.
    """
    from vody_desktop.api.client import ClientSettings, VodyClient
    from vody_desktop.api.retry import Retrier, RetryPolicy
    from vody_desktop.lookup import look_up

    timeout = request_timeout_s
    defaults = ClientSettings()
    settings = ClientSettings(
        connect_timeout_s=min(defaults.connect_timeout_s, timeout),
        read_timeout_s=min(defaults.read_timeout_s, timeout),
        write_timeout_s=min(defaults.write_timeout_s, timeout),
        deadline_s=timeout,
    )
    try:
        client = VodyClient(base_url, secret, settings=settings)
    except ApiError as error:
        raise failure_for(error) from None
    async with client:
        retrier = Retrier(RetryPolicy(max_retries=MAX_RETRIES, max_retry_after_s=MAX_RETRY_WAIT_S))
        outcome = await look_up(client, inference_id, retrier=retrier)
    if outcome.results is None:
        failure = outcome.results_error or outcome.status_error
        assert failure is not None
        raise failure_for(failure)
    body = outcome.results
    try:
        document = await asyncio.to_thread(JsonDocument.parse, body.body)
    except InvalidJsonError as error:
        # The window's words for what was wrong (cut off, wrong encoding, a web page…).
        error.title = unreadable_result(body, error).title
        raise failure_for(error) from None
    note = outcome.status_error.title if outcome.status_error else ""
    return Fetched(document, outcome.status, note)


def environment(env: str) -> tuple[str, str, str]:
    """(keychain environment key, base URL, label) for --env."""
    for known in (PRODUCTION, DEVELOPMENT):
        if env == known.key:
            return known.key, known.base_url, known.label
    problem = environment_problem(env, (PRODUCTION.key, DEVELOPMENT.key))
    if problem:  # told without the value: it may be a key pasted in the wrong place
        raise CommandError(ExitCode.USAGE, f"{problem} (see {PROG} --help)")
    return "custom", normalize_base_url(env), "Custom address"


def api_key(env_key: str, base_url: str) -> str:
    key = os.environ.get(API_KEY_VARIABLE, "").strip()
    if key:
        return key
    key = _keychain_key(env_key, base_url)
    if key:
        return key
    raise CommandError(
        ExitCode.AUTHENTICATION,
        f"No API key: set {API_KEY_VARIABLE} to your key, or save the key for this environment "
        "in Vody Desktop with 'Remember this key'.",
    )


def _keychain_key(env_key: str, base_url: str) -> str:
    """The key saved by the window for this environment, or "" (also without a keychain)."""
    try:
        from vody_desktop.store.secrets import KeyStore, account_for
    except ImportError:  # keyring is not installed
        return ""
    store = KeyStore()
    store.load()
    return store.remembered(account_for(env_key, base_url))


def failure_for(error: UserFacingError) -> CommandError:
    code = _exit_code(error)
    message = error.title
    if code is ExitCode.AUTHENTICATION:
        message += f". Check the key in {API_KEY_VARIABLE} and the environment (--env)."
    elif isinstance(error, InferenceNotFoundError):
        message += ". Check the ID and the environment (--env)."
    elif isinstance(error, InferenceNotReadyError | InferenceFailedError | RateLimitedError):
        message += f". {error.advice}"
    elif isinstance(error, InvalidJsonError) and error.detail:
        message += f": {error.detail.splitlines()[0]}"
    status_code = getattr(error, "status_code", None)
    if status_code is not None and f"HTTP {status_code}" not in message:
        message += f" (HTTP {status_code})"
    return CommandError(code, message)


def _exit_code(error: UserFacingError) -> ExitCode:
    if isinstance(error, InvalidJsonError | EmptyResponseError):
        return ExitCode.INVALID_JSON
    if isinstance(
        error,
        AuthenticationError | PermissionDeniedError | MissingApiKeyError | InvalidApiKeyError,
    ):
        return ExitCode.AUTHENTICATION
    if isinstance(error, InvalidInferenceIdError | InvalidBaseUrlError | InsecureBaseUrlError):
        return ExitCode.USAGE
    if isinstance(error, InferenceNotFoundError | InferenceNotReadyError | InferenceFailedError):
        return ExitCode.NOT_FOUND
    if isinstance(error, RateLimitedError):
        return ExitCode.RATE_LIMITED
    return ExitCode.NETWORK_OR_SERVER


async def write_output(
    path: Path, chunks: Iterator[bytes], *, failed: int = ExitCode.OUTPUT_FAILED
) -> None:
    """Write `chunks` to `path` atomically, in a worker thread.

    Ctrl+C (asyncio.run cancels this task) stops the writer at its next chunk, so the file that
    was there stays as it was; without the stop, the thread would finish on its own after the
    command had said "Stopped." and replace the file anyway. When the file cannot be written
    the command ends with `failed` (1 for `fetch`; `compare` uses 1 for "different").
    """
    from vody_desktop.document.atomic_write import ExportError
    from vody_desktop.document.export_job import ExportJob

    job = ExportJob(path, chunks)
    try:
        await asyncio.to_thread(job.run)
    except asyncio.CancelledError:
        job.cancel()
        raise
    except ExportError as error:
        message = f"{error.title}: {path}. {error.advice}"
        raise CommandError(failed, message) from None


def write_stdout(chunks: Iterator[bytes]) -> None:
    out = sys.stdout.buffer
    try:
        for chunk in chunks:
            out.write(chunk)
        out.flush()
    except BrokenPipeError:
        # The reader stopped (e.g. `| head`): not an error; keep Python from complaining at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def keep_logging_off_stderr() -> None:
    """Stderr carries one plain line per failure. Without a handler, logging's last resort
    prints warnings there, with tracebacks: a keychain that cannot be read printed 20 lines
    before "No API key" (tests/e2e/test_cli_fetch_exits.py)."""
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.NullHandler())


def _say(message: str) -> None:
    say(PROG, message)


def say(prog: str, message: str) -> None:
    """One line on stderr, "vody-desktop <command>: message" (a message's line breaks joined)."""
    print(f"{prog}: {' '.join(message.split())}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
