"""The numbers each plural form is for, read from a catalog's ``Plural-Forms`` header.

An editor filling ``msgstr[1]`` of a Russian entry needs to know that it is the form for
2, 3, 4, 22 … — so the review screen labels each form with example numbers, as Poedit and
Lokalize do. The ``plural=`` expression is C (``?:``, ``||``, ``&&``, ``!``, comparisons,
``+ - * / %``, parentheses, ``n`` and integers); it is parsed here by a small recursive
descent parser, never handed to ``eval``, so a hostile header can do no more than fail.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Rule = Callable[[int], int]
_TOKEN = re.compile(r"\s*(?:(\d+)|(n)|(\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()]))")
_BINARY: tuple[tuple[str, ...], ...] = (
    ("||",),
    ("&&",),
    ("==", "!="),
    ("<", ">", "<=", ">="),
    ("+", "-"),
    ("*", "/", "%"),
)


class PluralRuleError(ValueError):
    """The expression is not one we can read."""


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    pos = 0
    text = text.strip().rstrip(";")
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise PluralRuleError(f"cannot read the plural expression at {text[pos:]!r}")
        out.append(m.group(1) or m.group(2) or m.group(3))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise PluralRuleError(f"expected {expected or 'more'} in the plural expression")
        self.pos += 1
        return token

    def ternary(self) -> Rule:
        cond = self.binary(0)
        if self.peek() != "?":
            return cond
        self.take("?")
        yes = self.ternary()
        self.take(":")
        no = self.ternary()
        return lambda n: yes(n) if cond(n) else no(n)

    def binary(self, level: int) -> Rule:
        if level == len(_BINARY):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in _BINARY[level]:
            op = self.take()
            right = self.binary(level + 1)
            left = _combine(op, left, right)
        return left

    def unary(self) -> Rule:
        token = self.take()
        if token == "!":
            inner = self.unary()
            return lambda n: int(not inner(n))
        if token == "-":
            inner = self.unary()
            return lambda n: -inner(n)
        if token == "(":
            inner = self.ternary()
            self.take(")")
            return inner
        if token == "n":
            return lambda n: n
        if token.isdigit():
            value = int(token)
            return lambda n: value
        raise PluralRuleError(f"unexpected {token!r} in the plural expression")


def _combine(op: str, a: Rule, b: Rule) -> Rule:
    ops: dict[str, Callable[[int, int], int]] = {
        "||": lambda x, y: int(bool(x) or bool(y)),
        "&&": lambda x, y: int(bool(x) and bool(y)),
        "==": lambda x, y: int(x == y),
        "!=": lambda x, y: int(x != y),
        "<": lambda x, y: int(x < y),
        ">": lambda x, y: int(x > y),
        "<=": lambda x, y: int(x <= y),
        ">=": lambda x, y: int(x >= y),
        "+": lambda x, y: x + y,
        "-": lambda x, y: x - y,
        "*": lambda x, y: x * y,
        "/": lambda x, y: x // y if y else 0,
        "%": lambda x, y: x % y if y else 0,
    }
    f = ops[op]
    return lambda n: f(a(n), b(n))


def parse_rule(plural_forms: str) -> tuple[int, Rule]:
    """``nplurals`` and the rule of a ``Plural-Forms`` value."""
    m = re.search(r"nplurals\s*=\s*(\d+)", plural_forms)
    e = re.search(r"plural\s*=\s*(.+?)\s*;?\s*$", plural_forms)
    if m is None or e is None:
        raise PluralRuleError(f"not a Plural-Forms value: {plural_forms!r}")
    parser = _Parser(_tokens(e.group(1)))
    rule = parser.ternary()
    if parser.peek() is not None:
        raise PluralRuleError(f"unexpected {parser.peek()!r} in the plural expression")
    return int(m.group(1)), rule


def form_examples(plural_forms: str | None, count: int, shown: int = 4) -> list[str]:
    """For each of ``count`` forms, the first numbers (0-1000) that take it: ``"1, 21, 31…"``;
    ``""`` for a form no number takes, or for every form when the header cannot be read."""
    if not plural_forms:
        return [""] * count
    try:
        _n, rule = parse_rule(plural_forms)
    except PluralRuleError:
        return [""] * count
    found: list[list[int]] = [[] for _ in range(count)]
    more = [False] * count
    for n in range(0, 1001):
        form = rule(n)
        if 0 <= form < count:
            if len(found[form]) < shown:
                found[form].append(n)
            else:
                more[form] = True
    return [
        ", ".join(str(n) for n in nums) + ("…" if extra else "")
        for nums, extra in zip(found, more, strict=True)
    ]
