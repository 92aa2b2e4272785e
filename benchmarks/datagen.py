"""Deterministic benchmark data: glossary, corpus, TM segments and real PO catalogs.

Everything is generated from a seed at run time and never written to the repository: the
same seed gives the same glossary, the same paragraphs and the same segments, byte for byte.
Words are built from syllables (English-like, French and German with diacritics, Cyrillic for
Russian, CJK characters for Chinese); filler words and term words are disjoint vocabularies.
The PO catalogs are real translations: ``msgunfmt`` of the system's ``.mo`` files.
"""

from __future__ import annotations

import functools
import itertools
import random
import re
import shutil
import subprocess
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from review_tool.core.glossary import Glossary
from review_tool.core.models import Term

SEED = 20240611
LANGS = ("en", "fr", "de", "ru", "zh")

FUNCTION_WORDS = (
    "the of and to in a is that for it as was with be by on not he this are or his from at "
    "which but have an they you were her she all their there been one has would when we more "
    "if will no so who can its other into than them these some our may then about only over "
    "also after new first most such under two between both each"
).split()

_ONSETS = {
    "en": "b c d f g h k l m n p r s t v w z br cr dr fl gr pl pr st tr ch sh th sp bl".split(),
    "fr": "b c d f g l m n p r s t v ch cr pr tr gr br pl".split(),
    "de": "b d f g h k l m n p r s t w z sch st sp kr tr gr br pf".split(),
    "ru": "б в г д ж з к л м н п р с т ф х ц ч ш пр ст тр кр бр гр".split(),
}
_NUCLEI = {
    "en": "a e i o u a e i o ai ea ou io".split(),
    "fr": "a e i o u é è à ou ai eu ô".split(),
    "de": "a e i o u ä ö ü ei au ie".split(),
    "ru": "а е и о у ы я ю э".split(),
}
_CODAS = {
    "en": ["", "", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ck"],
    "fr": ["", "", "", "n", "r", "s", "l", "t"],
    "de": ["", "", "n", "r", "s", "t", "ch", "ng", "ß"],
    "ru": ["", "", "", "н", "р", "с", "т", "л", "к"],
}
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


# --------------------------------------------------------------------------- vocabularies


def _syllable(rng: random.Random, lang: str) -> str:
    return rng.choice(_ONSETS[lang]) + rng.choice(_NUCLEI[lang]) + rng.choice(_CODAS[lang])


def make_words(
    rng: random.Random, lang: str, count: int, syllables: tuple[int, int], exclude: set[str]
) -> list[str]:
    """``count`` distinct words of ``syllables`` syllables, none of them in ``exclude``."""
    out: list[str] = []
    seen = set(exclude)
    while len(out) < count:
        if lang == "zh":
            word = "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(2, 4)))
        else:
            n = rng.randint(*syllables)
            word = "".join(_syllable(rng, lang) for _ in range(n))
        if word not in seen and len(word) >= 2:
            seen.add(word)
            out.append(word)
    return out


TERM_VOCAB = 20_000


def _deletes(word: str, depth: int) -> set[str]:
    """``word`` with up to ``depth`` letters deleted (never shorter than 3 letters)."""
    out = {word}
    layer = {word}
    for _ in range(depth):
        if len(next(iter(layer))) - 1 < 3:
            break
        layer = {w[:i] + w[i + 1 :] for w in layer for i in range(len(w))}
        out |= layer
    return out


class _NearKeys:
    """Whether a filler word is within two edits (or an anagram) of a term word: such words
    are dropped from the filler vocabulary, so that near misses in the corpus are the
    injected ones (real glossary words rarely have real words one letter away)."""

    def __init__(self, term_words: list[str]) -> None:
        self.deletes: set[str] = set()
        self.anagrams: set[str] = set()
        for w in term_words:
            if len(w) >= 5:
                self.deletes.update(_deletes(w, 1 if len(w) < 8 else 2))
                self.anagrams.add("".join(sorted(w)))

    def __contains__(self, word: str) -> bool:
        if len(word) < 4:
            return False
        if "".join(sorted(word)) in self.anagrams:
            return True
        return not self.deletes.isdisjoint(_deletes(word, 2))


def _zipf_cum(n: int, s: float = 1.0) -> list[float]:
    return list(itertools.accumulate(1.0 / (r + 1) ** s for r in range(n)))


# --------------------------------------------------------------------------- glossary


@dataclass
class BenchGlossary:
    """The generated glossary and what the corpus generator needs to inject its terms."""

    glossary: Glossary
    concepts: int
    # per concept: English preferred text, English valid texts, English forbidden texts
    en_preferred: list[str] = field(default_factory=list)
    en_valid: list[list[str]] = field(default_factory=list)
    en_forbidden: list[list[str]] = field(default_factory=list)
    foreign: list[list[str]] = field(default_factory=list)  # fr/de/ru/zh preferred
    filler: list[str] = field(default_factory=list)
    filler_cum: list[float] = field(default_factory=list)

    @property
    def terms(self) -> int:
        return len(self.glossary.terms)


@functools.lru_cache(maxsize=2)
def _vocabularies(seed: int) -> tuple[list[str], list[str], dict[str, list[str]]]:
    """Filler words, English term words and other languages' term words (same for every
    glossary size, so a 1 000-concept glossary uses a prefix of the 10 000-concept one's)."""
    rng = random.Random(seed)
    filler = FUNCTION_WORDS + make_words(rng, "en", 24_000, (1, 3), set(FUNCTION_WORDS))
    term_words = make_words(rng, "en", TERM_VOCAB, (2, 4), set(filler))
    near = _NearKeys(term_words)
    filler = FUNCTION_WORDS + [w for w in filler[len(FUNCTION_WORDS) :] if w not in near]
    vocab = {lang: make_words(rng, lang, TERM_VOCAB, (2, 4), set()) for lang in LANGS[1:]}
    return filler, term_words, vocab


def _title(words: list[str]) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in words)


