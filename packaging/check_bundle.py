"""Check the bundle `make package` built: nothing that must stay out is in it, and it runs.

1. Lists the Python modules frozen into the executable (`pyi-archive_viewer`) and fails if the
   sandbox, the tests, starlette, uvicorn or a test tool is among them.
2. Fails on a dangling symbolic link (one whose target was left out): copying the bundle with
   `cp -rL`, or an archive tool that follows links, would fail on it.
3. Runs the bundle's `--self-test` headless: it opens its window, looks up a canned inference on
   a loopback server of its own and exits 0. Its `--help` must not offer the demo server.
4. Linux: a program the bundle opens gets the person's environment, not the bundle's library
   paths (packaging/check_child_environment.py; needs Xvfb and xdotool, else it says so).
5. Prints the bundle's size on disk and its number of files.

Usage: python packaging/check_bundle.py [DIST_FOLDER]   (default: dist)
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

NAME = "vody-desktop"
APP_BUNDLE = "Vody Desktop.app"
FORBIDDEN_PREFIXES = (
    "vody_desktop.sandbox",
    "tests",
    "starlette",
    "uvicorn",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
)
SELF_TEST_TIMEOUT_S = 120


def bundle_paths(dist: Path) -> tuple[Path, Path]:
    """The bundle folder and its executable, for this platform's layout."""
    if sys.platform == "darwin":
        folder = dist / APP_BUNDLE
        return folder, folder / "Contents" / "MacOS" / NAME
    folder = dist / NAME
    suffix = ".exe" if sys.platform == "win32" else ""
    return folder, folder / f"{NAME}{suffix}"


def frozen_modules(executable: Path) -> list[str]:
    viewer = Path(sys.executable).with_name("pyi-archive_viewer")
    if sys.platform == "win32":
        viewer = viewer.with_suffix(".exe")
    listing = subprocess.run(  # noqa: S603 (PyInstaller's own tool on our own build)
        [str(viewer), "--recursive", "--brief", str(executable)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line.strip() for line in listing.splitlines() if line.startswith(" ")]


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def file_count(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def dangling_links(folder: Path) -> list[Path]:
    """The symbolic links under `folder` whose target does not exist."""
    return sorted(p for p in folder.rglob("*") if p.is_symlink() and not p.exists())


def main(argv: list[str]) -> int:
    dist = Path(argv[1]) if len(argv) > 1 else Path("dist")
    folder, executable = bundle_paths(dist)
    if not executable.is_file():
        print(f"No bundle at {executable}: run `make package` first.", file=sys.stderr)
        return 1

    modules = frozen_modules(executable)
    leaked = sorted(
        m for m in modules if any(m == p or m.startswith(p + ".") for p in FORBIDDEN_PREFIXES)
    )
    if leaked:
        print(f"The bundle contains code that must stay out: {', '.join(leaked)}", file=sys.stderr)
        return 1
    print(f"{len(modules)} frozen modules; no sandbox, test or server code among them")

    dangling = dangling_links(folder)
    if dangling:
        names = ", ".join(str(p.relative_to(folder)) for p in dangling)
        print(f"The bundle has links to files that were left out: {names}", file=sys.stderr)
        return 1

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603 (the bundle we just built)
        [str(executable), "--self-test"],
        capture_output=True,
        text=True,
        timeout=SELF_TEST_TIMEOUT_S,
        env=env,
        check=False,
    )
    elapsed = time.monotonic() - started
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    if result.returncode != 0:
        print(f"Bundle self-test FAILED (exit code {result.returncode})", file=sys.stderr)
        return 1
    print(f"Bundle self-test passed in {elapsed:.1f} s (exit code 0)")
    usage = subprocess.run(  # noqa: S603 (the bundle we just built)
        [str(executable), "--help"], capture_output=True, text=True, env=env, check=False
    ).stdout
    if "--demo" in usage and "sandbox server" in " ".join(usage.split()):
        print("The bundle's --help offers the demo server it does not have", file=sys.stderr)
        return 1
    if sys.platform.startswith("linux"):
        from check_child_environment import main as check_child_environment

        if check_child_environment([argv[0], str(dist)]) == 1:
            return 1
    size = folder_size(folder)
    files = file_count(folder)
    print(f"Bundle: {folder} ({size / 1e6:.0f} MB on disk, {size:,} bytes in {files} files)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
