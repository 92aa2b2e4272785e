"""``qa.spelling``: words a real Hunspell dictionary of the language does not know.

What is never a finding, because a careful editor leaves it alone:

- a word of a glossary term (any language: a text may cite a concept's name in another
  language) or of the project word list ``glossary/words-<lang>.txt`` (names, product words);
- protected spans (URLs, e-mail addresses, placeholders, options, tags, entities, code, paths:
  protected_spans, the tokenizer every rule shares), words with digits or underscores,
  all-caps acronyms and words with inner capitals (identifiers: ``GtkWidget``, ``iPhone``);
- a capitalised word inside a sentence: a name the dictionary does not list ("Tianjin",
  "Yermekbayev"); dictionaries know few names, and flagging them all would bury the real
  misspellings — unless it is one typing slip from exactly one known word ("Rotterdamm").
  Languages that capitalise every noun (German) check them like other words;
- a word another rule already reports (a misspelt glossary term is ``term.misspelled``).

A language without a dictionary is not checked at all: the caller says so once per run
(``dictionaries.missing_dictionary_note``), never per segment.

The suggestion is given only when it is unambiguous: exactly one word the dictionary knows is
one typing slip away — a letter too many, two letters swapped, a letter doubled or undoubled, a
wrong or missing accent (about 3 tries a letter). Hunspell's own ``suggest``, and trying every
one-edit spelling (about 70 a letter), take 30-500 ms a word with the French and German
dictionaries: seconds for a catalog. A slip of another kind (a letter left out or replaced)
is still reported, without a suggestion. The fixer never applies spelling suggestions: only
the editor knows whether an unknown word is a misspelling or a word the dictionary lacks.

Speed: most paragraphs have no unknown word, so a text's runs of non-space characters are
first compared as a whole with the set of runs already found good (``str.split`` and one
``issuperset``, both in C: about a tenth of a regex tokenizer's cost); only new runs are cut
into words, and each distinct word is judged once per process.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate

from review_tool.core import dictionaries
from review_tool.core.checks.registry import Rule, TextContext, register
from review_tool.core.checks.terms import near_misses
from review_tool.core.glossary import base_lang
from review_tool.core.models import Finding
from review_tool.core.protected_spans import overlaps, protected_spans

RULE = "qa.spelling"

# A word: letters and digits, with apostrophes inside ("don't", "l'école", "aujourd'hui").
_WORD = re.compile(r"\w+(?:['’]\w+)*")
# Languages whose nouns are capitalised: a capitalised word there is not likely a name.
_CAPITALISED_NOUNS = frozenset({"de", "lb"})
# Languages that write compounds as one word ("Ganzzahl" = ganz + Zahl): dictionaries list
# only the common ones, so a word made of known words (with a linking s/n/e/en/es/er) is one.
_COMPOUNDING = frozenset({"de", "lb", "nl", "af", "sv", "da", "no", "nb", "nn", "is", "fi"})
_LINKS = ("", "s", "n", "e", "en", "es", "er", "-")
# Productive prefixes: a known word behind one of them is a word ("неподдерживаемый",
# "subproceso", "déconfiguré", "multiplatform"). Longest first.
_PREFIXES = {
    "en": "counter inter multi under pseudo super over anti auto non pre sub un re de co",
    "fr": "interpseudo inter multi pseudo super sous anti auto mono poly pré dé ré re co",
    "es": "multi pseudo super inter anti auto sobre sub pre des re co",
    "it": "multi pseudo super inter anti auto sotto sub pre dis ri co",
    "pt": "multi pseudo super inter anti auto sub pre des re co",
    "de": "multi pseudo super inter anti auto sub un",
    "ru": "пере под пред без раз рас не пре про пост супер мульти авто анти",
    "uk": "пере під перед без роз не пре про пост супер мульти авто анти",
    "pl": "prze pod przed bez roz nie multi super auto anti",
}
_PREFIX_TUPLES = {
    lang: tuple(sorted(words.split(), key=len, reverse=True)) for lang, words in _PREFIXES.items()
}
# Languages whose typography allows capitals without their accent ("Etat" for "État").
_BARE_CAPITALS = frozenset({"fr"})
# Adverbs made from any adjective: its feminine form + the suffix ("dinámicamente").
_ADVERB_SUFFIX = {"es": "mente", "it": "mente", "pt": "mente", "fr": "ment"}
# Longest word a suggestion is searched for: the search tries about 3 spellings a letter, and
# Hunspell takes 30-50 µs to reject each spelling of a long word (a long nonsense word costs
# 2-3 ms; half the suggestion time of the 100k-paragraph benchmark was words over 12 letters).
_SUGGEST_MAX_LETTERS = 12
_SUGGEST_MIN_LETTERS = 5
_TOKEN_CACHE_LIMIT = 500_000
# A text of this many words or more, most of them unknown, is not in the language checked.
_FOREIGN_MIN_WORDS = 6
# A word unknown in this many texts of one file is the file's own vocabulary.
VOCABULARY_MIN_TEXTS = 3
_STEM_MIN = 5
# Shortest word checked: one- and two-letter words are mostly units, abbreviations and
# fragments ("df", "ов"), and a dictionary cannot tell them from typos.
_MIN_LETTERS = 3


def _compound_splits(word: str) -> Iterator[tuple[str, str]]:
    """Every (stem, tail) a compound ``word`` may be made of: cut after three letters or
    more, the stem without a linking s/n/e/en/es/er/- its head ends in."""
    for cut in range(_MIN_LETTERS, len(word) - _MIN_LETTERS + 1):
        head, tail = word[:cut], word[cut:]
        for link in _LINKS:
            if link and not head.lower().endswith(link):
                continue
            yield (head[: len(head) - len(link)] if link else head), tail


# What may stand between a sentence's end and its first word.
_SENTENCE_END = ".!?…:;"
_OPENING = "\"'«»„“”‘’‚‹›([{¡¿-–—*•· \t\n\u00a0\u202f"


def _occurrences(word: str, text: str) -> Iterator[tuple[int, int]]:
    """Where ``word`` stands as a whole word (not inside "word's" or a longer word)."""
    size = len(text)
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        before = text[at - 1] if at else " "
        after = text[end] if end < size else " "
        if before in "'’" and at >= 2:
            before = text[at - 2]
        if after in "'’" and end + 1 < size:
            after = text[end + 1]
        if not _is_word_char(before) and not _is_word_char(after):
            yield at, end
        at = text.find(word, at + 1)


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _is_name_like(word: str) -> bool:
    """All capitals (an acronym) or a capital after the first letter (an identifier)."""
    rest = word[1:]
    return rest != rest.lower()


@dataclass
class Speller:
    """One language's dictionary with its allow-list and per-word verdicts."""

    lang: str
    dictionary: dictionaries.Dictionary
    allowed: frozenset[str]  # casefolded words never reported
    capitalised_nouns: bool = False
    compounding: bool = False
    prefixes: tuple[str, ...] = ()
    adverb_suffix: str = ""
    accents: dict[str, str] = field(default_factory=dict)
    bare_capitals: bool = False  # capitals may be written without their accent
    good: set[str] = field(default_factory=set)  # words found good, as written
    bad: set[str] = field(default_factory=set)  # words found unknown, as written
    # Runs of non-space characters whose every word is good: most texts are made only of
    # these, and ``str.split`` and one set comparison (both in C) are all they then cost.
    good_tokens: set[str] = field(default_factory=set)
    _suggested: dict[str, str | None] = field(default_factory=dict)

    def word_is_good(self, word: str) -> bool:
        """Context-free verdict on ``word`` (cached in ``good`` or ``bad``)."""
        if word in self.good:
            return True
        if word in self.bad:
            return False
        ok = self._judge(word)
        (self.good if ok else self.bad).add(word)
        return ok

    def _judge(self, word: str) -> bool:
        parts = re.split(r"['’]", word) if "'" in word or "’" in word else [word]
        if not all(p.isalpha() for p in parts):  # digits, underscores
            return True
        if len(word) < _MIN_LETTERS or _is_name_like(word):
            return True
        folded = word.casefold()
        if folded in self.allowed or parts[0].casefold() in self.allowed:
            return True
        if self.dictionary.knows(word):
            return True
        if self.bare_capitals and self._accent_dropped_on_capital(word):
            return True
        if len(parts) == 1 and (self._prefixed(word) or self._compound(word) or self._adverb(word)):
            return True
        if len(parts) > 1:
            # "SCO's", "l'OCS", "qu'Internet": every part known, allowed, short (a clitic:
            # l' d' s' 're 'll) or a name.
            return all(
                len(p) <= 3
                or _is_name_like(p)
                or p.casefold() in self.allowed
                or self.dictionary.knows(p)
                for p in parts
            )
        return False

    def _accent_dropped_on_capital(self, word: str) -> bool:
        """French typography may leave capitals unaccented ("Echec", "Etat"): the word is
        known with its first letter accented."""
        first = word[:1]
        if not first.isupper():
            return False
        knows = self.dictionary.knows
        rest = word[1:]
        return any(
            knows(accented.upper() + rest)
            for accented in self.accents.get(first.lower(), "")
            if accented != first.lower()
        )

    def _known_part(self, part: str) -> bool:
        if len(part) < _MIN_LETTERS:
            return False
        knows = self.dictionary.knows
        return knows(part) or knows(part[:1].upper() + part[1:]) or part.casefold() in self.allowed

    def _adverb(self, word: str) -> bool:
        suffix = self.adverb_suffix
        if not suffix or not word.lower().endswith(suffix):
            return False
        stem = word[: -len(suffix)]
        # French -amment/-emment come from -ant/-ent adjectives: "couramment" = courant.
        return self._known_part(stem) or (
            suffix == "ment" and stem[-2:] in ("am", "em") and self._known_part(stem[:-1] + "nt")
        )

    def _prefixed(self, word: str) -> bool:
        lower = word.lower()
        for prefix in self.prefixes:
            rest = lower[len(prefix) :]
            # The rest long enough to be a word on its own ("un" + "till" is not "until").
            if lower.startswith(prefix) and len(rest) >= 6:
                if self._known_part(rest) or self._known_part(rest.lstrip("-")):
                    return True
        return False

    def borrowed_compound(self, word: str, other: dictionaries.Dictionary) -> bool:
        """A compound of a known word and a word of ``other`` (the source language):
        "Triggerverarbeitung" = Trigger (English) + Verarbeitung."""
        if not self.compounding or len(word) < 2 * _MIN_LETTERS:
            return False

        def known(part: str) -> bool:
            return self._known_part(part) or (len(part) >= _MIN_LETTERS and other.knows(part))

        return any(
            known(stem) and (known(tail) or known(tail.lower()))
            for stem, tail in _compound_splits(word)
        )

    def _compound(self, word: str, depth: int = 0) -> bool:
        """``word`` made of two or three known words, each of three letters or more."""
        if not self.compounding or len(word) < 2 * _MIN_LETTERS or depth > 1:
            return False
        return any(
            self._known_part(stem)
            and (self._known_part(tail) or self._compound(tail[:1].upper() + tail[1:], depth + 1))
            for stem, tail in _compound_splits(word)
        )

    def suggestion(self, word: str) -> str | None:
        """The one known word one edit away from ``word``, or None (none, or several)."""
        if word in self._suggested:
            return self._suggested[word]
        found = self._suggested[word] = self._suggest(word)
        return found

    def _suggest(self, word: str) -> str | None:
        if not _SUGGEST_MIN_LETTERS <= len(word) <= _SUGGEST_MAX_LETTERS:
            return None
        lower = word.lower()
        title = word[:1].isupper()
        found: set[str] = set()
        check = self.dictionary.knows_uncached
        could_start = self.dictionary.could_start
        for candidate in _slips(lower, self.accents):
            shown = candidate[:1].upper() + candidate[1:] if title else candidate
            if shown != word and could_start(candidate) and check(shown):
                found.add(shown)
                if len(found) > 1:
                    return None
        return found.pop() if found else None


