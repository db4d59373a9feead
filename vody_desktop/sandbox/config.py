"""The sandbox's settings, as parsed from the command line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from vody_desktop.sandbox.large import default_cache_dir
from vody_desktop.sandbox.ratelimit import DEFAULT_RATE, Rate, parse_rate

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


@dataclass(frozen=True)
class SandboxConfig:
    """Everything the server needs to know; defaults match the command line's."""

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    api_keys: tuple[str, ...] = ()
    data_dir: Path | None = None
    rate: Rate | None = field(default_factory=lambda: parse_rate(DEFAULT_RATE))
    progress_seconds: float = 5.0
    post_seconds: float = 3.0
    slow_seconds: float = 8.0
    drip_seconds: float = 900.0
    retry_after_seconds: int = 3
    cache_dir: Path = field(default_factory=default_cache_dir)
    access_log: bool = True
    #: Test knobs (off by default, so ``make demo`` behaves as documented): a clock that moves
    #: only when told, and a large-document generation that waits to be released.
    manual_clock: bool = False
    hold_large: bool = False
    #: Request counts and a rate limit that can be changed at run time (batch tests).
    batch_knobs: bool = False
    #: Any UUID starting with these hex digits is a completed inference: a small result (the
    #: COLOR_RESULTS_ID array) or the large one (batch benchmarks need thousands of IDs).
    small_id_prefix: str = ""
    large_id_prefix: str = ""


def format_url(host: str, port: int) -> str:
    """``http://HOST:PORT``, with brackets around an IPv6 address."""
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
