"""The comparing engine's public face: compare two results, or two values of them.

`compare_documents` finds every difference between two JsonDocuments (walk.py does the work:
level by level over the raw bytes, never decoding a 25 MB result whole); `values_equal` tells
whether two values are the same under the same rules; `pair_children` (children.py) pairs two
containers' children as the comparison pairs them, for the window's side-by-side tree. Qt-free:
the window runs these on a worker thread, the command line on its main thread.
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from vody_desktop.compare.children import ChildPair, pair_children
from vody_desktop.compare.differences import CompareOptions, Comparison, Progress
from vody_desktop.compare.shortcuts import has_bools
from vody_desktop.compare.walk import FirstDifferenceError, Walk, always, item_route
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.document.node import JsonNode, NodeKind

__all__ = ["ChildPair", "compare_documents", "pair_children", "values_equal"]

_members = msgspec.json.Decoder(dict[str, msgspec.Raw]).decode


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
    root_a, root_b = _detached(a.root), _detached(b.root)
    try:
        walk = Walk(
            options,
            progress=progress,
            cancelled=cancelled,
            total=len(root_a.raw) + len(root_b.raw),
            bools=(lambda: has_bools(a.data), lambda: has_bools(b.data)),
            route=item_route(root_a, root_b),
        )
        walk.check()
        walk.run(root_a, root_b)
        walk.finish()
        return walk.comparison()
    finally:
        # The nodes made on the way refer to their parents and back: free them now.
        root_a.forget_children()
        root_b.forget_children()


def _detached(root: JsonNode) -> JsonNode:
    """A root node over the same bytes that shares no cache with the document's own nodes.

    The window may show a document in a tree on its thread while this compares it on another:
    the walk must not decode levels into, or add children to, nodes the tree holds. An
    array's members are the document's own (decoded when it was parsed, read-only since); an
    object's members are decoded once more (about 1 ms per MB)."""
    if root.kind is NodeKind.ARRAY:
        members = root.children_raw()
        if isinstance(members, list) and members and not isinstance(members[0], msgspec.Raw):
            # Found by the iterative scanner (too deep for msgspec): a node of our own scans
            # once and hands the scan down (views of the members would each scan again).
            return JsonNode(root.raw)
        return JsonNode(root.raw, level=(None, members))  # type: ignore[arg-type]
    if root.kind is NodeKind.OBJECT:
        try:
            fields = _members(root.raw)
        except RecursionError:
            return JsonNode(root.raw)  # too deep: the node's own scanner finds its members
        return JsonNode(root.raw, level=(list(fields), list(fields.values())))
    return JsonNode(root.raw)


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
