"""`thumbnails_ms`: the first 20 thumbnails of the large result, fetched from the sandbox and
decoded, as the Items view's PictureLoader does it (printed, never asserted).

Each run uses a fresh loader (empty cache, new connections) in a qasync loop; the clock runs
from asking for the 20 thumbnails to the last `thumbnailReady`. The first run also pays for the
sandbox drawing its pictures (it caches them), so it is reported apart. Run:
`QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.thumbnails`.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time

import httpx

from vody_desktop.sandbox.catalogue import DEFAULT_API_KEYS, LARGE_ID
from vody_desktop.sandbox.process import SandboxProcess

VISIBLE = 20
RUNS = 10


def first_links(sandbox_url: str, count: int) -> list[str]:
    """The image_path of the large result's first `count` items, as the sandbox sends them."""
    url = f"{sandbox_url}/inference/{LARGE_ID}/results"
    headers = {"x-vody-api-key": DEFAULT_API_KEYS[0]}
    with httpx.stream("GET", url, headers=headers, timeout=300) as response:
        response.raise_for_status()
        start = next(response.iter_bytes(1024 * 1024))
    # The document is one item a line; the first line holds only "[".
    lines = start.split(b"\n")[1 : count + 1]
    return [json.loads(line.rstrip(b",").decode())["image_path"] for line in lines]


async def one_run(links: list[str]) -> float:
    from vody_desktop.ui.pictures.loader import PictureLoader

    loader = PictureLoader()
    waiting = set(links)
    done = asyncio.Event()

    def on_ready(url: str) -> None:
        waiting.discard(url)
        if not waiting:
            done.set()

    loader.thumbnailReady.connect(on_ready)
    started = time.perf_counter()
    for url in links:
        loader.thumbnail(url)
    await done.wait()
    elapsed = (time.perf_counter() - started) * 1000
    failed = [url for url in links if loader.failure(url) is not None]
    await loader.shutdown()
    if failed:
        raise SystemExit(f"{len(failed)} thumbnails failed: {loader.failure(failed[0])}")
    return elapsed


def main() -> None:
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    with SandboxProcess(["--rate", "off", "--quiet"]) as sandbox:
        links = first_links(sandbox.url, VISIBLE)
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        try:
            times = [loop.run_until_complete(one_run(links)) for _ in range(RUNS)]
        finally:
            loop.close()
    cold, warm = times[0], times[1:]
    print(
        json.dumps(
            {
                "figure": "thumbnails_ms",
                "thumbnails": VISIBLE,
                "first_run_ms": round(cold, 1),
                "median_ms": round(statistics.median(warm), 1),
                "min_ms": round(min(warm), 1),
                "max_ms": round(max(warm), 1),
                "runs": len(warm),
            }
        )
    )


if __name__ == "__main__":
    main()
