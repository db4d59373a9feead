"""Handing a comparison on: as JSON for scripts, Markdown for a ticket, plain text for a terminal.

Qt-free; used by `vody-desktop compare` and the compare window's export.

- JSON, exactly the issue's shape: `{"summary": {"added": n, "removed": n, "changed": n},
  "differences": [{"kind", "path", "a", "b"}]}`, one entry per difference with the values as
  JSON and the missing side as null; an `items` object says how the list of items compared
  when both results hold one. It comes in chunks (`iter_json_report`), so a comparison with a
  million differences streams to a file.
- Markdown (house style of document/markdown_report.py, whose escaping it shares): a title with
  both names, the summary line, how items were matched ("by `image_path`"), a table of changed
  items with what changed, then the added and removed items, then differences outside the
  items. Each list stops after `MAX_LISTED` rows and says how many more there are, because
  ticket systems refuse very long comments.
- Text: one line per difference, `~ $[3].top_prediction.color: "Red" → "Orange"`,
  `+ $[5]: {…}`, `- $[2]: {…}`, then the summary line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Final

from vody_desktop.compare.differences import (
    CompareOptions,
    Comparison,
    Difference,
    DifferenceKind,
    ItemCounts,
)
from vody_desktop.compare.summary import count_of, summary_line, value_text

# The house style's escaping, shared so every report reads the same.
from vody_desktop.document.markdown_report import _code, _plain

#: Rows per list of the Markdown report.
MAX_LISTED: Final = 100
#: How long a value may be in a report's line or table cell.
TEXT_VALUE_LIMIT: Final = 200
CELL_VALUE_LIMIT: Final = 80
#: The mark of each kind in the text report (as `diff` marks lines).
MARKS: Final = {DifferenceKind.CHANGED: "~", DifferenceKind.ADDED: "+", DifferenceKind.REMOVED: "-"}
ARROW: Final = "→"
#: Differences per chunk of the streamed reports.
_CHUNK: Final = 2_000


# -- JSON --------------------------------------------------------------------------------------


def json_report(comparison: Comparison) -> bytes:
    """The comparison as the issue's JSON (UTF-8, indented, ending in a newline)."""
    return b"".join(iter_json_report(comparison))


def iter_json_report(comparison: Comparison) -> Iterator[bytes]:
    """`json_report` in chunks of a few thousand differences."""
    counts = comparison.counts
    head: dict[str, Any] = {
        "summary": {"added": counts.added, "removed": counts.removed, "changed": counts.changed}
    }
    items = comparison.items
    if items is not None:
        head["items"] = {
            "path": items.path,
            "key_field": items.key_field,
            "total_a": items.total_a,
            "total_b": items.total_b,
            "changed": items.changed,
            "added": items.added,
            "removed": items.removed,
        }
    opening = _dumps(head, indent=2)[:-2]  # without the closing "\n}"
    if not comparison.differences:
        yield (opening + ',\n  "differences": []\n}\n').encode("utf-8")
        return
    yield (opening + ',\n  "differences": [\n').encode("utf-8")
    differences = comparison.differences
    for start in range(0, len(differences), _CHUNK):
        part = differences[start : start + _CHUNK]
        last = start + len(part) == len(differences)
        entries = [_indented(_entry(d), "    ") for d in part]
        yield (",\n".join(entries) + ("\n" if last else ",\n")).encode("utf-8")
    yield b"  ]\n}\n"


def _entry(difference: Difference) -> dict[str, Any]:
    kind = difference.kind
    return {
        "kind": kind.value,
        "path": difference.path,
        "a": None if kind is DifferenceKind.ADDED else difference.a,
        "b": None if kind is DifferenceKind.REMOVED else difference.b,
    }


def _dumps(value: Any, indent: int | None = None) -> str:
    # Values are as decoded from JSON; anything else (an exact Decimal) is written as text
    # rather than failing the whole report.
    try:
        return json.dumps(value, ensure_ascii=False, indent=indent, default=str)
    except RecursionError:
        # json's encoder recurses and stops near depth 1,000; the app opens 10,000 levels.
        # Such a value is written on one line (indenting it would cost depth² spaces).
        return compact_json(value)


