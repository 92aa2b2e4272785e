"""The one place that reads and writes gettext PO files.

Why not polib: on a 116 000-entry catalog it needs seconds to load and again to save,
rewraps lines differently from msgcat (so one approval turns into a diff of thousands
of lines), drops the ``#~|`` lines of obsolete entries, accepts an unterminated string
as an empty catalog, parses a missing path as PO text, and writes ``\\a`` as ``\\\\a``.

So the tool has its own parser (:mod:`review_tool.po_parser`, entries in
:mod:`review_tool.po_entry`) and a msgcat-compatible serialiser (:mod:`review_tool.po_format`),
and this store never rewrites what it did not change: the store keeps the file's bytes and the
byte span of every entry, and a save splices only the re-serialised changed entries
into them (untouched entries stay byte-identical, one approval is a one-entry diff).
Saves are atomic (:mod:`review_tool.atomic_io`) and serialised between processes by a
lock file; a save that finds the file changed on disk since it was read re-applies its
own changes onto the new content by (msgctxt, msgid) and reports the conflicts.
Approvals are made durable in a journal first (:mod:`review_tool.po_journal`); a load can take
the parse from a snapshot of the same bytes, or go in steps (:meth:`PoStore.start_load`).
"""

from __future__ import annotations

import bisect
import codecs
import contextlib
import errno
import fcntl
import hashlib
import marshal
import os
import stat
import struct
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar, overload

from review_tool import po_entry, po_journal, po_parser
from review_tool.atomic_io import (
    PreparedReplacement,
    atomic_write_chunks,
    cleanup_stale_temps,
    commit_replacement,
    discard_replacement,
    prepare_replacement,
)
from review_tool.errors import InputError
from review_tool.gc_pause import no_cycle_collection
from review_tool.plural_forms import nplurals as parse_nplurals
from review_tool.plural_forms import plural_forms
from review_tool.po_entry import (
    EntryState,
    Key,
    PoEntry,
    _entry_data,
    _entry_from_data,
    _entry_from_values,
    _entry_values,
)
from review_tool.po_format import (
    PAGE_WIDTH,
    _render,
    _Rendered,
    format_entry,
    format_string,
)
from review_tool.po_parser import (
    _CHARSET_RE,
    _ESCAPE_TOKEN_RE,
    _HEX_RE,
    _OCTAL_RE,
    _STRING_RE,
    _UTF8_NAMES,
    MAX_ENTRY_BYTES,
    _Parser,
    _unescape,
    charset_error,
    check_bytes,
)
from review_tool.translator_credit import credited

__all__ = [
    "CONFLICT_COMMENT",
    "PAGE_WIDTH",
    "MAX_ENTRY_BYTES",
    "Compaction",
    "Conflict",
    "EntryState",
    "Key",
    "LockTimeout",
    "PoEntry",
    "PoStore",
    "SaveReport",
    "format_entry",
    "format_string",
    "snapshot_path",
]

CONFLICT_COMMENT = "other version: "
GENERATOR = "review_tool"


@dataclass(frozen=True, slots=True)
class Conflict:
    """Our change and theirs to the same entry differed; ours was written.

    ``theirs`` is None when the other writer had deleted the entry.  ``index`` is the
    entry's live index after the save (None if it ended up obsolete).
    """

    index: int | None
    msgctxt: str | None
    msgid: str
    ours: PoEntry
    theirs: PoEntry | None


@dataclass(frozen=True, slots=True)
class SaveReport:
    path: Path
    written: bool
    changed: int = 0  # entries (incl. header) re-serialised
    merged_external: bool = False  # the file had changed on disk; ours were re-applied
    conflicts: tuple[Conflict, ...] = ()
    seconds: float = 0.0
    journaled: bool = False  # recorded in the journal (durable); the PO file comes later


class LockTimeout(InputError):
    """Another process held the PO file's lock for longer than we were willing to wait."""

    def __init__(self, path: str | Path, lock_path: str | Path, timeout: float) -> None:
        super().__init__(
            path,
            None,
            f"locked by another process (lock file {lock_path}); gave up after {timeout:g} s",
        )


# ---------------------------------------------------------------------------------------
# Store

_SNAPSHOT_MAGIC = b"review_tool PO snapshot 1\n"
_SNAPSHOT_HEAD = struct.Struct(f">{len(_SNAPSHOT_MAGIC)}s20s20sQ")  # magic, tag, SHA-1, size
_FRAME_LENGTH = struct.Struct(">I")
_SNAPSHOT_CHUNK = 4096  # entries per marshal frame (short GIL holds while writing)


def _code_tag() -> bytes:
    """Snapshots are only valid for this parser (the source of the modules that make the
    entries, as imported) and this marshal format."""
    try:
        code = b"".join(
            Path(module.__file__ or "").read_bytes()
            for module in (sys.modules[__name__], po_parser, po_entry)
        )
    except OSError:  # no source file (a zipped install): the version has to do
        code = GENERATOR.encode()
    version = f"{sys.version_info[:2]}/{marshal.version}".encode()
    return hashlib.sha1(code + version, usedforsecurity=False).digest()


_CODE_TAG = _code_tag()


def _snapshot_tag() -> bytes:
    return _CODE_TAG


def _snapshot_entries(
    fd: int, pos: int
) -> tuple[int | None, list[int], list[int], list[int], list[PoEntry]] | None:
    """The parse kept in a snapshot file (frames from ``pos``), None if it is damaged.

    Frame by frame (a few MB each) rather than the whole file at once: reusing the same
    memory is much cheaper than mapping, faulting in and unmapping 100 MB."""
    try:
        with no_cycle_collection():
            frames = iter(_frames(fd, pos))
            count, header_item, starts, ends, lines0 = marshal.loads(next(frames))
            make = _entry_from_values
            items = [make(values) for frame in frames for values in marshal.loads(frame)]
    except (ValueError, EOFError, TypeError, StopIteration, struct.error, OSError):
        return None
    if not (count == len(items) == len(starts) == len(ends) == len(lines0)):
        return None
    if header_item is not None and not 0 <= header_item < count:
        return None
    return header_item, starts, ends, lines0, items


def _frames(fd: int, pos: int) -> Iterator[bytes]:
    while True:
        head = os.pread(fd, _FRAME_LENGTH.size, pos)
        if not head:
            return
        (length,) = _FRAME_LENGTH.unpack(head)
        frame = os.pread(fd, length, pos + _FRAME_LENGTH.size)
        if len(frame) != length:
            raise ValueError("truncated snapshot")
        yield frame
        pos += _FRAME_LENGTH.size + length


def snapshot_path(snapshot_dir: Path, po_path: str | Path) -> Path:
    """Where the snapshot of a PO file's parse lives (one per file)."""
    real = os.path.realpath(po_path).encode("utf-8", "surrogateescape")
    return snapshot_dir / f"{hashlib.sha1(real, usedforsecurity=False).hexdigest()[:24]}.snap"


def _now() -> str:
    return time.strftime("%Y-%m-%d %H:%M%z")


def _parse_header(msgstr: str) -> dict[str, str]:
    header: dict[str, str] = {}
    for line in msgstr.split("\n"):
        name, colon, value = line.partition(":")
        if colon and name.strip():
            header[name.strip()] = value.strip()
    return header


def _edit_header_text(msgstr: str, changes: dict[str, str | None]) -> str:
    """Apply field changes line by line, keeping every other line as it was."""
    lines = msgstr.split("\n")
    trailing = lines and lines[-1] == ""
    if trailing:
        lines.pop()
    done: set[str] = set()
    out: list[str] = []
    for line in lines:
        name = line.partition(":")[0].strip()
        if ":" in line and name in changes:
            if name in done:
                continue
            done.add(name)
            value = changes[name]
            if value is not None:
                out.append(f"{name}: {value}")
            continue
        out.append(line)
    for name, value in changes.items():
        if name not in done and value is not None:
            out.append(f"{name}: {value}")
    return "".join(line + "\n" for line in out)


