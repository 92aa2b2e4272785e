"""The one place that reads and writes gettext PO files.

Why not polib: on a 116 000-entry catalog it needs seconds to load and again to save,
rewraps lines differently from msgcat (so one approval turns into a diff of thousands
of lines), drops the ``#~|`` lines of obsolete entries, accepts an unterminated string
as an empty catalog, parses a missing path as PO text, and writes ``\\a`` as ``\\\\a``.

So the tool has its own parser (:mod:`review_tool.po.parser`, entries in
:mod:`review_tool.po.entry`) and a msgcat-compatible serialiser (:mod:`review_tool.po.writer`),
and this store never rewrites what it did not change: the store keeps the file's bytes and the
byte span of every entry, and a save splices only the re-serialised changed entries
into them (untouched entries stay byte-identical, one approval is a one-entry diff).
The file on disk is the truth; nothing is kept beside it.  Every writer (approve, the
review screen, import, pretranslate, a merge) goes one way, :mod:`review_tool.po.locked_write`:
under the folder's lock it reads the file's current bytes, re-applies its own changes onto
them by entry key (msgctxt, msgid; never the position) as a three-way merge, splices,
validates what gets approved (:func:`approval_problem`) and replaces the file atomically.
A save returns only once the new file is in place.  A load can go in steps
(:meth:`PoStore.start_load`) so that a screen shows the first entries of a large file at once.

What does not need the store's byte bookkeeping lives beside it: the per-entry three-way
merge in :mod:`review_tool.po.merge`, the header fields in :mod:`review_tool.po.header`,
the approval check in :mod:`review_tool.po.validate` and the line/column walk in
:mod:`review_tool.po.locate`.  This module re-exports the names callers import from it.
"""

from __future__ import annotations

import bisect
import os
import stat
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from review_tool.errors import InputError
from review_tool.gc_pause import no_cycle_collection
from review_tool.po import locked_write
from review_tool.po.charset import check_bytes, decode_file, encode_file
from review_tool.po.entry import (
    EntryState,
    Key,
    PoEntry,
)
from review_tool.po.header import (
    charset_problem,
    edit_header_text,
    now,
    parse_header,
    revision_time,
)
from review_tool.po.loading import Loading
from review_tool.po.locate import keyword_index, locate
from review_tool.po.locked_write import LockTimeout
from review_tool.po.merge import (
    CONFLICT_COMMENT,
    Conflict,
    Found,
    carried_to_successor,
    find_successor,
    merge_entry,
)
from review_tool.po.parser import MAX_ENTRY_BYTES, PoParser
from review_tool.po.plural_forms import nplurals as parse_nplurals
from review_tool.po.plural_forms import plural_forms
from review_tool.po.translator_credit import credited
from review_tool.po.validate import approval_problem
from review_tool.po.writer import (
    PAGE_WIDTH,
    RenderedEntry,
    format_entry,
    format_string,
    render_entry,
)

__all__ = [
    "CONFLICT_COMMENT",
    "PAGE_WIDTH",
    "MAX_ENTRY_BYTES",
    "Conflict",
    "EntryState",
    "Key",
    "Loading",
    "LockTimeout",
    "approval_problem",
    "PoEntry",
    "PoStore",
    "SaveReport",
    "format_entry",
    "format_string",
]

GENERATOR = "review_tool"


@dataclass(frozen=True, slots=True)
class SaveReport:
    path: Path
    written: bool
    changed: int = 0  # entries (incl. header) re-serialised
    merged_external: bool = False  # the file had changed on disk; ours were re-applied
    conflicts: tuple[Conflict, ...] = ()
    seconds: float = 0.0


@dataclass(slots=True)
class _Plan:
    """What a save writes: the new file's pieces and what they change."""

    pieces: list[bytes | memoryview]
    replacements: dict[int, RenderedEntry]
    written: dict[int, bytes]
    inserted: bool  # entries or a header were added (the store is read again)


