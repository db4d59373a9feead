"""The one error shape every layer hands to the window: a title, advice and technical detail.

The api/ and document/ layers raise subclasses of `UserFacingError`; the window shows `title` and
`advice` in plain language and keeps `detail` (status codes, a body snippet) one click away.
None of the three may ever contain the API key.
"""

from __future__ import annotations


class UserFacingError(Exception):
    """An expected failure, described for a person who is not a programmer."""

    title: str = "Something went wrong"
    advice: str = "Try again. If it keeps happening, copy the details into a support ticket."

    def __init__(
        self,
        title: str | None = None,
        advice: str | None = None,
        detail: str = "",
    ) -> None:
        if title is not None:
            self.title = title
        if advice is not None:
            self.advice = advice
        self.detail = detail
        super().__init__(self.title)

    def __str__(self) -> str:
        return self.title
