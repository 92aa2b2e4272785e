"""Text normalisation shared by term matching, near-miss search and the fixer.

Matching folds case, diacritics, apostrophes and hyphen/space differences. The fold is done
with ``str.translate`` and a lazily filled one-character-to-one-character table, so the folded
text has the same length as the original and a match's offsets are the original offsets. Only
texts with runs of separators (double spaces, CRLF, "anti -terrorist") take a slower path that
collapses the runs and keeps an index map back to the original.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Scripts written without spaces between words: terms in them match as substrings.
_NO_SPACE_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3000, 0x303F),  # CJK punctuation
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x31BF),  # Bopomofo
    (0x3400, 0x4DBF),  # CJK ext A
    (0x4E00, 0x9FFF),  # CJK unified
    (0xF900, 0xFAFF),  # CJK compatibility
    (0xFF00, 0xFFEF),  # full-width forms
    (0x20000, 0x2FFFF),  # CJK ext B+
)

SEPARATORS = frozenset(" -\u2010\u2011\u2012\u2013\u00ad\t\n\r\u00a0\u202f\u2009\u2007\u3000")
_APOSTROPHES = "\u2019\u2018\u02bc\u00b4`"
_SEP_RUN = re.compile(r"[ ]{2,}")


_NO_SPACE_CHAR = re.compile(
    "[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _NO_SPACE_RANGES) + "]"
)


def is_no_space_char(ch: str) -> bool:
    return _NO_SPACE_CHAR.match(ch) is not None


def has_no_space_char(text: str) -> bool:
    """Whether any character of ``text`` is of a script written without spaces."""
    return _NO_SPACE_CHAR.search(text) is not None


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.category(ch) in ("Mn", "Mc")


def _fold_char(ch: str) -> str:
    if ch in SEPARATORS:
        return " "
    if ch in _APOSTROPHES:
        return "'"
    low = ch.lower()
    if len(low) != 1:
        low = ch
    decomposed = unicodedata.normalize("NFD", low)
    base = decomposed[0]
    if len(decomposed) > 1 and all(unicodedata.combining(c) for c in decomposed[1:]):
        return base
    if unicodedata.combining(low):
        return low
    return low


class _FoldTable(dict[int, str]):
    def __missing__(self, key: int) -> str:
        value = _fold_char(chr(key))
        self[key] = value
        return value


_TABLE = _FoldTable()
for _c in range(128):
    _TABLE[_c] = _fold_char(chr(_c))


class _WordFoldTable(dict[int, str]):
    """The fold, with every character that cannot be part of a word made a space."""

    def __missing__(self, key: int) -> str:
        folded = _TABLE[key]
        value = folded if folded.isalnum() or folded == "'" else " "
        self[key] = value
        return value


_WORD_TABLE = _WordFoldTable()


def fold(text: str) -> str:
    """Same-length fold: lower case, no diacritics, separators to spaces, one apostrophe."""
    return text.translate(_TABLE)


def fold_term(text: str) -> str:
    """Fold a term and collapse separator runs (terms are short: no offset map needed)."""
    folded = fold(text)
    return (_SEP_RUN.sub(" ", folded) if "  " in folded else folded).strip()


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


@dataclass(frozen=True, slots=True)
class Folded:
    """A folded text and, when separators were collapsed, the map back to the original."""

    text: str
    index_map: list[int] | None  # folded index -> original index

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        if self.index_map is None:
            return start, end
        return self.index_map[start], self.index_map[end - 1] + 1


def fold_for_search(text: str) -> Folded:
    folded = fold(text)
    if "  " not in folded:
        return Folded(folded, None)
    pieces: list[str] = []
    index_map: list[int] = []
    pos = 0
    for m in _SEP_RUN.finditer(folded):
        pieces.append(folded[pos : m.start() + 1])
        index_map.extend(range(pos, m.start() + 1))
        pos = m.end()
    pieces.append(folded[pos:])
    index_map.extend(range(pos, len(folded)))
    return Folded("".join(pieces), index_map)


_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*", re.UNICODE)


def words(text: str) -> list[tuple[int, int]]:
    """Spans of the words of a spaced-script text."""
    return [m.span() for m in _WORD_RE.finditer(text)]


def fold_blank(text: str) -> str:
    """``fold(text)`` with every character that cannot be part of a word made a space."""
    return text.translate(_WORD_TABLE)


def blank_words(blanked: str) -> list[str]:
    """The words of a ``fold_blank`` text: the words ``words(fold(text))`` spans, three times faster
    (a split; the regex only when an apostrophe could join two words)."""
    return _WORD_RE.findall(blanked) if "'" in blanked else blanked.split()


def blank_word_spans(blanked: str, tokens: list[str]) -> list[tuple[int, int]]:
    """Spans of ``tokens = blank_words(blanked)``: ``words(fold(text))``, without a regex."""
    spans = []
    pos = 0
    find = blanked.find
    for token in tokens:
        pos = find(token, pos)  # only blanks (or a stray apostrophe) lie before the next word
        spans.append((pos, pos + len(token)))
        pos += len(token)
    return spans
