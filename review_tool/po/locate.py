"""Where a character of an entry's msgstr sits in the file (line, column).

Why a module of its own: a checker's finding names an offset into the decoded translation,
and an editor or a SARIF report needs the line and column in the PO text, which means
walking the entry's quoted, escaped, possibly multi-line strings byte by byte.  That walk
needs only the entry's text, not the store.
"""

from __future__ import annotations

import codecs

from review_tool.po.escapes import STRING_RE, tokens, unescape

__all__ = ["keyword_index", "locate"]


def keyword_index(lines: list[str], keyword: str) -> int:
    """Index of the line holding ``keyword`` (not a longer keyword it prefixes)."""
    for i, line in enumerate(lines):
        body = line.lstrip()
        if body.startswith(keyword) and body[len(keyword) : len(keyword) + 1] in (" ", "\t", '"'):
            return i
    raise ValueError(f"no {keyword} in the entry")


def locate(lines: list[str], keyword: str, offset: int, first_line: int) -> tuple[int, int]:
    """Walk the quoted strings of ``keyword`` to character ``offset`` of its value."""
    start = keyword_index(lines, keyword)
    decoder = codecs.getincrementaldecoder("utf-8")()
    remaining = offset
    last: tuple[int, int] = (first_line + start, 1)
    for i in range(start, len(lines)):
        line = lines[i]
        if i > start and not line.lstrip().startswith('"'):
            break
        search_from = line.index(keyword) + len(keyword) if i == start else 0
        for match in STRING_RE.finditer(line.encode("utf-8"), len(line[:search_from].encode())):
            prefix_chars = len(match.string[: match.start(1)].decode("utf-8"))
            col = prefix_chars + 1  # 1-based column of the first content character
            inner = match.group(1)
            char_start_col = col
            for pos, nxt in tokens(inner):
                produced = unescape(inner[pos:nxt])
                if not decoder.getstate()[0]:
                    char_start_col = col
                for _ch in decoder.decode(produced):
                    if remaining == 0:
                        return (first_line + i, char_start_col)
                    remaining -= 1
                col += len(inner[pos:nxt].decode("utf-8"))
            last = (first_line + i, col)
    if remaining == 0:
        return last
    raise IndexError("offset outside the msgstr")
