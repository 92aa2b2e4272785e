"""Defects planted into real, human-reviewed catalog entries (seeded).

Each planter takes the entry's msgid and msgstr and a seeded ``random.Random`` and returns the
damaged msgstr, or None when the defect does not apply to this entry (no placeholder to drop,
no hyphenated word to break, ...). Planters only touch the translation and keep everything else
as it was, so any finding on a planted entry that was not there before is about the defect.
Written from the kinds of defects issue 14 names, not from any rule's code.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

Planter = Callable[[str, str, random.Random], str | None]

PRINTF = re.compile(
    r"%(?:\d+\$)?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|Z|t)?"
    r"[diouxXeEfFgGaAcspn]"
)
URL = re.compile(r"(?:https?|ftp)://[^\s\"'<>()]+[^\s\"'<>().,;:!?]")
WORD = re.compile(r"[^\W\d_]{3,}")
SPACED_WORDS = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)+")
HYPHENATED = re.compile(r"(?<![\w-])([^\W\d_]{2,})-([^\W\d_]{2,})(?![\w-])")
YEAR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-–]((?:19|20)\d\d)(?!\d)")
YEAR = re.compile(r"(?<![\d%$.\-])((?:19|20)\d\d)(?![\d.])")
NUMBER = re.compile(r"(?<![\w%$.\-:/])(\d+)(?![\w.:/%$])")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]{2,}")
CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _placeholders(text: str) -> list[re.Match[str]]:
    return [m for m in PRINTF.finditer(text) if not _escaped(text, m.start())]


def _escaped(text: str, pos: int) -> bool:
    """A '%' preceded by an odd run of '%' is the literal '%%', not a directive."""
    run = 0
    while pos - run - 1 >= 0 and text[pos - run - 1] == "%":
        run += 1
    return run % 2 == 1


def printf_dropped(msgid: str, msgstr: str, rng: random.Random) -> str | None:
    if not _placeholders(msgid):
        return None
    found = _placeholders(msgstr)
    if not found:
        return None
    m = rng.choice(found)
    start, end = m.start(), m.end()
    if end < len(msgstr) and msgstr[end] == " " and (start == 0 or msgstr[start - 1] == " "):
        end += 1  # "file %s is" -> "file is", not "file  is"
    return msgstr[:start] + msgstr[end:]


def placeholders_swapped(msgid: str, msgstr: str, rng: random.Random) -> str | None:
    found = [m for m in _placeholders(msgstr) if "$" not in m.group()]
    pairs = [(a, b) for i, a in enumerate(found) for b in found[i + 1 :] if a.group() != b.group()]
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    return (
        msgstr[: a.start()]
        + b.group()
        + msgstr[a.end() : b.start()]
        + a.group()
        + msgstr[b.end() :]
    )


def _phrase(msgstr: str, rng: random.Random, max_words: int) -> tuple[int, int] | None:
    """A run of 1..max_words words of letters (a CJK run for texts without spaces)."""
    runs = [m for m in SPACED_WORDS.finditer(msgstr) if not CJK_CHAR.search(m.group())]
    if runs:
        run = rng.choice(runs)
        words = list(re.finditer(r"[^\W\d_]+", run.group()))
        size = rng.randint(1, min(max_words, len(words)))
        first = rng.randint(0, len(words) - size)
        return run.start() + words[first].start(), run.start() + words[first + size - 1].end()
    cjk = list(CJK.finditer(msgstr))
    if not cjk:
        return None
    run = rng.choice(cjk)
    size = rng.randint(2, min(4, len(run.group())))
    first = rng.randint(0, len(run.group()) - size)
    return run.start() + first, run.start() + first + size


def loop(msgid: str, msgstr: str, rng: random.Random) -> str | None:
    """'a b c' -> 'a b c a b c a b c a b c' (what MT produces when it stalls)."""
    span = _phrase(msgstr, rng, 4)
    if span is None:
        return None
    start, end = span
    phrase = msgstr[start:end]
    if len(phrase.split()) < 2 and not CJK.fullmatch(phrase):
        return None
    sep = "" if CJK.fullmatch(phrase) else " "
    return msgstr[:end] + (sep + phrase) * rng.randint(2, 4) + msgstr[end:]


def comma_loop(msgid: str, msgstr: str, rng: random.Random) -> str | None:
    """'a b' -> 'a b, a b, a b'."""
    span = _phrase(msgstr, rng, 3)
    if span is None:
        return None
    start, end = span
    phrase = msgstr[start:end]
    comma = "、" if CJK.fullmatch(phrase) else ", "
    return msgstr[:end] + (comma + phrase) * 2 + msgstr[end:]


def doubled_word(msgid: str, msgstr: str, rng: random.Random) -> str | None:
    words = [
        m
        for m in WORD.finditer(msgstr)
        if m.group() not in msgid and not CJK_CHAR.search(m.group())
    ]
    if not words:
        return None
    m = rng.choice(words)
    return msgstr[: m.end()] + " " + m.group() + msgstr[m.end() :]


def broken_hyphen(msgid: str, msgstr: str, rng: random.Random) -> str | None:
    found = [m for m in HYPHENATED.finditer(msgstr) if m.group() not in msgid]
    if not found:
        return None
    m = rng.choice(found)
    cut = m.start() + len(m.group(1))
    return msgstr[:cut] + " -" + msgstr[cut + 1 :]


def merged_range(msgid: str, msgstr: str, rng: random.Random) -> str | None:
    """'2019-2024' -> '20192024'; a lone year Y -> 'Y-1'+'Y' run together."""
    ranges = list(YEAR_RANGE.finditer(msgstr))
    if ranges:
        m = rng.choice(ranges)
        return msgstr[: m.start()] + m.group(1) + m.group(2) + msgstr[m.end() :]
    years = [m for m in YEAR.finditer(msgstr) if m.group(1) in msgid]
    if not years:
        return None
    m = rng.choice(years)
    year = int(m.group(1))
    return msgstr[: m.start()] + f"{year - 1}{year}" + msgstr[m.end() :]


def double_space(msgid: str, msgstr: str, rng: random.Random) -> str | None:
    if "  " in msgid:
        return None
    gaps = [m.start() for m in re.finditer(r"(?<=\w) (?=\w)", msgstr)]
    if not gaps:
        return None
    at = rng.choice(gaps)
    return msgstr[:at] + "  " + msgstr[at + 1 :]


def bracket_unbalanced(msgid: str, msgstr: str, rng: random.Random) -> str | None:
    closers = [m.start() for m in re.finditer(r"[)\]]", msgstr)]
    if not closers or msgstr.count("(") != msgstr.count(")"):
        return None
    at = rng.choice(closers)
    return msgstr[:at] + msgstr[at + 1 :]


def number_wrong(msgid: str, msgstr: str, rng: random.Random) -> str | None:
    source_numbers = {m.group(1) for m in NUMBER.finditer(msgid)}
    found = [m for m in NUMBER.finditer(msgstr) if m.group(1) in source_numbers]
    if not found:
        return None
    m = rng.choice(found)
    value = int(m.group(1))
    wrong = str(value + rng.choice((1, 2, 10)) if value < 9 or rng.random() < 0.5 else value - 1)
    return msgstr[: m.start()] + wrong + msgstr[m.end() :]


def untranslated(msgid: str, msgstr: str, rng: random.Random) -> str | None:
    """The source left as it is (an entry a translator forgot)."""
    if msgid == msgstr or len(WORD.findall(msgid)) < 3:
        return None
    return msgid


def newline_dropped(msgid: str, msgstr: str, rng: random.Random) -> str | None:
    if not (msgid.endswith("\n") and msgstr.endswith("\n")):
        return None
    return msgstr.rstrip("\n")


def trailing_space(msgid: str, msgstr: str, rng: random.Random) -> str | None:
    if not msgstr or msgid[-1:].isspace() or msgstr[-1:].isspace():
        return None
    return msgstr + " "


def url_changed(msgid: str, msgstr: str, rng: random.Random) -> str | None:
    found = [m for m in URL.finditer(msgstr) if m.group() in msgid]
    if not found:
        return None
    m = rng.choice(found)
    url = m.group()
    host_start = url.index("//") + 2
    letters = [
        i
        for i in range(host_start, len(url) - 1)
        if url[i].isalpha() and url[i + 1].isalpha() and url[i] != url[i + 1]
    ]
    if not letters:
        return None
    i = rng.choice(letters)
    broken = url[:i] + url[i + 1] + url[i] + url[i + 2 :]  # two letters swapped
    return msgstr[: m.start()] + broken + msgstr[m.end() :]


# kind -> (planter, our rules that name it, pofilter tests that name it)
KINDS: dict[str, tuple[Planter, tuple[str, ...], tuple[str, ...]]] = {
    "printf-dropped": (printf_dropped, ("qa.placeholders",), ("printf",)),
    "placeholders-swapped": (placeholders_swapped, ("qa.placeholders",), ("printf",)),
    "loop": (loop, ("qa.repetition",), ("doublewords",)),
    "comma-loop": (comma_loop, ("qa.repetition",), ("doublewords",)),
    "doubled-word": (doubled_word, ("qa.repetition",), ("doublewords",)),
    "broken-hyphen": (broken_hyphen, ("qa.hyphen-space",), ()),
    "merged-range": (merged_range, ("qa.range", "qa.numbers"), ("numbers",)),
    "double-space": (double_space, ("qa.whitespace",), ("doublespacing",)),
    "bracket-unbalanced": (bracket_unbalanced, ("qa.brackets",), ("brackets",)),
    "number-wrong": (number_wrong, ("qa.numbers",), ("numbers",)),
    "untranslated": (untranslated, ("qa.untranslated",), ("unchanged", "untranslated")),
    "newline-dropped": (newline_dropped, ("qa.whitespace",), ("newlines", "endwhitespace")),
    "trailing-space": (trailing_space, ("qa.whitespace",), ("endwhitespace",)),
    "url-changed": (url_changed, ("qa.urls",), ("urls",)),
}

POFILTER_SUBSET = sorted({t for _, _, tests in KINDS.values() for t in tests} | {"startwhitespace"})
