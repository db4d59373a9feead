"""How long the Match column's colour differences take on the sandbox's large result.

    .venv/bin/python -m benchmarks.colour_match

Two workloads over the 72,000 items: the Match column itself (each labelled item's label against
its top prediction), and 72,000 mixed pairs (each item's top prediction against its third, so the
pairs spread over the palette the way a poor model's would), and, as the caches' worst case,
72,000 pairs of random colours. Each is timed four ways: coloraide called for every pair (the
baseline, measured in the same run), with only the colours' Lab values cached, `match_colours`
with empty caches, and `match_colours` again with the caches warm; and the memory the caches hold.
Reports; asserts nothing.
"""

from __future__ import annotations

import random
import time
import tracemalloc
from collections.abc import Callable
from functools import partial

import msgspec
from coloraide import Color

from vody_desktop.items import colours
from vody_desktop.items.colours import match_colours, parse_hex
from vody_desktop.sandbox.catalogue import LARGE_ID, results_bytes

Pairs = list[tuple[str, str]]


def workloads() -> dict[str, Pairs]:
    """(label-like, prediction-like) hex pairs from the large result's items."""
    items = msgspec.json.decode(results_bytes(LARGE_ID))
    match_column: Pairs = []
    mixed: Pairs = []
    for item in items:
        predictions = item.get("predictions") or []
        top = parse_hex(predictions[0].get("hex_color")) if predictions else None
        label = parse_hex(item.get("hex_color_label"))
        if label is not None and top is not None:
            match_column.append((label, top))
        third = parse_hex(predictions[2].get("hex_color")) if len(predictions) > 2 else None
        if top is not None and third is not None:
            mixed.append((top, third))
    # The worst case for the caches: a model whose every answer is a new colour.
    rng = random.Random(7)  # reproducible test data
    distinct = [(f"#{rng.getrandbits(24):06X}", f"#{rng.getrandbits(24):06X}") for _ in mixed]
    return {
        "Match column (labelled items)": match_column,
        "mixed pairs": mixed,
        "every pair new (worst case)": distinct,
    }


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def uncached(pairs: Pairs) -> None:
    for label, predicted in pairs:
        Color(label).delta_e(predicted, method="2000")


def lab_only(pairs: Pairs) -> None:
    labs: dict[str, Color] = {}
    for label, predicted in pairs:
        first = labs.get(label) or labs.setdefault(label, Color(label).convert("lab-d65"))
        second = labs.get(predicted) or labs.setdefault(
            predicted, Color(predicted).convert("lab-d65")
        )
        first.delta_e(second, method="2000")


def cached(pairs: Pairs) -> None:
    for label, predicted in pairs:
        match_colours(label, predicted, 10)


def main() -> None:
    for name, pairs in workloads().items():
        distinct = len({tuple(sorted(pair)) for pair in pairs})
        baseline = timed(partial(uncached, pairs))
        per_colour = timed(partial(lab_only, pairs))
        colours._clear_caches()
        cold = timed(partial(cached, pairs))
        warm = timed(partial(cached, pairs))
        # Memory apart from the timings: tracing every allocation slows coloraide tenfold.
        colours._clear_caches()
        tracemalloc.start()
        cached(pairs)
        held = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        print(f"{name}: {len(pairs):,} pairs, {distinct:,} distinct")
        for label, seconds in (
            ("coloraide for every pair", baseline),
            ("Lab cached per colour only", per_colour),
            ("match_colours, empty caches", cold),
            ("match_colours, warm caches", warm),
        ):
            print(
                f"  {label:28} {seconds * 1000:8.1f} ms"
                f"  {seconds / len(pairs) * 1e6:6.2f} µs a pair  x{seconds / baseline:6.3f}"
            )
        print(f"  caches hold {held / 1e6:.1f} MB after the first pass")


if __name__ == "__main__":
    main()
