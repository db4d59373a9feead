"""The typed failures of the API layer, each described for a person who is not a programmer.

Every class has a plain-language default `title` and `advice`; the code that raises one may
replace them with a more precise wording and adds the technical `detail` (status, URL, request
IDs, a body snippet). `status_code` is the HTTP status when the server answered, else None.
`custom_address_advice`, when set, replaces the advice if the person typed the server address
themselves: "check the address" helps only then, not when it was picked from a list.
None of these texts may contain the API key: the client scrubs every error before raising it.
"""

from __future__ import annotations

from typing import TypedDict, Unpack

from vody_desktop.errors import UserFacingError

_TRY_AGAIN_OR_TICKET = "Try again. If it keeps happening, copy the details into a support ticket."


class ErrorFacts(TypedDict, total=False):
    """The facts some errors carry besides their texts, passed to the constructor by keyword.

    A class takes only the facts it declares as class attributes (the default); the others
    raise TypeError, as an unknown keyword argument would.
    """

    retry_after_s: float | None
    inference_status: str
    server_message: str | None
    size_bytes: int
    limit_bytes: int


class ApiError(UserFacingError):
    """Base class of every failure raised by `vody_desktop.api`, and its one constructor.

    Subclasses are their `title` and `advice` (plus the facts they declare); they do not
    repeat this constructor.
    """

    custom_address_advice: str | None = None

    def __init__(
        self,
        title: str | None = None,
        advice: str | None = None,
        detail: str = "",
        *,
        status_code: int | None = None,
        custom_address_advice: str | None = None,
        **facts: Unpack[ErrorFacts],
    ) -> None:
        super().__init__(title, advice, detail)
        self.status_code = status_code
        if custom_address_advice is not None:
            self.custom_address_advice = custom_address_advice
        for name, value in facts.items():
            # One constructor for every class, so it checks what a per-class signature would.
            if not hasattr(type(self), name):
                raise TypeError(
                    f"{type(self).__name__}() got an unexpected keyword argument {name!r}"
                )
            # On the instance, where redaction (which scrubs instance attributes) finds it.
            setattr(self, name, value)

    def advice_for(self, *, custom_address: bool) -> str:
        """The advice to show, knowing whether the person typed the server address."""
        if custom_address and self.custom_address_advice:
            return self.custom_address_advice
        return self.advice

    def __repr__(self) -> str:
        return f"{type(self).__name__}(title={self.title!r}, status_code={self.status_code!r})"


class RetryAfterMixin:
    """Mixed into the errors whose answer may say how long to wait (a Retry-After header).

    `retry_after_s` is that wait in seconds, None when the server did not say; the retry policy
    and the advice ("try again in about ...") read it.
    """

    retry_after_s: float | None = None


# --- What the person typed -------------------------------------------------------------------


class MissingApiKeyError(ApiError):
    title = "Enter your API key"
    advice = "Paste the API key you received for this environment into the API key field."


class InvalidApiKeyError(ApiError):
    title = "The API key contains characters that cannot be part of a key"
    advice = "Copy the key again exactly as you received it, without extra text or line breaks."


class InvalidBaseUrlError(ApiError):
    title = "The server address is not valid"
    advice = "Enter an address like https://prod-api.vody.com"


class InsecureBaseUrlError(ApiError):
    title = "The server address must start with https://"
    advice = (
        "Your API key would travel unprotected over plain http://. Use the https:// address "
        "of the server (plain http:// is only allowed for a server on this computer)."
    )


# --- What the server answered ------------------------------------------------------------------


class AuthenticationError(ApiError):
    title = "The API key is missing or has expired"
    advice = "Enter your API key again. If it is new, check that you copied the whole key."


class PermissionDeniedError(ApiError):
    title = "The API key was not accepted"
    advice = (
        "Check that you copied the whole key, and that it belongs to the environment you chose "
        "(Production or Development)."
    )


