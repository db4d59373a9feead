"""Regenerates docs/screenshot.png from the real window and the sandbox (`make screenshot`).

Headless: uses Qt's offscreen platform unless a display is set, looks up a catalogue inference,
selects a value, and saves `window.grab()`.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
from pathlib import Path

import keyring
import qasync
from keyring.backend import KeyringBackend
from PySide6.QtWidgets import QApplication

from vody_desktop.sandbox.catalogue import COLOR_RESULTS_ID
from vody_desktop.sandbox.process import SandboxProcess
from vody_desktop.store.settings import AppSettings
from vody_desktop.throwaway_profile import use_throwaway_profile
from vody_desktop.ui.mainwindow.window import MainWindow

DEMO_KEY = "1234abcd-bdde-1234-a39a-3ff12ce386d5"


async def capture(url: str, target: Path) -> None:
    window = MainWindow(AppSettings(), api_key=DEMO_KEY, sandbox_url=url)
    window.resize(1280, 760)
    window.show()
    finished = asyncio.Event()
    window.lookups.ended.connect(finished.set)
    window.start_lookup(COLOR_RESULTS_ID)
    await finished.wait()
    model = window.results.model
    window.results.tree.setCurrentIndex(model.index(1, 0, model.index(0, 0)))
    await asyncio.sleep(0.3)
    window.grab().save(str(target))
    window.close()
    await window.shutdown()


class SessionKeyring(KeyringBackend):
    """A password store that lasts as long as this script: the window looks as it does on a
    desktop with a keychain (no "no password store" notice), and nothing is stored anywhere."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._passwords.pop((service, username), None)


def offscreen_screen(folder: Path) -> str:
    """An offscreen platform with a 1920x1080 screen (its default is smaller than the window,
    which would then shrink itself to fit)."""
    config = folder / "screen.json"
    screen = {"name": "screenshot", "x": 0, "y": 0, "width": 1920, "height": 1080, "dpr": 1.0}
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    return f"offscreen:configfile={config}"


def main() -> int:
    if "DISPLAY" not in os.environ and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = offscreen_screen(Path(tempfile.mkdtemp()))
    # Settings, history, logs and keys of this window go to a throwaway profile, not the user's.
    use_throwaway_profile("vody-screenshot-")
    keyring.set_keyring(SessionKeyring())
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot.png")
    target.parent.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    # As the app does: closing the window must not stop the loop before shutdown() has run.
    app.setQuitOnLastWindowClosed(False)
    with SandboxProcess(["--quiet"]) as sandbox:
        qasync.run(capture(sandbox.url, target))
    print(f"saved {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
