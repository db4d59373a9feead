"""Only the 250 MB result, several times: `python -m benchmarks.huge_runs [RUNS]`.

For work on the huge figures without the whole `make bench`: one sandbox serves the generated
documents, each run is a fresh `window_scenarios huge` process (as in `make bench`), and the last
line gives the median and the spread (min..max) of every figure over the runs, and
`huge_max_stall_ms` as `make bench` reports it (every phase but the idle second after start-up).
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.__main__ import HUGE_ID, IDLE, run_child, write_documents
from vody_desktop.sandbox.large import ensure_large_document
from vody_desktop.sandbox.process import SandboxProcess
from vody_desktop.throwaway_profile import use_throwaway_profile


def spread(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 2), "min": min(values), "max": max(values)}


def main(runs: int) -> int:
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
                for figure in run_child(["benchmarks.window_scenarios", "huge", url, HUGE_ID]):
                    name = figure["figure"]
                    if name == "huge_stalls_ms":
                        for phase, value in figure.items():
                            if phase != "figure":
                                collected.setdefault(f"stall {phase}", []).append(value)
                        worst = max(v for k, v in figure.items() if k not in {"figure", IDLE})
                        collected.setdefault("huge_max_stall_ms", []).append(worst)
                    elif "value" in figure:
                        collected.setdefault(name, []).append(figure["value"])
                    if "rss_growth_ratio" in figure:
                        collected.setdefault("huge_rss_growth_ratio", []).append(
                            figure["rss_growth_ratio"]
                        )
        finally:
            sandbox.stop()
    summary: dict[str, Any] = {name: spread(values) for name, values in collected.items()}
    print(json.dumps({"summary": "huge", "runs": runs, **summary}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 3))
