"""One entry point for every rule: ``Checker.check(text, lang, source=…, source_lang=…)``.

The checker owns the per-glossary state that is expensive to build (the Aho-Corasick matcher,
one near-miss index per language) so that checking a paragraph costs only the paragraph.
"""

from __future__ import annotations

from review_tool.glossary import Glossary, base_lang
from review_tool.models import SEVERITY_RANK, Finding
from review_tool.near_miss import NearMissIndex
from review_tool.qa_checks import RULES as QA_RULES
from review_tool.qa_checks import qa_findings
from review_tool.term_checks import missing_findings, misspelling_findings, term_findings
from review_tool.term_matcher import TermMatcher

TERM_RULES = (
    "term.forbidden",
    "term.foreign",
    "term.case",
    "term.variant",
    "term.misspelled",
    "term.missing",
)
ALL_RULES = TERM_RULES + tuple(QA_RULES)


class Checker:
    def __init__(self, glossary: Glossary, *, near_miss: bool = True) -> None:
        self.glossary = glossary
        self.matcher = TermMatcher(glossary)
        self.near_miss = near_miss
        self._near: dict[str, NearMissIndex] = {}

    def near_miss_index(self, lang: str) -> NearMissIndex:
        lang = base_lang(lang)
        index = self._near.get(lang)
        if index is None:
            index = NearMissIndex(
                t for t in self.glossary.terms if t.valid and base_lang(t.lang) == lang
            )
            self._near[lang] = index
        return index

    def check(
        self,
        text: str,
        lang: str,
        *,
        source: str | None = None,
        source_lang: str | None = None,
    ) -> list[Finding]:
        """Every finding of every rule for ``text`` (a translation of ``source`` if given)."""
        matches = self.matcher.find(text)
        findings = term_findings(matches, text, lang, self.glossary)
        if self.near_miss:
            covered = [(m.start, m.end) for m in matches]
            near = self.near_miss_index(lang).find(text, covered)
            findings.extend(misspelling_findings(near, text, lang))
        if source is not None and source_lang is not None:
            if base_lang(source_lang) != base_lang(lang) or source != text:
                findings.extend(
                    missing_findings(self.matcher.find(source), matches, text, lang, self.glossary)
                )
        findings.extend(qa_findings(text, lang, source, source_lang))
        findings.sort(key=lambda f: (f.start, f.end, f.rule))
        return findings


def at_or_above(findings: list[Finding], level: str) -> list[Finding]:
    if level == "never":
        return []
    floor = SEVERITY_RANK[level]
    return [f for f in findings if SEVERITY_RANK[f.severity] >= floor]
