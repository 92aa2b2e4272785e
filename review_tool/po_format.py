"""The PO serialiser: entries written as msgcat writes them (line breaking after UAX #14 as
libunistring does it, escapes, references and flags in msgcat's order), and the reuse of an
entry's unchanged string portions when it is written again (see ``_render``).  Its output is
what every PO file we write is made of; :mod:`review_tool.po_store` splices it into files and
re-exports :func:`format_entry` and :func:`format_string`.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, count
from operator import add

from review_tool.po_entry import PoEntry
from review_tool.po_parser import _STRING_RE, _unescape

PAGE_WIDTH = 79

_ESCAPES = {
    "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t",
    "\v": "\\v", "\\": "\\\\", '"': '\\"',
}  # fmt: skip

# Simplified UAX #14 line-break classes, enough to break where libunistring does for
# the scripts translators use (spaces, hyphens, slashes, CJK, punctuation, digits).
(SP, AL, NU, HY, BA, BB, B2, OP, CL, CP, QU, IS, EX, SY, PR, PO, ID, NS, GL, ZW, CM, WJ, IN) = (
    range(23)
)
_ASCII_CLASS = {
    " ": SP, "!": EX, '"': QU, "$": PR, "%": PO, "'": QU, "(": OP, ")": CP, "+": PR,
    ",": IS, "-": HY, ".": IS, "/": SY, ":": IS, ";": IS, "?": EX, "[": OP, "\\": PR,
    "]": CP, "{": OP, "|": BA, "}": CL,
}  # fmt: skip
_SPECIAL_CLASS = {
    0x00A0: GL, 0x00A1: OP, 0x00A2: PO, 0x00A3: PR, 0x00A4: PR, 0x00A5: PR, 0x00AB: QU,
    0x00AD: BA, 0x00B0: PO, 0x00B1: PR, 0x00B4: BB, 0x00BB: QU, 0x00BF: OP, 0x058A: BA,
    0x2007: GL, 0x200B: ZW, 0x200C: CM, 0x200D: CM, 0x2010: BA, 0x2011: GL, 0x2012: BA,
    0x2013: BA, 0x2014: B2, 0x2018: QU, 0x2019: QU, 0x201A: OP, 0x201B: QU, 0x201C: QU,
    0x201D: QU, 0x201E: OP, 0x201F: QU, 0x2024: IN, 0x2025: IN, 0x2026: IN, 0x2027: BA,
    0x202F: GL, 0x2030: PO, 0x2031: PO, 0x2032: PO, 0x2033: PO, 0x2039: QU, 0x203A: QU,
    0x203C: NS, 0x2044: IS, 0x2060: WJ, 0x20AC: PR, 0x2116: PR, 0x2212: PR, 0x3000: BA,
    0x3001: CL, 0x3002: CL, 0x3005: NS, 0x3008: OP, 0x3009: CL, 0x300A: OP, 0x300B: CL,
    0x300C: OP, 0x300D: CL, 0x300E: OP, 0x300F: CL, 0x3010: OP, 0x3011: CL, 0x3014: OP,
    0x3015: CL, 0x3016: OP, 0x3017: CL, 0x3018: OP, 0x3019: CL, 0x301A: OP, 0x301B: CL,
    0x301C: NS, 0x301D: OP, 0x301E: CL, 0x301F: CL, 0x303B: NS, 0x309B: NS, 0x309C: NS,
    0x309D: NS, 0x309E: NS, 0x30A0: NS, 0x30FB: NS, 0x30FC: NS, 0x30FD: NS, 0x30FE: NS,
    0xFEFF: WJ, 0xFF01: EX, 0xFF08: OP, 0xFF09: CL, 0xFF0C: CL, 0xFF0E: CL, 0xFF1A: NS,
    0xFF1B: NS, 0xFF1F: EX, 0xFF3B: OP, 0xFF3D: CL, 0xFF5B: OP, 0xFF5D: CL, 0xFF5F: OP,
    0xFF60: CL, 0xFF61: CL, 0xFF62: OP, 0xFF63: CL, 0xFF64: CL, 0xFF65: NS,
}  # fmt: skip
# Small kana (Japanese "CJ", treated as NS by the default strict rules).
for _cp in (
    0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085, 0x3087, 0x308E, 0x3095,
    0x3096, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30C3, 0x30E3, 0x30E5, 0x30E7, 0x30EE,
    0x30F5, 0x30F6, *range(0x31F0, 0x3200), *range(0xFF67, 0xFF71),
):  # fmt: skip
    _SPECIAL_CLASS[_cp] = NS
del _cp

_IDEOGRAPHIC_RANGES = (
    (0x1100, 0x115F), (0x2E80, 0x2FFF), (0x3003, 0x3003), (0x3040, 0x30FF),
    (0x3130, 0x318F), (0x31A0, 0x31FF), (0x3200, 0x4DBF), (0x4E00, 0x9FFF),
    (0xA000, 0xA4CF), (0xAC00, 0xD7A3), (0xF900, 0xFAFF), (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF), (0x1F000, 0x1FAFF), (0x20000, 0x3FFFD),
)  # fmt: skip

_CATEGORY_CLASS = {
    "Mn": CM, "Me": CM, "Mc": CM, "Cf": CM, "Nd": NU, "Ps": OP, "Pe": CL, "Pi": QU,
    "Pf": QU, "Pd": BA, "Zs": BA, "Sc": PR,
}  # fmt: skip


@lru_cache(maxsize=4096)
def _lb_class(ch: str) -> int:
    if ch < "\x80":
        if ch.isalpha() or ch in "#&*<=>@^_`~":
            return AL
        if ch.isdigit():
            return NU
        return _ASCII_CLASS.get(ch, AL)
    cp = ord(ch)
    special = _SPECIAL_CLASS.get(cp)
    if special is not None:
        return special
    for low, high in _IDEOGRAPHIC_RANGES:
        if low <= cp <= high:
            cat = unicodedata.category(ch)
            if cat in ("Ps", "Pe", "Nd", "Mn", "Sc"):
                break
            return ID
    return _CATEGORY_CLASS.get(unicodedata.category(ch), AL)


_DIRECT, _INDIRECT, _PROHIBITED = 0, 1, 2


def _pair_rule(a: int, b: int) -> int:
    """Break action between a (last non-space class) and b, as in the UAX #14 pair table."""
    if b in (CL, CP, EX, IS, SY, ZW, WJ) or a in (OP,):
        return _PROHIBITED
    if a == ZW:
        return _DIRECT
    if b == GL:
        return _DIRECT if a in (BA, HY) else _INDIRECT
    if a in (GL, WJ, BB, QU) or b == QU:
        return _PROHIBITED if (a == QU and b == OP) else _INDIRECT
    if a in (CL, CP) and b == NS:
        return _PROHIBITED
    if a == B2 and b == B2:
        return _PROHIBITED
    if b in (BA, HY, NS):
        return _INDIRECT
    if b == IN:
        return _INDIRECT
    letters = (AL,)
    if (a in letters and b == NU) or (a == NU and b in letters):
        return _INDIRECT
    if (a == PR and b == ID) or (a == ID and b == PO):
        return _INDIRECT
    if (a in (PR, PO) and b in letters) or (a in letters and b in (PR, PO)):
        return _INDIRECT
    if a in (CL, CP, NU) and b in (PO, PR):
        return _INDIRECT
    if a in (PO, PR) and b in (OP, NU):
        return _INDIRECT
    if b == NU and a in (HY, IS, NU, SY):
        return _INDIRECT
    if a in letters and b in letters:
        return _INDIRECT
    if (a in (AL, NU) and b == OP) or (a == CP and b in (AL, NU)):
        return _INDIRECT
    return _DIRECT


