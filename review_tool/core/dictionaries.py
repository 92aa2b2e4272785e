"""The one dictionary layer: a real Hunspell dictionary per language, through pyenchant.

Rules ask ``knows(lang, word)`` (is this a word of the language?) and ``suggestions(lang,
word)``; ``has_dictionary(lang)`` says whether the question can be answered at all, and
``missing_dictionary_note(lang)`` is the one line to show when it cannot (a language without a
dictionary is a note once per run, never an error and never a finding per segment).

Why pyenchant over Hunspell's own bindings: it is maintained, ships wheels, needs no compiler,
and finds the dictionaries Debian's ``hunspell-*`` packages install (``/usr/share/hunspell``)
through ``libenchant-2-2``; we pin the Hunspell provider first so that an Aspell dictionary
pulled in beside it never answers instead. Everything is offline.

Speed: a Hunspell lookup costs ~5 µs, and a document repeats its words, so answers are cached
per distinct word (a dict lookup, ~50 ns). The cache is per process; ``preload`` opens the
dictionaries before ``check`` forks its workers so they share them copy-on-write.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Which regional dictionary answers for a bare language code. A region in the code itself
# (``pt_BR``, ``en-GB``) is used as it is when installed.
_DEFAULT_REGION = {
    "de": "de_DE",
    "en": "en_US",
    "es": "es_ES",
    "fr": "fr_FR",
    "it": "it_IT",
    "nl": "nl_NL",
    "pl": "pl_PL",
    "pt": "pt_PT",
    "ru": "ru_RU",
    "uk": "uk_UA",
}

# A bare code names no region, so a word spelt as another standard variety of the language
# spells it is correct too ("colour", "kilometres" in "en" text; "Strasse" in "de"): these
# varieties' dictionaries, when installed, are asked after the default one says no. A code
# with a region ("en_US", "de-CH") keeps its own dictionary alone.
_OTHER_VARIETIES = {
    "de": ("de_AT", "de_CH"),
    "en": ("en_GB", "en_CA", "en_AU"),
    "fr": ("fr_CA", "fr_BE", "fr_CH"),
    "nl": ("nl_BE",),
}

# Which Debian package installs a language's dictionary, for the note that says it is missing.
_DEBIAN_PACKAGE = {
    "de": "hunspell-de-de",
    "en": "hunspell-en-us",
    "es": "hunspell-es",
    "fr": "hunspell-fr",
    "it": "hunspell-it",
    "nl": "hunspell-nl",
    "pl": "hunspell-pl",
    "pt": "hunspell-pt-pt",
    "ru": "hunspell-ru",
    "uk": "hunspell-uk",
}

# A cache that grew past this many words is dropped and starts again: memory stays bounded on
# a huge archive, and a document's working vocabulary refills it at once.
_CACHE_LIMIT = 400_000

# Hunspell is not thread-safe: two threads checking with one dictionary at once crash the
# process (candidates are checked in threads while MT engines answer). One lock guards every
# call into the C library; a cached answer needs none.
_LOCK = threading.RLock()

try:  # pyenchant raises ImportError when the C library (libenchant-2-2) is missing
    import enchant as _enchant

    _IMPORT_ERROR: str | None = None
except ImportError as exc:  # pragma: no cover - depends on the machine
    _enchant = None  # type: ignore[assignment]
    _IMPORT_ERROR = str(exc).splitlines()[0] if str(exc) else "pyenchant is not installed"


def _normalize_tag(lang: str) -> str:
    """``en-gb`` / ``en_GB`` / ``EN`` → ``en_GB`` / ``en``: the form enchant lists."""
    lang = lang.strip().replace("-", "_")
    if "_" in lang:
        base, _, region = lang.partition("_")
        return f"{base.lower()}_{region.upper()}"
    return lang.lower()


@dataclass
class Dictionary:
    """One language's Hunspell dictionary with its per-word caches."""

    tag: str
    _dict: Any = field(repr=False)
    _known: dict[str, bool] = field(default_factory=dict, repr=False)
    _suggested: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _starts: frozenset[str] | None = field(default=None, repr=False)
    # The other standard varieties a bare language code accepts (``_OTHER_VARIETIES``).
    _varieties: tuple[Any, ...] = field(default=(), repr=False)
    _known_here: dict[str, bool] = field(default_factory=dict, repr=False)

    def knows(self, word: str) -> bool:
        """Is ``word`` spelt as the dictionary (or another standard variety of a bare
        language code) spells it? (Hunspell folds the capitals of a capitalised or all-caps
        word itself, and reads ’ as the apostrophe.)"""
        answer = self._known.get(word)
        return answer if answer is not None else _learn(self._known, word, self.knows_uncached)

    def knows_in_its_region(self, word: str) -> bool:
        """``knows`` asking the default region's dictionary alone. A word is spelt right when
        any standard variety spells it so, but a word that only another variety lists (en_GB
        lists the name "Mathieu") is no proof that the writer meant it rather than a term one
        letter away: the near-miss rules ask this."""
        answer = self._known_here.get(word)
        return answer if answer is not None else _learn(self._known_here, word, self._spelt_here)

    def _spelt_here(self, word: str) -> bool:
        return _spelt((self._dict,), word)

    def knows_uncached(self, word: str) -> bool:
        """``knows`` without filling the cache: for the hundreds of candidate spellings a
        suggestion tries, which would crowd the words of the text out of it."""
        return _spelt((self._dict, *self._varieties), word)

    def could_start(self, candidate: str) -> bool:
        """False when no word of the dictionary file starts as ``candidate`` does (its first
        five letters, case folded): a spelling tried for a suggestion is then not a word,
        without asking Hunspell (30-50 µs for a nonsense word). Words are stems plus endings
        in the languages we ship, so a known word starts like its stem. True when the
        dictionary's word file cannot be read."""
        starts = self._starts
        if starts is None:
            starts = self._starts = _stem_starts(self.tag)
        return not starts or candidate[:_START].casefold() in starts

    def suggestions(self, word: str) -> tuple[str, ...]:
        """Hunspell's suggestions for ``word``, best first (slow: milliseconds; cached)."""
        found = self._suggested.get(word)
        if found is None:
            if len(self._suggested) >= _CACHE_LIMIT // 10:
                self._suggested.clear()
            try:
                with _LOCK:
                    found = tuple(self._dict.suggest(word)) if word else ()
            except Exception:
                found = ()
            self._suggested[word] = found
        return found


