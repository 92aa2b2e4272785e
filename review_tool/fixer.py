"""The offline glossary fixer: rewrite a text by applying every finding that has a safe
suggestion, and record each edit so it can be shown and undone one by one.

Safe means a rule whose suggestion replaces exactly the flagged span with what the glossary or
a mechanical rule says (forbidden, foreign, case, variant and misspelled terms; broken hyphens,
merged year ranges, loops, spacing). Numbers, URLs, brackets and missing terms need a human.
The fixer runs the checks again after each pass until nothing fixable is left, so it is
idempotent: ``fix(fix(t)) == fix(t)``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from review_tool.checks import Checker
from review_tool.models import Edit, Finding
from review_tool.rules import get as get_rule

MAX_PASSES = 8


@dataclass(frozen=True, slots=True)
class FixResult:
    """The fixed text and the edits, in order; each edit's offsets are into the text as it was
    after the edits before it."""

    text: str
    edits: tuple[Edit, ...]
    remaining: tuple[Finding, ...]  # findings of the fixed text

    @property
    def changed(self) -> bool:
        return bool(self.edits)


def fixable(findings: list[Finding]) -> list[Finding]:
    """The findings the fixer applies: their rule's registered fix gives a replacement that
    differs from the span (as the finding's suggestion)."""
    out = []
    for f in findings:
        rule = get_rule(f.rule)
        if rule is None or rule.fix is None or f.end <= f.start:
            continue
        replacement = rule.fix(f)
        if replacement is not None and replacement != f.text:
            out.append(f if replacement == f.suggestion else replace(f, suggestion=replacement))
    return out


def _choose(findings: list[Finding]) -> list[Finding]:
    """Non-overlapping fixes, the widest first (a term fix covers a hyphen fix inside it)."""
    chosen: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.start - f.end, f.start, f.rule)):
        if all(f.end <= c.start or f.start >= c.end for c in chosen):
            chosen.append(f)
    return sorted(chosen, key=lambda f: f.start)


def apply_findings(text: str, findings: list[Finding]) -> tuple[str, list[Edit]]:
    """Apply the suggestions of non-overlapping findings, left to right."""
    pieces: list[str] = []
    edits: list[Edit] = []
    pos = 0
    delta = 0
    for f in _choose(findings):
        assert f.suggestion is not None
        pieces.append(text[pos : f.start])
        pieces.append(f.suggestion)
        edits.append(Edit(f.start + delta, f.end + delta, f.text, f.suggestion, f.rule))
        delta += len(f.suggestion) - (f.end - f.start)
        pos = f.end
    pieces.append(text[pos:])
    return "".join(pieces), edits


def fix(
    text: str,
    lang: str,
    checker: Checker,
    *,
    source: str | None = None,
    source_lang: str | None = None,
) -> FixResult:
    edits: list[Edit] = []
    findings = checker.check(text, lang, source=source, source_lang=source_lang)
    for _ in range(MAX_PASSES):
        todo = fixable(findings)
        if not todo:
            break
        new_text, pass_edits = apply_findings(text, todo)
        if new_text == text:
            break
        edits.extend(pass_edits)
        text = new_text
        findings = checker.check(text, lang, source=source, source_lang=source_lang)
    return FixResult(text, tuple(edits), tuple(findings))


def undo_edit(original: str, edits: tuple[Edit, ...], skip: int) -> str:
    """Replay ``edits`` on ``original`` leaving out edit number ``skip``; a later edit made on
    the text that edit produced is left out with it."""
    text = original
    dropped: list[list[int]] = []  # [start, new_len, old_len] in the coordinates of the full replay
    for n, edit in enumerate(edits):
        shift = 0
        drop = n == skip
        for r_start, r_new, r_old in dropped:
            if edit.end <= r_start and not (edit.start == edit.end == r_start):
                continue
            if edit.start >= r_start + r_new:
                shift += r_old - r_new
            else:
                drop = True
                break
        delta = len(edit.new) - (edit.end - edit.start)
        for record in dropped:
            if record[0] >= edit.end:
                record[0] += delta
        if drop:
            dropped.append([edit.start, len(edit.new), edit.end - edit.start])
            continue
        start, end = edit.start + shift, edit.end + shift
        text = text[:start] + edit.new + text[end:]
    return text
