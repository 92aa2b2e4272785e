"""Inflected forms of glossary terms: "Всемирной организации здравоохранения" is the term
"Всемирная организация здравоохранения" in the genitive, "stations spatiales" the plural of
"station spatiale". Such a form is the term — neither missing nor misspelled — and a fix of a
misspelled inflected term keeps the form that was written, or is not offered.

Two real resources, chosen per language:

* Russian: pymorphy3 with its OpenCorpora dictionary (``pymorphy3-dicts-ru``). Russian nouns and
  adjectives have six cases in two numbers, and stems change ("путь"/"пути", "ребёнок"/
  "детей"); a dictionary gives the true lemma of every form, guesses one for names it does not
  know ("Шаршеевым" -> "шаршеев"), and can *generate* a form (``inflect``), which is what lets a
  replacement keep the case and number that were written.
* Every other language Snowball has a stemmer for (French, German, English, Spanish, …):
  ``snowballstemmer``, pure Python, no data to download. A stem only says two words belong
  together, so two words count as one lexeme only when they also differ in no more than their
  last few letters (Snowball gives "organ" and "organization" one stem; they are not one word).

Languages with neither (Chinese, Japanese: no inflection) get no morphology. Every lookup is
cached per distinct word, so a long text costs one dictionary lookup per new word.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import product

from rapidfuzz.distance import OSA

SNOWBALL = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech",
    "da": "danish", "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian",
    "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hi": "hindi",
    "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian",
    "ne": "nepali", "no": "norwegian", "nb": "norwegian", "nn": "norwegian", "fa": "persian",
    "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
    "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}  # fmt: skip
MAX_ENDING = 4  # letters an inflection may change at the end of a word (stem languages)
# Languages whose inflections keep the whole word but its last letter and add an ending
# ("vaccines", "studies", "launched", "Energinet's"): there a word that drops more of a term
# word ("monocytogens" for "monocytogenes") is not a form of it, whatever its stem.
KEEPS_ALL_BUT_LAST = frozenset({"en"})
_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_NUMBERS = ("sing", "plur")
_INFLECTED_POS = frozenset({"NOUN", "ADJF", "PRTF"})
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_CACHE_SIZE = 1 << 16


def common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


class Morphology:
    """What one language's morphology says about words (lower-cased inside, cached)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._lexemes: Callable[[str], frozenset[str]] = lru_cache(_CACHE_SIZE)(self._lexemes_of)

    def lexemes(self, word: str) -> frozenset[str]:
        """Keys of the lexemes ``word`` can be a form of (lemmas, or a stem)."""
        return self._lexemes(_lower(word))

    def _lexemes_of(self, word: str) -> frozenset[str]:  # pragma: no cover - abstract
        raise NotImplementedError

    def same_lexeme(self, written: str, term_word: str) -> bool:
        """Whether ``written`` is a form of the word ``term_word`` (itself included)."""
        a, b = _lower(written), _lower(term_word)
        return a == b or not self.lexemes(a).isdisjoint(self.lexemes(b))

    def forms(self, term: str) -> list[str]:
        """Forms of the phrase ``term`` a replacement may take (the term itself first)."""
        return [term]

    def inflected_like(self, term: str, written: str) -> str | None:
        """The form of ``term`` that keeps what ``written`` (a misspelled form of it) says about
        case and number: the one closest to it. None when two forms are equally close."""
        forms = list(dict.fromkeys(self.forms(term)))
        if len(forms) == 1:
            return forms[0]
        target = written.lower()
        scored = sorted((OSA.distance(f.lower(), target), f) for f in forms)
        if scored[0][0] == scored[1][0] and scored[0][1].lower() != scored[1][1].lower():
            return None
        return scored[0][1]

    def contains(self, words: list[str], term: str) -> bool:
        """Whether the word list holds the words of ``term`` in a row, each in some form."""
        term_words = _WORD.findall(term)
        n = len(term_words)
        if not n or n > len(words):
            return False
        for i in range(len(words) - n + 1):
            if all(self.same_lexeme(words[i + j], term_words[j]) for j in range(n)):
                return True
        return False