def _base_letter(c: str) -> str:
    return unicodedata.normalize("NFD", c)[0]


def _slips(word: str, accents: dict[str, str]) -> Iterable[str]:
    """The spellings one typing slip away that are cheap to try (about 3 per letter): a letter
    too many, two letters swapped, a letter doubled, a wrong or missing accent (among the
    accented letters of the language)."""
    n = len(word)
    # Not the first or last letter: that makes another word too easily ("ésima" → "sima",
    # "especificador" → "especificado") and is rarely the slip.
    for i in range(1, n - 1):
        yield word[:i] + word[i + 1 :]
    for i in range(n - 1):
        if word[i] != word[i + 1]:
            yield word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    for i in range(1, n):
        if word[i].isalpha() and word[i] != word[i - 1]:
            yield word[: i + 1] + word[i] + word[i + 1 :]
    if accents:
        for i, c in enumerate(word):
            for other in accents.get(_base_letter(c), ""):
                if other != c:
                    yield word[:i] + other + word[i + 1 :]


# The accented letters each language writes (a wrong or missing accent is a slip there).
_LANGUAGE_ACCENTS = {
    "fr": "àâäçéèêëîïôöùûüÿœ",
    "es": "áéíóúñü",
    "pt": "áâãàçéêíóôõú",
    "it": "àèéìíîòóù",
    "de": "äöü",
    "ca": "àçéèíïòóúü",
    "pl": "ąćęłńóśźż",
    "cs": "áčďéěíňóřšťúůýž",
    "ro": "ăâîșț",
    "ru": "ё",
    "uk": "ґї",
}


