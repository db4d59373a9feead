"""The one ApiError constructor: a class keeps the facts it declares and refuses others."""

from __future__ import annotations

from typing import Any

import pytest

from vody_desktop.api.errors import (
    ApiError,
    InferenceNotReadyError,
    RateLimitedError,
    ResponseTooLargeError,
    RetryAfterMixin,
    ServerError,
)
from vody_desktop.api.redaction import redact_error


def test_declared_facts_are_kept_and_defaults_apply() -> None:
    error = ResponseTooLargeError(detail="d", status_code=200, size_bytes=5, limit_bytes=3)
    assert (error.size_bytes, error.limit_bytes, error.detail, error.status_code) == (
        5,
        3,
        "d",
        200,
    )
    assert InferenceNotReadyError().inference_status == "in_progress"
    assert RateLimitedError().retry_after_s is None


def test_only_429_and_5xx_carry_a_retry_after() -> None:
    assert isinstance(RateLimitedError(retry_after_s=3), RetryAfterMixin)
    assert isinstance(ServerError(retry_after_s=3), RetryAfterMixin)
    assert not isinstance(InferenceNotReadyError(), RetryAfterMixin)


def test_a_fact_the_class_does_not_declare_is_refused() -> None:
    facts: dict[str, Any] = {"retry_after_s": 3.0}
    with pytest.raises(TypeError, match=r"InferenceNotReadyError.*retry_after_s"):
        InferenceNotReadyError(**facts)
    with pytest.raises(TypeError, match=r"ApiError.*retry_after_s"):
        ApiError(**facts)


def test_a_passed_fact_is_redacted_like_the_texts() -> None:
    error = InferenceNotReadyError(inference_status="running sk-secret")
    redact_error(error, "sk-secret")
    assert error.inference_status == "running [redacted]"
