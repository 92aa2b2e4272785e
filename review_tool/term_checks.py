"""Terminology rules: what a glossary term found in a text means in the text's language.

Rules: ``term.forbidden``, ``term.foreign`` (a term of another language that is not valid in
this one: "OCS" in English), ``term.case``, ``term.variant`` (hyphen/space or diacritics),
``term.misspelled`` (near misses) and ``term.missing`` (the source names a concept the
target does not). Pure functions over matches; no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from review_tool.glossary import Glossary, base_lang
from review_tool.models import Finding, Severity, Term
from review_tool.near_miss import NearMiss
from review_tool.rules import Rule, TextContext, register, suggested
from review_tool.term_matcher import Match
from review_tool.textnorm import fold, fold_term, is_no_space_char, is_word_char, strip_diacritics

# Determiners after which an article must not be added (languages we know them for).
DETERMINERS = {
    "en": frozenset(
        "the a an this that these those its their our your his her my whose which what "
        "each every any some no".split()
    ),
}
# Words after which a bare noun is not a noun modifier ("OCS has", not "OCS member").
FUNCTION_WORDS = {
    "en": frozenset(
        "to of and or nor in on at for from with by as is are was were be been has have had "
        "will would should shall can could may might must that which who whom than then but "
        "not also into onto over under about after before since until while".split()
    ),
}
_ARTICLE_NOTE = re.compile(r"\barticle\s*[=:]\s*(\S+)", re.IGNORECASE)
_USE_NOTE = re.compile(r"\buse\s*[=:]\s*(.+?)\s*(?:;|$)", re.IGNORECASE)


def _same_lang(term: Term, lang: str) -> bool:
    return base_lang(term.lang) == lang


def _sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\"'«“‘(":
        i -= 1
    return i < 0 or text[i] in ".!?\n"


def _parts(text: str) -> list[str]:
    return [p for p in re.split(r"[\s\-\u2010\u2011]+", text) if p]


def adapt_case(found: str, replacement: str, text: str, start: int) -> str:
    """Give ``replacement`` the capitals of what it replaces: a sentence start, or a name
    written in title case ("Anti-Drogue" -> "Anti-Drug")."""
    if not replacement or not replacement[0].islower() or not found[:1].isupper():
        return replacement
    parts = _parts(found)
    if len(parts) > 1 and all(p[:1].isupper() for p in parts):
        return re.sub(
            r"(^|[\s\-\u2010\u2011])(\w)", lambda m: m.group(1) + m.group(2).upper(), replacement
        )
    if _sentence_start(text, start):
        return replacement[0].upper() + replacement[1:]
    return replacement


def _matches_exactly(found: str, term: Term, text: str, start: int) -> bool:
    if found == term.text:
        return True
    # A lower-case term written with a capital at the start of a sentence is still the term.
    return (
        term.text[:1].islower()
        and found[:1].isupper()
        and found[1:] == term.text[1:]
        and found[0].lower() == term.text[0]
        and _sentence_start(text, start)
    )


_NEXT_WORD = re.compile(r"\s+([^\W\d_][\w'-]*)")
_PREV_WORD = re.compile(r"([^\W\d_][\w'-]*)\s+$")
_CONTEXT = 80  # characters looked at around a term: enough for a word, never the whole text


def _next_word(text: str, end: int) -> str:
    m = _NEXT_WORD.match(text, end, end + _CONTEXT)
    return m.group(1) if m else ""


def _prev_word(text: str, start: int) -> str:
    m = _PREV_WORD.search(text[max(0, start - _CONTEXT) : start])
    return m.group(1) if m else ""


def forbidden_suggestion(
    match: Match, bad: Term, good: Term | None, text: str, lang: str
) -> str | None:
    """The replacement for a forbidden or foreign form, adapted to its context."""
    use = _USE_NOTE.search(bad.note)
    if use:
        return adapt_case(match.text, use.group(1), text, match.start)
    if good is None:
        return None
    replacement = good.text
    found = match.text
    following = _next_word(text, match.end)
    function_words = FUNCTION_WORDS.get(lang, frozenset())
    noun_follows = following[:1].islower() and following.lower() not in function_words
    # "Scos achievements": a possessive written without its apostrophe.
    possessive = (
        lang in FUNCTION_WORDS
        and found[-1:] in "sS"
        and found[:-1].casefold() == good.text.casefold()
        and noun_follows
    )
    if possessive:
        replacement = good.text + "'s"
    article = _ARTICLE_NOTE.search(good.note)
    determiners = DETERMINERS.get(lang)
    if (
        article
        and determiners is not None
        and (possessive or not noun_follows)
        and _prev_word(text, match.start).lower() not in determiners
    ):
        replacement = f"{article.group(1)} {replacement}"
    return adapt_case(found, replacement, text, match.start)


def _variant_kind(found: str, term: str) -> str:
    if found.casefold() == term.casefold():
        return "term.case"
    return "term.variant"


def classify(match: Match, text: str, lang: str, glossary: Glossary) -> Finding | None:
    """The finding for one term occurrence in a text of language ``lang`` (None if correct)."""
    lang = base_lang(lang)
    own = [t for t in match.terms if _same_lang(t, lang)]
    valid_own = [t for t in own if t.valid]
    found = " ".join(match.text.split())  # separators as written, collapsed to one space
    for term in valid_own:
        if _matches_exactly(found, term, text, match.start):
            return None
        if term.text.islower() and found.lower() == term.text and not found.isupper():
            return None  # a common noun capitalised in a title or name
    forbidden_own = [t for t in own if not t.valid]
    exact_forbidden = [t for t in forbidden_own if t.text == found]
    if exact_forbidden or (forbidden_own and not valid_own):
        bad = (exact_forbidden or forbidden_own)[0]
        good = glossary.preferred(bad.concept, lang)
        return Finding(
            rule="term.forbidden",
            severity="error",
            start=match.start,
            end=match.end,
            text=match.text,
            message=f"'{found}' is a forbidden term"
            + (f"; use '{good.text}'" if good else "")
            + (f" ({bad.note})" if bad.note and not _USE_NOTE.search(bad.note) else ""),
            suggestion=forbidden_suggestion(match, bad, good, text, lang),
        )
    if valid_own:
        term = valid_own[0]
        preferred = glossary.preferred(term.concept, lang) or term
        target = term
        for candidate in valid_own:  # prefer the form closest to what was written
            if candidate.text.casefold() == found.casefold():
                target = candidate
                break
        rule = _variant_kind(found, target.text)
        if rule == "term.variant" and strip_diacritics(found) == strip_diacritics(target.text):
            what = "diacritics differ from"
        elif rule == "term.case":
            what = "capitalisation differs from"
        else:
            what = "is a variant of"
        suggestion = adapt_case(found, target.text, text, match.start)
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
    # Only terms of other languages have this form: foreign if the concept is known here.
    for term in match.terms:
        good = glossary.preferred(term.concept, lang)
        if good is None:
            continue
        return Finding(
            rule="term.foreign",
            severity="error",
            start=match.start,
            end=match.end,
            text=match.text,
            message=f"'{found}' is the {term.lang} term; in {lang} use '{good.text}'",
            suggestion=forbidden_suggestion(match, term, good, text, lang),
        )
    return None


def term_findings(
    matches: Sequence[Match], text: str, lang: str, glossary: Glossary
) -> list[Finding]:
    out = []
    for match in matches:
        finding = classify(match, text, lang, glossary)
        if finding is not None:
            out.append(finding)
    return out


def misspelling_findings(near: Sequence[NearMiss], text: str, lang: str) -> list[Finding]:
    out = []
    for miss in near:
        suggestion = adapt_case(miss.text, miss.term.text, text, miss.start)
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
    """``term.missing``: a concept named in the source that the target does not name at all."""
    target_lang = base_lang(target_lang)
    present = set(concepts_in(target_matches))
    out = []
    folded_target: str | None = None
    for concept, match in concepts_in(source_matches).items():
        if concept in present:
            continue
        # A valid term nested in a longer term of the target still names the concept.
        if folded_target is None:
            folded_target = " ".join(fold(target_text).split())
        if any(
            _contains_word(folded_target, fold_term(t.text))
            for t in glossary.concept_terms(concept, target_lang)
            if t.valid
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
    for f in term_findings(ctx.matches, ctx.text, ctx.lang, checker.glossary):
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
        spans = [(m.start, m.end) for m in ctx.matches]
        return checker.near_miss_index(ctx.lang).find(ctx.text, spans)

    return ctx.memo("near_misses", find)  # type: ignore[no-any-return]


def _misspelled(ctx: TextContext) -> list[Finding]:
    near = near_misses(ctx)
    return misspelling_findings(near, ctx.text, ctx.lang) if near else []


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
    "a term of another glossary language not valid here",
    '"Anti-Drogue" in English',
    check=_term_rule("term.foreign"),
    fix=suggested,
)
_register(
    "term.case",
    "warning",
    "a term with the wrong capitals",
    '"President XI"',
    check=_term_rule("term.case"),
    fix=suggested,
)
_register(
    "term.variant",
    "warning",
    "hyphen/space or diacritics differ from the term",
    '"secretary general", "Méijiang"',
    check=_term_rule("term.variant"),
    fix=suggested,
)
_register(
    "term.misspelled",
    "warning",
    "a near miss of a term",
    '"Coutrening", "Sharesheev"',
    check=_misspelled,
    fix=suggested,
)
_register(
    "term.missing",
    "warning",
    "the source names a concept the translation does not",
    'source "SCO", no term of that concept in the translation',
    check=_missing,
    needs_source=True,
)
