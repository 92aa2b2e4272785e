"""The review screen's layout and everything that does not write the PO: showing a segment,
moving, the editor's mode, candidates, findings, search, glossary, overview, help.

:class:`ReviewApp` (``ui/app.py``) adds what writes (approve, fuzzy, undo, quit) on top.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence

from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, OptionList, TextArea

from review_tool.core.fixer import undo_edit
from review_tool.core.models import Candidate, Edit, Finding
from review_tool.errors import InputError
from review_tool.review.session import ReviewSession
from review_tool.tui.bindings import BINDINGS, COMMANDS
from review_tool.tui.keybar import KeyBar
from review_tool.tui.notes import NotesScreen
from review_tool.tui.panels import (
    CandidatePanel,
    DiffView,
    FindingsView,
    Slot,
    SourceView,
    StatusLine,
)
from review_tool.tui.render import finding_line, one_line
from review_tool.tui.screens import (
    ChoiceScreen,
    FindingChoiceScreen,
    GlossaryScreen,
    HelpScreen,
    OverviewScreen,
    SearchScreen,
)
from review_tool.tui.segment_list import SegmentList


def before_edits(text: str, edits: Sequence[Edit]) -> str:
    """The text the fixer started from: its edits taken back, last first (each edit's
    offsets are into the text as it was after the edits before it)."""
    for e in reversed(edits):
        text = text[: e.start] + e.old + text[e.start + len(e.new) :]
    return text


def edit_line(e: Edit) -> Text:
    out = Text()
    out.append(f"{e.rule} ", style="bold")
    out.append(one_line(e.old) or "(nothing)", style="red strike")
    out.append(" → ")
    out.append(one_line(e.new) or "(deleted)", style="green")
    return out


def apply_suggestions(text: str, findings: Iterable[Finding]) -> tuple[str, int]:
    """``text`` with the suggestion of every finding that has one applied (right to left, so
    offsets stay valid; a finding overlapping one already applied is left out); returns the
    new text and how many were applied."""
    usable = sorted(
        (f for f in findings if f.suggestion is not None and f.suggestion != f.text),
        key=lambda f: (f.start, f.end),
        reverse=True,
    )
    applied = 0
    limit = len(text) + 1
    for f in usable:
        if f.end > limit or text[f.start : f.end] != f.text:
            continue
        assert f.suggestion is not None
        text = text[: f.start] + f.suggestion + text[f.end :]
        limit = f.start
        applied += 1
    return text, applied


class BrowsingApp(App[None]):
    """Layout, showing and moving; the writing half is :class:`ReviewApp`."""

    CSS_PATH = "review.tcss"
    TITLE = "review-tool"
    BINDINGS = BINDINGS

    def __init__(
        self, session: ReviewSession, *, debounce: float = 0.25, advance_on_approve: bool = True
    ) -> None:
        super().__init__()
        self.session = session
        self.advance_on_approve = advance_on_approve
        # The fixer's candidate last taken into the editor, by segment (for U).
        self._fix_taken: dict[int, Candidate] = {}
        self.debounce = debounce
        self.last_search = ""
        self._scan_text = ""
        self._mt_text = ""
        self._checked_text: str | None = None
        self._timer: Timer | None = None
        self._shown = -1
        self.scan_state = "off"  # the background findings scan: off, running or done

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
                yield Vertical(id="plural-forms")  # msgstr[1] … of a plural entry
                yield FindingsView(id="findings")
        yield StatusLine(id="status")
        yield KeyBar(id="keys")

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

    @property
    def editing(self) -> bool:
        """Whether keys go into the translation (the editor, or a plural form, has focus)."""
        return self.screen is self.screen_stack[0] and isinstance(self.focused, TextArea)

    def form_areas(self) -> list[TextArea]:
        """The editors of msgstr[1] … of a plural entry (none for other entries)."""
        return list(self.query("#plural-forms TextArea").results(TextArea))

    def editor_value(self) -> str | list[str]:
        """What the editor holds: the text, or every form of a plural entry."""
        if self._shown >= 0 and self.session.segment(self._shown).plural:
            return [self.editor.text, *(a.text for a in self.form_areas())]
        return self.editor.text

    # -- the editor's mode, always visible ---------------------------------------------------

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.call_after_refresh(self.show_mode)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.call_after_refresh(self.show_mode)

    def show_mode(self) -> None:
        """The key bar and the editor's title say whether keys type into the translation."""
        try:
            bar = self.query_one("#keys", KeyBar)
            editor = self.editor
        except NoMatches:  # shutting down
            return
        bar.mode = "edit" if self.editing else "browse"
        editor.border_title = self.editor_title()

    def editor_title(self) -> str:
        s = self.session
        if self._shown < 0 or self._shown >= len(s):
            return "Translation"
        note = s.note(self._shown)
        if note:
            return note
        name = f"Translation {s.target_lang}"
        if s.segment(self._shown).plural:
            name = s.form_labels(self._shown)[0]
        if self.focused is not None and self.focused.id == "editor":
            return f"{name} · EDITING (Escape leaves)"
        return f"{name} (e or Tab to edit)"

    # -- showing a segment -------------------------------------------------------------------

    def commit_typing(self) -> None:
        """Record what was typed in the editor as a change of the segment's draft."""
        s = self.session
        if self._shown < 0 or self._shown >= len(s) or not s.editable(self._shown):
            return
        value = self.editor_value()
        if isinstance(value, list):
            s.set_forms(value, self._shown)
        elif value != s.draft(self._shown):
            s.set_draft(value, self._shown)

    def show_segment(self, index: int, *, commit: bool = True) -> None:
        s = self.session
        if not len(s):
            return
        if commit:
            self.commit_typing()
        if 0 <= self._shown < len(s) and self._shown != index:
            self.save_draft_of(self._shown)  # leaving it: its draft goes into the PO
        index = s.goto(index)
        self._shown = index
        self.segments.cursor = index
        self.query_one("#source", SourceView).show(s, index)
        self.candidates.show(index)
        self.set_editor(s.draft(index))
        self.show_forms(index)
        editor = self.editor
        editor.read_only = not s.editable(index)
        editor.border_title = self.editor_title()
        self.refresh_findings()
        self.show_diff()
        self.refresh_status()

    def show_forms(self, index: int) -> None:
        """One editor per further form of a plural entry, titled with its numbers."""
        box = self.query_one("#plural-forms", Vertical)
        box.remove_children()
        s = self.session
        plural = s.segment(index).plural
        box.display = plural
        if not plural:
            return
        labels = s.form_labels(index)
        areas = []
        for k, text in enumerate(s.forms(index)[1:], start=1):
            area = TextArea(text, soft_wrap=True, show_line_numbers=False, classes="form")
            area.border_title = labels[k]
            areas.append(area)
        box.mount(*areas)

    def save_draft_of(self, index: int) -> None:
        """Write a segment's edit not approved into the PO (fuzzy, or beside the approved
        text): drafts are never lost, even by a kill, once you left their segment."""
        try:
            report = self.session.save_draft(index)
        except (InputError, OSError, ValueError) as exc:
            self.notify(f"Draft of #{index + 1} not written: {exc}", severity="error", markup=False)
            return
        if report is not None:
            self.segments.refresh_row(index)
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
        findings = s.check(text, self._shown) if text else []
        # A waiver is for the text in the PO: typing anything else brings the finding back.
        waived = s.waived(self._shown) if text == s.checked_text(self._shown) else frozenset()
        shown = [f for f in findings if f.rule not in waived]
        self.findings_view.show(shown, waived=len(findings) - len(shown))

    def refresh_status(self) -> None:
        """Draw the status line (the writing half knows whether the file is up to date)."""
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

    # -- moving ------------------------------------------------------------------------------

    def action_next(self) -> None:
        self.show_segment(self.session.current + 1)

    def action_previous(self) -> None:
        self.show_segment(self.session.current - 1)

    def go_to_next_pending(self, after: int) -> None:
        """After an approval: the next segment not approved yet (or stay: all are)."""
        found = self.session.next_pending(after)
        if found is None:
            self.notify("Every segment is approved.", markup=False)
            return
        self.show_segment(found, commit=False)

    def read_all(self) -> bool:
        """Whether every segment is read (the writing half reads the rest on demand)."""
        return not self.session.reading

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

    # -- the editor --------------------------------------------------------------------------

    def action_edit(self) -> None:
        if not self.session.editable():
            self.notify(self.session.note(), severity="warning", markup=False)
            return
        editor = self.editor
        if editor.cursor_location == (0, 0):
            editor.move_cursor(editor.document.end)  # start at the end of the text
        editor.focus()

    def action_leave_editor(self) -> None:
        if self.editing:
            self.commit_typing()
            self.refresh_findings()
            self.segments.refresh_row(self.session.current)  # ✎ if it is a draft now
        self.segments.focus()

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
        if item.edits:
            self._fix_taken[self.session.current] = item
        self.candidates.highlighted = n - 1
        self.refresh_findings()
        self.show_diff()

    def action_undo_fix_edit(self) -> None:
        """Take back one of the edits of the fixer's candidate taken into the editor (the
        others stay): the fixer records each edit so that one can go alone."""
        index = self.session.current
        taken = self._fix_taken.get(index)
        if taken is None or self.editor.text != taken.text:
            self.notify("Take a fix candidate first (its edits are undone one at a time).")
            return
        original = before_edits(taken.text, taken.edits)

        def picked(k: int | None) -> None:
            if k is None or self.session.current != index:
                return
            text = undo_edit(original, taken.edits, k)
            self.commit_typing()
            self.session.set_draft(text)
            self.set_editor(text)
            del self._fix_taken[index]
            self.refresh_findings()
            self.show_diff()
            e = taken.edits[k]
            self.notify(f"Took back {e.rule}: {one_line(e.new)} → {one_line(e.old)}", markup=False)

        lines = [edit_line(e) for e in taken.edits]
        self.push_screen(ChoiceScreen("Take back which edit of the fixer?", lines), picked)

    # -- findings ----------------------------------------------------------------------------

    def _usable_findings(self) -> tuple[str, list[Finding]] | None:
        s = self.session
        if not s.editable():
            self.notify(s.note(), severity="warning", markup=False)
            return None
        text = self.editor.text
        usable = [f for f in s.check(text) if f.suggestion is not None and f.suggestion != f.text]
        if not usable:
            self.notify("No finding with a suggestion here.", severity="warning")
            return None
        return text, usable

    def action_apply_finding(self) -> None:
        """Apply one finding's suggestion: the highlighted one (findings pane), the one under
        the cursor (editor), the only one, or the one picked from a list."""
        found = self._usable_findings()
        if found is None:
            return
        text, usable = found
        chosen = self._finding_in_focus(text, usable)
        if chosen is not None or len(usable) == 1:
            self._apply(text, [chosen or usable[0]])
            return

        def picked(index: int | None) -> None:
            if index is not None:
                self._apply(self.editor.text, [usable[index]])

        self.push_screen(FindingChoiceScreen(usable), picked)

    def action_apply_all_findings(self) -> None:
        found = self._usable_findings()
        if found is not None:
            self._apply(*found)

    def _apply(self, text: str, findings: list[Finding]) -> None:
        new, applied = apply_suggestions(text, findings)
        if not applied:
            self.notify("The text changed: nothing applied.", severity="warning")
            return
        self.commit_typing()
        self.session.set_draft(new)
        self.set_editor(new)
        self.refresh_findings()
        if len(findings) == 1:
            f = findings[0]
            self.notify(f"{f.rule}: {one_line(f.text)} → {f.suggestion}", markup=False)
        else:
            self.notify(f"Applied {applied} suggestion(s); u undoes them.", markup=False)

    def _finding_in_focus(self, text: str, usable: list[Finding]) -> Finding | None:
        view = self.findings_view
        if self.focused is view and view.current is not None and view.current in usable:
            return view.current
        if self.editing:
            row, col = self.editor.cursor_location
            lines = text.split("\n")
            offset = sum(len(line) + 1 for line in lines[:row]) + col
            for f in usable:
                if f.start <= offset <= f.end:
                    return f
        return None

    # -- notes and waivers -------------------------------------------------------------------

    def wrote(self) -> None:
        """A note or waiver was recorded (the file is written in the background)."""
        self.show_segment(self.session.current, commit=False)
        self.segments.refresh()
        self.refresh_status()

    def action_notes(self) -> None:
        s = self.session
        if not self.read_all():
            return
        index = s.current

        def done(text: str | None) -> None:
            if text is None:
                return
            try:
                report = s.set_notes(text, index)
            except (InputError, OSError, ValueError) as exc:
                self.notify(f"Notes not saved: {exc}", severity="error", markup=False)
                return
            if report is not None:
                self.notify(f"Notes of #{index + 1} saved.", markup=False)
                self.wrote()

        self.push_screen(NotesScreen(index + 1, s.notes(index)), done)

    def action_waive(self) -> None:
        """Accept one finding of the text in the PO for this segment."""
        s = self.session
        if not self.read_all():
            return
        index = s.current
        in_po = s.checked_text(index)
        if self.editor.text != in_po:
            self.notify(
                "A waiver is for the text in the PO: approve or mark fuzzy first.",
                severity="warning",
            )
            return
        found = list(s.findings(index))
        if not found:
            self.notify("No finding to waive here.")
            return

        def waive(k: int | None) -> None:
            if k is None:
                return
            rule = found[k].rule
            try:
                s.waive([rule], index)
            except (InputError, OSError, ValueError) as exc:
                self.notify(f"Not waived: {exc}", severity="error", markup=False)
                return
            self.notify(f"Waived {rule} on #{index + 1} until its text changes.", markup=False)
            self.wrote()

        if len(found) == 1:
            waive(0)
            return
        lines = [finding_line(n, f, wrap=True) for n, f in enumerate(found, 1)]
        self.push_screen(ChoiceScreen("Waive which finding for this text?", lines), waive)

    # -- other screens -----------------------------------------------------------------------

    def action_glossary(self) -> None:
        self.push_screen(GlossaryScreen(self.session.concepts()))

    def scan_done(self) -> bool:
        """Whether no background findings scan is under way (ended, or never started)."""
        return self.scan_state != "running"

    def action_overview(self) -> None:
        if not self.read_all():
            return

        def done(index: int | None) -> None:
            if index is not None:
                self.show_segment(index)

        self.push_screen(OverviewScreen(self.session, scanned=self.scan_done()), done)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def _key_is_text(self) -> bool:
        """Whether a printable key goes to a text field or a dialog (not to a command)."""
        return isinstance(self.focused, (TextArea, Input)) or len(self.screen_stack) > 1

    def action_help_key(self) -> None:
        if self._key_is_text():
            raise SkipAction()  # "?" is text in the editor; a dialog has its own keys
        self.action_help()

    async def action_quit_key(self) -> None:
        if self._key_is_text():
            raise SkipAction()  # "q" is text in the editor; a dialog's q closes it
        await self.run_action("quit")

    # -- command palette ---------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for key, action, help_text in COMMANDS:
            if action == "quit":
                continue
            yield SystemCommand(f"{help_text} ({key})", help_text, self._runner(action))
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

    def focus_chain_ids(self) -> list[str]:
        """The panes Tab walks through, in order (for the help and the tests)."""
        return [w.id or "" for w in self.screen.focus_chain if isinstance(w, Widget)]
