"""The comparing engine's public face: compare two results, or two values of them.

`compare_documents` finds every difference between two JsonDocuments (walk.py does the work:
level by level over the raw bytes, never decoding a 25 MB result whole); `values_equal` tells
whether two values are the same under the same rules; `pair_children` (children.py) pairs two
containers' children as the comparison pairs them, for the window's side-by-side tree. Qt-free:
the window runs these on a worker thread, the command line on its main thread.
"""

from __future__ import annotations

from collections.abc import Callable

from vody_desktop.compare.children import ChildPair, pair_children
from vody_desktop.compare.differences import CompareOptions, Comparison, Progress
from vody_desktop.compare.walk import FirstDifferenceError, Walk, always, has_bools, item_route
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.node import JsonNode

__all__ = ["ChildPair", "compare_documents", "pair_children", "values_equal"]


def compare_documents(
    a: JsonDocument,
    b: JsonDocument,
    options: CompareOptions = CompareOptions(),  # noqa: B008 - frozen, never changed
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Comparison:
    """Every difference between A (the reference) and B; raises CompareCancelledError as soon
    as `cancelled()` returns true. Fills the item counts and words when both hold a list of
    items at the same path."""
    walk = Walk(
        options,
        progress=progress,
        cancelled=cancelled,
        total=len(a.root.raw) + len(b.root.raw),
        bools=(lambda: has_bools(a.data), lambda: has_bools(b.data)),
        route=item_route(a.root, b.root),
    )
    walk.check()
    walk.run(a.root, b.root)
    walk.finish()
    return walk.comparison()


def values_equal(a: JsonNode | None, b: JsonNode | None, options: CompareOptions) -> bool:
    """Whether two values are the same under the comparing rules (both missing: equal)."""
    if a is None or b is None:
        return a is None and b is None
    if a.raw == b.raw:
        return True
    walk = Walk(options, total=1, bools=(always, always), stop_at_first=True)
    try:
        walk.run(a, b)
    except FirstDifferenceError:
        return False
    return True
