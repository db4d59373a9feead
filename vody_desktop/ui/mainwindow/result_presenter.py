"""`ResultPresenter`: what a person sees of a lookup, from its start to its `LookupResult`.

It is given the widgets it fills (the message area, the status summary, the result header,
the result view), the raw-body saver and the downloader it offers, and a status line; it knows
nothing of the window. When a lookup starts, the result on show leaves the screen (the history
keeps it) and the header names the inference and environment asked for, so an answer never
sits under another ID. When it finishes, the header, summary, message and result say what came
back: a tree, text that is not JSON, a too-large result to save instead, or why there is none.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Signal

from vody_desktop.api.errors import ApiError, InferenceFailedError, ResponseTooLargeError
from vody_desktop.api.retry import RetryNotice
from vody_desktop.document.json_document import JsonDocument
from vody_desktop.lookup import LookupRequest, LookupResult
from vody_desktop.ui.files.body_download import BodyDownloader
from vody_desktop.ui.files.raw_body_saver import RawBodySaver
from vody_desktop.ui.mainwindow.result_header import ResultHeader
from vody_desktop.ui.mainwindow.status_summary import StatusSummary
from vody_desktop.ui.result.result_view import ResultView
from vody_desktop.ui.widgets.message_area import MessageArea
from vody_desktop.ui.widgets.status_line import StatusLine
from vody_desktop.waiting import WaitProgress, is_running
from vody_desktop.words import human_size, local_time, status_words

LOADED_MS = 10_000


class ResultPresenter(QObject):
    """Fills the result area from the lookup controller's signals."""

    #: The person asked to wait for the shown, still running inference (a `LookupRequest`).
    waitRequested = Signal(object)

    def __init__(
        self,
        *,
        messages: MessageArea,
        summary: StatusSummary,
        header: ResultHeader,
        results: ResultView,
        raw_saver: RawBodySaver,
        downloader: BodyDownloader,
        status_line: StatusLine,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._messages = messages
        self._summary = summary
        self._header = header
        self._results = results
        self._raw_saver = raw_saver
        self._downloader = downloader
        self._status_line = status_line

    # -- a lookup's life -------------------------------------------------------------------
    def show_started(self, request: LookupRequest) -> None:
        """A new lookup: the result on show leaves the screen, so it is not read as this one's."""
        self._results.clear_result()
        self._summary.clear()
        self._status_line("", 0)  # "Loaded 2 KB in 0.10 s" was about that result
        self._raw_saver.forget()
        self._messages.clear()
        self._header.looking_up(request.inference_id, request.where)

    def show_stopped(self, *, quietly: bool) -> None:
        """The lookup in flight was cancelled (by the person unless `quietly`)."""
        self._header.stopped()
        if not quietly:
            self._messages.info("Lookup cancelled", "Nothing was changed. Fetch again when ready.")

    def show_notice(self, notice: RetryNotice) -> None:
        """A live countdown: the form's Cancel (and Esc) stops the retry; Dismiss hides it for
        the rest of this lookup."""
        if notice.seconds_left == 0:
            self._messages.end_progress()
        else:
            self._messages.progress(notice.title(), notice.advice(), notice.error.detail)

    def show_wait_progress(self, progress: WaitProgress) -> None:
        self._summary.show_status(progress.status)
        self._messages.progress(progress.title(), progress.advice())

    def show_result(self, result: LookupResult) -> None:
        """What came back: the tree, text that is not JSON, or why there is none."""
        request = result.request
        if result.error is not None:
            self._header.no_result(request.inference_id, request.where)
            self._messages.show_error(result.error)
            return
        status = result.status
        if status is not None:
            self._summary.show_status(status)
        else:
            self._summary.clear()  # a row of dashes says nothing; the message says what happened
        if result.document is not None:
            self._show_document(result, result.document)
        elif result.unreadable is not None and result.body is not None:
            self._header.showing(request.inference_id, request.where, "answer shown as text")
            self._results.show_text(result.unreadable.text)
            self._messages.show_error(result.unreadable.problem)
            self._raw_saver.offer(result.body, request.inference_id)
        else:
            self._show_no_results(result)

    def show_saved_copy(
        self, inference_id: str, environment: str, saved_at: datetime, document: JsonDocument
    ) -> None:
        """A copy kept in the history, marked as such (it was not fetched again)."""
        when = local_time(saved_at)
        self._summary.show_unavailable(f"Saved copy of {inference_id}")
        self._header.showing(inference_id, environment, f"copy saved on {when}")
        self._results.show_document(document)
        self._messages.info(
            f"Showing the copy saved on {when}",
            "It was not fetched again. Use Open again in the history for the latest "
            "results (and to export them).",
        )

    # -- the kinds of answer -----------------------------------------------------------------
    def _show_document(self, result: LookupResult, document: JsonDocument) -> None:
        request, outcome = result.request, result.outcome
        self._header.showing(request.inference_id, request.where)
        self._results.show_document(document)
        elapsed = outcome.results.elapsed_s if outcome and outcome.results else 0.0
        self._status_line(f"Loaded {human_size(document.size_bytes)} in {elapsed:.2f} s", LOADED_MS)
        if outcome is not None and outcome.status_error is not None:
            self._messages.info(
                "Results shown, but the status could not be read",
                outcome.status_error.title,
                outcome.status_error.detail,
            )

    def _show_no_results(self, result: LookupResult) -> None:
        request, outcome, status = result.request, result.outcome, result.status
        self._results.clear_result()
        running = status is not None and is_running(status)
        if running:
            self._header.showing(request.inference_id, request.where, "no result yet")
        else:
            self._header.no_result(request.inference_id, request.where)
        error = outcome.results_error or outcome.status_error if outcome else None
        state = status.status if status is not None else ""
        if state == "in_progress" and error is not None:
            self._messages.info(
                f"This inference is {status_words(state).lower()}",
                "Results appear once it has completed. Fetch again in a moment.",
                error.detail,
            )
            if running:
                self._messages.set_action(
                    "W&ait until complete", lambda: self.waitRequested.emit(request)
                )
        elif state == "failed" and error is not None:
            failed = isinstance(error, InferenceFailedError)
            self._messages.error(
                InferenceFailedError.title,
                error.advice if failed else InferenceFailedError.advice,
                error.detail,
            )
        elif isinstance(error, ResponseTooLargeError):
            self._downloader.offer(error)
        elif isinstance(error, ApiError):
            advice = error.advice_for(custom_address=request.custom_address)
            self._messages.error(error.title, advice, error.detail)
        elif error is not None:
            self._messages.show_error(error)
