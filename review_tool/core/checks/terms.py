"""Terminology rules: what a glossary term found in a text means in the text's language.

Rules: ``term.forbidden``, ``term.foreign`` (a term of another language that is not valid in
this one: "OCS" in English), ``term.case``, ``term.variant`` (hyphen/space or diacritics),
``term.misspelled`` (near misses) and ``term.missing`` (the source names a concept the
target does not). Pure functions over matches; no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from typing import Any

from review_tool.core import morphology
from review_tool.core.checks.registry import Rule, TextContext, register, suggested
from review_tool.core.checks.term_forms import (
    FUNCTION_WORDS,
    USE_NOTE,
    adapt_case,
    forbidden_suggestion,
    in_capitals,
    plural_of,
    sentence_start,
    with_elision,
)
from review_tool.core.checks.term_neighbours import (
    bare_possessive,
    compound_modifier,
    hyphenated_words,
)
from review_tool.core.glossary import Glossary, base_lang
from review_tool.core.models import Finding, Severity, Term
from review_tool.core.near_miss import NearMiss
from review_tool.core.readings import READERS
from review_tool.core.term_matcher import Match
from review_tool.core.textnorm import (
    fold,
    fold_term,
    has_no_space_char,
    is_no_space_char,
    is_word_char,
    strip_diacritics,
)

Knows = Callable[[str], bool]  # whether a dictionary of the text's language has a word
KnowsIn = Callable[[str, str], bool]  # the same, for a language given first


def _same_lang(term: Term, lang: str) -> bool:
    return base_lang(term.lang) == lang


def _valid_here(term: Term, lang: str) -> bool:
    return term.valid and _same_lang(term, lang)


def _matches_exactly(found: str, term: Term, text: str, start: int) -> bool:
    if found == term.text:
        return True
    # A lower-case term written with a capital at the start of a sentence is still the term.
    return (
        term.text[:1].islower()
        and found[:1].isupper()
        and found[1:] == term.text[1:]
        and found[0].lower() == term.text[0]
        and sentence_start(text, start)
    )


def _replacement_finding(
    rule: str, match: Match, text: str, lang: str, message: str, suggestion: str | None
) -> Finding:
    """A forbidden or foreign term's finding, its span widened to the article its
    replacement elides or restores."""
    start = match.start
    if suggestion is not None:
        elided = with_elision(text, start, suggestion, lang)
        if elided is None:
            suggestion = None
        else:
            start, suggestion = elided
    return Finding(
        rule=rule,
        severity="error",
        start=start,
        end=match.end,
        text=text[start : match.end],
        message=message,
        suggestion=suggestion,
    )


def _variant_kind(found: str, term: str) -> str:
    if found.casefold() == term.casefold():
        return "term.case"
    return "term.variant"


def _common_word(found: str, lang: str, knows: Knows | None) -> bool:
    """Whether ``found`` (not in capitals) is a common word of ``lang``: "who", "us", "it"
    spell acronyms but are not them."""
    if found.isupper() or " " in found:
        return False
    word = found.lower()
    if word in FUNCTION_WORDS.get(lang, ()):
        return True
    return knows is not None and knows(word)


_HYPHENS = "-\u2010\u2011"


def _not_a_foreign_use(match: Match, found: str, text: str, lang: str, glossary: Glossary) -> bool:
    """Forms of another language's term that are not that term used here: a common noun
    written in capitals (a placeholder name: "FILE", "ERROR"), a
    word of a hyphenated compound or identifier ("Set-User-ID-Bit", "script-file"), or an
    inflected form of this language's own term of the concept (German "Archive", plural of
    "Archiv", is not English "archive")."""
    start, end = match.start, match.end
    if found.isupper() and all(t.text.islower() for t in match.terms):
        return True
    before = text[start - 2 : start] if start >= 2 else ""
    after = text[end : end + 2]
    if " " not in found and (
        (len(before) == 2 and before[1] in _HYPHENS and before[0].isalnum())
        or (len(after) == 2 and after[0] in _HYPHENS and after[1].isalnum())
    ):
        return True
    morph = morphology.for_language(lang)
    if morph is not None and " " not in found:
        for term in match.terms:
            for own in glossary.concept_terms(term.concept, lang):
                mine = own.text.lower()
                if (
                    own.valid
                    and " " not in mine
                    and found.lower().startswith(mine)  # the own word, an ending added
                    and morph.same_lexeme(found, own.text)
                ):
                    return True
    return False


def _has_capitalised_word(source: str | None) -> bool:
    """Whether the source writes a word in capitals (a placeholder name, emphasis)."""
    return source is not None and any(sum(map(str.isupper, w)) > 2 for w in source.split())


def classify(
    match: Match,
    text: str,
    lang: str,
    glossary: Glossary,
    knows: Knows | None = None,
    source: str | None = None,
) -> Finding | None:
    """The finding for one term occurrence in a text of language ``lang`` (None if correct).

    ``knows`` is a dictionary of ``lang`` (whether it has a word), when there is one; ``source``
    the text this one translates, if any."""
    lang = base_lang(lang)
    if match.bare_s:
        possessive = bare_possessive(match, text, lang, glossary)
        if possessive is not None or lang not in PLURAL_S:
            return possessive
        return _plural(match, text, lang, glossary, knows, source)
    if match.split:
        return _split_term(match, text, lang)
    found = " ".join(match.text.split())  # separators as written, collapsed to one space
    for term in match.terms:  # the common case first: the term exactly as the glossary has it
        if term.text == found and term.valid and _same_lang(term, lang):
            return None
    if (
        match.start
        and text[match.start - 1] == "-"
        and (match.start == 1 or not text[match.start - 2].isalnum())
    ):
        return None  # "-version", "[-user]": a command-line option, not prose
    if (
        not found.isupper()
        and any(t.text.isupper() for t in match.terms)
        and any(glossary.is_acronym(t) for t in match.terms)
        and _common_word(found, lang, knows)
    ):
        terms = tuple(t for t in match.terms if not glossary.is_acronym(t))
        if not terms:
            return None
        match = replace(match, terms=terms)
    own = [t for t in match.terms if _same_lang(t, lang)]
    valid_own = [t for t in own if t.valid]
    for term in valid_own:
        if _matches_exactly(found, term, text, match.start):
            return None
        if term.text.islower() and found.lower() == term.text and not found.isupper():
            return None  # a common noun capitalised in a title or name
    forbidden_own = [t for t in own if not t.valid]
    exact_forbidden = [t for t in forbidden_own if t.text == found]
    if exact_forbidden or (forbidden_own and not valid_own):
        bad = (exact_forbidden or forbidden_own)[0]
        good = glossary.counterpart(bad.concept, lang, bad)
        return _replacement_finding(
            "term.forbidden",
            match,
            text,
            lang,
            f"'{found}' is a forbidden term"
            + (f"; use '{good.text}'" if good else "")
            + (f" ({bad.note})" if bad.note and not USE_NOTE.search(bad.note) else ""),
            forbidden_suggestion(match, bad, good, text, lang),
        )
    if valid_own:
        term = valid_own[0]
        preferred = glossary.preferred(term.concept, lang) or term
        target = term
        for candidate in valid_own:  # prefer the form closest to what was written
            if candidate.text.casefold() == found.casefold():
                target = candidate
                break
        if compound_modifier(found, target.text, text, match.end, lang):
            return None
        rule = _variant_kind(found, target.text)
        if (
            rule == "term.case"
            and found.isupper()
            and " " not in found
            and (target.text.islower() or _has_capitalised_word(source))
        ):
            return None  # a placeholder name or emphasis ("-b FICHIER"; the source has "FILE")
        if (
            rule == "term.variant"
            and knows is not None
            and target.text.islower()  # a name is spelt as the glossary has it ("Belém")
            and strip_diacritics(found).casefold() == strip_diacritics(target.text).casefold()
            and knows(found)
        ):
            return None  # another word of the language: "archivé" is not "archive"
        if (
            in_capitals(text, match.start, match.end)
            and strip_diacritics(found).casefold() == strip_diacritics(target.text).casefold()
        ):
            return None  # a headline or dateline in capitals (accents often dropped there)
        if rule == "term.variant" and strip_diacritics(found) == strip_diacritics(target.text):
            what = "diacritics differ from"
        elif rule == "term.case":
            what = "capitalisation differs from"
        else:
            what = "is a variant of"
        suggestion = adapt_case(found, target.text, text, match.start, lang)
        extra = "" if preferred is target else f" (preferred: '{preferred.text}')"
        return Finding(
            rule=rule,
            severity="warning",
            start=match.start,
            end=match.end,
            text=match.text,
            message=f"'{found}' {what} the term '{target.text}'{extra}",
            suggestion=suggestion,
        )
    # Only terms of other languages have this form: foreign if the concept is known here,
    # unless it is a common word of this language too (French "file", a queue: not "file").
    if found.islower() and " " not in found and knows is not None and knows(found):
        return None
    if _not_a_foreign_use(match, found, text, lang, glossary):
        return None
    for term in match.terms:
        good = glossary.counterpart(term.concept, lang, term)
        if good is None:
            continue
        return _replacement_finding(
            "term.foreign",
            match,
            text,
            lang,
            f"'{found}' is the {term.lang} term; in {lang} use '{good.text}'",
            forbidden_suggestion(match, term, good, text, lang),
        )
    return None


def term_findings(
    matches: Sequence[Match],
    text: str,
    lang: str,
    glossary: Glossary,
    knows_in: KnowsIn | None = None,
    source: str | None = None,
) -> list[Finding]:
    """The findings of the term occurrences ``matches`` of ``text`` (a translation of
    ``source`` if given); ``knows_in(lang, word)`` is the dictionary lookup, when there are
    dictionaries."""
    knows: Knows | None = None
    if knows_in is not None:
        knows = partial(knows_in, base_lang(lang))
    out = []
    quotes: list[tuple[int, int]] | None = None
    for match in matches:
        finding = classify(match, text, lang, glossary, knows, source)
        if finding is None:
            continue
        if finding.rule == "term.foreign":
            if quotes is None:
                quotes = quoted_spans(text)
            if quotes:
                finding = _citation(finding, match, matches, text, lang, quotes, knows_in)
        out.append(finding)
    return out


_QUOTED = re.compile(
    r"«\s*([^«»]+?)\s*»|“([^“”]+)”|„([^„“”]+)[“”]|\"([^\"\n]+)\"|‹\s*([^‹›]+?)\s*›"
    r"|「([^」]+)」|『([^』]+)』|‘([^‘’]+)’"
)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The spans of the contents of quotations, for the quote marks of every language."""
    out = []
    for m in _QUOTED.finditer(text):
        group = next(g for g in range(1, (m.lastindex or 0) + 1) if m.group(g) is not None)
        out.append(m.span(group))
    return out