def _accent_table(lang: str) -> dict[str, str]:
    """Base letter → the language's letters written on it (e → éèêë for French)."""
    table: dict[str, str] = {}
    for c in _LANGUAGE_ACCENTS.get(lang, ""):
        base = _base_letter(c)
        if base != c:
            table[base] = table.get(base, base) + c
    return table


def make_speller(
    lang: str, allowed: Iterable[str], words_by_lang: dict[str, frozenset[str]] | None = None
) -> Speller | None:
    """The speller for ``lang``, or None when the language has no dictionary."""
    found = dictionaries.dictionary(lang)
    if found is None:
        return None
    base = base_lang(lang)
    extra = (words_by_lang or {}).get(base, frozenset())
    return Speller(
        lang,
        found,
        frozenset(allowed) | frozenset(w.casefold() for w in extra),
        capitalised_nouns=base in _CAPITALISED_NOUNS,
        compounding=base in _COMPOUNDING,
        prefixes=_PREFIX_TUPLES.get(base, ()),
        adverb_suffix=_ADVERB_SUFFIX.get(base, ""),
        accents=_accent_table(base),
        bare_capitals=base in _BARE_CAPITALS,
    )


def term_words(texts: Iterable[str]) -> frozenset[str]:
    """The casefolded words of glossary terms (all their languages)."""
    out: set[str] = set()
    for text in texts:
        for m in _WORD.finditer(text):
            word = m.group()
            out.add(word.casefold())
            out.update(p.casefold() for p in re.split(r"['’]", word) if p)
    return frozenset(out)


