"""The rotating log file in the user log folder, with the API key scrubbed from every line.

A filter on the file handler replaces the keys the app knows about (the one in the key field,
the ones remembered for the session) and anything shaped like a key after a key-ish label
(`api_key=…`, `x-vody-api-key: …`, `Authorization: Bearer …`), in the message and in tracebacks.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from vody_desktop.api.redaction import REDACTED, redact
from vody_desktop.store.paths import log_dir

LOG_FILE_NAME = "vody-desktop.log"
MAX_BYTES = 1024 * 1024
BACKUP_COUNT = 3
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

#: A label that announces a secret, then `:` or `=`, then the value (quoted or not).
_LABELLED_SECRET = re.compile(
    r"(?P<label>(?:x-vody-api-key|api[_ -]?key|apikey|access[_-]?token|token|secret|password"
    r"|authorization)[\"']?\s*[:=]\s*[\"']?(?:bearer\s+)?)"
    r"(?P<value>[^\s\"',;}\]]{6,})",
    re.IGNORECASE,
)

SecretSource = Callable[[], Iterable[str]]
_secret_sources: list[SecretSource] = []


def add_secret_source(source: SecretSource) -> None:
    """Register a callable that returns the keys to scrub right now (e.g. the key field)."""
    _secret_sources.append(source)


def remove_secret_source(source: SecretSource) -> None:
    if source in _secret_sources:
        _secret_sources.remove(source)


def redact_secrets(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` without the given secrets, the registered ones, and anything key-shaped."""
    known = [*secrets]
    for source in list(_secret_sources):
        known.extend(source())
    for secret in sorted({s for s in known if s}, key=len, reverse=True):
        text = redact(text, secret)
    return _LABELLED_SECRET.sub(lambda m: m.group("label") + REDACTED, text)


class RedactingFilter(logging.Filter):
    """Rewrites each record so that no key reaches the file (message, arguments, traceback)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact_secrets(record.getMessage())
        record.args = None
        if record.exc_info:
            formatter = logging.Formatter()
            record.exc_text = redact_secrets(formatter.formatException(record.exc_info))
            record.exc_info = None
        if record.stack_info:
            record.stack_info = redact_secrets(record.stack_info)
        return True


class HeldRecords(logging.Handler):
    """Keeps what is logged until the log file is open, which then writes it (app.py opens the
    file after the window's first paint: `logging.handlers` and what it imports cost 8-14 ms)."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def hold_log_records() -> HeldRecords:
    """Keep the records for the log file `install_log_file(held=...)` opens later."""
    held = HeldRecords()
    _log_our_info()
    logging.getLogger().addHandler(held)
    return held


def install_log_file(
    folder: Path | None = None, held: HeldRecords | None = None
) -> logging.Handler | None:
    """Log INFO and above of our own loggers (and warnings of everything) to the rotating file,
    after what `held` kept since it was made.

    Returns the handler (to remove it later), or None when the folder cannot be written: the
    app works without a log file.
    """
    import logging.handlers

    root = logging.getLogger()
    if held is not None:
        root.removeHandler(held)
    folder = folder or log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            folder / LOG_FILE_NAME, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError:
        logging.getLogger(__name__).warning("No log file: %s is not writable", folder)
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.addFilter(RedactingFilter())
    if held is None:
        _log_our_info()
    root.addHandler(handler)
    for record in held.records if held is not None else ():
        handler.handle(record)
    return handler


def _log_our_info() -> None:
    """Our INFO lines go to the file only: console handlers that had no level keep the root's."""
    root = logging.getLogger()
    for existing in root.handlers:
        if existing.level == logging.NOTSET and isinstance(existing, logging.StreamHandler):
            existing.setLevel(root.getEffectiveLevel())
            _relaxed.append(existing)
    ours = logging.getLogger("vody_desktop")
    _previous_levels.append(ours.level)
    if ours.getEffectiveLevel() > logging.INFO:
        ours.setLevel(logging.INFO)


_relaxed: list[logging.Handler] = []
_previous_levels: list[int] = []


def remove_log_file(handler: logging.Handler) -> None:
    """Undo `install_log_file` (tests install and remove it)."""
    logging.getLogger().removeHandler(handler)
    handler.close()
    if _previous_levels:
        logging.getLogger("vody_desktop").setLevel(_previous_levels.pop())
    while _relaxed:
        _relaxed.pop().setLevel(logging.NOTSET)
