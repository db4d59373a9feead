"""`vody-desktop batch`: look up many inferences from a list, politely, into a folder.

    vody-desktop batch FILE [--env prod|dev|URL] -o DIR [--concurrency N] [--wait]
                            [--column NAME|NUMBER] [--jsonl]

FILE is a .txt or .csv file, or `-` for stdin: every inference ID in it is taken (a .csv file:
one column, guessed or chosen). The same engine as the window's batch view (runner, pace,
files, saved state); the key as `fetch` reads it ($VODY_API_KEY or the keychain), never from
an argument. Progress goes to stderr: a bar on a terminal, plain lines otherwise. Running the
same command again with the same DIR continues where it stopped; nothing is fetched twice.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import shutil
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from vody_desktop.arguments import QuietArgumentParser
from vody_desktop.batch.ids import NoIdsError, UnreadableFileError, ids_in_file, ids_in_text
from vody_desktop.batch.runner import BatchEvent, BatchRunner
from vody_desktop.batch.state import ItemState, ItemStatus
from vody_desktop.cli import (
    API_KEY_VARIABLE,
    CommandError,
    ExitCode,
    add_env_argument,
    api_key,
    environment,
    failure_for,
    run_command,
    say,
)
from vody_desktop.document.atomic_write import ExportError
from vody_desktop.errors import UserFacingError

PROG = "vody-desktop batch"
MAX_CONCURRENCY = 32


class _Parser(QuietArgumentParser):
    def fail(self, message: str) -> NoReturn:
        raise CommandError(ExitCode.USAGE, self.with_help_hint(message))


def _concurrency(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_CONCURRENCY:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to {MAX_CONCURRENCY}")
    return int(text)


def build_parser() -> QuietArgumentParser:
    parser = _Parser(
        prog=PROG,
        key_hint=f"the API key is read from ${API_KEY_VARIABLE}, never from an argument",
        description="Look up many inferences: every inference ID in FILE. The results go into "
        "DIR, one ID.json file each, with summary.csv listing every ID. Run the same command "
        "again to continue an interrupted batch. The API key is read from "
        f"${API_KEY_VARIABLE}, or from the keychain when it was saved in Vody Desktop.",
        epilog="Exit status: 0 every ID has results, 1 the folder could not be written, "
        "2 usage or no IDs found, 3 authentication, 4 some IDs have no results (not found, "
        "failed, still running, or an error), 130 stopped with Ctrl+C.",
    )
    parser.add_argument("file", metavar="FILE", help="a .txt or .csv file with IDs, or - for stdin")
    add_env_argument(parser)
    parser.add_argument(
        "-o", "--output", metavar="DIR", required=True, help="the folder for the results"
    )
    parser.add_argument(
        "--concurrency",
        type=_concurrency,
        default=4,
        metavar="N",
        help="at most N requests at once (default 4)",
    )
    parser.add_argument(
        "--wait",
        action="store_true",
        help="wait for inferences still running, checking now and then, and fetch them",
    )
    parser.add_argument(
        "--column",
        metavar="NAME|NUMBER",
        help="the column of a .csv file that holds the IDs (default: the one with most IDs)",
    )
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help="write all results into one results.jsonl file instead of one file each",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `batch` with `argv` (the arguments after "batch"); return the exit status."""
    return run_command(
        PROG, argv, build_parser, _batch, stopped="Stopped. Run the same command again to continue."
    )


def _read_ids(args: argparse.Namespace) -> list[str]:
    try:
        if args.file == "-":
            return ids_in_text(sys.stdin.read()) or _no_ids("No inference IDs were found in stdin")
        return ids_in_file(Path(args.file), args.column)
    except (NoIdsError, UnreadableFileError) as error:
        raise CommandError(ExitCode.USAGE, f"{error.title}. {error.advice}") from None


def _no_ids(title: str) -> NoReturn:
    raise NoIdsError(title)


