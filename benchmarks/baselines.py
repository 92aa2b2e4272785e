"""The naive designs the benchmarks compare against.

* ``NaiveChecker``: one compiled regex per term, ``re.finditer`` per paragraph, then the same
  QA rules as ``Checker`` (so the ratio measures the term-matching design).
* ``BruteForceNearMiss``: every word window (1..max term words) of a paragraph scored by
  rapidfuzz against every term of that many words (OSA distance, the edit distance our index
  verifies with), then the candidate pairs verified word by word with the index's thresholds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from review_tool.core.checks.checker import qa_findings
from review_tool.core.glossary import Glossary, base_lang
from review_tool.core.models import Finding, Term
from review_tool.core.near_miss import MIN_SINGLE_TERM_LEN, MIN_WORD_LEN, max_distance
from review_tool.core.textnorm import fold, words


class NaiveChecker:
    """Term rules by one regex per term (case-insensitive, on word boundaries)."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self.patterns = [
            (re.compile(r"(?<!\w)" + re.escape(t.text) + r"(?!\w)", re.IGNORECASE), t)
            for t in glossary.terms
        ]

    def check(self, text: str, lang: str) -> list[Finding]:
        lang = base_lang(lang)
        out: list[Finding] = []
        for rx, term in self.patterns:
            for m in rx.finditer(text):
                found = m.group(0)
                if base_lang(term.lang) != lang:
                    rule, sev = "term.foreign", "error"
                elif not term.valid:
                    rule, sev = "term.forbidden", "error"
                elif found != term.text:
                    rule, sev = "term.case", "warning"
                else:
                    continue
                out.append(Finding(rule, sev, m.start(), m.end(), found, term.text))  # type: ignore[arg-type]
        out.extend(qa_findings(text, lang))
        out.sort(key=lambda f: (f.start, f.end, f.rule))
        return out


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    text: str
    term: Term


def _near_word(tok: str, tw: str, known: set[str]) -> bool:
    """The index's per-word rule, without its anagram extension."""
    if len(tw) < MIN_WORD_LEN or len(tok) < MIN_WORD_LEN - 1 or tok in known:
        return False
    if tok.startswith(tw) or tw.startswith(tok):
        return False
    bound = max_distance(len(tw))
    return OSA.distance(tok, tw, score_cutoff=bound) <= bound


class BruteForceNearMiss:
    """Near misses by scoring every word window against every term (no index)."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.known: set[str] = set()
        # words per term -> (joined folded term words, per-term distance bound, words, term)
        self.by_len: dict[int, tuple[list[str], list[int], list[tuple[str, ...]], list[Term]]] = {}
        for term in terms:
            folded = fold(term.text)
            tws = tuple(folded[s:e] for s, e in words(folded))
            if not tws:
                continue
            self.known.update(tws)
            group = self.by_len.setdefault(len(tws), ([], [], [], []))
            group[0].append(" ".join(tws))
            group[1].append(sum(max_distance(len(w)) for w in tws))
            group[2].append(tws)
            group[3].append(term)
        self.max_words = max(self.by_len, default=0)
        self.max_bound = {n: max(g[1]) for n, g in self.by_len.items()}

    def find(self, text: str, covered: list[tuple[int, int]] | None = None) -> list[Hit]:
        folded = fold(text)
        spans = words(folded)
        tokens = [folded[s:e] for s, e in spans]
        # (trigger token, -score, term word at the trigger, first, last, term)
        found: list[tuple[int, int, str, int, int, int, Term]] = []
        for n, (choices, bounds, term_words, terms) in self.by_len.items():
            for first in range(len(tokens) - n + 1):
                window = " ".join(tokens[first : first + n])
                for _choice, dist, t in process.extract(
                    window,
                    choices,
                    scorer=OSA.distance,
                    score_cutoff=self.max_bound[n],
                    limit=None,
                ):
                    if dist > bounds[t]:
                        continue
                    hit = self._verify(tokens, first, term_words[t])
                    if hit is not None:
                        trigger, exact, word = hit
                        found.append((trigger, -(n * 10 + exact), word, t, first, n, terms[t]))
        found.sort(key=lambda h: h[:4])
        out: list[Hit] = []
        used_until = -1
        done_trigger = -1
        for trigger, _score, _word, _t, first, n, term in found:
            if trigger == done_trigger or spans[trigger][0] < used_until:
                continue
            done_trigger = trigger  # only the best window of a trigger word counts
            start, end = spans[first][0], spans[first + n - 1][1]
            if covered and any(start < c_end and c_start < end for c_start, c_end in covered):
                continue
            out.append(Hit(start, end, text[start:end], term))
            used_until = end
        return out

    def _verify(
        self, tokens: list[str], first: int, tws: tuple[str, ...]
    ) -> tuple[int, int, str] | None:
        exact = 0
        trigger = -1
        word = ""
        for j, tw in enumerate(tws):
            tok = tokens[first + j]
            if tok == tw:
                exact += 1
            elif tok.isdigit() or not _near_word(tok, tw, self.known):
                return None
            elif trigger < 0:
                trigger, word = first + j, tw
        if trigger < 0:
            return None
        if len(tws) == 1 and len(tws[0]) < MIN_SINGLE_TERM_LEN:
            return None
        if len(tws) > 1 and exact * 2 < len(tws) - 1:
            return None
        return trigger, exact, word
