"""Protected spans: the parts of a text that are code, not prose, found by one tokenizer that
every rule and the fixer share. URLs, e-mail addresses, file paths, placeholders (printf,
Python ``%(name)s``, brace ``{0}``/``{name}``, shell ``$VAR``/``${VAR}``, Qt ``%1``),
command-line options (``-f``, ``--long-opt=VALUE``), XML/HTML tags and entities, Markdown code
spans and link targets, and menu accelerators (``&File``; ``_File`` when the entry uses
``_``).

Why one tokenizer: a term, a misspelling, a doubled word or a number inside a URL or a
placeholder is not prose, and a fix there breaks the program or the link. Every rule asks
here, so they all agree on what is code; between a source and its translation these spans are
compared whole (a placeholder is kept or dropped, never half-translated).

With a gettext format flag (``c-format``, ``python-format``, …) the placeholders are exactly
the directives of format_directives' grammar; without one, the usual printf / Python / brace /
shell shapes are inferred, leaving out shapes that prose also has (``100% sure`` is not
``% s``: the space flag is not inferred).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from review_tool.core.format_directives import CHECKED_FLAGS, directives


@dataclass(frozen=True, slots=True)
class Span:
    """text[start:end] is code of this kind, not prose."""

    start: int
    end: int
    kind: str
    text: str


KINDS = (
    "url",
    "email",
    "path",
    "placeholder",
    "option",
    "tag",
    "entity",
    "code",
    "link",
    "accelerator",
)

# Each alternative is named for its kind; alternatives that can start at the same place are
# ordered so that the longer reading wins (a URL before a path, a tag before a placeholder).
_URL = (
    r"(?:\b(?i:https?|ftp|file|sftp|ssh|git)://|\b(?i:www)\.|\b(?i:mailto):)"
    r"[^\s<>\"'«»“”‘’]*[^\s<>\"'«»“”‘’.,;:!?)\]}]"
)
_EMAIL = r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?<![.-])"
_PATH = (
    r"(?<![\w/~.\\-])(?:~|\.{1,2})?/[\w.+@~-]+(?:/[\w.+@~-]*)*"  # /usr/bin, ~/.config, ./run
    r"|(?<![\w/])[\w.-]+(?:/[\w.-]+)+\.[A-Za-z0-9]{1,6}(?![\w/])"  # src/main.c
    r"|\b[A-Za-z]:\\[\w\\.-]*\w"  # C:\Windows
)
_PRINTF = (
    r"%(?:[1-9]\d*\$)?[-+#0']*(?:\d+|\*(?:[1-9]\d*\$)?)?(?:\.(?:\d+|\*(?:[1-9]\d*\$)?))?"
    r"(?:hh|h|ll|l|L|q|j|z|Z|t)?[diouxXeEfFgGaAcspnm]"
    r"|%<PRI[diouxX](?:MAX|PTR|(?:LEAST|FAST)?(?:8|16|32|64))>"
    r"|%\([A-Za-z_][\w.-]*\)[-+#0]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
    r"|%%"
    r"|%[1-9]\d?(?![\w%])"  # Qt, .NET-style %1
)
_BRACE = (
    r"\{\{|\}\}"
    r"|\{(?:\d+|[A-Za-z_]\w*)?(?:\.[A-Za-z_]\w*|\[\w+\])*(?:![rsa])?(?::[^{}\s]{0,20})?\}"
)
_SHELL = r"\$\{[A-Za-z_]\w*\}|\$[A-Za-z_][A-Za-z0-9_]*"
# Starts with its "-" (sre finds a pattern that starts with a literal fast), looks behind after.
# An option's value stops at quotes and brackets (»--method=X«, --bytes=[+]NUM, （--x=Y）).
_VALUE_END = "\\s,;:)\\]\\[«»“”„\"'‹›（）「」『』、，。；："
_OPTION = (
    r"-(?<![\w-]-)(?:-[A-Za-z0-9][\w-]*"
    rf"(?:=[^{_VALUE_END}]*[^{_VALUE_END}.])?|[A-Za-z](?![\w-]))"
)
_TAG = (
    r"</?[A-Za-z][\w:.-]*(?:\s+[\w:.-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>'\"]+))?)*\s*/?>"
    r"|<!--.*?-->"
)
_ENTITY = r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});"
# Not GNU's `quoted' style: a code span holds no apostrophe.
_CODE = r"``[^`\n']+``|`[^`\n']+`"
_LINK = r"\]\((?P<target>[^()\s]+)\)"
_AMP_KEY = r"(?<![\w&])&(?=[^\W\d_])"

_ENTITY_RE = re.compile(_ENTITY)
_AMPERSAND = re.compile(_AMP_KEY)
_UNDERSCORE = re.compile(r"(?<![\w_])_(?=[^\W\d_])")


# Each kind, in the order that decides between two spans that start at the same place.
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.DOTALL))
    for kind, pattern in (
        ("url", _URL),
        ("email", _EMAIL),
        ("tag", _TAG),
        ("entity", _ENTITY),
        ("code", _CODE),
        ("link", _LINK),
        ("path", _PATH),
        ("option", _OPTION),
        ("printf", _PRINTF),
        ("brace", _BRACE),
        ("shell", _SHELL),
    )
)


def _present(text: str) -> set[str]:
    """The kinds whose first character is in text (most prose has none: a dozen memchr)."""
    kinds = set()
    if "://" in text or (
        ("w." in text or "W." in text or ":" in text)
        and ("www." in text or "www." in text.lower() or "mailto:" in text.lower())
    ):
        kinds.add("url")
    if "@" in text:
        kinds.add("email")
    if "<" in text:
        kinds.add("tag")
    if "&" in text:
        kinds.add("entity")
    if "`" in text:
        kinds.add("code")
    if "](" in text:
        kinds.add("link")
    if "/" in text or ":\\" in text:
        kinds.add("path")
    if "-" in text:
        kinds.add("option")
    if "%" in text:
        kinds.add("printf")
    if "{" in text or "}" in text:
        kinds.add("brace")
    if "$" in text:
        kinds.add("shell")
    return kinds


def infer_accelerator(source: str | None) -> str | None:
    """``&`` or ``_`` when the source marks one menu key that way (``&File``, ``_Open``):
    exactly one marker before a letter at the start of a word, not an entity."""
    if not source:
        return None
    if "&" in source and len(_AMPERSAND.findall(source)) == 1:
        if _ENTITY_RE.search(source) is None:
            return "&"
    if "_" in source and len(_UNDERSCORE.findall(source)) == 1:
        return "_"
    return None


def protected_spans(
    text: str,
    flags: frozenset[str] = frozenset(),
    accelerator: str | None = None,
) -> tuple[Span, ...]:
    """The protected spans of ``text``, in order, not overlapping. ``flags``: the entry's
    gettext flags (``c-format`` makes its placeholders exactly the C directives;
    ``no-c-format``, or any ``no-*-format``, stops printf shapes from being inferred).
    ``accelerator``: ``&`` or ``_`` if the entry marks a menu key so (see infer_accelerator)."""
    if not text:
        return ()
    found = _candidates(text, flags, _KINDS)
    marker = {"&": _AMPERSAND, "_": _UNDERSCORE}.get(accelerator or "")
    for m in marker.finditer(text) if marker is not None else ():
        i = m.start()
        found.append(Span(i, i + 2, "accelerator", text[i : i + 2]))
    return _apart(found)


def _apart(found: list[Span]) -> tuple[Span, ...]:
    """Overlaps resolved: the span that starts first wins, then the longer one."""
    if len(found) < 2:
        return tuple(found)
    found.sort(key=lambda s: (s.start, -s.end))
    out: list[Span] = []
    end = -1
    for span in found:
        if span.start >= end:
            out.append(span)
            end = span.end
    return tuple(out)


def _candidates(
    text: str, flags: frozenset[str], kinds: tuple[tuple[str, re.Pattern[str]], ...]
) -> list[Span]:
    """Every span of these kinds, overlapping ones included."""
    found: list[Span] = []
    exact = flags & CHECKED_FLAGS if flags else flags
    for flag in sorted(exact):
        for d in directives(text, flag):
            found.append(Span(d.start, d.end, "placeholder", d.text))
    present = _present(text)
    if not present:
        return found
    if "printf" in present and (exact or any(f.startswith("no-") for f in flags)):
        present.discard("printf")
    urls = 0
    for kind, pattern in kinds:
        if kind not in present:
            continue
        if kind == "path" and urls and text.count("/") == _slashes_in(found):
            continue  # every "/" is in a URL
        for m in _url_matches(text, pattern) if kind == "url" else pattern.finditer(text):
            start, end = m.span("target") if kind == "link" else m.span()
            what = "placeholder" if kind in ("printf", "brace", "shell") else kind
            found.append(Span(start, end, what, text[start:end]))
            urls += kind == "url"
    return found


_PLACEHOLDER_KINDS = tuple(
    k for k in _KINDS if k[0] in ("url", "email", "printf", "brace", "shell")
)


_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _url_matches(text: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """pattern.finditer(text) for URLs. Speed: the pattern starts with \\b, which sre tries
    at every character (about 50 us a paragraph); here only where a URL may start: the
    letters before "://", "www." and "mailto:" in any case."""
    starts = set()
    i = text.find("://")
    while i != -1:
        j = i
        while j > 0 and text[j - 1] in _SCHEME_CHARS:
            j -= 1
        starts.add(j)
        i = text.find("://", i + 3)
    lowered = text.lower()
    for marker in ("www.", "mailto:"):
        i = lowered.find(marker)
        while i != -1:
            starts.add(i)
            i = lowered.find(marker, i + 1)
    end = 0
    for start in sorted(starts):
        if start >= end and (m := pattern.match(text, start)) is not None:
            yield m
            end = m.end()


def placeholders(text: str, flags: frozenset[str] = frozenset()) -> tuple[Span, ...]:
    """The placeholders of text, those inside code spans or quotes included (```%s```), not
    those inside a URL or an e-mail address (``%20``)."""
    if not text:
        return ()
    found = _candidates(text, flags, _PLACEHOLDER_KINDS)
    hosts = [s for s in found if s.kind != "placeholder"]
    return _apart(
        [
            s
            for s in found
            if s.kind == "placeholder" and not any(h.start <= s.start < h.end for h in hosts)
        ]
    )


def _slashes_in(spans: list[Span]) -> int:
    return sum(s.text.count("/") for s in spans)


def overlaps(spans: tuple[Span, ...], start: int, end: int) -> bool:
    """Whether text[start:end] shares a character with a protected span (an empty range:
    whether it lies strictly inside one)."""
    if start == end:
        return any(s.start < start < s.end for s in spans)
    return any(start < s.end and s.start < end for s in spans)


def mask(text: str, spans: tuple[Span, ...], fill: str = " ") -> str:
    """text with every protected span replaced by ``fill`` characters (offsets unchanged):
    what prose rules read."""
    if not spans:
        return text
    pieces = []
    pos = 0
    for s in spans:
        pieces.append(text[pos : s.start])
        pieces.append(fill * (s.end - s.start))
        pos = s.end
    pieces.append(text[pos:])
    return "".join(pieces)