_PAIR_TABLE = [[_pair_rule(a, b) for b in range(23)] for a in range(23)]


@lru_cache(maxsize=4096)
def _char_width(ch: str) -> int:
    if ch < "\u0300":
        return 1
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _break_opportunities(chars: Sequence[str]) -> list[bool]:
    """``out[i]``: a line may break before ``chars[i]`` (no width limit applied)."""
    out = [False] * len(chars)
    last = -1
    space = False
    table = _PAIR_TABLE
    for i, ch in enumerate(chars):
        cls = _lb_class(ch)
        if cls == SP:
            space = True
            continue
        if cls == CM:
            if last >= 0 and not space:
                continue
            cls = AL
        if last >= 0:
            rule = table[last][cls]
            out[i] = rule == _DIRECT or (rule == _INDIRECT and space)
        last = cls
        space = False
    return out


# Format-string languages in the order gettext consults them; the first one flagged
# decides which directives must not be split across lines.
_FORMAT_ORDER = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript",
    "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal",
    "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace",
    "php", "gcc-internal", "gfc-internal", "ycp",
)  # fmt: skip
_C_CONVERSIONS = frozenset("diouxXeEfFgGaAcspnCS")
_PY_CONVERSIONS = frozenset("diouxXeEfFgGcrs")
_PRI_RE = re.compile(r"<PRI[diouxX](?:(?:LEAST|FAST)?(?:8|16|32|64)|MAX|PTR)>")


