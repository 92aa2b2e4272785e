"""What the QA rule tests share: the findings of one rule, with every offset checked."""

from __future__ import annotations

from review_tool.core.checks.checker import qa_findings
from review_tool.core.models import Finding


def qa(
    text: str,
    lang: str,
    rule: str,
    *,
    source: str | None = None,
    source_lang: str | None = None,
    flags: frozenset[str] = frozenset(),
) -> list[Finding]:
    """Findings of one rule, after checking every finding's offsets."""
    findings = qa_findings(text, lang, source, source_lang, flags)
    for f in findings:
        assert 0 <= f.start <= f.end <= len(text), f
        assert text[f.start : f.end] == f.text, f
    return [f for f in findings if f.rule == rule]
