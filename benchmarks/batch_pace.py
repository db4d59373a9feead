"""Batch lookups against the sandbox: how well the learned pace uses a rate limit it is not told,
and how much memory a batch of large results takes.

    python -m benchmarks.batch_pace [--runs N] [--ids N] [--rss-ids N] [--skip-rss]

Each figure runs in this process (not the window's: this is the engine the window and the
command line share) against a fresh sandbox process, so every run starts with a full bucket:

- `batch_rate_efficiency`: 1,000 IDs against `--rate 10/1` (a token bucket of 10, refilled at
  10 a second; the client is not told). Requests the server answered other than 429, per
  second of the whole batch, divided by 10. Goal >= 0.95.
- `batch_429_share`: 429 answers / all answers, from the sandbox's own counts
  (`GET /sandbox/requests`). Goal <= 0.10.
- `batch_rss_mb`: the peak resident memory of this process during a batch of 200 results of
  25 MB (the catalogue's large result), sampled every 20 ms, and the same for a quarter of the
  IDs: bounded means the two peaks are about the same. Each saved file is deleted as soon as the
  batch reports it, so 5 GB need not sit on the disk; the memory measured is the batch's own.

The IDs: any UUID starting with `ba7c` (small, the 2 KB COLOR_RESULTS_ID array) or `1a7e`
(large) is a completed inference, by the sandbox's `--small-id-prefix`/`--large-id-prefix`.
Prints one JSON object per line; the last is the summary with medians, spreads and goals.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import mmap
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from vody_desktop.api.client import VodyClient
from vody_desktop.batch.output import BatchOutput
from vody_desktop.batch.runner import BatchEvent, BatchRunner
from vody_desktop.batch.state import ItemState, ItemStatus
from vody_desktop.sandbox.large import ensure_large_document
from vody_desktop.sandbox.process import SandboxProcess

API_KEY = "1234abcd-bdde-1234-a39a-3ff12ce386d5"  # the sandbox's demo key
RATE = 10
SMALL, LARGE = "ba7c", "1a7e"
GOALS = {"batch_rate_efficiency": (">=", 0.95), "batch_429_share": ("<=", 0.10)}


def emit(fields: dict[str, Any]) -> None:
    print(json.dumps(fields), flush=True)


def ids(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{n >> 16:04x}-{n & 0xFFFF:04x}-4000-8000-{n:012x}" for n in range(count)]


def rss_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * mmap.PAGESIZE


async def run_batch(url: str, wanted: list[str], folder: Path, *, delete: bool) -> float:
    """Run one batch; returns its seconds. Every ID must end completed."""

    def on_event(event: BatchEvent) -> None:
        item = event.item
        if delete and item is not None and item.status is ItemStatus.COMPLETED:
            (folder / item.file).unlink(missing_ok=True)

    async with VodyClient(url, API_KEY) as client:
        items = [ItemState(iid, n) for n, iid in enumerate(wanted)]
        runner = BatchRunner(client, items, BatchOutput(folder), on_event=on_event)
        started = time.perf_counter()
        done = await runner.run()
        seconds = time.perf_counter() - started
    missing = [i.inference_id for i in done if i.status is not ItemStatus.COMPLETED]
    if missing:
        raise RuntimeError(f"{len(missing)} IDs did not complete, e.g. {done[0]}")
    return seconds


def rate_run(count: int) -> dict[str, float]:
    args = ["--quiet", "--batch-knobs", "--rate", f"{RATE}/1", "--small-id-prefix", SMALL]
    with SandboxProcess(args) as sandbox, tempfile.TemporaryDirectory() as folder:
        seconds = asyncio.run(run_batch(sandbox.url, ids(SMALL, count), Path(folder), delete=False))
        answers = httpx.get(
            f"{sandbox.url}/sandbox/requests", headers={"x-vody-api-key": API_KEY}, timeout=30
        ).json()["answers"]
    limited = int(answers.get("429", 0))
    total = sum(int(n) for n in answers.values())
    return {
        "seconds": round(seconds, 2),
        "requests": total,
        "answered_429": limited,
        "batch_rate_efficiency": round((total - limited) / seconds / RATE, 4),
        "batch_429_share": round(limited / total, 4),
    }


def rss_run(count: int, cache_dir: Path) -> dict[str, float]:
    args = ["--quiet", "--rate", "off", "--large-id-prefix", LARGE, "--cache-dir", str(cache_dir)]
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.02):
            peak[0] = max(peak[0], rss_bytes())

    with SandboxProcess(args) as sandbox, tempfile.TemporaryDirectory() as folder:
        before = rss_bytes()
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            seconds = asyncio.run(
                run_batch(sandbox.url, ids(LARGE, count), Path(folder), delete=True)
            )
        finally:
            stop.set()
            sampler.join()
    return {
        "ids": count,
        "seconds": round(seconds, 2),
        "rss_before_mb": round(before / 1e6, 1),
        "batch_rss_mb": round(peak[0] / 1e6, 1),
    }


def spread(values: list[float]) -> dict[str, Any]:
    return {"median": round(statistics.median(values), 4), "min": min(values), "max": max(values)}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.batch_pace")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--ids", type=int, default=1000)
    parser.add_argument("--rss-ids", type=int, default=200)
    parser.add_argument("--skip-rss", action="store_true")
    parser.add_argument("--skip-rate", action="store_true")
    args = parser.parse_args()
    summary: dict[str, Any] = {"summary": "batch_pace"}
    if not args.skip_rate:
        runs = []
        for number in range(args.runs):
            figures = rate_run(args.ids)
            emit({"run": number + 1, "ids": args.ids, **figures})
            runs.append(figures)
        for name, (sense, goal) in GOALS.items():
            values = [run[name] for run in runs]
            median = statistics.median(values)
            met = median >= goal if sense == ">=" else median <= goal
            summary[name] = {**spread(values), "goal": f"{sense} {goal}", "met": met}
    if not args.skip_rss:
        with tempfile.TemporaryDirectory() as cache:
            ensure_large_document(Path(cache))
            small = rss_run(max(1, args.rss_ids // 4), Path(cache))
            emit(small)
            large = rss_run(args.rss_ids, Path(cache))
            emit(large)
        summary["batch_rss_mb"] = {
            f"{small['ids']}_ids": small["batch_rss_mb"],
            f"{large['ids']}_ids": large["batch_rss_mb"],
            "before": large["rss_before_mb"],
            "bounded": large["batch_rss_mb"] <= small["batch_rss_mb"] * 1.25,
        }
    emit(summary)


if __name__ == "__main__":
    main()
