"""Mechanical QA rules (the ``qa.*`` findings): loops, broken hyphens, spacing, merged year
ranges, numbers and URLs kept from the source, brackets, untranslated text.

Each rule is a pure function ``(text, lang, ctx) -> list[Finding]``. Language-aware where the
language decides what is right: French wants a space before ``;:!?``, and numbers are read with
the decimal and thousands separators of their language.
"""

from __future__ import annotations

import operator
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate, compress

from review_tool.glossary import base_lang
from review_tool.models import Finding

# Languages written without spaces between words.
# Words that double in correct grammar ("that that", "had had", "nous nous", "die die").
LEGIT_DOUBLES = {
    "en": frozenset({"that", "had", "is", "do", "does", "did"}),
    "fr": frozenset({"nous", "vous"}),
    "de": frozenset({"die", "der", "das", "den", "dem", "des"}),
}
NO_SPACE_LANGS = frozenset({"zh", "ja", "th", "lo", "km", "my"})
# Languages that write 1 234,5 (decimal comma).
DECIMAL_COMMA_LANGS = frozenset(
    "fr de ru uk be bg cs sk pl sl hr sr bs es it pt ro nl da sv no nb nn fi et lv lt "
    "el tr hu id vi kk ky uz tg az ka hy mn".split()
)
FRENCH_SPACING_LANGS = frozenset({"fr"})

