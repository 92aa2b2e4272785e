"""Modal screens: help, confirmation, search, glossary concepts, document overview."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.message import Message
from textual.screen import ModalScreen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from review_tool.core.models import Finding, Term
from review_tool.review.session import ReviewSession
from review_tool.tui.bindings import COMMANDS, PANE_KEYS
from review_tool.tui.render import STATE_STYLE, concept_lines, finding_line


class HelpScreen(ModalScreen[None]):
    """Every key, made from the same list as the bindings and the palette."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        keys = Table.grid(padding=(0, 2))
        keys.add_column(style="bold cyan", justify="right", no_wrap=True)
        keys.add_column()
        for key, _action, what in COMMANDS:
            keys.add_row(key, what)
        keys.add_row("", "")
        keys.add_row("Panes", "")
        for key, what in PANE_KEYS:
            keys.add_row(key, what)
        note = Text(
            "\nStates: ✓ approved  ~ fuzzy  · untranslated  ✎ draft (kept)  ! has findings. "
            "Single-key commands work while the key bar does not say EDITING; in the editor "
            "every key types, Escape leaves it. Approve and fuzzy show at once and are written "
            "into the PO file in the background, in order; the status line says saving / saved "
            "/ not saved and why, and quitting waits for them. Changes made meanwhile by "
            "someone else are kept and conflicts are reported.",
            style="dim",
        )
        with VerticalScroll(id="help-body", classes="dialog"):
            yield Static(Text("Keys (Escape closes; ↑ ↓ scroll)", style="bold"))
            yield Static(keys)
            yield Static(note)


class ConfirmScreen(ModalScreen[bool]):
    """Yes/no: y or Enter confirms, n or Escape cancels."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, detail: Text | None = None) -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm"):
            yield Label(Text(self.question, style="bold"))
            if self.detail is not None:
                yield Static(self.detail, id="confirm-detail")
            with Horizontal(id="confirm-buttons"):
                yield Button("Yes (y)", variant="error", id="yes")
                yield Button("No (n)", variant="primary", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")


class ChoiceScreen(ModalScreen[int | None]):
    """Pick one of several lines: Enter or its number picks, Escape picks none."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        *[Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)],
    ]

    def __init__(self, question: str, lines: Sequence[Text]) -> None:
        super().__init__()
        self.question = question
        self.lines = list(lines)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="choose"):
            yield Label(Text(f"{self.question} (Enter or 1-9; Escape: none)", style="bold"))
            yield OptionList(
                *[Option(_numbered(n, line)) for n, line in enumerate(self.lines, 1)],
                id="choices",
            )

    def on_mount(self) -> None:
        self.query_one("#choices", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def action_pick(self, index: int) -> None:
        if index < len(self.lines):
            self.dismiss(index)

    def action_cancel(self) -> None:
        self.dismiss(None)


class FindingChoiceScreen(ChoiceScreen):
    """Which finding's suggestion to apply."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        super().__init__(
            "Apply which suggestion?",
            [finding_line(n, f, wrap=True) for n, f in enumerate(findings, 1)],
        )
        self.findings = list(findings)


def _numbered(n: int, line: Text) -> Text:
    out = Text(f"{n} " if n <= 9 else "  ", style="bold")
    out.append_text(line)
    return out


class SearchScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, previous: str = "") -> None:
        super().__init__()
        self.previous = previous

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="search"):
            yield Label("Search source and translation (case-insensitive):")
            yield Input(value=self.previous, placeholder="text", id="search-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class GlossaryScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,g,q", "dismiss", "Close")]

    def __init__(self, concepts: Sequence[tuple[str, Sequence[Term]]]) -> None:
        super().__init__()
        self.concepts = concepts

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="glossary"):
            yield Static(Text("Glossary concepts in this source", style="bold"))
            yield Static(concept_lines(self.concepts))


class DocumentMap(ScrollView, can_focus=True):
    """Every paragraph as one cell coloured by state; red ! where it has errors."""

    DEFAULT_CSS = "DocumentMap { height: 1fr; }"

    class Picked(Message):
        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session

    def on_resize(self) -> None:
        cols = max(1, self.size.width)
        self.virtual_size = Size(cols, -(-len(self.session) // cols))

    def render_line(self, y: int) -> Strip:
        cols = max(1, self.size.width)
        row = self.scroll_offset.y + y
        s = self.session
        text = Text(no_wrap=True)
        for i in range(row * cols, min((row + 1) * cols, len(s))):
            known = s.known_findings(i)
            state = s.state(i)
            style = STATE_STYLE[state]
            if i == s.current:
                text.append("◆", style="bold reverse " + style)
            elif known and any(f.severity == "error" for f in known):
                text.append("!", style="bold red")
            elif known:
                text.append(
                    "▪", style="yellow on " + ("dark_green" if state == "approved" else "grey23")
                )
            else:
                text.append(
                    "█" if state == "approved" else "▒" if state == "fuzzy" else "░", style=style
                )
        return Strip(list(text.render(self.app.console)), text.cell_len).extend_cell_length(
            cols, self.rich_style
        )

    def on_click(self, event: events.Click) -> None:
        cols = max(1, self.size.width)
        index = (self.scroll_offset.y + event.y) * cols + event.x
        if 0 <= index < len(self.session):
            self.post_message(self.Picked(index))


class OverviewScreen(ModalScreen[int | None]):
    """The whole document as a map, and findings per rule as bars. Click a cell to go there."""

    BINDINGS = [Binding("escape,o,q", "close", "Close")]

    def __init__(self, session: ReviewSession, scanned: bool) -> None:
        super().__init__()
        self.session = session
        self.scanned = scanned

    def compose(self) -> ComposeResult:
        s = self.session
        c = s.counts()
        head = Text()
        head.append(f"{c.total} segments: ", style="bold")
        head.append(f"█ {c.approved} approved  ", style=STATE_STYLE["approved"])
        head.append(f"▒ {c.fuzzy} fuzzy  ", style=STATE_STYLE["fuzzy"])
        head.append(f"░ {c.untranslated} untranslated  ", style=STATE_STYLE["untranslated"])
        head.append("! errors  ", style="bold red")
        head.append("▪ warnings  ◆ here", style="yellow")
        with Vertical(classes="dialog", id="overview"):
            yield Static(head)
            yield DocumentMap(s)
            yield Static(self.rule_bars(), id="rule-bars")

    def rule_bars(self) -> Text:
        s = self.session
        by_rule: Counter[str] = Counter()
        known = 0
        for i in range(len(s)):
            # Scan over: what it did not reach (texts changed since) is checked now.
            found = s.findings(i) if self.scanned else s.known_findings(i)
            if found is None:
                continue
            known += 1
            by_rule.update(f.rule for f in found)
        out = Text()
        if known < len(s):
            out.append(
                f"findings known for {known}/{len(s)} segments (scan running)\n", style="dim"
            )
        if not by_rule:
            out.append("No findings.", style="green")
            return out
        top = max(by_rule.values())
        width = 30
        for rule, n in by_rule.most_common(8):
            bar = "█" * max(1, round(n * width / top))
            out.append(f"{rule:<20} ", style="bold")
            out.append(f"{bar:<{width}}", style="red" if rule.startswith("term.") else "yellow")
            out.append(f" {n}\n")
        return out

    def on_document_map_picked(self, message: DocumentMap.Picked) -> None:
        self.dismiss(message.index)

    def action_close(self) -> None:
        self.dismiss(None)
