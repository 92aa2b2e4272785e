"""The gettext format-directive grammar: which directives a string holds for a format flag
(``c-format``, ``python-format``, ``python-brace-format``, ``sh-format``), and whether a
translation's directives are compatible with its msgid's as ``msgfmt --check-format`` says.

Why our own parser: the store must refuse an approval that ``msgfmt --check`` would refuse
(and say why in one line), and the QA rule ``qa.placeholders`` needs the same directives with
their offsets; polib and translate-toolkit have no such grammar. The rules follow GNU
gettext's ``format-*.c`` and are verified against ``msgfmt`` itself by a differential test
(tests/core/test_format_directives.py) for every flag in ``CHECKED_FLAGS``.

msgfmt's verdicts, in short: the msgid (for a plural entry, the msgid_plural) is parsed; if it
is not a valid format string nothing is checked. Each msgstr must be a valid format string and
take the same arguments with the same types ("strict"), or, for a plural form that the
Plural-Forms formula uses for at most a few numbers (the form for n == 1 in English), at most
those of the msgid ("relaxed": the form may leave the number out).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# ------------------------------------------------------------------ directives


@dataclass(frozen=True, slots=True)
class Directive:
    """One directive: text[start:end]; ``key`` the argument it reads (an int for a
    positional or numbered one, counted from 1; a str for a named one; None for ``%%``)."""

    start: int
    end: int
    text: str
    key: int | str | None
    kind: str  # the argument type, comparable between msgid and msgstr


@dataclass(frozen=True, slots=True)
class FormatSpec:
    """What a valid format string takes: its directives and its arguments (key -> type)."""

    directives: tuple[Directive, ...]
    args: tuple[tuple[int | str, str], ...]  # sorted by key
    named: bool  # python-format: takes a mapping, not a tuple


class FormatError(ValueError):
    """Not a valid format string of the language; str() says why."""


# ------------------------------------------------------------------ c-format

_C_SIZE = {
    "hh": "char",
    "h": "short",
    "l": "long",
    "ll": "longlong",
    "L": "longlong",
    "q": "longlong",
    "j": "intmax",
    "z": "size",
    "Z": "size",
    "t": "ptrdiff",
}
_C_PRI = re.compile(r"PRI([diouxX])(MAX|PTR|(?:LEAST|FAST)?(?:8|16|32|64))>")


def _digits(s: str, i: int) -> int:
    while i < len(s) and "0" <= s[i] <= "9":
        i += 1
    return i


def _position(s: str, i: int, n_dir: int) -> tuple[int, int]:
    """An ``N$`` argument number at ``s[i]`` (for the directive or its ``*`` width or
    precision): (N, the index after ``$``), or (0, i) when there is none."""
    j = _digits(s, i)
    if j > i and j < len(s) and s[j] == "$":
        number = int(s[i:j])
        if number == 0:
            raise FormatError(f"directive {n_dir} refers to argument number 0")
        return number, j + 1
    return 0, i


def parse_c(s: str, translated: bool = True) -> FormatSpec:
    """C printf directives (POSIX, with glibc's ``%m``, ``%I`` in translations and the
    ``%<PRId64>`` macros of ISO C 99)."""
    directives: list[Directive] = []
    numbered: list[tuple[int, str]] = []
    unnumbered: list[str] = []
    n_dir = 0
    i = 0
    n = len(s)

    def add(number: int, kind: str) -> None:
        if number:
            if unnumbered:
                raise FormatError("numbered and unnumbered arguments are mixed")
            numbered.append((number, kind))
        else:
            if numbered:
                raise FormatError("numbered and unnumbered arguments are mixed")
            unnumbered.append(kind)

    while True:
        i = s.find("%", i)
        if i == -1:
            break
        start = i
        i += 1
        n_dir += 1
        number, i = _position(s, i, n_dir)
        while i < n and (s[i] in " +-#0'" or (translated and s[i] == "I")):
            i += 1
        for _ in (0, 1):  # width, then precision
            if i < n and s[i] == "*":
                arg, i = _position(s, i + 1, n_dir)
                add(arg, "int")
            else:
                i = _digits(s, i)
            if _ == 0:
                if i < n and s[i] == ".":
                    i += 1
                else:
                    break
        if i < n and s[i] == "<":
            m = _C_PRI.match(s, i + 1)
            if m is None:
                raise FormatError(f"directive {n_dir} has an unknown <PRI...> macro")
            conv = m.group(1)
            kind = ("uint" if conv in "ouxX" else "int") + "_" + m.group(2)
            i = m.end()
        else:
            size = ""
            while i < n and s[i] in "hlLqjzZt":
                c = s[i]
                if c == "h":
                    size = "char" if size in ("short", "char") else "short"
                elif c == "l":
                    size = "longlong" if size in ("long", "longlong") else "long"
                else:
                    size = _C_SIZE[c]
                i += 1
            if i >= n:
                raise FormatError(f"directive {n_dir} is not terminated")
            c = s[i]
            i += 1
            wide = size in ("long", "longlong")
            if c in "%m":
                kind = ""
            elif c == "c":
                kind = "wchar" if wide else "char"
            elif c == "C":
                kind = "wchar"
            elif c == "s":
                kind = "wstring" if wide else "string"
            elif c == "S":
                kind = "wstring"
            elif c in "di":
                kind = "int" + (f"_{size}" if size else "")
            elif c in "ouxX":
                kind = "uint" + (f"_{size}" if size else "")
            elif c in "eEfFgGaA":
                kind = "double" + ("_long" if size == "longlong" else "")
            elif c == "p":
                kind = "pointer"
            elif c == "n":
                kind = "count" + (f"_{size}" if size else "")
            else:
                raise FormatError(f"directive {n_dir} has the unknown conversion '{c}'")
        key: int | None = None
        if kind:
            add(number, kind)
            key = number or len(unnumbered)
        directives.append(Directive(start, i, s[start:i], key, kind or "%"))
    if numbered:
        by_number: dict[int, str] = {}
        for number, kind in numbered:
            if by_number.setdefault(number, kind) != kind:
                raise FormatError(f"argument {number} is used with incompatible types")
        for expected, number in enumerate(sorted(by_number), 1):
            if number != expected:
                raise FormatError(
                    f"the string refers to argument {number} but ignores argument {expected}"
                )
        args = tuple(sorted(by_number.items()))
    else:
        args = tuple(enumerate(unnumbered, 1))
    return FormatSpec(tuple(directives), args, False)


def _check_positional(
    src: FormatSpec, tgt: FormatSpec, strict: bool, compatible: Callable[[str, str], bool]
) -> list[str]:
    if (len(src.args) != len(tgt.args)) if strict else (len(tgt.args) > len(src.args)):
        return [f"{len(tgt.args)} format arguments where the source has {len(src.args)}"]
    out = []
    for (key, want), (_, got) in zip(src.args, tgt.args, strict=False):
        if not compatible(want, got):
            out.append(f"format argument {key} is not the same ({got} where the source has {want})")
    return out


def check_c(src: FormatSpec, tgt: FormatSpec, strict: bool) -> list[str]:
    return _check_positional(src, tgt, strict, str.__eq__)


# ------------------------------------------------------------------ python-format


def parse_python(s: str, translated: bool = True) -> FormatSpec:
    """Python %-formatting: ``%s``, ``%(name)s``; names and a tuple are exclusive."""
    directives: list[Directive] = []
    named: dict[str, str] = {}
    unnamed: list[str] = []
    n = len(s)
    i = 0
    n_dir = 0
    while True:
        i = s.find("%", i)
        if i == -1:
            break
        start = i
        i += 1
        n_dir += 1
        name: str | None = None
        if i < n and s[i] == "(":
            depth = 0
            j = i + 1
            while j < n:
                if s[j] == "(":
                    depth += 1
                elif s[j] == ")":
                    if depth == 0:
                        break
                    depth -= 1
                j += 1
            if j >= n:
                raise FormatError(f"directive {n_dir} is not terminated")
            name = s[i + 1 : j]
            i = j + 1
        while i < n and s[i] in "-+ #0":
            i += 1
        zero_precision = False
        for part in (0, 1):
            if i < n and s[i] == "*":
                i += 1
                if named:
                    raise FormatError("named and unnamed arguments are mixed")
                unnamed.append("int")
            elif part == 1 and i < n and s[i].isdigit() and s[i] < "\x80":
                j = _digits(s, i)
                zero_precision = set(s[i:j]) == {"0"}
                i = j
            else:
                i = _digits(s, i)
            if part == 0:
                if i < n and s[i] == ".":
                    i += 1
                else:
                    break
        if i < n and s[i] in "hlL":
            i += 1
        if i >= n:
            raise FormatError(f"directive {n_dir} is not terminated")
        c = s[i]
        i += 1
        if c == "%":
            kind = ""
        elif c == "c":
            kind = "char"
        elif c in "sr":
            kind = "any" if zero_precision else "string"
        elif c in "iduoxX":
            kind = "int"
        elif c in "eEfgG":
            kind = "float"
        else:
            raise FormatError(f"directive {n_dir} has the unknown conversion '{c}'")
        key: int | str | None = None
        if name is not None:
            if unnamed:
                raise FormatError("named and unnamed arguments are mixed")
            old = named.get(name)
            if old is not None and old != kind and "any" not in (old, kind):
                raise FormatError(f"argument '{name}' is used with incompatible types")
            named[name] = kind if old in (None, "any") else old
            key = name
        elif kind:
            if named:
                raise FormatError("named and unnamed arguments are mixed")
            unnamed.append(kind)
            key = len(unnamed)
        directives.append(Directive(start, i, s[start:i], key, kind or "%"))
    if named:
        return FormatSpec(tuple(directives), tuple(sorted(named.items())), True)
    return FormatSpec(tuple(directives), tuple(enumerate(unnamed, 1)), False)


def check_python(src: FormatSpec, tgt: FormatSpec, strict: bool) -> list[str]:
    def compatible(want: str, got: str) -> bool:
        return want == got or (not strict and "any" in (want, got))

    if src.named and tgt.args and not tgt.named:
        return ["the source's format takes named arguments, the translation's a tuple"]
    if tgt.named and src.args and not src.named:
        return ["the source's format takes a tuple, the translation's named arguments"]
    if src.named or tgt.named:
        want = dict(src.args)
        got = dict(tgt.args)
        extra = sorted(set(got) - set(want))
        if extra:
            return [f"format argument '{extra[0]}' is not in the source"]
        missing = sorted(set(want) - set(got))
        if strict and missing:
            return [f"format argument '{missing[0]}' of the source is missing"]
        return [
            f"format argument '{k}' is not the same ({got[k]} where the source has {want[k]})"
            for k in sorted(got)
            if not compatible(want[k], got[k])
        ][:1]
    if len(src.args) != len(tgt.args):
        return [f"{len(tgt.args)} format arguments where the source has {len(src.args)}"]
    return _check_positional(src, tgt, True, compatible)


# ------------------------------------------------------------------ python-brace-format

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9]+")
_FIELD_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def parse_brace(s: str, translated: bool = True) -> FormatSpec:
    """str.format fields: ``{name}``, ``{0}``, ``{name.attr[key]:>10}``, ``{0:{1}}``; ``{{``.

    As GNU gettext 0.21 reads them (Debian's msgfmt): a field needs a name (``{}`` is not
    valid), the argument is the whole text between the braces (``{0:>10}`` and ``{0}`` are two
    arguments to msgfmt), and a field nested in a format spec is not an argument of its own.
    """
    directives: list[Directive] = []
    names: set[str] = set()
    n = len(s)

    def field(i: int, top: bool, number: int) -> int:
        """Parse a field whose "{" is at s[i]; the index after its "}"."""
        start = i
        i += 1
        if not top and i < n and s[i] == "{":
            return i + 1  # "{{" inside a spec: an escaped brace, nothing more is read
        m = _IDENT.match(s, i)
        if m is None:
            raise FormatError(f"directive {number} has no field name")
        i = m.end()
        while i < n and s[i] in ".[":
            if s[i] == ".":
                m = _FIELD_IDENT.match(s, i + 1)
                if m is None:
                    raise FormatError(f"directive {number} has a bad attribute")
                i = m.end()
            else:
                m = _IDENT.match(s, i + 1)
                if m is None or m.end() >= n or s[m.end()] != "]":
                    raise FormatError(f"directive {number} has a bad index")
                i = m.end() + 1
        if i < n and s[i] == ":":
            if not top:
                raise FormatError(f"directive {number} nests too deep")
            i += 1
            if i < n and s[i] == "{":
                i = field(i, False, number)
            elif i < n:
                if i + 1 < n and s[i + 1] in "<>=^":
                    i += 2
                elif s[i] in "<>=^":
                    i += 1
                if i < n and s[i] in "+- ":
                    i += 1
                if i < n and s[i] == "#":
                    i += 1
                if i < n and s[i] == "0":
                    i += 1
                i = _digits(s, i)
                if i < n and s[i] == ".":
                    i = _digits(s, i + 1)
                if i < n and s[i] in "bcdoxXneEfFgG%":
                    i += 1
        if i >= n or s[i] != "}":
            raise FormatError(f"directive {number} is not terminated")
        i += 1
        if top:
            name = s[start + 1 : i - 1]
            names.add(name)
            directives.append(Directive(start, i, s[start:i], name, "field"))
        return i

    i = 0
    while i < n:
        if s[i] == "{":
            if i + 1 < n and s[i + 1] == "{":
                i += 2
                continue
            i = field(i, True, len(directives) + 1)
        else:
            i += 1
    return FormatSpec(tuple(directives), tuple((name, "field") for name in sorted(names)), True)


def check_brace(src: FormatSpec, tgt: FormatSpec, strict: bool) -> list[str]:
    """The same fields, in any order, when strict; a plural form msgfmt 0.21 checks relaxed
    passes whatever its fields (the differential test shows it)."""
    return check_sets(src, tgt, strict) if strict else []


def check_sets(src: FormatSpec, tgt: FormatSpec, strict: bool) -> list[str]:
    """The same arguments, in any order, when strict; relaxed, no argument the source lacks."""
    want = {k for k, _ in src.args}
    got = {k for k, _ in tgt.args}
    extra = sorted(map(str, got - want))
    if extra:
        return [f"format argument '{extra[0]}' is not in the source"]
    missing = sorted(map(str, want - got))
    if strict and missing:
        return [f"format argument '{missing[0]}' of the source is missing"]
    return []


# ------------------------------------------------------------------ sh-format

_SH_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def parse_sh(s: str, translated: bool = True) -> FormatSpec:
    """Shell variables as envsubst replaces them: ``$NAME`` and ``${NAME}``. Positional and
    special parameters (``$1``, ``$$``), non-ASCII names and ``${NAME:-default}`` are not
    valid in a sh-format string (gettext refuses them)."""
    directives: list[Directive] = []
    names: set[str] = set()
    n = len(s)
    i = s.find("$")
    while i != -1:
        start = i
        i += 1
        if i >= n:
            raise FormatError("the string ends in the middle of a directive")
        braced = s[i] == "{"
        if braced:
            i += 1
            if i >= n:
                raise FormatError("the string ends in the middle of a directive")
            if s[i] == "}":
                raise FormatError("a shell variable with an empty name")
        m = _SH_NAME.match(s, i)
        if m is None:
            if s[i] >= "\x80":
                raise FormatError("a shell variable with a non-ASCII name")
            raise FormatError("a shell variable whose value may differ inside functions")
        i = m.end()
        if braced:
            if i >= n:
                raise FormatError("the string ends in the middle of a directive")
            if s[i] != "}":
                raise FormatError("a shell variable with complex brace syntax")
            i += 1
        names.add(m.group(0))
        directives.append(Directive(start, i, s[start:i], m.group(0), "variable"))
        i = s.find("$", i)
    return FormatSpec(tuple(directives), tuple((name, "variable") for name in sorted(names)), True)


# ------------------------------------------------------------------ registry


@dataclass(frozen=True, slots=True)
class FormatLanguage:
    flag: str
    parse: Callable[[str, bool], FormatSpec]
    check: Callable[[FormatSpec, FormatSpec, bool], list[str]]


LANGUAGES: dict[str, FormatLanguage] = {
    lang.flag: lang
    for lang in (
        FormatLanguage("c-format", parse_c, check_c),
        FormatLanguage("python-format", parse_python, check_python),
        FormatLanguage("python-brace-format", parse_brace, check_brace),
        FormatLanguage("sh-format", parse_sh, check_sets),
    )
}
# The flags whose verdicts the differential test has shown equal to msgfmt --check-format.
CHECKED_FLAGS = frozenset(LANGUAGES)


def directives(text: str, flag: str) -> tuple[Directive, ...]:
    """The directives of ``text`` as a ``flag`` format string; () when it is not valid."""
    try:
        return LANGUAGES[flag].parse(text, True).directives
    except FormatError:
        return ()


def _often(plural_forms: str | None, count: int) -> list[bool]:
    """For each plural form: does the Plural-Forms formula choose it for many n (at least 5
    of 0..1000, as msgfmt counts)? Those forms must take every argument of msgid_plural.
    Without the formula (``msgfmt --check-format`` without ``--check-header``) none must."""
    if plural_forms:
        from review_tool.core.plural_expr import plural_function

        choose = plural_function(plural_forms)
        if choose is not None:
            hits = [0] * count
            for number in range(1001):
                form = choose(number)
                if 0 <= form < count:
                    hits[form] += 1
            return [h >= 5 for h in hits]
        return [False, True] + [False] * max(0, count - 2)  # (n != 1), msgfmt's default
    return [False] * count


def approval_errors(
    msgid: str,
    msgid_plural: str | None,
    msgstrs: Sequence[str],
    flags: frozenset[str],
    *,
    plural_forms: str | None = None,
) -> list[str]:
    """One line per format problem ``msgfmt --check-format`` reports for this entry, for the
    flags of ``CHECKED_FLAGS`` among ``flags`` (``no-c-format`` and the like turn a check
    off; flags we do not know are not checked). ``plural_forms``: the header's value, which
    makes the verdicts those of ``msgfmt --check`` (it reads the formula); None, those of
    ``--check-format`` alone."""
    out: list[str] = []
    reference = msgid_plural if msgid_plural is not None else msgid
    several = msgid_plural is not None and len(msgstrs) > 1
    often = _often(plural_forms, len(msgstrs)) if several else []
    for flag in sorted(flags & CHECKED_FLAGS):
        lang = LANGUAGES[flag]
        try:
            src = lang.parse(reference, False)
        except FormatError:
            continue  # msgfmt checks nothing against an invalid msgid
        for n, text in enumerate(msgstrs):
            where = f"msgstr[{n}]" if msgid_plural is not None else "msgstr"
            try:
                tgt = lang.parse(text, True)
            except FormatError as exc:
                out.append(f"{where} is not a valid {flag} string: {exc}")
                continue
            strict = not several or often[n]
            out.extend(f"{where}: {problem} ({flag})" for problem in lang.check(src, tgt, strict))
    return out