def _charset_problem(
    path: Path, header: dict[str, str], data: bytes, start: int, end: int
) -> InputError | None:
    """The error for a header (at ``data[start:end]``) declaring a charset other than UTF-8."""
    match = _CHARSET_RE.search(header.get("Content-Type", "").encode())
    if match is None or match.group(1).decode().lower() in _UTF8_NAMES:
        return None
    return charset_error(path, data, _CHARSET_RE.search(data, start, end) or match)


class _LiveEntries(Sequence[PoEntry]):
    """The live entries a parse has read so far (a view that grows with it)."""

    def __init__(self, parser: _Parser) -> None:
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
        journal: po_journal.JournalState,
        data: bytes | None,
        sig: tuple[int, int, int],
        *,
        made: bool = False,
    ) -> None:
        self._store = store
        self._journal = journal
        self._sig = sig
        self._mutex = threading.Lock()
        self._error: InputError | None = None
        self._result: PoStore | None = None
        self._parser: _Parser | None = None
        self._checked = 0  # bytes known to be valid UTF-8 without NUL
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._header: dict[str, str] | None = None
        self._size = len(data) if data is not None else 1
        if data is None:  # parsed already (a snapshot), or the store is made
            if not made:
                self._store._loaded(sig, journal)
            self._result = self._store
            self._view: Sequence[PoEntry] = self._store.entries
            return
        if not data or data.isspace():
            check_bytes(data, store.path)
        self._parser = _Parser(data, store.path)
        self._view = _LiveEntries(self._parser)

    @classmethod
    def of(cls, store: PoStore) -> Loading:
        """The load of a store that is there already."""
        return cls(store, po_journal.NO_JOURNAL, None, (0, 0, 0), made=True)

    @property
    def path(self) -> Path:
        return self._store.path

    @property
    def journal_path(self) -> Path:
        return self._store.journal_path

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

    def _parse(self, parser: _Parser, stop: int) -> None:
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
            fields = _parse_header(header.msgstr)
            start, end = parser.starts[parser.header_item], parser.ends[parser.header_item]
            problem = _charset_problem(self.path, fields, data, start, end)
            if problem is not None:
                raise problem
            self._header = fields

    def _make(self) -> None:
        parser = self._parser
        assert parser is not None
        if self._checked < len(parser.data):
            check_bytes(parser.data, self.path)
        self._store._adopt_parser(parser)
        self._store._loaded(self._sig, self._journal)
        self._view = self._store.entries
        self._result = self._store


@dataclass(slots=True)
class Compaction:
    """A background write of a store's changes: see :meth:`PoStore.prepare_compaction`."""

    merge: bool  # the file or journal changed under us: use save(), which merges
    prepared: PreparedReplacement | None = None
    sig: tuple[int, int, int] | None = None  # the file it replaces
    journal: tuple[tuple[int, int] | None, int] = (None, 0)  # (identity, records folded)
    done: dict[int, PoEntry] = field(default_factory=dict)
    header: dict[str, str | None] = field(default_factory=dict)
    replacements: dict[int, _Rendered] = field(default_factory=dict)
    written: dict[int, bytes] = field(default_factory=dict)