def _citation(
    finding: Finding,
    match: Match,
    matches: Sequence[Match],
    text: str,
    lang: str,
    quotes: list[tuple[int, int]],
    knows_in: KnowsIn | None,
) -> Finding:
    """A foreign term inside a quotation written entirely in that other language is a citation
    (a title, a slogan quoted as said): a warning at most, never replaced."""
    lang = base_lang(lang)
    quote = next((q for q in quotes if q[0] <= match.start and match.end <= q[1]), None)
    if quote is None:
        return finding
    others = {base_lang(t.lang) for t in match.terms} - {lang}
    inside = [m for m in matches if quote[0] <= m.start and m.end <= quote[1]]
    for other in sorted(others):
        covered = [
            (m.start, m.end) for m in inside if any(base_lang(t.lang) == other for t in m.terms)
        ]
        words = [w for w in _WORD_IN_QUOTE.finditer(text, quote[0], quote[1])]
        foreign_only = 0
        ok = True
        for w in words:
            if any(s <= w.start() and w.end() <= e for s, e in covered):
                continue
            if knows_in is None or not knows_in(other, w.group()):
                ok = False
                break
            if not knows_in(lang, w.group()):
                foreign_only += 1
        if ok and (len(words) >= 2 or foreign_only):
            return replace(
                finding,
                severity="warning",
                suggestion=None,
                message=f"'{finding.text}' is quoted in a passage in {other}: a citation? "
                f"(translate it only if the quotation should be)",
            )
    return finding


