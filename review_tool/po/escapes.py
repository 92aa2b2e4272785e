"""The C escapes of PO strings: one grammar for the reader, the writer and the locator.

A quoted string holds ``\\n \\t \\r \\a \\b \\f \\v \\\\ \\" \\' \\?``, octal (``\\0``-``\\377``,
one to three digits) and hex (``\\x`` and one or more hex digits) escapes, as in gettext's
po-lex.c.  The reader works on UTF-8 bytes (files in other charsets are decoded first, see
:mod:`review_tool.po.parser`), so an escape is ASCII and never part of a multi-byte character.
The writer produces what msgcat writes (``\\a \\b \\f \\n \\r \\t \\v \\\\ \\"``) and octal for
the other control characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# A quoted string; group 1 is its content, still escaped.
STRING_RE = re.compile(rb'"((?:[^"\\]|\\.)*)"')
# One escape as the lexer reads it: group 1 is what follows the backslash (empty, or an
# unknown character, for an invalid escape).
ESCAPE_RE = re.compile(rb"\\([0-7]{1,3}|x[0-9A-Fa-f]+|.?)", re.S)
_SIMPLE = {
    b"n": b"\n", b"t": b"\t", b"r": b"\r", b"a": b"\a", b"b": b"\b", b"f": b"\f",
    b"v": b"\v", b'"': b'"', b"\\": b"\\", b"'": b"'", b"?": b"?",
}  # fmt: skip


def _resolve(match: re.Match[bytes]) -> bytes:
    body = match.group(1)
    simple = _SIMPLE.get(body)
    if simple is not None:
        return simple
    if body[:1] == b"x":
        return bytes((int(body[1:], 16) & 0xFF,))
    return bytes((int(body, 8) & 0xFF,))


def unescape(raw: bytes) -> bytes:
    """The bytes that the escaped content ``raw`` (already checked valid) stands for."""
    if b"\\" not in raw:
        return raw
    if b"\\\\" not in raw:
        quick = raw.replace(b"\\n", b"\n").replace(b'\\"', b'"').replace(b"\\t", b"\t")
        if b"\\" not in quick:
            return quick
    return ESCAPE_RE.sub(_resolve, raw)


def invalid_escape(raw: bytes) -> str | None:
    """The first invalid escape in ``raw`` as shown in an error (``\\q``), or None."""
    for match in ESCAPE_RE.finditer(raw):
        body = match.group(1)
        first = body[:1]
        if body in _SIMPLE or (first and first in b"01234567") or (first == b"x" and body[1:]):
            continue
        return "\\" + body.decode("utf-8", "replace")
    return None


def common_escapes_only(inner: bytes) -> bool:
    """Whether string content is valid using only the \\\\ \\n \\" \\t escapes (the usual case).

    Escaped backslashes go first: ``replace`` pairs them left to right like the lexer.
    """
    rest = inner.replace(b"\\\\", b"").replace(b"\\n", b"").replace(b'\\"', b"")
    rest = rest.replace(b"\\t", b"")
    return 0x5C not in rest and 0x22 not in rest


def tokens(raw: bytes) -> Iterator[tuple[int, int]]:
    """The (start, end) of each unit of escaped content: an escape, or one UTF-8 character."""
    pos = 0
    size = len(raw)
    while pos < size:
        if raw[pos] == 0x5C:
            match = ESCAPE_RE.match(raw, pos)
            assert match is not None
            end = match.end()
        else:
            end = pos + 1
            while end < size and (raw[end] & 0xC0) == 0x80:
                end += 1
        yield pos, end
        pos = end


_WRITTEN = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t",
            "\v": "\\v", "\\": "\\\\", '"': '\\"'}  # fmt: skip
_ESCAPE_TABLE: dict[int, str] = {cp: f"\\{cp:03o}" for cp in (*range(0x20), 0x7F)}
_ESCAPE_TABLE.update({ord(ch): esc for ch, esc in _WRITTEN.items()})
_NEEDS_ESCAPE = re.compile('[\\x00-\\x1f"\\\\\\x7f]')
# One escape in what :func:`escape` writes (where a line must not break).
WRITTEN_ESCAPE_RE = re.compile(r"\\(?:[0-7]{3}|.)", re.S)


def escape(text: str) -> str:
    """``text`` as the content of a quoted string."""
    return text.translate(_ESCAPE_TABLE) if _NEEDS_ESCAPE.search(text) else text


def escaped_length(ch: str) -> int:
    """How many characters ``ch`` takes once escaped."""
    return len(_ESCAPE_TABLE.get(ord(ch), ch))