URL_RE = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'«»]+|\bwww\.[^\s<>\"'«»]+", re.IGNORECASE)
_URL_TRAIL = ".,;:!?)]}'\""
_WORD_TOKEN = re.compile(r"\w+", re.UNICODE)
_WORD_SPLIT = re.compile(r"(\w+)", re.UNICODE)
# ASCII text: lower-case letters and digits, every other character (not \w) to a space, so that
# str.split() gives the casefolded \w+ tokens in one C pass.
_ASCII_WORDS = str.maketrans(
    {c: c.lower() if c.isalnum() or c == "_" else " " for c in map(chr, range(128))}
)
# Byte 0 (two equal word ids XOR-ed) -> 1, anything else -> 0.
_ZERO_TO_ONE = bytes([1]) + bytes(255)
_CJK_LOOP = re.compile(r"([^\s\d\W]{2,12}?)\1{2,}", re.UNICODE)
_HYPHEN_BEFORE = re.compile(r"([^\W\d_]+)( +)[-\u2010\u2011]([^\W\d_]+)")
_HYPHEN_AFTER = re.compile(r"([^\W\d_]+)[-\u2010\u2011]( +)([^\W\d_]+)")
_HYPHEN_GAP = re.compile(r"[^\W\d_] +[-\u2010\u2011][^\W\d_]|[^\W\d_][-\u2010\u2011] +[^\W\d_]")
_SUSPENDED_NEXT = frozenset("and or nor und oder et ou y o e и или i a".split())
# Speed: sre skips quickly to a pattern's first character when that is a literal or a class,
# but tries a leading look-behind at every position. So the patterns below start with the
# character they are about and look behind it afterwards (the same matches); for a run of
# spaces of any length before a mark, punct_space walks back in Python.
# A mark after a run of these spaces, the run after a non-space: "word ," (not French).
_SPACES = " \u00a0\u202f\t"
_PUNCT_AFTER_SPACE = re.compile(r"[,.;:!?)\]}](?<=[ \u00a0\u202f\t].)(?![\w.])")
# French: ;:!? want a space before them (_FR_NEEDS_SPACE); only a space or tab is wrong here.
_SPACES_FR = " \t"
_PUNCT_AFTER_SPACE_FR = re.compile(r"[,.)\]}](?<=[ \t].)(?![\w.])")
_FR_NEEDS_SPACE = re.compile(r"([;!?»])(?<=[^\s\u00a0\u202f(\[:;!?.].)")
_FR_COLON = re.compile(r"(:)(?<=[^\W\d_]:)(?=\s)")
_CJK_SPACE_PUNCT = re.compile(r"( +)([，。；：！？、])")
_MISSING_SPACE_AFTER = re.compile(r"([,;])(?<=[^\W\d_]{2}.)(?=[^\W\d_]{2})")
# Two years run together, not preceded by [\w.,/-] (checked behind the eight digits).
_RANGE = re.compile(r"((?:1[5-9]|2[01])\d\d)((?:1[5-9]|2[01])\d\d)(?!\w)(?<![\w.,/\-]\d{8})")
_DOUBLE_SPACE = re.compile(r"(?<=\S)( {2,})(?=\S)")
_SPACE_GROUPED = re.compile(r"\d(?<![\d.,]\d)\d{0,2}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?!\d)")
_NUMBER = re.compile(r"\d(?<![\w.]\d)\d*(?:[.,']\d+)*")
_OPENERS = {"(": ")", "[": "]", "{": "}", "«": "»", "“": "”"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_BRACKET_CHARS = "".join(_OPENERS) + "".join(_CLOSERS)
_BRACKET = re.compile("[" + re.escape(_BRACKET_CHARS) + "]")


@dataclass(frozen=True, slots=True)
class QAContext:
    """What a rule may know beyond the text: the source, when the input is bilingual."""

    lang: str
    source: str | None = None
    source_lang: str | None = None
    url_spans: tuple[tuple[int, int], ...] = ()

    def in_url(self, start: int, end: int) -> bool:
        return any(start < u_end and u_start < end for u_start, u_end in self.url_spans)


def url_spans(text: str) -> list[tuple[int, int, str]]:
    # Speed: every URL_RE match holds "://" or a case variant of "www." (no other character
    # matches w/W case-insensitively), and most texts have neither.
    if "://" not in text and "www." not in text.lower():
        return []
    out = []
    for m in URL_RE.finditer(text):
        url = m.group(0).rstrip(_URL_TRAIL)
        out.append((m.start(), m.start() + len(url), url))
    return out


def _f(
    rule: str, severity: str, start: int, end: int, text: str, message: str, sugg: str | None
) -> Finding:
    return Finding(rule, severity, start, end, text[start:end], message, sugg)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- repetition


def repetition(text: str, ctx: QAContext) -> list[Finding]:
    lang = base_lang(ctx.lang)
    if lang in NO_SPACE_LANGS:
        return _cjk_repetition(text, ctx)
    spaced = text.translate(_ASCII_WORDS) if text.isascii() else None
    if spaced is not None:
        words = spaced.split()
    else:
        # casefold() of non-ASCII text may change its \w+ tokens ("İ" -> "i̇"): word by word.
        words = [w.casefold() for w in _WORD_TOKEN.findall(text)]
    n = len(words)
    first_seen: dict[str, int] = {}
    ids = list(map(first_seen.setdefault, words, range(n)))  # equal words, equal ids
    if n < 2 or len(first_seen) == n:
        return []
    # Speed: with the ids one byte each, "word k equals word k + p" for every k is one XOR of
    # that byte string, read as an integer, with itself shifted by p bytes.
    codes = int.from_bytes(bytes(ids), "little") if n <= 256 else None
    toks: list[tuple[int, int]] = []
    legit_doubles = LEGIT_DOUBLES.get(lang, frozenset())
    # (first token, last token, period, periods, tokens kept when a joiner ends each unit)
    regions: list[tuple[int, int, int, int, int]] = []
    for p in range(1, min(9, n)):
        # eq[k] == 1 where word k equals word k + p; a loop of period p is a run of p+ ones.
        if codes is None:
            eq = bytes(map(operator.eq, words, words[p:]))
        else:
            diff = (codes ^ (codes >> 8 * p)).to_bytes(n, "little")  # byte k is 0 where equal
            if diff.find(bytes(p), 0, n - p) == -1:
                continue  # no loop of period p: most texts, most periods
            eq = diff[: n - p].translate(_ZERO_TO_ONE)
        i = eq.find(b"\x01" * p)
        while i != -1:
            j = i
            while j < len(eq) and eq[j]:
                j += 1
            length = (j - i) + p
            periods = length // p
            rest = length - periods * p
            # "X and X and X" (X of 2+ words): the last unit lacks only its joiner.
            joined = rest == p - 1 and p > 2
            last = i + length - 1 if joined else i + periods * p - 1
            if periods >= 2 and not toks:  # spans only once a loop is likely
                toks = _token_spans(text, spaced)
            if periods >= 2 and all(
                not text[toks[k][1] : toks[k + 1][0]].strip() for k in range(i, last)
            ):
                word = words[i]
                trivial = p == 1 and (
                    word.isdigit() or (periods < 3 and (len(word) == 1 or word in legit_doubles))
                )
                if not trivial:
                    count = periods + 1 if joined else periods
                    regions.append((i, last, p, count, rest if joined else 0))
            i = eq.find(b"\x01" * p, j)
    regions.sort(key=lambda r: (-(toks[r[1]][1] - toks[r[0]][0]), r[2]))
    taken: list[tuple[int, int, int, int, int]] = []
    for region in regions:
        if all(region[1] < t[0] or region[0] > t[1] for t in taken):
            taken.append(region)
    out = []
    for first, last, p, periods, keep in sorted(taken):
        start, end = toks[first][0], toks[last][1]
        if ctx.in_url(start, end):
            continue
        # "X and X and X": the unit is X with a joiner; say X once.
        once = text[start : toks[first + (keep or p) - 1][1]]
        loop = p > 1 or periods > 2
        out.append(
            _f(
                "qa.repetition",
                "error" if loop else "warning",
                start,
                end,
                text,
                f"'{once}' repeated {periods} times" if loop else f"doubled word '{once}'",
                once,
            )
        )
    return out


def _token_spans(text: str, spaced: str | None) -> list[tuple[int, int]]:
    """(start, end) of each ``\\w+`` token of text; spaced: ASCII text through _ASCII_WORDS."""
    if spaced is None:
        # [gap, word, gap, word, ..., gap]: running lengths are start, end, start, ...
        bounds = list(accumulate(map(len, _WORD_SPLIT.split(text))))
        return list(zip(bounds[:-1:2], bounds[1::2], strict=True))
    # Speed: str.split(" ") rather than the regex. The pieces are the words and, between two
    # spaces, ""; each piece starts one past the end of the one before.
    lens = list(map(len, spaced.split(" ")))
    starts = list(accumulate(map((1).__add__, lens[:-1]), initial=0))
    return list(compress(zip(starts, map(operator.add, starts, lens), strict=True), lens))


def _cjk_repetition(text: str, ctx: QAContext) -> list[Finding]:
    out = []
    for m in _CJK_LOOP.finditer(text):
        once = m.group(1)
        periods = len(m.group(0)) // len(once)
        out.append(
            _f(
                "qa.repetition",
                "error",
                m.start(),
                m.end(),
                text,
                f"'{once}' repeated {periods} times",
                once,
            )
        )
    return out


# --------------------------------------------------------------------------- spacing


def hyphen_space(text: str, ctx: QAContext) -> list[Finding]:
    # Speed: _HYPHEN_GAP starts with a letter class, tried at every letter; most texts have no
    # hyphen at all.
    if "-" not in text and "\u2010" not in text and "\u2011" not in text:
        return []
    if _HYPHEN_GAP.search(text) is None:
        return []
    out = []
    for m in _HYPHEN_BEFORE.finditer(text):
        if ctx.in_url(m.start(), m.end()):
            continue
        fixed = f"{m.group(1)}-{m.group(3)}"
        out.append(
            _f(
                "qa.hyphen-space",
                "error",
                m.start(),
                m.end(),
                text,
                f"space before a hyphen: '{m.group(0)}'",
                fixed,
            )
        )
    for m in _HYPHEN_AFTER.finditer(text):
        if m.group(3).casefold() in _SUSPENDED_NEXT or ctx.in_url(m.start(), m.end()):
            continue  # "pre- and post-war": a suspended hyphen
        out.append(
            _f(
                "qa.hyphen-space",
                "warning",
                m.start(),
                m.end(),
                text,
                f"space after a hyphen: '{m.group(0)}'",
                f"{m.group(1)}-{m.group(3)}",
            )
        )
    return out


def punct_space(text: str, ctx: QAContext) -> list[Finding]:
    lang = base_lang(ctx.lang)
    out = []
    if lang in NO_SPACE_LANGS:
        for m in _CJK_SPACE_PUNCT.finditer(text):
            out.append(
                _f(
                    "qa.punct-space",
                    "warning",
                    m.start(),
                    m.end(),
                    text,
                    f"space before '{m.group(2)}'",
                    m.group(2),
                )
            )
        return out
    french = lang in FRENCH_SPACING_LANGS
    pattern, spaces = (
        (_PUNCT_AFTER_SPACE_FR, _SPACES_FR) if french else (_PUNCT_AFTER_SPACE, _SPACES)
    )
    for m in pattern.finditer(text):
        # The whole run of spaces before the mark, and a non-space before the run.
        start = m.start() - 1
        while start > 0 and text[start - 1] in spaces:
            start -= 1
        if start == 0 or text[start - 1].isspace() or ctx.in_url(start, m.end()):
            continue
        mark = m.group(0)
        out.append(
            _f("qa.punct-space", "warning", start, m.end(), text, f"space before '{mark}'", mark)
        )
    if french:
        # Speed: _FR_NEEDS_SPACE would scan the whole text, most often for none of ;!?».
        has_marks = any(map(text.__contains__, ";!?»"))
        for rx in (_FR_NEEDS_SPACE, _FR_COLON) if has_marks else (_FR_COLON,):
            for m in rx.finditer(text):
                if ctx.in_url(m.start(), m.end()):
                    continue
                out.append(
                    _f(
                        "qa.punct-space",
                        "warning",
                        m.start(),
                        m.end(),
                        text,
                        f"French needs a (no-break) space before '{m.group(1)}'",
                        "\u00a0" + m.group(1),
                    )
                )
    # Speed: most texts have no comma or semicolon to scan for.
    for m in _MISSING_SPACE_AFTER.finditer(text) if "," in text or ";" in text else ():
        if ctx.in_url(m.start(), m.end()):
            continue
        out.append(
            _f(
                "qa.punct-space",
                "warning",
                m.start(),
                m.end(),
                text,
                f"no space after '{m.group(1)}'",
                m.group(1) + " ",
            )
        )
    return out


def whitespace(text: str, ctx: QAContext) -> list[Finding]:
    out = []
    # Speed: _DOUBLE_SPACE starts with a look-behind, tried at every position; most texts have
    # no two spaces in a row.
    for m in _DOUBLE_SPACE.finditer(text) if "  " in text else ():
        out.append(_f("qa.whitespace", "warning", m.start(), m.end(), text, "double space", " "))
    src = ctx.source
    if src is not None and text:
        if src.endswith("\n") != text.endswith("\n"):
            want = "ends" if src.endswith("\n") else "does not end"
            out.append(
                _f(
                    "qa.whitespace",
                    "error",
                    len(text),
                    len(text),
                    text,
                    f"the source {want} with a newline; the translation must match",
                    None,
                )
            )
        if src.startswith("\n") != text.startswith("\n"):
            want = "starts" if src.startswith("\n") else "does not start"
            out.append(
                _f(
                    "qa.whitespace",
                    "error",
                    0,
                    0,
                    text,
                    f"the source {want} with a newline; the translation must match",
                    None,
                )
            )
        lead_s = src[: len(src) - len(src.lstrip(" \t"))]
        lead_t = text[: len(text) - len(text.lstrip(" \t"))]
        if lead_s != lead_t:
            out.append(
                _f(
                    "qa.whitespace",
                    "warning",
                    0,
                    len(lead_t),
                    text,
                    "leading spaces differ from the source",
                    lead_s if lead_t else None,
                )
            )
        trail_s = src[len(src.rstrip(" \t")) :]
        trail_t = text[len(text.rstrip(" \t")) :]
        if trail_s != trail_t:
            out.append(
                _f(
                    "qa.whitespace",
                    "warning",
                    len(text) - len(trail_t),
                    len(text),
                    text,
                    "trailing spaces differ from the source",
                    trail_s if trail_t else None,
                )
            )
    return out


# --------------------------------------------------------------------------- numbers


def year_range(text: str, ctx: QAContext) -> list[Finding]:
    out = []
    # Speed: a year here starts with 1 or 2; most texts have neither.
    for m in _RANGE.finditer(text) if "1" in text or "2" in text else ():
        y1, y2 = int(m.group(1)), int(m.group(2))
        if not 0 < y2 - y1 <= 10 or ctx.in_url(m.start(), m.end()):
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
    # Speed: ten substring tests find most ASCII texts without any digit to scan for.
    if text.isascii() and not any(map(text.__contains__, "0123456789")):
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


def numbers(text: str, ctx: QAContext) -> list[Finding]:
    if ctx.source is None:
        return []
    src_lang = ctx.source_lang or ctx.lang
    src_urls = tuple((s, e) for s, e, _ in url_spans(ctx.source))
    src = numbers_in(ctx.source, src_lang, src_urls)
    tgt = numbers_in(text, ctx.lang, ctx.url_spans)
    if not src and not tgt:
        return []
    src_nums = Counter(n for _, _, n in src)
    tgt_nums = Counter(n for _, _, n in tgt)
    out = []
    extra = tgt_nums - src_nums
    for start, end, value in tgt:
        if extra[value] > 0:
            extra[value] -= 1
            out.append(
                _f(
                    "qa.numbers",
                    "warning",
                    start,
                    end,
                    text,
                    f"number '{text[start:end]}' is not in the source",
                    None,
                )
            )
    for value, count in (src_nums - tgt_nums).items():
        out.append(
            _f(
                "qa.numbers",
                "warning",
                0,
                0,
                text,
                f"number {value} of the source is missing"
                + (f" ({count} times)" if count > 1 else ""),
                None,
            )
        )
    return out


def urls(text: str, ctx: QAContext) -> list[Finding]:
    if ctx.source is None:
        return []
    src_found = url_spans(ctx.source)
    tgt = url_spans(text)
    if not src_found and not tgt:
        return []
    src = {u for _, _, u in src_found}
    out = []
    for start, end, url in tgt:
        if url not in src:
            out.append(
                _f("qa.urls", "error", start, end, text, f"URL '{url}' is not in the source", None)
            )
    have = {u for _, _, u in tgt}
    for url in sorted(src - have):
        out.append(_f("qa.urls", "error", 0, 0, text, f"URL '{url}' of the source is missing", url))
    return out


# --------------------------------------------------------------------------- structure


def brackets(text: str, ctx: QAContext) -> list[Finding]:
    # Speed: a few substring tests beat the regex's scan on the many texts without brackets.
    if not any(map(text.__contains__, _BRACKET_CHARS)):
        return []
    stack: list[tuple[str, int]] = []
    out = []
    for m in _BRACKET.finditer(text):
        i, ch = m.start(), m.group(0)
        if ch in _OPENERS:
            stack.append((ch, i))
        elif ch in _CLOSERS:
            if stack and stack[-1][0] == _CLOSERS[ch]:
                stack.pop()
            elif _is_list_marker(text, i) or ctx.in_url(i, i + 1):
                continue
            else:
                out.append(_f("qa.brackets", "warning", i, i + 1, text, f"unmatched '{ch}'", None))
    for ch, i in stack:
        if ctx.in_url(i, i + 1):
            continue
        out.append(_f("qa.brackets", "warning", i, i + 1, text, f"unclosed '{ch}'", None))
    return out


def _is_list_marker(text: str, i: int) -> bool:
    """``a)``, ``2)`` at the start of a line or after a space: an enumeration, not a bracket."""
    j = i - 1
    while j >= 0 and text[j].isalnum():
        j -= 1
    return 0 < i - j - 1 <= 2 and (j < 0 or text[j] in " \n\t")


def untranslated(text: str, ctx: QAContext) -> list[Finding]:
    if ctx.source is None or not ctx.source_lang:
        return []
    if base_lang(ctx.source_lang) == base_lang(ctx.lang):
        return []
    stripped = text.strip()
    if stripped and stripped == ctx.source.strip() and sum(c.isalpha() for c in stripped) >= 4:
        return [
            _f(
                "qa.untranslated",
                "warning",
                0,
                len(text),
                text,
                "translation is identical to the source",
                None,
            )
        ]
    return []


RULES: dict[str, Callable[[str, QAContext], list[Finding]]] = {
    "qa.repetition": repetition,
    "qa.hyphen-space": hyphen_space,
    "qa.punct-space": punct_space,
    "qa.range": year_range,
    "qa.numbers": numbers,
    "qa.urls": urls,
    "qa.whitespace": whitespace,
    "qa.brackets": brackets,
    "qa.untranslated": untranslated,
}


def qa_findings(
    text: str, lang: str, source: str | None = None, source_lang: str | None = None
) -> list[Finding]:
    found = url_spans(text)
    spans = tuple((s, e) for s, e, _ in found) if found else ()
    ctx = QAContext(lang=lang, source=source, source_lang=source_lang, url_spans=spans)
    out: list[Finding] = []
    for rule in RULES.values():
        out.extend(rule(text, ctx))
    return out