def _sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in _OPENING:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def spelling_findings(
    text: str,
    speller: Speller,
    taken: Callable[[int, int], bool] = lambda start, end: False,
    *,
    source: str | None = None,
    source_speller: Speller | None = None,
) -> list[Finding]:
    """``qa.spelling`` findings of ``text``; ``taken(start, end)`` says whether a span is code
    or reported by another rule (asked only for an unknown word).

    In a translation, a word the source also has (a name, a command, a value kept as it is)
    and a word the source language's dictionary knows (a borrowed word: "Trigger", "shell")
    are not misspellings of the target language."""
    tokens = text.split()
    good_tokens = speller.good_tokens
    if good_tokens.issuperset(tokens):
        return []
    unknown: set[str] = set()
    for token in set(tokens).difference(good_tokens):
        bad = [w for w in _WORD.findall(token) if not speller.word_is_good(w)]
        if bad:
            unknown.update(bad)
        else:
            if len(good_tokens) >= _TOKEN_CACHE_LIMIT:
                good_tokens.clear()
            good_tokens.add(token)
    if unknown and source is not None:
        in_source = {w.casefold() for w in _WORD.findall(source)}
        unknown = {w for w in unknown if w.casefold() not in in_source}
    if unknown and source_speller is not None and source_speller is not speller:
        other = source_speller.dictionary
        unknown = {
            w for w in unknown if not other.knows(w) and not speller.borrowed_compound(w, other)
        }
    if not unknown:
        return []
    places = sorted(span for word in unknown for span in _occurrences(word, text))
    if len(tokens) >= _FOREIGN_MIN_WORDS and 2 * len(places) > len(tokens):
        return []  # most words unknown: not this language (a quotation, code, a wrong tag)
    source_is_name = source is not None and _a_name(source)
    out: list[Finding] = []
    for start, end in places:
        word = text[start:end]
        if source_is_name and word[0].isupper():
            continue  # the source is a name ("Ulrich Drepper"): this is its transcription
        name = (
            word[0].isupper() and not speller.capitalised_nouns and not _sentence_start(text, start)
        )
        if _hyphen_compound_known(text, start, end, speller):
            continue
        if _abbreviation_or_fragment(text, start, end) or _part_of_a_word(
            text, start, end, speller
        ):
            continue
        if taken(start, end):
            continue
        suggestion = speller.suggestion(word)
        if name and suggestion is None:
            continue  # a name inside a sentence, one slip from no known word
        message = f"'{word}' is not in the {speller.dictionary.tag} dictionary"
        if suggestion is not None:
            message += f"; did you mean '{suggestion}'?"
        out.append(Finding(RULE, "warning", start, end, word, message, suggestion))
    return out


