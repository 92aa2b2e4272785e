"""One entry point for every rule: ``Checker.check(text, lang, source=…, source_lang=…)``, and
``check_many`` for a batch of texts (what ``review-tool check`` uses), ``check_catalog`` for the
rules that read a whole file at once.

The checker runs what the rule registry (registry.py) holds, every family loaded by the package
(``core/checks/__init__.py``); it owns the per-glossary state that
is expensive to build (the Aho-Corasick matcher, one near-miss index per language) so that
checking a paragraph costs only the paragraph. Findings of rules about prose that fall inside
a protected span (a URL, a placeholder, an option, a tag) are dropped here, for every rule.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import NamedTuple

from review_tool.core import dictionaries, morphology
from review_tool.core.checks.consistency import VariantFinder
from review_tool.core.checks.registry import NO_FLAGS, Rule, TextContext, catalog_rules, text_rules
from review_tool.core.checks.spelling import Speller, make_speller, term_words
from review_tool.core.glossary import Glossary, base_lang
from review_tool.core.models import SEVERITY_RANK, Finding
from review_tool.core.near_miss import NearMissIndex
from review_tool.core.protected_spans import overlaps
from review_tool.core.readings import HomophoneIndex
from review_tool.core.term_matcher import TermMatcher


class CheckJob(NamedTuple):
    """A text to check, its language, the source it translates and that one's language, the
    entry's gettext flags, and for a plural form the other source (msgid or msgid_plural)."""

    text: str
    lang: str
    source: str | None = None
    source_lang: str | None = None
    flags: frozenset[str] = NO_FLAGS
    plural_source: str | None = None
    msgctxt: str | None = None  # the entry's gettext context (two meanings of one msgid)


class Checker:
    def __init__(
        self,
        glossary: Glossary,
        *,
        near_miss: bool = True,
        spelling: bool = True,
        memory: Callable[[str, str], Mapping[str, Sequence[tuple[str, str]]]] | None = None,
        knows: Callable[[str, str], bool] | None = dictionaries.knows_in_its_region,
    ) -> None:
        """``knows(lang, word)``: whether a real dictionary of ``lang`` has ``word`` (Hunspell
        through dictionaries.py by default, the language's default region alone): a word it
        knows is not a misspelling of a term, nor an acronym term when written in lower
        case."""
        self.glossary = glossary
        self.knows = knows
        self._homophones: dict[str, HomophoneIndex] = {}
        self.matcher = TermMatcher(glossary)
        self.near_miss = near_miss
        self.spelling = spelling
        # The approved translations of a (source, target) language pair by source (the
        # translation memory's exact matches), for qa.inconsistent.
        self.memory = memory
        self._near: dict[str, NearMissIndex] = {}
        self._spellers: dict[str, Speller | None] = {}
        self._term_words: frozenset[str] | None = None
        self._variants: VariantFinder | None = None
        # Languages checked that have no dictionary: one note per run, said by the caller.
        self.no_dictionary: set[str] = set()
        off = set() if near_miss else {"term.misspelled"}
        if not spelling:
            off.add("qa.spelling")
        self.text_rules: tuple[Rule, ...] = tuple(r for r in text_rules() if r.id not in off)
        self.catalog_rules: tuple[Rule, ...] = catalog_rules()

    def speller(self, lang: str) -> Speller | None:
        """The spelling checker of ``lang`` (None: no dictionary, or spelling is off)."""
        if lang in self._spellers:
            return self._spellers[lang]
        found = None
        if self.spelling:
            if self._term_words is None:
                self._term_words = term_words(t.text for t in self.glossary.terms)
            found = make_speller(lang, self._term_words, self.glossary.words)
            if found is None:
                self.no_dictionary.add(lang)
            else:
                found.dictionary.could_start("")  # read the stems now: before a fork, shared
        self._spellers[lang] = found
        return found

    def variant_finder(self) -> VariantFinder:
        """The glossary terms that have a spelling variant in their concept (qa.inconsistent)."""
        if self._variants is None:
            self._variants = VariantFinder(self.glossary)
        return self._variants

    def near_miss_index(self, lang: str) -> NearMissIndex:
        lang = base_lang(lang)
        index = self._near.get(lang)
        if index is None:
            index = NearMissIndex(
                (t for t in self.glossary.terms if t.valid and base_lang(t.lang) == lang),
                morphology=morphology.for_language(lang),
                knows=self.known_words(lang),
            )
            self._near[lang] = index
        return index

    def homophone_index(self, lang: str) -> HomophoneIndex:
        """Terms of a language written without spaces, by reading (built on first use)."""
        lang = base_lang(lang)
        index = self._homophones.get(lang)
        if index is None:
            terms = (t for t in self.glossary.terms if base_lang(t.lang) == lang)
            index = self._homophones[lang] = HomophoneIndex(terms, lang)
        return index

    def known_words(self, lang: str) -> Callable[[str], bool] | None:
        """The dictionary lookup of one language (or None)."""
        knows = self.knows
        if knows is None:
            return None
        return partial(knows, lang)  # dictionaries.py caches its answers per word

    def check(
        self,
        text: str,
        lang: str,
        *,
        source: str | None = None,
        source_lang: str | None = None,
        flags: frozenset[str] = NO_FLAGS,
        plural_source: str | None = None,
    ) -> list[Finding]:
        """Every finding of every text rule for ``text`` (a translation of ``source`` if
        given; ``flags``: the entry's gettext flags)."""
        return self.check_many([CheckJob(text, lang, source, source_lang, flags, plural_source)])[0]

    def check_many(self, jobs: Sequence[tuple]) -> list[list[Finding]]:  # type: ignore[type-arg]
        """``check`` of each job (a CheckJob, or a tuple of its first fields), one rule after
        the other over all of them: each rule's tables (automaton, deletion index, patterns)
        then stay in the CPU caches, which makes a batch of a thousand paragraphs 15-20 %
        faster to check."""
        return run_rules(self.text_rules, jobs, self)

    def check_catalog(self, jobs: Sequence[tuple]) -> list[list[Finding]]:  # type: ignore[type-arg]
        """The findings of the catalog-scope rules over all the texts of one file, one list
        per job (empty lists when no such rule is registered)."""
        out: list[list[Finding]] = [[] for _ in jobs]
        if not self.catalog_rules:
            return out
        contexts = [_context(job, self) for job in jobs]
        for rule in self.catalog_rules:
            assert rule.check_catalog is not None
            for found, ctx, findings in zip(
                out, contexts, rule.check_catalog(contexts), strict=True
            ):
                found.extend(_outside_code(rule, ctx, findings))
        for found in out:
            found.sort(key=_reading_order)
        return out