def _format_language(flags: Sequence[str]) -> str | None:
    if not any(flag.endswith("-format") for flag in flags):
        return None  # the common case, without building 60 flag names
    for language in _FORMAT_ORDER:
        if f"{language}-format" in flags or f"possible-{language}-format" in flags:
            return language
    return None


def _skip_width(s: str, i: int, python: bool) -> int:
    """Skip a width or precision: digits, or ``*`` (in C optionally ``*N$``)."""
    n = len(s)
    if i < n and s[i] == "*":
        i += 1
        if not python:
            j = _skip_digits(s, i)
            if j > i and j < n and s[j] == "$":
                i = j + 1
        return i
    return _skip_digits(s, i)


def _skip_digits(s: str, i: int) -> int:
    while i < len(s) and s[i].isdigit():
        i += 1
    return i


def _c_directives(s: str, python: bool) -> Iterator[tuple[int, int]]:
    """Spans (first, last) of the valid printf directives, stopping at an invalid one.

    Like gettext, mixing numbered (``%1$s``) or named (``%(x)s``) with plain directives
    makes the rest invalid.
    """
    i = 0
    n = len(s)
    kinds: set[bool] = set()  # seen numbered/named (True) or plain (False) directives
    while True:
        i = s.find("%", i)
        if i < 0:
            return
        start = i
        i += 1
        if i < n and s[i] == "%":
            yield start, i
            i += 1
            continue
        numbered = False
        if python:
            if i < n and s[i] == "(":
                numbered = True
                depth = 1
                i += 1
                while i < n and depth:
                    depth += {"(": 1, ")": -1}.get(s[i], 0)
                    i += 1
                if depth:
                    return
            while i < n and s[i] in " -+#0":
                i += 1
        else:
            j = _skip_digits(s, i)
            if j > i and j < n and s[j] == "$":
                i = j + 1
                numbered = True
            while i < n and s[i] in " -+#0'I":
                i += 1
        i = _skip_width(s, i, python)
        if i < n and s[i] == ".":
            i = _skip_width(s, i + 1, python)
        while i < n and s[i] in ("hlL" if python else "hlLqjzt"):
            i += 1
        conversions = _PY_CONVERSIONS if python else _C_CONVERSIONS
        if i < n and (s[i] in conversions or s[i] == "%"):
            if s[i] != "%":
                kinds.add(numbered)
                if len(kinds) > 1:
                    return
            yield start, i
            i += 1
            continue
        if not python and i < n and s[i] == "<":
            match = _PRI_RE.match(s, i)
            if match is not None:
                kinds.add(numbered)
                if len(kinds) > 1:
                    return
                yield start, match.end() - 1
                i = match.end()
                continue
        return  # gettext stops at the first invalid directive


def _directive_mask(value: str, flags: Sequence[str]) -> list[bool] | None:
    """True for characters inside a format directive (after its first character)."""
    language = _format_language(flags)
    if language not in ("c", "objc", "python") or "%" not in value:
        return None
    mask = [False] * len(value)
    for first, last in _c_directives(value, language == "python"):
        for k in range(first + 1, last + 1):
            mask[k] = True
    return mask


def _escape_portion(
    portion: str, mask: Sequence[bool] | None = None
) -> tuple[list[str], list[bool]]:
    """The escaped characters of a portion and where breaking is forbidden.

    Never inside an escape sequence, nor (``mask``) inside a format directive.
    """
    chars: list[str] = []
    forbid: list[bool] = []
    for k, ch in enumerate(portion):
        inside = mask is not None and mask[k]
        esc = _ESCAPES.get(ch)
        if esc is not None:
            chars += esc
            forbid += (inside, True)
        elif ch < " " or ch == "\x7f":
            chars += f"\\{ord(ch):03o}"
            forbid += (inside, True, True, True)
        else:
            chars.append(ch)
            forbid.append(inside)
    if portion.endswith("\n"):
        forbid[-2] = True  # never break right before the final "\n"
    return chars, forbid


