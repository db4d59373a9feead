"""Structured selection with JSONPath (`$[*].colors[0].hex`), answered as row paths of the tree.

The parser and evaluator are python-jsonpath (RFC 9535 with a few helpful extensions, actively
maintained, no dependencies, typed, lazy `finditer`), not a hand-written parser. It works on
Python values, so the document is decoded first: member by member for large containers (each
msgspec call small, so a worker thread never holds the GIL long), then queried lazily with a
check for "stop" between results. Each result is turned into the row path the tree uses, so
selecting a result selects its node. Meant to run in a worker thread; no Qt here.

python-jsonpath is imported on the first query, not with this module: it takes about 30 ms
(its lexer compiles many regular expressions), and the window imports this module at start-up.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import msgspec

from vody_desktop.document.scanner import build_python
from vody_desktop.document.search import RowPath
from vody_desktop.errors import UserFacingError

if TYPE_CHECKING:
    import jsonpath

#: Containers larger than this are decoded member by member.
DECODE_SPLIT_BYTES = 256 * 1024
#: At most this many results are listed.
MAX_RESULTS = 10_000
EXAMPLE = "$[*].colors[0].hex"


@functools.cache
def _environment() -> jsonpath.JSONPathEnvironment:
    import jsonpath

    return jsonpath.JSONPathEnvironment()


class QueryError(UserFacingError):
    """The query text is not a JSONPath expression we can run."""

    title = "This query can't be read"
    advice = (
        "A query starts with $ and names the steps to a value, for example "
        f"{EXAMPLE} (the hex of the first colour of every item)."
    )


class TooDeepError(QueryError):
    """The result is nested deeper than the query can follow."""

    title = "This result is nested too deeply for this query"
    advice = (
        "The query would have to follow more levels than it can. Name each step instead of "
        f"searching at any depth with .. (as in {EXAMPLE}), or use Find (Ctrl+F), which "
        "looks through every level."
    )


class QueryCancelledError(Exception):
    """The query was stopped (a newer one started, or the result was closed)."""


@dataclass(slots=True)
class QueryResult:
    """Row paths of the selected nodes (document order as the query yields them)."""

    paths: list[RowPath] = field(default_factory=list)
    truncated: bool = False


def compile_query(expression: str) -> jsonpath.JSONPath | jsonpath.CompoundJSONPath:
    """Parse `expression`; QueryError with a plain explanation if it is not valid."""
    import jsonpath

    text = expression.strip()
    if not text:
        raise QueryError("Type a query first", QueryError.advice)
    try:
        return _environment().compile(text)
    except jsonpath.JSONPathError as error:
        token = getattr(error, "token", None)
        where = f" near character {token.index + 1}" if token is not None else ""
        message = _first_line(error)
        raise QueryError(
            f"This query can't be read: there is a problem{where}",
            QueryError.advice,
            f"JSONPath error: {message}\nQuery: {text}",
        ) from None


def run_query(
    data: bytes | memoryview,
    expression: str,
    should_stop: Callable[[], bool] = lambda: False,
    limit: int = MAX_RESULTS,
) -> QueryResult:
    """Run a JSONPath query over a whole document; QueryError or QueryCancelledError."""
    import jsonpath

    path = compile_query(expression)
    value = decode_in_pieces(memoryview(data), should_stop)
    result = QueryResult()
    rows = _RowFinder()
    try:
        for match in path.finditer(value):
            if should_stop():
                raise QueryCancelledError
            row_path = rows.row_path(value, match.parts)
            if row_path is None:
                continue
            if len(result.paths) >= limit:
                result.truncated = True
                break
            result.paths.append(row_path)
    except RecursionError as error:
        # python-jsonpath follows `..` at most 100 levels down (JSONPathRecursionError, a
        # RecursionError too), and comparing deep values recurses in Python: a 10,000-level
        # result stops both. The query itself is fine, so the syntax advice would mislead.
        raise TooDeepError(
            detail=f"Query: {expression.strip()}\n{type(error).__name__}: {_first_line(error)}"
        ) from None
    except jsonpath.JSONPathError as error:
        raise QueryError(
            "This query can't be run on this result",
            QueryError.advice,
            f"JSONPath error: {_first_line(error)}",
        ) from None
    return result


def _first_line(error: BaseException) -> str:
    return (str(error).splitlines() or [""])[0]


def decode_in_pieces(view: memoryview, should_stop: Callable[[], bool]) -> Any:
    """Decode a valid JSON value; large containers one member at a time."""
    view = _strip(view)
    try:
        if len(view) <= DECODE_SPLIT_BYTES or view[0] not in b"[{":
            return msgspec.json.decode(view)
        if should_stop():
            raise QueryCancelledError
        if view[0] == ord("["):
            items = msgspec.json.decode(view, type=list[msgspec.Raw])
            return [decode_in_pieces(memoryview(item), should_stop) for item in items]
        members = msgspec.json.decode(view, type=dict[str, msgspec.Raw])
    except (RecursionError, msgspec.DecodeError):
        return build_python(view)  # too deep for msgspec, or a number beyond float range
    return {key: decode_in_pieces(memoryview(raw), should_stop) for key, raw in members.items()}


class _RowFinder:
    """Turns a match's parts (keys and indexes) into the rows of the tree."""

    def __init__(self) -> None:
        self._key_rows: dict[int, dict[str, int]] = {}

    def row_path(self, value: Any, parts: tuple[Any, ...]) -> RowPath | None:
        rows: list[int] = []
        for part in parts:
            if isinstance(value, list) and isinstance(part, int) and not isinstance(part, bool):
                row = part if part >= 0 else len(value) + part
                if not 0 <= row < len(value):
                    return None
            elif isinstance(value, dict) and isinstance(part, str) and part in value:
                key_rows = self._key_rows.get(id(value))
                if key_rows is None:
                    key_rows = self._key_rows[id(value)] = {k: i for i, k in enumerate(value)}
                row = key_rows[part]
            else:
                return None  # a key or property name selector: not a node of the tree
            rows.append(row)
            value = value[part]
        return tuple(rows)


def _strip(view: memoryview) -> memoryview:
    start, end = 0, len(view)
    while start < end and view[start] in b" \t\r\n\xef\xbb\xbf":
        start += 1
    while end > start and view[end - 1] in b" \t\r\n":
        end -= 1
    return view[start:end]
