"""What the letters and words next to a term say about it, per language: a bare "s" after it
(a possessive written without its apostrophe, "WHOs budget", or a plural, "NGOs work"), the
noun after a hyphenated term (a compound modifier, "raw-milk cheese"), and hyphenated words
(a word of a term written as two). Kept apart from the term rules, which use these answers to
decide what a match is.
"""

from __future__ import annotations

from collections.abc import Iterator

from review_tool.core.checks.term_forms import FUNCTION_WORDS, next_word
from review_tool.core.glossary import Glossary, base_lang
from review_tool.core.models import Finding, Term
from review_tool.core.term_matcher import Match

# Languages whose possessive of a name takes an apostrophe ("China's"); in German "Chinas
# Wirtschaft" is right, so a bare "s" is only a finding where the language has a rule.
POSSESSIVE_ENDINGS = {"en": "s"}
# Verbs a plural subject takes, after which a bare "s" is a plural ("MEPs said", "the NGOs
# warned"): reporting verbs, and any past tense ("-ed").
PLURAL_VERBS = {
    "en": frozenset(
        "say said says want wants agree agrees meet met vote call warn urge ask claim "
        "argue fear hope plan expect believe think know see need".split()
    ),
}


def _verb_after_plural(word: str, lang: str) -> bool:
    low = word.lower()
    past = lang == "en" and len(low) > 4 and low.endswith("ed") and not low.endswith("eed")
    return past or low in PLURAL_VERBS.get(lang, ())


def names_one_thing(term: Term, glossary: Glossary) -> bool:
    """Whether ``term`` is a name ("Geneva", "WHO"): a name has no plural, so a bare "s" after
    it before a word is its possessive. An acronym is a name when its concept's full forms are
    ("WHO": "World Health Organization"); one of a common noun takes a plural "s" ("NGOs":
    "non-governmental organization"); one with no full form in any language is not known to
    be either."""
    if not glossary.is_acronym(term):
        return term.text[:1].isupper() and not term.text.isupper()
    full = [t for t in glossary.concept_terms(term.concept) if not glossary.is_acronym(t)]
    mine = [t for t in full if base_lang(t.lang) == base_lang(term.lang)] or full
    return bool(mine) and all(t.text[:1].isupper() for t in mine)


def bare_possessive(match: Match, text: str, lang: str, glossary: Glossary) -> Finding | None:
    """A name's possessive written without its apostrophe ("Chinas economy", "WHOs fund"), as a
    variant of the term with the right form; nothing for a plural ("NGOs work") or a language
    without the rule."""
    ending = POSSESSIVE_ENDINGS.get(lang)
    if ending is None or not match.text.endswith(ending):
        return None
    base = " ".join(match.text[: -len(ending)].split())
    following = next_word(text, match.end)
    if not following or following.lower() in FUNCTION_WORDS.get(lang, ()):
        return None  # a possessive is followed by what it owns
    if _verb_after_plural(following, lang):
        return None  # "MEPs voted": a plural, even of a name's acronym
    for term in match.terms:
        name = term.text
        if (
            base_lang(term.lang) == lang
            and term.valid
            and name == base
            and name[-1:] not in "sS"
            and names_one_thing(term, glossary)
        ):
            apostrophe = "’" if "’" in text and "'" not in text else "'"
            right = match.text[: -len(ending)] + apostrophe + ending
            return Finding(
                rule="term.variant",
                severity="warning",
                start=match.start,
                end=match.end,
                text=match.text,
                message=f"'{match.text}' is the possessive of the term '{name}' without its "
                f"apostrophe: '{right}'",
                suggestion=right,
            )
    return None


def compound_modifier(found: str, term: str, text: str, end: int, lang: str) -> bool:
    """A common-noun term of several words hyphenated before the noun it qualifies ("raw-milk
    cheese" for "raw milk", "RAW-MILK CHEESES" in a headline): English compound-modifier
    style, not a variant of the term. A name keeps its own spelling ("Ariane-6 programme")."""
    if lang not in FUNCTION_WORDS or " " not in term or not term.islower():
        return False
    if found.lower() != term.replace(" ", "-") or text[end : end + 1] != " ":
        return False  # every word joined ("raw-milk"), not one space of several made a hyphen
    following = next_word(text, end)
    return bool(following) and following.lower() not in FUNCTION_WORDS[lang]


MIN_HYPHENATED_PART = 3  # letters on each side of the hyphen (not "e-mail", "co-operation")


def hyphenated_words(text: str) -> Iterator[tuple[int, int, int]]:
    """(start, hyphen, end) of each word of two parts of letters joined by one hyphen, found
    from the hyphens (a regex tried at every character cost 200 µs on a long paragraph)."""
    size = len(text)
    hyphen = text.find("-")
    while hyphen != -1:
        start, end = hyphen, hyphen + 1
        while start > 0 and text[start - 1].isalpha():
            start -= 1
        while end < size and text[end].isalpha():
            end += 1
        if (
            hyphen - start >= MIN_HYPHENATED_PART
            and end - hyphen - 1 >= MIN_HYPHENATED_PART
            and (start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "-_"))
            and (end == size or not (text[end].isalnum() or text[end] in "-_"))
        ):
            yield start, hyphen, end
        hyphen = text.find("-", hyphen + 1)
