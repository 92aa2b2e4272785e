"""The offline glossary fixer: rewrite a text by applying every finding that has a safe
suggestion, and record each edit so it can be shown and undone one by one.

Safe means a rule whose suggestion replaces exactly the flagged span with what the glossary or
a mechanical rule says (forbidden, foreign, case, variant and misspelled terms; broken hyphens,
merged year ranges, loops, spacing). Numbers, URLs, brackets and missing terms need a human.
The fixer runs the checks again after each pass until nothing fixable is left, so it is
idempotent: ``fix(fix(t)) == fix(t)``. It never edits a protected span (URLs, placeholders,
options, tags), and an edit after which the text has a finding it did not have is dropped: a
fix never introduces a finding.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from review_tool.core.checks.checker import Checker
from review_tool.core.checks.registry import get as get_rule
from review_tool.core.models import Edit, Finding

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


Spans = Sequence[tuple[int, int]]


def _outside(findings: list[Finding], spans: Spans) -> list[Finding]:
    """The findings that touch no protected span (a URL, a placeholder, an option, a tag)."""
    if not spans:
        return findings
    return [f for f in findings if not any(f.start < e and s < f.end for s, e in spans)]


def _key(f: Finding) -> tuple[str, str]:
    return (f.rule, f.text) if f.text else (f.rule, f.message)  # term.missing has no text


def _introduces(
    old_text: str, before: list[Finding], fixed: list[Finding], after: list[Finding]
) -> bool:
    """Whether ``after`` (the findings of the fixed text) has one that ``before`` did not,
    once the ``fixed`` ones are gone: an edit must only ever remove findings. A defect whose
    text was already there is not new, even if an overlapping finding hid it ("together
    Together" at the end of a loop the fix shortened)."""
    kept = Counter(map(_key, before)) - Counter(map(_key, fixed))
    new = Counter(map(_key, after)) - kept
    return any(_key(f) in new and (not f.text or f.text not in old_text) for f in after)


def fix(
    text: str,
    lang: str,
    checker: Checker,
    *,
    source: str | None = None,
    source_lang: str | None = None,
    protect: Callable[[str], Spans] | None = None,
) -> FixResult:
    """Apply every fixable finding whose edit is safe: outside the spans ``protect(text)``
    gives, and introducing no finding of its own (the fixed text is checked again; an edit
    that adds a finding is dropped, the others kept)."""

    def check(t: str) -> list[Finding]:
        return checker.check(t, lang, source=source, source_lang=source_lang)

    edits: list[Edit] = []
    findings = check(text)
    for _ in range(MAX_PASSES):
        todo = _outside(fixable(findings), protect(text) if protect else ())
        if not todo:
            break
        chosen = _choose(todo)
        new_text, pass_edits = apply_findings(text, chosen)
        if new_text == text:
            break
        new_findings = check(new_text)
        if not _introduces(text, findings, chosen, new_findings):
            edits.extend(pass_edits)
            text, findings = new_text, new_findings
            continue
        # Some edit adds a finding: try them one by one, right to left (offsets stay valid);
        # one refused here is tried again in the next pass, on the text the others made.
        changed = False
        for f in reversed(chosen):
            assert f.suggestion is not None
            candidate = text[: f.start] + f.suggestion + text[f.end :]
            after = check(candidate)
            if _introduces(text, findings, [f], after):
                continue
            edits.append(Edit(f.start, f.end, f.text, f.suggestion, f.rule))
            text, findings = candidate, after
            changed = True
        if not changed:
            break
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