def _learn(cache: dict[str, bool], word: str, ask: Callable[[str], bool]) -> bool:
    """``ask(word)``, kept in ``cache`` (the caller looked there first: the hit stays inline)."""
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    answer = cache[word] = ask(word)
    return answer


def _spelt(dicts: tuple[Any, ...], word: str) -> bool:
    """Does any of ``dicts`` know ``word``? (One lock around the C library.)"""
    if not word:
        return False
    try:
        with _LOCK:
            return any(d.check(word) for d in dicts)
    except Exception:  # enchant refuses some input (e.g. lone surrogates): not a word
        return False


_OPEN: dict[str, Dictionary | None] = {}


def _installed_tag(lang: str) -> str | None:
    """The installed enchant tag that answers for ``lang``, or None."""
    if _enchant is None:
        return None
    tag = _normalize_tag(lang)
    if not tag or tag.startswith("_"):
        return None
    broker = _broker()
    base = tag.split("_", 1)[0]
    # A bare code asks for its usual region first: Aspell registers bare ``en`` too.
    candidates = [tag] if tag != base else []
    if base in _DEFAULT_REGION:
        candidates.append(_DEFAULT_REGION[base])
    candidates.append(base)
    for candidate in candidates:
        if broker.dict_exists(candidate):
            return candidate
    regional = sorted(t for t in broker.list_languages() if t.split("_", 1)[0] == base)
    return regional[0] if regional else None


_BROKER: Any = None
_ORDERING = "hunspell,aspell,myspell"


def _broker() -> Any:
    global _BROKER
    if _BROKER is None:
        _BROKER = _enchant.Broker()
        # Hunspell answers first: the Debian hunspell-* dictionaries are the ones we document,
        # and an Aspell dictionary installed as a side effect must not change the answers.
        _BROKER.set_ordering("*", _ORDERING)
    return _BROKER


def dictionary(lang: str) -> Dictionary | None:
    """The dictionary for ``lang`` (see ``_open``); safe to call from any thread."""
    found = _OPEN.get(lang)
    if found is not None or lang in _OPEN:
        return found
    with _LOCK:
        return _open(lang)


def _open(lang: str) -> Dictionary | None:
    """The dictionary for ``lang`` (``en``, ``pt_BR``, ``de-AT`` …), or None when there is none.

    ``REVIEW_TOOL_NO_DICTIONARY=en,fr`` pretends those languages have none (how the tests and
    a user who wants no spelling for a language say so)."""
    if lang in _OPEN:
        return _OPEN[lang]
    key = _normalize_tag(lang)
    if key in _OPEN:
        _OPEN[lang] = _OPEN[key]
        return _OPEN[key]
    found: Dictionary | None = None
    if key.split("_", 1)[0] not in _disabled():
        tag = _installed_tag(key)
        if tag is not None:
            broker = _broker()
            # Per tag: the system's enchant.ordering names some tags (en_US: aspell first),
            # and a tag's own line wins over the "*" default.
            broker.set_ordering(tag, _ORDERING)
            found = Dictionary(tag, broker.request_dict(tag), _varieties=_varieties(key, tag))
    _OPEN[key] = _OPEN[lang] = found
    return found


def _varieties(key: str, tag: str) -> tuple[Any, ...]:
    """The installed dictionaries of the other standard varieties of a bare code ``key``."""
    if "_" in key:
        return ()
    broker = _broker()
    found = []
    # Debian links one file under several regions (fr_CA -> fr): a copy adds no word.
    seen = {_dictionary_file(tag)}
    for variety in _OTHER_VARIETIES.get(key, ()):
        file = _dictionary_file(variety)
        if file not in seen and broker.dict_exists(variety):
            seen.add(file)
            broker.set_ordering(variety, _ORDERING)
            found.append(broker.request_dict(variety))
    return tuple(found)


