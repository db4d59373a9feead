"""atomic_write: the target is either completely new or untouched, and errors are plain."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from vody_desktop.document import atomic_write as atomic_module
from vody_desktop.document.atomic_write import ExportCancelled, ExportError, atomic_write
from vody_desktop.document.pretty import iter_pretty_json

OLD = b"old content that must survive\n"


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "result.json"
    path.write_bytes(OLD)
    return path


def chunks(count: int = 5, size: int = 1000) -> Iterator[bytes]:
    for number in range(count):
        yield bytes([65 + number]) * size


def assert_untouched(target: Path) -> None:
    assert target.read_bytes() == OLD
    assert [p.name for p in target.parent.iterdir()] == [target.name]


def fail_with(code: int) -> Any:
    def fail(*args: object, **kwargs: object) -> Any:
        raise OSError(code, os.strerror(code))

    return fail


def test_writes_all_chunks_and_returns_the_byte_count(tmp_path: Path) -> None:
    path = tmp_path / "new.json"
    assert atomic_write(path, chunks()) == 5000
    assert path.read_bytes() == b"".join(chunks())
    assert [p.name for p in tmp_path.iterdir()] == ["new.json"]


def test_replaces_an_existing_file(target: Path) -> None:
    atomic_write(target, [b"new"])
    assert target.read_bytes() == b"new"


def test_new_file_gets_normal_permissions(tmp_path: Path) -> None:
    old_umask = os.umask(0o027)
    try:
        atomic_write(tmp_path / "a.json", [b"x"])
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((tmp_path / "a.json").stat().st_mode) == 0o640


def test_existing_file_keeps_its_permissions(target: Path) -> None:
    target.chmod(0o604)
    atomic_write(target, [b"x"])
    assert stat.S_IMODE(target.stat().st_mode) == 0o604


def test_writes_through_a_symlink(target: Path) -> None:
    link = target.parent / "link.json"
    link.symlink_to(target)
    atomic_write(link, [b"via link"])
    assert link.is_symlink()
    assert target.read_bytes() == b"via link"


def test_cancel_midway_leaves_old_file_and_no_temp_files(target: Path) -> None:
    calls = 0

    def should_cancel() -> bool:
        nonlocal calls
        calls += 1
        return calls == 3

    with pytest.raises(ExportCancelled) as info:
        atomic_write(target, chunks(), should_cancel=should_cancel)
    assert isinstance(info.value, ExportError)
    assert info.value.title == "The export was cancelled"
    assert_untouched(target)


def test_cancel_after_the_last_chunk_still_writes_nothing(target: Path) -> None:
    answers = iter([False, False, True])
    with pytest.raises(ExportCancelled):
        atomic_write(target, chunks(2), should_cancel=lambda: next(answers))
    assert_untouched(target)


def test_exception_from_the_chunks_propagates_and_leaves_old_file(target: Path) -> None:
    def broken() -> Iterator[bytes]:
        yield b"partial"
        raise RuntimeError("source failed")

    with pytest.raises(RuntimeError, match="source failed"):
        atomic_write(target, broken())
    assert_untouched(target)


def test_disk_full_is_reported_plainly(target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "write", fail_with(errno.ENOSPC))
    with pytest.raises(ExportError) as info:
        atomic_write(target, chunks())
    assert info.value.title == "The disk is full"
    assert "ENOSPC" in info.value.detail
    assert str(target) in info.value.detail
    monkeypatch.undo()
    assert_untouched(target)


def test_quota_exceeded_during_fsync(target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "fsync", fail_with(errno.EDQUOT))
    with pytest.raises(ExportError) as info:
        atomic_write(target, chunks())
    assert "storage allowance" in info.value.title
    assert "EDQUOT" in info.value.detail
    monkeypatch.undo()
    assert_untouched(target)


@pytest.mark.parametrize(
    ("code", "title"),
    [
        (errno.EACCES, "You don't have permission to save in that folder"),
        (errno.EPERM, "You don't have permission to save in that folder"),
        (errno.EROFS, "That drive can't be written to"),
        (errno.EIO, "The file could not be saved"),
    ],
)
def test_folder_errors_when_creating_the_temp_file(
    target: Path, monkeypatch: pytest.MonkeyPatch, code: int, title: str
) -> None:
    monkeypatch.setattr(tempfile, "mkstemp", fail_with(code))
    with pytest.raises(ExportError) as info:
        atomic_write(target, chunks())
    assert info.value.title == title
    assert errno.errorcode[code] in info.value.detail
    monkeypatch.undo()
    assert_untouched(target)


def test_replace_failure_removes_the_temp_file(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "replace", fail_with(errno.EACCES))
    with pytest.raises(ExportError, match="permission"):
        atomic_write(target, chunks())
    monkeypatch.undo()
    assert_untouched(target)


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ExportError) as info:
        atomic_write(tmp_path / "gone" / "result.json", [b"x"])
    assert info.value.title == "That folder doesn't exist"
    assert "ENOENT" in info.value.detail


def test_target_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    with pytest.raises(ExportError) as info:
        atomic_write(tmp_path / "taken", [b"x"])
    assert info.value.title == "There is already a folder with that name"
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]


def test_name_too_long(tmp_path: Path) -> None:
    with pytest.raises(ExportError) as info:
        atomic_write(tmp_path / ("x" * 300 + ".json"), [b"x"])
    assert info.value.title == "The file name is too long"
    assert list(tmp_path.iterdir()) == []


def test_long_but_valid_name_works(tmp_path: Path) -> None:
    path = tmp_path / ("y" * 250 + ".json")
    atomic_write(path, [b"ok"])
    assert path.read_bytes() == b"ok"


def test_partial_writes_are_completed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data)[:7]))
    path = tmp_path / "out.json"
    assert atomic_write(path, chunks(3, 100)) == 300
    assert path.read_bytes() == b"".join(chunks(3, 100))


def test_temp_file_is_in_the_target_folder_with_a_recognisable_name(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    def spy() -> bool:
        seen.extend(p.name for p in target.parent.iterdir() if p != target)
        return False

    atomic_write(target, [b"x"], should_cancel=spy)
    assert seen
    assert all(name.startswith(".result.json.") and name.endswith(".part") for name in seen)


def test_pretty_export_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "pretty.json"
    written = atomic_write(path, iter_pretty_json(b'{"a":[1,2]}'))
    assert path.read_bytes() == b'{\n  "a": [\n    1,\n    2\n  ]\n}\n'
    assert written == len(path.read_bytes())


def test_umask_is_read_without_changing_it() -> None:
    old = os.umask(0o077)
    try:
        assert atomic_module._umask() == 0o077
        assert os.umask(0o077) == 0o077
    finally:
        os.umask(old)
