"""The panels of the review screen: source, candidates (with MT workers), diff, findings,
status line. All user text goes in as ``rich.text.Text``, never as markup."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from review_tool.core.models import Candidate, Finding
from review_tool.core.word_diff import changed_words, word_diff
from review_tool.documents.candidates import SegmentRequest, Translator
from review_tool.review.session import ReviewSession
from review_tool.tui.render import (
    candidate_line,
    diff_text,
    finding_line,
    pending_line,
    source_text,
)

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


def fit(text: Text, width: int) -> Text:
    """One line: OptionList wraps prompts, so cut them to the list's width ourselves."""
    if width > 4:
        text.truncate(width - 3, overflow="ellipsis")
    return text


class ScrollPane(VerticalScroll):
    """A pane of text that shows all of it: it grows to its content up to the height the
    layout allows, then scrolls; Tab focuses it, the arrows, PgUp/PgDn, Home/End scroll it
    (VerticalScroll's own keys)."""

    def compose(self) -> ComposeResult:
        yield Static(classes="pane-text")

    def update(self, text: Text) -> None:
        self.query_one(".pane-text", Static).update(text)
        self.scroll_home(animate=False)


class SourceView(ScrollPane):
    """The source paragraph, whole, with its glossary terms marked."""

    def show(self, session: ReviewSession, index: int) -> None:
        seg = session.segment(index)
        text = Text()
        for note in session.notes(index):  # the translator comments, first (c edits them)
            text.append("note: ", style="bold magenta")
            text.append(note, style="italic")
            text.append("\n")
        text.append_text(source_text(seg.source, session.term_matches(index)))
        if seg.source_plural is not None:
            text.append("\n")
            text.append("plural: ", style="magenta")
            text.append(seg.source_plural)

        number = f"#{index + 1}"
        label = number if seg.id == number else f"{number} · {seg.id}"
        self.border_title = f"Source {session.source_lang} · {label}"
        self.update(text)


@dataclass(frozen=True, slots=True)
class Slot:
    """An MT engine whose answer has not come back yet."""

    name: str


