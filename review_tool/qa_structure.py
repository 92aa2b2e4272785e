"""Structure kept from the source: URLs (``qa.urls``), brackets and quotes (``qa.brackets``),
placeholders (``qa.placeholders``), and text left untranslated (``qa.untranslated``)."""

from __future__ import annotations

import re

from review_tool.glossary import base_lang
from review_tool.models import Finding
from review_tool.qa_context import QAContext, on_text, source_urls
from review_tool.qa_context import finding as _f
from review_tool.rules import Rule, TextContext, register

_OPENERS = {"(": ")", "[": "]", "{": "}", "«": "»", "“": "”"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_BRACKET_CHARS = "".join(_OPENERS) + "".join(_CLOSERS)
_BRACKET = re.compile("[" + re.escape(_BRACKET_CHARS) + "]")


def _urls(
    text: str, src_found: list[tuple[int, int, str]], tgt: list[tuple[int, int, str]]
) -> list[Finding]:
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


def brackets(text: str, ctx: QAContext) -> list[Finding]:
    # Speed: a few substring tests beat the regex's scan on the many texts without brackets.
    if text.isascii():
        if not (
            "(" in text or ")" in text or "[" in text or "]" in text or "{" in text or "}" in text
        ):
            return []
    elif not any(map(text.__contains__, _BRACKET_CHARS)):
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
            elif _is_list_marker(text, i) or ctx.in_code(i, i + 1):
                continue
            else:
                out.append(_f("qa.brackets", "warning", i, i + 1, text, f"unmatched '{ch}'", None))
    for ch, i in stack:
        if ctx.in_code(i, i + 1):
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


def _check_urls(ctx: TextContext) -> list[Finding]:
    found = [(s.start, s.end, s.text) for s in ctx.spans if s.kind == "url"]
    return _urls(ctx.text, source_urls(ctx), found)


register(
    Rule(
        "qa.urls",
        "error",
        "URLs differ from the source",
        "a link changed or dropped",
        check=_check_urls,
        needs_source=True,
        reads_code=True,
    )
)
register(
    Rule(
        "qa.brackets",
        "warning",
        "unbalanced brackets and quotes",
        '"(see note"',
        check=on_text(brackets),
    )
)
register(
    Rule(
        "qa.untranslated",
        "warning",
        "translation identical to the source in another language",
        '"Cancel" in a French catalog',
        check=on_text(untranslated),
        needs_source=True,
    )
)
