"""Which collected binaries the bundle keeps: only what the app can load (used by the spec).

PyInstaller collects every Qt plugin of the bindings and, with each one, the shared libraries it
links (the GTK theme plugin alone brings gtk, gdk, cairo, pango, atk, harfbuzz, epoxy...). The spec
drops the plugins and Qt libraries the app does not use; this module then keeps only the binaries
reachable from what stays: the Python extension modules, the kept Qt plugins and libpython (the
roots), following "needs" edges from each kept binary to the libraries it links, until no new one
is found. A library needed only by dropped files (or by other unreachable libraries) goes too.

The symbolic links PyInstaller makes for libraries (`SYMLINK` entries among the data files, such
as `_internal/libQt6Core.so.6 -> PySide6/Qt/lib/libQt6Core.so.6`) go with their targets, so the
bundle has no dangling link.

Plain functions over PyInstaller's TOC tuples `(destination, source, typecode)`, with the
dependency reader passed in, so tests can check them on a made-up graph without a build.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from pathlib import PurePath

Entry = tuple[str, str, str]
#: source path of a binary -> the names (sonames) of the libraries it links
ImportsOf = Callable[[str], Iterable[str]]


def is_root(entry: Entry) -> bool:
    """Loaded by the app itself: an extension module, a Qt plugin or the Python library."""
    destination, _source, typecode = entry
    path = "/" + destination.replace("\\", "/")
    name = PurePath(path).name
    python = name.startswith(("libpython", "python3")) or name == "Python"  # Linux, Windows, macOS
    return typecode == "EXTENSION" or "/plugins/" in path or python


def reachable_binaries(binaries: list[Entry], imports_of: ImportsOf) -> list[Entry]:
    """The entries of `binaries` reachable from its roots (a fixpoint over the needs graph)."""
    by_name: dict[str, list[Entry]] = {}
    for entry in binaries:
        by_name.setdefault(_name(entry[0]), []).append(entry)
    kept: set[Entry] = set()
    todo = [entry for entry in binaries if is_root(entry)]
    while todo:  # each entry is expanded once; stops when no new library turns up
        entry = todo.pop()
        if entry in kept:
            continue
        kept.add(entry)
        for needed in imports_of(entry[1]):
            todo.extend(by_name.get(_name(needed), ()))
    return [entry for entry in binaries if entry in kept]


def pruned(
    binaries: list[Entry],
    datas: list[Entry],
    is_dropped: Callable[[Entry], bool],
    imports_of: ImportsOf,
) -> tuple[list[Entry], list[Entry]]:
    """(binaries, datas) without the dropped files, what only they needed, and dangling links."""
    binaries = [entry for entry in binaries if not is_dropped(entry)]
    datas = [entry for entry in datas if not is_dropped(entry)]
    libraries = set(reachable_binaries([e for e in binaries if e[2] != "SYMLINK"], imports_of))
    files = {_normal(e[0]) for e in libraries}
    files |= {_normal(e[0]) for e in datas if e[2] != "SYMLINK"}
    links = {_normal(e[0]): _link_target(e[0], e[1]) for e in binaries + datas if e[2] == "SYMLINK"}
    live = _live_links(links, files)

    def keep(entry: Entry) -> bool:
        return entry in libraries if entry[2] != "SYMLINK" else _normal(entry[0]) in live

    return [e for e in binaries if keep(e)], [e for e in datas if e[2] != "SYMLINK" or keep(e)]


def _live_links(links: dict[str, str], files: set[str]) -> set[str]:
    """The links whose target is a kept file or a folder holding one, also through other links."""
    folders = {parent for path in files for parent in _parents(path)}
    return {link for link in links if _resolve(links[link], links) in files | folders}


def _resolve(path: str, links: dict[str, str]) -> str:
    """`path` with every link among its leading parts replaced by the link's target."""
    for _ in range(40):  # a cycle of links resolves to nothing
        parts = path.split("/")
        for end in range(len(parts), 0, -1):
            head = "/".join(parts[:end])
            if head in links:
                path = posixpath.normpath(posixpath.join(links[head], *parts[end:]))
                break
        else:
            return path
    return ""


def _parents(path: str) -> list[str]:
    parents = []
    while (path := posixpath.dirname(path)) not in ("", "/"):
        parents.append(path)
    return parents


def _link_target(destination: str, target: str) -> str:
    """Where a SYMLINK entry points, as a bundle path (its target is relative to its folder)."""
    folder = posixpath.dirname(_normal(destination))
    return posixpath.normpath(posixpath.join(folder, target.replace("\\", "/")))


def _normal(destination: str) -> str:
    return posixpath.normpath(destination.replace("\\", "/"))


def _name(destination: str) -> str:
    """The file name, compared without case (Windows links DLLs by any case)."""
    return PurePath(destination.replace("\\", "/")).name.lower()


def pyinstaller_imports(source: str) -> list[str]:
    """The names of the libraries the binary at `source` links (PyInstaller's own reader)."""
    from PyInstaller.depend.bindepend import get_imports

    try:
        return [name for name, _resolved in get_imports(source)]
    except Exception:  # not a binary PyInstaller can read: it links nothing we collect
        return []
