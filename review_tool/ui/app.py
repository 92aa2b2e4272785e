"""The review app: one factory, :func:`create_app`, used by the CLI and the tests."""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import work
from textual.message import Message
from textual.timer import Timer
from textual.worker import get_current_worker

from review_tool.errors import InputError
from review_tool.po_store import Compaction, PoEntry, SaveReport
from review_tool.review_session import ReadOnlySegment, ReviewSession
from review_tool.ui.browsing import BrowsingApp
from review_tool.ui.panels import StatusLine
from review_tool.ui.render import finding_line, one_line
from review_tool.ui.screens import ConfirmScreen

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

    class Compacted(Message):
        """The background write of the journal into the PO file ended."""

        def __init__(
            self, report: SaveReport | None, error: str | None = None, merge: bool = False
        ) -> None:
            self.report = report
            self.error = error
            self.merge = merge
            super().__init__()

    def __init__(
        self,
        session: ReviewSession,
        *,
        scan: bool = True,
        debounce: float = 0.25,
        compact_after: float = 1.5,
    ) -> None:
        super().__init__(session, debounce=debounce)
        self.scan = scan
        self.compact_after = compact_after
        self._compact_timer: Timer | None = None
        self._snapshot_timer: Timer | None = None
        self._compacting = False
        self.quit_report: SaveReport | None = None  # the last write into the PO, on quit
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
        if not self.session.reading:  # (a journal is replayed before the first screen)
            for c in self.session.store.replay_conflicts:
                self.notify_conflict(c.msgctxt, c.index, c.msgid, c.ours.forms, c.theirs)
        self.show_segment(self.session.current)
        self.segments.focus()
        if self.scan and not self.session.reading:
            self.scan_findings()
        if not self.session.file_up_to_date:  # a journal left by a crash: write it soon
            self.schedule_compaction()
        if self.session.snapshot_wanted:  # the next open takes the parse from it
            self.schedule_snapshot(5.0)
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
            status.show(self.session, work, self._compacting)

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

    def schedule_compaction(self, delay: float | None = None) -> None:
        """Write the journal into the PO file once the editor pauses."""
        if self._compact_timer is not None:
            self._compact_timer.stop()
        wait = self.compact_after if delay is None else delay
        self._compact_timer = self.set_timer(wait, self.start_compaction)

    def start_compaction(self) -> None:
        self._compact_timer = None
        if self._compacting:
            self.schedule_compaction()
            return
        if self.session.file_up_to_date:
            return
        self._compacting = True
        self.refresh_status()
        self.compact_worker()

    @work(thread=True, exclusive=True, group="compact")
    def compact_worker(self) -> None:
        """Write the new PO file beside the old one and rename it into place, off the UI
        thread (the store's lock keeps approvals out only for the rename and the
        bookkeeping; entries do not move in this path, so the screen need not wait)."""
        try:
            plan: Compaction | None = self.session.compact_prepare()
            if plan is None or plan.merge:
                self.post_message(self.Compacted(None, merge=plan is not None))
                return
            report = self.session.compact_finish(plan)
        except (InputError, OSError) as exc:
            self.post_message(self.Compacted(None, str(exc)))
            return
        self.post_message(self.Compacted(report, merge=not report.written))

    def schedule_snapshot(self, delay: float) -> None:
        """Keep the PO's parse for the next open once the editor has paused for a while
        (so that quitting need not write it)."""
        if self._snapshot_timer is not None:
            self._snapshot_timer.stop()
        self._snapshot_timer = self.set_timer(delay, self.snapshot_worker)

    @work(thread=True, exclusive=True, group="snapshot")
    def snapshot_worker(self) -> None:
        """Write the snapshot (a cache) in the background."""
        self.session.write_snapshot()

    def on_review_app_compacted(self, message: Compacted) -> None:
        self._compacting = False
        if message.error is not None:
            self.notify(
                f"Could not write {self.session.display_path}: {message.error}. Your approvals "
                "are safe in its journal; trying again shortly.",
                severity="error",
                markup=False,
            )
            self.schedule_compaction(10 * self.compact_after)
        elif message.merge:
            # The file or journal changed under us: merge (reads the file again).
            self.flush()
        if not self.session.file_up_to_date and self._compact_timer is None:
            self.schedule_compaction()
        elif self.session.snapshot_wanted:
            self.schedule_snapshot(20 * self.compact_after)
        self.refresh_status()

    def flush(self) -> SaveReport | None:
        """Write everything into the PO file now, on the UI thread (merges if needed)."""
        self.commit_typing()
        try:
            report = self.session.flush()
        except (InputError, OSError) as exc:
            self.notify(
                f"Could not write {self.session.display_path}: {exc}. Your approvals are safe "
                "in its journal.",
                severity="error",
                markup=False,
            )
            return None
        if report.written and (report.conflicts or report.merged_external):
            self.after_write(report)
        return report

    async def action_quit(self) -> None:
        """Quit once the PO file holds every approval (or say why it could not)."""
        for timer in (self._compact_timer, self._snapshot_timer):
            if timer is not None:
                timer.stop()
        self._compact_timer = self._snapshot_timer = None
        for worker in list(self.workers):
            if worker.group in ("compact", "snapshot"):
                with contextlib.suppress(Exception):  # its failures are reported already
                    await worker.wait()
        self.commit_typing()
        if self.read_all() and len(self.session):
            self.save_draft_of(self.session.current)  # the draft you quit on, kept
        try:
            self.quit_report = self.session.flush()
        except (InputError, OSError) as exc:
            self.quit_error = str(exc)
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
            report = s.mark_fuzzy(text, index) if fuzzy else s.approve(text, index)
        except (ReadOnlySegment, ValueError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        except (InputError, OSError) as exc:  # e.g. locked by another process too long
            self.notify(
                f"Not saved (nothing changed): {exc}", severity="error", markup=False, timeout=15
            )
            return
        self.after_write(report)
        verb = "Marked fuzzy" if fuzzy else "Approved"
        self.notify(f"{verb} #{index + 1}; saved", markup=False)
        self.schedule_compaction()
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

    def draft_written(self) -> None:
        self.schedule_compaction()

    def wrote(self, report: SaveReport | None) -> None:
        """A note or waiver was written: show it, and write the file when the editor pauses."""
        self.after_write(report)
        self.schedule_compaction()

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
        try:
            result = s.undo()
        except (InputError, OSError) as exc:
            self.notify(f"Not undone: {exc}", severity="error", markup=False, timeout=15)
            return
        if result is None:
            self.notify("Nothing to undo for this segment.")
            return
        what = {"edit": "edit", "approve": "approval", "fuzzy": "fuzzy mark"}[result.change.kind]
        self.notify(f"Undid the {what} of #{s.current + 1}.")
        self.after_write(result.report)
        if result.report is not None:
            self.schedule_compaction()


def create_app(
    session: ReviewSession,
    *,
    scan: bool = True,
    debounce: float = 0.25,
    compact_after: float = 1.5,
    advance_on_approve: bool = True,
) -> ReviewApp:
    """The review app for a session. ``scan`` fills the ! marks in a background worker;
    ``debounce`` is how long typing pauses before the findings are checked again;
    ``compact_after`` how long after the last approval the PO file is rewritten (each
    approval is durable at once in the file's journal); ``advance_on_approve``: approving
    moves on to the next segment to review (``[review] advance_on_approve`` in the config)."""
    app = ReviewApp(session, scan=scan, debounce=debounce, compact_after=compact_after)
    app.advance_on_approve = advance_on_approve
    return app


__all__ = ["ReviewApp", "create_app"]