def _dictionary_file(tag: str) -> str:
    """The real path of ``tag``'s .dic file, or the tag itself when it is not found."""
    for folder in _dictionary_dirs():
        dic = os.path.join(folder, tag + ".dic")
        if os.path.exists(dic):
            return os.path.realpath(dic)
    return tag


def _dictionary_dirs() -> list[str]:
    """Where Hunspell looks for dictionaries: $DICPATH first, then Debian's folders."""
    dirs = [d for d in os.environ.get("DICPATH", "").split(os.pathsep) if d]
    return [*dirs, *_DICTIONARY_DIRS]


def _disabled() -> set[str]:
    return {
        _normalize_tag(x).split("_", 1)[0]
        for x in os.environ.get("REVIEW_TOOL_NO_DICTIONARY", "").split(",")
        if x.strip()
    }


def has_dictionary(lang: str) -> bool:
    return dictionary(lang) is not None


def knows(lang: str, word: str) -> bool:
    """True when ``lang`` has a dictionary and it knows ``word``. False for a word it does not
    know *and* for every word of a language without a dictionary — ask ``has_dictionary``
    first when that difference matters (a spelling rule must then say nothing)."""
    found = _OPEN.get(lang) or _opened(lang)
    return found.knows(word) if found is not None else False


def knows_in_its_region(lang: str, word: str) -> bool:
    """``knows`` with the default region's dictionary alone (see ``Dictionary``)."""
    found = _OPEN.get(lang) or _opened(lang)
    return found.knows_in_its_region(word) if found is not None else False


def _opened(lang: str) -> Dictionary | None:
    """``dictionary(lang)`` for a language not opened yet, or None (asked per word: an open
    dictionary is found in ``_OPEN`` first, without the lock)."""
    return None if lang in _OPEN else dictionary(lang)


def suggestions(lang: str, word: str) -> tuple[str, ...]:
    found = dictionary(lang)
    return found.suggestions(word) if found is not None else ()


def preload(langs: set[str] | list[str] | tuple[str, ...]) -> None:
    """Open the dictionaries of ``langs`` now (before forking workers, which then share them)."""
    for lang in langs:
        dictionary(lang)


def missing_dictionary_note(lang: str) -> str:
    """The one line that says why ``lang`` gets no spelling check, and how to get one."""
    base = _normalize_tag(lang).split("_", 1)[0]
    if _enchant is None:
        return (
            f"no spelling check for '{lang}': pyenchant cannot load libenchant ({_IMPORT_ERROR});"
            " install it with: apt-get install libenchant-2-2 "
            + _DEBIAN_PACKAGE.get(base, "hunspell-<lang>")
        )
    if base in _disabled():
        return f"no spelling check for '{lang}': switched off by REVIEW_TOOL_NO_DICTIONARY"
    package = _DEBIAN_PACKAGE.get(base, f"hunspell-{base}")
    return (
        f"no spelling check for '{lang}': no Hunspell dictionary installed"
        f" (on Debian/Ubuntu: apt-get install {package})"
    )


# Where Debian's hunspell-* packages put the dictionaries ($DICPATH first, as Hunspell does).
_DICTIONARY_DIRS = ("/usr/share/hunspell", "/usr/share/myspell", "/usr/share/myspell/dicts")
_START = 5


def _stem_starts(tag: str) -> frozenset[str]:
    """The first letters (up to five) of every stem of the ``tag`` dictionary file, case
    folded; empty when the file is not found."""
    for folder in _dictionary_dirs():
        dic = os.path.join(folder, tag + ".dic")
        aff = os.path.join(folder, tag + ".aff")
        try:
            with open(aff, "rb") as fh:
                head = fh.read(100_000)
            with open(dic, "rb") as fh:
                data = fh.read()
        except OSError:
            continue
        encoding = "utf-8"
        for line in head.splitlines():
            if line.startswith(b"SET "):
                encoding = line[4:].strip().decode("ascii", "replace").lower()
        try:
            text = data.decode(encoding, "replace")
        except LookupError:
            text = data.decode("utf-8", "replace")
        starts: set[str] = set()
        for entry in text.splitlines()[1:]:
            stem = entry.split("/", 1)[0].split("\t", 1)[0].strip().lstrip("\ufeff")
            if stem:
                folded = stem.casefold()
                starts.add(folded[:_START])
                starts.add(folded[: _START - 1])
        return frozenset(starts)
    return frozenset()


def installed_languages() -> list[str]:
    """Every enchant tag with a dictionary on this machine (for `review-tool rules` and docs)."""
    if _enchant is None:
        return []
    return sorted(_broker().list_languages())


def forget() -> None:
    """Close every dictionary (tests that change ``REVIEW_TOOL_NO_DICTIONARY`` call this)."""
    _OPEN.clear()