def _width_breaks(
    chars: Sequence[str], forbid: Sequence[bool], possible: Sequence[bool], width: int, col: int
) -> list[bool]:
    """Greedy fill as libunistring's ulc_width_linebreaks: True where a line break goes."""
    result = [False] * len(chars)
    last_p = -1
    last_column = col
    piece = 0
    for i, ch in enumerate(chars):
        if possible[i] and not forbid[i]:
            if last_p >= 0 and last_column + piece > width:
                result[last_p] = True
                last_column = 0
            last_p = i
            last_column += piece
            piece = 0
        piece += _char_width(ch)
    if last_p >= 0 and last_column + piece > width:
        result[last_p] = True
    return result


def _split_portions(value: str) -> list[str]:
    """The value cut after every newline (msgcat starts a new line after each)."""
    if "\n" not in value or value.index("\n") == len(value) - 1:
        return [value]
    parts = value.split("\n")
    portions = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        portions.append(parts[-1])
    return portions


def _wrap_portion_reference(
    portion: str,
    name: str,
    prefix: str,
    first_line: bool,
    more: bool,
    wrap: bool,
    mask: Sequence[bool] | None,
) -> tuple[list[str], bool]:
    """Lines for one portion; returns (lines, still_first_line).

    The straightforward per-character version; :func:`_wrap_portion` is the fast one
    and must give the same lines (tests/core/test_po_wrap_speed.py compares them).
    """
    chars, forbid = _escape_portion(portion, mask)
    after_break = len(prefix) + 1
    width = (PAGE_WIDTH if wrap else 1 << 30) - 1 - after_break
    possible = _break_opportunities(chars)
    lines: list[str] = []

    def start(first: bool) -> int:
        return len(prefix) + (len(name) + 1 if first else 0) + 1 - after_break

    breaks = _width_breaks(chars, forbid, possible, width, start(first_line))
    if first_line and chars and (more or start(True) > width or any(breaks)):
        lines.append(f'{prefix}{name} ""')
        first_line = False
        breaks = _width_breaks(chars, forbid, possible, width, start(False))
    current = [prefix, f"{name} " if first_line else "", '"']
    for ch, brk in zip(chars, breaks, strict=True):
        if brk:
            current.append('"')
            lines.append("".join(current))
            current = [prefix, '"']
        current.append(ch)
    current.append('"')
    lines.append("".join(current))
    return lines, False


class _LazyTable(dict[int, str]):
    """A ``str.translate`` table filled on first use of each character."""

    def __init__(self, compute: Callable[[str], str]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, key: int) -> str:
        if len(self) > 65536:  # hostile input with every code point: stay bounded
            self.clear()
        value = self._compute(chr(key))
        self[key] = value
        return value


# A portion as one escaped string, via str.translate (same escapes as _escape_portion).
_ESCAPE_TABLE: dict[int, str] = {cp: f"\\{cp:03o}" for cp in (*range(0x20), 0x7F)}
_ESCAPE_TABLE.update({ord(ch): esc for ch, esc in _ESCAPES.items()})
_NEEDS_ESCAPE = re.compile('[\\x00-\\x1f"\\\\\\x7f]')
_ESCAPE_INNER_RE = re.compile(r"\\(?:[0-7]{3}|.)", re.S)  # escapes in an escaped string

# Each character as one letter naming its line-break class ("A" + class), so that the
# pair table can be applied by a regular expression over the letters.
_CLASS_TABLE = _LazyTable(lambda ch: chr(65 + _lb_class(ch)))
_WIDTH_TABLE = _LazyTable(lambda ch: str(_char_width(ch)))
_SP_LETTER = chr(65 + SP)
_CM_LETTER = chr(65 + CM)


