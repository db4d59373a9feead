"""A ticket report in Markdown: where the result came from, its status, and the JSON.

Meant to be pasted into a support ticket: the inference ID, the environment, when it was
fetched, the status summary, the selected field, and the JSON (pretty, exact) in a fenced block.
Times are in UTC with the zone named, because the reader of a ticket may be elsewhere. The JSON
is capped at `MAX_JSON_CHARS` characters (ticket systems reject long comments); a note says
so and suggests attaching an exported JSON file. The API key is never part of a report (the
context has no field for it, and the export layer scrubs it from every format).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from vody_desktop.document.pretty import pretty_json_preview
from vody_desktop.document.scanner import strip_value
from vody_desktop.words import human_size, status_words

if TYPE_CHECKING:
    from vody_desktop.api.models import InferenceStatus

MAX_JSON_CHARS = 50_000
MAX_VALUE_CHARS = 500
# Only what changes inline text; every line starts with our own "- **Label:**".
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


@dataclass(frozen=True)
class ReportContext:
    """Where a result came from and what the person had selected; all optional."""

    inference_id: str = ""
    environment: str = ""  # "Production (https://prod-api.vody.com)"
    fetched_at: datetime | None = None
    source_file: str = ""  # the file name when the result was opened from a file
    summary: Sequence[tuple[str, str]] = field(default_factory=tuple)  # ("Model", "x"), …
    selected_path: str = ""  # "$[0].colors[0].hex"
    selected_value: str = ""  # the selected value as shown ("#aabbcc", "{3}")


def status_fields(status: InferenceStatus | None, note: str = "") -> list[tuple[str, str]]:
    """The status summary as label/value pairs (times in UTC); `note` when it is unknown."""
    if status is None:
        return [("Status", note or "Unknown")]
    fields = [("Status", status_words(status.status)), ("Model", status.model or "—")]
    sent, back = status.request_item_count, status.response_item_count
    if sent is not None or back is not None:
        fields.append(
            (
                "Items",
                f"{'?' if sent is None else sent} sent, {'?' if back is None else back} returned",
            )
        )
    fields.append(("Created", utc_text(status.created_at)))
    fields.append(("Updated", utc_text(status.updated_at)))
    if status.response_time_s is not None:
        fields.append(("Took", f"{status.response_time_s:.2f} s"))
    return fields


def utc_text(moment: datetime | None) -> str:
    """ "2023-08-12 17:20:11 UTC", or an em dash when unknown."""
    if moment is None:
        return "—"
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def iter_markdown_report(
    raw: bytes | memoryview, context: ReportContext, *, selection_only: bool = False
) -> Iterator[bytes]:
    """Yield the report for the JSON value `raw` (the whole result or the selected node)."""
    view = strip_value(raw)
    lines = ["# Vody inference result", ""]
    if context.inference_id:
        lines.append(f"- **Inference ID:** {_code(context.inference_id)}")
    if context.source_file:
        lines.append(f"- **Opened from file:** {_code(context.source_file)}")
    if context.environment:
        lines.append(f"- **Environment:** {_plain(context.environment)}")
    if context.fetched_at is not None:
        lines.append(f"- **Fetched:** {utc_text(context.fetched_at)}")
    for label, value in context.summary:
        lines.append(f"- **{_plain(label)}:** {_plain(value)}")
    if context.selected_path:
        lines += ["", "## Selected field", ""]
        value = context.selected_value
        if len(value) > MAX_VALUE_CHARS:
            value = value[:MAX_VALUE_CHARS] + "…"
        lines.append(f"{_code(context.selected_path)} = {_code(value) if value else '—'}")
    what = f"The selected value {_code(context.selected_path)}" if selection_only else "The result"
    lines += ["", "## JSON", "", f"{what}, {human_size(len(view))}:", ""]
    yield ("\n".join(lines) + "\n").encode("utf-8")

    text, cut = pretty_json_preview(view, MAX_JSON_CHARS)
    if cut:
        text = text[: text.rfind("\n") + 1] if "\n" in text else text
    fence = "`" * max(3, _longest_backtick_run(text) + 1)
    block = f"{fence}json\n{text.rstrip(chr(10))}\n{fence}\n"
    if cut:
        block += (
            f"\n> Only the first {len(text):,} characters of the JSON are shown (it is "
            f"{human_size(len(view))} in all). Export it as JSON and attach the file to the "
            "ticket for the whole result.\n"
        )
    yield block.encode("utf-8")


def _longest_backtick_run(text: str) -> int:
    return max((len(run) for run in re.findall(r"`+", text)), default=0)


def _code(text: str) -> str:
    """An inline code span that survives backticks inside `text`."""
    text = text.replace("\n", " ")
    fence = "`" * (_longest_backtick_run(text) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _plain(text: str) -> str:
    """`text` with Markdown's special characters escaped, on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\n", " "))
