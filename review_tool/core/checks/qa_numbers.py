"""Numbers: two years run together (``qa.range``), and the numbers of a translation against
its source's (``qa.numbers``), each read with its language's decimal and thousands separators,
never inside a protected span (placeholders, versions in URLs, options).

Speed: most texts have no digit, which a few memchr find out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from review_tool.core.checks.qa_context import (
    DECIMAL_COMMA_LANGS,
    QAContext,
    on_text,
    qa_context,
    source_code,
)
from review_tool.core.checks.qa_context import finding as _f
from review_tool.core.checks.registry import Rule, TextContext, register, suggested
from review_tool.core.glossary import base_lang
from review_tool.core.models import Finding

# Two years run together, not preceded by [\w.,/-] (checked behind the eight digits).
_RANGE = re.compile(r"((?:1[5-9]|2[01])\d\d)((?:1[5-9]|2[01])\d\d)(?!\w)(?<![\w.,/\-]\d{8})")
_SPACE_GROUPED = re.compile(r"\d(?<![\d.,]\d)\d{0,2}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?!\d)")
_NUMBER = re.compile(r"\d(?<![\w.]\d)\d*(?:[.,']\d+)*")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+|\d{1,3}(?:\.\d{3})+")


def year_range(text: str, ctx: QAContext) -> list[Finding]:
    out = []
    # Speed: a year here starts with 1 or 2; most texts have neither.
    if "1" not in text and "2" not in text:
        return []
    for m in _RANGE.finditer(text):
        y1, y2 = int(m.group(1)), int(m.group(2))
        if not 0 < y2 - y1 <= 10 or ctx.in_code(m.start(), m.end()):
            continue
        out.append(
            _f(
                "qa.range",
                "error" if y2 - y1 == 1 else "warning",
                m.start(),
                m.end(),
                text,
                f"'{m.group(0)}' looks like two years run together",
                f"{m.group(1)}-{m.group(2)}",
            )
        )
    return out


def _canonical(token: str, lang: str) -> str:
    raw = token.replace("\u00a0", " ").replace("\u202f", " ").replace("'", "")
    if base_lang(lang) in DECIMAL_COMMA_LANGS:
        raw = raw.replace(" ", "").replace(".", "").replace(",", ".")
    else:
        raw = raw.replace(" ", "").replace(",", "")
    if "." in raw:
        whole, frac = raw.split(".", 1)
        frac = frac.rstrip("0")
        whole = whole.lstrip("0") or "0"
        return f"{whole}.{frac}" if frac else whole
    return raw.lstrip("0") or "0"


def numbers_in(
    text: str, lang: str, urls: tuple[tuple[int, int], ...]
) -> list[tuple[int, int, str]]:
    if text.isascii() and not _has_digit(text):
        return []
    taken: list[tuple[int, int]] = list(urls)
    out = []
    if base_lang(lang) in DECIMAL_COMMA_LANGS:
        for m in _SPACE_GROUPED.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append(m.span())
            out.append((m.start(), m.end(), _canonical(m.group(0), lang)))
    for m in _NUMBER.finditer(text):
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        token = m.group(0).rstrip(".,'")
        merged = _RANGE.fullmatch(token)
        if merged and 0 < int(merged.group(2)) - int(merged.group(1)) <= 10:
            # "20242025" is the range 2024-2025 run together: qa.range reports it.
            out.append((m.start(), m.start() + 4, merged.group(1)))
            out.append((m.start() + 4, m.start() + 8, merged.group(2)))
            continue
        out.append((m.start(), m.start() + len(token), _canonical(token, lang)))
    out.sort()
    return out


def _has_digit(text: str) -> bool:
    """An ASCII digit in text (ten memchr, faster than a scan for any of them)."""
    return (
        "0" in text
        or "1" in text
        or "2" in text
        or "3" in text
        or "4" in text
        or "5" in text
        or "6" in text
        or "7" in text
        or "8" in text
        or "9" in text
    )


def _numbers(
    text: str, ctx: QAContext, source: str, src_found: list[tuple[int, int, str]]
) -> list[Finding]:
    src_lang = ctx.source_lang or ctx.lang
    src_urls = tuple((s, e) for s, e, _ in src_found)
    src = numbers_in(source, src_lang, src_urls)
    tgt = numbers_in(text, ctx.lang, ctx.code_spans)
    if not src and not tgt:
        return []
    # A number written the same way on both sides is the same number, whatever the languages'
    # separators say ("1.12" kept in a German text, a version "5.0.3", a list "3,6").
    # But not "1,234", which one language groups and the other reads as a decimal.
    src_raw = _counts(source[s:e] for s, e, _ in src if not _GROUPED.fullmatch(source[s:e]))
    tgt_raw = _counts(text[s:e] for s, e, _ in tgt)
    same = {raw: min(n, tgt_raw.get(raw, 0)) for raw, n in src_raw.items()}
    src = _minus(src, source, same)
    tgt = _minus(tgt[::-1], text, same)[::-1]  # the target's extra ones are its first
    if not src and not tgt:
        return []
    src_nums = _counts(n for _, _, n in src)
    tgt_nums = _counts(n for _, _, n in tgt)
    if src_nums == tgt_nums:
        return []
    out = []
    words = _NUMBER_WORDS.get(base_lang(src_lang), {})
    # How many more times the target has each number: its first ones are reported.
    extra = {value: count - src_nums.get(value, 0) for value, count in tgt_nums.items()}
    for start, end, value in tgt:
        if extra[value] > 0:
            extra[value] -= 1
            raw = text[start:end]
            # Digits of the source glued to letters ("RFC4648", "12/31/99"), or a number
            # the source writes as a word ("one" -> 1).
            if _glued_in(raw, source) or _says(source, words.get(value, ())):
                continue
            out.append(
                _f(
                    "qa.numbers",
                    "warning",
                    start,
                    end,
                    text,
                    f"number '{raw}' is not in the source",
                    None,
                )
            )
    # value -> how the source writes it, each time; not an ordinal ("1st": "premier").
    missing: dict[str, list[str]] = {}
    for start, end, value in src:
        if tgt_nums.get(value, 0) > 0:
            tgt_nums[value] -= 1
        elif not _glued_in(source[start:end], text) and not source[end : end + 1].isalpha():
            missing.setdefault(value, []).append(source[start:end])
    for written in missing.values():
        count = len(written)
        out.append(
            _f(
                "qa.numbers",
                "warning",
                0,
                0,
                text,
                f"number {written[0]} of the source is missing"
                + (f" ({count} times)" if count > 1 else ""),
                None,
            )
        )
    return out


# Numbers a source may write as words, by source language (the translation may use digits).
_NUMBER_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        str(n): tuple(words.split())
        for n, words in enumerate(
            [
                "zero no none",
                "one single once a an",
                "two twice double both",
                "three",
                "four",
                "five",
                "six",
                "seven",
                "eight",
                "nine",
                "ten",
                "eleven",
                "twelve",
            ]
        )
    },
}


def _says(text: str, words: tuple[str, ...]) -> bool:
    """One of words in text, as a word ("three-way" says three)."""
    if not words:
        return False
    return re.search(r"\b(?:" + "|".join(words) + r")\b", text, re.IGNORECASE) is not None


def _glued_in(raw: str, text: str) -> bool:
    """raw in text as part of a longer token ("4648" in "RFC4648", "99" in "1999")."""
    i = text.find(raw)
    while i != -1:
        end = i + len(raw)
        if (i > 0 and text[i - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
            return True
        i = text.find(raw, i + 1)
    return False


def _minus(
    found: list[tuple[int, int, str]], text: str, same: dict[str, int]
) -> list[tuple[int, int, str]]:
    """found without the first ``same[raw]`` numbers written ``raw``."""
    if not any(same.values()):
        return found
    left = dict(same)
    out = []
    for start, end, value in found:
        raw = text[start:end]
        if left.get(raw, 0) > 0:
            left[raw] -= 1
        else:
            out.append((start, end, value))
    return out


def _counts(values: Iterable[str]) -> dict[str, int]:
    """How many times each value, in the order of their first time (Counter is slower here)."""
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def _check_numbers(ctx: TextContext) -> list[Finding]:
    assert ctx.source is not None
    return _numbers(ctx.text, qa_context(ctx), ctx.source, source_code(ctx))


register(
    Rule(
        "qa.range",
        "error",
        "two years run together",
        '"20242025" -> "2024-2025"',
        check=on_text(year_range),
        fix=suggested,
    )
)
register(
    Rule(
        "qa.numbers",
        "warning",
        "numbers differ from the source (read with each language's separators)",
        'source "1,000", translation "100"',
        check=_check_numbers,
        needs_source=True,
    )
)
