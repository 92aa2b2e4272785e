"""``qa.inconsistent``: one thing said two ways in one file (catalog or document).

Two findings, both about a whole file, so both see every text of it at once (a catalog-scope
rule: the result must not depend on how ``check`` splits a big file between workers):

- **The same source translated two ways**: entries whose sources are equal — ignoring
  surrounding white space and a single accelerator marker (``_Open`` / ``&Open``), and only
  within the same ``msgctxt`` (a context exists to tell two meanings apart) — whose
  translations differ the same way normalised. The translation most entries use (the first
  one on a tie) is the reference; each other one is a finding that quotes it. Plural forms
  are left out: their forms differ by design.
- **One glossary concept written two ways**: two valid terms of one concept in the text's
  language that are spellings of each other ("Organization" / "Organisation", "Centre" /
  "Center": the same number of words, mostly the same letters) both used in one file. A short
  form, an acronym or a longer name of the concept ("Belt and Road" / "Belt and Road
  Initiative", "SCO") is a different term, used on purpose, and never a finding. The form used
  more often (the preferred one on a tie) is the reference.

Neither is ever applied by the fixer: which of two translations is right is the editor's call.
The functions here are pure: lists of texts in, one list of findings per text out.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from review_tool.core.checks.registry import Rule, TextContext, register
from review_tool.core.glossary import Glossary, base_lang
from review_tool.core.models import Finding, Term

RULE = "qa.inconsistent"
EXAMPLE = '"Organisation" here, "Organization" (3×) elsewhere in the file'

_ACCELERATOR = re.compile(r"[_&](?=\w)")
# Two terms of a concept are spellings of each other at this Indel similarity or more.
_VARIANT_SIMILARITY = 0.8
_QUOTE_LIMIT = 60


@dataclass(frozen=True, slots=True)
class Unit:
    """One translated text of a file: its source (None in a document reviewed in its own
    language), its gettext context, and whether it is a plural form."""

    text: str
    source: str | None = None
    context: str | None = None
    plural: bool = False


def _core(text: str) -> str:
    """The text without surrounding white space and (in a short text) its one accelerator."""
    core = text.strip()
    if len(core) <= 60 and len(_ACCELERATOR.findall(core)) == 1:
        core = _ACCELERATOR.sub("", core)
    return core


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE_LIMIT else text[: _QUOTE_LIMIT - 1] + "…"


def same_source_findings(units: Sequence[Unit]) -> list[list[Finding]]:
    """One list per unit: a finding on each translation that differs from the reference
    translation of the same source."""
    out: list[list[Finding]] = [[] for _ in units]
    groups: dict[tuple[str | None, str], list[int]] = defaultdict(list)
    for k, unit in enumerate(units):
        if unit.source is None or unit.plural or not unit.text.strip():
            continue
        source = _core(unit.source)
        if source:
            groups[(unit.context, source)].append(k)
    for members in groups.values():
        if len(members) < 2:
            continue
        cores = [_core(units[k].text) for k in members]
        counts = Counter(cores)
        if len(counts) < 2:
            continue
        # Most used first; on a tie the first in the file (Counter keeps insertion order).
        reference = max(counts, key=lambda c: counts[c])
        where = members[cores.index(reference)]
        for k, core in zip(members, cores, strict=True):
            if core == reference:
                continue
            text = units[k].text
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            times = f" ({counts[reference]}×)" if counts[reference] > 1 else ""
            message = (
                f"the same source is translated '{_quote(reference)}'{times} elsewhere in "
                f"this file (text {where + 1})"
            )
            out[k].append(
                Finding(RULE, "warning", 0, len(text), text, message, lead + reference + trail)
            )
    return out


@dataclass(frozen=True, slots=True)
class TermUse:
    """A valid glossary term found in a text: where, and which term."""

    start: int
    end: int
    text: str
    term: Term


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def are_spellings_of_each_other(a: str, b: str) -> bool:
    """Two forms of one concept that differ in spelling, not in what they say: as many
    words, not equal but for case, and at least 80 % of their letters the same."""
    wa, wb = _words(a), _words(b)
    if len(wa) != len(wb) or wa == wb:
        return False
    return Indel.normalized_similarity(" ".join(wa), " ".join(wb)) >= _VARIANT_SIMILARITY


def variant_terms(glossary: Glossary) -> frozenset[Term]:
    """The valid terms that have a spelling variant in their concept and language: the only
    terms this rule needs to look for."""
    out: set[Term] = set()
    for terms in glossary.concepts.values():
        by_lang: dict[str, list[Term]] = defaultdict(list)
        for term in terms:
            if term.valid:
                by_lang[base_lang(term.lang)].append(term)
        for same in by_lang.values():
            for i, a in enumerate(same):
                for b in same[i + 1 :]:
                    if are_spellings_of_each_other(a.text, b.text):
                        out.add(a)
                        out.add(b)
    return frozenset(out)


def concept_variant_findings(uses: Sequence[Sequence[TermUse]]) -> list[list[Finding]]:
    """One list per text: each use of a concept's less used spelling, when the file uses
    two spellings of that concept (``uses``: the variant terms found in each text)."""
    out: list[list[Finding]] = [[] for _ in uses]
    spelling_of: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    term_of: dict[tuple[str, str, str], Term] = {}
    for found in uses:
        for use in found:
            key = (use.term.concept, base_lang(use.term.lang))
            form = use.term.text
            spelling_of[key][form] += 1
            term_of[(*key, form)] = use.term
    references: dict[tuple[str, str], str] = {}
    for key, counts in spelling_of.items():
        if len(counts) < 2:
            continue
        forms = list(counts)
        # Most used; on a tie the preferred term, then the first used.
        references[key] = max(
            forms,
            key=lambda f: (
                counts[f],
                term_of[(*key, f)].status == "preferred",
                -forms.index(f),
            ),
        )
    if not references:
        return out
    for k, found in enumerate(uses):
        for use in found:
            key = (use.term.concept, base_lang(use.term.lang))
            reference = references.get(key)
            if reference is None or use.term.text == reference:
                continue
            if not are_spellings_of_each_other(use.term.text, reference):
                continue  # a third form, a variant of neither: its own pair decides
            times = spelling_of[key][reference]
            shown = reference
            if use.text[:1].isupper() and not reference[:1].isupper():
                shown = reference[:1].upper() + reference[1:]
            message = (
                f"'{use.text}' here, '{reference}' ({times}×) elsewhere in this file: "
                "one concept, two spellings"
            )
            out[k].append(Finding(RULE, "warning", use.start, use.end, use.text, message, shown))
    return out


def memory_findings(
    units: Sequence[Unit], approved: Callable[[str], Sequence[tuple[str, str]]]
) -> list[list[Finding]]:
    """One list per unit: a translation that differs from the one the translation memory
    approves for the same source (``approved(source)``: every (translation, where) approved
    for exactly that source in the workspace, this file's own included). The translation most
    approved (the first on a tie) is the reference. A source this file translates in several
    ways is left to ``same_source_findings``."""
    out: list[list[Finding]] = [[] for _ in units]
    ours: dict[tuple[str | None, str], set[str]] = defaultdict(set)
    for unit in units:
        if unit.source is not None and not unit.plural:
            ours[(unit.context, _core(unit.source))].add(_core(unit.text))
    for k, unit in enumerate(units):
        if unit.source is None or unit.plural or not unit.text.strip():
            continue
        mine = ours[(unit.context, _core(unit.source))]
        if len(mine) > 1:
            continue
        found = approved(unit.source.strip())
        if not found:
            continue
        counts = Counter(_core(target) for target, _ in found)
        reference = max(counts, key=lambda c: counts[c])
        if not reference or reference in mine:
            continue
        where = next(origin for target, origin in found if _core(target) == reference)
        text = unit.text
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        times = f" {counts[reference]}×," if counts[reference] > 1 else ""
        message = (
            f"the translation memory approves '{_quote(reference)}' for this source"
            f" ({times} {where})".replace("( ", "(")
        )
        out[k].append(
            Finding(RULE, "warning", 0, len(text), text, message, lead + reference + trail)
        )
    return out


# --------------------------------------------------------------------------- the catalog rule


class VariantFinder:
    """Finds, in a text, the glossary terms that have a spelling variant in their concept
    (a small automaton of those terms only; none at all for most glossaries)."""

    def __init__(self, glossary: Glossary) -> None:
        from review_tool.core.term_matcher import TermMatcher

        self.terms = variant_terms(glossary)
        self._matcher = TermMatcher(Glossary(terms=sorted(self.terms, key=_term_order)))

    def uses(self, text: str, lang: str) -> list[TermUse]:
        if not self.terms:
            return []
        want = base_lang(lang)
        out: list[TermUse] = []
        for m in self._matcher.find(text):
            mine = [t for t in m.terms if base_lang(t.lang) == want and t in self.terms]
            if not mine:
                continue
            exact = [t for t in mine if t.text == m.text]
            out.append(TermUse(m.start, m.end, m.text, (exact or mine)[0]))
        return out


def _term_order(t: Term) -> tuple[str, str, str]:
    return t.concept, t.lang, t.text


def inconsistent_in_file(
    texts: Sequence[Unit], langs: Sequence[str], finder: VariantFinder | None
) -> list[list[Finding]]:
    """Both findings of ``qa.inconsistent`` for the texts of one file, one list per text."""
    out = same_source_findings(texts)
    if finder is not None and finder.terms:
        uses = [finder.uses(u.text, lang) for u, lang in zip(texts, langs, strict=True)]
        for found, more in zip(out, concept_variant_findings(uses), strict=True):
            found.extend(more)
    return out


# review_tool's own document catalogs use msgctxt as a paragraph id ("p-" + a hash of the text,
# "-2" for a repeat): an id, not a second meaning of the msgid.
_SEGMENT_ID = re.compile(r"p-[0-9a-f]{10}(?:-\d+)?")


def _meaning(msgctxt: str | None) -> str | None:
    return None if msgctxt is None or _SEGMENT_ID.fullmatch(msgctxt) else msgctxt


def _check_catalog(contexts: Sequence[TextContext]) -> list[list[Finding]]:
    if not contexts:
        return []
    checker = contexts[0].checker
    finder = checker.variant_finder() if checker is not None else None
    sourced = [c for c in contexts if c.source is not None]
    if not sourced and (finder is None or not finder.terms):
        return [[] for _ in contexts]  # a document, and no spelling variants to look for
    units = [
        Unit(c.text, c.source, _meaning(c.msgctxt), c.plural_source is not None) for c in contexts
    ]
    out = inconsistent_in_file(units, [c.lang for c in contexts], finder)
    memory_of = checker.memory if checker is not None else None
    if sourced and memory_of is not None and sourced[0].source_lang is not None:
        memory = memory_of(sourced[0].source_lang, sourced[0].lang)
        if memory:
            approved = lambda source: memory.get(source, ())  # noqa: E731
            for found, more in zip(out, memory_findings(units, approved), strict=True):
                found.extend(more)
    return out


register(
    Rule(
        RULE,
        "warning",
        "one source translated two ways (in the file or against the translation memory), or "
        "one glossary concept spelt two ways in a file",
        EXAMPLE,
        check_catalog=_check_catalog,
        # Its findings cover a whole translation, placeholders included: not prose in code.
        reads_code=True,
    )
)
