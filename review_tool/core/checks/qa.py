"""Mechanical QA rules (the ``qa.*`` findings): loops, broken hyphens, spacing, merged year
ranges, numbers and URLs kept from the source, brackets, untranslated text.

Each rule is a pure function ``(text, lang, ctx) -> list[Finding]``. Language-aware where the
language decides what is right: French wants a space before ``;:!?``, and numbers are read with
the decimal and thousands separators of their language.

Speed: every rule runs on every paragraph of a check, and most paragraphs have nothing to
report, so a rule first tests for the characters a finding needs (``c in text`` is one memchr)
and only a text that has them gets the patterns. Loops are screened with a byte for each word,
the eight periods compared in one XOR (``_loop_periods``); words are compared only where their
bytes match. The byte-class screens that mapped Latin-1 text to classes of characters (a second
way through qa.repetition, qa.punct-space, qa.range and qa.numbers) were removed: they saved
about 12 % of ``check``'s CPU time, which its target allows (README, Speed).
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Iterable
from itertools import accumulate
from typing import cast

from review_tool.core.checks.qa_context import (
    FRENCH_SPACING_LANGS,
    NO_SPACE_LANGS,
    QAContext,
    qa_context,
    quoted_alone,
)
from review_tool.core.checks.qa_context import finding as _f
from review_tool.core.checks.registry import Rule, TextContext, register, suggested
from review_tool.core.checks.term_forms import FUNCTION_WORDS
from review_tool.core.glossary import base_lang
from review_tool.core.models import Finding

# Words that double in correct grammar ("that that", "had had", "nous nous", "die die").
LEGIT_DOUBLES = {
    "en": frozenset({"that", "had", "is", "do", "does", "did"}),
    "fr": frozenset({"nous", "vous"}),
    "de": frozenset({"die", "der", "das", "den", "dem", "des"}),
}
# Words that join a word to itself in correct text ("house to house", "again and again",
# "step by step"): one word twice around them is an idiom, three times emphasis.
REDUPLICATING_JOINERS = {
    "en": frozenset("and or nor to by after for upon on in against".split()),
    "fr": frozenset("et ou à par après pour contre".split()),
    "de": frozenset("und oder zu für um an nach".split()),
    "es": frozenset("y o a por tras".split()),
    "it": frozenset("e o a per dopo".split()),
}
# Words that never make such an idiom ("the to the to", "of in of in" are loops), with the
# function words of the languages the term rules know them for.
_ARTICLES = {
    "en": frozenset("the a an".split()),
    "fr": frozenset("le la les l un une des du".split()),
    "de": frozenset("der die das den dem des ein eine einen einem einer".split()),
    "es": frozenset("el la los las un una".split()),
    "it": frozenset("il lo la gli le un una".split()),
}
_WORD_TOKEN = re.compile(r"\w+", re.UNICODE)
_WORD_SPLIT = re.compile(r"(\w+)", re.UNICODE)
# Neither a \w nor a white-space character (str.isspace: what str.strip() strips).
_NOT_WORD_OR_SPACE = re.compile(r"[^\w\s]")
# Neither a word, a space, nor a comma or semicolon (of any script): a list's separators.
_NOT_LIST_GAP = re.compile(r"[^\w\s,;，；、]")
_ZEROS = [bytes(p) for p in range(9)]
_ONES = [b"\x01" * p for p in range(9)]
_CJK_LOOP = re.compile(r"([^\s\d\W]{2,12}?)\1{2,}", re.UNICODE)
_CJK_LIST_LOOP = re.compile(r"([^\s\d\W]{2,12}?)(?:[、，,]\s?\1){2,}", re.UNICODE)
_HYPHEN_BEFORE = re.compile(r"([^\W\d_]+)( +)[-\u2010\u2011]([^\W\d_]+)")
_HYPHEN_AFTER = re.compile(r"([^\W\d_]+)[-\u2010\u2011]( +)([^\W\d_]+)")
_HYPHEN_GAP = re.compile(r"[^\W\d_] +[-\u2010\u2011][^\W\d_]|[^\W\d_][-\u2010\u2011] +[^\W\d_]")
# Words that join the parts of a suspended compound ("pre- and post-war", "Ein- bzw.
# Ausgabe", "sowohl Ein- als auch Ausgabe").
_SUSPENDED_NEXT = frozenset(
    "and or nor und oder bzw sowie statt als et ou ni y o u e и или i a".split()
)
# And per language, the prepositions of a conversion or a range between two compounds:
# "Groß- in Kleinbuchstaben", "Montag- bis Freitagabend", "upper- to lowercase".
_SUSPENDED_NEXT_IN = {
    "de": frozenset("bis in zu nach".split()),
    "en": frozenset(["to"]),
    "nl": frozenset("tot naar".split()),
}
# The patterns below start with the character they are about and look behind it afterwards
# (the same matches as a look-behind first); for a run of spaces of any length before a mark,
# punct_space walks back in Python.
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
_TWO_SPACES = re.compile("  ")
_GUILLEMETS = re.compile(r"«[^«»]*»")
_METAVARIABLE = re.compile(r"\b[A-Z]{3,}\b")
_SENTENCE_MARKS = ".!?:"
_FULL_WIDTH_MARKS = "：？！。，；）、"
_SPACE_RUN = re.compile("  +")


# --------------------------------------------------------------------------- repetition


def repetition(text: str, ctx: QAContext) -> list[Finding]:
    lang = base_lang(ctx.lang)
    if lang in NO_SPACE_LANGS:
        return _cjk_repetition(text, ctx)
    # casefold() may change a token's \w+ split ("İ" -> "i̇"): token by token.
    words = list(map(str.casefold, _WORD_TOKEN.findall(text)))
    if len(words) < 2:
        return []
    # A byte for each word: the lowest of its hash.
    codes = struct.pack(f"<{len(words)}q", *map(hash, words))[::8]
    equal = _loop_periods(words, codes)
    if not equal:
        return []
    return _loops(text, ctx, lang, words, equal)


def _loop_periods(words: list[str], codes: bytes) -> list[tuple[int, bytearray]]:
    """The periods p (1 to 8) for which words[k] equals words[k + p] for p k's in a row (for
    p = 1, once), each with eq: eq[k] == 1 where words[k] equals words[k + p]; codes: a byte
    for each word, the same for the same words.

    Speed: all eight periods are screened in one XOR of two integers, so words are compared
    only where their bytes are equal (on the 100 000-paragraph benchmark's text, comparing
    every pair instead makes qa.repetition 49 µs a paragraph rather than 38 µs)."""
    n = len(words)
    # All eight periods in one XOR: block p - 1 of "ahead" holds codes[k + p] where block
    # p - 1 of "here" holds codes[k], for k < n - p. The rest XORs to bytes other than 0, but
    # for a code 0 or 255 (a false alarm, like two words with the same code: it costs a look).
    width = n + 9
    here = (codes + b"\xff" * 9) * 8
    ahead = ((codes + b"\0" * 8) * 9)[1 : 1 + 8 * width]
    diffs = (int.from_bytes(here, "little") ^ int.from_bytes(ahead, "little")).to_bytes(
        8 * width, "little"
    )
    out = []
    # A loop of period 1 is one pair of equal words, of period p > 1 at least two in a row.
    k = diffs.find(b"\0", 0, n - 1)
    while k != -1 and words[k] != words[k + 1]:  # one code for two words
        k = diffs.find(b"\0", k + 1, n - 1)
    if k != -1:
        out.append((1, _equal_at(words, 1, diffs[: n - 1])))
    if diffs.find(b"\0\0", width) != -1:
        for p in range(2, min(9, n // 2 + 1)):
            start = (p - 1) * width
            if diffs.find(_ZEROS[p], start, start + n - p) != -1:
                eq = _equal_at(words, p, diffs[start : start + n - p])
                if _ONES[p] in eq:
                    out.append((p, eq))
    return out


def _equal_at(words: list[str], p: int, diff: bytes) -> bytearray:
    """eq[k] == 1 where words[k] equals words[k + p]; diff: their codes XOR-ed."""
    eq = bytearray(len(diff))
    k = diff.find(0)
    while k != -1:
        if words[k] == words[k + p]:
            eq[k] = 1
        k = diff.find(0, k + 1)
    return eq


def _loops(
    text: str,
    ctx: QAContext,
    lang: str,
    words: list[str],
    equal: list[tuple[int, bytearray]],
) -> list[Finding]:
    """The findings of the loops of period p where eq[k] == 1: words[k] equals words[k + p],
    for each (p, eq) of equal."""
    span = _token_span(text)
    legit_doubles = LEGIT_DOUBLES.get(lang, frozenset())
    joiners = REDUPLICATING_JOINERS.get(lang, frozenset())
    not_idioms = joiners | _ARTICLES.get(lang, frozenset()) | FUNCTION_WORDS.get(lang, frozenset())
    # (first token, last token, period, periods, tokens kept when a joiner ends each unit)
    regions: list[tuple[int, int, int, int, int]] = []
    for p, eq in equal:
        # A loop of period p is a run of p+ ones in eq.
        i = eq.find(_ONES[p])
        while i != -1:
            j = i
            while j < len(eq) and eq[j]:
                j += 1
            length = (j - i) + p
            periods = length // p
            rest = length - periods * p
            # "X and X and X" (X of 2+ words): the last unit lacks only its joiner.
            joined = rest == p - 1 and p > 2
            if p == 2 and words[i + 1] in joiners and words[i] not in not_idioms:
                if rest == 0 and periods == 2:
                    i = eq.find(_ONES[p], j)
                    continue  # "from house to house to": "house to house", then "to"
                if rest == 1:
                    if periods < 3:
                        i = eq.find(_ONES[p], j)
                        continue  # "again and again and again": emphasis
                    joined = True  # "vaccinate and vaccinate and vaccinate and vaccinate"
            last = i + length - 1 if joined else i + periods * p - 1
            word = words[i]
            trivial = p == 1 and (
                word.isdigit()
                or (periods < 3 and (len(word) == 1 or word in legit_doubles))
                # every neighbour pair apart in a column or a metavariable and its word
                # ("bs=BYTES        BYTES Bytes")
                or all(
                    _not_a_doubling(text, span(k), span(k + 1), ctx.source)
                    for k in range(i, i + periods - 1)
                )
            )
            start, end = span(i)[0], span(last)[1]
            # Between the words only white space, or commas and semicolons ("X, X, X": then
            # three times at least; "people to people, to" is no loop).
            if not trivial and _NOT_WORD_OR_SPACE.search(text, start, end) is None:
                count = periods + 1 if joined else periods
                regions.append((i, last, p, count, rest if joined else 0))
            elif not trivial and periods >= 3 and _NOT_LIST_GAP.search(text, start, end) is None:
                regions.append((i, last, p, periods, 0))
            i = eq.find(_ONES[p], j)
    if len(regions) > 1:
        regions.sort(key=lambda r: (-(span(r[1])[1] - span(r[0])[0]), r[2]))
    taken: list[tuple[int, int, int, int, int]] = []
    for region in regions:
        if all(region[1] < t[0] or region[0] > t[1] for t in taken):
            taken.append(region)
    out = []
    for first, last, p, count, keep in sorted(taken):
        start, end = span(first)[0], span(last)[1]
        # "X and X and X": the unit is X with a joiner; say X once.
        once_end = span(first + (keep or p) - 1)[1]
        once = text[start:once_end]
        loop = p > 1 or count > 2
        message = f"'{once}' repeated {count} times" if loop else f"doubled word '{once}'"
        severity = "error" if loop else "warning"
        if not ctx.in_code(start, end):
            out.append(_f("qa.repetition", severity, start, end, text, message, once))
        elif loop and not ctx.in_code(once_end, end):
            # The first unit starts in a placeholder or an option ("%s is gone, s is gone,
            # s is gone", "-t, t, t"): the repeats after it are the finding, and go.
            out.append(_f("qa.repetition", severity, once_end, end, text, message, ""))
    return out


def _not_a_doubling(
    text: str, first: tuple[int, int], second: tuple[int, int], source: str | None = None
) -> bool:
    """Two equal words that are not a doubled word: apart in a column layout (two spaces or
    more between them), one in lower case and one in capitals ("von VON bis BIS": a word
    and a placeholder name; "BYTES Bytes" where the source has such names), a capitalised
    word inside a sentence then the same in lower case ("ordnen Sie sie an"), or the first
    the end of a hyphenated word ("peut-être être")."""
    gap = text[first[1] : second[0]]
    if "  " in gap:
        return True
    a, b = text[first[0] : first[1]], text[second[0] : second[1]]
    if (a.isupper() and b.islower()) or (a.islower() and b.isupper()):
        return True
    # One in capitals, the other capitalised, where the source names metavariables in
    # capitals: a metavariable and its word ("ZEILEN Zeilen" for "LINES lines").
    if a.isupper() != b.isupper() and source is not None and _METAVARIABLE.search(source):
        return True
    # Capitalised inside a sentence, then in lower case: two words ("ordnen Sie sie an").
    if a[:1].isupper() and b.islower() and not _at_sentence_start(text, first[0]):
        return True
    return first[0] > 0 and text[first[0] - 1] in "-\u2010\u2011"


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 40) : start].rstrip(" \t\n\"'«„“‘(¿¡-")
    return not before or before[-1] in ".!?:;…"


def _token_span(text: str) -> Callable[[int], tuple[int, int]]:
    """span(k): (start, end) of the k-th ``\\w+`` token of text."""
    # [gap, word, gap, word, ..., gap]: running lengths are start, end, start, ...
    bounds = list(accumulate(map(len, _WORD_SPLIT.split(text))))
    return list(zip(bounds[:-1:2], bounds[1::2], strict=True)).__getitem__


def _cjk_repetition(text: str, ctx: QAContext) -> list[Finding]:
    out = []
    loops = list(_CJK_LOOP.finditer(text))
    if "、" in text or "，" in text or "," in text:
        loops += _CJK_LIST_LOOP.finditer(text)  # "を示、を示、を示"
        loops.sort(key=lambda m: m.start())
    taken = 0
    for m in loops:
        if m.start() < taken or ctx.in_code(m.start(), m.end()):
            continue
        taken = m.end()
        once = m.group(1)
        periods = m.group(0).count(once)
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
    # Speed: _HYPHEN_GAP starts with a letter class, tried at every letter. Most texts have no
    # hyphen at all, most others no "-" next to a space.
    if "\u2010" not in text and "\u2011" not in text:
        if "-" not in text or ("- " not in text and " -" not in text):
            return []
    if _HYPHEN_GAP.search(text) is None:
        return []
    out = []
    for m in _HYPHEN_BEFORE.finditer(text):
        if ctx.in_code(m.start(), m.end()):
            continue
        before, after = m.group(1), m.group(3)
        if before.casefold() in _SUSPENDED_NEXT:
            continue  # "Geräteauswahl und -umschaltung": a suspended compound
        if (after[0].islower() and not after.islower()) or (
            after.isupper() and len(after) >= 4 and not before.isupper()
        ):
            continue  # an option ("wie -dpR") or a metavariable ("mit -COLUMN"), not "User -ID"
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
    joiners = _SUSPENDED_NEXT_IN.get(base_lang(ctx.lang), frozenset())
    for m in _HYPHEN_AFTER.finditer(text):
        joiner = m.group(3).casefold()
        if joiner in _SUSPENDED_NEXT or joiner in joiners or ctx.in_code(m.start(), m.end()):
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
    # A passage quoted in guillemets outside French keeps the typography of its language.
    guillemets = _GUILLEMETS.finditer(text) if not french and "«" in text else ()
    quoted = [m.span() for m in guillemets]
    for m in pattern.finditer(text):
        # The whole run of spaces before the mark, and a non-space before the run.
        start = m.start() - 1
        while start > 0 and text[start - 1] in spaces:
            start -= 1
        if start == 0 or text[start - 1].isspace() or ctx.in_code(start, m.end()):
            continue
        if quoted and any(q_start < start and m.end() < q_end for q_start, q_end in quoted):
            continue  # « Listériose : les bons gestes » in an English text
        if quoted_alone(text, m.start()):
            continue  # « . »: the mark is named, not used
        mark = m.group(0)
        out.append(
            _f("qa.punct-space", "warning", start, m.end(), text, f"space before '{mark}'", mark)
        )
    if french:
        # Each pattern would scan the whole text, most often for none of its marks.
        marks = ";" in text or "!" in text or "?" in text or "»" in text
        patterns = [_FR_NEEDS_SPACE] if marks else []
        if ":" in text:
            patterns.append(_FR_COLON)
        for rx in patterns:
            for m in rx.finditer(text):
                if ctx.in_code(m.start(), m.end()):
                    continue
                out.append(
                    _f(
                        "qa.punct-space",
                        "warning",
                        m.start(),
                        m.end(),
                        text,
                        f"{FRENCH_SPACING_MESSAGE} '{m.group(1)}'",
                        "\u00a0" + m.group(1),
                    )
                )
    for m in _MISSING_SPACE_AFTER.finditer(text) if "," in text or ";" in text else ():
        if ctx.in_code(m.start(), m.end()):
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
    # Runs of two spaces or more between two other characters, from the first two spaces (a
    # pattern that starts with a look-behind or a repeat is tried at every character).
    first = _TWO_SPACES.search(text)
    for m in _SPACE_RUN.finditer(text, first.start()) if first else ():
        start, end = m.span()
        if start == 0 or end == len(text) or text[start - 1].isspace() or text[end].isspace():
            continue
        if text[start - 1] in _SENTENCE_MARKS:
            continue  # two spaces after a sentence: the typewriter convention (GNU's texts)
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
        # Speed: strip() copies the text; "" in " \t" for an empty text is True (and right).
        lead_s = src[: len(src) - len(src.lstrip(" \t"))] if src[:1] in " \t" else ""
        lead_t = text[: len(text) - len(text.lstrip(" \t"))] if text[:1] in " \t" else ""
        # A source indented or padded by a run of spaces lays out a column: the translation
        # keeps the layout with another run of spaces (or, padded, with the same width).
        if lead_s != lead_t and not (len(lead_s) >= 2 and lead_t):
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
        trail_s = src[len(src.rstrip(" \t")) :] if src[-1:] in " \t" else ""
        trail_t = text[len(text.rstrip(" \t")) :] if text[-1:] in " \t" else ""
        if trail_s != trail_t and not _same_column(text, src, trail_t, trail_s, ctx.lang):
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


def _same_column(text: str, src: str, trail_t: str, trail_s: str, lang: str) -> bool:
    """Trailing spaces that differ from the source's but keep its layout: a source padded
    to a column width (two spaces or more) padded otherwise, or not at all when the
    translation fills the same width; a translation padded to no more than the source's
    width; in Chinese and Japanese, a full-width mark that carries its own space ("：" for
    ": ")."""
    if len(trail_s) >= 2 and (trail_t or len(text) == len(src)):
        return True
    if len(trail_t) >= 2 and len(text) <= len(src):
        return True
    return (
        not trail_t
        and base_lang(lang) in NO_SPACE_LANGS
        and text[-1:] in _FULL_WIDTH_MARKS
        and src.rstrip()[-1:] in ":?!.,;)"
    )


# --------------------------------------------------------------------------- registration
# With a source, spacing, hyphens, punctuation and repeated words the source has too are its
# layout or its code (a column of options, "-parodd", "unbalanced )"), not a translator's
# slip: these rules report only where the translation differs from its source.

Copied = Callable[[Finding, str, str], bool]


def _unless_copied(
    rule: Callable[[str, QAContext], list[Finding]], copied: Copied
) -> Callable[[TextContext], list[Finding]]:
    def check(ctx: TextContext) -> list[Finding]:
        qa_ctx = qa_context(ctx)
        found = rule(ctx.text, qa_ctx)
        if found and qa_ctx.translates:
            source = cast(str, ctx.source)
            found = [f for f in found if not copied(f, ctx.text, source)]
        return found

    return check


def _same_spacing(f: Finding, text: str, source: str) -> bool:
    """A run of spaces where the source has runs of spaces too (its columns)."""
    return f.message == "double space" and "  " in source


def _same_hyphen(f: Finding, text: str, source: str) -> bool:
    """The hyphenated token ("-parodd", "M-") is in the source as it is, or the source has as
    many hyphens with a space on the same side: options translated with their metavariable
    ("like -a NUMBER" -> "как -а НОМЕР") and ranges in a column ("N-    from N'th byte")."""
    if any(token in source for token in f.text.split() if "-" in token or "\u2010" in token):
        return True
    shape = _SPACE_HYPHEN if f.message.startswith("space before") else _HYPHEN_SPACE
    return len(shape.findall(source)) >= len(shape.findall(text))


_SPACE_HYPHEN = re.compile(r"(?<!\S)[-\u2010]\w")
_HYPHEN_SPACE = re.compile(r"\w[-\u2010][ \t]")


def _same_punctuation(f: Finding, text: str, source: str) -> bool:
    """The mark with the token it belongs to ("format:", ":/", "\\!") is in the source, or the
    same space before the same mark (" )")."""
    if " " in f.text and f.text in source:
        return True
    # Marks lined up in a column ("Group         : %s"): the source has a run of white
    # space before the same mark too, of another width.
    if f.text[:1] in " \t" and re.search(r"[ \t]" + re.escape(f.text.lstrip(" \t")), source):
        return True
    # A list glued the way the source glues its own ("sim,sim,..." for "sym,sym,...").
    if f.message.startswith("no space after") and re.search(
        r"[^\W\d_]" + re.escape(f.text.strip()) + r"[^\W\d_]", source
    ):
        return True
    # Code in running text: the mark between the same characters ("{new,bad}", "'*?[]'").
    window = text[max(0, f.start - 3) : f.end + 3]
    if len(window.strip()) >= 5 and window in source:
        return True
    start, end = f.start, f.end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    token = text[start:end].strip()
    return len(token) >= 2 and token in source


FRENCH_SPACING_MESSAGE = "French needs a (no-break) space before"
_FR_SPACED = re.compile(r"[^\W\d_][ \u00a0\u202f][;:!?]")


def french_spacing_unused(texts: Iterable[str]) -> bool:
    """Whether a file's French texts write ; : ! ? glued to the word more often than with the
    space French typography wants: then that is its house style (many reviewed catalogs
    follow it), and the space is not asked for text by text. Ties keep the rule."""
    glued = spaced = 0
    for text in texts:
        if ":" in text or ";" in text or "!" in text or "?" in text:
            if _FR_COLON.search(text) or _FR_NEEDS_SPACE.search(text):
                glued += 1
            if _FR_SPACED.search(text):
                spaced += 1
    return glued > spaced


def _punct_fix(f: Finding) -> str | None:
    """A stray space before a mark is removed; the space French typography wants before
    ; : ! ? is suggested, never applied: many reviewed catalogs write French without it, as
    their house style, and only the editor knows which one this text follows."""
    if f.message.startswith(FRENCH_SPACING_MESSAGE):
        return None
    return f.suggestion


def _same_loop(f: Finding, text: str, source: str) -> bool:
    """The same words repeated the same way in the source (code, names, a quoted loop)."""
    return " ".join(f.text.casefold().split()) in " ".join(source.casefold().split())


for _rule in (
    Rule(
        "qa.repetition",
        "error",
        "loops, also separated by commas, semicolons or conjunctions (error); doubled words "
        "(warning)",
        '"working together and working together"; "X, X, X"; "need need"',
        check=_unless_copied(repetition, _same_loop),
        fix=suggested,
    ),
    Rule(
        "qa.hyphen-space",
        "error",
        "a hyphen with a space on one side",
        '"decision -making"',
        check=_unless_copied(hyphen_space, _same_hyphen),
        fix=suggested,
    ),
    Rule(
        "qa.punct-space",
        "warning",
        "space before punctuation; French wants one before ; : ! ? (suggested, not applied; "
        "not asked where the file writes them glued)",
        '"word ,"; "fin:"',
        check=_unless_copied(punct_space, _same_punctuation),
        fix=_punct_fix,
    ),
    Rule(
        "qa.whitespace",
        "warning",
        "double spaces (not after a sentence); leading/trailing whitespace and newlines differ "
        "from the source (error), unless as the source's column layout",
        '"two  spaces"',
        check=_unless_copied(whitespace, _same_spacing),
        fix=suggested,
    ),
):
    register(_rule)
