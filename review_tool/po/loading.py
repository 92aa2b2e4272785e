"""Reading a PO file in steps, so that a screen can show the first entries of a large file.

Why a module of its own: a step-wise load is a small state machine (check the bytes as they
come, parse on, read the header early and check its charset, report the first error on every
later call) that is not needed by anything else the store does.  The store starts it
(:meth:`review_tool.po.store.PoStore.start_load`) and hands it what it needs: the charset the
file was decoded in and how to take over the finished parse.
"""

from __future__ import annotations

import codecs
import os
import stat
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, overload

from review_tool.errors import InputError
from review_tool.gc_pause import no_cycle_collection
from review_tool.po.charset import check_bytes, decode_file
from review_tool.po.entry import PoEntry
from review_tool.po.header import charset_problem, parse_header
from review_tool.po.parser import PoParser

if TYPE_CHECKING:
    from review_tool.po.store import PoStore

__all__ = ["Loading", "read_po_file"]


def read_po_file(path: Path) -> tuple[bytes, str | None]:
    """A PO file's bytes in UTF-8 (what the parser reads) and its charset if not UTF-8;
    a path that is not a readable regular file is an InputError naming it."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        raise InputError(path, None, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, None, "is a directory, not a PO file") from None
    except OSError as exc:
        raise InputError(path, None, f"cannot read: {exc.strerror}") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(path, None, "is a directory, not a PO file")
        if not stat.S_ISREG(st.st_mode):
            raise InputError(path, None, "not a regular file")
        data = _read_all(fd, st.st_size)
    except IsADirectoryError:
        raise InputError(path, None, "is a directory, not a PO file") from None
    except OSError as exc:
        raise InputError(path, None, f"cannot read: {exc.strerror}") from None
    finally:
        os.close(fd)
    return decode_file(data, path)


def _read_all(fd: int, size: int) -> bytes:
    """A file's bytes, in one read (one copy) when it is still ``size`` bytes long."""
    chunks = [os.read(fd, size)]
    while chunk := os.read(fd, 1 << 24):
        chunks.append(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


class _LiveEntries(Sequence[PoEntry]):
    """The live entries a parse has read so far (a view that grows with it)."""

    def __init__(self, parser: PoParser) -> None:
        self._entries = parser.entries
        self._live = parser.live_items

    def __len__(self) -> int:
        return len(self._live)

    @overload
    def __getitem__(self, index: int) -> PoEntry: ...

    @overload
    def __getitem__(self, index: slice) -> list[PoEntry]: ...

    def __getitem__(self, index: int | slice) -> PoEntry | list[PoEntry]:
        if isinstance(index, slice):
            return [self._entries[i] for i in self._live[index]]
        return self._entries[self._live[index]]


class Loading:
    """A PO file being read (see :meth:`PoStore.start_load`).

    :meth:`step` parses on a little (any thread; steps are serialised), :meth:`finish`
    parses the rest and returns the store.  Meanwhile :attr:`entries` are the live entries
    read so far and :attr:`header` the header fields once the header is read.  The bytes
    are checked as they are parsed; the first error (an InputError, the same as
    :meth:`PoStore.load` gives for the file, whichever part of it is wrong) is raised by
    the call that meets it and by every call after that.
    """

    def __init__(
        self,
        store: PoStore,
        data: bytes | None,
        *,
        charset: str | None = None,
        adopt: Callable[[PoParser], None] | None = None,
    ) -> None:
        """``data``: the file's bytes (None: ``store`` is made already); ``charset``: what
        they were decoded in; ``adopt``: makes ``store`` of the finished parse."""
        self._store = store
        self._charset = charset
        self._adopt = adopt
        self._mutex = threading.Lock()
        self._error: InputError | None = None
        self._result: PoStore | None = None
        self._parser: PoParser | None = None
        self._checked = 0  # bytes known to be valid UTF-8 without NUL
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._header: dict[str, str] | None = None
        self._size = len(data) if data is not None else 1
        if data is None:  # the store is made
            self._result = self._store
            self._view: Sequence[PoEntry] = self._store.entries
            return
        if not data or data.isspace():
            check_bytes(data, store.path)
        self._parser = PoParser(data, store.path)
        self._view = _LiveEntries(self._parser)

    @classmethod
    def of(cls, store: PoStore) -> Loading:
        """The load of a store that is there already."""
        return cls(store, None)

    @property
    def path(self) -> Path:
        return self._store.path

    @property
    def complete(self) -> bool:
        """Whether the store is made (:meth:`finish` returns at once)."""
        return self._result is not None

    @property
    def fraction(self) -> float:
        """How much of the file is read, 0 to 1."""
        if self._parser is None or self._result is not None:
            return 1.0
        return self._parser.position / self._size

    @property
    def entries(self) -> Sequence[PoEntry]:
        """The live entries read so far, in file order (the store's once it is made)."""
        return self._view

    @property
    def header(self) -> dict[str, str]:
        """The header fields ({} until the header entry is read)."""
        if self._result is not None:
            return self._result.header
        return dict(self._header or {})

    def step(self, size: int = 2 << 20) -> bool:
        """Parse about ``size`` more bytes; True once the store is made."""
        with self._mutex:
            if self._error is not None:
                raise self._error
            if self._result is not None:
                return True
            parser = self._parser
            assert parser is not None
            self._guarded(lambda: self._parse(parser, parser.position + size))
            if parser.position >= len(parser.data):
                self._guarded(self._make)
            return self._result is not None

    def finish(self) -> PoStore:
        """The store (parsing whatever is left first)."""
        while not self.step(1 << 62):
            pass
        assert self._result is not None
        return self._result

    def _guarded(self, work: Callable[[], None]) -> None:
        try:
            work()
        except (InputError, UnicodeDecodeError) as failure:
            self._error = self._error_for(failure)
            raise self._error from None

    def _error_for(self, failure: InputError | UnicodeDecodeError) -> InputError:
        """What load reports: a bad byte anywhere in the file comes before the parse error."""
        parser = self._parser
        assert parser is not None
        try:
            check_bytes(parser.data, self.path)
        except InputError as bad:
            return bad
        if isinstance(failure, InputError):
            return failure
        return InputError(self.path, None, "escape sequences make invalid UTF-8")

    def _parse(self, parser: PoParser, stop: int) -> None:
        data = parser.data
        stop = min(stop, len(data))
        # The bytes up to where the parse may go (an entry can end beyond ``stop``): the
        # decoder keeps a character cut at the end for the next piece.
        upto = data.find(b"\n\n", stop) + 1 or len(data)
        if upto > self._checked:
            view = memoryview(data)[self._checked : upto]
            if data.find(b"\0", self._checked, upto) >= 0:
                check_bytes(data, self.path)
            self._decoder.decode(view, final=upto >= len(data))
            self._checked = upto
        with no_cycle_collection():
            parser.parse_until(stop)
        if self._header is None and parser.header_item is not None:
            header = parser.entries[parser.header_item]
            fields = parse_header(header.msgstr)
            start = parser.starts[parser.header_item]
            problem = charset_problem(self.path, fields, data, start, self._charset)
            if problem is not None:
                raise problem
            self._header = fields

    def _make(self) -> None:
        parser = self._parser
        assert parser is not None
        if self._checked < len(parser.data):
            check_bytes(parser.data, self.path)
        assert self._adopt is not None
        self._adopt(parser)
        self._view = self._store.entries
        self._result = self._store
