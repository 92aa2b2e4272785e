"""Homophones of glossary terms in Chinese and Japanese: "上海合做组织" for "上海合作组织".

An input method types by sound and offers every character of that reading, so the commonest
misspelling of a term in these scripts is one character replaced by another of the same
reading — one edit that a spelling distance cannot tell from any other. Terms are indexed by
the readings of their characters (pypinyin's toneless pinyin for Chinese, pykakasi's kana for
Japanese, both dictionaries that ship with the package); a window of the text with the same
readings that differs from the term in exactly one character is a near miss. Readings are
cached per character; the index is only built for a language whose texts are checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from review_tool.core.models import Term
from review_tool.core.near_miss import NearMiss
from review_tool.core.textnorm import is_no_space_char

MAX_TERM_CHARS = 20


def _chinese() -> Callable[[str], str]:
    from pypinyin import Style, lazy_pinyin

    def reading(ch: str) -> str:
        return lazy_pinyin(ch, style=Style.NORMAL)[0] if is_no_space_char(ch) else ch

    return reading


def _japanese() -> Callable[[str], str]:
    import pykakasi

    converter = pykakasi.kakasi()

    def reading(ch: str) -> str:
        if not is_no_space_char(ch):
            return ch
        return "".join(part["hira"] for part in converter.convert(ch)) or ch

    return reading


READERS: dict[str, Callable[[], Callable[[str], str]]] = {"zh": _chinese, "ja": _japanese}


class HomophoneIndex:
    """The terms of one language written without spaces, by the readings of their characters."""

    def __init__(self, terms: Iterable[Term], lang: str) -> None:
        self.reading: Callable[[str], str] = lru_cache(maxsize=1 << 16)(READERS[lang]())
        self.by_reading: dict[tuple[str, ...], list[Term]] = {}
        for term in terms:
            text = term.text
            if not term.valid or not 2 <= len(text) <= MAX_TERM_CHARS:
                continue
            if not all(is_no_space_char(c) for c in text):
                continue
            key = tuple(map(self.reading, text))
            self.by_reading.setdefault(key, []).append(term)
        self.lengths = sorted({len(k) for k in self.by_reading}, reverse=True)

    def find(self, text: str, covered: list[tuple[int, int]] | None = None) -> list[NearMiss]:
        """Windows of ``text`` that read like a term and differ from it in one character."""
        if not self.by_reading or not text:
            return []
        readings = list(map(self.reading, text))
        out: list[NearMiss] = []
        i = 0
        size = len(text)
        while i < size:
            hit = self._at(text, readings, i)
            if hit is None:
                i += 1
                continue
            end, term = hit
            if not covered or not any(s < end and i < e for s, e in covered):
                out.append(NearMiss(i, end, text[i:end], term, term.text))
            i = end
        return out

    def _at(self, text: str, readings: list[str], i: int) -> tuple[int, Term] | None:
        if not is_no_space_char(text[i]):
            return None
        for n in self.lengths:  # the longest term first
            if i + n > len(text):
                continue
            for term in self.by_reading.get(tuple(readings[i : i + n]), ()):
                window = text[i : i + n]
                if sum(a != b for a, b in zip(window, term.text, strict=True)) == 1:
                    return i + n, term
        return None
