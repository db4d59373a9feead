"""Where the 250 MB result's time to tree goes: `python -m benchmarks.huge_timeline [RUNS]`.

Starts a sandbox with the generated documents (as `benchmarks.huge_runs`), then in a fresh
process per run looks up the 250 MB result in the real window, with time stamps around the steps
of the path: Fetch pressed, the results' headers, the first and the last body byte, the body
handed over, the parse on its worker, the lookup's `finished`, the tree painted. Also the CPU
time the window's thread spent while the body arrived. One JSON line per run (milliseconds from
Fetch), and a last line with the median of each step.
"""

from __future__ import annotations

import asyncio
import cProfile
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from benchmarks.__main__ import HUGE_ID, run_child, write_documents

STAMPS: dict[str, float] = {}
CPU: dict[str, float] = {}
SANDBOX_PID = [0]


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of process `pid` (all its threads) so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_now(name: str) -> None:
    """The window's thread, this process and the sandbox's CPU time, under `name`."""
    CPU[f"ui {name}"] = time.thread_time()
    CPU[f"app {name}"] = process_cpu_s(os.getpid())
    if SANDBOX_PID[0]:
        CPU[f"sandbox {name}"] = process_cpu_s(SANDBOX_PID[0])


def stamp(name: str) -> None:
    STAMPS.setdefault(name, time.perf_counter())


def _instrument() -> None:
    """Wrap the steps of the lookup path with time stamps (module attributes, looked up late)."""
    from vody_desktop.api import client
    from vody_desktop.document import json_document

    original_decoded = client._decoded

    async def decoded(response: Any) -> AsyncIterator[bytes]:
        if "/results" not in str(response.url):
            async for piece in original_decoded(response):
                yield piece
            return
        stamp("headers")
        cpu_now("headers")
        profile = os.environ.get("VODY_TIMELINE_PROFILE")
        profiler = cProfile.Profile() if profile else None
        if profiler is not None:
            profiler.enable()
        pieces = 0
        async for piece in original_decoded(response):
            if not pieces:
                stamp("first byte")
            pieces += 1
            yield piece
        stamp("last byte")
        cpu_now("last byte")
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(str(profile))
        CPU["pieces"] = pieces

    client._decoded = decoded  # type: ignore[assignment]

    parse: Callable[..., Any] = json_document.JsonDocument.parse.__func__  # type: ignore[attr-defined]

    def timed_parse(cls: type, data: bytes, *args: Any) -> Any:
        if threading.current_thread() is not threading.main_thread():
            stamp("parse start")
        try:
            return parse(cls, data, *args)
        finally:
            stamp("parse end")

    json_document.JsonDocument.parse = classmethod(timed_parse)  # type: ignore[method-assign,assignment]


class _Stalls:
    """A 10 ms timer on the window's thread: when (ms after Fetch) it was late by over 20 ms."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.late: list[tuple[float, float]] = []
        self.since = self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        late = (now - self._last) * 1000 - 10
        if late > 20:
            self.late.append((round((self._last - self.since) * 1000), round(late, 1)))
        self._last = now


async def _one(window: Any, huge_id: str) -> dict[str, Any]:
    from benchmarks.window_scenarios import PaintWatcher, settle

    watcher = PaintWatcher(window)
    finished = asyncio.Event()
    window.lookups.finished.connect(lambda _result: stamp("finished"))
    window.lookups.ended.connect(finished.set)
    window.form.set_inference_id(huge_id)
    await settle(0.5)
    STAMPS.clear()
    stalls = _Stalls()
    pressed = stalls.since = time.perf_counter()
    window.form.fetch_button.click()
    await finished.wait()
    painted = await watcher.wait()
    times: dict[str, Any] = {name: round((at - pressed) * 1000, 1) for name, at in STAMPS.items()}
    times["painted"] = round((painted - pressed) * 1000, 1)
    for who in ("ui", "app", "sandbox"):
        if f"{who} headers" in CPU:
            spent = CPU[f"{who} last byte"] - CPU[f"{who} headers"]
            times[f"{who}_cpu_while_receiving"] = round(spent * 1000, 1)
    times["pieces"] = CPU["pieces"]
    ordered = dict(sorted(times.items(), key=lambda item: item[1] if item[0] != "pieces" else 0))
    return {**ordered, "late_ticks": stalls.late}  # (ms after Fetch, ms late) until painted


def child(url: str, huge_id: str, sandbox_pid: int) -> int:
    """One run in this process: the window, one lookup, one JSON line."""
    SANDBOX_PID[0] = sandbox_pid
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from vody_desktop.throwaway_profile import use_throwaway_profile

    use_throwaway_profile("vody-bench-")
    import qasync
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from benchmarks.window_scenarios import API_KEY

    _instrument()
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)

    async def run(settings_file: Path) -> None:
        from vody_desktop.store.settings import AppSettings
        from vody_desktop.ui.main_thread_gc import MainThreadGarbageCollector
        from vody_desktop.ui.mainwindow.window import MainWindow

        collector = MainThreadGarbageCollector()
        collector.start()
        settings = AppSettings(QSettings(str(settings_file), QSettings.Format.IniFormat))
        window = MainWindow(settings, api_key=API_KEY, sandbox_url=url)
        window.resize(1000, 720)
        window.show()
        await asyncio.sleep(1.0)
        try:
            print(json.dumps({"figure": "huge_timeline", **await _one(window, huge_id)}))
        finally:
            window.close()
            await window.shutdown()
            collector.stop()

    with tempfile.TemporaryDirectory() as folder:
        qasync.run(run(Path(folder) / "settings.ini"))
    return 0


def main(runs: int) -> int:
    from vody_desktop.sandbox.large import ensure_large_document
    from vody_desktop.sandbox.process import SandboxProcess
    from vody_desktop.throwaway_profile import use_throwaway_profile

    use_throwaway_profile("vody-bench-")
    large = ensure_large_document().read_bytes()
    collected: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="vody-bench-") as folder:
        write_documents(large, Path(folder))
        del large
        sandbox = SandboxProcess(["--quiet", "--rate", "off", "--data", folder])
        url = sandbox.start()
        try:
            for _ in range(runs):
                pid = sandbox._process.pid if sandbox._process else 0  # its CPU time
                child_args = ["--child", url, HUGE_ID, str(pid)]
                for figure in run_child(["benchmarks.huge_timeline", *child_args]):
                    for name, value in figure.items():
                        if name != "figure":
                            collected.setdefault(name, []).append(value)
        finally:
            sandbox.stop()
    medians = {
        name: round(statistics.median(values), 1)
        for name, values in collected.items()
        if name != "late_ticks"
    }
    print(json.dumps({"summary": "huge_timeline", "runs": runs, **medians}), flush=True)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        raise SystemExit(child(sys.argv[2], sys.argv[3], int(sys.argv[4])))
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 3))
