"""Rich ``Text`` renderers for user text: never markup (PO text such as ``[/prefix]`` would
break it), always ``Text`` with styles applied to spans."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from review_tool.core.models import Candidate, Finding, Term
from review_tool.core.term_matcher import Match
from review_tool.core.word_diff import Chunk

STATE_MARK = {"approved": "✓", "fuzzy": "~", "untranslated": "·"}
STATE_STYLE = {"approved": "green", "fuzzy": "yellow", "untranslated": "bright_black"}
TERM_STATUS_STYLE = {
    "preferred": "bold underline",
    "admitted": "underline",
    "forbidden": "bold red underline",
}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow"}


def one_line(text: str) -> str:
    return " ".join(text.split())


def diff_text(chunks: Sequence[Chunk]) -> Text:
    """Deleted words struck through in red, inserted ones green, replacements both."""
    out = Text()
    for chunk in chunks:
        if chunk.op == "equal":
            out.append(chunk.b_text)
            continue
        if chunk.a_text:
            out.append(chunk.a_text, style="red strike")
        if chunk.b_text:
            out.append(chunk.b_text, style="bold green")
    return out


def source_text(source: str, matches: Sequence[Match], lang_terms: str | None = None) -> Text:
    """The source with glossary terms underlined (forbidden ones in red)."""
    out = Text(source)
    for m in matches:
        statuses = {t.status for t in m.terms}
        status = "forbidden" if statuses == {"forbidden"} else "preferred"
        out.stylize(TERM_STATUS_STYLE[status] + " cyan" * (status != "forbidden"), m.start, m.end)
    return out


def finding_line(n: int, f: Finding, *, wrap: bool = False) -> Text:
    """One finding: severity, rule, the text, the message and the suggestion (``wrap``: the
    whole of it on as many lines as it takes; else one line, cut)."""
    out = Text() if wrap else Text(no_wrap=True, overflow="ellipsis")
    out.append(f"{f.severity[0].upper()} ", style=SEVERITY_STYLE[f.severity])
    out.append(f"{f.rule} ", style="bold")
    if f.text:
        out.append(f"“{one_line(f.text)}” ")
    out.append(f.message, style="dim")
    if f.suggestion is not None:
        out.append(" → ")
        out.append(f.suggestion or "(delete)", style="green")
    return out


def candidate_line(n: int, c: Candidate) -> Text:
    out = Text(no_wrap=True, overflow="ellipsis")
    out.append(f"{n} " if n <= 9 else "  ", style="bold")
    out.append(f"{c.origin:<10}", style="cyan")
    if c.error is not None:
        out.append(" error: ", style="bold red")
        out.append(one_line(c.error), style="red")
        return out
    errors = c.error_count
    warnings = len(c.findings) - errors
    out.append(f" {c.score:5.1f} ", style="dim")
    if errors:
        out.append(f"{errors}E", style="bold red")
    if warnings:
        out.append(f"{warnings}W", style="yellow")
    if not errors and not warnings:
        out.append("ok", style="green")
    out.append(" ")
    out.append(one_line(c.text))
    return out


def pending_line(n: int, name: str, frame: str) -> Text:
    out = Text(no_wrap=True, overflow="ellipsis")
    out.append(f"{n} " if n <= 9 else "  ", style="bold")
    out.append(f"{name:<10}", style="cyan")
    out.append(f" {frame} translating…", style="dim")
    return out


def concept_lines(concepts: Sequence[tuple[str, Sequence[Term]]]) -> Text:
    out = Text()
    for concept, terms in concepts:
        out.append(concept, style="bold cyan")
        out.append("\n")
        for t in sorted(terms, key=lambda t: (t.lang, t.status != "preferred", t.text)):
            out.append(f"  {t.lang:<6}", style="dim")
            out.append(t.text, style=TERM_STATUS_STYLE[t.status])
            out.append(f"  {t.status}", style="red" if t.status == "forbidden" else "dim")
            if t.note:
                out.append(f"  {one_line(t.note)}", style="italic dim")
            out.append("\n")
    if not concepts:
        out.append("No glossary term in this source paragraph.", style="dim")
    return out