_WORD_IN_QUOTE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _split_term(match: Match, text: str, lang: str) -> Finding | None:
    """A one-word term of this language written as two words ("space flight")."""
    for term in match.terms:
        if _same_lang(term, lang) and term.valid:
            return Finding(
                rule="term.misspelled",
                severity="warning",
                start=match.start,
                end=match.end,
                text=match.text,
                message=f"'{match.text}' looks like the term '{term.text}' written as two words",
                suggestion=adapt_case(match.text, term.text, text, match.start, lang),
            )
    return None


# Languages whose regular plural adds "s" to the term ("offshore wind parks"), where the plural
# of a forbidden or variant form is reported as that form, its replacement in the plural.
PLURAL_S = frozenset({"en"})
# Not term.case: a term with capitals is a name, and a name has no plural ("commissions" is
# the common noun, not the "Commission" in lower case).
_TERM_FORM_RULES = frozenset({"term.forbidden", "term.foreign", "term.variant"})


def _plural(
    match: Match,
    text: str,
    lang: str,
    glossary: Glossary,
    knows: Knows | None,
    source: str | None,
) -> Finding | None:
    """A term followed by a bare "s" that is not a possessive: the plural of the term, judged
    as the term is ("offshore wind parks" is the deprecated "offshore wind park" in the
    plural), its suggestion put in the plural too."""
    end = match.end - 1
    singular = replace(match, end=end, text=text[match.start : end], bare_s=False)
    found = classify(singular, text, lang, glossary, knows, source)
    if found is None or found.rule not in _TERM_FORM_RULES or found.end != end:
        return None
    plural = text[found.start : match.end]
    return replace(
        found,
        end=match.end,
        text=plural,
        message=found.message.replace(f"'{found.text}'", f"'{plural}'", 1),
        suggestion=plural_of(found.suggestion) if found.suggestion else None,
    )