def compact_json(value: Any) -> str:
    """`value` as JSON on one line (`json.dumps` without indent), without recursion."""
    parts: list[str] = []
    # Each frame: the container's remaining children, its closing bracket, whether it is an
    # object, and whether the next child is its first.
    stack: list[tuple[Iterator[Any], str, bool, list[bool]]] = []

    def start(item: Any) -> None:
        if isinstance(item, dict) and item:
            parts.append("{")
            stack.append((iter(item.items()), "}", True, [True]))
        elif isinstance(item, list | tuple) and item:
            parts.append("[")
            stack.append((iter(item), "]", False, [True]))
        else:
            parts.append(json.dumps(item, ensure_ascii=False, default=str))

    start(value)
    while stack:
        children, closing, is_object, first = stack[-1]
        child: Any = next(children, _END)
        if child is _END:
            stack.pop()
            parts.append(closing)
            continue
        if not first[0]:
            parts.append(", ")
        first[0] = False
        if is_object:
            parts.append(json.dumps(str(child[0]), ensure_ascii=False) + ": ")
            child = child[1]
        start(child)
    return "".join(parts)


_END: Final = object()


def _indented(value: Any, prefix: str) -> str:
    return "\n".join(prefix + line for line in _dumps(value, indent=2).splitlines())


# -- Markdown ----------------------------------------------------------------------------------


def markdown_report(
    comparison: Comparison,
    *,
    name_a: str,
    name_b: str,
    options: CompareOptions | None = None,
) -> str:
    """The comparison as a Markdown report for a ticket (see the module docstring).

    `name_a`/`name_b` say where each side came from (an inference ID, a file name);
    `options`, when given, are stated so the reader knows what counted as equal.
    """
    lines = [
        f"# Comparison of {_plain(name_a)} and {_plain(name_b)}",
        "",
        f"- **A (reference):** {_code(name_a)}",
        f"- **B (checked):** {_code(name_b)}",
        f"- **Summary:** {_plain(summary_line(comparison))}",
    ]
    items = comparison.items
    if items is not None:
        where = "" if items.path == "$" else f" (the lists at {_code(items.path)})"
        lines.append(f"- **Items:** {matched_by(items)}{where}")
    if options is not None:
        lines.append(f"- **Numbers:** {_plain(tolerance_text(options))}")
    if items is not None:
        lines += _item_sections(comparison)
        others = [d for d in comparison.differences if d.item is None]
        title = "Other differences (outside the items)"
    else:
        others = comparison.differences
        title = "Differences"
    if others:
        lines += ["", f"## {title} ({len(others):,})", ""]
        lines += ["| | Path | A | B |", "|---|---|---|---|"]
        for difference in others[:MAX_LISTED]:
            lines.append(
                "| "
                + " | ".join(
                    (
                        difference.kind.value,
                        _cell(_code(difference.path)),
                        _cell(_side(difference, "a")),
                        _cell(_side(difference, "b")),
                    )
                )
                + " |"
            )
        lines += _more(len(others), "difference")
    return "\n".join(lines) + "\n"


def matched_by(items: ItemCounts) -> str:
    """ "matched by `image_path`", or by position when no field tells the items apart."""
    if items.key_field is None:
        return "matched by position (no field tells the items apart)"
    return f"matched by {_code(items.key_field)}"


def tolerance_text(options: CompareOptions) -> str:
    """What counts as the same number, in words."""
    return (
        f"equal when they differ by at most {options.absolute_tolerance:g} "
        f"(or {options.relative_tolerance:g} of the larger); 1 and 1.0 are equal"
    )


def _item_sections(comparison: Comparison) -> list[str]:
    """The changed, added and removed items, each as a list capped at MAX_LISTED."""
    changed: dict[tuple[int | None, int | None, str], list[Difference]] = {}
    added: list[Difference] = []
    removed: list[Difference] = []
    for difference in comparison.differences:
        pair = difference.item
        if pair is None:
            continue
        if pair.index_a is None:
            added.append(difference)
        elif pair.index_b is None:
            removed.append(difference)
        else:
            changed.setdefault((pair.index_a, pair.index_b, pair.key), []).append(difference)
    lines: list[str] = []
    items_path = comparison.items.path if comparison.items is not None else "$"
    if changed:
        lines += ["", f"## Changed items ({len(changed):,})", ""]
        lines += ["| Item | What changed |", "|---|---|"]
        for (_a, index_b, key), found in list(changed.items())[:MAX_LISTED]:
            what = comparison.item_changes.get(index_b) if index_b is not None else None
            text = _plain(what) if what else _what_changed(found, items_path)
            lines.append(f"| {_cell(_code(key))} | {_cell(text)} |")
        lines += _more(len(changed), "changed item")
    by_position = comparison.items is not None and comparison.items.key_field is None
    for title, where, found, side in (
        ("Added items", "only in B", added, "b"),
        ("Removed items", "only in A", removed, "a"),
    ):
        if not found:
            continue
        lines += ["", f"## {title} ({len(found):,}, {where})", ""]
        for difference in found[:MAX_LISTED]:
            assert difference.item is not None
            line = f"- {_code(difference.item.key)}"
            if by_position:  # "#3" alone does not say which item it is
                line += f": {_code(value_text(getattr(difference, side), CELL_VALUE_LIMIT))}"
            lines.append(line)
        lines += _more(len(found), "item")
    return lines


