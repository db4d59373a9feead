"""`make bench`: huge results and start-up, measured against the real window and the sandbox.

Prints one JSON object per line as figures arrive; the last line is the summary with every
figure of the issue's table and whether its goal is met. Each measurement runs in its own
process (memory and imports of one do not colour the next). The documents: the sandbox's large
catalogue result (about 25 MB), the same items wrapped in an object (to expand a nested array),
a 10 KB result, and a 250 MB result; the last three are generated into a temporary folder and
served with the sandbox's `--data` option. Nothing is written into the repository, nor into the
developer's settings, history or keychain (vody_desktop/throwaway_profile.py).

`python -m benchmarks startup` measures only the start-up figures (start-up against a bare
window, the idle second after the first paint, the cold lookup of an ID on the command line).
"""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from vody_desktop.sandbox.catalogue import LARGE_ID
from vody_desktop.sandbox.large import ensure_large_document
from vody_desktop.sandbox.process import SandboxProcess
from vody_desktop.throwaway_profile import ThrowawayProfile, use_throwaway_profile

WRAPPED_ID = "5a4db0b0-0000-4000-8000-000000000001"
SMALL_ID = "5a4db0b0-0000-4000-8000-000000000002"
HUGE_ID = "5a4db0b0-0000-4000-8000-000000000003"
HUGE_COPIES = 10  # 10 x 25 MB
SMALL_BYTES = 10_000
STARTUP_RUNS = 7
COLD_RUNS = 5
ROOT = Path(__file__).resolve().parents[1]
API_KEY = "1234abcd-bdde-1234-a39a-3ff12ce386d5"  # the sandbox's demo key
IDLE = "idle after start-up"  # a heartbeat phase of window_scenarios.run()

GOALS: dict[str, tuple[str, float]] = {
    "time_to_tree_ms": ("<=", 150),
    "speedup_vs_eager": (">=", 100),
    "max_stall_ms": ("<=", 50),
    "rss_growth_ratio": ("<=", 3),
    "expand_largest_array_ms": ("<=", 50),
    "export_json_ms": ("<=", 1500),
    "startup_ms": ("<=", 500),
    "startup_vs_bare_window": ("<=", 2.0),
    "startup_idle_stall_ms": ("<=", 50),
    "cold_tree_after_show_ms": ("<=", 200),
    "time_to_tree_small_ms": ("<=", 50),
    "huge_time_to_tree_ms": ("<=", 1000),
    "huge_max_stall_ms": ("<=", 100),
    "huge_rss_growth_ratio": ("<=", 2),
    "search_first_match_ms": ("<=", 200),
    "search_count_ms": ("<=", 1500),
    "search_max_stall_ms": ("<=", 50),
    # A working day: 30 lookups of the 25 MB result grow resident memory by at most one body.
    "soak_rss_growth_bodies": ("<=", 1),
    # The Items tab on the 72,000 items of the 25 MB result (benchmarks/items_scenario.py).
    "items_first_rows_ms": ("<=", 150),
    "items_sort_ms": ("<=", 300),
    "items_filter_ms": ("<=", 300),
    "items_max_stall_ms": ("<=", 50),
    # Review mode: the worst UI stall around a verdict key press on those 72,000 items.
    "review_keypress_ms": ("<=", 50),
    # Comparing two 25 MB results (benchmarks/compare_scenario.py): the worse of its two cases,
    # and peak resident growth / (size A + size B).
    "compare_25mb_ms": ("<=", 2000),
    "compare_memory_ratio": ("<=", 3),
    # The compare window's Differences tab on that pair (benchmarks/compare_jump.py): the worst
    # UI stall showing both views, jumping far down, F8 to the last and Shift+F8 back.
    "compare_jump_max_stall_ms": ("<=", 50),
}


def emit(fields: dict[str, Any]) -> None:
    print(json.dumps(fields), flush=True)


def write_documents(large: bytes, folder: Path) -> None:
    """The wrapped, small and huge documents, built from the large one's items."""
    items = large.strip()[1:-1].strip()  # the array's members, as written
    (folder / f"{WRAPPED_ID}.json").write_bytes(
        b'{"inference_id": "' + WRAPPED_ID.encode() + b'", "model": "color-classification", '
        b'"results": [' + items + b"]}\n"
    )
    end = 0
    while end < SMALL_BYTES:
        end = items.index(b"},\n{", end + 1) + 1
    (folder / f"{SMALL_ID}.json").write_bytes(b"[" + items[:end] + b"]\n")
    with open(folder / f"{HUGE_ID}.json", "wb") as huge:
        huge.write(b"[")
        for copy in range(HUGE_COPIES):
            huge.write((b",\n" if copy else b"") + items)
        huge.write(b"]\n")


