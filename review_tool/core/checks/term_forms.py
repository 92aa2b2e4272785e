"""How a term is written where it replaces another: its capitals (a text in capitals, a
sentence start, a title-cased name — never the small words of a term), the article a term
takes, and elision before a vowel (French "de la OCS" -> "de l'OCS"), keeping the text's own
apostrophe. Kept apart from the term rules, which decide *whether* something is a finding;
this module decides how the suggestion reads in its sentence.
"""

from __future__ import annotations

import re

from review_tool.core.glossary import base_lang
from review_tool.core.models import Term
from review_tool.core.term_matcher import Match

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
        "not also into onto over under about after before since until while "
        "i me we us you he him she it they them who".split()
    ),
}
# Words after which a noun is plural, whatever the form of the foreign word replaced.
PLURAL_QUANTIFIERS = {
    "en": frozenset(
        "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
        "sixty seventy eighty ninety hundred hundreds thousand thousands dozens these those "
        "many several few various numerous both".split()
    ),
}
_ARTICLE_NOTE = re.compile(r"\barticle\s*[=:]\s*(\S+)", re.IGNORECASE)
USE_NOTE = re.compile(r"\buse\s*[=:]\s*(.+?)\s*(?:;|$)", re.IGNORECASE)


def sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\"'«“‘(":
        i -= 1
    return i < 0 or text[i] in ".!?\n"


def _parts(text: str) -> list[str]:
    return [p for p in re.split(r"[\s\-\u2010\u2011]+", text) if p]


# Words a title never capitalises ("Council of Heads of State", "esprit de Shanghai").
SMALL_WORDS = frozenset(
    "a an and as at by for from in into of on or the to with "  # en
    "au aux d de des du en et l la le les ou par pour sur un une "  # fr
    "der die das den dem des und von zu im am für mit "  # de
    "del della di e el il lo los las y da do dos".split()  # es, it, pt
)
# Languages that write names in title case ("Anti-Drug Center").
TITLE_CASE_LANGS = frozenset({"en"})


