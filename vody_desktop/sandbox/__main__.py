"""Command line: ``python -m vody_desktop.sandbox [options]`` (see ``--help``)."""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from vody_desktop.arguments import QuietArgumentParser
from vody_desktop.sandbox.catalogue import DEFAULT_API_KEYS, format_table
from vody_desktop.sandbox.config import DEFAULT_HOST, DEFAULT_PORT, SandboxConfig
from vody_desktop.sandbox.large import default_cache_dir
from vody_desktop.sandbox.ratelimit import DEFAULT_RATE, Rate, parse_rate


def _rate(text: str) -> Rate | None:
    try:
        return parse_rate(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < 1e9:
        raise argparse.ArgumentTypeError(f"expected a number of seconds >= 0, not {text!r}")
    return value


def _hex_prefix(text: str) -> str:
    if not 1 <= len(text) <= 8 or any(ch not in "0123456789abcdefABCDEF" for ch in text):
        raise argparse.ArgumentTypeError("expected 1 to 8 hex digits")
    return text.lower()


def _directory(text: str) -> Path:
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is not a directory")
    return path


def build_parser() -> QuietArgumentParser:
    # Quiet: the sandbox takes keys as arguments (--api-key); its errors must not echo them.
    parser = QuietArgumentParser(
        prog="python -m vody_desktop.sandbox",
        description="A local stand-in for the Vody Inference API. Its first line on stdout is "
        "'Vody sandbox listening on http://HOST:PORT'. Ctrl+C or SIGTERM stops it.",
        epilog="Accepted keys: the reference's examples "
        + ", ".join(DEFAULT_API_KEYS)
        + ", plus each --api-key. Send them in the x-vody-api-key header.",
    )
    add = parser.add_argument
    add("--host", default=DEFAULT_HOST, help="address to bind (default: %(default)s)")
    add(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help="port; 0 picks a free one (default: %(default)s)",
    )
    add("--api-key", action="append", default=[], metavar="KEY", help="accept KEY too (repeatable)")
    add("--no-default-keys", action="store_true", help="do not accept the reference's example keys")
    add(
        "--data",
        type=_directory,
        metavar="DIR",
        help="serve DIR/<uuid>.json byte for byte as results",
    )
    add(
        "--rate",
        type=_rate,
        default=parse_rate(DEFAULT_RATE),
        metavar="LIMIT",
        help="rate limit per API key, REQUESTS/SECONDS as a token bucket: bursts of up to "
        "REQUESTS, refilled at REQUESTS per SECONDS; beyond it 429 with Retry-After. "
        f"'off' disables it (default: {DEFAULT_RATE})",
    )
    add(
        "--progress-seconds",
        type=_seconds,
        metavar="S",
        default=5.0,
        help="how long the in-progress inference runs after start (default: %(default)s)",
    )
    add(
        "--post-seconds",
        type=_seconds,
        metavar="S",
        default=3.0,
        help="how long POSTed inferences run before completing (default: %(default)s)",
    )
    add(
        "--slow-seconds",
        type=_seconds,
        metavar="S",
        default=8.0,
        help="delay of the slow fault (default: %(default)s)",
    )
    add(
        "--drip-seconds",
        type=_seconds,
        metavar="S",
        default=900.0,
        help="how long the drip fault trickles, one byte a second (default: %(default)s)",
    )
    add(
        "--retry-after-seconds",
        type=int,
        metavar="N",
        default=3,
        help="Retry-After of the 503 and 429-date faults (default: %(default)s)",
    )
    add(
        "--cache-dir",
        type=Path,
        metavar="DIR",
        default=default_cache_dir(),
        help="where the large document is cached (default: %(default)s)",
    )
    add("--quiet", action="store_true", help="no access log on stderr")
    add(
        "--manual-clock",
        action="store_true",
        help="for tests: inference progress and rate-limit refills use a clock that stands "
        "still until POST /sandbox/clock/advance moves it (needs a valid key)",
    )
    add(
        "--hold-large",
        action="store_true",
        help="for tests: generating the large document stops after its first chunk until "
        "POST /sandbox/large/release (needs a valid key)",
    )
    add(
        "--batch-knobs",
        action="store_true",
        help="for tests: GET /sandbox/requests counts requests per ID and answers per status; "
        'POST /sandbox/rate with {"rate": "5/1"} changes the rate limit (both need a valid key)',
    )
    add(
        "--small-id-prefix",
        type=_hex_prefix,
        metavar="HEX",
        help="for benchmarks: any UUID starting with HEX is a completed inference with a small "
        "result",
    )
    add(
        "--large-id-prefix",
        type=_hex_prefix,
        metavar="HEX",
        help="for benchmarks: any UUID starting with HEX is a completed inference with the "
        "large result (about 25 MB)",
    )
    add(
        "--list",
        nargs="?",
        const="text",
        choices=["text", "markdown"],
        help="print the catalogue of fixed inference IDs and exit",
    )
    return parser


def _exit_quietly(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def main(argv: Sequence[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _exit_quietly)  # until the server installs its own handling
    args = build_parser().parse(argv)
    if args.list:
        sys.stdout.write(format_table(markdown=args.list == "markdown"))
        return 0
    config = SandboxConfig(
        host=args.host,
        port=args.port,
        api_keys=tuple(args.api_key),
        data_dir=args.data,
        rate=args.rate,
        progress_seconds=args.progress_seconds,
        post_seconds=args.post_seconds,
        slow_seconds=args.slow_seconds,
        drip_seconds=args.drip_seconds,
        retry_after_seconds=args.retry_after_seconds,
        cache_dir=args.cache_dir,
        access_log=not args.quiet,
        manual_clock=args.manual_clock,
        hold_large=args.hold_large,
        batch_knobs=args.batch_knobs,
        small_id_prefix=args.small_id_prefix or "",
        large_id_prefix=args.large_id_prefix or "",
    )
    from vody_desktop.sandbox.server import run  # needs the sandbox extra

    return run(config, use_default_keys=not args.no_default_keys)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(0)