def run_rules(
    rules: Sequence[Rule],
    jobs: Sequence[tuple],  # type: ignore[type-arg]
    checker: Checker | None = None,
    *,
    ordered: bool = True,
) -> list[list[Finding]]:
    """The findings of text ``rules`` on each job: in reading order, or if not ``ordered``
    rule by rule."""
    contexts = [_context(job, checker) for job in jobs]
    out: list[list[Finding]] = [[] for _ in contexts]
    for rule in rules:
        check = rule.check
        assert check is not None
        # Speed: one call per text and rule; the rest only for the few that find something.
        if rule.needs_source:
            for found, ctx in zip(out, contexts, strict=True):
                if ctx.source is not None and (findings := check(ctx)):
                    found.extend(_kept(rule, ctx, findings))
        else:
            for found, ctx in zip(out, contexts, strict=True):
                if findings := check(ctx):
                    found.extend(_kept(rule, ctx, findings))
    if ordered:
        for found in out:
            if len(found) > 1:
                found.sort(key=_reading_order)
    return out


def qa_findings(
    text: str,
    lang: str,
    source: str | None = None,
    source_lang: str | None = None,
    flags: frozenset[str] = NO_FLAGS,
) -> list[Finding]:
    """The findings of every registered glossary-free rule (``qa.*``) on one text, without a
    checker (no glossary): what the QA tests and the naive baseline of the benchmarks use."""
    rules = [r for r in text_rules() if r.id.startswith("qa.")]
    return run_rules(rules, [CheckJob(text, lang, source, source_lang, flags)], ordered=False)[0]


def _context(job: tuple, checker: Checker | None) -> TextContext:  # type: ignore[type-arg]
    j = job if isinstance(job, CheckJob) else CheckJob(*job)
    return TextContext(
        j.text,
        j.lang,
        j.source,
        j.source_lang,
        j.flags,
        j.plural_source,
        checker=checker,
        msgctxt=j.msgctxt,
    )


def _kept(rule: Rule, ctx: TextContext, findings: list[Finding]) -> list[Finding]:
    """The findings of one text rule on one text that stand: prose findings inside code
    dropped; a plural form's source-aware findings kept only where both msgid and
    msgid_plural have them."""
    if rule.needs_source and ctx.plural_source is not None:
        assert rule.check is not None
        other = TextContext(
            ctx.text, ctx.lang, ctx.plural_source, ctx.source_lang, ctx.flags, None, ctx.checker
        )
        against_other = {(f.start, f.end, f.rule) for f in rule.check(other)}
        findings = [f for f in findings if (f.start, f.end, f.rule) in against_other]
    return _outside_code(rule, ctx, findings)


def _outside_code(rule: Rule, ctx: TextContext, findings: list[Finding]) -> list[Finding]:
    if not findings or rule.reads_code:
        return findings
    spans = ctx.spans
    if not spans:
        return findings
    return [f for f in findings if not overlaps(spans, f.start, f.end)]


def _reading_order(f: Finding) -> tuple[int, int, str]:
    return f.start, f.end, f.rule


def at_or_above(findings: list[Finding], level: str) -> list[Finding]:
    if level == "never":
        return []
    floor = SEVERITY_RANK[level]
    return [f for f in findings if SEVERITY_RANK[f.severity] >= floor]