def in_capitals(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is written in capitals because the text around it is (a
    headline, a dateline, a name in capitals): not a case error, and a replacement there is
    written in capitals too."""
    found = text[start:end]
    if not found.isupper() or sum(c.isalpha() for c in found) < 2:
        return False
    around = [c for c in text[max(0, start - 30) : start] + text[end : end + 30] if c.isalpha()]
    if len(around) >= 3 and all(c.isupper() for c in around):
        return True
    # a dateline: "GENEVA, 3 March -", "PARIS (AFP) -", "DARMSTADT/KOUROU, 17 February -"
    before = text[:start]
    if before.strip() and (before.lstrip(_DATELINE_PLACES) or not before.rstrip().endswith("/")):
        return False
    return end == len(text) or text[end] in _DATELINE_END


_DATELINE_END = ",:-–—(/"
# What the places before the last one of a dateline are written with ("BERLIN/COPENHAGEN").
_DATELINE_PLACES = " /-ABCDEFGHIJKLMNOPQRSTUVWXYZÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝŒŠŽ"


def _title_word(m: re.Match[str]) -> str:
    word = m.group(2)
    if m.start() and word in SMALL_WORDS:
        return m.group(0)
    return m.group(1) + word[:1].upper() + word[1:]


def adapt_case(found: str, replacement: str, text: str, start: int, lang: str = "") -> str:
    """Give ``replacement`` the capitals of what it replaces: a text in capitals, a sentence
    start, or (in languages that do it) a name written in title case ("Anti-Drogue" ->
    "Anti-Drug"). A term's own capitals are kept and its small words never capitalised."""
    if not replacement:
        return replacement
    if ("'" in replacement or "\u2019" in replacement) and ("'" in text or "\u2019" in text):
        own = apostrophe_of(text)
        replacement = replacement.replace("\u2019" if own == "'" else "'", own)
    if in_capitals(text, start, start + len(found)):
        return replacement.upper()
    if not replacement[0].islower() or not found[:1].isupper():
        return replacement
    parts = _parts(found)
    if (
        len(parts) > 1
        and all(p[:1].isupper() for p in parts if p.lower() not in SMALL_WORDS)
        and base_lang(lang or "en") in TITLE_CASE_LANGS
        and replacement.islower()
    ):
        return _TITLE_WORD.sub(_title_word, replacement)
    if sentence_start(text, start):
        return replacement[0].upper() + replacement[1:]
    return replacement


_TITLE_WORD = re.compile(r"(^|[\s\-\u2010\u2011])(\w+)")


_NEXT_WORD = re.compile(r"\s+([^\W\d_][\w'-]*)")
_PREV_WORD = re.compile(r"([^\W\d_][\w'-]*)\s+$")
_CONTEXT = 80  # characters looked at around a term: enough for a word, never the whole text


def next_word(text: str, end: int) -> str:
    m = _NEXT_WORD.match(text, end, end + _CONTEXT)
    return m.group(1) if m else ""


def _prev_word(text: str, start: int) -> str:
    m = _PREV_WORD.search(text[max(0, start - _CONTEXT) : start])
    return m.group(1) if m else ""


def forbidden_suggestion(
    match: Match, bad: Term, good: Term | None, text: str, lang: str
) -> str | None:
    """The replacement for a forbidden or foreign form, adapted to its context."""
    use = USE_NOTE.search(bad.note)
    if use:
        return adapt_case(match.text, use.group(1), text, match.start, lang)
    if good is None:
        return None
    replacement = good.text
    found = match.text
    following = next_word(text, match.end)
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
    elif (
        not noun_follows  # "two OMS experts": the number counts the experts
        and _prev_word(text, match.start).lower() in PLURAL_QUANTIFIERS.get(lang, ())
        and text[match.end : match.end + 1] != "s"  # "forty parks": the plural is added later
    ):
        # "forty porte-conteneurs": "forty container ships"
        replacement = plural_of(replacement) or replacement
    article = _ARTICLE_NOTE.search(good.note)
    determiners = DETERMINERS.get(lang)
    if (
        article
        and determiners is not None
        and (possessive or not noun_follows)
        and _prev_word(text, match.start).lower() not in determiners
    ):
        replacement = f"{article.group(1)} {replacement}"
    return adapt_case(found, replacement, text, match.start, lang)


def plural_of(phrase: str) -> str | None:
    """The regular English plural of a phrase's last word ("wind farm" -> "wind farms"); None
    where it cannot be told from the spelling (a word ending in one "s": "bus", "series")."""
    last = phrase.rsplit(None, 1)[-1] if phrase.strip() else ""
    low = last.lower()
    if not low[-1:].isalpha():
        return None
    if last.isupper():
        return phrase + "s"  # "TEUs", "NGOs"
    if low.endswith("s") and not low.endswith("ss"):
        return None
    if low.endswith(("ss", "x", "z", "ch", "sh")):
        return phrase + "es"
    if low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        return phrase[:-1] + "ies"
    return phrase + "s"


# Words that elide before a vowel, per language: French "la OCS" -> "l'OCS", "de OMS" -> "d'OMS".
ELIDING = {
    "fr": {
        "le": "l", "la": "l", "de": "d", "que": "qu", "ne": "n", "je": "j", "me": "m",
        "te": "t", "se": "s", "ce": "c", "jusque": "jusqu", "lorsque": "lorsqu",
        "puisque": "puisqu",
    },
    "it": {"lo": "l", "la": "l", "dello": "dell", "della": "dell", "nello": "nell",
           "nella": "nell", "allo": "all", "alla": "all", "dallo": "dall", "dalla": "dall",
           "sullo": "sull", "sulla": "sull", "una": "un"},
}  # fmt: skip
# The elided forms whose full form is one (l' is le or la: the gender is the noun's).
_UNELIDED = {
    lang: {short: full for full, short in table.items() if list(table.values()).count(short) == 1}
    for lang, table in ELIDING.items()
}
_VOWELS = frozenset("aeiouyàâäéèêëîïôöûüÿæœAEIOUYÀÂÄÉÈÊËÎÏÔÖÛÜŸÆŒ")
_ELIDED_BEFORE = re.compile(r"(?:^|(?<=[^\w'’]))(\w+)(['’])$")
_WORD_BEFORE = re.compile(r"(?:^|(?<=\W))(\w+) $")


def apostrophe_of(text: str) -> str:
    """The text's own apostrophe: typographic when it uses only that one."""
    return "\u2019" if "\u2019" in text and "'" not in text else "'"


def with_elision(text: str, start: int, replacement: str, lang: str) -> tuple[int, str] | None:
    """The start and text of a replacement at ``start`` with the word before it elided or
    restored as the language wants ("de la SCO" -> "de l'OCS"); None when that cannot be
    known ("l'" before a consonant: "le" or "la" is the noun's gender)."""
    table = ELIDING.get(lang)
    if table is None or not replacement:
        return start, replacement
    vowel = replacement[0] in _VOWELS
    before = text[max(0, start - 12) : start]
    elided = _ELIDED_BEFORE.search(before)
    if elided:
        if vowel or replacement[0] in "hH":
            return start, replacement
        full = _UNELIDED[lang].get(elided.group(1).lower())
        if full is None:
            return None
        if elided.group(1)[:1].isupper():
            full = full.capitalize()
        return start - len(elided.group(0)), f"{full} {replacement}"
    word = _WORD_BEFORE.search(before)
    if vowel and word and word.group(1).lower() in table:
        short = table[word.group(1).lower()]
        if word.group(1)[:1].isupper():
            short = short.capitalize()
        return start - len(word.group(0)), f"{short}{apostrophe_of(text)}{replacement}"
    return start, replacement
