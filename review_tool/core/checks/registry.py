"""The rule registry: every rule's facts in one object, registered once by the module that
implements it — its id, default severity, scope, whether it needs a source, its one-line doc
and an example, its check and its fix (as Weblate's ``checks/`` and translate-toolkit's
``filters/checks.py`` keep them together).

Everything that lists or dispatches on rules reads this registry (the package,
``core/checks/__init__.py``, imports every family, so whoever imports this module sees every
rule; it imports none back): the checker runs the registered checks, the fixer applies the
registered fixes, ``review-tool rules`` prints them and a test keeps the README's rule table
equal to ``markdown_table()``. Adding a rule is one module (or one ``register`` call in its
family's module) plus, for a new family, one line in the package — no other list to edit.

A rule's ``check`` reads a ``TextContext``: the text, its language, the source and the
entry's gettext flags, and what several rules share, computed once per text on first use
(the glossary matches, the protected spans; ``memo``). A catalog-scope rule
(``scope="catalog"``) sees every text of one file or document at once (consistency); the
runner gives it the whole file even when the text rules run in several processes, so the
findings do not depend on ``--jobs``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from review_tool.core.models import Finding, Severity
from review_tool.core.protected_spans import Span, infer_accelerator, protected_spans

if TYPE_CHECKING:
    from review_tool.core.checks.checker import Checker
    from review_tool.core.term_matcher import Match

Scope = Literal["text", "catalog"]
NO_FLAGS: frozenset[str] = frozenset()


class TextContext:
    """One text to check and what the rules know about it. ``checker`` is None when only
    glossary-free rules run (checker.qa_findings)."""

    __slots__ = (
        "text",
        "lang",
        "source",
        "source_lang",
        "flags",
        "plural_source",
        "checker",
        "msgctxt",
        "_memo",
    )

    def __init__(
        self,
        text: str,
        lang: str,
        source: str | None = None,
        source_lang: str | None = None,
        flags: frozenset[str] = NO_FLAGS,
        plural_source: str | None = None,
        checker: Checker | None = None,
        msgctxt: str | None = None,
    ) -> None:
        self.text = text
        self.lang = lang
        self.source = source
        self.source_lang = source_lang
        self.flags = flags
        # A plural form is checked against msgid and msgid_plural: this is the other one.
        self.plural_source = plural_source
        self.checker = checker
        # The entry's gettext context: entries with one msgid and two contexts mean two things.
        self.msgctxt = msgctxt
        self._memo: dict[str, Any] = {}

    def memo(self, key: str, make: Callable[[TextContext], Any]) -> Any:
        """``make(self)`` once per text for everything that asks for ``key``."""
        memo = self._memo
        if key in memo:
            return memo[key]
        value = memo[key] = make(self)
        return value

    @property
    def matches(self) -> list[Match]:
        """The glossary terms found in the text (one automaton pass, shared by term rules)."""
        return self.memo("matches", _find_matches)  # type: ignore[no-any-return]

    @property
    def source_matches(self) -> list[Match]:
        return self.memo("source_matches", _find_source_matches)  # type: ignore[no-any-return]

    @property
    def spans(self) -> tuple[Span, ...]:
        """The protected spans of the text (URLs, placeholders, options, tags, ...)."""
        return self.memo("spans", _find_spans)  # type: ignore[no-any-return]

    @property
    def source_spans(self) -> tuple[Span, ...]:
        return self.memo("source_spans", _find_source_spans)  # type: ignore[no-any-return]


def _find_matches(ctx: TextContext) -> list[Match]:
    assert ctx.checker is not None, "a glossary rule needs a checker"
    return ctx.checker.matcher.find(ctx.text)


def _find_source_matches(ctx: TextContext) -> list[Match]:
    assert ctx.checker is not None and ctx.source is not None
    return ctx.checker.matcher.find(ctx.source)


def _find_spans(ctx: TextContext) -> tuple[Span, ...]:
    return protected_spans(ctx.text, ctx.flags, infer_accelerator(ctx.source))


def _find_source_spans(ctx: TextContext) -> tuple[Span, ...]:
    source = ctx.source
    if source is None:
        return ()
    return protected_spans(source, ctx.flags, infer_accelerator(source))


TextCheck = Callable[[TextContext], list[Finding]]
CatalogCheck = Callable[[Sequence[TextContext]], list[list[Finding]]]


def suggested(finding: Finding) -> str | None:
    """The usual fix: the finding's own suggestion."""
    return finding.suggestion


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule. ``check`` (scope "text") returns the findings of one text;
    ``check_catalog`` (scope "catalog") one list per text of a whole file. ``fix`` gives the
    replacement of a finding's span, or None to leave it to a human; a rule without ``fix``
    is never applied by the fixer."""

    id: str
    severity: Severity
    doc: str
    example: str
    check: TextCheck | None = None
    check_catalog: CatalogCheck | None = None
    fix: Callable[[Finding], str | None] | None = None
    needs_source: bool = False
    # Rules about code itself (URLs, placeholders) see the protected spans; the findings of
    # every other rule inside one are dropped by the checker.
    reads_code: bool = False

    @property
    def scope(self) -> Scope:
        return "catalog" if self.check_catalog is not None else "text"

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "severity": self.severity,
            "scope": self.scope,
            "needs_source": self.needs_source,
            "fixable": self.fixable,
            "doc": self.doc,
            "example": self.example,
        }


_RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    """Add ``rule``; an id registered twice is a programming error."""
    if rule.id in _RULES:
        raise ValueError(f"rule {rule.id} is registered twice")
    if (rule.check is None) == (rule.check_catalog is None):
        raise ValueError(f"rule {rule.id} needs exactly one of check and check_catalog")
    _RULES[rule.id] = rule
    return rule


def unregister(rule_id: str) -> None:
    """Remove a rule (tests register throw-away rules)."""
    _RULES.pop(rule_id, None)


def get(rule_id: str) -> Rule | None:
    return _RULES.get(rule_id)


def all_rules() -> tuple[Rule, ...]:
    """Every registered rule, in registration order (the package loads every family)."""
    return tuple(_RULES.values())


def text_rules() -> tuple[Rule, ...]:
    return tuple(r for r in all_rules() if r.check is not None)


def catalog_rules() -> tuple[Rule, ...]:
    return tuple(r for r in all_rules() if r.check_catalog is not None)


def markdown_table() -> str:
    """The README's rule table, one row per registered rule."""
    rows = [
        "| rule | severity | scope | needs source | fixable | what | example |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in all_rules():
        rows.append(
            f"| `{r.id}` | {r.severity} | {r.scope} | {'yes' if r.needs_source else 'no'} | "
            f"{'yes' if r.fixable else 'no'} | {r.doc} | {r.example} |"
        )
    return "\n".join(rows)
