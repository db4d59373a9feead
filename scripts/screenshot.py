"""Regenerates docs/screenshot.png from the real window against the sandbox (run by `make screenshot`).

Headless: uses Qt's offscreen platform unless a display is set, looks up a catalogue inference,
selects a value, and saves `window.grab()`.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from vody_desktop.sandbox.catalogue import COLOR_RESULTS_ID  # noqa: E402
from vody_desktop.sandbox.process import SandboxProcess  # noqa: E402
from vody_desktop.store.settings import AppSettings  # noqa: E402
from vody_desktop.ui.main_window import MainWindow  # noqa: E402

DEMO_KEY = "1234abcd-bdde-1234-a39a-3ff12ce386d5"


async def capture(url: str, target: Path) -> None:
    settings = QSettings(str(target.with_suffix(".ini")), QSettings.Format.IniFormat)
    window = MainWindow(AppSettings(settings), api_key=DEMO_KEY, sandbox_url=url)
    window.resize(1000, 680)
    window.show()
    window.start_lookup(COLOR_RESULTS_ID)
    while window.form.cancel_button.isEnabled() or window.results.model.rowCount() == 0:
        await asyncio.sleep(0.05)
    model = window.results.model
    window.results.tree.setCurrentIndex(model.index(1, 0, model.index(0, 0)))
    await asyncio.sleep(0.3)
    window.grab().save(str(target))
    window.close()
    await window.shutdown()
    target.with_suffix(".ini").unlink(missing_ok=True)


def main() -> int:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot.png")
    target.parent.mkdir(parents=True, exist_ok=True)
    QApplication(sys.argv[:1])
    with SandboxProcess(["--quiet"]) as sandbox:
        qasync.run(capture(sandbox.url, target))
    print(f"saved {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
