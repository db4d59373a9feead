"""The log file: keys and anything key-shaped after a key-ish label never reach it."""

from __future__ import annotations

import logging
from pathlib import Path

from vody_desktop.store.log_file import (
    LOG_FILE_NAME,
    add_secret_source,
    hold_log_records,
    install_log_file,
    redact_secrets,
    remove_log_file,
    remove_secret_source,
)

KEY = "9f1c2d3e-aaaa-bbbb-cccc-1234567890ab"


def test_labelled_values_are_scrubbed() -> None:
    for text in (
        f"x-vody-api-key: {KEY}",
        f"api_key={KEY}",
        f'{{"apiKey": "{KEY}"}}',
        f"Authorization: Bearer {KEY}",
        f"token='{KEY}'",
    ):
        scrubbed = redact_secrets(text)
        assert KEY not in scrubbed, text
        assert "[redacted]" in scrubbed


def test_known_keys_are_scrubbed_anywhere_in_any_case() -> None:
    text = f"lookup failed for {KEY.upper()} at {KEY}"
    assert redact_secrets(text, [KEY]) == "lookup failed for [redacted] at [redacted]"


def test_inference_ids_without_a_label_stay_readable() -> None:
    text = "Lookup 0924dcfe-a593-4e42-8c7b-4fca9a149777 on Production"
    assert redact_secrets(text) == text


def test_log_file_holds_no_key_in_messages_arguments_or_tracebacks(tmp_path: Path) -> None:
    def source() -> list[str]:
        return [KEY]

    add_secret_source(source)
    handler = install_log_file(tmp_path)
    assert handler is not None
    log = logging.getLogger("vody_desktop.test")
    try:
        log.info("typed key %s", KEY)
        log.warning("header x-vody-api-key: %s", "another-secret-value-123")
        try:
            raise ValueError(f"bad key {KEY}")
        except ValueError:
            log.exception("failed")
    finally:
        remove_log_file(handler)
        remove_secret_source(source)
    text = (tmp_path / LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "typed key [redacted]" in text
    assert "ValueError: bad key [redacted]" in text
    assert KEY not in text
    assert "another-secret-value-123" not in text


def test_what_is_logged_before_the_file_opens_reaches_it_in_order_without_the_key(
    tmp_path: Path,
) -> None:
    """The app opens its log file after the window's first paint; the lines logged before
    (building the window, Qt's own warnings) are kept for it, and scrubbed like any other."""

    def source() -> list[str]:
        return [KEY]

    held = hold_log_records()
    log = logging.getLogger("vody_desktop.test")
    log.info("before the file, typed key %s", KEY)
    logging.getLogger("vody_desktop.qt").warning("a warning of Qt")
    add_secret_source(source)
    handler = install_log_file(tmp_path, held=held)
    assert handler is not None
    try:
        log.info("after the file")
    finally:
        remove_log_file(handler)
        remove_secret_source(source)
    lines = (tmp_path / LOG_FILE_NAME).read_text(encoding="utf-8").splitlines()
    assert [line.split(": ", 1)[1] for line in lines] == [
        "before the file, typed key [redacted]",
        "a warning of Qt",
        "after the file",
    ]
    assert held not in logging.getLogger().handlers
