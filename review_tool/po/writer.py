"""The PO serialiser: entries written as msgcat writes them, and the reuse of an entry's
unchanged string portions when it is written again (see ``render_entry``).

Line breaking is driven the way msgcat drives libunistring: each portion of a string up to
and including a newline is wrapped on its own, greedily, at the UAX #14 break opportunities
of unicode-segmentation-rs (``line_break_units``: Rust's unicode-linebreak, the library
translate-toolkit's writer depends on) plus libunistring's one older rule that matters (a
break after , . : ; before a letter), never inside an escape or a ``c-format``/
``python-format`` directive; a string that does not fit after its keyword starts with
``name ""``.  The library's own ``gettext_wrap`` is not used: it is not UAX #14 and differs
from msgcat in 2 012 of the 434 140 lines of a 116 000-entry catalog.  tests/core/
test_po_wrap.py holds the output to msgcat's (the real catalogs in tests/data/, and msgcat
run live) and to translate-toolkit's round trip.  Its output is
what every PO file we write is made of; :mod:`review_tool.po.store` splices it into files.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from unicode_segmentation_rs import line_break_units

from review_tool.po import escapes as po_escapes
from review_tool.po.entry import PoEntry

PAGE_WIDTH = 79

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


def _split_portions(value: str) -> list[str]:
    """The value cut after every newline (msgcat starts a new line after each)."""
    if "\n" not in value or value.index("\n") == len(value) - 1:
        return [value]
    parts = value.split("\n")
    portions = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        portions.append(parts[-1])
    return portions


@lru_cache(maxsize=8192)
def _char_width(ch: str) -> int:
    """Columns of a character as libunistring's uc_width counts them (msgcat's widths):
    marks and format characters 0, East Asian wide and full-width 2.  (unicode-width, the
    library's own, gives 0 to some spacing marks: Malayalam U+0D3E.)"""
    if ch < "\u0300":
        return 1
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _width(text: str) -> int:
    return len(text) if text.isascii() else sum(map(_char_width, text))


def _units(text: str, portion: str, mask: Sequence[bool] | None) -> list[str]:
    """``text`` (the escaped ``portion``) cut at its line-break opportunities (UAX #14),
    except inside an escape, inside a format directive (``mask``), and before the ``\\n``
    that ends a portion: the places gettext's wrap() forbids."""
    units = line_break_units(text)
    if _AFTER_IS.search(text):
        units = [piece for unit in units for piece in _AFTER_IS.split(unit) if piece]
    if len(units) < 2 or ("\\" not in text and (mask is None or not any(mask))):
        return units
    forbidden: set[int] = set()
    for match in po_escapes.WRITTEN_ESCAPE_RE.finditer(text):
        forbidden.update(range(match.start() + 1, match.end()))
    if portion.endswith("\n"):
        forbidden.add(len(text) - 2)
    if mask is not None:
        at = 0
        for ch, inside in zip(portion, mask, strict=True):
            if inside:
                forbidden.add(at)
            at += po_escapes.escaped_length(ch)
    merged = [units[0]]
    at = len(units[0])
    for unit in units[1:]:
        if at in forbidden:
            merged[-1] += unit
        else:
            merged.append(unit)
        at += len(unit)
    return merged


# libunistring (msgcat) breaks after , . : ; before a letter or an opening or symbol
# character, as UAX #14 did before its rule LB29 ("e.|g.", "Acquire::|Pkg", not "3.14").
_AFTER_IS = re.compile(r"(?<=[,.:;\u2044])(?=[^\W\d_]|[<_~%(\[{$#&=@^+`*\\])")


def _fill(units: list[str], width: int) -> list[str]:
    """Greedy fill as libunistring's ulc_width_linebreaks: each unit goes on the current
    line if it fits (trailing spaces count), else it starts the next one."""
    lines: list[str] = []
    line = ""
    column = 0
    for unit in units:
        size = _width(unit)
        if line and column + size > width:
            lines.append(line)
            line, column = "", 0
        line += unit
        column += size
    lines.append(line)
    return lines


def _portion_lines(
    name: str, value: str, prefix: str, wrap: bool, flags: Sequence[str] = ()
) -> list[list[str]]:
    """Wrapped lines grouped by portion; group 0 may be just the ``name ""`` line."""
    portions = _split_portions(value)
    mask = _directive_mask(value, flags) if flags and wrap else None
    width = PAGE_WIDTH - 2 - len(prefix)
    first_width = width - len(name) - 1
    groups: list[list[str]] = []
    offset = 0
    for portion in portions:
        portion_mask = mask[offset : offset + len(portion)] if mask is not None else None
        offset += len(portion)
        text = po_escapes.escape(portion)
        if not groups:  # the first portion: on the keyword's line if it fits there
            if len(portions) == 1 and (
                not wrap
                or _width(text) <= first_width
                or len(_units(text, portion, portion_mask)) < 2
            ):
                return [[f'{prefix}{name} "{text}"']]
            groups.append([f'{prefix}{name} ""'])
        lines = _fill(_units(text, portion, portion_mask), width) if wrap else [text]
        groups.append([f'{prefix}"{line}"' for line in lines])
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
class RenderedEntry:
    text: str  # with "\n" line ends, ending in "\n"
    msgid_offset: int  # line of the msgid keyword, counted from 0 within text
    msgstr_offset: int


def render_entry(
    entry: PoEntry, nplurals: int = 2, old: PoEntry | None = None, old_raw: str | None = None
) -> RenderedEntry:
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
    return RenderedEntry("\n".join(lines), msgid_offset, msgstr_offset)


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
    return render_entry(entry, nplurals).text


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
    strings = (po_escapes.STRING_RE.finditer(line.encode()) for line in lines)
    raw = b"".join(m.group(1) for found in strings for m in found)
    try:
        return po_escapes.unescape(raw).decode("utf-8")
    except (UnicodeDecodeError, ValueError):
        return None