def run_child(args: list[str], timeout: float = 600) -> list[dict[str, Any]]:
    """Run a benchmark module; forward and return the JSON lines it prints."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    done = subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,  # the output goes into the error below
    )
    figures = []
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            figures.append(json.loads(line))
            print(line, flush=True)
    if done.returncode != 0:
        raise RuntimeError(f"{args[0]} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return figures


def startup(kind: str, *args: str, env: dict[str, str] | None = None) -> dict[str, float]:
    """One probe process (benchmarks/startup_probe.py); the `name=value` lines it printed."""
    # Every start-up is a first start: a new profile each time (settings, history, no keychain).
    profile = ThrowawayProfile.create("vody-bench-startup-")
    environment = profile.environment()
    environment.setdefault("QT_QPA_PLATFORM", "offscreen")
    environment.update(env or {})
    try:
        started = time.time()
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.startup_probe", kind, repr(started), *args],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    finally:
        profile.remove()
    pairs = (line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    return {name: float(value) for name, value in pairs}


def spread(runs: list[float]) -> dict[str, Any]:
    return {"value": round(statistics.median(runs), 1), "min": min(runs), "max": max(runs)}


def measure_startup() -> dict[str, float]:
    bare: list[float] = []
    app: list[float] = []
    idle: list[float] = []
    for _ in range(STARTUP_RUNS):  # interleaved, so both see the same machine state
        bare.append(startup("bare")["shown_ms"])
        started = startup("app")
        app.append(started["shown_ms"])
        idle.append(started["idle_stall_ms"])
    ratios = sorted(round(a / b, 2) for a, b in zip(app, bare, strict=True))
    result = {
        "bare_ms": statistics.median(bare),
        "app_ms": statistics.median(app),
        "idle_stall_ms": statistics.median(idle),
    }
    emit({"figure": "startup_ms", **spread(app), "runs": app})
    emit({"figure": "bare_window_ms", **spread(bare), "runs": bare})
    emit({"figure": "startup_ratio_per_pair", "runs": ratios})
    emit({"figure": "startup_idle_stall_ms", **spread(idle), "runs": idle})
    return result


def measure_cold(url: str) -> float:
    """A fresh app process started with the 25 MB result's ID: show to rows painted."""
    env = {"VODY_API_KEY": API_KEY}
    runs = [startup("cold", url, LARGE_ID, env=env)["cold_ms"] for _ in range(COLD_RUNS)]
    emit({"figure": "cold_tree_after_show_ms", **spread(runs), "runs": runs})
    return statistics.median(runs)


def startup_only() -> int:
    """`python -m benchmarks startup`: only the start-up figures (and the cold path)."""
    use_throwaway_profile("vody-bench-")
    ensure_large_document()
    starts = measure_startup()
    sandbox = SandboxProcess(["--quiet", "--rate", "off"])
    url = sandbox.start()
    try:
        cold = measure_cold(url)
    finally:
        sandbox.stop()
    values = {
        "startup_ms": round(starts["app_ms"], 1),
        "startup_vs_bare_window": round(starts["app_ms"] / starts["bare_ms"], 2),
        "startup_idle_stall_ms": round(starts["idle_stall_ms"], 1),
        "cold_tree_after_show_ms": round(cold, 1),
    }
    met = {name: value <= GOALS[name][1] for name, value in values.items()}  # all "<="
    emit({"summary": "startup", **values, "met": met, "all_met": all(met.values())})
    return 0


