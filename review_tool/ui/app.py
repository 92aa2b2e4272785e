"""The review app: one factory, :func:`create_app`, used by the CLI and the tests."""

from __future__ import annotations

import gc
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, OptionList, TextArea
from textual.worker import get_current_worker

from review_tool.errors import InputError
from review_tool.models import Finding
from review_tool.ordered_writer import WriteResult
from review_tool.po_store import PoEntry, SaveReport
from review_tool.review_session import ApprovalRefused, ReadOnlySegment, ReviewSession
from review_tool.ui.panels import (
    CandidatePanel,
    DiffView,
    FindingsView,
    Slot,
    SourceView,
    StatusLine,
)
from review_tool.ui.render import finding_line, one_line
from review_tool.ui.screens import (
    ConfirmScreen,
    GlossaryScreen,
    HelpScreen,
    OverviewScreen,
    SearchScreen,
)
from review_tool.ui.segment_list import SegmentList

READ_PROGRESS_EVERY = 1.0  # seconds between updates of the screen while the PO is read

# (key, action, footer text, palette help); 1-9 are added separately.
ACTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("j", "next", "Next", "Go to the next segment"),
    ("k", "previous", "Prev", "Go to the previous segment"),
    ("e", "edit", "Edit", "Edit the translation (Escape leaves the editor)"),
    ("a", "approve", "Approve", "Approve the text in the editor (written in the background)"),
    ("f", "fuzzy", "Fuzzy", "Mark the text in the editor fuzzy (written in the background)"),
    ("x", "apply_finding", "Fix", "Apply the suggestion of the highlighted or first finding"),
    ("n", "next_finding(1)", "Next!", "Go to the next segment with findings"),
    ("N", "next_finding(-1)", "Prev!", "Go to the previous segment with findings"),
    ("slash", "search", "Search", "Search source and translation"),
    ("u", "undo", "Undo", "Undo the last change to this segment"),
    ("g", "glossary", "Glossary", "Show the concepts of this source in every language"),
    ("o", "overview", "Overview", "Map of the whole document and findings per rule"),
    ("question_mark", "help", "Help", "Show the keys"),
    ("q", "quit", "Quit", "Quit"),
)


class KeyFooter(Footer):
    """Textual's footer, rebuilt only when the keys it shows change (every focus change
    signals new bindings; rebuilding 16 keys four times cost a tenth of the first screen)."""

    _shown: tuple[tuple[str, str, bool], ...] | None = None

    def bindings_changed(self, screen: Screen) -> None:
        shown = tuple(
            (binding.key, binding.description, enabled)
            for _node, binding, enabled, _tooltip in screen.active_bindings.values()
            if binding.show
        )
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            if shown == self._shown:
                return
            self._shown = shown  # what the recompose Footer schedules now will show
        super().bindings_changed(screen)


