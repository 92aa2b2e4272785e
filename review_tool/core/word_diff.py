"""Word-level diff of two texts, for showing what a candidate changes.

Texts are split into tokens (words, runs of whitespace, single punctuation marks; each character
of a script written without spaces is a word of its own) and the token lists are compared with
rapidfuzz's ``Indel.opcodes`` (an LCS diff in C, fast on paragraphs of any length). Indel only
knows insertions and deletions; a deletion next to an insertion is reported as a ``replace``,
and a change, a single space, and another change are merged into one ``replace`` so that a
rewritten phrase reads as one change rather than a comb of word-sized ones.

The result is a list of :class:`Chunk` ``(op, a_text, b_text)``; joining the ``a_text`` of every
chunk gives back ``a`` and joining the ``b_text`` gives back ``b``.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from rapidfuzz.distance import Indel

Op = Literal["equal", "insert", "delete", "replace"]

# CJK and other scripts without spaces: one character per token.
_NO_SPACE = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff"
    "\u3100-\u31bf\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0002ffff"
)
_TOKEN = re.compile(rf"[{_NO_SPACE}]|[^\W{_NO_SPACE}]+|\s+|[^\w\s]", re.UNICODE)


class Chunk(NamedTuple):
    op: Op
    a_text: str
    b_text: str


def tokenize(text: str) -> list[str]:
    """Words, whitespace runs and punctuation marks; ``"".join(tokenize(t)) == t``."""
    return _TOKEN.findall(text)


def word_diff(a: str, b: str) -> list[Chunk]:
    """The chunks that turn ``a`` into ``b``, word by word."""
    if a == b:
        return [Chunk("equal", a, b)] if a else []
    ta, tb = tokenize(a), tokenize(b)
    raw: list[Chunk] = []
    for op in Indel.opcodes(ta, tb):
        a_text = "".join(ta[op.src_start : op.src_end])
        b_text = "".join(tb[op.dest_start : op.dest_end])
        tag: Op = "equal" if op.tag == "equal" else ("insert" if op.tag == "insert" else "delete")
        if op.tag == "replace":  # not produced by Indel, kept for safety
            tag = "replace"
        raw.append(Chunk(tag, a_text, b_text))
    return _merge(raw)


def _merge(chunks: list[Chunk]) -> list[Chunk]:
    """Join adjacent changes into one, and absorb a lone space between two changes."""
    out: list[Chunk] = []
    for chunk in chunks:
        if not chunk.a_text and not chunk.b_text:
            continue
        if out and chunk.op != "equal" and out[-1].op != "equal":
            prev = out.pop()
            out.append(_change(prev.a_text + chunk.a_text, prev.b_text + chunk.b_text))
            continue
        if (
            chunk.op != "equal"
            and len(out) >= 2
            and out[-1].op == "equal"
            and out[-1].a_text.isspace()
            and len(out[-1].a_text) == 1
            and out[-2].op != "equal"
        ):
            space = out.pop()
            prev = out.pop()
            out.append(
                _change(
                    prev.a_text + space.a_text + chunk.a_text,
                    prev.b_text + space.b_text + chunk.b_text,
                )
            )
            continue
        out.append(chunk)
    return out


def _change(a_text: str, b_text: str) -> Chunk:
    if not a_text:
        return Chunk("insert", "", b_text)
    if not b_text:
        return Chunk("delete", a_text, "")
    return Chunk("replace", a_text, b_text)


def changed_words(chunks: list[Chunk]) -> int:
    """How many chunks change something (for a one-line summary)."""
    return sum(1 for c in chunks if c.op != "equal")