_LETTERS = [chr(65 + c) for c in range(23) if c not in (SP, CM)]
# pairs (as two letters) with a break between them even without a space ...
_DIRECT_PAIRS = frozenset(
    a + b for a in _LETTERS for b in _LETTERS if _PAIR_TABLE[ord(a) - 65][ord(b) - 65] == _DIRECT
)
# ... and those without a break even with spaces between them
_NO_BREAK_PAIRS = frozenset(
    a + b
    for a in _LETTERS
    for b in _LETTERS
    if _PAIR_TABLE[ord(a) - 65][ord(b) - 65] == _PROHIBITED
)
_COMMON_LETTERS = "".join(chr(65 + c) for c in (SP, AL, NU))
# Spaces, letters and digits break only after spaces, and any two of them may: all the
# other cases have a "rare" class on one side.
assert not any(pair[0] in _COMMON_LETTERS and pair[1] in _COMMON_LETTERS for pair in _DIRECT_PAIRS)
assert not any(
    pair[0] in _COMMON_LETTERS and pair[1] in _COMMON_LETTERS for pair in _NO_BREAK_PAIRS
)
_RARE_RE = re.compile(f"[^{_COMMON_LETTERS}]")
# First characters of the special pairs with a common second one: looked at from the
# first character (which is rare), and then for every second character.
_COMMON_AFTER = frozenset(
    pair[0] for pair in _DIRECT_PAIRS | _NO_BREAK_PAIRS if pair[1] in _COMMON_LETTERS
)
# second characters of the other pairs that forbid a break after spaces
_NO_BREAK_AFTER_SPACES = frozenset(
    pair[1] for pair in _NO_BREAK_PAIRS if pair[0] not in _COMMON_AFTER
)


def _break_positions(classes: str) -> list[int]:
    """Where _break_opportunities is True, for class letters (no CM among them).

    First every word after the first (a break after spaces), then the exceptions, all
    next to a character of a rare class: no break after spaces between a pair that
    forbids it, and a break between two non-spaces that allow it without spaces.
    """
    sp = _SP_LETTER
    if classes[0] != sp and sp + sp not in classes:
        pieces = classes.split(sp)
        positions = list(map(add, accumulate(map(len, pieces[:-1])), count(1)))
        if not pieces[-1]:
            positions.pop()  # the text ends in a space
    else:
        positions = []
        pos = 0
        seen = False
        for piece in classes.split(sp):
            if piece:
                if seen:
                    positions.append(pos)
                seen = True
                pos += len(piece)
            pos += 1
    n = len(classes)
    drop: set[int] = set()
    extra: set[int] = set()
    for m in _RARE_RE.finditer(classes):
        i = m.start()
        ch = classes[i]
        if i > 0:
            before = classes[i - 1]
            if before != sp:
                if before + ch in _DIRECT_PAIRS:
                    extra.add(i)
            elif ch in _NO_BREAK_AFTER_SPACES:
                k = i - 2
                while k >= 0 and classes[k] == sp:
                    k -= 1
                if k >= 0 and classes[k] + ch in _NO_BREAK_PAIRS:
                    drop.add(i)
        # pairs with a rare second character are seen from there
        if ch in _COMMON_AFTER and i + 1 < n:
            after = classes[i + 1]
            if after != sp:
                if ch + after in _DIRECT_PAIRS:
                    extra.add(i + 1)
            else:
                k = i + 2
                while k < n and classes[k] == sp:
                    k += 1
                if k < n and ch + classes[k] in _NO_BREAK_PAIRS:
                    drop.add(k)
    if drop:
        positions = [p for p in positions if p not in drop]
    if extra:
        positions = sorted(extra.union(positions))
    return positions


def _fill(positions: list[int], n: int, cols: list[int] | None, width: int, col: int) -> list[int]:
    """_width_breaks over the break positions: the positions where a line break goes.

    ``cols[i]`` is the width of the first ``i`` characters (None: each is 1 wide).  The
    greedy fill, a line at a time: a line from ``s`` (at column ``c``) takes at least one
    more break position, then all those up to the last one before the first position
    (or the end) past column ``width``.
    """
    result: list[int] = []
    if cols is None:
        at = positions
        end = n
    else:
        at = [cols[p] for p in positions]
        end = cols[n]
    count = len(positions)
    lo = 0
    start = 0
    column = col
    while lo < count:
        limit = start + width - column
        if end <= limit:
            break
        j = max(lo, bisect.bisect_right(at, limit, lo) - 1)
        result.append(positions[j])
        start = at[j]
        column = 0
        lo = j + 1
    return result


