"""What the QA rule families share: the QAContext a rule function reads (language, source,
the protected spans it must look past), the language facts several families use, and the
helpers that register a ``(text, QAContext)`` function as a rule's check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from review_tool.core.checks.registry import TextContext
from review_tool.core.glossary import base_lang
from review_tool.core.models import Finding

# Languages written without spaces between words.
NO_SPACE_LANGS = frozenset({"zh", "ja", "th", "lo", "km", "my"})
# Languages that write 1 234,5 (decimal comma).
DECIMAL_COMMA_LANGS = frozenset(
    "fr de ru uk be bg cs sk pl sl hr sr bs es it pt ro nl da sv no nb nn fi et lv lt "
    "el tr hu id vi kk ky uz tg az ka hy mn".split()
)
FRENCH_SPACING_LANGS = frozenset({"fr"})


@dataclass(frozen=True, slots=True)
class QAContext:
    """What a rule may know beyond the text: the source, when the input is bilingual."""

    lang: str
    source: str | None = None
    source_lang: str | None = None
    code_spans: tuple[tuple[int, int], ...] = ()  # protected spans (URLs, placeholders, …)

    @property
    def translates(self) -> bool:
        """A source in another language: its layout and code are a reference. (A document
        reviewed in its own language has itself as source: that proves nothing.)"""
        return (
            self.source is not None
            and self.source_lang is not None
            and base_lang(self.source_lang) != base_lang(self.lang)
        )

    def in_code(self, start: int, end: int) -> bool:
        spans = self.code_spans
        return bool(spans) and any(start < u_end and u_start < end for u_start, u_end in spans)


def finding(
    rule: str, severity: str, start: int, end: int, text: str, message: str, sugg: str | None
) -> Finding:
    return Finding(rule, severity, start, end, text[start:end], message, sugg)  # type: ignore[arg-type]


def _make_qa_context(ctx: TextContext) -> QAContext:
    spans = ctx.spans
    if not spans and ctx.source is None:
        return plain_context(ctx.lang, ctx.source_lang)
    # Every protected span, not only URLs: the rules look past code.
    return QAContext(ctx.lang, ctx.source, ctx.source_lang, tuple((s.start, s.end) for s in spans))


def qa_context(ctx: TextContext) -> QAContext:
    """The QAContext of a text (its protected spans found once for every rule)."""
    return ctx.memo("qa", _make_qa_context)  # type: ignore[no-any-return]


def source_urls(ctx: TextContext) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.text) for s in ctx.source_spans if s.kind == "url"]


def source_code(ctx: TextContext) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.text) for s in ctx.source_spans]


def on_text(
    rule: Callable[[str, QAContext], list[Finding]],
) -> Callable[[TextContext], list[Finding]]:
    return lambda ctx: rule(ctx.text, qa_context(ctx))


@lru_cache(maxsize=256)
def plain_context(lang: str, source_lang: str | None) -> QAContext:
    """The context of a text without a source or URLs (the same for all: it is immutable)."""
    return QAContext(lang=lang, source=None, source_lang=source_lang)


_QUOTE_MARKS = "«»„“”‘’'\"‹›「」`"


def quoted_alone(text: str, i: int) -> bool:
    """The mark at ``i`` stands alone between quote marks («\u00a0{\u00a0», "(", « . »): it
    is named, not used, so neither its balance nor the space around it is a finding."""
    before = text[max(0, i - 8) : i].rstrip(" \u00a0\u202f")
    after = text[i + 1 : i + 9].lstrip(" \u00a0\u202f")
    return before[-1:] in _QUOTE_MARKS and after[:1] in _QUOTE_MARKS and bool(before and after)