def misspelling_findings(near: Sequence[NearMiss], text: str, lang: str) -> list[Finding]:
    out = []
    for miss in near:
        suggestion = None
        if miss.suggestion is not None:
            suggestion = adapt_case(miss.text, miss.suggestion, text, miss.start, lang)
        out.append(
            Finding(
                rule="term.misspelled",
                severity="warning",
                start=miss.start,
                end=miss.end,
                text=miss.text,
                message=f"'{miss.text}' looks like a misspelling of the term '{miss.term.text}'",
                suggestion=suggestion,
            )
        )
    return out


def concepts_in(matches: Sequence[Match]) -> dict[str, Match]:
    """Concepts named by matches (first occurrence of each)."""
    out: dict[str, Match] = {}
    for match in matches:
        for term in match.terms:
            out.setdefault(term.concept, match)
    return out


def missing_findings(
    source_matches: Sequence[Match],
    target_matches: Sequence[Match],
    target_text: str,
    target_lang: str,
    glossary: Glossary,
) -> list[Finding]:
    """``term.missing``: a concept named in the source that the target does not name at all,
    in any form (a Russian genitive, a French plural names it)."""
    target_lang = base_lang(target_lang)
    morph = morphology.for_language(target_lang)
    target_words: list[str] | None = None
    present = set(concepts_in(target_matches))
    out = []
    folded_target: str | None = None
    for concept, match in concepts_in(source_matches).items():
        if concept in present:
            continue
        # A valid term nested in a longer term of the target still names the concept.
        if folded_target is None:
            folded_target = " ".join(fold(target_text).split())
        valid = [t for t in glossary.concept_terms(concept, target_lang) if t.valid]
        if any(_contains_word(folded_target, fold_term(t.text)) for t in valid):
            continue
        if morph is not None:
            if target_words is None:
                target_words = morphology.text_words(target_text)
            if any(morph.contains(target_words, t.text) for t in valid):
                continue
        if target_lang in COMPOUNDING and any(
            _in_compound(folded_target, fold_term(t.text)) for t in valid
        ):
            continue
        good = glossary.preferred(concept, target_lang)
        if good is None:
            continue
        out.append(
            Finding(
                rule="term.missing",
                severity="warning",
                start=0,
                end=0,
                text="",
                message=f"source has '{match.text}' but the translation has no term of that "
                f"concept; expected '{good.text}'",
                suggestion=None,
            )
        )
    return out


