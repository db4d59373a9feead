"""Why a successful answer (HTTP 200) could not be opened as a result, said for a person.

The document layer reports *where* the bytes stop being JSON; this module turns that into what
happened, which decides what the person can do: an answer that was cut off may arrive whole
next time; text in the wrong encoding will not, so it goes to support; a web page means a
network that wants a sign-in (hotel or guest Wi-Fi); a blank answer is not an empty result.
Every wording says the received text is shown in the Raw JSON tab, because the window shows it
there. Qt-free, so the window and the command line say the same.
"""

from __future__ import annotations

from enum import Enum
from http import HTTPStatus

from vody_desktop.api.bodies import is_html, response_detail
from vody_desktop.api.models import ResultsBody
from vody_desktop.api.redaction import redact
from vody_desktop.document.errors import EmptyDocumentError, InvalidJsonError
from vody_desktop.errors import UserFacingError

_RAW = "shown as text in the Raw JSON tab"
_TICKET = "if it keeps happening, copy the details into a support ticket."


class Unreadable(Enum):
    """What was wrong with the answer."""

    INCOMPLETE = "incomplete"
    WRONG_ENCODING = "wrong encoding"
    WEB_PAGE = "web page"
    BLANK = "blank"
    DAMAGED = "damaged"


_WORDS: dict[Unreadable, tuple[str, str]] = {
    Unreadable.INCOMPLETE: (
        "The result arrived incomplete",
        "The answer stops part way through, so it can't be shown as a tree; the part that "
        f"arrived is {_RAW}. Fetch again; {_TICKET}",
    ),
    Unreadable.WRONG_ENCODING: (
        "The server sent text in the wrong encoding",
        "Some characters are not UTF-8 text, so the result can't be shown as a tree; it is "
        f"{_RAW}. Fetching again will not change it: copy the details into a support ticket.",
    ),
    Unreadable.WEB_PAGE: (
        "The server sent a web page instead of the result",
        "Networks that ask you to sign in first (hotel or guest Wi-Fi) do this. Sign in through "
        f"your web browser, then fetch again. The page is {_RAW}.",
    ),
    Unreadable.BLANK: (
        "The server's answer was blank",
        "It held no result at all, not even an empty list. Fetch again; if it stays blank, "
        "copy the details into a support ticket.",
    ),
    Unreadable.DAMAGED: (
        "The result is damaged",
        "The answer is not valid JSON at the place named in the details, so it can't be "
        f"shown as a tree; it is {_RAW}. Fetch again; {_TICKET}",
    ),
}
_WEB_PAGE_AT_CUSTOM_ADDRESS = (
    "Check the server address you entered: it may lead to a website rather than the Vody API. "
    "On a network that asks you to sign in first (hotel or guest Wi-Fi), sign in through your "
    f"web browser, then fetch again. The page is {_RAW}."
)


class UnreadableResultError(UserFacingError):
    """A 200 answer that is not a result the app can open; `kind` says what was wrong."""

    def __init__(
        self, title: str, advice: str, detail: str, *, kind: Unreadable, status_code: int
    ) -> None:
        super().__init__(title, advice, detail)
        self.kind = kind
        self.status_code = status_code


def kind_of(body: bytes, content_type: str, error: InvalidJsonError) -> Unreadable:
    """What was wrong, from the bytes and where the document layer stopped."""
    if isinstance(error, EmptyDocumentError):
        return Unreadable.BLANK
    if is_html(body, content_type):
        return Unreadable.WEB_PAGE
    if error.reason.startswith("the bytes are not valid UTF-8"):
        return Unreadable.WRONG_ENCODING
    # Cut off: the problem sits at the end (an open string, array or object, a half number).
    if "cut off" in error.reason or (
        error.position is not None and error.position >= len(body.rstrip())
    ):
        return Unreadable.INCOMPLETE
    return Unreadable.DAMAGED


def unreadable_result(
    results: ResultsBody,
    error: InvalidJsonError,
    *,
    custom_address: bool = False,
    secret: str = "",
) -> UnreadableResultError:
    """The message for `results`, whose body `JsonDocument.parse` refused with `error`."""
    body, content_type = results.body, results.content_type
    kind = kind_of(body, content_type, error)
    title, advice = _WORDS[kind]
    if kind is Unreadable.WEB_PAGE and custom_address:
        advice = _WEB_PAGE_AT_CUSTOM_ADDRESS
    return UnreadableResultError(
        title,
        advice,
        redact(_detail(results, error, kind), secret),
        kind=kind,
        status_code=results.status_code,
    )


def _detail(results: ResultsBody, error: InvalidJsonError, kind: Unreadable) -> str:
    """The request, the HTTP status, what arrived, and where it stopped being JSON."""
    try:
        reason = HTTPStatus(results.status_code).phrase
    except ValueError:
        reason = ""
    received = f"Received: {len(results.body):,} bytes"
    if kind is Unreadable.WEB_PAGE:
        return response_detail(
            method="GET",
            url=results.url,
            status_code=results.status_code,
            reason=reason,
            headers={},
            body=results.body,
            content_type=results.content_type,
            extra=[received],
        )
    lines = [f"GET {results.url}", f"HTTP {results.status_code} {reason}".rstrip()]
    if results.content_type:
        lines.append(f"Content-Type: {results.content_type}")
    lines.append(received)
    if error.detail:
        lines.append(f"Where it stops being JSON: {error.detail}")
    return "\n".join(lines)