class CandidatePanel(OptionList):
    """Ranked offline candidates, then one slot per MT engine (spinner, result or error)."""

    class MachineResult(Message):
        """An MT engine answered (or failed) for a segment."""

        def __init__(self, index: int, engine: str, candidates: list[Candidate]) -> None:
            self.index = index
            self.engine = engine
            self.candidates = candidates
            super().__init__()

    class Progress(Message):
        """How many MT engines are still working."""

        def __init__(self, pending: int) -> None:
            self.pending = pending
            super().__init__()

    def __init__(self, session: ReviewSession, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self.index = -1
        self.offline: list[Candidate] = []
        self.machine: dict[str, list[Candidate] | None] = {}
        self.items: list[Candidate | Slot] = []
        self._frame = 0
        self._timer = self.set_interval(0.1, self._spin, pause=True)

    def show(self, index: int) -> None:
        s = self.session
        self.index = index
        self.offline = s.offline_candidates(index) if s.editable(index) else []
        self.machine = {}
        todo: list[Translator] = []
        if s.editable(index):
            req = s.request(index)
            for t in s.translators:
                hit = s.cached_machine(t.name, req)
                self.machine[t.name] = hit
                if hit is None:
                    todo.append(t)
            if todo:
                self.fetch(index, req, todo)
        self._rebuild()
        self.border_title = f"Candidates ({len(self.items)})"

    def _rebuild(self) -> None:
        items: list[Candidate | Slot] = list(self.offline)
        for name, found in self.machine.items():
            items.extend(found if found is not None else [Slot(name)])
        self.items = items
        highlighted = self.highlighted
        self.set_options([Option(self._prompt(n, c)) for n, c in enumerate(items, start=1)])
        if items:
            self.highlighted = min(highlighted or 0, len(items) - 1)
        pending = sum(1 for i in items if isinstance(i, Slot))
        if pending:
            self._timer.resume()
        else:
            self._timer.pause()
        self.post_message(self.Progress(pending))

    def _prompt(self, n: int, item: Candidate | Slot) -> Text:
        if isinstance(item, Slot):
            text = pending_line(n, item.name, SPINNER[self._frame % len(SPINNER)])
        else:
            text = candidate_line(n, item)
        return fit(text, self.size.width)

    def on_resize(self) -> None:
        if self.items:
            self._rebuild()

    def _spin(self) -> None:
        self._frame += 1
        for n, item in enumerate(self.items):
            if isinstance(item, Slot):
                self.replace_option_prompt_at_index(n, self._prompt(n + 1, item))

    def candidate(self, n: int) -> Candidate | Slot | None:
        """Candidate number ``n`` (1-based) as shown."""
        return self.items[n - 1] if 0 < n <= len(self.items) else None

    @property
    def chosen(self) -> Candidate | None:
        if self.highlighted is None or not self.items:
            return None
        item = self.items[self.highlighted]
        return item if isinstance(item, Candidate) else None

    @work(thread=True, exclusive=True, group="machine-translation")
    def fetch(self, index: int, req: SegmentRequest, translators: Sequence[Translator]) -> None:
        """Ask every engine in parallel; each answer is posted back as it comes."""
        worker = get_current_worker()
        pool = ThreadPoolExecutor(max_workers=max(1, min(4, len(translators))))
        try:
            futures = {pool.submit(self.session.machine_candidates, t, req): t for t in translators}
            for future in as_completed(futures):
                if worker.is_cancelled:
                    return
                self.post_message(self.MachineResult(index, futures[future].name, future.result()))
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    def on_candidate_panel_machine_result(self, message: MachineResult) -> None:
        if message.index != self.index or message.engine not in self.machine:
            return
        self.machine[message.engine] = message.candidates
        self._rebuild()


class DiffView(ScrollPane):
    """The chosen candidate as a word diff against the source (same language) or the
    current translation."""

    def show(self, session: ReviewSession, index: int, candidate: Candidate | None) -> None:
        seg = session.segment(index)
        if candidate is None:
            self.border_title = "Diff"
            self.update(Text("No candidate chosen.", style="dim"))
            return
        if session.same_language:
            base, what = seg.source, "source"
        elif seg.target:
            base, what = seg.target, "current translation"
        else:
            self.border_title = f"{candidate.origin} (no current translation to compare)"
            self.update(Text(candidate.text))
            return
        chunks = word_diff(base, candidate.text)
        changes = changed_words(chunks)
        self.border_title = f"{candidate.origin} vs {what} · {changes} change(s)"
        if not changes:  # one line, not a second copy of the text above
            self.update(Text(f"{candidate.origin} is the same as the {what}.", style="dim"))
            return
        self.update(diff_text(chunks))


class FindingsView(OptionList):
    """The findings of the text in the editor."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.findings: list[Finding] = []

    def show(self, findings: Sequence[Finding], waived: int = 0) -> None:
        self.findings = list(findings)
        if not findings:
            self.set_options([Option(Text("No findings.", style="green"), disabled=True)])
        else:
            # Whole lines, wrapped by the list: the message and the suggestion matter most.
            self.set_options(
                [Option(finding_line(n, f, wrap=True)) for n, f in enumerate(findings, 1)]
            )
            self.highlighted = 0
        errors = sum(1 for f in findings if f.severity == "error")
        title = f"Findings: {errors} error(s), {len(findings) - errors} warning(s)"
        self.border_title = title + (f" · {waived} waived (w)" if waived else "")

    @property
    def current(self) -> Finding | None:
        if not self.findings or self.highlighted is None:
            return None
        return self.findings[min(self.highlighted, len(self.findings) - 1)]


class StatusLine(Static):
    """Progress (approved / total), the file and whether it is up to date on disk, and any
    long work going on."""

    def show(self, session: ReviewSession, work: str = "") -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        if session.reading:  # counts need every segment: how far the file is read instead
            text.append(f" reading {session.read_fraction:.0%}", style="bold yellow")
            text.append(f"  {len(session)} segments so far", style="dim")
        else:
            c = session.counts()
            text.append(f" ✓ {c.approved}/{c.total}", style="bold green")
            text.append(f"  ~{c.fuzzy}", style="yellow")
            text.append(f"  ·{c.untranslated}", style="dim")
        text.append(f"  #{session.current + 1}", style="bold")
        text.append(f"  {session.source_lang}→{session.target_lang}  ", style="dim")
        text.append(session.display_path or str(session.path))
        state = session.save_state
        if state == "saving":
            text.append(" saving…", style="yellow")
        elif state == "saved" and session.writes_done:
            text.append(" saved", style="green")
        elif state == "error":
            text.append(f" not saved: {session.save_error}", style="bold red")
        if work:
            text.append("  ")
            text.append(work, style="reverse")
        self.update(text)
