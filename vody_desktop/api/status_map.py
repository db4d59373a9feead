"""Turning an HTTP error answer (status, headers, the start of the body) into a typed error."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from vody_desktop.api.bodies import (
    decode_json,
    is_html,
    parse_retry_after,
    response_detail,
    server_message,
    wait_advice,
)
from vody_desktop.api.errors import (
    ApiError,
    AuthenticationError,
    InferenceFailedError,
    InferenceNotFoundError,
    InferenceNotReadyError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitedError,
    RequestTimeoutError,
    ServerError,
    UnexpectedStatusError,
)

_FAILED_PREFIX = re.compile(r"^\s*(?:the\s+)?inference\s+(?:has\s+)?failed\s*[:.,;-]?\s*", re.I)


@dataclass(frozen=True)
class ErrorAnswer:
    """An HTTP answer that was not a success, with (the start of) its body."""

    method: str
    url: str
    status_code: int
    reason: str
    headers: Mapping[str, str]  # case-insensitive lookups (httpx.Headers)
    body: bytes
    secret: str  # scrubbed from every text derived from the body

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    def message(self) -> str | None:
        return server_message(self.body, self.content_type, self.secret)

    def detail(self, *extra: str) -> str:
        message = self.message()
        lines = [*extra, *([f"Server message: {message}"] if message else [])]
        return response_detail(
            method=self.method,
            url=self.url,
            status_code=self.status_code,
            reason=self.reason,
            headers=self.headers,
            body=self.body,
            content_type=self.content_type,
            extra=lines,
            secret=self.secret,
        )


def error_for_status(answer: ErrorAnswer) -> ApiError:
    """The typed error for a 4xx/5xx (or unexpected) answer."""
    code = answer.status_code
    detail = answer.detail()
    if code == 401:
        return AuthenticationError(detail=detail, status_code=code)
    if code == 403:
        return PermissionDeniedError(detail=detail, status_code=code)
    if code == 404:
        return InferenceNotFoundError(detail=detail, status_code=code)
    if code == 408:
        return RequestTimeoutError(detail=detail, status_code=code)
    if code == 409:
        return InferenceNotReadyError(
            detail=detail, status_code=code, inference_status=_status_field(answer)
        )
    if code == 413:
        return PayloadTooLargeError(detail=detail, status_code=code)
    if code == 422:
        return _failed(answer, detail)
    if code == 429:
        retry_after = parse_retry_after(answer.headers.get("retry-after"))
        return RateLimitedError(
            advice=wait_advice(retry_after),
            detail=detail,
            status_code=code,
            retry_after_s=retry_after,
        )
    if 500 <= code <= 599:
        return _server_error(answer, detail)
    return _unexpected(answer, detail)


def _status_field(answer: ErrorAnswer) -> str:
    try:
        data = decode_json(answer.body)
    except ValueError:
        return "in_progress"
    value = data.get("status") if isinstance(data, dict) else None
    return value.strip() if isinstance(value, str) and value.strip() else "in_progress"


def _failed(answer: ErrorAnswer, detail: str) -> InferenceFailedError:
    message = answer.message()
    advice = InferenceFailedError.advice
    if message:
        # The title already says it failed: give only the reason ("Inference failed: x" -> x).
        reason = _FAILED_PREFIX.sub("", message) or message
        advice = f"The reason given: “{reason}”. {advice}"
    return InferenceFailedError(
        advice=advice, detail=detail, status_code=answer.status_code, server_message=message
    )


def _server_error(answer: ErrorAnswer, detail: str) -> ServerError:
    code = answer.status_code
    retry_after = parse_retry_after(answer.headers.get("retry-after"))
    title: str | None = None
    advice: str | None = None
    if is_html(answer.body, answer.content_type):
        # A proxy or load balancer answered with its own page (typically 502/503/504). The
        # person needs to know only that the service had trouble; the proxy goes in the detail
        # (which already names the page's <title>).
        title = "The Vody service had a temporary problem"
        detail = answer.detail(
            "The answer was a web page from a proxy or load balancer in front of the service."
        )
    elif code == 503:
        title = "The Vody service is unavailable for the moment"
    elif code == 504:
        title = "The server took too long to answer"
    if code == 503 or retry_after is not None:
        advice = f"This was not caused by anything you did. {wait_advice(retry_after)}"
    return ServerError(title, advice, detail=detail, status_code=code, retry_after_s=retry_after)


def _unexpected(answer: ErrorAnswer, detail: str) -> UnexpectedStatusError:
    message = answer.message()
    title: str | None = None
    advice = UnexpectedStatusError.advice
    if answer.status_code == 400:
        title = "The server did not accept the request"
        advice = "Check the inference ID and try again. If it keeps happening, copy the details "
        advice += "into a support ticket."
    if message:
        advice = f"The server said: “{message}”. {advice}"
    return UnexpectedStatusError(title, advice, detail=detail, status_code=answer.status_code)