# Languages that write compounds as one word: "Dateitypen" names "Datei".
COMPOUNDING = frozenset({"de", "nl", "sv", "da", "no", "nb", "nn", "fi", "is"})
MIN_COMPOUND_PART = 4


def _in_compound(hay: str, needle: str) -> bool:
    """``needle`` (one word) starts or ends a longer word of ``hay``."""
    if len(needle) < MIN_COMPOUND_PART or " " in needle:
        return False
    start = hay.find(needle)
    while start != -1:
        end = start + len(needle)
        at_start = start == 0 or not is_word_char(hay[start - 1])
        at_end = end == len(hay) or not is_word_char(hay[end])
        if at_start or at_end:
            return True
        start = hay.find(needle, start + 1)
    return False


def _contains_word(hay: str, needle: str) -> bool:
    """``needle`` occurs in ``hay`` on word boundaries (substring for scripts without spaces)."""
    if not needle:
        return False
    start = hay.find(needle)
    while start != -1:
        end = start + len(needle)
        before_ok = start == 0 or not is_word_char(hay[start - 1]) or is_no_space_char(needle[0])
        after_ok = end == len(hay) or not is_word_char(hay[end]) or is_no_space_char(needle[-1])
        if before_ok and after_ok:
            return True
        start = hay.find(needle, start + 1)
    return False


# --------------------------------------------------------------------------- registration


def _classify_all(ctx: TextContext) -> dict[str, list[Finding]]:
    checker = ctx.checker
    assert checker is not None
    by_rule: dict[str, list[Finding]] = {}
    findings = term_findings(
        ctx.matches, ctx.text, ctx.lang, checker.glossary, checker.knows, ctx.source
    )
    for f in findings:
        by_rule.setdefault(f.rule, []).append(f)
    return by_rule


def _term_rule(rule_id: str) -> Callable[[TextContext], list[Finding]]:
    """Every term occurrence is classified once per text; each term rule takes its own."""
    return lambda ctx: ctx.memo("term_findings", _classify_all).get(rule_id, [])  # type: ignore[no-any-return]


def near_misses(ctx: TextContext) -> list[NearMiss]:
    """The near misses of terms in the text, found once per text (qa.spelling asks too)."""
    checker = ctx.checker
    assert checker is not None

    def find(ctx: TextContext) -> list[NearMiss]:
        text = ctx.text
        spans = [(m.start, m.end) for m in ctx.matches]
        near = checker.near_miss_index(ctx.lang).find(text, spans)
        if base_lang(ctx.lang) in READERS and not text.isascii() and has_no_space_char(text):
            near += checker.homophone_index(ctx.lang).find(text, spans)
        return near

    return ctx.memo("near_misses", find)  # type: ignore[no-any-return]


def _misspelled(ctx: TextContext) -> list[Finding]:
    near = near_misses(ctx)
    # and a one-word term written as two words, which the term automaton finds
    split: list[Finding] = ctx.memo("term_findings", _classify_all).get("term.misspelled", [])
    split = split + _hyphen_split_term_words(ctx) if "-" in ctx.text else split
    return split + misspelling_findings(near, ctx.text, ctx.lang) if near else split