def _wrap_portion(
    portion: str,
    name: str,
    prefix: str,
    first_line: bool,
    more: bool,
    wrap: bool,
    mask: Sequence[bool] | None,
) -> tuple[list[str], bool]:
    """Lines for one portion; returns (lines, still_first_line).

    Same result as :func:`_wrap_portion_reference`, but works on whole strings: escaping
    by ``str.translate``, break opportunities from the class letters by str methods and
    regexes, and the greedy fill by bisection over the break positions.  Only texts
    with combining marks (CM) and masked format directives next to escapes take the
    per-character way.
    """
    args = (portion, name, prefix, first_line, more, wrap, mask)
    text = portion.translate(_ESCAPE_TABLE) if _NEEDS_ESCAPE.search(portion) else portion
    n = len(text)
    cols: list[int] | None = None
    total = n
    if not text.isascii() and max(text) >= "\u0300":
        cols = [0, *accumulate(map(int, text.translate(_WIDTH_TABLE)))]
        total = cols[n]
    width = (PAGE_WIDTH if wrap else 1 << 30) - 2 - len(prefix)
    first_col = len(name) + 1
    positions: list[int] | None = None
    lines: list[str] = []
    if first_line and n:
        # msgcat starts with 'name ""' if the text does not end here, or if the fill
        # from the first column breaks somewhere: iff the text is too long for it and
        # has a break opportunity.
        if more or first_col > width:
            first_line = False
        elif first_col + total > width:
            positions = _wrap_positions(portion, text, mask)
            if positions is None:
                return _wrap_portion_reference(*args)
            first_line = not positions
        if not first_line:
            lines.append(f'{prefix}{name} ""')
    column = first_col if first_line else 0
    head = f'{prefix}{name} "' if first_line else f'{prefix}"'
    if column + total <= width:
        lines.append(f'{head}{text}"')
        return lines, False
    if positions is None:
        positions = _wrap_positions(portion, text, mask)
        if positions is None:
            return _wrap_portion_reference(*args)
    start = 0
    for b in _fill(positions, n, cols, width, column):
        lines.append(f'{head}{text[start:b]}"')
        head = f'{prefix}"'
        start = b
    lines.append(f'{head}{text[start:]}"')
    return lines, False


def _wrap_positions(portion: str, text: str, mask: Sequence[bool] | None) -> list[int] | None:
    """Where a line may break in ``text`` (the escaped portion), or None: use the reference."""
    classes = text.translate(_CLASS_TABLE)
    inside = mask is not None and any(mask)
    if _CM_LETTER in classes or (inside and len(text) != len(portion)):
        return None
    positions = _break_positions(classes)
    forbidden: set[int] = set()
    if "\\" in text:
        for m in _ESCAPE_INNER_RE.finditer(text):
            forbidden.update(range(m.start() + 1, m.end()))
        if portion.endswith("\n"):
            forbidden.add(len(text) - 2)  # never break right before the final "\n"
    if inside:
        assert mask is not None
        forbidden.update(k for k, flag in enumerate(mask) if flag)
    if forbidden and not forbidden.isdisjoint(positions):
        positions = [p for p in positions if p not in forbidden]
    return positions


def _portion_lines(
    name: str, value: str, prefix: str, wrap: bool, flags: Sequence[str] = ()
) -> list[list[str]]:
    """Wrapped lines grouped by portion; group 0 may be just the ``name ""`` line."""
    portions = _split_portions(value)
    mask = _directive_mask(value, flags) if flags else None
    groups: list[list[str]] = []
    first = True
    offset = 0
    for i, portion in enumerate(portions):
        portion_mask = mask[offset : offset + len(portion)] if mask is not None else None
        offset += len(portion)
        lines, still_first = _wrap_portion(
            portion, name, prefix, first, i < len(portions) - 1, wrap, portion_mask
        )
        if first and len(lines) > 0 and lines[0] == f'{prefix}{name} ""' and portion:
            groups.append([lines[0]])
            lines = lines[1:]
        groups.append(lines)
        first = still_first
    return groups


def format_string(
    name: str, value: str, *, prefix: str = "", flags: Sequence[str] = ()
) -> list[str]:
    """``name "value"`` as msgcat writes it: lines of at most 79 columns, no newlines.

    ``flags`` are the entry's flags: ``no-wrap`` and format flags (``c-format``...)
    change where lines break, as in gettext.
    """
    wrap = "no-wrap" not in flags
    return [line for group in _portion_lines(name, value, prefix, wrap, flags) for line in group]