def project_vocabulary(flagged: Iterable[tuple[Hashable, Finding]]) -> frozenset[str]:
    """The words (casefolded) that are a file's own vocabulary, from its ``(text key,
    finding)`` pairs: a word the dictionary does not know, written in
    ``VOCABULARY_MIN_TEXTS`` texts of one catalog or document or more — in any of its
    inflected forms ("сокет", "сокета", "сокетов") — is a word of its project ("subclave",
    "Dateideskriptor"): a team writes its terms the same way every time, while a typing
    slip is seldom made three times. A word one slip from exactly one known word
    ("goverment": a suggestion) stays a finding however often it is written. A fact about
    the whole file: the runner applies it once every text is checked."""
    texts: dict[str, set[Hashable]] = {}
    for key, finding in flagged:
        if finding.rule == RULE and finding.suggestion is None:
            texts.setdefault(finding.text.casefold(), set()).add(key)
    vocabulary: set[str] = set()
    for forms in _inflected_forms(sorted(texts)):
        keys = set().union(*(texts[w] for w in forms))
        if len(keys) >= VOCABULARY_MIN_TEXTS:
            vocabulary.update(forms)
    return frozenset(vocabulary)


def source_words(sources: Iterable[str]) -> set[str]:
    """The words (casefolded) of a file's source texts, read once per file: one that a
    translation keeps is a name or a command of the program, wherever the sources use it."""
    return {w.casefold() for w in _WORD.findall("\n".join(sources))}


def _inflected_forms(words: list[str]) -> list[list[str]]:
    """``words`` (sorted) in groups of the forms of one word: a common beginning of five
    letters or more that leaves at most two letters of the shorter ("юнита", "юнитами";
    "коммиту", "коммитера")."""
    groups: list[list[str]] = []
    for word in words:
        if groups:
            first = groups[-1][0]  # compared with the group's first word: no chains
            shared = _common_prefix(first, word)
            if shared >= _STEM_MIN and shared >= min(len(first), len(word)) - 2:
                groups[-1].append(word)
                continue
        groups.append([word])
    return groups


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _abbreviation_or_fragment(text: str, start: int, end: int) -> bool:
    """A short word and its period ("bzw.", "rép."), a longer one whose period ends no
    sentence ("(einschl.) Feld", "Zeilennr.«"), an ending glued to a word by a bracket or
    slash ("файл(ов)", "Datei(en)", "utilisateur/trice"), or the metavariable of an option
    ("[-n ncars]", "--database=Pfad": a synopsis names the argument in its own words)."""
    if end < len(text) and text[end] == ".":
        if end - start <= 5:
            return True
        rest = text[end + 1 : end + 3]
        if end - start <= 10 and rest and (rest[0] in _NOT_A_SENTENCE_END or rest[1:].islower()):
            return True
    if start >= 2 and text[start - 1] in "(/" and text[start - 2].isalpha():
        return True
    return _AFTER_AN_OPTION.search(text, max(0, start - 40), start) is not None


