"""The fixed inferences the sandbox knows: their IDs, what they are, and the bytes they serve.

Tests and the README refer to the IDs through the constants below. This module uses only the
standard library, so tests can import it without starting a server.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final, Literal

from vody_desktop.api import examples
from vody_desktop.api.examples import STATUS_EXAMPLE
from vody_desktop.sandbox import compare_examples
from vody_desktop.sandbox import generators as gen
from vody_desktop.sandbox.classify import COLOR_MODEL, PATTERN_MODEL
from vody_desktop.sandbox.large import ITEM_COUNT, ensure_large_document
from vody_desktop.sandbox.picture_paths import with_origin

#: The example keys of the reference; accepted unless the server runs with --no-default-keys.
DEFAULT_API_KEYS: Final = (
    "1234abcd-bdde-1234-a39a-3ff12ce386d5",
    "1234abcd-1234-1234-a39a-3ff12ce386d5",
)

# The reference's own examples.
COLOR_RESULTS_ID: Final = "0924dcfe-a593-4e42-8c7b-4fca9a149777"
STATUS_EXAMPLE_ID: Final = examples.STATUS_EXAMPLE_ID
# Its status is served exactly as the reference shows it: times and count are read from it.
_EXAMPLE_CREATED = datetime.fromisoformat(STATUS_EXAMPLE["created_at"])
_EXAMPLE_UPDATED = datetime.fromisoformat(STATUS_EXAMPLE["updated_at"])

# Documents ("5a4d0c" ~ "sandbox doc").
PATTERN_RESULTS_ID: Final = "5a4d0c00-0000-4000-8000-000000000001"
IN_PROGRESS_ID: Final = "5a4d0c00-0000-4000-8000-000000000002"
FAILED_ID: Final = "5a4d0c00-0000-4000-8000-000000000003"
LARGE_ID: Final = "5a4d0c00-0000-4000-8000-000000000004"
DEEP_ID: Final = "5a4d0c00-0000-4000-8000-000000000005"
UNICODE_ID: Final = "5a4d0c00-0000-4000-8000-000000000006"
LONG_STRING_ID: Final = "5a4d0c00-0000-4000-8000-000000000007"
NUMBERS_ID: Final = "5a4d0c00-0000-4000-8000-000000000008"
EMPTY_OBJECT_ID: Final = "5a4d0c00-0000-4000-8000-000000000009"
EMPTY_ARRAY_ID: Final = "5a4d0c00-0000-4000-8000-000000000010"
TOP_LEVEL_ARRAY_ID: Final = "5a4d0c00-0000-4000-8000-000000000011"
SCALAR_ID: Final = "5a4d0c00-0000-4000-8000-000000000012"
NUMBER_SCALAR_ID: Final = "5a4d0c00-0000-4000-8000-000000000013"
NULL_SCALAR_ID: Final = "5a4d0c00-0000-4000-8000-000000000014"
PICTURE_FAULTS_ID: Final = "5a4d0c00-0000-4000-8000-000000000015"
# A pair to compare (Lookup > Compare…, `vody-desktop compare`): see compare_examples.py.
COMPARE_BEFORE_ID: Final = "5a4d0c00-0000-4000-8000-000000000016"
COMPARE_AFTER_ID: Final = "5a4d0c00-0000-4000-8000-000000000017"

# Faults ("5a4dfa17" ~ "sandbox fault").
SLOW_ID: Final = "5a4dfa17-0000-4000-8000-000000000001"
DRIP_ID: Final = "5a4dfa17-0000-4000-8000-000000000002"
SERVER_ERROR_ID: Final = "5a4dfa17-0000-4000-8000-000000000003"
BAD_GATEWAY_HTML_ID: Final = "5a4dfa17-0000-4000-8000-000000000004"
UNAVAILABLE_ID: Final = "5a4dfa17-0000-4000-8000-000000000005"
RATE_LIMITED_DATE_ID: Final = "5a4dfa17-0000-4000-8000-000000000006"
DROPPED_ID: Final = "5a4dfa17-0000-4000-8000-000000000007"
TRUNCATED_ID: Final = "5a4dfa17-0000-4000-8000-000000000008"
INVALID_UTF8_ID: Final = "5a4dfa17-0000-4000-8000-000000000009"
HTML_200_ID: Final = "5a4dfa17-0000-4000-8000-000000000010"
GZIP_ID: Final = "5a4dfa17-0000-4000-8000-000000000011"
EMPTY_BODY_ID: Final = "5a4dfa17-0000-4000-8000-000000000012"
REDIRECT_ID: Final = "5a4dfa17-0000-4000-8000-000000000013"

FAILURE_REASON: Final = (
    "Could not download image https://vody.com/images/playground/color-labels/missing.png "
    "(HTTP 404)"
)


class Fault(enum.StrEnum):
    """How a fault inference misbehaves; ``faults`` builds the responses."""

    SLOW = "slow"
    DRIP = "drip"
    SERVER_ERROR = "server-error"
    BAD_GATEWAY_HTML = "bad-gateway-html"
    UNAVAILABLE = "unavailable"
    RATE_LIMITED_DATE = "rate-limited-date"
    DROPPED = "dropped"
    TRUNCATED = "truncated"
    INVALID_UTF8 = "invalid-utf8"
    HTML_200 = "html-200"
    GZIP = "gzip"
    EMPTY_BODY = "empty-body"
    REDIRECT = "redirect"


#: Faults that answer on /status as well as /results; the others answer /status normally.
FAULTS_ON_STATUS: Final = frozenset(
    {Fault.SERVER_ERROR, Fault.BAD_GATEWAY_HTML, Fault.UNAVAILABLE, Fault.RATE_LIMITED_DATE}
)

Kind = Literal["document", "in_progress", "failed", "fault"]


@dataclass(frozen=True)
class Entry:
    """One catalogue inference.

    ``created_at`` is None for the in-progress inference, which starts when the server does.
    ``content`` builds the 200 results body (None where there is no fixed one).
    """

    constant: str
    inference_id: str
    title: str
    behaviour: str
    kind: Kind
    model: str = COLOR_MODEL
    created_at: datetime | None = datetime(2023, 8, 12, 17, 30, 4, 120518, tzinfo=UTC)
    duration: timedelta = timedelta(seconds=1, microseconds=204330)
    item_count: int = 1
    content: Callable[[], bytes] | None = None
    fault: Fault | None = None


def _const(value: bytes) -> Callable[[], bytes]:
    return lambda: value


def _doc(constant: str, inference_id: str, title: str, content: Callable[[], bytes]) -> Entry:
    return Entry(constant, inference_id, title, "200 with this JSON", "document", content=content)


def _fault(constant: str, inference_id: str, fault: Fault, title: str, behaviour: str) -> Entry:
    bodies: dict[Fault, Callable[[], bytes]] = {
        Fault.SLOW: gen.color_results,
        Fault.TRUNCATED: gen.truncated_results,
        Fault.INVALID_UTF8: _const(gen.INVALID_UTF8),
        Fault.HTML_200: _const(gen.HTML_PAGE),
        Fault.GZIP: gen.gzip_payload,
        Fault.EMPTY_BODY: _const(b""),
    }
    content = bodies.get(fault)
    return Entry(constant, inference_id, title, behaviour, "fault", content=content, fault=fault)


ENTRIES: Final[tuple[Entry, ...]] = (
    Entry(
        "COLOR_RESULTS_ID",
        COLOR_RESULTS_ID,
        "Colour classification of 4 items (the reference's results example)",
        "200 with a JSON array",
        "document",
        created_at=datetime(2023, 8, 12, 17, 20, 11, 104532, tzinfo=UTC),
        duration=timedelta(seconds=3, microseconds=402117),
        item_count=4,
        content=gen.color_results,
    ),
    Entry(
        "STATUS_EXAMPLE_ID",
        STATUS_EXAMPLE_ID,
        "Colour classification of 2 items (the reference's status example)",
        "status as in the reference; results: 200 with a JSON array",
        "document",
        created_at=_EXAMPLE_CREATED,
        duration=_EXAMPLE_UPDATED - _EXAMPLE_CREATED,
        item_count=int(STATUS_EXAMPLE["response_item_count"]),
        content=gen.status_example_results,
    ),
    Entry(
        "PATTERN_RESULTS_ID",
        PATTERN_RESULTS_ID,
        "Pattern classification of 3 items",
        "200 with a JSON array",
        "document",
        model=PATTERN_MODEL,
        created_at=datetime(2023, 8, 12, 17, 25, 40, 5521, tzinfo=UTC),
        duration=timedelta(seconds=2, microseconds=950004),
        item_count=3,
        content=gen.pattern_results,
    ),
    Entry(
        "IN_PROGRESS_ID",
        IN_PROGRESS_ID,
        "Colour classification still running when the server starts",
        "status in_progress and results 409 for --progress-seconds after start, then completed "
        "and the COLOR_RESULTS_ID array",
        "in_progress",
        created_at=None,
        item_count=4,
        content=gen.color_results,
    ),
    Entry(
        "FAILED_ID",
        FAILED_ID,
        "Colour classification that failed",
        "status failed (response_code 500); results 422",
        "failed",
        item_count=2,
    ),
    Entry(
        "LARGE_ID",
        LARGE_ID,
        f"Large result: {ITEM_COUNT:,} colour items, about 25 MB, 1.26 M JSON nodes",
        "200 with a JSON array (generated on first use, then cached)",
        "document",
        item_count=ITEM_COUNT,
    ),
    Entry(
        "PICTURE_FAULTS_ID",
        PICTURE_FAULTS_ID,
        f"Colour classification of {len(gen.PICTURE_FAULT_ITEMS)} items whose pictures fail",
        "200 with a JSON array; one picture loads, the others: 404, not a picture, corrupt, "
        "larger than 20 MB (declared, then not), slow, redirect to plain http, redirect on the "
        "same server, sets a cookie, plain http link",
        "document",
        item_count=len(gen.PICTURE_FAULT_ITEMS),
        content=gen.picture_fault_results,
    ),
    Entry(
        "COMPARE_BEFORE_ID",
        COMPARE_BEFORE_ID,
        f"Compare, before: colour classification of {len(compare_examples.BEFORE_ITEMS)} items",
        "200 with a JSON array; compare it with COMPARE_AFTER_ID",
        "document",
        created_at=datetime(2023, 8, 14, 9, 12, 5, 331208, tzinfo=UTC),
        duration=timedelta(seconds=2, microseconds=715530),
        item_count=len(compare_examples.BEFORE_ITEMS),
        content=compare_examples.before_results,
    ),
    Entry(
        "COMPARE_AFTER_ID",
        COMPARE_AFTER_ID,
        "Compare, after: the same pictures a day later, with changes",
        "200 with a JSON array; against COMPARE_BEFORE_ID: items in another order, one top "
        "prediction Red -> Orange, one score changed, one score with 1e-12 noise, 1 vs 1.0, one "
        "item added, one removed (2 changed, 1 added, 1 removed of 6 items)",
        "document",
        created_at=datetime(2023, 8, 15, 9, 12, 7, 90114, tzinfo=UTC),
        duration=timedelta(seconds=2, microseconds=604871),
        item_count=len(compare_examples.AFTER_ITEMS),
        content=compare_examples.after_results,
    ),
    _doc("DEEP_ID", DEEP_ID, "10,000 levels of nesting (objects and arrays)", gen.deep_document),
    _doc(
        "UNICODE_ID",
        UNICODE_ID,
        "Unicode: emoji, RTL, combining marks, escapes",
        gen.unicode_document,
    ),
    _doc("LONG_STRING_ID", LONG_STRING_ID, "A 1 MiB string value", gen.long_string_document),
    _doc(
        "NUMBERS_ID",
        NUMBERS_ID,
        "Number edge cases: beyond 2^64, 1e308, -0.0, many decimals",
        gen.numbers_document,
    ),
    _doc("EMPTY_OBJECT_ID", EMPTY_OBJECT_ID, "Empty object {}", _const(gen.EMPTY_OBJECT)),
    _doc("EMPTY_ARRAY_ID", EMPTY_ARRAY_ID, "Empty array []", _const(gen.EMPTY_ARRAY)),
    _doc(
        "TOP_LEVEL_ARRAY_ID",
        TOP_LEVEL_ARRAY_ID,
        "Top-level array of mixed values",
        _const(gen.TOP_LEVEL_ARRAY),
    ),
    _doc("SCALAR_ID", SCALAR_ID, "Top-level string scalar", _const(gen.SCALAR_STRING)),
    _doc("NUMBER_SCALAR_ID", NUMBER_SCALAR_ID, "Top-level number 42", _const(gen.SCALAR_NUMBER)),
    _doc("NULL_SCALAR_ID", NULL_SCALAR_ID, "Top-level null", _const(gen.SCALAR_NULL)),
    _fault(
        "SLOW_ID",
        SLOW_ID,
        Fault.SLOW,
        "Slow server",
        "results: 200 with the COLOR_RESULTS_ID array after --slow-seconds",
    ),
    _fault(
        "DRIP_ID",
        DRIP_ID,
        Fault.DRIP,
        "Body trickles in",
        "results: 200 headers at once, then one byte a second for --drip-seconds",
    ),
    _fault(
        "SERVER_ERROR_ID",
        SERVER_ERROR_ID,
        Fault.SERVER_ERROR,
        "Internal server error",
        'status and results: 500 {"detail": ...}',
    ),
    _fault(
        "BAD_GATEWAY_HTML_ID",
        BAD_GATEWAY_HTML_ID,
        Fault.BAD_GATEWAY_HTML,
        "Proxy error page",
        "status and results: 502 with an nginx-style HTML page",
    ),
    _fault(
        "UNAVAILABLE_ID",
        UNAVAILABLE_ID,
        Fault.UNAVAILABLE,
        "Service unavailable",
        "status and results: 503, Retry-After in seconds (--retry-after-seconds)",
    ),
    _fault(
        "RATE_LIMITED_DATE_ID",
        RATE_LIMITED_DATE_ID,
        Fault.RATE_LIMITED_DATE,
        "Rate limited, Retry-After as a date",
        "status and results: 429, Retry-After as an HTTP date --retry-after-seconds ahead",
    ),
    _fault(
        "DROPPED_ID",
        DROPPED_ID,
        Fault.DROPPED,
        "Connection dropped mid-body",
        "results: 200, Content-Length promises more than is sent, then the connection closes",
    ),
    _fault(
        "TRUNCATED_ID",
        TRUNCATED_ID,
        Fault.TRUNCATED,
        "Truncated JSON",
        "results: complete 200 response whose JSON stops part way",
    ),
    _fault(
        "INVALID_UTF8_ID",
        INVALID_UTF8_ID,
        Fault.INVALID_UTF8,
        "Invalid UTF-8",
        "results: 200 application/json containing Latin-1 bytes",
    ),
    _fault(
        "HTML_200_ID",
        HTML_200_ID,
        Fault.HTML_200,
        "HTML instead of JSON",
        "results: 200 text/html (a captive-portal sign-in page)",
    ),
    _fault(
        "GZIP_ID",
        GZIP_ID,
        Fault.GZIP,
        "Gzip-encoded body",
        "results: 200, Content-Encoding gzip; decodes to a JSON object",
    ),
    _fault(
        "EMPTY_BODY_ID",
        EMPTY_BODY_ID,
        Fault.EMPTY_BODY,
        "Empty body",
        "results: 200 application/json with Content-Length 0",
    ),
    _fault(
        "REDIRECT_ID",
        REDIRECT_ID,
        Fault.REDIRECT,
        "Cross-origin redirect",
        "results: 307 to a second listener on another port, which records whether the API key "
        "arrived (GET /sandbox/redirect-target/leaks)",
    ),
)

BY_ID: Final[dict[str, Entry]] = {entry.inference_id: entry for entry in ENTRIES}


def lookup(inference_id: str) -> Entry | None:
    """The catalogue entry for an ID (any letter case), or None."""
    return BY_ID.get(inference_id.lower())


def results_bytes(
    inference_id: str, cache_dir: Path | None = None, *, origin: str | None = None
) -> bytes:
    """The exact 200 results body served for a catalogue ID by a sandbox at `origin`
    (``http://HOST:PORT``, where its picture links point); without it, the links keep the
    placeholder (picture_paths.PLACEHOLDER).

    For GZIP_ID this is the body after gzip decoding. Raises LookupError for IDs with no fixed
    200 body (unknown, failed, error and drip faults, dropped connection, redirect).
    """
    entry = lookup(inference_id)
    if entry is None:
        raise LookupError(f"{inference_id} is not in the sandbox catalogue")
    if entry.inference_id == LARGE_ID:
        body = ensure_large_document(cache_dir).read_bytes()
    elif entry.content is None:
        raise LookupError(f"{entry.constant} has no fixed 200 results body")
    else:
        body = entry.content()
    return body if origin is None else with_origin(body, origin)


def format_table(markdown: bool = False) -> str:
    """The catalogue as a text table (``--list``) or a markdown table (docs)."""
    if markdown:
        lines = [
            "| ID | constant | what it is | expected behaviour |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| `{e.inference_id}` | `{e.constant}` | {e.title} | {e.behaviour} |" for e in ENTRIES
        ]
    else:
        width = max(len(e.constant) for e in ENTRIES)
        lines = [f"{e.inference_id}  {e.constant:<{width}}  {e.title}" for e in ENTRIES]
    return "\n".join(lines) + "\n"