def _format_references(refs: Sequence[str]) -> list[str]:
    lines: list[str] = []
    current = "#:"
    for ref in refs:
        if len(current) > 2 and len(current) + 1 + len(ref) > PAGE_WIDTH:
            lines.append(current)
            current = "#:"
        current += " " + ref
    lines.append(current)
    return lines


def _comment_lines(entry: PoEntry) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {
        "tc": [f"# {c}" if c else "#" for c in entry.translator_comments],
        "ec": [f"#. {c}" if c else "#." for c in entry.extracted_comments],
        "ref": _format_references(entry.references) if entry.references else [],
        "flag": [f"#, {', '.join(entry.flags)}"] if entry.flags else [],
        "prev": [],
    }
    prefix = "#~| " if entry.obsolete else "#| "
    flags = entry.flags
    if entry.previous_msgctxt is not None:
        out["prev"] += format_string("msgctxt", entry.previous_msgctxt, prefix=prefix, flags=flags)
    if entry.previous_msgid is not None:
        out["prev"] += format_string("msgid", entry.previous_msgid, prefix=prefix, flags=flags)
    if entry.previous_msgid_plural is not None:
        out["prev"] += format_string(
            "msgid_plural", entry.previous_msgid_plural, prefix=prefix, flags=flags
        )
    return out


_COMMENT_KINDS = ("tc", "ec", "ref", "flag", "prev")


def _comment_order(raw_blocks: dict[str, list[list[str]]]) -> list[str]:
    """Comment kinds in the order the entry had them; new kinds go where gettext puts them."""
    order = [kind for kind in raw_blocks if kind in _COMMENT_KINDS]
    if not order:
        return list(_COMMENT_KINDS)  # what the loop below makes of no comments
    for kind in _COMMENT_KINDS:
        if kind not in order:
            rank = _COMMENT_KINDS.index(kind)
            later = (i for i, k in enumerate(order) if _COMMENT_KINDS.index(k) > rank)
            order.insert(next(later, len(order)), kind)
    return order


def _keyword_values(entry: PoEntry, nplurals: int) -> list[tuple[str, str]]:
    values: list[tuple[str, str]] = []
    if entry.msgctxt is not None:
        values.append(("msgctxt", entry.msgctxt))
    values.append(("msgid", entry.msgid))
    if entry.msgid_plural is not None:
        values.append(("msgid_plural", entry.msgid_plural))
        forms = entry.msgstr_plural or ("",) * max(nplurals, 1)
        values += [(f"msgstr[{i}]", form) for i, form in enumerate(forms)]
    else:
        values.append(("msgstr", entry.msgstr))
    return values


@dataclass(slots=True)
class _Rendered:
    text: str  # with "\n" line ends, ending in "\n"
    msgid_offset: int  # line of the msgid keyword, counted from 0 within text
    msgstr_offset: int


def _render(
    entry: PoEntry, nplurals: int = 2, old: PoEntry | None = None, old_raw: str | None = None
) -> _Rendered:
    """Serialise ``entry``; parts equal to ``old`` reuse their lines from ``old_raw``."""
    reuse: dict[str, list[list[str]]] = {}
    if old is not None and old_raw is not None and old.obsolete == entry.obsolete:
        reuse = _raw_blocks(old_raw)
    else:
        old = None
    wrap = "no-wrap" not in entry.flags
    prefix = "#~ " if entry.obsolete else ""
    lines: list[str] = []
    fresh = _comment_lines(entry)
    same_comment = {
        "tc": old is not None and old.translator_comments == entry.translator_comments,
        "ec": old is not None and old.extracted_comments == entry.extracted_comments,
        "ref": old is not None and old.references == entry.references,
        "flag": old is not None and old.flags == entry.flags,
        "prev": old is not None
        and (old.previous_msgctxt, old.previous_msgid, old.previous_msgid_plural)
        == (entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural),
    }
    for kind in _comment_order(reuse):
        if same_comment[kind] and kind in reuse:
            lines += [line for group in reuse[kind] for line in group]
        else:
            lines += fresh[kind]
    old_values = dict(_keyword_values(old, nplurals)) if old is not None else {}
    msgid_offset = msgstr_offset = 0
    msgid_groups: list[list[str]] | None = None
    for name, value in _keyword_values(entry, nplurals):
        if name == "msgid":
            msgid_offset = len(lines)
        elif name in ("msgstr", "msgstr[0]"):
            msgstr_offset = len(lines)
        raw_groups = reuse.get(name)
        if raw_groups is not None and old_values.get(name) == value:
            lines += [line for group in raw_groups for line in group]
            continue
        if (
            name == "msgstr"
            and raw_groups is None
            and msgid_groups is not None
            and value == entry.msgid
            and len(msgid_groups) > 1
            and msgid_groups[0] == [f'{prefix}msgid ""']
        ):
            # The translation is the msgid (a same-language review starts so): once the
            # msgid starts with 'msgid ""', its lines do not depend on the keyword.
            groups = [[f'{prefix}msgstr ""'], *msgid_groups[1:]]
        else:
            groups = _portion_lines(name, value, prefix, wrap, entry.flags)
        if name == "msgid":
            msgid_groups = groups
        if raw_groups is not None and name in old_values:
            groups = _reuse_portions(groups, raw_groups, value, old_values[name])
        lines += [line for group in groups for line in group]
    lines.append("")
    return _Rendered("\n".join(lines), msgid_offset, msgstr_offset)


