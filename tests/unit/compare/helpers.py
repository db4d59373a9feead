"""Shared helpers for the compare tests (no tests here): documents from Python values, and the
differences as plain tuples that read like the report."""

from __future__ import annotations

import json
from typing import Any

from vody_desktop.compare.differences import CompareOptions, Comparison
from vody_desktop.compare.engine import compare_documents
from vody_desktop.document.json_document import JsonDocument


def doc(value: Any, *, indent: int | None = None) -> JsonDocument:
    """A parsed document holding `value` (compact unless `indent` is given)."""
    return JsonDocument.parse(json.dumps(value, indent=indent, ensure_ascii=False).encode())


def compare(a: Any, b: Any, **options: Any) -> Comparison:
    """Compare two Python values as documents."""
    return compare_documents(doc(a), doc(b), CompareOptions(**options))


def found(comparison: Comparison) -> list[tuple[str, str, Any, Any]]:
    """(kind, path, a, b) of every difference, in order."""
    return [(d.kind.value, d.path, d.a, d.b) for d in comparison.differences]
