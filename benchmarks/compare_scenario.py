"""Comparing two 25 MB results: `compare_25mb_ms` and `compare_memory_ratio`.

`python -m benchmarks.compare_scenario LARGE_FILE` builds two B sides from the sandbox's large
result (A) into a temporary folder and measures each case RUNS times, every run in a fresh
process (`... run A B`), so one run's memory and garbage do not colour the next:

- reordered: B is A's 72,000 items shuffled, 1% of them edited (a score, a colour, a missing
  field), 20 removed and 20 added, written the way the server writes (unchanged items keep
  their bytes);
- pretty: the same B pretty-printed, as a saved "golden" file may be: no item has A's bytes,
  the worst honest case for the equal-bytes shortcut.

A run times `compare_documents` on the two parsed documents (the window and the command line
hold them parsed already; the parse is reported beside it), on a worker thread as the window
runs it, while the main thread measures how late its 5 ms wake-ups come (the stall the
window's thread would feel); and the peak resident memory from before the two files were read
to the end, as a share of the two bodies' size.

`python -m benchmarks.compare_scenario deepdiff LARGE_FILE` measures deepdiff (not a
dependency: install it by hand) on a 1-2 MB slice against this engine on the same slice.
"""

from __future__ import annotations

import dataclasses
import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RUNS = 5
SEED = 19
EDITED_SHARE = 0.01
ADDED = REMOVED = 20
SLICE_ITEMS = 4_000  # about 1.5 MB of the large result
HEARTBEAT_S = 0.005
BASELINE_LOOP = 3_000_000  # about half a second of plain Python
ROOT = Path(__file__).resolve().parents[1]


def emit(fields: dict[str, Any]) -> None:
    print(json.dumps(fields), flush=True)


def spread(runs: list[float], digits: int = 1) -> dict[str, Any]:
    return {"value": round(statistics.median(runs), digits), "min": min(runs), "max": max(runs)}


def status_kb(field: str) -> int:
    """A line of /proc/self/status in kB (VmRSS: resident now, VmHWM: its peak)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def reset_peak() -> None:
    """Make VmHWM start again from the resident size now (Linux 4.0+)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        pass  # then the peak counts from the start: imports only, below what follows


def edited_items(large: bytes) -> list[dict[str, Any]]:
    """A's items shuffled, 1% edited, REMOVED removed and ADDED added (a fixed seed)."""
    rng = random.Random(SEED)
    items: list[dict[str, Any]] = json.loads(large)
    rng.shuffle(items)
    del items[:REMOVED]
    for index in rng.sample(range(len(items)), int(len(items) * EDITED_SHARE)):
        item = json.loads(json.dumps(items[index]))  # a copy: A is not changed
        top = item["predictions"][0]
        match index % 3:
            case 0:
                top["score"] = round(top["score"] * 0.8, 4)
            case 1:
                top["color_name"] = "Orange"
            case _:
                item.pop("category", None)
                item["product_type"] = "Changed"
        items[index] = item
    for number in range(ADDED):
        extra = json.loads(json.dumps(items[number]))
        extra["image_path"] = f"http://sandbox-origin.invalid/images/new/{number:03d}.png"
        items.append(extra)
    return items


def write_cases(large: bytes, folder: Path) -> dict[str, Path]:
    items = edited_items(large)
    paths = {"reordered": folder / "reordered.json", "pretty": folder / "pretty.json"}
    # The large result is written one item per line with json's default separators.
    lines = ",\n".join(json.dumps(item) for item in items)
    paths["reordered"].write_text(f"[\n{lines}\n]\n", encoding="utf-8")
    paths["pretty"].write_text(json.dumps(items, indent=2), encoding="utf-8")
    return paths


def heartbeat(work: Callable[[], object]) -> float:
    """Run `work` on a worker thread, as the window does, while this thread stands for the
    window's and wakes every HEARTBEAT_S; the latest wake-up's delay (seconds) is the stall."""
    worker = threading.Thread(target=work)
    stall = 0.0
    last = time.perf_counter()
    worker.start()
    while worker.is_alive():
        time.sleep(HEARTBEAT_S)
        now = time.perf_counter()
        stall = max(stall, now - last - HEARTBEAT_S)
        last = now
    worker.join()
    return stall


