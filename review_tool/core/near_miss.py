"""Likely misspellings of glossary terms ("Coutrening", "Sharesheev"), found without a scan
over the glossary.

The words of a language's valid terms are indexed SymSpell-style: every form of a word's first
``PREFIX`` letters with up to two letters deleted, plus a sorted-letters key for scrambled
words. A text word looks up the deletions of its own first letters, so the cost per word does
not grow with the number of terms; candidates are then verified with an edit distance that
counts a swap of two letters as one (OSA). A multi-word term needs the other words of the
window to match exactly, which keeps false alarms rare.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from review_tool.core.models import Term
from review_tool.core.morphology import MAX_ENDING, Morphology, common_prefix
from review_tool.core.textnorm import (
    blank_word_spans,
    blank_words,
    fold,
    fold_blank,
    is_no_space_char,
    words,
)

# Only the first letters of words are indexed and looked up (SymSpell's prefix): the found
# set is the same, because an edit moves a letter across the cut only as far as the edits
# before it allow, but a long word has far fewer deletion forms (36 instead of 67 for 11
# letters); 9 is where fewer forms stop paying for more candidates to verify on the bench.
# It must stay above 7, the longest word allowed a single edit, which is indexed whole.
PREFIX = 9
MIN_WORD_LEN = 5  # shorter words are too easily one edit away from another word
MIN_SINGLE_TERM_LEN = 6  # a one-word term has no context to back the guess


MAX_WORD_LEN = 40  # longer tokens are not words (or are a whole paragraph of Chinese)
_MAX_SEEN = 2_000_000  # distinct tokens remembered before the cache starts afresh


_HAS_DIGIT = re.compile(r"\d")


def _spelled_word(token: str) -> bool:
    """A word of a spaced script that a near miss could be about."""
    return (
        MIN_WORD_LEN - 1 <= len(token) <= MAX_WORD_LEN
        and _HAS_DIGIT.search(token) is None
        and not is_no_space_char(token[0])
    )


def max_distance(length: int) -> int:
    return 1 if length < 8 else 2


def _deletes_by_depth(word: str, depth: int) -> list[list[str]]:
    """``word`` with 0, 1, … ``depth`` letters deleted (never shorter than 3 letters): one list
    per depth, so every list holds strings of one length."""
    out = [[word]]
    n = len(word)
    if n > 3 and depth >= 1:
        ones = [word[:i] + word[i + 1 :] for i in range(n)]
        out.append(ones)
        if depth >= 2 and n > 4:
            # each pair of positions once: from the word without letter i, delete a later one
            out.append([w[:j] + w[j + 1 :] for i, w in enumerate(ones) for j in range(i, n - 1)])
    return out


def query_depth(length: int) -> int:
    """Deletions to try on a text word of ``length`` letters.

    A word within OSA distance d of a term word is found when both, each with at most d of its
    letters deleted, become the same string; the text word loses one letter per substitution,
    swap or inserted letter. Only a term word of 8+ letters allows two edits, and a text word
    shorter than that one needs a deleted letter on the term's side: one of its own is enough.
    """
    return 2 if length >= 8 else 1


def _is_near(token: str, word: str) -> bool:
    """Within the edit distance allowed for ``word``'s length, or its letters scrambled.

    A letter added at the end counts ("Sharsheevv"; whether it is an inflection is for the
    window check to say); a word that is the start of the term word does not ("launch" for
    "launcher" is a word of its own far more often than a truncated term)."""
    if token == word or word.startswith(token):
        return False
    if OSA.distance(token, word, score_cutoff=max_distance(len(word))) <= max_distance(len(word)):
        return True
    return len(word) >= 6 and token[0] == word[0] and sorted(token) == sorted(word)


def _ending_differs(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ only in their last ``MAX_ENDING`` letters."""
    keep = max(len(a), len(b)) - MAX_ENDING
    return keep <= 0 or a[:keep] == b[:keep]


def _same_family(word: str, term_word: str) -> bool:
    """Whether ``word`` (a word of the language) is another word of ``term_word``'s family: the
    same start, another suffix of a few letters ("minister"/"ministry", "launched"/"launcher").
    A letter changed inside ("heath" for "health") is a misspelling, not a derivation."""
    common = common_prefix(word, term_word)
    shorter, longer = sorted((len(word), len(term_word)))
    return common >= MIN_WORD_LEN - 1 and common >= shorter - 2 and longer - common <= 3