class InferenceNotFoundError(ApiError):
    title = "No inference was found with this ID"
    advice = (
        "Check the ID, and that you chose the right environment: an ID from Production "
        "will not be found in Development."
    )


class InferenceNotReadyError(ApiError):
    title = "This inference is still running"
    advice = "Its results are not ready yet. Try again in a moment."
    inference_status: str = "in_progress"


class InferenceFailedError(ApiError):
    title = "This inference failed"
    advice = "It has no results. Check its inputs and submit it again, or ask for help."
    server_message: str | None = None


class PayloadTooLargeError(ApiError):
    title = "The server says this result is too large to send"
    advice = "Copy the details into a support ticket so the Vody team can help you get it."


class RateLimitedError(RetryAfterMixin, ApiError):
    """429. `retry_after_s` is what the server asked us to wait, if it said (for a retry policy)."""

    title = "Too many requests were sent with this API key"
    advice = "Try again in a minute."


class ServerError(RetryAfterMixin, ApiError):
    """5xx. `retry_after_s` is set when the server sent Retry-After (typically with 503)."""

    title = "The Vody server had a problem"
    advice = (
        "This was not caused by anything you did. Try again in a few minutes. "
        "If it keeps happening, copy the details into a support ticket."
    )


class UnexpectedStatusError(ApiError):
    title = "The server gave an unexpected answer"
    advice = _TRY_AGAIN_OR_TICKET


class InvalidResponseError(ApiError):
    title = "The server's answer could not be read"
    advice = (
        "Try again. If it keeps happening, the server address may point to a different service; "
        "copy the details into a support ticket."
    )


class EmptyResponseError(ApiError):
    # Not "empty result": that reads like a valid answer with no items ({} or []).
    title = "The server's answer was blank"
    advice = (
        "It held no result at all, not even an empty list. Fetch again; if it stays blank, "
        "copy the details into a support ticket."
    )


class ResponseTooLargeError(ApiError):
    """The body passed the size cap. `size_bytes` is the declared size, or what we had read."""

    title = "The result is too large to open"
    advice = "Copy the details into a support ticket so the Vody team can help you get it."
    size_bytes: int = 0
    limit_bytes: int = 0


class RedirectError(ApiError):
    title = "The server sent the request to a different address"
    advice = (
        "For your safety the API key was not sent there. If it keeps happening, copy the "
        "details into a support ticket."
    )
    custom_address_advice = (
        "For your safety the API key was not sent there. Check the server address you "
        "entered; if it is right, copy the details into a support ticket."
    )


# --- The network ---------------------------------------------------------------------------------


class CannotResolveHostError(ApiError):
    title = "The server address could not be found"
    advice = (
        "Check your network connection. If you use a VPN, check that it is connected, then "
        "try again."
    )
    custom_address_advice = (
        "Check the server address you entered and your network connection. If you use a VPN, "
        "check that it is connected."
    )


class ServerUnreachableError(ApiError):
    title = "The server could not be reached"
    advice = (
        "Check your network connection (and VPN, if you use one), then try again. "
        "The server may also be down for a moment."
    )


class TlsError(ApiError):
    title = "The server's security certificate could not be verified"
    advice = (
        "This happens when the server address is wrong, or on a company network whose proxy "
        "inspects secure traffic and its certificate is not installed on this computer. Check "
        "the address, then ask your IT team for help."
    )


class RequestTimeoutError(ApiError):
    title = "The server took too long to answer"
    advice = (
        "Check your network connection and try again. If it keeps happening, copy the details "
        "into a support ticket."
    )


class ConnectionDroppedError(ApiError):
    title = "The connection was cut off before the answer was complete"
    # Not only the person's network: the server or a proxy can stop part way too.
    advice = (
        "This happens on an unsteady network, or when the server or a proxy in front of it "
        "stops part way. Fetch again; if it keeps happening, copy the details into a support "
        "ticket."
    )
