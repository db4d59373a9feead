"""Check, in the built bundle, that a program the app opens gets the person's own environment.

Linux only; needs Xvfb and xdotool (Debian: apt-get install xvfb xdotool). Starts the bundle on a
private X display, in a throwaway profile, with a stand-in `xdg-open` first on PATH that writes
down the environment it was started with. Then opens Help > Open log folder with the keyboard
(Alt+H, L) as a person would; Qt starts xdg-open for it. What the stand-in saw must be what the
person had: `LD_LIBRARY_PATH` as it was (run once with one set, once without), and no library or
Qt plugin path into the bundle.

Usage: python packaging/check_child_environment.py [DIST_FOLDER]   (default: dist)
Exit status: 0 checked and right, 1 wrong (or the check could not run), 2 tools missing.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from vody_desktop.throwaway_profile import ThrowawayProfile

NAME = "vody-desktop"
PERSON_LIBRARY_PATH = "/opt/person/lib"
#: path lists that must hold nothing inside the bundle
PATH_LISTS = ("LD_LIBRARY_PATH", "QT_PLUGIN_PATH", "QML2_IMPORT_PATH", "PATH")
XVFB_OPTIONS = ("-screen", "0", "1280x800x24", "-nolisten", "tcp")
DEADLINE_S = 120.0  # a guard against a hang only; each step is waited for by what it shows
STAND_IN = """#!/bin/sh
env -0 > "{record}.part" && mv "{record}.part" "{record}"
"""

T = TypeVar("T")


def main(argv: list[str]) -> int:
    dist = Path(argv[1]) if len(argv) > 1 else Path("dist")
    executable = (dist / NAME / NAME).resolve()
    missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
    if not sys.platform.startswith("linux") or missing:
        print(f"Child environment not checked: needs Linux with {', '.join(missing)}")
        return 2
    if not executable.is_file():
        print(f"No bundle at {executable}: run `make package` first.", file=sys.stderr)
        return 1
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="vody-child-env-") as scratch:
        folder = Path(scratch)
        display, xvfb = start_xvfb()
        try:
            for original in (PERSON_LIBRARY_PATH, None):
                profile = ThrowawayProfile(folder / f"profile-{len(problems)}-{original is None}")
                seen = environment_seen_by_xdg_open(executable, display, folder, profile, original)
                problems += what_is_wrong(seen, original, executable.parent / "_internal")
        finally:
            xvfb.terminate()
            xvfb.wait(timeout=30)
    if problems:
        print("Programs opened by the bundle inherit its environment:", file=sys.stderr)
        print("- " + "\n- ".join(problems), file=sys.stderr)
        return 1
    print(
        "Programs opened by the bundle get the person's environment "
        f"(LD_LIBRARY_PATH={PERSON_LIBRARY_PATH} kept, unset kept unset; no bundle paths)"
    )
    return 0


def start_xvfb() -> tuple[str, subprocess.Popen[bytes]]:
    """A private X display; Xvfb picks a free number and writes it to a pipe."""
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(  # noqa: S603 (a fixed command line)
        [_tool("Xvfb"), "-displayfd", str(write_end), *XVFB_OPTIONS],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        number = pipe.readline().strip()  # written once the display accepts clients
    if not number:
        xvfb.kill()
        raise RuntimeError("Xvfb did not start")
    return f":{number}", xvfb


def environment_seen_by_xdg_open(
    executable: Path, display: str, folder: Path, profile: ThrowawayProfile, original: str | None
) -> dict[str, str]:
    tools = folder / "bin"
    tools.mkdir(exist_ok=True)
    record = folder / f"xdg-open-{original is None}.env"
    stand_in = tools / "xdg-open"
    stand_in.write_text(STAND_IN.format(record=record))
    stand_in.chmod(0o755)
    base = {
        "PATH": f"{tools}{os.pathsep}/usr/bin{os.pathsep}/bin",
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "LANG": "C.UTF-8",
    }
    if original is not None:
        base["LD_LIBRARY_PATH"] = original
    app = subprocess.Popen(  # noqa: S603 (the bundle we just built)
        [str(executable)],
        env=profile.environment(base),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        window = wait_for(lambda: windows_of(app.pid, display, "^Vody Desktop$"), "the window")[0]
        xdotool(display, "windowfocus", "--sync", window)
        shown = len(windows_of(app.pid, display))
        xdotool(display, "key", "alt+h")
        wait_for(lambda: len(windows_of(app.pid, display)) > shown, "the Help menu to open")
        xdotool(display, "key", "l")  # Open &log folder
        wait_for(record.exists, "xdg-open to be started")
    finally:
        app.send_signal(signal.SIGTERM)  # the app closes in order on SIGTERM
        app.wait(timeout=60)
    pairs = (item.split("=", 1) for item in record.read_text().split("\0") if "=" in item)
    return dict(pairs)


def windows_of(pid: int, display: str, name: str = "") -> list[str]:
    """The visible windows of the process with a title matching `name` (any, by default)."""
    return xdotool(display, "search", "--onlyvisible", "--pid", str(pid), "--name", name).split()


def xdotool(display: str, *args: str) -> str:
    done = subprocess.run(  # noqa: S603 (fixed commands on our own display)
        [_tool("xdotool"), *args],
        capture_output=True,
        text=True,
        check=False,  # `search` finding nothing exits 1
        env={**os.environ, "DISPLAY": display},
    )
    return done.stdout


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} is not installed")
    return path


def wait_for(condition: Callable[[], T], what: str) -> T:
    """Poll what the program shows until `condition` is true (a guard, not a timing bound)."""
    deadline = time.monotonic() + DEADLINE_S
    while not (result := condition()):
        if time.monotonic() > deadline:
            raise RuntimeError(f"gave up waiting for {what}")
        time.sleep(0.1)
    return result


def what_is_wrong(seen: dict[str, str], original: str | None, bundle: Path) -> list[str]:
    problems = []
    case = f"LD_LIBRARY_PATH {'was ' + original if original else 'was not set'}"
    if seen.get("LD_LIBRARY_PATH") != original:
        problems.append(f"{case}; xdg-open got {seen.get('LD_LIBRARY_PATH')!r}")
    for name in PATH_LISTS:
        inside = [p for p in seen.get(name, "").split(os.pathsep) if p.startswith(str(bundle))]
        if inside:
            problems.append(f"{case}; xdg-open got {name} into the bundle: {', '.join(inside)}")
    if "LD_LIBRARY_PATH_ORIG" in seen:
        problems.append(f"{case}; xdg-open got PyInstaller's LD_LIBRARY_PATH_ORIG")
    return problems


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
