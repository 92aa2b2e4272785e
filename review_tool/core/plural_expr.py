"""Evaluate a ``Plural-Forms`` formula (``plural=(n%10==1 && n%100!=11 ? 0 : 1)``) for a
number n, without eval(): a small recursive-descent parser of gettext's C subset (``?:``,
``|| && == != < > <= >= + - * / % !``, parentheses, decimal numbers and ``n``).

Why: msgfmt checks a plural form's format directives strictly only when the formula picks
that form for many numbers (see format_directives), so the same verdict needs the formula.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

_TOKEN = re.compile(r"\s*(\d+|n|\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()])")
_BINARY: list[tuple[str, ...]] = [
    ("||",),
    ("&&",),
    ("==", "!="),
    ("<", ">", "<=", ">="),
    ("+", "-"),
    ("*", "/", "%"),
]
Node = Callable[[int], int]


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens: list[str] = []
        pos = 0
        text = text.strip().rstrip(";").strip()
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if m is None:
                raise ValueError(f"bad plural formula at {text[pos:]!r}")
            self.tokens.append(m.group(1))
            pos = m.end()
            while pos < len(text) and text[pos].isspace():
                pos += 1
        self.i = 0

    def peek(self) -> str | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, want: str | None = None) -> str:
        tok = self.peek()
        if tok is None or (want is not None and tok != want):
            raise ValueError(f"expected {want!r} in the plural formula")
        self.i += 1
        return tok

    def ternary(self) -> Node:
        cond = self.binary(0)
        if self.peek() != "?":
            return cond
        self.take("?")
        yes = self.ternary()
        self.take(":")
        no = self.ternary()
        return lambda n: yes(n) if cond(n) else no(n)

    def binary(self, level: int) -> Node:
        if level == len(_BINARY):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in _BINARY[level]:
            op = self.take()
            right = self.binary(level + 1)
            left = _combine(op, left, right)
        return left

    def unary(self) -> Node:
        tok = self.take()
        if tok == "!":
            inner = self.unary()
            return lambda n: int(not inner(n))
        if tok == "(":
            inner = self.ternary()
            self.take(")")
            return inner
        if tok == "n":
            return lambda n: n
        if tok.isdigit():
            value = int(tok)
            return lambda n: value
        raise ValueError(f"unexpected {tok!r} in the plural formula")


def _combine(op: str, a: Node, b: Node) -> Node:
    if op == "||":
        return lambda n: int(bool(a(n)) or bool(b(n)))
    if op == "&&":
        return lambda n: int(bool(a(n)) and bool(b(n)))
    if op == "==":
        return lambda n: int(a(n) == b(n))
    if op == "!=":
        return lambda n: int(a(n) != b(n))
    if op == "<":
        return lambda n: int(a(n) < b(n))
    if op == ">":
        return lambda n: int(a(n) > b(n))
    if op == "<=":
        return lambda n: int(a(n) <= b(n))
    if op == ">=":
        return lambda n: int(a(n) >= b(n))
    if op == "+":
        return lambda n: a(n) + b(n)
    if op == "-":
        return lambda n: a(n) - b(n)
    if op == "*":
        return lambda n: a(n) * b(n)
    if op == "/":
        return lambda n: a(n) // b(n)
    return lambda n: a(n) % b(n)


@lru_cache(maxsize=64)
def plural_function(plural_forms: str) -> Node | None:
    """The ``plural=`` formula of a Plural-Forms value as a function of n, or None if the
    value has none or it cannot be parsed (or divides by zero)."""
    m = re.search(r"plural\s*=\s*([^;]*)", plural_forms)
    if m is None:
        return None
    try:
        parser = _Parser(m.group(1))
        node = parser.ternary()
        if parser.peek() is not None:
            return None
        node(0)
        node(1)
    except (ValueError, ZeroDivisionError):
        return None
    return node