async def _batch(args: argparse.Namespace) -> int:
    from vody_desktop.api.client import VodyClient
    from vody_desktop.api.errors import ApiError
    from vody_desktop.batch.output import BatchOutput
    from vody_desktop.batch.runner import BatchOptions
    from vody_desktop.store.batches import BatchStore, default_path
    from vody_desktop.store.history import HistoryUnavailableError

    env_key, base_url, env_label = environment(args.env)
    ids = _read_ids(args)
    secret = api_key(env_key, base_url)
    folder = Path(args.output)
    options = BatchOptions(concurrency=args.concurrency, wait=args.wait)
    store: BatchStore | None = None
    try:
        store = BatchStore(default_path())
        saved = store.open_batch(
            folder=folder,
            base_url=base_url,
            environment=env_label,
            ids=ids,
            options={"concurrency": args.concurrency, "wait": args.wait, "jsonl": args.jsonl},
        )
        items, batch_id = saved.items, saved.batch_id
    except HistoryUnavailableError as error:
        # Still resumable from the folder (a saved file is never fetched again), just slower.
        _say(f"{error.title}; going on without it")
        items, batch_id = [ItemState(iid, n) for n, iid in enumerate(ids)], 0
        store = None
    progress = Progress(sys.stderr)
    try:
        client = VodyClient(base_url, secret)
    except ApiError as error:
        raise failure_for(error) from None
    try:
        async with client:
            runner = BatchRunner(
                client,
                items,
                BatchOutput(folder, jsonl=args.jsonl),
                options=options,
                on_event=progress.show,
                save=(lambda changed: store.save_items(batch_id, changed)) if store else None,
            )
            with _cancel_on_signals(runner):
                items = await runner.run()
    except ExportError as error:
        raise _fatal(error, folder) from None
    finally:
        progress.end()
        if store is not None:
            store.close()
    if runner.fatal is not None:
        raise _fatal(runner.fatal, folder)
    without = [item for item in items if not item.status.has_results]
    if runner.cancelled:
        _say("Stopped. Run the same command again to continue.")
        return ExitCode.STOPPED
    if without:
        counts = ", ".join(
            f"{sum(1 for i in without if i.status is status):,} {status.value}"
            for status in ItemStatus
            if any(i.status is status for i in without)
        )
        _say(
            f"{len(items) - len(without):,} of {len(items):,} IDs have results; "
            f"{len(without):,} have none ({counts}). See {folder / 'summary.csv'}."
        )
        return ExitCode.NOT_FOUND
    _say(f"All {len(items):,} IDs have results, in {folder}.")
    return ExitCode.OK


def _fatal(error: UserFacingError, folder: Path) -> CommandError:
    if isinstance(error, ExportError):
        return CommandError(ExitCode.OUTPUT_FAILED, f"{error.title}: {folder}. {error.advice}")
    return failure_for(error)


@contextlib.contextmanager
def _cancel_on_signals(runner: BatchRunner) -> Iterator[None]:
    """Ctrl+C and SIGTERM stop the batch in order: states saved, summary written."""
    loop = asyncio.get_running_loop()
    installed = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, runner.cancel)
            installed.append(sig)
    try:
        yield
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)


class Progress:
    """The batch's progress on stderr: a bar redrawn in place on a terminal, else one plain
    line per ID that ends and per pause."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._tty = stream.isatty()
        self._drawn = False
        self._pause_ends = 0.0

    def show(self, event: BatchEvent) -> None:
        totals = event.totals
        if self._tty:
            width = max(10, min(30, shutil.get_terminal_size().columns - 60))
            filled = math.floor(width * totals.done / totals.total) if totals.total else width
            line = f"[{'#' * filled}{'-' * (width - filled)}] {totals.line()}"
            if event.paused_for_s > 0:
                line += f" · waiting {math.ceil(event.paused_for_s)} s (too many requests)"
            self._stream.write("\r\x1b[K" + line)
            self._stream.flush()
            self._drawn = True
            return
        item = event.item
        if event.paused_for_s > 0:
            now = time.monotonic()
            if now >= self._pause_ends:  # once per pause, not once per refused request
                self._line(f"Too many requests: the batch waits {math.ceil(event.paused_for_s)} s")
            self._pause_ends = max(self._pause_ends, now + event.paused_for_s)
        elif item is not None and item.status.ended:
            note = f": {item.message}" if item.message else ""
            self._line(f"{totals.line()} | {item.inference_id} {item.status.value}{note}")

    def _line(self, text: str) -> None:
        self._stream.write(text + "\n")
        self._stream.flush()

    def end(self) -> None:
        if self._drawn:
            self._stream.write("\n")
            self._stream.flush()
            self._drawn = False


def _say(message: str) -> None:
    say(PROG, message)


if __name__ == "__main__":
    raise SystemExit(main())