def run_once(path_a: str, path_b: str) -> dict[str, Any]:
    """One measured comparison in this (fresh) process."""
    from vody_desktop.compare.differences import Comparison
    from vody_desktop.compare.engine import compare_documents
    from vody_desktop.document.json_document import JsonDocument

    before_kb = status_kb("VmRSS")
    reset_peak()
    body_a, body_b = Path(path_a).read_bytes(), Path(path_b).read_bytes()
    started = time.perf_counter()
    a, b = JsonDocument.parse(body_a), JsonDocument.parse(body_b)
    parsed = time.perf_counter()
    outcome: list[Comparison] = []
    cpu: list[float] = []

    def compare() -> None:
        # CPU time of the comparing thread too: on a shared machine the wall time also holds
        # the time other processes had the cores.
        started_cpu = time.thread_time()
        outcome.append(compare_documents(a, b))
        cpu.append(time.thread_time() - started_cpu)

    stall = heartbeat(compare)
    done = time.perf_counter()
    comparison = outcome[0]
    # The same heartbeat beside plain Python work: the stalls a busy machine gives anyway.
    baseline = heartbeat(lambda: sum(number * number for number in range(BASELINE_LOOP)))
    peak_kb = status_kb("VmHWM")
    bodies = len(body_a) + len(body_b)
    return {
        "compare_ms": round((done - parsed) * 1000, 1),
        "compare_cpu_ms": round(cpu[0] * 1000, 1),
        "parse_ms": round((parsed - started) * 1000, 1),
        "max_stall_ms": round(stall * 1000, 1),
        "baseline_stall_ms": round(baseline * 1000, 1),
        "memory_ratio": round((peak_kb - before_kb) * 1024 / bodies, 2),
        "bodies_mb": round(bodies / 1e6, 1),
        "differences": comparison.counts.total,
        "items": None if comparison.items is None else dataclasses.asdict(comparison.items),
    }


def child(path_a: Path, path_b: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.compare_scenario", "run", str(path_a), str(path_b)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure(large_path: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="vody-bench-compare-") as folder:
        cases = write_cases(large_path.read_bytes(), Path(folder))
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in cases}
        for _ in range(RUNS):  # interleaved, so both cases see the same machine
            for name, path_b in cases.items():
                runs[name].append(child(large_path, path_b))
    medians = {}
    for name, results in runs.items():
        times = [r["compare_ms"] for r in results]
        cpu_times = [r["compare_cpu_ms"] for r in results]
        ratios = [r["memory_ratio"] for r in results]
        parses = [r["parse_ms"] for r in results]
        stalls = [r["max_stall_ms"] for r in results]
        baselines = [r["baseline_stall_ms"] for r in results]
        emit(
            {
                "figure": f"compare_25mb_{name}_ms",
                **spread(times),
                "runs": times,
                "cpu_ms": spread(cpu_times),
                "parse_ms": spread(parses),
                "memory_ratio": spread(ratios, digits=2),
                "max_stall_ms": spread(stalls),
                "baseline_stall_ms": spread(baselines),
                "bodies_mb": results[0]["bodies_mb"],
                "differences": results[0]["differences"],
                "items": results[0]["items"],
            }
        )
        medians[name] = (statistics.median(times), statistics.median(ratios))
    # The goals hold for the worse case.
    emit(
        {
            "figure": "compare_25mb_ms",
            "value": round(max(time_ms for time_ms, _ in medians.values()), 1),
            "cases": {name: round(value[0], 1) for name, value in medians.items()},
        }
    )
    emit(
        {
            "figure": "compare_memory_ratio",
            "value": round(max(ratio for _, ratio in medians.values()), 2),
            "cases": {name: round(value[1], 2) for name, value in medians.items()},
        }
    )
    return 0


def measure_deepdiff(large_path: Path) -> int:
    """deepdiff against this engine on the same slice (deepdiff is not a dependency)."""
    import msgspec
    from deepdiff import DeepDiff  # type: ignore[import-not-found]

    from vody_desktop.compare.engine import compare_documents
    from vody_desktop.document.json_document import JsonDocument

    items = edited_items(large_path.read_bytes())
    a_items = json.loads(large_path.read_bytes())[:SLICE_ITEMS]
    keys = {item["image_path"] for item in a_items}
    b_items = [item for item in items if item["image_path"] in keys]
    body_a, body_b = msgspec.json.encode(a_items), msgspec.json.encode(b_items)

    def engine() -> object:
        return compare_documents(JsonDocument.parse(body_a), JsonDocument.parse(body_b))

    def deepdiff() -> object:
        # ignore_order is deepdiff's way to match reordered items (it has no key field).
        return DeepDiff(json.loads(body_a), json.loads(body_b), ignore_order=True)

    for name, run in (("engine", engine), ("deepdiff", deepdiff)):
        times = []
        for _ in range(3):
            started = time.perf_counter()
            run()
            times.append(round((time.perf_counter() - started) * 1000, 1))
        size_mb = round(len(body_a) / 1e6, 2)
        emit({"figure": f"slice_{name}_ms", **spread(times), "runs": times, "mb": size_mb})
    return 0


def main(args: list[str]) -> int:
    if args[:1] == ["run"]:
        emit(run_once(args[1], args[2]))
        return 0
    if args[:1] == ["deepdiff"]:
        return measure_deepdiff(Path(args[1]))
    return measure(Path(args[0]))


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
