"""The review app: one factory, :func:`create_app`, used by the CLI and the tests."""

from __future__ import annotations

import gc
import time
from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from review_tool.errors import InputError
from review_tool.po.store import PoEntry, SaveReport
from review_tool.review.ordered_writer import WriteResult
from review_tool.review.session import ApprovalRefused, ReadOnlySegment, ReviewSession
from review_tool.tui.browsing import BrowsingApp
from review_tool.tui.panels import StatusLine
from review_tool.tui.render import finding_line, one_line
from review_tool.tui.screens import ConfirmScreen

READ_PROGRESS_EVERY = 1.0  # seconds between updates of the screen while the PO is read


class ReviewApp(BrowsingApp):
    """The review screen: :class:`BrowsingApp` plus everything that writes the PO."""

    class ScanProgress(Message):
        """The background findings scan has checked ``done`` of ``total`` segments."""

        def __init__(self, done: int, total: int) -> None:
            self.done = done
            self.total = total
            super().__init__()

    class ReadProgress(Message):
        """The PO file is read further (``done``: to the end)."""

        def __init__(self, done: bool) -> None:
            self.done = done
            super().__init__()

    class ReadFailed(Message):
        """The rest of the PO file turned out broken: the review cannot go on."""

        def __init__(self, error: InputError) -> None:
            self.error = error
            super().__init__()

    class Saved(Message):
        """The session's background writer finished a write (or failed it)."""

        def __init__(self, outcome: WriteResult) -> None:
            self.outcome = outcome
            super().__init__()

    def __init__(
        self,
        session: ReviewSession,
        *,
        scan: bool = True,
        debounce: float = 0.25,
    ) -> None:
        super().__init__(session, debounce=debounce)
        self.scan = scan
        self.quit_error: str | None = None
        # The PO file could not be read to its end (raised again by run(), so that the
        # command fails with it as it would had the whole file been read before the screen).
        self.read_error: InputError | None = None
        self.first_screen = False  # set once the first screen is drawn

    def on_mount(self) -> None:
        report = self.session.import_report
        if report is not None:
            self.notify(
                f"Imported into {self.session.display_path}: {report.added} new, "
                f"{report.unchanged} unchanged, {report.fuzzy} fuzzy",
                markup=False,
            )
        self.session.on_saved = self._post_saved
        self.show_segment(self.session.current)
        self.segments.focus()
        if self.scan and not self.session.reading:
            self.scan_findings()
        self.call_after_refresh(self._first_screen_drawn)

    def _first_screen_drawn(self) -> None:
        """The first screen is up: read the rest of a large PO file behind it."""
        self.first_screen = True
        if self.session.reading:
            self.read_rest()

    def run(self, *args: Any, **kwargs: Any) -> Any:
        """App.run, then the error of a PO file found broken behind the first screen."""
        result = super().run(*args, **kwargs)
        if self.read_error is not None:
            raise self.read_error
        return result

    # -- reading the rest of the PO file -----------------------------------------------------

    @work(thread=True, exclusive=True, group="read")
    def read_rest(self) -> None:
        """Read the PO file to its end (a few MB a step, so that the screen keeps its turns);
        whatever needs every segment or writes waits for it (see ReviewSession.store)."""
        worker = get_current_worker()
        # No cyclic garbage collection while the catalog grows: each full collection would
        # walk all of it again (several seconds in all at 100 000 entries).  Once read, it
        # stays as long as the screen: out of the collector's way, as review-tool review
        # does with what it read before the screen.
        collecting = gc.isenabled()
        gc.disable()
        shown = time.monotonic()
        try:
            while not self.session.read_more():
                if worker.is_cancelled:
                    return
                if time.monotonic() - shown >= READ_PROGRESS_EVERY:  # each redraws a lot
                    shown = time.monotonic()
                    self.post_message(self.ReadProgress(False))
            gc.freeze()
        except InputError as error:
            self.post_message(self.ReadFailed(error))
            return
        finally:
            if collecting:
                gc.enable()
        self.post_message(self.ReadProgress(True))

    def on_review_app_read_progress(self, message: ReadProgress) -> None:
        self.segments.grow()
        self.refresh_status()
        if message.done and self.scan:
            self.scan_findings()

    def on_review_app_read_failed(self, message: ReadFailed) -> None:
        self.read_error = message.error
        self.exit(return_code=2)

    def read_all(self) -> bool:
        """Whether the whole PO file is read, reading the rest now if the worker has not
        finished yet (what needs every segment, and every write, waits for it).  False when
        the file turns out broken: the review ends with its error."""
        if not self.session.reading:
            return True
        try:
            self.session.store  # noqa: B018 - reads the rest
        except InputError as error:
            self.read_error = error
            self.exit(return_code=2)
            return False
        return True

    def refresh_status(self) -> None:
        work = " · ".join(w for w in (self._scan_text, self._mt_text) if w)
        for status in self.query("#status").results(StatusLine):  # none while shutting down
            status.show(self.session, work)

    # -- events ------------------------------------------------------------------------------

    def on_review_app_scan_progress(self, message: ScanProgress) -> None:
        done = message.done >= message.total
        self._scan_text = "" if done else f"checking {message.done * 100 // message.total}%"
        self.scan_state = "done" if done else "running"
        self.segments.refresh()
        self.refresh_status()

    @work(thread=True, exclusive=True, group="scan")
    def scan_findings(self) -> None:
        """Fill the findings of every segment in the background (for the ! marks)."""
        self.scan_state = "running"
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if not worker.is_cancelled:
                self.post_message(self.ScanProgress(done, total))

        try:
            self.session.scan_findings(progress, lambda: worker.is_cancelled)
        except IndexError:  # entries changed under us (a merge): the marks fill in lazily
            self.post_message(self.ScanProgress(1, 1))

    # -- writing the PO file ---------------------------------------------------------------

    def _post_saved(self, outcome: WriteResult) -> None:
        self.post_message(self.Saved(outcome))  # (from the writer thread)

    def on_review_app_saved(self, message: Saved) -> None:
        """A write of the session's background writer ended: show how."""
        outcome = message.outcome
        if outcome.error is not None:
            self.notify(
                f"Not saved: {outcome.error}. The text is still in the editor.",
                severity="error",
                markup=False,
                timeout=15,
            )
        self.session.after_write(outcome)
        report = outcome.result
        if outcome.error is not None or report.conflicts or report.merged_external:
            self.after_write(report)
        else:
            self.segments.refresh()
        self.refresh_status()

    async def action_quit(self) -> None:
        """Quit once the PO file holds every approval and draft (or say why it could not)."""
        self.commit_typing()
        if self.read_all() and len(self.session):
            self.save_draft_of(self.session.current)  # the draft you quit on, kept
        self.session.flush()
        if self.session.save_state == "error":
            self.quit_error = self.session.save_error
        self.exit()

    # -- actions -----------------------------------------------------------------------------

    def action_approve(self) -> None:
        self._write(fuzzy=False)

    def action_fuzzy(self) -> None:
        self._write(fuzzy=True)

    def _write(self, fuzzy: bool) -> None:
        s = self.session
        if not self.read_all():
            return
        if not s.editable():
            self.notify(s.note(), severity="warning", markup=False)
            return
        self.commit_typing()
        text = self.editor_value()  # every form of a plural entry
        texts = [text] if isinstance(text, str) else text
        if not all(t.strip() for t in texts):
            self.notify("Nothing to save: the editor is empty.", severity="warning")
            return
        errors = [f for t in texts for f in s.error_findings(t)] if not fuzzy else []
        if errors:
            detail = Text()
            for n, f in enumerate(errors[:5], 1):
                detail.append_text(finding_line(n, f))
                detail.append("\n")
            index = s.current

            def answer(ok: bool | None) -> None:
                if ok:
                    self._do_write(index, text, fuzzy)

            self.push_screen(
                ConfirmScreen(f"Approve with {len(errors)} error finding(s)?", detail), answer
            )
            return
        self._do_write(s.current, text, fuzzy)

    def _do_write(self, index: int, text: str | list[str], fuzzy: bool) -> None:
        s = self.session
        try:
            s.mark_fuzzy(text, index) if fuzzy else s.approve(text, index)
        except (ReadOnlySegment, ApprovalRefused, ValueError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.after_write(None)
        verb = "Marked fuzzy" if fuzzy else "Approved"
        self.notify(f"{verb} #{index + 1}", markup=False)
        self.refresh_status()
        if not fuzzy and self.advance_on_approve:
            self.go_to_next_pending(index)

    def notify_conflict(
        self,
        msgctxt: str | None,
        index: int | None,
        msgid: str,
        ours: Sequence[str],
        theirs: PoEntry | None,
    ) -> None:
        name = msgctxt or (f"#{index + 1}" if index is not None else msgid[:30])
        their_text = " | ".join(theirs.forms) if theirs is not None else "(deleted)"
        self.notify(
            f"Segment {name} was also changed on disk by someone else. Yours was "
            f"saved; theirs is kept as a comment in the PO.\n"
            f"Theirs: {one_line(their_text)}\nYours: {one_line(' | '.join(ours))}",
            title="Conflict",
            severity="warning",
            timeout=30,
            markup=False,
        )

    def after_write(self, report: SaveReport | None) -> None:
        s = self.session
        if report is not None:
            for c in report.conflicts:
                self.notify_conflict(c.msgctxt, c.index, c.msgid, c.ours.forms, c.theirs)
            if report.merged_external:
                self.notify(
                    "The file had changed on disk: the other changes were kept.", markup=False
                )
                self.segments.reload()
        self.show_segment(s.current, commit=False)
        self.segments.refresh()

    def action_undo(self) -> None:
        s = self.session
        if not self.read_all():
            return
        if not s.editable():
            self.notify(s.note(), severity="warning", markup=False)
            return
        self.commit_typing()
        result = s.undo()
        if result is None:
            self.notify("Nothing to undo for this segment.")
            return
        what = {"edit": "edit", "approve": "approval", "fuzzy": "fuzzy mark"}[result.change.kind]
        self.notify(f"Undid the {what} of #{s.current + 1}.")
        self.after_write(None)
        self.refresh_status()


def create_app(
    session: ReviewSession,
    *,
    scan: bool = True,
    debounce: float = 0.25,
    advance_on_approve: bool = True,
) -> ReviewApp:
    """The review app for a session. ``scan`` fills the ! marks in a background worker;
    ``debounce`` is how long typing pauses before the findings are checked again;
    ``advance_on_approve``: approving moves on to the next segment to review (``[review]
    advance_on_approve`` in the config)."""
    app = ReviewApp(session, scan=scan, debounce=debounce)
    app.advance_on_approve = advance_on_approve
    return app


__all__ = ["ReviewApp", "create_app"]