class StemMorphology(Morphology):
    """A Snowball stemmer, guarded so only endings differ."""

    def __init__(self, lang: str, algorithm: str) -> None:
        import snowballstemmer

        self._stem = lru_cache(_CACHE_SIZE)(snowballstemmer.stemmer(algorithm).stemWord)
        super().__init__(lang)

    def _lexemes_of(self, word: str) -> frozenset[str]:
        return frozenset((self._stem(word),))

    def same_lexeme(self, written: str, term_word: str) -> bool:
        a, b = _lower(written), _lower(term_word)
        if a == b:
            return True
        if self._stem(a) != self._stem(b):
            return False
        common = common_prefix(a, b)
        if self.lang in KEEPS_ALL_BUT_LAST and common < len(b) - 1:
            return False
        return common >= max(len(a), len(b)) - MAX_ENDING

    def inflected_like(self, term: str, written: str) -> str | None:
        """Per word: the term word, or its stem with the ending that was written if that is
        closer to what was written ("vacines" -> "vaccines", not "vaccine")."""
        term_words = term.split(" ")
        written_words = written.split()
        if len(term_words) != len(written_words):
            return term
        out = []
        for t, w in zip(term_words, written_words, strict=True):
            low_t, low_w = t.lower(), w.lower()
            choices = [t]
            stem_t, stem_w = self._stem(low_t), self._stem(low_w)
            if low_t.startswith(stem_t) and low_w.startswith(stem_w):
                ending = low_w[len(stem_w) :]
                # only an ending that was written: a bare stem is rarely a word ("Benutz")
                if ending and len(ending) <= MAX_ENDING and ending != low_t[len(stem_t) :]:
                    other = t[: len(stem_t)] + ending
                    if self.same_lexeme(other, t):
                        choices.append(other)
            # the written ending only when strictly closer: a stem of a misspelled word is a guess
            distances = [OSA.distance(c.lower(), low_w) for c in choices]
            out.append(choices[distances.index(min(distances))])
        return " ".join(out)


class RussianMorphology(Morphology):
    """pymorphy3 and its dictionary: lemmas of every parse, and generated forms."""

    def __init__(self, lang: str) -> None:
        import pymorphy3

        self._analyzer = pymorphy3.MorphAnalyzer()
        self._parse = lru_cache(_CACHE_SIZE)(self._analyzer.parse)
        super().__init__(lang)

    def _lexemes_of(self, word: str) -> frozenset[str]:
        return frozenset(p.normal_form.replace("ё", "е") for p in self._parse(word))

    def forms(self, term: str) -> list[str]:
        """The phrase in each case and number: the words a dictionary form of which is in the
        nominative (the head noun and the adjectives agreeing with it) are inflected, the
        others ("организация *здравоохранения*") stay as they are."""
        words = term.split(" ")
        heads: list[object | None] = []
        for word in words:
            if not _WORD.fullmatch(word):
                heads.append(None)
                continue
            best = self._parse(word.lower())[0]  # the likeliest reading of the word
            tag = best.tag
            nominative = tag.POS in _INFLECTED_POS and tag.case == "nomn" and best.is_known
            heads.append(best if nominative else None)
        if not any(heads):
            return [term]
        # An adjective in the accusative plural agrees with the noun's animacy too.
        animacy = next(
            (h.tag.animacy for h in heads if h is not None and h.tag.POS == "NOUN"),  # type: ignore[attr-defined]
            None,
        )
        out = [term]
        for case, number in product(_CASES, _NUMBERS):
            inflected = []
            for word, parse in zip(words, heads, strict=True):
                if parse is None:
                    inflected.append(word)
                    continue
                grammemes = {case, number}
                if case == "accs" and number == "plur" and animacy and parse.tag.POS != "NOUN":  # type: ignore[attr-defined]
                    grammemes.add(animacy)
                form = parse.inflect(grammemes)  # type: ignore[attr-defined]
                if form is None:
                    break
                inflected.append(_same_capitals(word, form.word))
            else:
                out.append(" ".join(inflected))
        return out


def _lower(word: str) -> str:
    """A word lower-cased, its apostrophe straight ("Energinet’s" is "energinet's")."""
    return word.lower().replace("\u2019", "'")


def _same_capitals(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


@lru_cache(maxsize=64)
def for_language(lang: str) -> Morphology | None:
    """The morphology of a base language code, or None (no inflection, or no resource)."""
    if lang == "ru":
        try:
            return RussianMorphology(lang)
        except ImportError:  # pragma: no cover - pymorphy3 is a dependency
            pass
    algorithm = SNOWBALL.get(lang)
    if algorithm is None:
        return None
    return StemMorphology(lang, algorithm)


def text_words(text: str) -> list[str]:
    """The words of a text as a morphology looks at them (letters, inner hyphens/apostrophes)."""
    return _WORD.findall(text)