class PoStore:
    """A PO file in memory: entries plus the file's bytes, saved by splicing.

    Live entries are addressed by their index in :attr:`entries` (file order, without
    the header and obsolete entries).  ``PoEntry.line``/``msgstr_line`` are the lines
    where the entry was when the file was parsed (load, reload, a save that merged an
    external change) or last written by this store; entries further down can move when
    an earlier one changes its line count, so use :meth:`line_of` or
    :meth:`msgstr_position` for positions in the file as it is now.
    """

    _COMPACT_AFTER = 512

    def __init__(self, path: str | Path) -> None:
        self._path = Path(path)
        self._buf = b""
        self._newline = "\n"
        self._items: list[PoEntry] = []  # every entry in file order, as on disk
        self._starts: list[int] = []  # byte span of each item in _buf
        self._ends: list[int] = []
        self._lines0: list[int] = []  # first line of each item in _buf
        # First line of each item when its PoEntry.line was set (parse, or the save that
        # wrote it): entries below a save that changed line counts keep their old lines.
        self._line_base: list[int] = []
        self._written: dict[int, bytes] = {}  # items rewritten since _buf was built
        self._line_delta: dict[int, int] = {}
        self._shift_keys: list[int] = []
        self._shift_cum: list[int] = []
        self._header_item: int | None = None
        self._header: dict[str, str] = {}
        self._header_msgstr = ""
        self._live: list[int] = []  # live index -> item (>= len(_items): appended)
        self._entries: list[PoEntry] = []
        self._obs: list[int] = []
        self._obsolete: list[PoEntry] = []
        self._obs_index: dict[Key, int] = {}
        self._ctx_index: dict[str | None, int] | None = None  # built on first use
        self._pending: dict[int, PoEntry] = {}
        self._appended: list[PoEntry] = []
        self._header_changes: dict[str, str | None] = {}
        self._on_disk = False
        self._sig: tuple[int, int, int] | None = None
        # The journal (see review_tool.po_journal) as this store last saw or wrote it, and
        # the entries recorded in it: item -> the entry as recorded (durable, not yet in
        # the PO file).  A pending change equal to its _durable entry needs no rebase.
        self._journal = po_journal.journal_path(self._path)
        self._journal_id: tuple[int, int] | None = None
        self._journal_end = 0
        self._journal_foreign = False  # someone else's records are in it: merge on save
        self._durable: dict[int, PoEntry] = {}
        self.replay_conflicts: tuple[Conflict, ...] = ()
        self._mutex = threading.RLock()  # commit() vs a compaction in another thread
        self._index_map: dict[Key, int] | None = {}  # key -> live index (None: build)
        self._snapshot_stale = True

    @property
    def _index(self) -> dict[Key, int]:
        """Key -> live index, built on first use (hashing 100 000 msgids takes a while, and
        a review that never merges never needs it)."""
        index = self._index_map
        if index is None:
            index = {(e.msgctxt, e.msgid): i for i, e in enumerate(self._entries)}
            self._index_map = index
        return index

    # -- construction ----------------------------------------------------------------

    @classmethod
    def load(
        cls, path: str | Path, *, lock_timeout: float = 10.0, snapshot_dir: Path | None = None
    ) -> PoStore:
        """Read and parse a PO file; any problem is an InputError naming file and line.

        Approvals recorded in the file's journal and not yet written into it are applied
        (they are pending changes of the store, which :meth:`save` writes); where the file
        changed since they were recorded they are merged as by :meth:`save`, and the
        conflicts are in :attr:`replay_conflicts`.  With ``snapshot_dir`` the parse is
        taken from a snapshot of exactly these bytes when there is one (see
        :meth:`write_snapshot`).
        """
        return cls.start_load(path, lock_timeout=lock_timeout, snapshot_dir=snapshot_dir).finish()

    @classmethod
    def start_load(
        cls, path: str | Path, *, lock_timeout: float = 10.0, snapshot_dir: Path | None = None
    ) -> Loading:
        """:meth:`load` in steps: the file (and journal) is read now, the parse is left to
        :meth:`Loading.step` and :meth:`Loading.finish` (whose result and errors are those
        of :meth:`load`), so that a screen can show the first entries of a large file while
        the rest is parsed.  A snapshot of the same bytes is taken at once, as by load.
        """
        store = cls(path)
        journal = po_journal.NO_JOURNAL
        with contextlib.ExitStack() as stack:
            if store._journal.exists():
                # Read journal and file together, not in the middle of someone's fold.
                stack.enter_context(store._locked(lock_timeout, shared=True, required=False))
                journal = po_journal.read(store._journal)
            snapshot = store._read_with_snapshot(snapshot_dir) if snapshot_dir else None
            if snapshot is None:
                data, sig = store._read()
        if snapshot is not None and snapshot[2]:
            store._snapshot_stale = False
            return Loading(store, journal, None, snapshot[1])
        if snapshot is not None:
            data, sig = snapshot[0], snapshot[1]
        return Loading(store, journal, data, sig)

    def _loaded(self, sig: tuple[int, int, int], journal: po_journal.JournalState) -> None:
        """The parse is in: the file is on disk as ``sig``; replay the journal onto it."""
        self._sig = sig
        self._on_disk = True
        if journal.ident is not None:
            found = self._replay(journal)
            self.replay_conflicts = tuple(
                Conflict(self.find(*key), key[0], key[1], ours, theirs)
                for key, ours, theirs in found
            )

    @classmethod
    def new(
        cls,
        path: str | Path,
        *,
        language: str,
        source_language: str | None = None,
        project: str | None = None,
        entries: Iterable[PoEntry] = (),
    ) -> PoStore:
        """An in-memory catalog for a file that does not exist yet (written by save())."""
        store = cls(path)
        if store._path.exists():
            raise InputError(store._path, None, "already exists; load it instead of creating it")
        now = _now()
        header = {
            "Project-Id-Version": project or store._path.stem,
            "Report-Msgid-Bugs-To": "",
            "POT-Creation-Date": now,
            "PO-Revision-Date": now,
            "Last-Translator": "",
            "Language-Team": "",
            "Language": language,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": plural_forms(language),
            "X-Generator": GENERATOR,
        }
        if source_language:
            header["X-Source-Language"] = source_language
        for name, value in header.items():
            store.set_header(name, value)
        for entry in entries:
            store.append(entry)
        return store

    def _read(self) -> tuple[bytes, tuple[int, int, int]]:
        path = self._path
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
        return data, (st.st_size, st.st_mtime_ns, st.st_ino)

    def _adopt_bytes(self, data: bytes) -> None:
        """Parse ``data`` as the file's content and make it the store's state."""
        check_bytes(data, self._path)
        parser = _Parser(data, self._path)
        with no_cycle_collection():
            parser.parse()
        self._adopt_parser(parser)

    def _adopt_parser(self, parser: _Parser) -> None:
        self._adopt_parsed(
            parser.data,
            parser.entries,
            parser.starts,
            parser.ends,
            parser.first_lines,
            parser.header_item,
            parser.live_items,
            parser.obs_items,
        )
        self._index_map = parser.live_index
        self._obs_index = parser.obs_index

    def _adopt_parsed(
        self,
        data: bytes,
        items: list[PoEntry],
        starts: list[int],
        ends: list[int],
        lines0: list[int],
        header_item: int | None,
        live: list[int],
        obs: list[int],
    ) -> None:
        self._buf = data
        first_nl = data.find(b"\n")
        self._newline = "\r\n" if first_nl > 0 and data[first_nl - 1] == 0x0D else "\n"
        self._items = items
        self._starts = starts
        self._ends = ends
        self._lines0 = lines0
        self._line_base = list(lines0)
        self._written = {}
        self._line_delta = {}
        self._shift_keys = []
        self._shift_cum = []
        self._pending = {}
        self._appended = []
        self._header_changes = {}
        self._header_item = header_item
        self._set_header_from_item()
        self._live = live
        self._entries = [items[i] for i in live]
        self._obs = obs
        self._obsolete = [items[i] for i in obs]
        self._index_map = None  # built on first use
        self._obs_index = {}
        for i, entry in enumerate(self._obsolete):
            self._obs_index.setdefault((entry.msgctxt, entry.msgid), i)
        self._ctx_index = None

    # -- snapshots: a parse kept for the next load of the same bytes -----------------

    def _read_with_snapshot(
        self, snapshot_dir: Path
    ) -> tuple[bytes, tuple[int, int, int], bool] | None:
        """Read the file and, if there is a snapshot of exactly its bytes, take the parse
        from it: (data, signature, True).  (data, signature, False): read, but parse it.
        None: no snapshot, nothing read yet.

        The file is read and hashed in a thread (both let go of the GIL) while this one
        rebuilds the entries from the snapshot, a frame at a time.
        """
        try:
            fd = os.open(snapshot_path(snapshot_dir, self._path), os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            return None
        try:
            head = os.pread(fd, _SNAPSHOT_HEAD.size, 0)
            if len(head) != _SNAPSHOT_HEAD.size:
                return None
            magic, tag, digest, size = _SNAPSHOT_HEAD.unpack(head)
            if magic != _SNAPSHOT_MAGIC or tag != _snapshot_tag():
                return None
            with contextlib.suppress(OSError):  # (the read below reports a missing file)
                if os.stat(self._path).st_size != size:
                    return None  # another file now (a git pull): parse, do not unpack this
            read: list[tuple[bytes, tuple[int, int, int]]] = []
            hashed: list[bytes] = []
            failed: list[BaseException] = []

            def read_and_hash() -> None:
                try:
                    read.append(self._read())
                    if len(read[0][0]) == size:
                        hashed.append(hashlib.sha1(read[0][0], usedforsecurity=False).digest())
                except BaseException as exc:  # re-raised in the caller's thread
                    failed.append(exc)

            reader = threading.Thread(target=read_and_hash, name="po-read")
            reader.start()
            try:
                parsed = _snapshot_entries(fd, _SNAPSHOT_HEAD.size)
            finally:
                reader.join()
        finally:
            os.close(fd)
        if failed:
            raise failed[0]
        data, sig = read[0]
        if parsed is None or hashed != [digest]:
            return data, sig, False
        header_item, starts, ends, lines0, items = parsed
        live: list[int] = []
        obs: list[int] = []
        for item, entry in enumerate(items):
            if item != header_item:
                (obs if entry.obsolete else live).append(item)
        self._adopt_parsed(data, items, starts, ends, lines0, header_item, live, obs)
        return data, sig, True

    @property
    def snapshot_stale(self) -> bool:
        """Whether the file's parse is not known to be in a snapshot (see write_snapshot)."""
        return self._snapshot_stale

    def write_snapshot(self, snapshot_dir: Path) -> Path | None:
        """Keep this store's parse of the file (as it is on disk) for the next load.

        Meant for a background thread: the state is copied under the store's lock, and
        the file is hashed and the snapshot serialised and written (atomically) outside
        it, chunk by chunk.  :meth:`load` with ``snapshot_dir`` then takes the entries
        from it instead of parsing, if the file still has exactly these bytes.
        """
        with self._mutex:
            if not self._on_disk or self._appended:
                return None
            buf, written = self._buf, dict(self._written)
            starts, ends, lines0 = list(self._starts), list(self._ends), list(self._lines0)
            line_base = list(self._line_base)
            line_delta = dict(self._line_delta)
            items = list(self._items)
            header_item = self._header_item
            sig = self._sig
        # The file as it is now: the old bytes with the rewritten entries spliced in, and
        # every entry's position in it (as _compact computes them).
        pieces: list[bytes | memoryview] = []
        view = memoryview(buf)
        digest = hashlib.sha1(usedforsecurity=False)
        pos = 0
        byte_shift = 0
        line_shift = 0
        shifts: list[int] = []
        for item in range(len(items)):
            old_start, old_end = starts[item], ends[item]
            data = written.get(item)
            length = old_end - old_start if data is None else len(data)
            if data is not None:
                pieces.append(view[pos:old_start])
                pieces.append(data)
                pos = old_end
            starts[item] = old_start + byte_shift
            ends[item] = starts[item] + length
            byte_shift += length - (old_end - old_start)
            lines0[item] += line_shift
            shifts.append(lines0[item] - line_base[item])
            line_shift += line_delta.get(item, 0)
        pieces.append(view[pos:])
        size = 0
        for piece in pieces:
            digest.update(piece)
            size += len(piece)
        meta = marshal.dumps((len(items), header_item, starts, ends, lines0))

        def frames() -> Iterator[bytes]:
            yield _SNAPSHOT_HEAD.pack(_SNAPSHOT_MAGIC, _snapshot_tag(), digest.digest(), size)
            yield _FRAME_LENGTH.pack(len(meta)) + meta
            for first in range(0, len(items), _SNAPSHOT_CHUNK):
                chunk = []
                for item in range(first, min(first + _SNAPSHOT_CHUNK, len(items))):
                    values = list(_entry_values(items[item]))
                    # Positions as a fresh parse of the file would give them now.
                    values[13] += shifts[item]  # type: ignore[operator]
                    values[14] += shifts[item]  # type: ignore[operator]
                    chunk.append(tuple(values))
                blob = marshal.dumps(chunk)
                yield _FRAME_LENGTH.pack(len(blob)) + blob

        path = snapshot_path(snapshot_dir, self._path)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_chunks(path, frames())
        with self._mutex:
            if self._sig == sig:
                self._snapshot_stale = False
        return path

    def _set_header_from_item(self) -> None:
        if self._header_item is None:
            self._header_msgstr = ""
            self._header = {}
            return
        entry = self._items[self._header_item]
        self._header_msgstr = entry.msgstr
        self._header = _parse_header(entry.msgstr)
        start, end = self._starts[self._header_item], self._ends[self._header_item]
        problem = _charset_problem(self._path, self._header, self._buf, start, end)
        if problem is not None:
            raise problem

    def _rebuild_views(self) -> None:
        """Recompute the live/obsolete lists and indexes from items and pending changes."""
        live: list[int] = []
        obs: list[int] = []
        entries: list[PoEntry] = []
        obsolete: list[PoEntry] = []
        pending = self._pending
        header = self._header_item
        all_items = self._items + self._appended
        for item, entry in enumerate(all_items):
            if item == header:
                continue
            current = pending.get(item, entry)
            if current.obsolete:
                obs.append(item)
                obsolete.append(current)
            else:
                live.append(item)
                entries.append(current)
        self._live, self._entries, self._obs, self._obsolete = live, entries, obs, obsolete
        self._index_map = None
        self._obs_index = {}
        for i, e in enumerate(obsolete):
            self._obs_index.setdefault(e.key, i)
        self._ctx_index = None

    # -- read access -----------------------------------------------------------------

    @property
    def path(self) -> Path:
        return self._path

    @property
    def header(self) -> dict[str, str]:
        """Header fields in file order (a copy; change them with set_header)."""
        return dict(self._header)

    @property
    def language(self) -> str | None:
        return self._header.get("Language") or None

    @property
    def nplurals(self) -> int:
        return parse_nplurals(self._header.get("Plural-Forms")) or 2

    @property
    def entries(self) -> list[PoEntry]:
        """Live entries in file order.  Read-only: change them with update()/append()."""
        return self._entries

    @property
    def obsolete(self) -> list[PoEntry]:
        """Obsolete (``#~``) entries in file order.  Read-only."""
        return self._obsolete

    @property
    def dirty(self) -> bool:
        return bool(self._pending or self._appended or self._header_changes or not self._on_disk)

    @property
    def newline(self) -> str:
        return self._newline

    def find(self, msgctxt: str | None, msgid: str) -> int | None:
        return self._index.get((msgctxt, msgid))

    def index_of_context(self, msgctxt: str | None) -> int | None:
        """Index of the first live entry with this msgctxt."""
        if self._ctx_index is None:
            ctx_index: dict[str | None, int] = {}
            for i, entry in enumerate(self._entries):
                ctx_index.setdefault(entry.msgctxt, i)
            self._ctx_index = ctx_index
        return self._ctx_index.get(msgctxt)

    # -- changes ---------------------------------------------------------------------

    def update(self, index: int, entry: PoEntry) -> None:
        """Replace live entry ``index`` (written at its place on the next save)."""
        if entry.obsolete:
            raise ValueError("use make_obsolete() to make an entry obsolete")
        old = self._entries[index]
        if entry.key != old.key:
            clash = self._index.get(entry.key)
            if clash is not None and clash != index:
                raise ValueError(f"another entry (index {clash}) already has this msgctxt/msgid")
        entry = self._normalised(entry)
        if (entry.line, entry.msgstr_line) != (old.line, old.msgstr_line):
            entry = replace(entry, line=old.line, msgstr_line=old.msgstr_line)
        self._set_item(self._live[index], entry)
        self._entries[index] = entry
        if entry.key != old.key:
            del self._index[old.key]
            self._index[entry.key] = index
            self._ctx_index = None

    def append(self, entry: PoEntry) -> int:
        """Add a live entry (written after the last live entry); returns its index."""
        if entry.obsolete:
            raise ValueError("append() adds live entries")
        if entry.key in self._index:
            raise ValueError("an entry with this msgctxt/msgid already exists")
        if entry.msgid == "" and entry.msgctxt is None:
            raise ValueError('msgid "" is the header; use set_header()')
        entry = self._normalised(entry)
        entry = replace(entry, line=0, msgstr_line=0) if entry.line else entry
        item = len(self._items) + len(self._appended)
        self._appended.append(entry)
        index = len(self._entries)
        self._live.append(item)
        self._entries.append(entry)
        self._index[entry.key] = index
        if self._ctx_index is not None:
            self._ctx_index.setdefault(entry.msgctxt, index)
        return index

    def _normalised(self, entry: PoEntry) -> PoEntry:
        """The entry as it will read back: an untranslated plural gets nplurals "" forms."""
        if entry.msgid_plural is not None and not entry.msgstr_plural:
            return replace(entry, msgstr="", msgstr_plural=("",) * self.nplurals)
        if entry.msgid_plural is None and entry.msgstr_plural:
            raise ValueError("msgstr_plural needs msgid_plural")
        return entry

    def make_obsolete(self, index: int) -> None:
        """Turn live entry ``index`` into an obsolete (``#~``) entry, in place."""
        entry = replace(self._entries[index], obsolete=True)
        self._set_item(self._live[index], entry)
        self._rebuild_views()

    def set_header(self, name: str, value: str | None) -> None:
        """Set (or with None remove) a header field; written on the next save."""
        if "\n" in name or ":" in name or (value is not None and "\n" in value):
            raise ValueError("header names and values are single lines; names have no colon")
        if value is None:
            if name not in self._header:
                return
            del self._header[name]
        else:
            if self._header.get(name) == value:
                return
            self._header[name] = value
        self._header_changes[name] = value

    def _set_item(self, item: int, entry: PoEntry) -> None:
        n = len(self._items)
        if item >= n:
            self._appended[item - n] = entry
        elif entry == self._items[item] and entry.obsolete == self._items[item].obsolete:
            self._pending.pop(item, None)
        else:
            self._pending[item] = entry

    # -- positions -------------------------------------------------------------------

    def _shift(self, item: int) -> int:
        pos = bisect.bisect_left(self._shift_keys, item)
        return self._shift_cum[pos - 1] if pos else 0

    def _item_line(self, item: int) -> int:
        return self._lines0[item] + self._shift(item)

    def _disk_text(self, item: int) -> bytes:
        written = self._written.get(item)
        if written is not None:
            return written
        return self._buf[self._starts[item] : self._ends[item]]

    def line_of(self, index: int) -> int:
        """The current 1-based line of live entry ``index``'s msgid in the file (0 if new)."""
        item = self._live[index]
        if item >= len(self._items):
            return 0
        if item in self._pending:
            offset = self._render_item(item, self._entries[index]).msgid_offset
        else:
            lines = self._disk_text(item).decode("utf-8").split("\n")
            offset = _keyword_index(lines, "msgid")
        return self._item_line(item) + offset

    def msgstr_position(self, index: int, offset: int, form: int = 0) -> tuple[int, int]:
        """1-based (line, column) in the file of character ``offset`` of a msgstr.

        ``form`` selects ``msgstr[form]`` of plural entries.  ``offset`` may equal the
        length of the string (the position of the closing quote).  For an entry with
        unsaved changes the position is where it will be once saved (ignoring unsaved
        line-count changes of entries above it); new entries raise ValueError.
        """
        item = self._live[index]
        entry = self._entries[index]
        if item >= len(self._items):
            raise ValueError("the entry has not been saved yet")
        forms = entry.forms
        if not 0 <= form < max(len(forms), 1):
            raise IndexError(f"no msgstr form {form}")
        value = forms[form] if forms else ""
        if not 0 <= offset <= len(value):
            raise IndexError(f"offset {offset} outside the msgstr (length {len(value)})")
        if item in self._pending:
            text = self._render_item(item, entry).text
        else:
            text = self._disk_text(item).decode("utf-8")
        keyword = f"msgstr[{form}]" if entry.msgid_plural is not None else "msgstr"
        lines = text.replace("\r\n", "\n").split("\n")
        return _locate(lines, keyword, offset, self._item_line(item))

    # -- saving ----------------------------------------------------------------------

    def _render_item(self, item: int, entry: PoEntry) -> _Rendered:
        old = self._items[item] if item < len(self._items) else None
        raw = self._disk_text(item).decode("utf-8") if old is not None else None
        return _render(entry, self.nplurals, old, raw)

    def _render_header(self, changes: dict[str, str | None]) -> _Rendered:
        msgstr = _edit_header_text(self._header_msgstr, changes)
        if self._header_item is None:
            entry = PoEntry("", msgstr)
            return _render(entry, self.nplurals)
        old = self._items[self._header_item]
        on_disk = dict(
            line.split(":", 1) for line in self._header_msgstr.split("\n") if ":" in line
        )
        on_disk = {k.strip(): v.strip() for k, v in on_disk.items()}
        comments = credited(old.translator_comments, on_disk, changes)  # as Poedit does
        entry = replace(old, msgstr=msgstr, translator_comments=comments)
        return _render(entry, self.nplurals, old, self._disk_text(self._header_item).decode())

    def _encode(self, text: str) -> bytes:
        if self._newline != "\n":
            text = text.replace("\n", self._newline)
        return text.encode("utf-8")

    @contextlib.contextmanager
    def _locked(
        self, timeout: float, *, shared: bool = False, required: bool = True
    ) -> Iterator[None]:
        """The PO file's lock (``.<name>.lock``): exclusive for writers, shared for
        readers of a file with a journal.  ``required=False``: go on without it when the
        lock file cannot be opened (a read-only folder)."""
        real = Path(os.path.realpath(self._path))
        lock_path = real.parent / f".{real.name}.lock"
        problem: InputError | None = None
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        except FileNotFoundError:
            problem = InputError(self._path, None, "folder does not exist")
        except OSError as exc:
            problem = InputError(
                self._path, None, f"cannot create lock file {lock_path}: {exc.strerror}"
            )
        if problem is not None:
            if required:
                raise problem
            yield
            return
        mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        try:
            deadline = time.monotonic() + timeout
            delay = 0.002
            while True:
                try:
                    fcntl.flock(fd, mode | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES):
                        raise InputError(self._path, None, f"cannot lock: {exc.strerror}") from None
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise LockTimeout(self._path, lock_path, timeout) from None
                    time.sleep(min(delay, remaining))
                    delay = min(delay * 2, 0.05)
            yield
        finally:
            os.close(fd)  # releases the flock

    def save(self, *, last_translator: str | None = None, lock_timeout: float = 10.0) -> SaveReport:
        """Write the changes (atomically, splicing only changed entries) and report.

        No-op when nothing changed and no journal waits to be written into the file.  If
        the file changed on disk since it was read, our changes are re-applied onto its new
        content by (msgctxt, msgid): ours win, and where the other writer changed the same
        entry's translation differently, theirs is kept as a ``# other version: ...``
        comment and reported as a Conflict.  Records in the file's journal (ours or anyone
        else's) are written into the file too, and the journal is removed.  Afterwards the
        store reflects the file on disk; after a merge (``merged_external``) indexes may
        have moved and :attr:`entries` is a new list, so re-read it.  Raises LockTimeout if
        another process holds the lock longer than ``lock_timeout`` seconds, InputError if
        the file cannot be written or its new content is not valid PO (nothing is written
        then, and the changes stay unsaved).
        """
        started = time.perf_counter()
        with self._mutex:
            if not self.dirty and self._journal_id is None and not self._journal.exists():
                return SaveReport(self._path, written=False)
            with self._locked(lock_timeout):
                folder = os.path.dirname(os.path.realpath(self._path))
                cleanup_stale_temps(folder, os.path.basename(os.path.realpath(self._path)))
                journal = po_journal.read(self._journal)
                theirs = self._external_change()
                target = self
                conflicts: list[tuple[Key, PoEntry, PoEntry | None]] = []
                known = (journal.ident, journal.end) == (self._journal_id, self._journal_end)
                if theirs is not None or not known or self._journal_foreign:
                    target = self._disk_state(theirs)
                    conflicts = target._replay(journal)
                    conflicts += self._rebase_onto(target)
                if target._header_item is not None or target._header_changes:
                    target.set_header("PO-Revision-Date", _now())
                    if last_translator:
                        target.set_header("Last-Translator", last_translator)
                changed = target._write(journal if journal.ident is not None else None)
                if target is not self:
                    self._adopt_state(target)
        report_conflicts = tuple(
            Conflict(self.find(*key), key[0], key[1], ours, other) for key, ours, other in conflicts
        )
        return SaveReport(
            self._path,
            written=True,
            changed=changed,
            merged_external=theirs is not None,
            conflicts=report_conflicts,
            seconds=time.perf_counter() - started,
        )

    def reload(self) -> tuple[Conflict, ...]:
        """Re-read the file (and its journal), keeping unsaved changes: they are re-applied
        onto the new content by (msgctxt, msgid) exactly as save() does, and stay unsaved
        (dirty).  Returns the conflicts found (theirs is kept as a comment, see save())."""
        with self._mutex:
            fresh = PoStore.load(self._path)
            conflicts = list(
                ((c.msgctxt, c.msgid), c.ours, c.theirs) for c in fresh.replay_conflicts
            )
            conflicts += self._rebase_onto(fresh)
            self._adopt_state(fresh)
            return tuple(
                Conflict(self.find(*key), key[0], key[1], ours, other)
                for key, ours, other in conflicts
            )

    def _adopt_state(self, other: PoStore) -> None:
        """Become ``other`` (a store of the same file), keeping our thread lock."""
        mutex = self._mutex
        self.__dict__.update(other.__dict__)
        self._mutex = mutex

    def _disk_state(self, theirs: tuple[bytes, tuple[int, int, int]] | None) -> PoStore:
        """A store of the file as it is on disk: ``theirs`` (bytes read), or when the file
        is the one we read, our own state without our changes (no second parse)."""
        target = PoStore(self._path)
        if theirs is not None:
            target._adopt_bytes(theirs[0])
            target._sig = theirs[1]
        else:
            target._buf = self._buf
            target._newline = self._newline
            target._items = list(self._items)
            target._starts = list(self._starts)
            target._ends = list(self._ends)
            target._lines0 = list(self._lines0)
            target._line_base = list(self._line_base)
            target._written = dict(self._written)
            target._line_delta = dict(self._line_delta)
            target._shift_keys = list(self._shift_keys)
            target._shift_cum = list(self._shift_cum)
            target._header_item = self._header_item
            target._set_header_from_item()
            target._rebuild_views()
            target._sig = self._sig
        target._on_disk = True
        return target

    def _external_change(self) -> tuple[bytes, tuple[int, int, int]] | None:
        """The file's bytes and stat signature if someone else changed it, else None."""
        try:
            st = os.stat(self._path)
        except FileNotFoundError:
            return None  # deleted (or never written): write ours
        sig = (st.st_size, st.st_mtime_ns, st.st_ino)
        if self._on_disk and sig == self._sig:
            return None
        data, sig = self._read()
        if self._on_disk and data == self._current_bytes():
            self._sig = sig
            return None
        return data, sig

    def _current_bytes(self) -> bytes:
        pieces: list[bytes | memoryview] = []
        view = memoryview(self._buf)
        pos = 0
        for item in sorted(self._written):
            pieces.append(view[pos : self._starts[item]])
            pieces.append(self._written[item])
            pos = self._ends[item]
        pieces.append(view[pos:])
        return b"".join(pieces)

    def _current_item(self, item: int) -> PoEntry:
        """The entry of ``item`` with our unsaved change, if any (whatever the views say)."""
        n = len(self._items)
        if item >= n:
            return self._appended[item - n]
        return self._pending.get(item, self._items[item])

    def _item_for_key(self, key: Key) -> int | None:
        live = self._index.get(key)
        if live is not None:
            return self._live[live]
        obs = self._obs_index.get(key)
        return self._obs[obs] if obs is not None else None

    def _rebase_onto(self, other: PoStore) -> list[tuple[Key, PoEntry, PoEntry | None]]:
        """Apply our unsaved changes to ``other`` (a fresh read of the file and journal).

        A change that is in the journal (equal to its _durable entry) is left alone: the
        journal was replayed onto ``other``, or its records are in the file by now.
        """
        conflicts: list[tuple[Key, PoEntry, PoEntry | None]] = []
        durable = self._durable
        for item in sorted(self._pending):
            if item == self._header_item:
                continue
            mine = self._pending[item]
            recorded = durable.get(item)
            if recorded is not None and recorded == mine:
                continue
            base = recorded if recorded is not None else self._items[item]
            other._apply_change(base, mine, conflicts)
        first_new = len(self._items)
        for n, entry in enumerate(self._appended):
            recorded = durable.get(first_new + n)
            if recorded is not None and recorded == entry:
                continue
            other._apply_change(recorded, entry, conflicts)
        for name, value in self._header_changes.items():
            other.set_header(name, value)
        other._rebuild_views()
        return conflicts

    def _apply_change(
        self,
        base: PoEntry | None,
        mine: PoEntry,
        conflicts: list[tuple[Key, PoEntry, PoEntry | None]],
    ) -> None:
        key = base.key if base is not None else mine.key
        item = self._item_for_key(key)
        if item is None:
            if mine.obsolete:
                return  # gone on both sides
            if base is not None:
                conflicts.append((mine.key, mine, None))
            if mine.key not in self._index:
                self.append(replace(mine, obsolete=False))
            return
        theirs = self._current_item(item)
        if theirs == mine:
            return
        result, conflict = _merge(base, mine, theirs)
        if conflict:
            conflicts.append((mine.key, result, theirs))
        if result.key != key and result.key in self._index:
            return  # renamed onto an existing entry: keep theirs
        self._set_item(item, replace(result, line=theirs.line, msgstr_line=theirs.msgstr_line))

    # -- the journal -----------------------------------------------------------------

    def _replay(
        self, journal: po_journal.JournalState
    ) -> list[tuple[Key, PoEntry, PoEntry | None]]:
        """Apply the journal's records that are not in the file yet (as pending changes).

        Each record is a three-way merge of (base -> mine) onto the entry as it is now,
        so replaying is idempotent: an entry that already holds ``mine`` (or the ``mine`` of
        a later record of the same entry) is left alone.  Records before a fold marker that
        matches the file are skipped: they were written into it.
        """
        records = journal.records
        start = 0
        folds = [r for r in records if r.data.get("op") == "fold"]
        if folds:
            content = self._current_bytes()
            crc: int | None = None
            for record in reversed(folds):
                if record.data.get("size") == len(content):
                    crc = zlib.crc32(content) if crc is None else crc
                    if record.data.get("crc") == crc:
                        upto = record.data.get("upto")
                        start = upto if isinstance(upto, int) else 0
                        break
        changes: list[tuple[PoEntry | None, PoEntry, dict[str, object]]] = []
        for record in records:
            if record.offset < start or record.data.get("op") != "set":
                continue
            try:
                raw_base = record.data.get("base")
                base = _entry_from_data(raw_base) if raw_base is not None else None
                mine = _entry_from_data(record.data.get("mine"))
            except ValueError:
                continue  # not a record this version can read
            changes.append((base, mine, record.data))
        conflicts: list[tuple[Key, PoEntry, PoEntry | None]] = []
        later: dict[Key, list[PoEntry]] = {}
        for base, mine, _data in reversed(changes):
            later.setdefault((base or mine).key, []).append(mine)
        applied: dict[str, object] | None = None
        rebuild = False
        for base, mine, data in changes:
            key = (base or mine).key
            stack = later[key]
            stack.pop()  # this record; what is left are the later ones (last first)
            item = self._item_for_key(key)
            if item is not None:
                theirs = self._current_item(item)
                if theirs == mine or theirs in stack:
                    continue
            was_live = key in self._index
            self._apply_change(base, mine, conflicts)
            applied = data
            now = self._item_for_key(mine.key)
            if now is None:
                continue
            entry = self._current_item(now)
            if not was_live or entry.obsolete or now >= len(self._items) or now != item:
                rebuild = True
            else:
                self._entries[self._index[key]] = entry
            if now in self._pending or now >= len(self._items):
                self._durable[now] = entry
        if applied is not None:
            date, who = applied.get("date"), applied.get("who")
            if isinstance(date, str) and date and "\n" not in date:
                self.set_header("PO-Revision-Date", date)
            if isinstance(who, str) and who and "\n" not in who:
                self.set_header("Last-Translator", who)
        if rebuild:
            self._rebuild_views()
        self._journal_id = journal.ident
        self._journal_end = journal.end
        self._journal_foreign = False
        return conflicts

    @property
    def journal_path(self) -> Path:
        return self._journal

    @property
    def journaled(self) -> int:
        """How many entries are recorded in the journal and not yet written into the file."""
        return len(self._durable)

    def commit(
        self,
        index: int,
        entry: PoEntry,
        *,
        last_translator: str | None = None,
        lock_timeout: float = 10.0,
    ) -> SaveReport:
        """Replace live entry ``index`` and make the change durable now, in the journal.

        One small append and fsync under the file's lock instead of rewriting the file:
        milliseconds whatever the size of the file.  The change stays pending (``dirty``)
        until :meth:`save` (or a compaction) writes it into the file; anyone loading the
        file meanwhile sees it.  On failure nothing is changed.
        """
        started = time.perf_counter()
        with self._mutex:
            if not self._on_disk:
                raise ValueError("a new file is written with save() first")
            old = self._entries[index]
            item = self._live[index]
            if item >= len(self._items):
                raise ValueError("an appended entry is written with save() first")
            self.update(index, entry)
            new = self._entries[index]
            if new == old:
                return SaveReport(self._path, written=False)
            blob = po_journal.encode(
                {
                    "op": "set",
                    "base": _entry_data(old),
                    "mine": _entry_data(new),
                    "who": last_translator or "",
                    "date": _now(),
                }
            )
            known = (self._journal_id, self._journal_end)
            try:
                with self._locked(lock_timeout):
                    done = po_journal.append(self._journal, [blob], known)
                    ident = done.ident
            except BaseException as exc:
                self.update(index, old)
                if isinstance(exc, OSError) and not isinstance(exc, InputError):
                    raise InputError(
                        self._path, None, f"cannot write the journal: {exc.strerror}"
                    ) from None
                raise
            if known != (ident, done.start) and not (known == (None, 0) and done.start == 0):
                self._journal_foreign = True  # someone else wrote or folded it meanwhile
            self._journal_id, self._journal_end = done.ident, done.end
            self._durable[item] = new
        return SaveReport(
            self._path,
            written=True,
            changed=1,
            journaled=True,
            seconds=time.perf_counter() - started,
        )

    def prepare_compaction(
        self, *, last_translator: str | None = None, lock_timeout: float = 10.0
    ) -> Compaction | None:
        """First half of writing the changes into the file, for a background thread.

        Writes and fsyncs the new file beside the old one from a snapshot of the changes,
        without holding the lock (commits go on meanwhile); :meth:`finish_compaction`
        renames it into place.  Returns None when there is nothing to write, and a plan
        with ``merge`` set when the file or journal changed under us: then call
        :meth:`save`, which merges.
        """
        with self._mutex:
            if not self.dirty and self._journal_id is None:
                return None
            merge = Compaction(merge=True)
            if (
                self._appended
                or self._header_item is None
                or not self._on_disk
                or self._journal_foreign
            ):
                return merge
            with self._locked(lock_timeout):  # a consistent look at the file and journal
                try:
                    st = os.stat(self._path)
                except FileNotFoundError:
                    return merge
                journal: tuple[tuple[int, int] | None, int] = (None, 0)
                with contextlib.suppress(FileNotFoundError):
                    jst = os.stat(self._journal)
                    journal = ((jst.st_dev, jst.st_ino), jst.st_size)
            if (st.st_size, st.st_mtime_ns, st.st_ino) != self._sig:
                return merge
            if journal != (self._journal_id, self._journal_end):
                return merge
            done = dict(self._pending)
            header = dict(self._header_changes)
            header["PO-Revision-Date"] = _now()
            if last_translator:
                header["Last-Translator"] = last_translator
            sig = self._sig
        # Only the thread that finishes a compaction changes what this reads.
        replacements = {item: self._render_item(item, entry) for item, entry in done.items()}
        assert self._header_item is not None
        replacements[self._header_item] = self._render_header(header)
        pieces, written = self._pieces(replacements, [])
        try:
            prepared = prepare_replacement(self._path, pieces, checksum=True)
        except OSError as exc:
            raise InputError(self._path, None, f"cannot write: {exc.strerror}") from None
        return Compaction(
            merge=False,
            prepared=prepared,
            sig=sig,
            journal=journal,
            done=done,
            header=header,
            replacements=replacements,
            written=written,
        )

    def finish_compaction(self, plan: Compaction, *, lock_timeout: float = 10.0) -> SaveReport:
        """Second half: under the lock, if the file is still the one the plan was made
        from, put a fold marker in the journal, rename the new file into place and drop the
        folded records from the journal.  Otherwise (someone wrote the file meanwhile)
        nothing happens (``written`` False): call :meth:`save`."""
        prepared = plan.prepared
        assert prepared is not None and not plan.merge
        started = time.perf_counter()
        with self._mutex:
            try:
                with self._locked(lock_timeout):
                    if not self._still_current(plan):
                        discard_replacement(prepared)
                        return SaveReport(self._path, written=False)
                    self._fold_and_replace(plan, prepared)
            except BaseException:
                discard_replacement(prepared)
                raise
            self._after_splice(plan.replacements, plan.written, plan.done, plan.header)
            # What is not pending any more is in the file (or was put back as it is there).
            first_new = len(self._items)
            self._durable = {
                item: entry
                for item, entry in self._durable.items()
                if item in self._pending or item >= first_new
            }
        return SaveReport(
            self._path,
            written=True,
            changed=len(plan.replacements),
            seconds=time.perf_counter() - started,
        )

    def _still_current(self, plan: Compaction) -> bool:
        try:
            st = os.stat(self._path)
        except FileNotFoundError:
            return False
        if (st.st_size, st.st_mtime_ns, st.st_ino) != plan.sig or self._sig != plan.sig:
            return False
        ident, upto = plan.journal
        if ident is None:
            return True
        try:
            jst = os.stat(self._journal)
        except FileNotFoundError:
            return False
        return (jst.st_dev, jst.st_ino) == ident and jst.st_size >= upto

    def _fold_and_replace(self, plan: Compaction, prepared: PreparedReplacement) -> None:
        ident, upto = plan.journal
        try:
            if ident is not None:
                fold = po_journal.encode(
                    {"op": "fold", "size": prepared.size, "crc": prepared.crc32, "upto": upto}
                )
                known = (self._journal_id, self._journal_end)
                done = po_journal.append(self._journal, [fold], known)
                if known != (done.ident, done.start):
                    self._journal_foreign = True  # someone else's records came in meanwhile
                ident, first = done.ident, done.first
                self._journal_id, self._journal_end = done.ident, done.end
            commit_replacement(prepared)
            self._snapshot_stale = True
            st = os.stat(self._path)
        except OSError as exc:
            raise InputError(self._path, None, f"cannot write: {exc.strerror}") from None
        self._sig = (st.st_size, st.st_mtime_ns, st.st_ino)
        if ident is None:
            return
        # Keep only the records that came after the snapshot (none, usually).
        try:
            if first == upto:
                po_journal.remove(self._journal)
                self._journal_id, self._journal_end = None, 0
            else:
                with open(self._journal, "rb") as handle:
                    handle.seek(upto)
                    tail = handle.read(first - upto)
                atomic_write_chunks(self._journal, (po_journal.MAGIC, tail))
                jst = os.stat(self._journal)
                self._journal_id = (jst.st_dev, jst.st_ino)
                self._journal_end = jst.st_size
        except OSError:
            pass  # the journal still ends in the fold marker, which readers honour

    # -- writing ---------------------------------------------------------------------

    def _write(self, journal: po_journal.JournalState | None = None) -> int:
        """Splice pending changes into the file under the lock; returns entries written.

        With ``journal`` (read under the same lock), its records are in what is written:
        a fold marker goes into it before the rename, and it is removed after.
        """
        replacements: dict[int, _Rendered] = {}
        for item, entry in self._pending.items():
            replacements[item] = self._render_item(item, entry)
        inserts: list[tuple[int, int, bytes]] = []  # (offset, order, bytes)
        if self._header_changes:
            rendered = self._render_header(self._header_changes)
            if self._header_item is not None:
                replacements[self._header_item] = rendered
            else:
                offset = self._starts[0] if self._items else len(self._buf)
                text = rendered.text
                if self._items:
                    text += "\n"
                elif self._buf:
                    text = ("\n" if self._buf.endswith(b"\n") else "\n\n") + text
                inserts.append((offset, 0, self._encode(text)))
        if self._appended:
            inserts.append(self._append_insert(bool(inserts)))
        pieces, written = self._pieces(replacements, inserts)

        def fold(prepared: PreparedReplacement) -> None:
            assert journal is not None
            record = po_journal.encode(
                {"op": "fold", "size": prepared.size, "crc": prepared.crc32, "upto": journal.end}
            )
            po_journal.append(self._journal, [record], (journal.ident, journal.end))

        try:
            atomic_write_chunks(
                self._path, pieces, before_replace=fold if journal is not None else None
            )
        except FileNotFoundError:
            raise InputError(self._path, None, "folder does not exist") from None
        except OSError as exc:
            raise InputError(self._path, None, f"cannot write: {exc.strerror}") from None
        if journal is not None:
            po_journal.remove(self._journal)
        self._snapshot_stale = True
        st = os.stat(self._path)
        sig = (st.st_size, st.st_mtime_ns, st.st_ino)
        changed = len(replacements) + len(self._appended) + (1 if inserts else 0)
        if inserts or not self._on_disk:
            self._adopt_bytes(b"".join(pieces))
        else:
            self._after_splice(replacements, written, self._pending, self._header_changes)
        self._sig = sig
        self._on_disk = True
        self._journal_id, self._journal_end = None, 0
        self._journal_foreign = False
        self._durable = {}
        return changed

    def _pieces(
        self, replacements: dict[int, _Rendered], inserts: list[tuple[int, int, bytes]]
    ) -> tuple[list[bytes | memoryview], dict[int, bytes]]:
        """The new file as slices of the old one and the re-serialised entries."""
        written = {item: self._encode(r.text) for item, r in replacements.items()}
        view = memoryview(self._buf)
        overrides = dict(self._written)
        overrides.update(written)
        # (start, order, end, data): at equal offsets inserts go before a rewritten entry.
        cuts: list[tuple[int, int, int, bytes]] = [
            (self._starts[item], 2, self._ends[item], data) for item, data in overrides.items()
        ]
        cuts += [(offset, order, offset, data) for offset, order, data in inserts]
        cuts.sort(key=lambda cut: (cut[0], cut[1]))
        pieces: list[bytes | memoryview] = []
        pos = 0
        for start, _order, end, data in cuts:
            pieces.append(view[pos:start])
            pieces.append(data)
            pos = end
        pieces.append(view[pos:])
        return pieces, written

    def _append_insert(self, after_new_header: bool) -> tuple[int, int, bytes]:
        anchor: int | None = None
        for item in reversed(self._live):
            if item < len(self._items):
                anchor = item
                break
        else:
            anchor = self._header_item
        nplurals = self.nplurals
        text = "".join("\n" + _render(e, nplurals).text for e in self._appended)
        if anchor is not None:
            offset = self._ends[anchor]
            if not self._disk_text(anchor).endswith(b"\n"):
                text = "\n" + text
        else:
            offset = len(self._buf)
            if not self._buf.strip() and not after_new_header:
                text = text[1:]
            elif not self._buf.endswith(b"\n"):
                text = "\n" + text
        return (offset, 1, self._encode(text))

    def _after_splice(
        self,
        replacements: dict[int, _Rendered],
        written: dict[int, bytes],
        done: dict[int, PoEntry],
        header: dict[str, str | None],
    ) -> None:
        """Bring the in-memory state in line with what was just written (no re-parse).

        ``done`` are the pending entries that were written and ``header`` the header
        changes; a pending entry changed again since (a commit during a background
        compaction) stays pending.
        """
        for item, data in written.items():
            old = self._disk_text(item)
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
        for item, rendered in replacements.items():
            start = self._item_line(item)
            entry = done.get(item)
            if entry is None:  # the header
                msgstr = _edit_header_text(self._header_msgstr, header)
                entry = replace(self._items[item], msgstr=msgstr)
            entry = replace(
                entry,
                line=start + rendered.msgid_offset,
                msgstr_line=start + rendered.msgstr_offset,
            )
            self._items[item] = entry
            self._line_base[item] = start
            if item == self._header_item:
                continue
            views, items = (
                (self._obsolete, self._obs) if entry.obsolete else (self._entries, self._live)
            )
            pos = bisect.bisect_left(items, item)
            shown = views[pos] if pos < len(items) and items[pos] == item else None
            if shown is not None and shown is not done.get(item):
                # Changed again meanwhile (a commit during a background compaction): that
                # is now a change against what was just written.
                if shown == entry:
                    self._pending.pop(item, None)
                    views[pos] = entry
                else:
                    self._pending[item] = shown
                continue
            self._pending.pop(item, None)
            if shown is not None:
                views[pos] = entry
        if self._header_item is not None and self._header_item in replacements:
            self._header_msgstr = self._items[self._header_item].msgstr
            self._header = _parse_header(self._header_msgstr)
        for name, value in list(header.items()):
            if name in self._header_changes and self._header_changes[name] == value:
                del self._header_changes[name]
        if len(self._written) > self._COMPACT_AFTER:
            self._compact()

    def _compact(self) -> None:
        """Fold the rewritten entries into one buffer again (keeps saves O(changes))."""
        data = self._current_bytes()
        byte_shift = 0
        line_shift = 0
        starts, ends, lines0 = self._starts, self._ends, self._lines0
        for item in range(len(self._items)):
            old_length = ends[item] - starts[item]
            written = self._written.get(item)
            length = old_length if written is None else len(written)
            starts[item] += byte_shift
            ends[item] = starts[item] + length
            lines0[item] += line_shift
            byte_shift += length - old_length
            line_shift += self._line_delta.get(item, 0)
        self._buf = data
        self._written = {}
        self._line_delta = {}
        self._shift_keys = []
        self._shift_cum = []


_T = TypeVar("_T")


def _read_all(fd: int, size: int) -> bytes:
    """A file's bytes, in one read (one copy) when it is still ``size`` bytes long."""
    chunks = [os.read(fd, size)]
    while chunk := os.read(fd, 1 << 24):
        chunks.append(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _merge(base: PoEntry | None, mine: PoEntry, theirs: PoEntry) -> tuple[PoEntry, bool]:
    """Three-way merge of one entry changed by us (``mine``) and by another writer.

    Each part takes the side that changed it.  When both changed the translation
    differently ours wins and theirs is kept as an ``other version`` comment (the
    conflict); both sides' translator comments are kept.  ``base`` is None for an entry
    we added that they added too (then ours wins, their comments are kept).
    """
    base_entry = base if base is not None else theirs

    def pick(ours: _T, original: _T, other: _T) -> _T:
        return other if base is not None and ours == original else ours

    def translation(entry: PoEntry) -> tuple[tuple[str, ...], bool]:
        return entry.forms, entry.fuzzy

    def other_flags(entry: PoEntry) -> tuple[str, ...]:
        return tuple(f for f in entry.flags if f != "fuzzy")

    conflict = False
    if base is not None and translation(theirs) == translation(base):
        source = mine
    elif base is not None and translation(mine) == translation(base):
        source = theirs
    else:
        source = mine
        conflict = theirs.forms != mine.forms and any(theirs.forms)
    flags = pick(other_flags(mine), other_flags(base_entry), other_flags(theirs))
    if source.fuzzy:
        flags = ("fuzzy", *flags)
    comments = mine.translator_comments
    if base is None or comments != base.translator_comments:
        if base is None or theirs.translator_comments != base.translator_comments:
            comments = (*comments, *(c for c in theirs.translator_comments if c not in comments))
    else:
        comments = theirs.translator_comments
    merged = PoEntry(
        msgid=mine.msgid,
        msgstr=source.msgstr,
        msgctxt=mine.msgctxt,
        msgid_plural=pick(mine.msgid_plural, base_entry.msgid_plural, theirs.msgid_plural),
        msgstr_plural=source.msgstr_plural,
        flags=flags,
        translator_comments=comments,
        extracted_comments=pick(
            mine.extracted_comments, base_entry.extracted_comments, theirs.extracted_comments
        ),
        references=pick(mine.references, base_entry.references, theirs.references),
        previous_msgctxt=pick(
            mine.previous_msgctxt, base_entry.previous_msgctxt, theirs.previous_msgctxt
        ),
        previous_msgid=pick(mine.previous_msgid, base_entry.previous_msgid, theirs.previous_msgid),
        previous_msgid_plural=pick(
            mine.previous_msgid_plural,
            base_entry.previous_msgid_plural,
            theirs.previous_msgid_plural,
        ),
        obsolete=pick(mine.obsolete, base_entry.obsolete, theirs.obsolete),
    )
    if conflict:
        merged = _with_other_version(merged, theirs)
    return merged, conflict


def _with_other_version(mine: PoEntry, theirs: PoEntry) -> PoEntry:
    forms = theirs.forms
    text = forms[0] if len(forms) == 1 else " | ".join(forms)
    shown = text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n") or "(empty)"
    comment = CONFLICT_COMMENT + shown
    if comment in mine.translator_comments:
        return mine
    return replace(mine, translator_comments=(*mine.translator_comments, comment))


def _keyword_index(lines: list[str], keyword: str) -> int:
    """Index of the line holding ``keyword`` (not a longer keyword it prefixes)."""
    for i, line in enumerate(lines):
        body = line.lstrip()
        if body.startswith(keyword) and body[len(keyword) : len(keyword) + 1] in (" ", "\t", '"'):
            return i
    raise ValueError(f"no {keyword} in the entry")


def _locate(lines: list[str], keyword: str, offset: int, first_line: int) -> tuple[int, int]:
    """Walk the quoted strings of ``keyword`` to character ``offset`` of its value."""
    start = _keyword_index(lines, keyword)
    decoder = codecs.getincrementaldecoder("utf-8")()
    remaining = offset
    last: tuple[int, int] = (first_line + start, 1)
    for i in range(start, len(lines)):
        line = lines[i]
        if i > start and not line.lstrip().startswith('"'):
            break
        search_from = line.index(keyword) + len(keyword) if i == start else 0
        for match in _STRING_RE.finditer(line.encode("utf-8"), len(line[:search_from].encode())):
            prefix_chars = len(match.string[: match.start(1)].decode("utf-8"))
            col = prefix_chars + 1  # 1-based column of the first content character
            inner = match.group(1)
            pos = 0
            char_start_col = col
            while pos < len(inner):
                if inner[pos] == 0x5C:
                    token_match = _ESCAPE_TOKEN_RE.match(inner, pos)
                    assert token_match is not None
                    nxt = token_match.end()
                    octal = _OCTAL_RE.match(inner, pos + 1)
                    hexa = _HEX_RE.match(inner, pos + 1)
                    if octal is not None:
                        nxt = octal.end()
                    elif hexa is not None:
                        nxt = hexa.end()
                    produced = _unescape(inner[pos:nxt])
                else:
                    nxt = pos + 1
                    while nxt < len(inner) and (inner[nxt] & 0xC0) == 0x80:
                        nxt += 1
                    produced = inner[pos:nxt]
                if not decoder.getstate()[0]:
                    char_start_col = col
                for _ch in decoder.decode(produced):
                    if remaining == 0:
                        return (first_line + i, char_start_col)
                    remaining -= 1
                col += len(inner[pos:nxt].decode("utf-8"))
                pos = nxt
            last = (first_line + i, col)
    if remaining == 0:
        return last
    raise IndexError("offset outside the msgstr")