def make_glossary(concepts: int, seed: int = SEED) -> BenchGlossary:
    """A glossary of ``concepts`` concepts in en, fr, de, ru, zh.

    Every concept has a preferred term in every language (1-4 words, some in title case);
    about a fifth have an admitted English synonym (an acronym or another phrase), a quarter
    a forbidden English form and 15 % a forbidden form in each other language.
    """
    filler, all_term_words, all_vocab = _vocabularies(seed)
    rng = random.Random(seed + concepts)
    term_vocab = all_term_words[: max(4_000, concepts * 2)]
    vocab = {lang: words[: max(3_000, concepts * 2)] for lang, words in all_vocab.items()}
    bench = BenchGlossary(Glossary(), concepts, filler=filler, filler_cum=_zipf_cum(len(filler)))
    # The corpus's made-up language has its lexicon as the project word list (what
    # glossary/words-en.txt gives a real workspace): qa.spelling then checks every word as on
    # real text instead of reporting the whole generated vocabulary.
    bench.glossary.words["en"] = frozenset(filler)
    taken: set[str] = set()

    def fresh(make: object) -> str:
        for _ in range(50):
            text = make()  # type: ignore[operator]
            key = text.casefold()
            if key not in taken:
                taken.add(key)
                return text
        raise RuntimeError("vocabulary too small for the glossary")

    def phrase(words: list[str], n: int, title: bool) -> str:
        picked = [rng.choice(words) for _ in range(n)]
        return _title(picked) if title else " ".join(picked)

    for i in range(concepts):
        cid = f"c{i:05d}"
        n = rng.choices((1, 2, 3, 4), weights=(35, 40, 18, 7))[0]
        title = rng.random() < 0.3
        pref = fresh(lambda n=n, title=title: phrase(term_vocab, n, title))
        add = bench.glossary.add
        add(Term(cid, "en", pref, "preferred"))
        valid = [pref]
        forbidden: list[str] = []
        if rng.random() < 0.2:
            if n >= 2 and rng.random() < 0.6:
                acro = "".join(w[0] for w in pref.split()).upper()
                alt = fresh(lambda acro=acro: acro + rng.choice("ABCDEFGHKLMNPRSTW"))
            else:
                alt = fresh(lambda n=n, title=title: phrase(term_vocab, n, title))
            add(Term(cid, "en", alt, "admitted"))
            valid.append(alt)
        if rng.random() < 0.25:
            words = pref.split()
            if len(words) >= 2 and rng.random() < 0.5:
                bad = fresh(lambda words=words: "-".join(words[::-1]))
            else:
                bad = fresh(lambda n=n, title=title: phrase(term_vocab, n, title))
            add(Term(cid, "en", bad, "forbidden", "deprecated form"))
            forbidden.append(bad)
        foreign = []
        for lang in ("fr", "de", "ru", "zh"):
            m = 1 if lang == "zh" else max(1, n - rng.randint(0, 1))
            joiner = "" if lang == "zh" else " "
            text = fresh(
                lambda m=m, lang=lang, joiner=joiner: joiner.join(
                    rng.choice(vocab[lang]) for _ in range(m)
                )
            )
            add(Term(cid, lang, text, "preferred"))
            foreign.append(text)
            if rng.random() < 0.15:
                bad = fresh(
                    lambda m=m, lang=lang, joiner=joiner: joiner.join(
                        rng.choice(vocab[lang]) for _ in range(m)
                    )
                )
                add(Term(cid, lang, bad, "forbidden"))
        bench.en_preferred.append(pref)
        bench.en_valid.append(valid)
        bench.en_forbidden.append(forbidden)
        bench.foreign.append(foreign)
    return bench


