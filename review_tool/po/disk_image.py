"""The bytes of a PO file as the store last read or wrote them, and where each entry lies.

Why a class of its own: a save writes only the entries that changed, spliced between
untouched slices of the old bytes (see :mod:`review_tool.po`), so the store must know the
byte span and the line of every entry in the file as it is *now*, after any number of saves,
without copying a 100 MB file at each one.  That bookkeeping (the spans of the last parse,
the entries written since, the line shift they cause below them, folding them back in) has
nothing to do with what the entries mean; it lives here, behind a small API, and knows no
:class:`~review_tool.po.entry.PoEntry`.  An *item* is an entry, the header or an obsolete
entry, numbered in file order as the parser numbered them.
"""

from __future__ import annotations

import bisect
from pathlib import Path

from review_tool.po.charset import encode_file

__all__ = ["DiskImage", "Insert", "Pieces"]

Pieces = list[bytes | memoryview]
"""A file as the slices it is joined from (written without joining them first)."""

Insert = tuple[int, int, bytes]
"""New bytes at an offset of the old ones: (offset, order among inserts there, bytes)."""


class DiskImage:
    """The file's UTF-8 bytes as parsed, plus the items rewritten since, spliced in place.

    ``starts``/``ends`` are the byte span of each item in :attr:`data` and ``first_lines``
    its first (0-based) line there; the items rewritten since are kept aside (their new
    bytes) until :meth:`compact` folds them in, so a save costs the changed entries, not
    the file.
    """

    def __init__(
        self,
        data: bytes = b"",
        starts: list[int] | None = None,
        ends: list[int] | None = None,
        first_lines: list[int] | None = None,
        *,
        charset: str | None = None,
    ) -> None:
        self.data = data
        first_nl = data.find(b"\n")
        self.newline = "\r\n" if first_nl > 0 and data[first_nl - 1] == 0x0D else "\n"
        self.charset = charset  # the file's, if not UTF-8 (data is UTF-8)
        self.starts: list[int] = starts if starts is not None else []
        self.ends: list[int] = ends if ends is not None else []
        self.first_lines: list[int] = first_lines if first_lines is not None else []
        self._written: dict[int, bytes] = {}  # items rewritten since data was parsed
        self._line_delta: dict[int, int] = {}  # lines each rewritten item gained
        self._shift_keys: list[int] = []  # the items with a line delta, sorted
        self._shift_cum: list[int] = []  # the running sum of their deltas

    @property
    def rewritten(self) -> int:
        """How many items are kept aside as rewritten (see :meth:`compact`)."""
        return len(self._written)

    def text(self, item: int) -> bytes:
        """The bytes of ``item`` in the file as it is now."""
        written = self._written.get(item)
        if written is not None:
            return written
        return self.data[self.starts[item] : self.ends[item]]

    def line(self, item: int) -> int:
        """The 0-based first line of ``item`` in the file as it is now."""
        pos = bisect.bisect_left(self._shift_keys, item)
        return self.first_lines[item] + (self._shift_cum[pos - 1] if pos else 0)

    def encode(self, text: str) -> bytes:
        """Text as the file writes it: its newline, UTF-8 (see :meth:`in_charset`)."""
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return text.encode("utf-8")

    def in_charset(self, pieces: Pieces, path: Path) -> Pieces:
        """What to write: ``pieces`` of the UTF-8 file in the file's own charset."""
        if self.charset is None:
            return pieces
        return [encode_file(b"".join(pieces), self.charset, path)]

    def current_bytes(self) -> bytes:
        """The file as it is now (UTF-8), joined."""
        return b"".join(self.splice({}, []))

    def same_bytes(self, data: bytes) -> bool:
        """Whether ``data`` is the file as it is now (compared piece by piece with memcmp,
        ``bytes.startswith`` at an offset: no copy of the file)."""
        buf = memoryview(self.data)
        pos = 0  # in self.data
        at = 0  # in data
        for item in sorted(self._written):
            start = self.starts[item]
            if not data.startswith(buf[pos:start], at):
                return False
            at += start - pos
            written = self._written[item]
            if not data.startswith(written, at):
                return False
            at += len(written)
            pos = self.ends[item]
        return len(data) - at == len(buf) - pos and data.startswith(buf[pos:], at)

    def splice(self, written: dict[int, bytes], inserts: list[Insert]) -> Pieces:
        """The file with ``written`` items replaced and ``inserts`` added, as slices of
        :attr:`data` and new bytes; at one offset inserts go before a rewritten item."""
        view = memoryview(self.data)
        overrides = dict(self._written)
        overrides.update(written)
        # (start, order, end, data)
        cuts: list[tuple[int, int, int, bytes]] = [
            (self.starts[item], 2, self.ends[item], data) for item, data in overrides.items()
        ]
        cuts += [(offset, order, offset, data) for offset, order, data in inserts]
        cuts.sort(key=lambda cut: (cut[0], cut[1]))
        pieces: Pieces = []
        pos = 0
        for start, _order, end, data in cuts:
            pieces.append(view[pos:start])
            pieces.append(data)
            pos = end
        pieces.append(view[pos:])
        return pieces

    def record(self, written: dict[int, bytes]) -> None:
        """``written`` items are now in the file (spliced by :meth:`splice`): their bytes
        and the lines of everything below them follow."""
        for item, data in written.items():
            old = self.text(item)
            delta = data.count(b"\n") - old.count(b"\n")
            if delta:
                self._line_delta[item] = self._line_delta.get(item, 0) + delta
            self._written[item] = data
        self._shift_keys = sorted(k for k, v in self._line_delta.items() if v)
        total = 0
        self._shift_cum = []
        for key in self._shift_keys:
            total += self._line_delta[key]
            self._shift_cum.append(total)

    def compact(self) -> None:
        """Fold the rewritten items into one buffer again (keeps saves O(changes))."""
        data = self.current_bytes()
        byte_shift = 0
        line_shift = 0
        starts, ends, lines0 = self.starts, self.ends, self.first_lines
        for item in range(len(starts)):
            old_length = ends[item] - starts[item]
            written = self._written.get(item)
            length = old_length if written is None else len(written)
            starts[item] += byte_shift
            ends[item] = starts[item] + length
            lines0[item] += line_shift
            byte_shift += length - old_length
            line_shift += self._line_delta.get(item, 0)
        self.data = data
        self._written = {}
        self._line_delta = {}
        self._shift_keys = []
        self._shift_cum = []