# ---------------------------------------------------------------------------------------
# Store


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
        self._charset: str | None = None  # the file's, if not UTF-8 (_buf is UTF-8)
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
        self._rewrite: tuple[list[PoEntry], list[PoEntry]] | None = None  # replace_entries
        self._mutex = threading.RLock()  # a save in a worker thread vs readers
        self._index_map: dict[Key, int] | None = {}  # key -> live index (None: build)

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
    def load(cls, path: str | Path) -> PoStore:
        """Read and parse a PO file; any problem is an InputError naming file and line."""
        return cls.start_load(path).finish()

    @classmethod
    def start_load(cls, path: str | Path) -> Loading:
        """:meth:`load` in steps: the file is read now, the parse is left to
        :meth:`Loading.step` and :meth:`Loading.finish` (whose result and errors are those
        of :meth:`load`), so that a screen can show the first entries of a large file while
        the rest is parsed.
        """
        store = cls(path)
        data = store._read()
        return Loading(store, data, charset=store._charset, adopt=store._adopt_loaded)

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
        stamp = now()
        header = {
            "Project-Id-Version": project or store._path.stem,
            "Report-Msgid-Bugs-To": "",
            "POT-Creation-Date": stamp,
            "PO-Revision-Date": stamp,
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

    def _read(self) -> bytes:
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
        data, self._charset = decode_file(data, path)  # the parser reads UTF-8
        return data

    def _adopt_bytes(self, data: bytes) -> None:
        """Parse ``data`` as the file's content and make it the store's state."""
        check_bytes(data, self._path)
        parser = PoParser(data, self._path)
        with no_cycle_collection():
            parser.parse()
        self._adopt_parser(parser)

    def _adopt_parser(self, parser: PoParser) -> None:
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

    def _adopt_loaded(self, parser: PoParser) -> None:
        """Become the file a step-wise load (:class:`Loading`) has finished parsing."""
        self._adopt_parser(parser)
        self._on_disk = True

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
        self._rewrite = None
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

    def _set_header_from_item(self) -> None:
        if self._header_item is None:
            self._header_msgstr = ""
            self._header = {}
            return
        entry = self._items[self._header_item]
        self._header_msgstr = entry.msgstr
        self._header = parse_header(entry.msgstr)
        start = self._starts[self._header_item]
        problem = charset_problem(self._path, self._header, self._buf, start, self._charset)
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
        return bool(
            self._pending
            or self._appended
            or self._header_changes
            or self._rewrite is not None
            or not self._on_disk
        )

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
            offset = keyword_index(lines, "msgid")
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
        return locate(lines, keyword, offset, self._item_line(item))

    # -- saving ----------------------------------------------------------------------

    def _render_item(self, item: int, entry: PoEntry) -> RenderedEntry:
        old = self._items[item] if item < len(self._items) else None
        raw = self._disk_text(item).decode("utf-8") if old is not None else None
        return render_entry(entry, self.nplurals, old, raw)

    def _render_header(self, changes: dict[str, str | None]) -> RenderedEntry:
        msgstr = edit_header_text(self._header_msgstr, changes)
        if self._header_item is None:
            entry = PoEntry("", msgstr)
            return render_entry(entry, self.nplurals)
        old = self._items[self._header_item]
        on_disk = dict(
            line.split(":", 1) for line in self._header_msgstr.split("\n") if ":" in line
        )
        on_disk = {k.strip(): v.strip() for k, v in on_disk.items()}
        comments = credited(old.translator_comments, on_disk, changes)  # as Poedit does
        entry = replace(old, msgstr=msgstr, translator_comments=comments)
        return render_entry(entry, self.nplurals, old, self._disk_text(self._header_item).decode())

    def _in_charset(self, pieces: list[bytes | memoryview]) -> list[bytes | memoryview]:
        """What to write: ``pieces`` of the UTF-8 file in the file's own charset."""
        if self._charset is None:
            return pieces
        return [encode_file(b"".join(pieces), self._charset, self._path)]

    def _encode(self, text: str) -> bytes:
        if self._newline != "\n":
            text = text.replace("\n", self._newline)
        return text.encode("utf-8")

    def save(self, *, last_translator: str | None = None, lock_timeout: float = 10.0) -> SaveReport:
        """Write the changes through the one write path and report; returns once the new
        file is in place (atomic, splicing only changed entries).

        No-op when nothing changed.  Under the folder's lock (:mod:`review_tool.po.locked_write`)
        the file's current bytes are read; if they are not what this store last read or
        wrote (compared byte for byte, not by size and mtime), our changes are re-applied
        onto them by (msgctxt, msgid): ours win, and where the other writer changed the same
        entry's translation differently, theirs is kept as a ``# other version: ...``
        comment and reported as a Conflict.  Afterwards the store reflects the file on disk;
        after a merge (``merged_external``) indexes may have moved and :attr:`entries` is a
        new list, so re-read it.  Raises LockTimeout if another process holds the lock
        longer than ``lock_timeout`` seconds, InputError if the file is read-only, cannot be
        written, or an approved entry would not pass ``msgfmt --check``
        (:func:`approval_problem`); nothing is written then and the changes stay unsaved.
        """
        started = time.perf_counter()
        with self._mutex:
            if not self.dirty:
                return SaveReport(self._path, written=False)
            outcome: list[tuple[PoStore, bool, list[Found], _Plan]] = []

            def produce(current: bytes | None) -> list[bytes | memoryview]:
                target, merged = self._target_for(current)
                conflicts = self._rebase_onto(target) if merged else []
                target._stamp(last_translator)
                target._validate()
                plan = target._plan()
                outcome.append((target, merged, conflicts, plan))
                return target._in_charset(plan.pieces)

            locked_write.rewrite(self._path, produce, lock_timeout=lock_timeout)
            target, merged, conflicts, plan = outcome[0]
            changed = target._after_write(plan)
            if target is not self:
                self._adopt_state(target)
        return SaveReport(
            self._path,
            written=True,
            changed=changed,
            merged_external=merged,
            conflicts=self._conflicts(conflicts),
            seconds=time.perf_counter() - started,
        )

    def write_change(
        self,
        base: PoEntry,
        mine: PoEntry,
        *,
        last_translator: str | None = None,
        lock_timeout: float = 10.0,
    ) -> SaveReport:
        """Change one entry from ``base`` (as it was read) to ``mine`` and :meth:`save`.

        The entry is found by its key, wherever it is now; one that another writer
        replaced meanwhile (an import of the edited paragraph) gets our translation as
        fuzzy (see :meth:`_apply_change`).  On failure nothing is changed, in the file or
        in this store.
        """
        with self._mutex:
            found: list[Found] = []
            index = self.find(*base.key)
            if index is not None and self._entries[index] == base:
                self.update(index, mine)
            else:
                self._apply_change(base, mine, found)
                self._rebuild_views()
            try:
                report = self.save(last_translator=last_translator, lock_timeout=lock_timeout)
            except BaseException:
                self._discard_changes()
                raise
        if found:
            report = replace(report, conflicts=(*self._conflicts(found), *report.conflicts))
        return report

    @classmethod
    def transact(
        cls,
        path: str | Path,
        edit: Callable[[PoStore], None],
        *,
        new: Callable[[], PoStore] | None = None,
        last_translator: str | None = None,
        lock_timeout: float = 10.0,
        stamp: bool = True,
    ) -> PoStore:
        """Change the file as it is *now*: under the folder's lock, ``edit`` gets a store of
        the file's current bytes (``new()`` when there is no file) and changes it; the result
        is validated and written as by :meth:`save`.  For writers whose change depends on
        the whole file (import: msgmerge against the current entries), so that changes
        others made meanwhile are part of what ``edit`` sees.  Returns the store as written.
        """
        done: list[tuple[PoStore, _Plan | None]] = []

        def produce(current: bytes | None) -> list[bytes | memoryview] | None:
            if current is None:
                if new is None:
                    raise InputError(path, None, "no such file")
                store = new()
            else:
                store = cls._of_bytes(path, current)
            edit(store)
            if not store.dirty:
                done.append((store, None))
                return None
            if stamp:
                store._stamp(last_translator)
            store._validate()
            plan = store._plan()
            done.append((store, plan))
            return store._in_charset(plan.pieces)

        locked_write.rewrite(path, produce, lock_timeout=lock_timeout)
        store, plan = done[0]
        if plan is not None:
            store._after_write(plan)
        return store

    @classmethod
    def merge_into(
        cls,
        path: str | Path,
        base: bytes,
        theirs: bytes,
        *,
        last_translator: str | None = None,
        lock_timeout: float = 10.0,
        as_git_merge: bool = False,
    ) -> tuple[Conflict, ...]:
        """Three-way merge by entry key of another version of the file (``theirs``, changed
        from ``base``) into the file at ``path`` (ours, as it is now), through the write
        path: the entry point for a git merge driver.  Where both sides changed an entry's
        translation differently, ours is kept and theirs becomes an ``other version``
        comment (returned as conflicts).

        ``as_git_merge``: the result is a merge of two histories, not a new revision — the
        header's PO-Revision-Date and Last-Translator come from the side revised later
        (so both clones merge to the same header), and each conflicting entry is also made
        fuzzy, so the text nobody chose is not published as approved.
        """
        base_store = cls._of_bytes(path, base)
        their_store = cls._of_bytes(path, theirs)
        found: list[Found] = []

        def edit(store: PoStore) -> None:
            before = {e.key: e for e in (*base_store.obsolete, *base_store.entries)}
            for entry in (*their_store.entries, *their_store.obsolete):
                original = before.get(entry.key)
                if original != entry:
                    # ``store`` is ours: where both changed an entry, ours is the result.
                    store._apply_change(
                        original, entry, found, theirs_win=True, new_there=lambda k: k not in before
                    )
            store._rebuild_views()
            if not as_git_merge:
                return
            for key, _, _ in found:
                index = store.find(*key)
                if index is not None and not store.entries[index].fuzzy:
                    entry = store.entries[index]
                    store.update(index, replace(entry, flags=("fuzzy", *entry.flags)))
            ours_date = store.header.get("PO-Revision-Date", "")
            their_date = their_store.header.get("PO-Revision-Date", "")
            if revision_time(their_date) > revision_time(ours_date):
                for name in ("PO-Revision-Date", "Last-Translator"):
                    if store.header.get(name) != their_store.header.get(name):
                        store.set_header(name, their_store.header.get(name))

        store = cls.transact(
            path,
            edit,
            last_translator=last_translator,
            lock_timeout=lock_timeout,
            stamp=not as_git_merge,
        )
        return store._conflicts(found)

    @classmethod
    def _of_bytes(cls, path: str | Path, data: bytes) -> PoStore:
        """A store of a file's bytes (in its own charset, as on disk)."""
        store = cls(path)
        decoded, store._charset = decode_file(data, store._path)
        store._adopt_bytes(decoded)
        store._on_disk = True
        return store

    def reload(self) -> tuple[Conflict, ...]:
        """Re-read the file, keeping unsaved changes: they are re-applied onto the new
        content by (msgctxt, msgid) exactly as save() does, and stay unsaved (dirty).
        Returns the conflicts found (theirs is kept as a comment, see save())."""
        with self._mutex:
            fresh = PoStore.load(self._path)
            conflicts = self._rebase_onto(fresh)
            self._adopt_state(fresh)
            return self._conflicts(conflicts)

    def _conflicts(self, found: list[Found]) -> tuple[Conflict, ...]:
        return tuple(
            Conflict(self.find(*key), key[0], key[1], ours, other) for key, ours, other in found
        )

    def _adopt_state(self, other: PoStore) -> None:
        """Become ``other`` (a store of the same file), keeping our thread lock."""
        mutex = self._mutex
        self.__dict__.update(other.__dict__)
        self._mutex = mutex

    def _discard_changes(self) -> None:
        """Forget every unsaved change (a write that failed)."""
        self._pending = {}
        self._appended = []
        self._header_changes = {}
        self._rewrite = None
        self._set_header_from_item()
        self._rebuild_views()

    def _stamp(self, last_translator: str | None) -> None:
        if self._header_item is not None or self._header_changes:
            self.set_header("PO-Revision-Date", now())
            if last_translator:
                self.set_header("Last-Translator", last_translator)

    def _validate(self) -> None:
        """Refuse to write an approved entry that ``msgfmt --check`` would refuse."""
        nplurals = self.nplurals
        plural_forms = self._header.get("Plural-Forms")
        n = len(self._items)
        changed = [
            (item, entry) for item, entry in self._pending.items() if item != self._header_item
        ]
        changed += [(n + i, entry) for i, entry in enumerate(self._appended)]
        for item, entry in changed:
            problem = approval_problem(entry, nplurals, plural_forms)
            if problem is not None:
                line = self._item_line(item) + 1 if item < n else None
                name = entry.msgctxt or entry.msgid[:40]
                raise InputError(self._path, line, f"entry {name!r}: {problem}; nothing written")

    def _target_for(self, current: bytes | None) -> tuple[PoStore, bool]:
        """The store to write: this one when the file is what we last read or wrote (or
        gone), else a store of ``current`` onto which our changes are to be merged."""
        if current is None:
            return self, False
        if self._on_disk:
            decoded, charset = decode_file(current, self._path)
            if charset == self._charset and self._same_bytes(decoded):
                return self, False
        return PoStore._of_bytes(self._path, current), True

    def _same_bytes(self, data: bytes) -> bool:
        """Whether ``data`` is the file as this store last read or wrote it (compared piece
        by piece with memcmp, ``bytes.startswith`` at an offset: no copy of the file)."""
        buf = memoryview(self._buf)
        pos = 0  # in _buf
        at = 0  # in data
        for item in sorted(self._written):
            start = self._starts[item]
            if not data.startswith(buf[pos:start], at):
                return False
            at += start - pos
            written = self._written[item]
            if not data.startswith(written, at):
                return False
            at += len(written)
            pos = self._ends[item]
        return len(data) - at == len(buf) - pos and data.startswith(buf[pos:], at)

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

    def _rebase_onto(self, other: PoStore) -> list[Found]:
        """Apply our unsaved changes to ``other`` (a fresh read of the file), by key."""
        assert self._rewrite is None, "a rewrite is made under the lock (transact)"
        conflicts: list[Found] = []

        def new_there(key: Key) -> bool:  # an entry the other writer added
            return key not in self._index and key not in self._obs_index

        for item in sorted(self._pending):
            if item != self._header_item:
                other._apply_change(
                    self._items[item], self._pending[item], conflicts, new_there=new_there
                )
        for entry in self._appended:
            other._apply_change(None, entry, conflicts)
        for name, value in self._header_changes.items():
            other.set_header(name, value)
        other._rebuild_views()
        return conflicts

    def _apply_change(
        self,
        base: PoEntry | None,
        mine: PoEntry,
        conflicts: list[Found],
        *,
        theirs_win: bool = False,
        new_there: Callable[[Key], bool] | None = None,
    ) -> None:
        """Re-apply one change (``base`` -> ``mine``) onto this store's entries, by key.

        Where the entry is no longer live here, another writer replaced or removed it (an
        import of an edited paragraph, msgmerge): a changed translation goes to the entry
        that replaced it (the live entry whose ``#|`` previous msgid is ours, else the
        closest untranslated source among the entries ``new_there`` says the other writer
        added) as fuzzy with our msgid as the previous one, as
        msgmerge carries translations; failing that it is kept as an obsolete entry.  It
        never brings the old paragraph back as a live entry.  Call :meth:`_rebuild_views`
        after the last change.
        """
        key = base.key if base is not None else mine.key
        live = self._index.get(key)
        if live is not None or base is None and mine.obsolete:
            item = self._live[live] if live is not None else self._item_for_key(key)
            if item is None:
                return
            theirs = self._current_item(item)
            if theirs == mine:
                return
            if theirs_win:
                result, conflict = merge_entry(base, theirs, mine)
                result = replace(result, msgid=mine.msgid, msgctxt=mine.msgctxt)
            else:
                result, conflict = merge_entry(base, mine, theirs)
            if conflict:
                conflicts.append((mine.key, result, theirs))
            if result.key != key and result.key in self._index:
                return  # renamed onto an existing entry: keep theirs
            self._set_item(item, replace(result, line=theirs.line, msgstr_line=theirs.msgstr_line))
            return
        if base is None:
            if not mine.obsolete:
                self.append(mine)
            return
        if mine.obsolete or (mine.forms, mine.fuzzy) == (base.forms, base.fuzzy):
            return  # nothing of ours to keep
        successor = find_successor(self._entries, base, new_there)
        if successor is not None:
            item = self._live[successor]
            self._set_item(item, carried_to_successor(base, mine, self._current_item(item)))
            return
        obs = self._obs_index.get(key)
        if obs is not None:
            item = self._obs[obs]
            self._set_item(item, replace(mine, obsolete=True, line=0, msgstr_line=0))
            return
        self._appended.append(replace(mine, obsolete=True, line=0, msgstr_line=0))

    # -- writing ---------------------------------------------------------------------

    def replace_entries(self, live: list[PoEntry], obsolete: list[PoEntry]) -> None:
        """Make these the file's entries, in this order (an import whose paragraphs moved).

        Written after the header (and whatever is above it: the comment block, kept as it
        is); an entry equal to one in the file keeps its bytes.  Use it in
        :meth:`transact`; the store is read again once written.
        """
        self._rewrite = (list(live), [replace(e, obsolete=True) for e in obsolete])

    def _plan(self) -> _Plan:
        """The new file, as slices of the old one and the re-serialised entries."""
        if self._rewrite is not None:
            return self._plan_rewrite(*self._rewrite)
        replacements: dict[int, RenderedEntry] = {}
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
        return _Plan(pieces, replacements, written, inserted=bool(inserts))

    def _plan_rewrite(self, live: list[PoEntry], obsolete: list[PoEntry]) -> _Plan:
        view = memoryview(self._buf)
        header = self._header_item
        pieces: list[bytes | memoryview] = []
        if header is not None:
            pieces.append(view[: self._starts[header]])
            if self._header_changes:
                pieces.append(self._encode(self._render_header(self._header_changes).text))
            else:
                pieces.append(self._disk_text(header))
        elif self._header_changes:
            pieces.append(self._encode(self._render_header(self._header_changes).text))
        old_items: dict[tuple[Key, bool], int] = {}
        for item, entry in enumerate(self._items):
            if item != header:
                old_items.setdefault((entry.key, entry.obsolete), item)
        newline = self._newline.encode()
        nplurals = self.nplurals
        for entry in (*live, *obsolete):
            same = old_items.get((entry.key, entry.obsolete))
            data: bytes | None = None
            if same is not None and same not in self._pending and self._items[same] == entry:
                data = self._disk_text(same)  # untouched: byte-identical
            if data is None:
                data = self._encode(render_entry(entry, nplurals).text)
            if pieces:
                if not bytes(pieces[-1][-1:]) == b"\n":
                    pieces.append(newline)
                pieces.append(newline)
            pieces.append(data)
        return _Plan(pieces, {}, {}, inserted=True)

    def _after_write(self, plan: _Plan) -> int:
        """Bring the state in line with what was just written; returns entries written."""
        changed = len(plan.replacements) + len(self._appended) + (1 if plan.inserted else 0)
        if plan.inserted or not self._on_disk:
            self._adopt_bytes(b"".join(plan.pieces))
        else:
            self._after_splice(plan.replacements, plan.written, self._pending, self._header_changes)
        self._on_disk = True
        return changed

    def _pieces(
        self, replacements: dict[int, RenderedEntry], inserts: list[tuple[int, int, bytes]]
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
        text = "".join("\n" + render_entry(e, nplurals).text for e in self._appended)
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
        replacements: dict[int, RenderedEntry],
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
                msgstr = edit_header_text(self._header_msgstr, header)
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
            self._header = parse_header(self._header_msgstr)
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


def _read_all(fd: int, size: int) -> bytes:
    """A file's bytes, in one read (one copy) when it is still ``size`` bytes long."""
    chunks = [os.read(fd, size)]
    while chunk := os.read(fd, 1 << 24):
        chunks.append(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)