# --------------------------------------------------------------------------- corpus

INJECTION_KINDS = ("correct", "forbidden", "case", "misspelled", "foreign", "hyphen")
INJECTION_WEIGHTS = (68, 8, 6, 12, 4, 2)


def misspell(rng: random.Random, word: str) -> str:
    """``word`` with two letters swapped, a letter inserted or a letter deleted."""
    for _ in range(10):
        op = rng.randrange(3)
        i = rng.randrange(1, len(word) - 1) if len(word) > 2 else 0
        if op == 0 and len(word) > 2:
            out = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        elif op == 1:
            out = word[:i] + rng.choice(_LETTERS) + word[i:]
        else:
            out = word[:i] + word[i + 1 :]
        if out != word:
            return out
    return word + "x"


def _inject(rng: random.Random, bench: BenchGlossary, concept: int) -> str:
    kind = rng.choices(INJECTION_KINDS, weights=INJECTION_WEIGHTS)[0]
    valid = bench.en_valid[concept]
    text = rng.choice(valid)
    if kind == "forbidden" and bench.en_forbidden[concept]:
        return bench.en_forbidden[concept][0]
    if kind == "case":
        return text.lower() if text != text.lower() else text.upper()
    if kind == "misspelled":
        words = text.split()
        long = [i for i, w in enumerate(words) if len(w) >= 5]
        if long:
            i = rng.choice(long)
            words[i] = misspell(rng, words[i])
            return " ".join(words)
    if kind == "foreign":
        return rng.choice(bench.foreign[concept][:3])
    if kind == "hyphen" and " " in text:
        return text.replace(" ", "-", 1)
    return text


def _noise(rng: random.Random, words: list[str]) -> None:
    """QA defects: doubled words, numbers, URLs, brackets, merged year ranges."""
    r = rng.random()
    pos = rng.randrange(len(words))
    if r < 0.05:
        words.insert(pos, words[pos])
    elif r < 0.12:
        words.insert(pos, f"{rng.randint(1, 99_999):,}")
    elif r < 0.15:
        words.insert(pos, f"https://example.org/{words[pos]}/{rng.randint(1, 999)}")
    elif r < 0.18:
        words.insert(pos, "(" + words[pos])
    elif r < 0.20:
        year = rng.randint(1990, 2030)
        words.insert(pos, f"{year}{year + 1}")


def iter_corpus(bench: BenchGlossary, paragraphs: int, seed: int = SEED) -> Iterator[str]:
    """``paragraphs`` English paragraphs of about 60 words with glossary terms injected:
    mostly correct, some forbidden, wrong case, misspelled (letter swap/insert/delete),
    foreign or hyphenated, plus QA noise. Streams: nothing is kept."""
    rng = random.Random(seed + 1)
    filler, cum = bench.filler, bench.filler_cum
    concept_cum = _zipf_cum(bench.concepts, 0.6)
    concept_ids = range(bench.concepts)
    for _ in range(paragraphs):
        sentences = []
        for _s in range(rng.randint(2, 6)):
            words = rng.choices(filler, cum_weights=cum, k=rng.randint(6, 22))
            for k in range(1, len(words)):  # no accidental "the the"
                while words[k] == words[k - 1]:
                    words[k] = rng.choices(filler, cum_weights=cum)[0]
            if rng.random() < 0.35:
                _noise(rng, words)
            sentences.append(words)
        injections = rng.choices((0, 1, 2, 3, 4), weights=(20, 30, 25, 15, 10))[0]
        for concept in rng.choices(concept_ids, cum_weights=concept_cum, k=injections):
            words = rng.choice(sentences)
            words.insert(rng.randrange(len(words) + 1), _inject(rng, bench, concept))
        parts = []
        for words in sentences:
            first = words[0]
            words[0] = first[:1].upper() + first[1:]
            parts.append(" ".join(words) + ".")
        para = " ".join(parts)
        if rng.random() < 0.02:
            para = para.replace(" ", "  ", 1)
        yield para


def make_corpus(bench: BenchGlossary, paragraphs: int, seed: int = SEED) -> list[str]:
    return list(iter_corpus(bench, paragraphs, seed))


# --------------------------------------------------------------------------- TM


