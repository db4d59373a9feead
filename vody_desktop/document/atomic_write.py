"""Write a file so that it is either completely new or untouched: never half written.

The chunks go to a temporary file in the same folder (".<name>.<random>.part"), which is
flushed to disk and then renamed over the target. On any error or cancel the temporary file is
removed and an existing target stays byte-for-byte as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from vody_desktop.errors import UserFacingError

_PREFIX_NAME_CHARS = 100  # keep the temporary name short enough when the target's name is long


class ExportError(UserFacingError):
    """The file could not be written; `title`/`advice` say why in plain words."""

    title = "The file could not be saved"
    advice = "Try again, or choose another folder."


class ExportCancelled(ExportError):  # noqa: N818 - a cancel is not an error for the person
    """The person cancelled; nothing was written. Usually shown quietly, not as an error."""

    title = "The export was cancelled"
    advice = "Nothing was saved. Any file that was already there has not been changed."


_MESSAGES: dict[int, tuple[str, str]] = {
    errno.EACCES: (
        "You don't have permission to save in that folder",
        "Choose another folder, such as your Documents folder, or ask your IT team for access.",
    ),
    errno.ENOSPC: (
        "The disk is full",
        "Free up some space, or choose a folder on another drive, then export again.",
    ),
    errno.EROFS: (
        "That drive can't be written to",
        "The drive is read-only. Choose a folder on another drive.",
    ),
    errno.ENAMETOOLONG: (
        "The file name is too long",
        "Choose a shorter file name, or a folder closer to the top of the drive.",
    ),
    errno.EISDIR: (
        "There is already a folder with that name",
        "Choose another file name.",
    ),
    errno.ENOENT: (
        "That folder doesn't exist",
        "It may have been moved or deleted. Choose another folder.",
    ),
}
_MESSAGES[errno.EPERM] = _MESSAGES[errno.EACCES]
_MESSAGES[errno.ENOTDIR] = _MESSAGES[errno.ENOENT]
if hasattr(errno, "EDQUOT"):
    _MESSAGES[errno.EDQUOT] = (
        "You have used up your storage allowance on that drive",
        "Delete some files or choose another drive, then export again.",
    )


def export_error(exc: OSError, path: Path) -> ExportError:
    """Translate an OSError into a plain-language ExportError about `path`."""
    code = exc.errno if exc.errno is not None else 0
    name = errno.errorcode.get(code, f"errno {code}")
    title, advice = _MESSAGES.get(code, (ExportError.title, ExportError.advice))
    detail = f"{name}: {exc.strerror or exc}\nFile: {path}"
    if exc.filename is not None and os.fsdecode(exc.filename) != str(path):
        detail += f"\nWhile using: {os.fsdecode(exc.filename)}"
    return ExportError(title, advice, detail)


def atomic_write(
    path: Path,
    chunks: Iterable[bytes],
    *,
    should_cancel: Callable[[], bool] | None = None,
) -> int:
    """Write `chunks` to `path` atomically and return the number of bytes written.

    Raises ExportError (plain message, OS detail) when the file system refuses, and
    ExportCancelled (a subclass) when `should_cancel` returns True between chunks. An exception
    raised by `chunks` itself propagates unchanged. In every failure case the temporary file is
    removed and an existing file at `path` is left unchanged.
    """
    target = Path(os.path.realpath(path))  # write through a symlink rather than replacing it
    mode = _target_mode(target)
    prefix = f".{target.name[:_PREFIX_NAME_CHARS]}."
    try:
        fd, temp_name = tempfile.mkstemp(prefix=prefix, suffix=".part", dir=target.parent)
    except OSError as exc:
        raise export_error(exc, target) from exc
    fd_open = True
    try:
        written = 0
        for chunk in chunks:
            _check_cancel(should_cancel)
            written += _write_all(fd, chunk, target)
        _check_cancel(should_cancel)
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
            else:  # Windows
                os.chmod(temp_name, mode)
            os.fsync(fd)
            fd_open = False
            os.close(fd)
            os.replace(temp_name, target)
        except OSError as exc:
            raise export_error(exc, target) from exc
    except BaseException:
        if fd_open:
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_directory(target.parent)
    return written


def _target_mode(target: Path) -> int:
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return 0o666 & ~_umask()
    except OSError as exc:
        raise export_error(exc, target) from exc
    if stat.S_ISDIR(info.st_mode):
        raise export_error(IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR)), target)
    return stat.S_IMODE(info.st_mode)


def _umask() -> int:
    # Linux reports the umask without changing it; os.umask() has to set it to read it, which
    # races with other threads creating files, so use it only as the fallback.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    current = os.umask(0o022)
    os.umask(current)
    return current


def _check_cancel(should_cancel: Callable[[], bool] | None) -> None:
    if should_cancel is not None and should_cancel():
        raise ExportCancelled()


def _write_all(fd: int, chunk: bytes, target: Path) -> int:
    view = memoryview(chunk)
    total = len(view)
    try:
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        raise export_error(exc, target) from exc
    return total


def _fsync_directory(directory: Path) -> None:
    """Make the rename durable where the platform allows opening a directory (not Windows)."""
    try:
        dir_fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
