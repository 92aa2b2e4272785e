"""Ranked candidate translations for a segment, from every kind of source.

Sources: ``fix`` (the offline glossary fixer on the current translation, or on the source
when both languages are the same), ``tm`` (translation memory) and machine translation engines
(each also offered with ``fix`` applied on top, as ``<engine>+fix``). Every candidate is checked
with the same rules as ``check``; ranking is fewest error findings first, then score. Results
are cached per segment, so moving back and forth costs nothing.

Score: the TM similarity for ``tm``; for the others, how much of the current translation the
candidate keeps (rapidfuzz ratio, 0-100), so among equally clean candidates the most
conservative comes first. Network engines run in a bounded thread pool; a failing engine
becomes a candidate carrying its error and never stops the others.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from review_tool.core.checks.checker import Checker
from review_tool.core.fixer import fix
from review_tool.core.glossary import base_lang
from review_tool.core.models import Candidate
from review_tool.documents.tm import TranslationMemory

OFFLINE_ORIGINS = ("fix", "tm")


@dataclass(frozen=True, slots=True)
class SegmentRequest:
    source: str
    source_lang: str
    target_lang: str
    current: str = ""  # the translation in the PO now (may be an unapproved candidate)


class Translator:
    """What candidates needs of an MT engine (``mt_engines.MachineTranslator`` fits)."""

    name: str

    def translate(self, text: str, source_lang: str, target_lang: str) -> str:  # pragma: no cover
        raise NotImplementedError


@dataclass
class CandidateBuilder:
    checker: Checker
    memory: TranslationMemory | None = None
    translators: Sequence[Translator] = ()
    tm_limit: int = 3
    max_workers: int = 4
    _cache: dict[tuple[str, str, str, str, tuple[str, ...]], list[Candidate]] = field(
        default_factory=dict
    )
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _checked(
        self, origin: str, text: str, score: float, req: SegmentRequest, **kw: object
    ) -> Candidate:
        findings = self.checker.check(
            text, req.target_lang, source=req.source, source_lang=req.source_lang
        )
        return Candidate(origin=origin, text=text, score=score, findings=tuple(findings), **kw)  # type: ignore[arg-type]

    def _keep_score(self, text: str, req: SegmentRequest) -> float:
        if not req.current:
            return 0.0
        return round(float(fuzz.ratio(text, req.current)), 1)

    def offline(
        self, req: SegmentRequest, origins: Sequence[str] = OFFLINE_ORIGINS
    ) -> list[Candidate]:
        out: list[Candidate] = []
        if "fix" in origins:
            same = base_lang(req.source_lang) == base_lang(req.target_lang)
            base = req.current or (req.source if same else "")
            if base:
                result = fix(
                    base,
                    req.target_lang,
                    self.checker,
                    source=req.source,
                    source_lang=req.source_lang,
                )
                out.append(
                    Candidate(
                        origin="fix",
                        text=result.text,
                        score=self._keep_score(result.text, req),
                        findings=result.remaining,
                        edits=result.edits,
                        detail=f"{len(result.edits)} edit(s)",
                    )
                )
        if "tm" in origins and self.memory is not None and len(self.memory):
            for match in self.memory.lookup(req.source, limit=self.tm_limit):
                if match.target == req.current:
                    continue
                out.append(self._checked("tm", match.target, match.score, req, detail=match.origin))
        return out

    def machine(self, translator: Translator, req: SegmentRequest) -> list[Candidate]:
        """One engine's candidates: its translation and, if fix changes it, ``<name>+fix``."""
        try:
            text = translator.translate(req.source, req.source_lang, req.target_lang)
        except Exception as exc:  # every engine failure becomes that engine's message
            message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
            return [Candidate(origin=translator.name, text="", score=0.0, error=message)]
        out = [self._checked(translator.name, text, self._keep_score(text, req), req)]
        fixed = fix(
            text, req.target_lang, self.checker, source=req.source, source_lang=req.source_lang
        )
        if fixed.changed:
            out.append(
                Candidate(
                    origin=f"{translator.name}+fix",
                    text=fixed.text,
                    score=self._keep_score(fixed.text, req),
                    findings=fixed.remaining,
                    edits=fixed.edits,
                    detail=f"{len(fixed.edits)} edit(s)",
                )
            )
        return out

    def candidates(
        self,
        req: SegmentRequest,
        origins: Sequence[str] | None = None,
        on_partial: Callable[[list[Candidate]], None] | None = None,
    ) -> list[Candidate]:
        """All candidates for a segment, ranked (cached per segment and origins)."""
        names = (
            tuple(origins)
            if origins is not None
            else (*OFFLINE_ORIGINS, *(t.name for t in self.translators))
        )
        key = (req.source, req.source_lang, req.target_lang, req.current, names)
        with self._lock:
            hit = self._cache.get(key)
        if hit is not None:
            return hit
        found = self.offline(req, [n for n in names if n in OFFLINE_ORIGINS])
        engines = [t for t in self.translators if t.name in names]
        if engines:
            if on_partial is not None:
                on_partial(rank(found))
            with ThreadPoolExecutor(max_workers=min(self.max_workers, len(engines))) as pool:
                for result in pool.map(lambda t: self.machine(t, req), engines):
                    found.extend(result)
        ranked = rank(found)
        with self._lock:
            self._cache[key] = ranked
        return ranked


def rank(candidates: list[Candidate]) -> list[Candidate]:
    """Fewest error findings first, then score; identical texts keep their best origin."""
    seen: set[str] = set()
    out = []
    for cand in sorted(candidates, key=Candidate.rank_key):
        if cand.error is None and cand.text in seen:
            continue
        seen.add(cand.text)
        out.append(cand)
    return out
