"""What the bundle keeps (packaging/bundle_pruning.py) and what packaging/check_bundle.py refuses.

The graphs are made up in the shape of the real build: the GTK theme plugin is dropped, and the
GTK stack it linked must go with it however deep it goes, while what the app's own modules need
stays, and no link may point at a file that was left out.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

import pytest

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def _load(name: str) -> ModuleType:
    # packaging/ is a folder of scripts, not a package (its name would shadow the PyPI one).
    spec = importlib.util.spec_from_file_location(name, PACKAGING / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


pruning = _load("bundle_pruning")
check_bundle = _load("check_bundle")

Entry = tuple[str, str, str]

#: source path -> the libraries it links, like the real build's (shortened)
NEEDS: dict[str, list[str]] = {
    "/src/QtWidgets.abi3.so": ["libQt6Widgets.so.6", "libc.so.6"],
    "/src/libQt6Widgets.so.6": ["libQt6Gui.so.6"],
    "/src/libQt6Gui.so.6": ["libQt6Core.so.6", "libfontconfig.so.1"],
    "/src/libQt6Core.so.6": ["libglib-2.0.so.0", "libicuuc.so.73"],
    "/src/libglib-2.0.so.0": ["libpcre2-8.so.0"],
    "/src/libqgtk3.so": ["libgtk-3.so.0", "libQt6Gui.so.6"],
    "/src/libgtk-3.so.0": ["libgdk-3.so.0", "libpango-1.0.so.0", "libglib-2.0.so.0"],
    "/src/libgdk-3.so.0": ["libcairo.so.2", "libepoxy.so.0"],
    "/src/libcairo.so.2": ["libpixman-1.so.0"],
    "/src/libqxcb.so": ["libQt6XcbQpa.so.6"],
    "/src/libQt6XcbQpa.so.6": ["libQt6Gui.so.6", "libxcb-cursor.so.0"],
    "/src/libpython3.11.so.1.0": ["libm.so.6"],
}


def binary(destination: str, typecode: str = "BINARY") -> Entry:
    return (destination, "/src/" + Path(destination).name, typecode)


BINARIES = [
    binary("PySide6/QtWidgets.abi3.so", "EXTENSION"),
    binary("PySide6/Qt/plugins/platformthemes/libqgtk3.so"),
    binary("PySide6/Qt/plugins/platforms/libqxcb.so"),
    binary("libpython3.11.so.1.0"),
    *(
        binary(name)
        for name in (
            "PySide6/Qt/lib/libQt6Widgets.so.6",
            "PySide6/Qt/lib/libQt6Gui.so.6",
            "PySide6/Qt/lib/libQt6Core.so.6",
            "PySide6/Qt/lib/libQt6XcbQpa.so.6",
            "PySide6/Qt/lib/libQt6EglFsKmsSupport.so.6",
            "PySide6/Qt/lib/libicuuc.so.73",
            "libglib-2.0.so.0",
            "libpcre2-8.so.0",
            "libfontconfig.so.1",
            "libxcb-cursor.so.0",
            "libgtk-3.so.0",
            "libgdk-3.so.0",
            "libpango-1.0.so.0",
            "libcairo.so.2",
            "libpixman-1.so.0",
            "libepoxy.so.0",
        )
    ),
]


def needs(source: str) -> Iterable[str]:
    return NEEDS.get(source, [])


def dropped_gtk_theme(entry: Entry) -> bool:
    return "libqgtk3" in entry[0]


def kept_names(entries: list[Entry]) -> set[str]:
    return {Path(entry[0]).name for entry in entries}


def test_what_only_the_dropped_plugin_needed_goes_however_deep() -> None:
    binaries, _datas = pruning.pruned(BINARIES, [], dropped_gtk_theme, needs)
    names = kept_names(binaries)
    gtk_stack = {"libgtk-3.so.0", "libgdk-3.so.0", "libpango-1.0.so.0", "libcairo.so.2"}
    assert not names & (gtk_stack | {"libpixman-1.so.0", "libepoxy.so.0", "libqgtk3.so"})


def test_what_the_app_still_loads_stays() -> None:
    binaries, _datas = pruning.pruned(BINARIES, [], dropped_gtk_theme, needs)
    assert kept_names(binaries) == {
        "QtWidgets.abi3.so",
        "libqxcb.so",
        "libpython3.11.so.1.0",
        "libQt6Widgets.so.6",
        "libQt6Gui.so.6",
        "libQt6Core.so.6",
        "libQt6XcbQpa.so.6",
        "libicuuc.so.73",
        "libglib-2.0.so.0",  # gtk needed it too, but so does QtCore
        "libpcre2-8.so.0",
        "libfontconfig.so.1",
        "libxcb-cursor.so.0",
    }


def test_a_library_nothing_links_goes_even_when_no_list_names_it() -> None:
    binaries, _datas = pruning.pruned(BINARIES, [], lambda _entry: False, needs)
    assert "libQt6EglFsKmsSupport.so.6" not in kept_names(binaries)
    assert "libqgtk3.so" in kept_names(binaries)  # a plugin not dropped is a root
    assert "libgtk-3.so.0" in kept_names(binaries)


def test_a_cycle_is_kept_only_when_reachable() -> None:
    graph = {
        "/src/a.so": ["b.so"],
        "/src/b.so": ["a.so"],
        "/src/c.so": ["d.so"],
        "/src/d.so": ["c.so"],
    }
    entries = [
        binary("ext.so", "EXTENSION"),
        binary("a.so"),
        binary("b.so"),
        binary("c.so"),
        binary("d.so"),
    ]
    graph["/src/ext.so"] = ["a.so"]
    kept = pruning.reachable_binaries(entries, lambda source: graph.get(source, []))
    assert kept_names(kept) == {"ext.so", "a.so", "b.so"}


def test_names_match_without_case_as_windows_links_them() -> None:
    entries = [binary("PySide6/QtCore.pyd", "EXTENSION"), binary("PySide6/Qt6Core.dll")]
    kept = pruning.reachable_binaries(
        entries, lambda source: ["QT6CORE.DLL"] if "pyd" in source else []
    )
    assert kept_names(kept) == {"QtCore.pyd", "Qt6Core.dll"}


def test_a_link_to_a_left_out_library_goes_with_it() -> None:
    links = [
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libQt6EglFsKmsSupport.so.6", "PySide6/Qt/lib/libQt6EglFsKmsSupport.so.6", "SYMLINK"),
        ("libgdk-3.so.0", "PySide6/Qt/lib/../../../libgdk-3.so.0", "SYMLINK"),
    ]
    _binaries, datas = pruning.pruned(BINARIES, links, dropped_gtk_theme, needs)
    assert [entry[0] for entry in datas] == ["libQt6Core.so.6"]


def test_links_to_folders_and_through_links_stay_when_their_file_does() -> None:
    # The shape of a macOS framework: Versions/Current -> A, QtCore -> Versions/Current/QtCore.
    framework = "PySide6/Qt/lib/QtCore.framework"
    binaries = [
        ("PySide6/QtCore.abi3.so", "/src/QtCore.abi3.so", "EXTENSION"),
        (f"{framework}/Versions/A/QtCore", "/src/QtCore", "BINARY"),
    ]
    links = [
        (f"{framework}/Versions/Current", "A", "SYMLINK"),
        (f"{framework}/QtCore", "Versions/Current/QtCore", "SYMLINK"),
        (f"{framework}/Resources", "Versions/Current/Resources", "SYMLINK"),  # nothing there
    ]
    graph = {"/src/QtCore.abi3.so": ["@rpath/QtCore.framework/Versions/A/QtCore"]}
    kept_binaries, datas = pruning.pruned(
        binaries, links, lambda _e: False, lambda s: graph.get(s, [])
    )
    assert kept_binaries == binaries
    assert [entry[0] for entry in datas] == [f"{framework}/Versions/Current", f"{framework}/QtCore"]


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need rights on Windows")
def test_check_bundle_finds_a_dangling_link(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "libQt6Core.so.6").write_bytes(b"\x7fELF")
    os.symlink("lib/libQt6Core.so.6", tmp_path / "libQt6Core.so.6")
    os.symlink("lib/libQt6EglFsKmsSupport.so.6", tmp_path / "libQt6EglFsKmsSupport.so.6")
    assert check_bundle.dangling_links(tmp_path) == [tmp_path / "libQt6EglFsKmsSupport.so.6"]
    assert check_bundle.file_count(tmp_path) == 1