def _hyphen_split_term_words(ctx: TextContext) -> list[Finding]:
    """A word of a term of several words written as two, with a hyphen ("off-shore wind farm"
    for "offshore wind farm"); a one-word term so written the term automaton finds itself.
    Only a hyphenated pair that joins into a term word costs a second look."""
    checker = ctx.checker
    assert checker is not None
    text, lang = ctx.text, base_lang(ctx.lang)
    term_words = checker.near_miss_index(lang).postings
    out = []
    for w_start, hyphen, w_end in hyphenated_words(text):
        if fold(text[w_start:hyphen] + text[hyphen + 1 : w_end]) not in term_words or any(
            g.start <= w_start and w_end <= g.end and any(_valid_here(t, lang) for t in g.terms)
            for g in ctx.matches
        ):
            continue  # not a term word joined, or a term written so
        for match in checker.matcher.find(text[:hyphen] + text[hyphen + 1 :]):
            if match.bare_s or match.split or " " not in match.text.strip():
                continue
            if not match.start <= w_start < w_end - 1 <= match.end:
                continue
            term = next((t for t in match.terms if _valid_here(t, lang)), None)
            if term is None:
                continue
            start, end = match.start, match.end + 1
            found = text[start:end]
            out.append(
                Finding(
                    rule="term.misspelled",
                    severity="warning",
                    start=start,
                    end=end,
                    text=found,
                    message=f"'{found}' looks like the term '{term.text}' with a word written "
                    "as two",
                    suggestion=adapt_case(found, term.text, text, start, lang),
                )
            )
    return out


def _missing(ctx: TextContext) -> list[Finding]:
    checker, source, source_lang = ctx.checker, ctx.source, ctx.source_lang
    assert checker is not None and source is not None
    if source_lang is None:
        return []
    if base_lang(source_lang) == base_lang(ctx.lang) and source == ctx.text:
        return []
    return missing_findings(ctx.source_matches, ctx.matches, ctx.text, ctx.lang, checker.glossary)


def _register(rule_id: str, severity: Severity, doc: str, example: str, **kw: Any) -> None:
    register(Rule(rule_id, severity, doc, example, **kw))


_register(
    "term.forbidden",
    "error",
    "a term the glossary forbids in this language",
    '"OCS" in English',
    check=_term_rule("term.forbidden"),
    fix=suggested,
)
_register(
    "term.foreign",
    "error",
    "a term of another glossary language not valid here (inside a quotation written in that "
    "language: a citation, warned about and never replaced)",
    '"Anti-Drogue" in English',
    check=_term_rule("term.foreign"),
    fix=suggested,
)
_register(
    "term.case",
    "warning",
    "a term with the wrong capitals (text in capitals, a headline or dateline, is not)",
    '"President XI"',
    check=_term_rule("term.case"),
    fix=suggested,
)
_register(
    "term.variant",
    "warning",
    "hyphen/space or diacritics differ from the term (in the plural too), or the possessive of "
    "a name or of an acronym naming one body lacks its apostrophe",
    '"secretary general", "Méijiang", "Chinas economy", "WHOs budget"',
    check=_term_rule("term.variant"),
    fix=suggested,
)
_register(
    "term.misspelled",
    "warning",
    "a near miss of a term: one or two letters off (not a word the language's dictionary "
    "knows, not an inflected form), a one-word term or a word of a longer term written as two, "
    "or in Chinese/Japanese one character of the same reading",
    '"Coutrening", "Sharesheev", "space flight" for "spaceflight", "世界卫升组织"',
    check=_misspelled,
    fix=suggested,
)
_register(
    "term.missing",
    "warning",
    "the source names a concept the translation does not, in any inflected form",
    'source "SCO", no term of that concept in the translation',
    check=_missing,
    needs_source=True,
)