def summary(figures: dict[str, dict[str, Any]], starts: dict[str, float]) -> dict[str, Any]:
    stalls = figures["stalls_ms"]
    values: dict[str, float] = {
        "time_to_tree_ms": figures["time_to_tree_ms"]["value"],
        "eager_baseline_ms": figures["eager_baseline_ms"]["value"],
        # The table's activities: fetch, display, expand, scroll, export (and search).
        "max_stall_ms": max(v for k, v in stalls.items() if k not in {"figure", IDLE}),
        # The first second after the window's first paint, in the real app (startup_probe).
        "startup_idle_stall_ms": round(starts["idle_stall_ms"], 1),
        "cold_tree_after_show_ms": round(starts["cold_ms"], 1),
        "rss_growth_ratio": figures["rss_growth_ratio"]["value"],
        "expand_largest_array_ms": figures["expand_largest_array_ms"]["value"],
        "export_json_ms": figures["export_json_ms"]["value"],
        "startup_ms": round(starts["app_ms"], 1),
        "startup_vs_bare_window": round(starts["app_ms"] / starts["bare_ms"], 2),
        "time_to_tree_small_ms": figures["time_to_tree_small_ms"]["value"],
        "huge_time_to_tree_ms": figures["huge_time_to_tree_ms"]["value"],
        "huge_rss_growth_ratio": figures["huge_time_to_tree_ms"]["rss_growth_ratio"],
        # As max_stall_ms: the 250 MB result's activities; the idle second after start-up
        # before any lookup is startup_idle_stall_ms (its stalls are the same in every scenario).
        "huge_max_stall_ms": max(
            v for k, v in figures["huge_stalls_ms"].items() if k not in {"figure", IDLE}
        ),
        "search_first_match_ms": figures["search_first_match_ms"]["value"],
        "search_count_ms": figures["search_count_ms"]["value"],
        "search_max_stall_ms": figures["search_max_stall_ms"]["value"],
        "soak_rss_growth_mb": figures["soak_rss_growth_mb"]["value"],
        "soak_rss_peak_mb": figures["soak_rss_growth_mb"]["peak_mb"],
        "items_first_rows_ms": figures["items_first_rows_ms"]["value"],
        "items_sort_ms": figures["items_sort_ms"]["value"],
        "items_filter_ms": figures["items_filter_ms"]["value"],
        "items_max_stall_ms": figures["items_max_stall_ms"]["value"],
        "review_keypress_ms": figures["review_keypress_ms"]["value"],
        "compare_25mb_ms": figures["compare_25mb_ms"]["value"],
        "compare_memory_ratio": figures["compare_memory_ratio"]["value"],
        "compare_jump_max_stall_ms": figures["compare_jump_max_stall_ms"]["value"],
    }
    values["soak_rss_growth_bodies"] = round(
        values["soak_rss_growth_mb"] / figures["soak_rss_growth_mb"]["body_mb"], 2
    )
    values["speedup_vs_eager"] = round(values["eager_baseline_ms"] / values["time_to_tree_ms"], 1)
    met = {}
    for name, (op, goal) in GOALS.items():
        value = values[name]
        met[name] = value <= goal if op == "<=" else value >= goal if op == ">=" else value < goal
    return {
        "summary": True,
        **values,
        "goals": {name: f"{op} {goal:g}" for name, (op, goal) in GOALS.items()},
        "met": met,
        "all_met": all(met.values()),
    }


def main(only: set[str]) -> int:
    """Every figure and the summary; or only the scenarios named in `only` (no summary):
    large, huge, soak, items, eager, compare, startup (`python -m benchmarks items`)."""
    if only == {"startup"}:
        return startup_only()
    wanted = only or {"large", "huge", "soak", "items", "eager", "compare", "startup"}
    # Everything below, and every process it starts, uses a throwaway profile: no lookups in
    # the developer's history, no change to their settings, no keychain (see the helper).
    use_throwaway_profile("vody-bench-")
    large_path = ensure_large_document()
    large = large_path.read_bytes()
    figures: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="vody-bench-") as folder:
        write_documents(large, Path(folder))
        sandbox = SandboxProcess(["--quiet", "--rate", "off", "--data", folder])
        url = sandbox.start()
        scenarios = {
            "large": [url, LARGE_ID, WRAPPED_ID, SMALL_ID],
            "huge": [url, HUGE_ID],
            "soak": [url, LARGE_ID],
            "items": [url, LARGE_ID],
        }
        try:
            for name, args in scenarios.items():
                if name in wanted:
                    for figure in run_child(["benchmarks.window_scenarios", name, *args]):
                        figures[figure["figure"]] = figure
            cold_ms = measure_cold(url) if "startup" in wanted else math.nan
        finally:
            sandbox.stop()
    if "eager" in wanted:
        for figure in run_child(["benchmarks.eager_baseline", str(large_path)]):
            figures[figure["figure"]] = figure
    if "compare" in wanted:
        for module in ("benchmarks.compare_scenario", "benchmarks.compare_jump"):
            for figure in run_child([module, str(large_path)]):
                figures[figure["figure"]] = figure
    starts: dict[str, float] = {}
    if "startup" in wanted:
        starts = {**measure_startup(), "cold_ms": cold_ms}
    if not only:
        emit(summary(figures, starts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(set(sys.argv[1:])))
