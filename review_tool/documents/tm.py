"""Translation memory: every approved translation in the workspace, searchable by similarity.

Built from the approved entries of the PO files of a target language (and TMX files), matched
with rapidfuzz against a source text. ``fuzz.ratio`` >= threshold needs the two lengths within a
ratio of each other, so segments are kept sorted by length and only that window is scored, by
rapidfuzz's ``process.extract`` over a prepared list (never a Python loop calling a scorer).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from review_tool.core.glossary import base_lang, normalize_lang
from review_tool.errors import InputError

DEFAULT_THRESHOLD = 75.0
INDEX_MIN_SEGMENTS = 20_000  # below this a full scan of the length window is fast enough


@dataclass(frozen=True, slots=True)
class TMMatch:
    score: float
    source: str
    target: str
    origin: str  # where it came from: "path#segment"


class TranslationMemory:
    """Approved pairs, looked up by similarity of their source to a query.

    Small memories are scored in full over the length window. Large ones first pick
    candidates through an inverted index of words: a segment with ``fuzz.ratio`` >= 75 shares
    most of its words with the query, so it contains at least one of the query's rarer words;
    only segments holding one of those (and inside the length window) are scored.
    """

    def __init__(self) -> None:
        self._units: dict[str, tuple[str, str]] = {}  # processed source -> (target, origin)
        self._sources: dict[str, str] = {}
        self._sorted: list[str] | None = None
        self._lengths: list[int] = []
        self._postings: dict[str, array[int]] = {}

    def __len__(self) -> int:
        return len(self._units)

    def add(self, source: str, target: str, origin: str) -> None:
        key = utils.default_process(source)
        if not key or not target:
            return
        self._units[key] = (target, origin)
        self._sources[key] = source
        self._sorted = None

    def add_many(self, units: Iterable[tuple[str, str, str]]) -> None:
        for source, target, origin in units:
            self.add(source, target, origin)

    def _prepare(self) -> list[str]:
        if self._sorted is None:
            self._sorted = sorted(self._units, key=len)
            self._lengths = [len(k) for k in self._sorted]
            self._postings = {}
            if len(self._sorted) >= INDEX_MIN_SEGMENTS:
                postings: dict[str, list[int]] = {}
                for i, key in enumerate(self._sorted):
                    for word in set(key.split()):
                        postings.setdefault(word, []).append(i)
                self._postings = {w: array("i", ids) for w, ids in postings.items()}
        return self._sorted

    def _candidates(self, q: str, lo: int, hi: int) -> list[str] | None:
        """Segments in [lo, hi) holding one of the query's rarer words (None: scan them all)."""
        if not self._postings:
            return None
        words = sorted(set(q.split()), key=lambda w: len(self._postings.get(w, ())))
        if not words:
            return None
        rare = words[: max(2, (len(words) + 1) // 2)]
        found: set[int] = set()
        for word in rare:
            found.update(self._postings.get(word, ()))
            if len(found) > (hi - lo) // 2:
                return None
        keys = self._sorted
        assert keys is not None
        return [keys[i] for i in found if lo <= i < hi]

    def lookup(
        self, query: str, *, limit: int = 5, threshold: float = DEFAULT_THRESHOLD
    ) -> list[TMMatch]:
        keys = self._prepare()
        q = utils.default_process(query)
        if not q or not keys:
            return []
        # ratio = 2*M/(a+b) >= t  needs  b >= a*t/(2-t) and b <= a*(2-t)/t  (t as a fraction)
        t = max(threshold, 1.0) / 100.0
        lo = bisect_left(self._lengths, int(len(q) * t / (2 - t)))
        hi = bisect_right(self._lengths, int(len(q) * (2 - t) / t) + 1)
        pool = self._candidates(q, lo, hi)
        window = keys[lo:hi] if pool is None else pool
        found = process.extract(
            q, window, scorer=fuzz.ratio, score_cutoff=threshold, limit=limit, processor=None
        )
        out = []
        for key, score, _ in found:
            target, origin = self._units[key]
            out.append(TMMatch(float(score), self._sources[key], target, origin))
        out.sort(key=lambda m: (-m.score, m.source))
        return out


def load_po_units(path: Path, source_lang: str | None = None) -> list[tuple[str, str, str]]:
    """(source, target, origin) of the approved entries of a PO file."""
    from review_tool.po.store import PoStore

    store = PoStore.load(path)
    if source_lang:
        src = store.header.get("X-Source-Language") or "en"
        if base_lang(src) != base_lang(source_lang):
            return []
    units = []
    for entry in store.entries:
        if entry.approved and entry.msgid_plural is None:
            units.append((entry.msgid, entry.msgstr, f"{path}#{entry.msgctxt or ''}"))
    return units


def load_tmx_units(path: Path, source_lang: str, target_lang: str) -> list[tuple[str, str, str]]:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, parse

    try:
        root = parse(str(path), forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except FileNotFoundError:
        raise InputError(path, None, "no such TMX file") from None
    except ParseError as exc:
        pos = getattr(exc, "position", None)
        raise InputError(path, pos[0] if pos else None, f"malformed XML: {exc}") from None
    except DefusedXmlException as exc:
        raise InputError(path, None, f"rejected unsafe XML ({type(exc).__name__})") from None
    lang_attr = "{http://www.w3.org/XML/1998/namespace}lang"
    src_base, tgt_base = base_lang(source_lang), base_lang(target_lang)
    units = []
    for n, tu in enumerate(root.iter("tu"), start=1):
        texts: dict[str, str] = {}
        for tuv in tu.iter("tuv"):
            lang = normalize_lang(tuv.get(lang_attr) or tuv.get("lang") or "")
            seg = tuv.find("seg")
            if seg is not None:
                texts[base_lang(lang)] = "".join(seg.itertext())
        if src_base in texts and tgt_base in texts:
            units.append((texts[src_base], texts[tgt_base], f"{path}#{tu.get('tuid') or n}"))
    return units


def build_memory(
    locales_dir: Path,
    source_lang: str,
    target_lang: str,
    tmx_files: Iterable[Path] = (),
    exclude: Path | None = None,
) -> TranslationMemory:
    """All approved pairs for a language pair in ``locales/<target>/`` plus TMX files."""
    tm = TranslationMemory()
    folder = locales_dir / normalize_lang(target_lang)
    if folder.is_dir():
        for po in sorted(folder.rglob("*.po")):
            if exclude is not None and po.resolve() == exclude.resolve():
                continue
            tm.add_many(load_po_units(po, source_lang))
    for tmx in tmx_files:
        tm.add_many(load_tmx_units(Path(tmx), source_lang, target_lang))
    return tm


def approved_by_source(
    locales_dir: Path, source_lang: str, target_lang: str
) -> dict[str, list[tuple[str, str]]]:
    """Every approved translation in ``locales/<target>/``, by its source (white space around
    it stripped): (translation, where) in file order. What qa.inconsistent compares with: the
    memory's exact matches, all of them rather than the one ``TranslationMemory`` keeps."""
    out: dict[str, list[tuple[str, str]]] = {}
    folder = locales_dir / normalize_lang(target_lang)
    if folder.is_dir():
        for po in sorted(folder.rglob("*.po")):
            for source, target, origin in load_po_units(po, source_lang):
                out.setdefault(source.strip(), []).append((target, origin))
    return out