class ReviewApp(App[None]):
    CSS_PATH = "review.tcss"
    TITLE = "review-tool"
    BINDINGS = [
        Binding("j", "next", "Next", key_display="j"),
        Binding("down", "next", "Next", show=False),
        Binding("k", "previous", "Prev"),
        Binding("up", "previous", "Prev", show=False),
        Binding("1", "take(1)", "Take", key_display="1-9"),
        *[Binding(str(n), f"take({n})", f"Take {n}", show=False) for n in range(2, 10)],
        Binding("e", "edit", "Edit"),
        Binding("escape", "leave_editor", "Leave editor", show=False),
        Binding("a", "approve", "Approve"),
        Binding("f", "fuzzy", "Fuzzy"),
        Binding("x", "apply_finding", "Fix"),
        Binding("n", "next_finding(1)", "Next!"),
        Binding("N", "next_finding(-1)", "Prev!"),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("u", "undo", "Undo"),
        Binding("g", "glossary", "Glossary"),
        Binding("o", "overview", "Overview"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]

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
        super().__init__()
        self.session = session
        self.scan = scan
        self.debounce = debounce
        self.last_search = ""
        self._scan_text = ""
        self._mt_text = ""
        self._checked_text: str | None = None
        self._timer: Timer | None = None
        self._shown = -1
        self.quit_error: str | None = None
        # The PO file could not be read to its end (raised again by run(), so that the
        # command fails with it as it would had the whole file been read before the screen).
        self.read_error: InputError | None = None
        self.first_screen = False  # set once the first screen is drawn

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        s = self.session
        with Horizontal(id="main"):
            yield SegmentList(s, id="segments")
            with Vertical(id="work"):
                yield SourceView(id="source")
                yield CandidatePanel(s, id="candidates")
                yield DiffView(id="diff")
                yield TextArea(id="editor", soft_wrap=True, show_line_numbers=False)
                yield FindingsView(id="findings")
        yield StatusLine(id="status")
        yield KeyFooter(compact=True)

    @property
    def segments(self) -> SegmentList:
        return self.query_one("#segments", SegmentList)

    @property
    def editor(self) -> TextArea:
        return self.query_one("#editor", TextArea)

    @property
    def candidates(self) -> CandidatePanel:
        return self.query_one("#candidates", CandidatePanel)

    @property
    def findings_view(self) -> FindingsView:
        return self.query_one("#findings", FindingsView)

    def on_mount(self) -> None:
        self.query_one("#editor").border_title = "Translation (e to edit)"
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

    # -- showing a segment -------------------------------------------------------------------

    def commit_typing(self) -> None:
        """Record what was typed in the editor as a change of the segment's draft."""
        s = self.session
        if self._shown < 0 or self._shown >= len(s) or not s.editable(self._shown):
            return
        text = self.editor.text
        if text != s.draft(self._shown):
            s.set_draft(text, self._shown)

    def show_segment(self, index: int, *, commit: bool = True) -> None:
        s = self.session
        if not len(s):
            return
        if commit:
            self.commit_typing()
        index = s.goto(index)
        self._shown = index
        self.segments.cursor = index
        self.query_one("#source", SourceView).show(s, index)
        self.candidates.show(index)
        seg = s.segment(index)
        if seg.plural:  # read-only: show every form
            self.set_editor("\n".join(f"[{n}] {t}" for n, t in enumerate(seg.plural_targets)))
        else:
            self.set_editor(s.draft(index))
        editor = self.editor
        editor.read_only = not s.editable(index)
        note = s.note(index)
        editor.border_title = note if note else f"Translation {s.target_lang} (e to edit)"
        self.refresh_findings()
        self.show_diff()
        self.refresh_status()

    def set_editor(self, text: str) -> None:
        if self.editor.text != text:
            self.editor.load_text(text)

    def show_diff(self) -> None:
        try:
            diff = self.query_one("#diff", DiffView)
            chosen = self.candidates.chosen
        except NoMatches:  # an MT worker answered while the app shuts down
            return
        diff.show(self.session, self._shown, chosen)

    def refresh_findings(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        text = self.editor.text
        self._checked_text = text
        s = self.session
        if len(s) and s.segment(self._shown).plural:  # the forms, never their "[n]" labels
            findings = s.form_findings(self._shown)
        else:
            findings = s.check(text, self._shown) if text else []
        self.findings_view.show(findings)

    def refresh_status(self) -> None:
        work = " · ".join(w for w in (self._scan_text, self._mt_text) if w)
        for status in self.query("#status").results(StatusLine):  # none while shutting down
            status.show(self.session, work)

    # -- events ------------------------------------------------------------------------------

    def on_segment_list_selected(self, message: SegmentList.Selected) -> None:
        self.show_segment(message.index)

    def on_text_area_changed(self, message: TextArea.Changed) -> None:
        if message.text_area.id != "editor" or message.text_area.text == self._checked_text:
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.debounce, self.refresh_findings)

    def on_option_list_option_highlighted(self, message: OptionList.OptionHighlighted) -> None:
        if message.option_list.id == "candidates":
            self.show_diff()

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        if message.option_list.id == "candidates":
            self.action_take(message.option_index + 1)
        elif message.option_list.id == "findings":
            self.action_apply_finding()

    def on_candidate_panel_progress(self, message: CandidatePanel.Progress) -> None:
        self._mt_text = f"MT: {message.pending} engine(s) working" if message.pending else ""
        self.refresh_status()
        self.show_diff()

    def on_review_app_scan_progress(self, message: ScanProgress) -> None:
        done = message.done >= message.total
        self._scan_text = "" if done else f"checking {message.done * 100 // message.total}%"
        self.segments.refresh()
        self.refresh_status()

    @work(thread=True, exclusive=True, group="scan")
    def scan_findings(self) -> None:
        """Fill the findings of every segment in the background (for the ! marks)."""
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
        """Quit once the PO file holds every approval (or say why it could not)."""
        self.commit_typing()
        self.session.flush()
        if self.session.save_state == "error":
            self.quit_error = self.session.save_error
        self.exit()

    # -- actions -----------------------------------------------------------------------------

    def action_next(self) -> None:
        self.show_segment(self.session.current + 1)

    def action_previous(self) -> None:
        self.show_segment(self.session.current - 1)

    def action_take(self, n: int) -> None:
        item = self.candidates.candidate(n)
        if item is None:
            self.notify(f"No candidate {n}.", severity="warning")
            return
        if isinstance(item, Slot):
            self.notify(f"{item.name} is still translating.", severity="warning", markup=False)
            return
        if item.error is not None:
            self.notify(f"{item.origin}: {item.error}", severity="error", markup=False)
            return
        if not self.session.editable():
            self.notify(self.session.note(), severity="warning", markup=False)
            return
        self.commit_typing()
        self.session.set_draft(item.text)
        self.set_editor(item.text)
        self.candidates.highlighted = n - 1
        self.refresh_findings()
        self.show_diff()

    def action_edit(self) -> None:
        if not self.session.editable():
            self.notify(self.session.note(), severity="warning", markup=False)
            return
        editor = self.editor
        if editor.cursor_location == (0, 0):
            editor.move_cursor(editor.document.end)  # start at the end of the text
        editor.focus()

    def action_leave_editor(self) -> None:
        if self.focused is self.editor:
            self.commit_typing()
            self.refresh_findings()
        self.segments.focus()

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
        text = self.editor.text
        if not text.strip():
            self.notify("Nothing to save: the editor is empty.", severity="warning")
            return
        errors = s.error_findings(text) if not fuzzy else []
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

    def _do_write(self, index: int, text: str, fuzzy: bool) -> None:
        s = self.session
        try:
            s.mark_fuzzy(text, index) if fuzzy else s.approve(text, index)
        except (ReadOnlySegment, ApprovalRefused, ValueError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.after_write(None)
        verb = "Marked fuzzy" if fuzzy else "Approved"
        self.notify(f"{verb} #{s.current + 1}", markup=False)
        self.refresh_status()

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

    def action_apply_finding(self) -> None:
        s = self.session
        if not s.editable():
            self.notify(s.note(), severity="warning", markup=False)
            return
        text = self.editor.text
        findings = s.check(text)
        chosen = self._finding_to_apply(text, findings)
        if chosen is None:
            self.notify("No finding with a suggestion here.", severity="warning")
            return
        assert chosen.suggestion is not None
        self.commit_typing()
        new = text[: chosen.start] + chosen.suggestion + text[chosen.end :]
        s.set_draft(new)
        self.set_editor(new)
        self.refresh_findings()
        self.notify(f"{chosen.rule}: {one_line(chosen.text)} → {chosen.suggestion}", markup=False)

    def _finding_to_apply(self, text: str, findings: list[Finding]) -> Finding | None:
        usable = [f for f in findings if f.suggestion is not None and f.suggestion != f.text]
        if not usable:
            return None
        view = self.findings_view
        if self.focused is view and view.current is not None and view.current in usable:
            return view.current
        if self.focused is self.editor:
            row, col = self.editor.cursor_location
            lines = text.split("\n")
            offset = sum(len(line) + 1 for line in lines[:row]) + col
            for f in usable:
                if f.start <= offset <= f.end:
                    return f
        return usable[0]

    def action_next_finding(self, step: int) -> None:
        if not self.read_all():
            return
        found = self.session.next_with_findings(step)
        if found is None:
            self.notify("No other segment has findings.")
            return
        self.show_segment(found)

    def action_search(self) -> None:
        def done(query: str | None) -> None:
            if not query:
                return
            self.last_search = query
            self.commit_typing()
            if not self.read_all():
                return
            found = self.session.search(query)
            if found is None:
                self.notify(f"Not found: {query}", severity="warning", markup=False)
            else:
                self.show_segment(found, commit=False)

        self.push_screen(SearchScreen(self.last_search), done)

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

    def action_glossary(self) -> None:
        self.push_screen(GlossaryScreen(self.session.concepts()))

    def action_overview(self) -> None:
        if not self.read_all():
            return

        def done(index: int | None) -> None:
            if index is not None:
                self.show_segment(index)

        self.push_screen(OverviewScreen(self.session, scanned=not self._scan_text), done)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    # -- command palette ---------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for key, action, _label, help_text in ACTIONS:
            if action == "quit":
                continue
            shown = {"slash": "/", "question_mark": "?"}.get(key, key)
            yield SystemCommand(f"{help_text} ({shown})", help_text, self._runner(action))
        for n in range(1, 10):
            yield SystemCommand(
                f"Take candidate {n} ({n})",
                "Put candidate N into the editor",
                self._runner(f"take({n})"),
            )

    def _runner(self, action: str) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            await self.run_action(action)

        return run


def create_app(
    session: ReviewSession,
    *,
    scan: bool = True,
    debounce: float = 0.25,
) -> ReviewApp:
    """The review app for a session. ``scan`` fills the ! marks in a background worker;
    ``debounce`` is how long typing pauses before the findings are checked again."""
    return ReviewApp(session, scan=scan, debounce=debounce)


__all__ = ["ReviewApp", "create_app"]