def _spans(blanked: str, raw: list[str], tokens: list[str]) -> list[tuple[int, int]]:
    """The offsets of ``tokens`` (``raw``, the words of ``blanked``, less elided articles)."""
    spans = blank_word_spans(blanked, raw)
    if tokens is not raw:  # a word starts after its elided article
        spans = [(e - len(t), e) for (_, e), t in zip(spans, tokens, strict=True)]
    return spans


def _unelided(token: str) -> str:
    """The word after an elided article or particle ("l'organisation", "dell'agenzia",
    "d'OCS"); a possessive ("sco's") or a longer first part stays as it is."""
    head, apostrophe, tail = token.rpartition("'")
    if apostrophe and 0 < len(head) <= 4 and len(tail) >= 2 and "'" not in head:
        return tail
    return token


def _blocked(covered: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps an exact term match that it does not strictly contain: a
    misspelled longer term may hold an exact shorter one ("Europian Space Agency" holds
    "Space Agency"), but a near miss never cuts into an exact match."""
    i = bisect_left(covered, (end, end))
    while i > 0:
        c_start, c_end = covered[i - 1]
        if c_end <= start:
            return False
        if c_start < start or c_end > end or (c_start, c_end) == (start, end):
            return True
        i -= 1
    return False


@dataclass(frozen=True, slots=True)
class NearMiss:
    start: int
    end: int
    text: str
    term: Term
    suggestion: str | None = None  # the term in the form that was written, if one is sure


class NearMissIndex:
    """Index of the words of the valid terms of one language.

    ``morphology`` (that language's, if any) says when a window is the term in another form
    rather than a misspelling of it, and which form a suggestion takes; ``knows`` (a real
    dictionary of the language) says when a word is a word of its own ("stationed" is not a
    misspelling of "station").
    """

    def __init__(
        self,
        terms: Iterable[Term],
        *,
        morphology: Morphology | None = None,
        knows: Callable[[str], bool] | None = None,
    ) -> None:
        self.morphology = morphology
        self.knows = knows
        self.terms: list[Term] = []
        self.term_words: list[tuple[str, ...]] = []
        self.term_originals: list[tuple[str, ...]] = []  # the same words, as the term writes them
        self.postings: dict[str, list[tuple[int, int]]] = {}
        # Deletion variant -> the term word it comes from, or a tuple when several share it:
        # one flat dict of strings per variant length (a set per variant would cost a million
        # small sets, and a lookup in a dict of a tenth of the variants misses the CPU cache
        # less often).
        self._deletes: dict[int, dict[str, str | tuple[str, ...]]] = {}
        self._anagrams: dict[str, set[str]] = {}
        # Per distinct text token: whether it was looked up, and its candidates when it has any.
        self._seen: set[str] = set()
        self._hits: dict[str, tuple[str, ...]] = {}
        for term in terms:
            folded = fold(term.text)
            tws = tuple(folded[s:e] for s, e in words(folded))
            if not tws:
                continue
            idx = len(self.terms)
            self.terms.append(term)
            self.term_words.append(tws)
            self.term_originals.append(tuple(term.text[s:e] for s, e in words(folded)))
            for pos, w in enumerate(tws):
                self.postings.setdefault(w, []).append((idx, pos))
        long_words = [w for w in self.postings if len(w) >= MIN_WORD_LEN]
        by_len = self._deletes
        for w in long_words:
            for variants in _deletes_by_depth(w[:PREFIX], max_distance(len(w))):
                index = by_len.setdefault(len(variants[0]), {})
                shared = index.keys() & variants
                if not shared:
                    index.update(dict.fromkeys(variants, w))
                    continue
                before = {v: index[v] for v in shared}
                index.update(dict.fromkeys(variants, w))
                for v, had in before.items():
                    index[v] = (*had, w) if isinstance(had, tuple) else (had, w)
        for w in long_words:
            self._anagrams.setdefault("".join(sorted(w)), set()).add(w)

    def candidates(self, token: str) -> tuple[str, ...]:
        """Term words ``token`` is probably a misspelling of (cached per distinct token)."""
        if token in self._seen:
            return self._hits.get(token, ())
        self._seen.add(token)
        if token in self.postings or not _spelled_word(token):  # a term word itself
            return ()
        found: set[str] = set()
        by_len = self._deletes
        for variants in _deletes_by_depth(token[:PREFIX], query_depth(len(token))):
            index = by_len.get(len(variants[0]))
            if index is None:
                continue
            for variant in index.keys() & variants:
                have = index[variant]
                if isinstance(have, str):
                    found.add(have)
                else:
                    found.update(have)
        found.update(self._anagrams.get("".join(sorted(token)), ()))
        result = tuple(sorted(w for w in found if _is_near(token, w)))
        if result:
            self._hits[token] = result
        return result

    def find(self, text: str, covered: list[tuple[int, int]] | None = None) -> list[NearMiss]:
        if not self.terms or not text:
            return []
        if len(self._seen) >= _MAX_SEEN:  # an endless stream of new tokens: start afresh
            self._seen.clear()
            self._hits.clear()
        blanked = fold_blank(text)
        raw = blank_words(blanked)
        tokens = [_unelided(t) if "'" in t else t for t in raw] if "'" in blanked else raw
        if not self._seen.issuperset(tokens):  # probes the list: no set built when all seen
            for token in set(tokens).difference(self._seen):
                self.candidates(token)
        hits = self._hits
        if hits.keys().isdisjoint(tokens):
            return []  # the common case: no word of the paragraph is near a term word
        spans: list[tuple[int, int]] = []  # offsets only once a window is found
        out: list[NearMiss] = []
        used_last = -1  # last token of the window found last
        for i, token in enumerate(tokens):
            if i <= used_last:
                continue
            cands = hits.get(token)
            if not cands:
                continue
            best = self._best_window(i, tokens, cands)
            if best is None:
                continue
            spans = spans or _spans(blanked, raw, tokens)
            found = self._checked_window(*best, tokens, spans, text)
            if found is None:
                continue
            miss, last = found
            if covered and _blocked(covered, miss.start, miss.end):
                continue
            out.append(miss)
            used_last = last
        return out

    def _checked_window(
        self,
        first: int,
        last: int,
        term_idx: int,
        tokens: list[str],
        spans: list[tuple[int, int]],
        text: str,
    ) -> tuple[NearMiss, int] | None:
        """The window as a near miss, unless it is the term in another form (an inflection),
        or its odd words are words of the language in their own right."""
        term = self.terms[term_idx]
        tws = self.term_words[term_idx]
        originals = self.term_originals[term_idx]
        morph = self.morphology
        exact = odd = known = related = 0
        for j, tw in enumerate(tws):
            tok = tokens[first + j]
            if tok == tw:
                exact += 1
                continue
            written = text[spans[first + j][0] : spans[first + j][1]]
            if morph is not None:
                # an inflection changes a word's end only: no dictionary lookup otherwise
                if _ending_differs(tok, tw) and morph.same_lexeme(written, originals[j]):
                    exact += 1
                    continue
            elif tok.startswith(tw):
                exact += 1  # no morphology to tell: an added ending is left alone
                continue
            odd += 1
            if self.knows is not None and self.knows(written):
                known += 1
                related += _same_family(tok, tw)
        if odd == 0:
            return None  # every word is the term's, some inflected: the term itself
        if related == odd:
            return None  # "Minister of Health" is not a misspelling of "Ministry of Health"
        start, end = spans[first][0], spans[last][1]
        if text[start - 1 : start] == "_" or text[end : end + 1] == "_":
            return None  # part of an identifier ("process_diff"), not prose
        if known and (len(tws) == 1 or exact < 2):
            return None  # a real word, not close enough to a multi-word term to be it
        written = text[start:end]
        suggestion = term.text if morph is None else morph.inflected_like(term.text, written)
        return NearMiss(start, end, written, term, suggestion), last

    def _best_window(
        self, i: int, tokens: list[str], cands: tuple[str, ...]
    ) -> tuple[int, int, int] | None:
        """The window of the term that ``tokens[i]`` best misspells: first and last token, and
        the term's index."""
        best: tuple[int, int, int, int] | None = None
        for word in cands:
            for term_idx, pos in self.postings[word]:
                tws = self.term_words[term_idx]
                first = i - pos
                last = first + len(tws) - 1
                if first < 0 or last >= len(tokens):
                    continue
                if len(tws) == 1:
                    if len(word) < MIN_SINGLE_TERM_LEN:
                        continue
                    exact = 0
                else:
                    exact = 0
                    ok = True
                    for j, tw in enumerate(tws):
                        tok = tokens[first + j]
                        if tok == tw:
                            exact += 1
                        elif j != pos and tw not in self.candidates(tok):
                            ok = False
                            break
                    if not ok or exact * 2 < len(tws) - 1:
                        continue
                score = len(tws) * 10 + exact
                if best is None or score > best[0]:
                    best = (score, first, last, term_idx)
        if best is None:
            return None
        return best[1], best[2], best[3]