def _what_changed(found: list[Difference], items_path: str) -> str:
    """ "`.predictions[0].color_name`: `"Red"` → `"Orange"`; …" for one item's differences."""
    parts = []
    for difference in found[:5]:
        where = _code(_inside_item(difference, items_path))
        parts.append(f"{where}: {_side(difference, 'a')} {ARROW} {_side(difference, 'b')}")
    if len(found) > 5:
        parts.append(f"{len(found) - 5:,} more")
    return "; ".join(parts)


def _inside_item(difference: Difference, items_path: str) -> str:
    """The path of a difference from its item on ("$[3].score" -> ".score")."""
    pair = difference.item
    assert pair is not None
    index = pair.index_b if difference.kind is DifferenceKind.ADDED else pair.index_a
    prefix = f"{items_path}[{index}]"
    if difference.path.startswith(prefix) and len(difference.path) > len(prefix):
        return difference.path[len(prefix) :]
    return difference.path


def _side(difference: Difference, side: str) -> str:
    """One side's value as an inline code span, or an em dash where it has none."""
    missing = DifferenceKind.ADDED if side == "a" else DifferenceKind.REMOVED
    if difference.kind is missing:
        return "—"
    return _code(value_text(getattr(difference, side), CELL_VALUE_LIMIT))


def _cell(text: str) -> str:
    # In a table a pipe ends the cell even inside a code span, unless escaped (GFM).
    return text.replace("|", "\\|")


def _more(total: int, what: str) -> list[str]:
    if total <= MAX_LISTED:
        return []
    rest = total - MAX_LISTED
    return [
        "",
        f"… and {count_of(rest, 'more ' + what, 'more ' + what + 's')} (the JSON report "
        "lists every difference).",
    ]


# -- Text --------------------------------------------------------------------------------------


def text_report(comparison: Comparison, *, name_a: str = "", name_b: str = "") -> str:
    """The comparison for a terminal: one line per difference, then the summary line."""
    return "".join(iter_text_report(comparison, name_a=name_a, name_b=name_b))


def iter_text_report(
    comparison: Comparison, *, name_a: str = "", name_b: str = ""
) -> Iterator[str]:
    """`text_report` in chunks of a few thousand lines."""
    head = []
    if name_a:
        head.append(f"A: {_one_line(name_a)}")
    if name_b:
        head.append(f"B: {_one_line(name_b)}")
    if head:
        yield "\n".join(head) + "\n"
    differences = comparison.differences
    for start in range(0, len(differences), _CHUNK):
        yield "".join(difference_line(d) + "\n" for d in differences[start : start + _CHUNK])
    line = summary_line(comparison)
    items = comparison.items
    if items is not None:
        how = "by position" if items.key_field is None else f"by {items.key_field}"
        line += f" (items matched {how})"
    yield line + "\n"


def difference_line(difference: Difference, limit: int = TEXT_VALUE_LIMIT) -> str:
    """`~ $[3].top_prediction.color: "Red" → "Orange"`, `+ $[5]: {…}`, `- $[2]: {…}`."""
    mark = MARKS[difference.kind]
    if difference.kind is DifferenceKind.ADDED:
        shown = value_text(difference.b, limit)
    elif difference.kind is DifferenceKind.REMOVED:
        shown = value_text(difference.a, limit)
    else:
        shown = f"{value_text(difference.a, limit)} {ARROW} {value_text(difference.b, limit)}"
    return f"{mark} {_one_line(difference.path)}: {shown}"


def _one_line(text: str) -> str:
    return " ".join(text.splitlines())