# After an abbreviation's period: what does not start a sentence.
_NOT_A_SENTENCE_END = ")]},;:»«\"'”“’"
# An option and the space or "=" before its argument, right before a word.
_AFTER_AN_OPTION = re.compile(r"(?:^|[\s\[(|])--?[A-Za-z][\w-]*[ =]$")


_ACCELERATOR_WORD = re.compile(r"[\w()]+")
_HYPHENS = "-\u2010\u2011"
_LINE_BREAK_AFTER = re.compile(r"[-\u2010\u2011]\n[ \t]*(\w+)")
_LINE_BREAK_BEFORE = re.compile(r"(\w+)[-\u2010\u2011]\n[ \t]*$")
_FILE_SUFFIX = re.compile(r"\.[a-z0-9]{1,4}(?![\w])")
_NAME_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def _a_name(source: str) -> bool:
    """A source made only of a few capitalised words: a person's or a product's name."""
    words = source.split()
    return 0 < len(words) <= 5 and all(
        _NAME_WORD.fullmatch(w.strip("(),")) and w.strip("(),")[:1].isupper() for w in words
    )


def _part_of_a_word(text: str, start: int, end: int, speller: Speller) -> bool:
    """``text[start:end]`` is a piece of a longer word, judged with the whole:

    - a word with an accelerator in it: "(Q)uitter", "ab(L)ehnen" (the shortcut letter of a
      menu or prompt choice), judged as "Quitter", "ablehnen";
    - a word hyphenated across a line break: "Anführungs-\\n    zeichen";
    - an ending after a variable or a number: "N-ième", "NUMBER-th", "1-го", and a capital
      variable with a glued ending where that letter also stands alone ("K/N … Kten");
    - a file name: "archiv.tar".
    """
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before == ")" or after == "(":
        left = start
        while left and (text[left - 1].isalnum() or text[left - 1] in "()"):
            left -= 1
        right = end
        while right < len(text) and (text[right].isalnum() or text[right] in "()"):
            right += 1
        piece = text[left:right]
        if re.search(r"\(\w\)", piece):
            joined = piece.replace("(", "").replace(")", "")
            joined = joined[:1] + joined[1:].lower()
            if speller.word_is_good(joined) or speller.word_is_good(joined.lower()):
                return True
    if after and after in _HYPHENS and (m := _LINE_BREAK_AFTER.match(text, end)):
        if speller.word_is_good(text[start:end] + m.group(1)):
            return True
    if (
        before
        and before in " \t"
        and (m := _LINE_BREAK_BEFORE.search(text, max(0, start - 80), start))
    ):
        if speller.word_is_good(m.group(1) + text[start:end]):
            return True
    if before and before in _HYPHENS:
        left = start - 1
        while left and text[left - 1].isalnum():
            left -= 1
        variable = text[left : start - 1]
        if variable and (variable.isdigit() or variable.isupper()):
            return True
    word = text[start:end]
    if (
        len(word) <= 5
        and word[0].isupper()
        and word[1:].islower()
        and re.search(
            r"(?<!\w)" + re.escape(word[0]) + r"(?!\w)", text[max(0, start - 200) : end + 200]
        )
    ):
        return True
    if before == "." and start >= 2 and text[start - 2].isalnum():
        return len(word) <= 4 and word.islower()  # the suffix of a file name
    return after == "." and bool(_FILE_SUFFIX.match(text, end))


