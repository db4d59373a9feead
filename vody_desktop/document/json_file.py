"""Reading a saved result from a file, with plain-language errors (no Qt; run it in a thread).

The bytes are returned as they are; the caller parses them with `JsonDocument.parse` exactly
like a fetched body, so an invalid file gets the same raw-text view and message.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from vody_desktop.errors import UserFacingError
from vody_desktop.words import human_size

#: The same limit as a fetched result (ClientSettings.max_body_bytes).
MAX_FILE_BYTES = 512 * 1024 * 1024


class OpenFileError(UserFacingError):
    """The file could not be read."""

    title = "The file could not be opened"
    advice = "Check that the file still exists and that you may read it, then try again."


_MESSAGES: dict[int, tuple[str, str]] = {
    errno.ENOENT: (
        "That file doesn't exist",
        "It may have been moved, renamed or deleted. Choose the file again.",
    ),
    errno.EACCES: (
        "You don't have permission to open that file",
        "Ask the file's owner or your IT team for access, or copy the file somewhere you can "
        "read it.",
    ),
    errno.EISDIR: ("That is a folder, not a file", "Choose a JSON file inside it."),
}
_MESSAGES[errno.EPERM] = _MESSAGES[errno.EACCES]


def read_json_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The whole content of `path`; OpenFileError (plain words, OS detail) when impossible."""
    try:
        with open(path, "rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > max_bytes:
                raise OpenFileError(
                    "The file is too large to open",
                    f"It is {human_size(size)}, and this app opens results of up to "
                    f"{human_size(max_bytes)}.",
                    f"File: {path}\nSize: {size} bytes\nLimit: {max_bytes} bytes",
                )
            data = file.read(max_bytes + 1)
    except OSError as exc:
        code = exc.errno or 0
        title, advice = _MESSAGES.get(code, (OpenFileError.title, OpenFileError.advice))
        name = errno.errorcode.get(code, f"errno {code}")
        raise OpenFileError(title, advice, f"{name}: {exc.strerror or exc}\nFile: {path}") from exc
    if len(data) > max_bytes:  # grew while we read it
        raise OpenFileError(
            "The file is too large to open",
            f"This app opens results of up to {human_size(max_bytes)}.",
            f"File: {path}",
        )
    return data
