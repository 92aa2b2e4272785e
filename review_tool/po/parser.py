"""The PO parser: a file's UTF-8 bytes to entries, with the byte span and first line of each.

One reader: a line-by-line state machine (:meth:`PoParser._read_lines`), in steps
(:meth:`PoParser.parse_until`) so the review screen shows the first entries of a large file
at once.  Files in other charsets are decoded to UTF-8 first (:mod:`review_tool.po.charset`);
escapes follow :mod:`review_tool.po.escapes`.  polib is the oracle of the tests
(tests/po/test_po_reader.py).

Why not polib's reader: see :mod:`review_tool.po` (the store needs byte spans, speed and
one-line errors).

A second reader for the usual layout (removed) read the 117 MB, 100 000-entry document PO in
0.9 s instead of 1.3 s and the 116 000-entry msgcat-joined catalog in the same 0.7 s; no
target depends on it (the first screen needs the first 200 KB: 1.5 ms either way).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from review_tool.errors import InputError
from review_tool.po.entry import Key, PoEntry, entry_from_values
from review_tool.po.escapes import STRING_RE, common_escapes_only, invalid_escape, unescape

MAX_ENTRY_BYTES = 10 * 1024 * 1024

_KEYWORD_RE = re.compile(rb"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)(?=[\s\"]|\Z)\s*")

_KW_COMMENT, _KW_CTXT, _KW_ID, _KW_PLURAL, _KW_STR = 0, 1, 2, 3, 4
_IDLE, _HAS_CTXT, _HAS_ID, _HAS_PLURAL, _HAS_STR = 0, 1, 2, 3, 4


def _decode_pieces(pieces: list[bytes]) -> str:
    raw = pieces[0] if len(pieces) == 1 else b"".join(pieces)
    return (unescape(raw) if 0x5C in raw else raw).decode()


_ENTRY_STARTS = (b"#", b'msgctxt "', b'msgid "')
_STEP = 4 << 20  # bytes the state machine splits into lines at a time


class PoParser:
    """PO parser over the file's bytes; records every entry's byte span and first line."""

    def __init__(self, data: bytes, path: Path) -> None:
        self.data = data
        self.path = path
        self.entries: list[PoEntry] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.first_lines: list[int] = []
        self.header_item: int | None = None
        self.live_items: list[int] = []  # item of each live entry
        self.live_index: dict[Key, int] = {}  # key -> live index
        self.obs_items: list[int] = []
        self.obs_index: dict[Key, int] = {}  # key -> index among obsolete entries
        pos = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
        lineno = 1
        while pos < len(data) and data[pos] == 0x0A:  # blank lines before the first entry
            pos += 1
            lineno += 1
        self._resume = (pos, lineno)  # where to go on: position, line

    def error(self, line: int, message: str) -> InputError:
        return InputError(self.path, line, message)

    def _check_escapes(self, inner: bytes, line: int) -> None:
        invalid = invalid_escape(inner)
        if invalid is not None:
            raise self.error(line, f"invalid escape sequence {invalid} in string")

    def quoted(self, rest: bytes, line: int) -> bytes:
        """The escaped content of the string(s) in ``rest`` (``"a" "b"`` concatenates)."""
        if len(rest) >= 2 and rest[0] == 0x22 and rest[-1] == 0x22:
            inner = rest[1:-1]
            if 0x5C not in inner and 0x22 not in inner:
                return inner
        rest = rest.strip()
        if not rest:
            raise self.error(line, "expected a quoted string")
        parts: list[bytes] = []
        pos = 0
        while pos < len(rest):
            match = STRING_RE.match(rest, pos)
            if match is None:
                if rest[pos : pos + 1] == b'"':
                    raise self.error(line, "unterminated string (missing closing quote)")
                shown = rest[pos : pos + 20].decode("utf-8", "replace")
                raise self.error(line, f"unexpected text {shown!r}: expected a quoted string")
            inner = match.group(1)
            if 0x5C in inner:
                self._check_escapes(inner, line)
            parts.append(inner)
            pos = match.end()
            while pos < len(rest) and rest[pos] in b" \t":
                pos += 1
        return b"".join(parts)

    def keyword_slow(self, line: bytes, lineno: int) -> tuple[int, int, bytes]:
        match = _KEYWORD_RE.match(line)
        if match is None:
            word = line.split(None, 1)[0][:30].decode("utf-8", "replace")
            raise self.error(lineno, f"unknown keyword {word!r}")
        name = match.group(1)
        rest = line[match.end() :]
        if name == b"msgid_plural":
            return _KW_PLURAL, 0, rest
        if name == b"msgid":
            return _KW_ID, 0, rest
        if name == b"msgctxt":
            return _KW_CTXT, 0, rest
        if match.group(2) is not None:
            return _KW_STR, int(match.group(2)), rest
        return _KW_STR, -1, rest

    def too_big(self, line: int) -> InputError:
        return self.error(
            line,
            f"entry is larger than {MAX_ENTRY_BYTES // (1024 * 1024)} MB; "
            "refusing to load it (is this really a PO file?)",
        )

    def duplicate(self, key: Key, line: int) -> InputError:
        if key == (None, ""):
            assert self.header_item is not None
            other = self.entries[self.header_item].line
        else:
            other = self.entries[self.live_items[self.live_index[key]]].line
        what = "msgctxt and msgid" if key[0] is not None else "msgid"
        return self.error(line, f"duplicate entry: same {what} as the entry at line {other}")

    def parse(self) -> None:
        """Read the whole file."""
        self.parse_until(len(self.data))

    def parse_until(self, stop: int) -> bool:
        """Read on (from where the last call stopped) until the entries read end at or after
        byte ``stop``; True once the whole file is read.  After an error, do not call again.
        """
        size = len(self.data)
        pos, lineno = self._resume
        while pos < min(stop, size):
            pos, lineno = self._read_lines(pos, lineno, self._window_end(min(pos + _STEP, stop)))
        self._resume = (pos, lineno)
        return pos >= size

    @property
    def position(self) -> int:
        """How far the file is read (bytes)."""
        return self._resume[0]

    def _window_end(self, pos: int) -> int:
        """Where the state machine may stop, at or after ``pos``: after a blank line, on a
        line that begins an entry (a comment other than ``#~``, msgctxt or msgid), so it ends
        the entry before it whatever that entry is; or the end of the data."""
        data = self.data
        size = len(data)
        while True:
            end = data.find(b"\n\n", pos)
            if end < 0:
                return size
            pos = end + 2
            while pos < size and data[pos] == 0x0A:
                pos += 1
            if pos >= size:
                return size
            if data.startswith(_ENTRY_STARTS, pos) and not data.startswith(b"#~", pos):
                return pos

    def _lines(self, pos: int, end: int) -> list[bytes]:
        """The lines from ``pos`` to ``end`` (after a blank line, or the end of the data, where
        a comment line is added to end the last entry like any comment would)."""
        lines = self.data[pos:end].split(b"\n")
        if end >= len(self.data):
            lines.append(b"#")
        else:
            lines.pop()  # the empty piece after the last newline
        return lines

    def _read_lines(self, pos: int, lineno: int, end: int) -> tuple[int, int]:  # noqa: C901
        """The state machine, from ``pos`` (line ``lineno``) where an entry begins, over the
        lines up to ``end`` (a :meth:`_window_end`) and on until an entry ends at such a
        place.  Returns that position and its line number (at the end: the data's size).

        One loop with local variables, kept in one place for speed: it runs once for each
        of the millions of lines of a large catalog.
        """
        data = self.data
        size = len(data)
        error = self.error
        quoted = self.quoted
        entries = self.entries
        starts = self.starts
        ends = self.ends
        first_lines = self.first_lines
        live_index = self.live_index
        live_items = self.live_items
        obs_items = self.obs_items
        obs_index = self.obs_index
        new_entry = entry_from_values
        offset = pos
        lineno -= 1
        resume = (size, lineno)
        finishing = False
        # State of the entry being read (reset after each one).
        state = _IDLE
        e_start = -1
        e_end = 0
        first_line = 0
        tc: list[str] | None = None
        ec: list[str] | None = None
        refs: list[str] | None = None
        flags: list[str] | None = None
        prev: list[list[bytes] | None] | None = None
        prev_target: list[bytes] | None = None
        ctxt: list[bytes] | None = None
        mid: list[bytes] = []
        mplural: list[bytes] | None = None
        strs: list[list[bytes]] = []
        plural = False
        obsolete = False
        target: list[bytes] | None = None
        id_line = 0
        str_line = 0
        lines = self._lines(pos, end)
        while True:
            for raw in lines:
                lineno += 1
                start = offset
                offset += len(raw) + 1
                if not raw:
                    continue
                if raw[-1] == 0x0D:
                    raw = raw[:-1]
                    if not raw:
                        continue
                c = raw[0]
                obsolete_line = False
                kind = _KW_COMMENT
                index = 0
                rest = raw
                if c == 0x23:  # '#'
                    if raw[1:2] == b"~":
                        content = raw[2:]
                        if content[:1] == b"|":
                            raw = b"#|" + content[1:]
                        else:
                            raw = content.strip()
                            if not raw:
                                continue
                            c = raw[0]
                            obsolete_line = True
                            if c != 0x22 and c != 0x6D:
                                shown = raw[:30].decode("utf-8", "replace")
                                raise error(lineno, f"unexpected text after #~: {shown!r}")
                elif c != 0x22 and c != 0x6D:
                    stripped = raw.strip()
                    if not stripped:
                        continue
                    if raw[0] not in b" \t" or stripped[:1] not in (b'"', b"m"):
                        word = stripped.split(None, 1)[0][:30].decode("utf-8", "replace")
                        raise error(lineno, f"unknown keyword {word!r}")
                    # An indented keyword or string: legal (the lexer skips blanks), rare.
                    raw = stripped
                    c = raw[0]
                if c == 0x22:  # '"': continuation of the current keyword's string
                    if target is None or obsolete != obsolete_line:
                        raise error(lineno, "string without a keyword")
                    if len(raw) >= 2 and raw[-1] == 0x22:
                        inner = raw[1:-1]
                        if (0x5C in inner or 0x22 in inner) and not common_escapes_only(inner):
                            inner = quoted(raw, lineno)
                    else:
                        inner = quoted(raw, lineno)
                    target.append(inner)
                    e_end = offset
                    continue
                if c == 0x6D:  # 'm'
                    if raw.startswith(b"msgid "):
                        kind, rest = _KW_ID, raw[6:]
                    elif raw.startswith(b"msgstr "):
                        kind, index, rest = _KW_STR, -1, raw[7:]
                    elif raw.startswith(b"msgctxt "):
                        kind, rest = _KW_CTXT, raw[8:]
                    else:
                        kind, index, rest = self.keyword_slow(raw, lineno)
                if state == _HAS_STR and kind <= _KW_ID:  # a comment, msgctxt or msgid
                    # The entry read so far is complete.
                    try:
                        msgid = _decode_pieces(mid)
                        msgctxt = _decode_pieces(ctxt) if ctxt is not None else None
                        if plural:
                            msgstr = ""
                            msgstr_plural = tuple([_decode_pieces(p) for p in strs])
                        else:
                            msgstr = _decode_pieces(strs[0])
                            msgstr_plural = ()
                        if prev is None:
                            prev_ctxt = prev_id = prev_plural = None
                        else:
                            prev_ctxt, prev_id, prev_plural = (
                                _decode_pieces(p) if p is not None else None for p in prev
                            )
                        msgid_plural = _decode_pieces(mplural) if mplural is not None else None
                    except UnicodeDecodeError:
                        raise error(id_line, "escape sequences make invalid UTF-8") from None
                    if e_end - e_start > MAX_ENTRY_BYTES:
                        raise self.too_big(first_line)
                    item = len(entries)
                    key = (msgctxt, msgid)
                    if obsolete or msgid or msgctxt is not None:
                        if not obsolete and key in live_index:
                            raise self.duplicate(key, id_line)
                    elif self.header_item is not None:
                        raise self.duplicate((None, ""), id_line)
                    entries.append(
                        new_entry(
                            (
                                msgid,
                                msgstr,
                                msgctxt,
                                msgid_plural,
                                msgstr_plural,
                                tuple(flags) if flags else (),
                                tuple(tc) if tc else (),
                                tuple(ec) if ec else (),
                                tuple(refs) if refs else (),
                                prev_ctxt,
                                prev_id,
                                prev_plural,
                                obsolete,
                                id_line,
                                str_line,
                            )
                        )
                    )
                    # Registered once the entry is in: another thread may read them.
                    if obsolete:
                        obs_index.setdefault(key, len(obs_items))
                        obs_items.append(item)
                    elif msgid or msgctxt is not None:
                        live_index[key] = len(live_items)
                        live_items.append(item)
                    else:
                        self.header_item = item
                    starts.append(e_start)
                    ends.append(e_end)
                    first_lines.append(first_line)
                    state = _IDLE
                    e_start = -1
                    tc = ec = refs = flags = None
                    prev = ctxt = mplural = prev_target = None
                    plural = False
                    id_line = 0
                if kind == _KW_COMMENT:
                    if state != _IDLE:
                        raise error(id_line or first_line, "entry has no msgstr")
                    if e_start < 0:
                        e_start = start
                        first_line = lineno
                    e_end = offset
                    target = None
                    second = raw[1:2]
                    if second == b":":
                        if refs is None:
                            refs = []
                        refs += raw[2:].decode().split()
                        prev_target = None
                    elif second == b",":
                        if flags is None:
                            flags = []
                        flags += [f for f in (p.strip() for p in raw[2:].decode().split(",")) if f]
                        prev_target = None
                    elif second == b".":
                        if ec is None:
                            ec = []
                        text = raw[2:]
                        ec.append((text[1:] if text[:1] == b" " else text).decode())
                        prev_target = None
                    elif second == b"|":
                        content = raw[2:].strip()
                        if content[:1] == b'"':
                            if prev_target is None:
                                raise error(lineno, "string without a keyword")
                            prev_target.append(quoted(content, lineno))
                        else:
                            match = _KEYWORD_RE.match(content)
                            if match is None or match.group(1).startswith(b"msgstr"):
                                first = (content.split(None, 1) or [b""])[0][:30]
                                shown = first.decode("utf-8", "replace")
                                raise error(
                                    lineno, f"unknown keyword {shown!r} in previous (#|) line"
                                )
                            if prev is None:
                                prev = [None, None, None]
                            prev_target = [quoted(content[match.end() :], lineno)]
                            prev[_PREV_SLOT[match.group(1)]] = prev_target
                    else:
                        if tc is None:
                            tc = []
                        text = raw[1:]
                        tc.append((text[1:] if text[:1] == b" " else text).decode())
                        prev_target = None
                    continue
                # Keyword line.
                if len(rest) >= 2 and rest[0] == 0x22 and rest[-1] == 0x22:
                    inner = rest[1:-1]
                    if (0x5C in inner or 0x22 in inner) and not common_escapes_only(inner):
                        inner = quoted(rest, lineno)
                else:
                    inner = quoted(rest, lineno)
                pieces = [inner]
                if state == _IDLE:
                    obsolete = obsolete_line
                elif obsolete != obsolete_line:
                    raise error(lineno, "obsolete (#~) and live lines mixed in one entry")
                if kind == _KW_ID:
                    if state == _HAS_ID or state == _HAS_PLURAL:
                        raise error(id_line, "entry has no msgstr")
                    if e_start < 0:
                        e_start = start
                        first_line = lineno
                    mid = pieces
                    id_line = lineno
                    state = _HAS_ID
                elif kind == _KW_STR:
                    if index < 0:
                        if state != _HAS_ID:
                            raise error(lineno, _misplaced_msgstr(state))
                        strs = [pieces]
                        str_line = lineno
                    elif state == _HAS_PLURAL and index == 0:
                        strs = [pieces]
                        plural = True
                        str_line = lineno
                    elif state == _HAS_STR and plural and index == len(strs):
                        strs.append(pieces)
                    else:
                        raise error(lineno, _misplaced_plural(state, index, plural, len(strs)))
                    state = _HAS_STR
                elif kind == _KW_CTXT:
                    if state != _IDLE:
                        raise error(lineno, "msgctxt must come before msgid")
                    if e_start < 0:
                        e_start = start
                        first_line = lineno
                    ctxt = pieces
                    state = _HAS_CTXT
                else:
                    if state != _HAS_ID:
                        raise error(lineno, "msgid_plural must follow msgid")
                    mplural = pieces
                    state = _HAS_PLURAL
                target = pieces
                e_end = offset
            if finishing or end >= size:
                break
            if state == _HAS_STR:
                # Complete: the line at ``end`` begins the next entry, and a comment line
                # completes this one the same way (it is then dropped with the rest).
                resume = (end, lineno + 1)
                lines = [b"#"]
                finishing = True
                continue
            # The entry goes on after the blank line (or only its comments were read).
            pos, end = end, self._window_end(end)
            lines = self._lines(pos, end)
        if ends and ends[-1] > size:
            ends[-1] = size
        return resume


_PREV_SLOT = {b"msgctxt": 0, b"msgid": 1, b"msgid_plural": 2}


def _misplaced_msgstr(state: int) -> str:
    if state == _HAS_PLURAL:
        return "entry with msgid_plural needs msgstr[0], msgstr[1], ..."
    if state == _HAS_STR:
        return "msgstr without msgid (the entry above already has its msgstr)"
    return "msgstr without msgid"


def _misplaced_plural(state: int, index: int, plural: bool, forms: int) -> str:
    if state == _HAS_ID:
        return f"msgstr[{index}] without msgid_plural"
    if state == _HAS_STR and not plural:
        return f"msgstr[{index}] after msgstr"
    if state in (_HAS_PLURAL, _HAS_STR):
        expected = 0 if state == _HAS_PLURAL else forms
        return f"msgstr[{index}] out of order (expected msgstr[{expected}])"
    return f"msgstr[{index}] without msgid"