def _reuse_portions(
    groups: list[list[str]], raw_groups: list[list[str]], value: str, old_value: str
) -> list[list[str]]:
    """Keep the old lines of unchanged portions of a multi-line string (the header!)."""
    new_portions = _split_portions(value)
    old_portions = _split_portions(old_value)
    # Both must be in the 'name ""' + one group per portion form to line up.
    if len(groups) != len(new_portions) + 1 or len(raw_groups) != len(old_portions) + 1:
        return groups
    if len(raw_groups[0]) != 1 or not raw_groups[0][0].rstrip().endswith(' ""'):
        return groups
    available: dict[str, list[list[str]]] = {}
    for portion, raw in zip(old_portions, raw_groups[1:], strict=True):
        if _decode_lines(raw) != portion:
            return groups
        available.setdefault(portion, []).append(raw)
    out = [raw_groups[0]]
    for portion, fresh in zip(new_portions, groups[1:], strict=True):
        queue = available.get(portion)
        out.append(queue.pop(0) if queue else fresh)
    return out


def format_entry(entry: PoEntry, *, nplurals: int = 2) -> str:
    """The entry as msgcat would write it (lines end in ``\\n``, no blank line)."""
    return _render(entry, nplurals).text


def _raw_blocks(raw: str) -> dict[str, list[list[str]]]:
    """Group an entry's raw lines by part: comment kinds, keywords, portions of strings.

    Each keyword maps to a list of groups: the keyword line, then its continuation lines
    cut after every string ending in ``\\n``, so unchanged portions of a multi-line
    string can be kept (see _reuse_portions).
    """
    blocks: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    for line in raw.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            continue
        if line.startswith(("#|", "#~|")):
            blocks.setdefault("prev", []).append([line])
            current = None
            continue
        body = line[2:].lstrip() if line.startswith("#~") else line
        if body.startswith("#"):
            kind = {"#.": "ec", "#:": "ref", "#,": "flag"}.get(body[:2], "tc")
            blocks.setdefault(kind, []).append([line])
            current = None
            continue
        body = body.lstrip()
        if body.startswith("msg"):
            name = body.split(None, 1)[0].split('"', 1)[0]
            current = blocks.setdefault(name, [])
            current.append([line])
            rest = body[len(name) :].strip()
            if rest == '""' or _ends_portion(rest):
                current.append([])
            continue
        if current is not None:
            if not current:
                current.append([])
            current[-1].append(line)
            if _ends_portion(body):
                current.append([])
    for groups in blocks.values():
        while groups and not groups[-1]:
            groups.pop()
    return blocks


def _ends_portion(text: str) -> bool:
    """Whether a quoted-string line ends with an (unescaped) ``\\n`` escape."""
    text = text.rstrip()
    if not text.endswith('n"'):
        return False
    body = text[:-2]
    return (len(body) - len(body.rstrip("\\"))) % 2 == 1


def _decode_lines(lines: list[str]) -> str | None:
    """The value of continuation lines (``"..."`` or ``#~ "..."``), None if unreadable."""
    raw = b"".join(m.group(1) for line in lines for m in _STRING_RE.finditer(line.encode()))
    try:
        return _unescape(raw).decode("utf-8")
    except (UnicodeDecodeError, AssertionError):
        return None