def make_tm_segments(count: int, seed: int = SEED) -> list[tuple[str, str]]:
    """``count`` (source, target) pairs of 5-30 words, all sources distinct."""
    rng = random.Random(seed + 2)
    filler = FUNCTION_WORDS + make_words(rng, "en", 20_000, (1, 3), set(FUNCTION_WORDS))
    cum = _zipf_cum(len(filler), 0.9)
    lengths = [rng.randint(5, 30) for _ in range(count)]
    pool = rng.choices(filler, cum_weights=cum, k=sum(lengths))
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    pos = 0
    for n in lengths:
        words = pool[pos : pos + n]
        pos += n
        src = " ".join(words)
        src = src[:1].upper() + src[1:] + "."
        if src in seen:
            src = f"{src} ({len(out)})"
        seen.add(src)
        out.append((src, "« " + src[::-1] + " »"))
    return out


def make_tm_queries(segments: list[tuple[str, str]], count: int, seed: int = SEED) -> list[str]:
    """Queries: 60 % edited copies of stored segments (1-3 words changed), 40 % new text."""
    rng = random.Random(seed + 3)
    vocab = sorted({w for s, _ in segments[:2000] for w in s.split()})
    out = []
    for _ in range(count):
        words = rng.choice(segments)[0].split()
        if rng.random() < 0.6:
            for _e in range(rng.randint(1, 3)):
                words[rng.randrange(len(words))] = rng.choice(vocab)
        else:
            words = [rng.choice(vocab) for _ in range(len(words))]
        out.append(" ".join(words))
    return out


# --------------------------------------------------------------------------- PO catalogs

CATALOG_LANGS = ("fr", "de", "ru", "es", "it", "pt_BR", "uk", "pl", "cs", "ja", "zh_CN", "sv")
_ENTRY_RE = re.compile(rb"^msgid ", re.MULTILINE)


def have_gettext() -> bool:
    return shutil.which("msgunfmt") is not None and shutil.which("msgcat") is not None


def tag_contexts(data: bytes, tag: bytes) -> bytes:
    """Give every entry of a PO text the context ``tag`` (kept contexts become ``tag|ctx``),
    so the same msgid in two packages or two languages stays two entries."""
    lines = data.split(b"\n")
    out: list[bytes] = []
    in_ctx = False
    for idx, line in enumerate(lines):
        if line.startswith(b'msgctxt "'):
            out.append(b'msgctxt "' + tag + b"|" + line[9:])
            in_ctx = True
            continue
        if line.startswith(b'msgid "'):
            header = (
                line == b'msgid ""'
                and idx + 1 < len(lines)
                and lines[idx + 1].startswith(b"msgstr")
            )
            if not in_ctx and not header:
                out.append(b'msgctxt "' + tag + b'"')
            in_ctx = False
        elif not line.startswith(b'"'):
            in_ctx = False
        out.append(line)
    return b"\n".join(out)


def _unfmt(mo: Path, out: Path, tag: str) -> int:
    proc = subprocess.run(["msgunfmt", str(mo)], capture_output=True, check=False)
    if proc.returncode != 0 or not proc.stdout:
        return 0
    out.write_bytes(tag_contexts(proc.stdout, tag.encode("ascii", "replace")))
    return max(0, len(_ENTRY_RE.findall(proc.stdout)) - 1)


def build_catalog(
    entries: int, workdir: Path, locale_dir: Path = Path("/usr/share/locale")
) -> tuple[Path, int, int] | None:
    """A PO catalog of at least ``entries`` real entries (or all there are).

    Each ``.mo`` of ``CATALOG_LANGS`` (in that order, files sorted) is decompiled with
    ``msgunfmt``, its entries get the context ``lang/package`` and the parts are joined with
    ``msgcat --use-first``. Returns (path, entries, files used), or None without gettext.
    """
    if not have_gettext():
        return None
    parts_dir = workdir / "parts"
    parts_dir.mkdir(parents=True, exist_ok=True)
    mos = [
        (lang, mo)
        for lang in CATALOG_LANGS
        for mo in sorted((locale_dir / lang / "LC_MESSAGES").glob("*.mo"))
    ]
    parts: list[Path] = []
    total = 0
    with ThreadPoolExecutor(max_workers=2) as pool:
        batch = 8
        for start in range(0, len(mos), batch):
            jobs: list[tuple[Path, Future[int]]] = []
            for lang, mo in mos[start : start + batch]:
                out = parts_dir / f"{len(parts) + len(jobs):05d}.po"
                jobs.append((out, pool.submit(_unfmt, mo, out, f"{lang}/{mo.stem}")))
            for out, job in jobs:
                n = job.result()
                if n:
                    parts.append(out)
                    total += n
            if total >= entries:
                break
    if not parts:
        return None
    catalog = workdir / "catalog.po"
    subprocess.run(
        ["msgcat", "--use-first", "--to-code=UTF-8", "-o", str(catalog), *map(str, parts)],
        capture_output=True,
        check=True,
    )
    shutil.rmtree(parts_dir, ignore_errors=True)
    count = len(_ENTRY_RE.findall(catalog.read_bytes())) - 1
    return catalog, count, len(parts)