def _hyphen_compound_known(text: str, start: int, end: int, speller: Speller) -> bool:
    """A prefix of a hyphenated compound ("multi-party", "e-mail") is judged with the whole
    compound: the dictionary knows the compound, or the part is a short prefix."""
    before = start > 0 and text[start - 1] in "-\u2010\u2011"
    after = end < len(text) - 1 and text[end] in "-\u2010\u2011" and text[end + 1].isalpha()
    if not (before or after):
        return False
    s = start
    while s > 1 and text[s - 1] in "-\u2010\u2011" and text[s - 2].isalnum():
        s -= 2
        while s > 0 and (text[s - 1].isalnum() or text[s - 1] in "'’"):
            s -= 1
    e = end
    while e < len(text) - 1 and text[e] in "-\u2010\u2011" and text[e + 1].isalnum():
        e += 2
        while e < len(text) and (text[e].isalnum() or text[e] in "'’"):
            e += 1
    compound = text[s:e]
    if speller.dictionary.knows(compound):
        return True
    if speller.compounding and _compound_part(text[start:end], speller):
        return True
    return after and not before and end - start <= 5


def _compound_part(word: str, speller: Speller) -> bool:
    """In a compounding language a hyphenated part is a word of a compound: a noun written
    in lower case after the hyphen ("Geräteauswahl und -umschaltung"), or a word with its
    linking letter before it ("Weiterleitungs-URL")."""
    known = speller._known_part
    capitalised = word[:1].upper() + word[1:]
    if known(capitalised) or speller._compound(capitalised):
        return True
    return any(
        word.endswith(link) and known(word[: -len(link)]) for link in _LINKS if link and link != "-"
    )


# --------------------------------------------------------------------------- registration


def _reported_spans(ctx: TextContext) -> tuple[list[int], list[int]]:
    """The glossary terms and near misses of the text, as sorted starts and the furthest end
    reached so far: a word is tested against them by bisection (a 5 MB paragraph has tens of
    thousands of them, and as many unknown words)."""
    spans = []
    checker = ctx.checker
    if checker is not None:
        spans = [(m.start, m.end) for m in ctx.matches]
        if checker.near_miss:
            spans.extend((n.start, n.end) for n in near_misses(ctx))
        spans.sort()
    return [s for s, _ in spans], list(accumulate((e for _, e in spans), max))


def _taken(ctx: TextContext, start: int, end: int) -> bool:
    """Whether text[start:end] is not for the dictionary to judge: a glossary term, a near
    miss of one (``term.misspelled`` reports it; both found once per text, shared with the
    term rules), or code. For code only the run of non-space characters around the word is
    tokenized (the whole text's protected spans cost ~80 µs, and half the paragraphs of the
    benchmark have an unknown word); the checker drops a finding inside any protected span
    of the whole text at the end anyway, so this only saves looking for suggestions."""
    starts, reach = ctx.memo("spelling_taken", _reported_spans)
    i = bisect_left(starts, end)  # the spans that start before the word ends...
    if i and reach[i - 1] > start:  # ...and one of them ends after it starts
        return True
    text = ctx.text
    left = start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < len(text) and not text[right].isspace():
        right += 1
    if right - left == end - start:
        return False  # the word alone between spaces: prose
    return overlaps(protected_spans(text[left:right], ctx.flags), start - left, end - left)


def _check(ctx: TextContext) -> list[Finding]:
    checker = ctx.checker
    if checker is None:
        return []
    speller = checker.speller(ctx.lang)
    if speller is None:
        return []
    source_speller = None
    if ctx.source is not None and ctx.source_lang is not None:
        source_speller = checker.speller(ctx.source_lang)
    return spelling_findings(
        ctx.text,
        speller,
        lambda start, end: _taken(ctx, start, end),
        source=ctx.source,
        source_speller=source_speller,
    )


register(
    Rule(
        RULE,
        "warning",
        "a word the language's Hunspell dictionary does not know (glossary terms, "
        "glossary/words-<lang>.txt and a file's own vocabulary — a word it writes in 3 "
        "entries or more — allowed)",
        '"goverment"; "comittee" (suggests "committee")',
        check=_check,
    )
)
