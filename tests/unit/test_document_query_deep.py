"""run_query on results nested too deeply to follow: a plain QueryError, never a RecursionError."""

from __future__ import annotations

import threading

import pytest

from vody_desktop.document.query import QueryError, TooDeepError, run_query
from vody_desktop.sandbox import catalogue

DEEP = catalogue.results_bytes(catalogue.DEEP_ID)
#: Two equal values 10,000 levels deep (Python 3.13 still compares 5,000 levels).
TWINS = b"[" + b"[" * 10_000 + b"]" * 10_000 + b", " + b"[" * 10_000 + b"]" * 10_000 + b"]"


def in_worker(data: bytes, query: str) -> BaseException | None:
    """Run the query on a worker thread, as the window does; the exception it ended with."""
    outcome: list[BaseException | None] = [None]

    def work() -> None:
        try:
            run_query(data, query)
        except BaseException as error:  # handed back to the test
            outcome[0] = error

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    return outcome[0]


@pytest.mark.parametrize(
    ("data", "query", "cause"),
    [
        (DEEP, "$..level", "JSONPathRecursionError"),
        (DEEP, "$[?count(@..*) > 0]", "JSONPathRecursionError"),
        (TWINS, "$[?@ == $[1]]", "RecursionError: maximum recursion depth exceeded"),
    ],
)
def test_a_result_too_deep_for_the_query_is_explained(data: bytes, query: str, cause: str) -> None:
    error = in_worker(data, query)
    assert isinstance(error, TooDeepError)
    assert error.title == "This result is nested too deeply for this query"
    assert "Find (Ctrl+F)" in error.advice
    assert f"Query: {query}" in error.detail
    assert cause in error.detail


def test_named_steps_go_deeper_than_searching_at_any_depth() -> None:
    steps = "".join(".child" if level % 2 else "[1]" for level in range(1, 201))
    assert in_worker(DEEP, "$" + steps) is None


def test_a_query_that_cannot_be_read_is_still_a_syntax_problem() -> None:
    error = in_worker(DEEP, "$[*.level")
    assert isinstance(error, QueryError)
    assert not isinstance(error, TooDeepError)
