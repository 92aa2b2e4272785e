"""The one place that reads and writes gettext PO files: :class:`PoStore`.

Why its own reader and writer instead of polib: see :mod:`review_tool.po`.  The store keeps a
file's entries in memory and never rewrites what it did not change: a save splices only the
re-serialised changed entries into the file's bytes (untouched entries stay byte-identical,
one approval is a one-entry diff).  The file on disk is the truth; nothing is kept beside it.
Every writer (approve, the review screen, import, pretranslate, a merge) goes one way,
:mod:`review_tool.po.locked_write`: under the folder's lock it reads the file's current bytes,
re-applies its own changes onto them by entry key (msgctxt, msgid; never the position) as a
three-way merge, splices, validates what gets approved (:func:`approval_problem`) and
replaces the file atomically.  A save returns only once the new file is in place.  A load
can go in steps (:meth:`PoStore.start_load`) so that a screen shows the first entries of a
large file at once.

This module is the façade every caller uses (:class:`PoStore`, which also owns the header
fields) and the write transaction (save, write_change, transact, merge_into, reload: under
the lock, our edits re-applied onto another writer's file).  The parts live beside it: the
entries in memory, our unsaved edits and the views callers index in
:mod:`review_tool.po.entry_table`, the file's bytes and where each entry lies in them in
:mod:`review_tool.po.disk_image`, what a save writes in :mod:`review_tool.po.splice_plan`,
reading a file (in steps) in :mod:`review_tool.po.loading`, the per-entry three-way merge in
:mod:`review_tool.po.merge`, the header fields in :mod:`review_tool.po.header`, the approval
check in :mod:`review_tool.po.validate` and the line/column walk in
:mod:`review_tool.po.locate`.  This module re-exports the names callers import from it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from review_tool.errors import InputError
from review_tool.gc_pause import no_cycle_collection
from review_tool.po import locked_write
from review_tool.po.charset import check_bytes, decode_file
from review_tool.po.disk_image import DiskImage, Pieces
from review_tool.po.entry import (
    EntryState,
    Key,
    PoEntry,
)
from review_tool.po.entry_table import EntryTable
from review_tool.po.header import (
    charset_problem,
    edit_header_text,
    now,
    parse_header,
    revision_time,
)
from review_tool.po.loading import Loading, read_po_file
from review_tool.po.locate import keyword_index, locate
from review_tool.po.locked_write import LockTimeout
from review_tool.po.merge import (
    CONFLICT_COMMENT,
    Conflict,
    Found,
)
from review_tool.po.parser import MAX_ENTRY_BYTES, PoParser
from review_tool.po.plural_forms import nplurals as parse_nplurals
from review_tool.po.plural_forms import plural_forms
from review_tool.po.splice_plan import SavePlan, SplicePlanner
from review_tool.po.validate import approval_problem
from review_tool.po.writer import (
    PAGE_WIDTH,
    RenderedEntry,
    format_entry,
    format_string,
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


class PoStore:
    """A PO file in memory: entries plus the file's bytes, saved by splicing.

    Live entries are addressed by their index in :attr:`entries` (file order, without
    the header and obsolete entries).  ``PoEntry.line``/``msgstr_line`` are the lines
    where the entry was when the file was parsed (load, reload, a save that merged an
    external change) or last written by this store; entries further down can move when
    an earlier one changes its line count, so use :meth:`line_of` or
    :meth:`msgstr_position` for positions in the file as it is now.

    The parts (see the module docstring): the entries and their unsaved edits
    (:class:`EntryTable`), the file's bytes (:class:`DiskImage`), what a save writes
    (:class:`SplicePlanner`); the store owns the header fields, the path and the write.
    """

    _COMPACT_AFTER = 512  # rewritten items kept aside before the image is folded again

    def __init__(self, path: str | Path) -> None:
        self._path = Path(path)
        self._image = DiskImage()  # the file's bytes as last read or written
        self._table = EntryTable()  # its entries and our unsaved edits
        self._header: dict[str, str] = {}
        self._header_msgstr = ""
        self._on_disk = False
        self._mutex = threading.RLock()  # a save in a worker thread vs readers

    # The layout under the names tests/po/test_po_loading.py compares.
    @property
    def _items(self) -> list[PoEntry]:
        return self._table.items

    @property
    def _live(self) -> list[int]:
        return self._table.live

    @property
    def _obs(self) -> list[int]:
        return self._table.obs

    @property
    def _header_item(self) -> int | None:
        return self._table.header_item

    @property
    def _starts(self) -> list[int]:
        return self._image.starts

    @property
    def _ends(self) -> list[int]:
        return self._image.ends

    @property
    def _lines0(self) -> list[int]:
        return self._image.first_lines

    def _current_bytes(self) -> bytes:
        return self._image.current_bytes()

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
        data, charset = read_po_file(store._path)

        def adopt(parser: PoParser) -> None:
            store._adopt_parser(parser, charset)
            store._on_disk = True

        return Loading(store, data, charset=charset, adopt=adopt)

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

    def _adopt_bytes(self, data: bytes, charset: str | None) -> None:
        """Parse ``data`` (UTF-8, decoded from ``charset``) as the file's content and make
        it the store's state."""
        check_bytes(data, self._path)
        parser = PoParser(data, self._path)
        with no_cycle_collection():
            parser.parse()
        self._adopt_parser(parser, charset)

    def _adopt_parser(self, parser: PoParser, charset: str | None) -> None:
        """Become the file ``parser`` has read (unsaved changes are dropped)."""
        self._image = DiskImage(
            parser.data, parser.starts, parser.ends, parser.first_lines, charset=charset
        )
        self._table = EntryTable(
            parser.entries,
            parser.header_item,
            parser.live_items,
            parser.obs_items,
            live_index=parser.live_index,
            obs_index=parser.obs_index,
        )
        self._set_header_from_item()

    def _set_header_from_item(self) -> None:
        item = self._table.header_item
        if item is None:
            self._header_msgstr = ""
            self._header = {}
            return
        entry = self._table.items[item]
        self._header_msgstr = entry.msgstr
        self._header = parse_header(entry.msgstr)
        image = self._image
        start = image.starts[item]
        problem = charset_problem(self._path, self._header, image.data, start, image.charset)
        if problem is not None:
            raise problem

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
        return self._table.entries

    @property
    def obsolete(self) -> list[PoEntry]:
        """Obsolete (``#~``) entries in file order.  Read-only."""
        return self._table.obsolete

    @property
    def dirty(self) -> bool:
        return bool(self._table.edits) or not self._on_disk

    @property
    def newline(self) -> str:
        return self._image.newline

    def find(self, msgctxt: str | None, msgid: str) -> int | None:
        return self._table.find((msgctxt, msgid))

    def index_of_context(self, msgctxt: str | None) -> int | None:
        """Index of the first live entry with this msgctxt."""
        return self._table.index_of_context(msgctxt)

    # -- changes ---------------------------------------------------------------------

    def update(self, index: int, entry: PoEntry) -> None:
        """Replace live entry ``index`` (written at its place on the next save)."""
        self._table.update(index, entry, self.nplurals)

    def append(self, entry: PoEntry) -> int:
        """Add a live entry (written after the last live entry); returns its index."""
        return self._table.append(entry, self.nplurals)

    def make_obsolete(self, index: int) -> None:
        """Turn live entry ``index`` into an obsolete (``#~``) entry, in place."""
        self._table.make_obsolete(index)

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
        self._table.edits.header_changes[name] = value

    # -- positions -------------------------------------------------------------------

    def line_of(self, index: int) -> int:
        """The current 1-based line of live entry ``index``'s msgid in the file (0 if new)."""
        item = self._table.live[index]
        if item >= len(self._table.items):
            return 0
        if item in self._table.edits.pending:
            offset = self._planner().render_item(item, self._table.entries[index]).msgid_offset
        else:
            lines = self._image.text(item).decode("utf-8").split("\n")
            offset = keyword_index(lines, "msgid")
        return self._image.line(item) + offset

    def msgstr_position(self, index: int, offset: int, form: int = 0) -> tuple[int, int]:
        """1-based (line, column) in the file of character ``offset`` of a msgstr.

        ``form`` selects ``msgstr[form]`` of plural entries.  ``offset`` may equal the
        length of the string (the position of the closing quote).  For an entry with
        unsaved changes the position is where it will be once saved (ignoring unsaved
        line-count changes of entries above it); new entries raise ValueError.
        """
        item = self._table.live[index]
        entry = self._table.entries[index]
        if item >= len(self._table.items):
            raise ValueError("the entry has not been saved yet")
        forms = entry.forms
        if not 0 <= form < max(len(forms), 1):
            raise IndexError(f"no msgstr form {form}")
        value = forms[form] if forms else ""
        if not 0 <= offset <= len(value):
            raise IndexError(f"offset {offset} outside the msgstr (length {len(value)})")
        if item in self._table.edits.pending:
            text = self._planner().render_item(item, entry).text
        else:
            text = self._image.text(item).decode("utf-8")
        keyword = f"msgstr[{form}]" if entry.msgid_plural is not None else "msgstr"
        lines = text.replace("\r\n", "\n").split("\n")
        return locate(lines, keyword, offset, self._image.line(item))

    # -- saving ----------------------------------------------------------------------

    def _planner(self) -> SplicePlanner:
        """What plans a save of the file as it is now (and renders a changed entry)."""
        return SplicePlanner(
            self._image,
            self._table.items,
            self._table.header_item,
            self._header_msgstr,
            self.nplurals,
        )

    def _plan(self) -> SavePlan:
        return self._planner().plan(self._table.edits, self._table.live)

    def _to_write(self, plan: SavePlan) -> Pieces:
        """The bytes of ``plan`` as the file is written (in its own charset)."""
        return self._image.in_charset(plan.pieces, self._path)

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
            outcome: list[tuple[PoStore, bool, list[Found], SavePlan]] = []

            def produce(current: bytes | None) -> list[bytes | memoryview]:
                target, merged = self._target_for(current)
                conflicts = self._rebase_onto(target) if merged else []
                target._stamp(last_translator)
                target._validate()
                plan = target._plan()
                outcome.append((target, merged, conflicts, plan))
                return target._to_write(plan)

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
        fuzzy (see :meth:`EntryTable.apply_change`).  On failure nothing is changed, in the file or
        in this store.
        """
        with self._mutex:
            found: list[Found] = []
            index = self.find(*base.key)
            if index is not None and self._table.entries[index] == base:
                self.update(index, mine)
            else:
                self._table.apply_change(base, mine, found, nplurals=self.nplurals)
                self._table.rebuild_views()
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
        done: list[tuple[PoStore, SavePlan | None]] = []

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
            return store._to_write(plan)

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
            table, nplurals = store._table, store.nplurals
            for entry in (*their_store.entries, *their_store.obsolete):
                original = before.get(entry.key)
                if original != entry:
                    # ``store`` is ours: where both changed an entry, ours is the result.
                    table.apply_change(
                        original,
                        entry,
                        found,
                        nplurals=nplurals,
                        theirs_win=True,
                        new_there=lambda k: k not in before,
                    )
            table.rebuild_views()
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
        decoded, charset = decode_file(data, store._path)
        store._adopt_bytes(decoded, charset)
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
        self._table.discard_edits()
        self._set_header_from_item()

    def _stamp(self, last_translator: str | None) -> None:
        if self._table.header_item is not None or self._table.edits.header_changes:
            self.set_header("PO-Revision-Date", now())
            if last_translator:
                self.set_header("Last-Translator", last_translator)

    def _validate(self) -> None:
        """Refuse to write an approved entry that ``msgfmt --check`` would refuse."""
        nplurals = self.nplurals
        plural_forms = self._header.get("Plural-Forms")
        n = len(self._table.items)
        changed = [
            (item, entry)
            for item, entry in self._table.edits.pending.items()
            if item != self._table.header_item
        ]
        changed += [(n + i, entry) for i, entry in enumerate(self._table.edits.appended)]
        for item, entry in changed:
            problem = approval_problem(entry, nplurals, plural_forms)
            if problem is not None:
                line = self._image.line(item) + 1 if item < n else None
                name = entry.msgctxt or entry.msgid[:40]
                raise InputError(self._path, line, f"entry {name!r}: {problem}; nothing written")

    def _target_for(self, current: bytes | None) -> tuple[PoStore, bool]:
        """The store to write: this one when the file is what we last read or wrote (or
        gone), else a store of ``current`` onto which our changes are to be merged."""
        if current is None:
            return self, False
        if self._on_disk:
            decoded, charset = decode_file(current, self._path)
            if charset == self._image.charset and self._image.same_bytes(decoded):
                return self, False
        return PoStore._of_bytes(self._path, current), True

    def _rebase_onto(self, other: PoStore) -> list[Found]:
        """Apply our unsaved changes to ``other`` (a fresh read of the file), by key."""
        mine, theirs = self._table, other._table
        edits = mine.edits
        assert edits.rewrite is None, "a rewrite is made under the lock (transact)"
        conflicts: list[Found] = []

        def new_there(key: Key) -> bool:  # an entry the other writer added
            return not mine.has_key(key)

        nplurals = other.nplurals
        for item in sorted(edits.pending):
            if item != mine.header_item:
                base = mine.items[item]
                change = edits.pending[item]
                theirs.apply_change(base, change, conflicts, nplurals=nplurals, new_there=new_there)
        for entry in edits.appended:
            theirs.apply_change(None, entry, conflicts, nplurals=nplurals)
        for name, value in edits.header_changes.items():
            other.set_header(name, value)
        theirs.rebuild_views()
        return conflicts

    # -- writing ---------------------------------------------------------------------

    def replace_entries(self, live: list[PoEntry], obsolete: list[PoEntry]) -> None:
        """Make these the file's entries, in this order (an import whose paragraphs moved).

        Written after the header (and whatever is above it: the comment block, kept as it
        is); an entry equal to one in the file keeps its bytes.  Use it in
        :meth:`transact`; the store is read again once written.
        """
        self._table.edits.rewrite = (list(live), [replace(e, obsolete=True) for e in obsolete])

    def _after_write(self, plan: SavePlan) -> int:
        """Bring the state in line with what was just written; returns entries written."""
        edits = self._table.edits
        changed = len(plan.replacements) + len(edits.appended) + (1 if plan.inserted else 0)
        if plan.inserted or not self._on_disk:
            self._adopt_bytes(b"".join(plan.pieces), self._image.charset)
        else:
            self._after_splice(plan.replacements, plan.written, edits.pending, edits.header_changes)
        self._on_disk = True
        return changed

    def _after_splice(
        self,
        replacements: dict[int, RenderedEntry],
        written: dict[int, bytes],
        done: dict[int, PoEntry],
        header: dict[str, str | None],
    ) -> None:
        """Bring the in-memory state in line with what was just written (no re-parse).

        ``done`` are the pending entries that were written and ``header`` the header
        changes (see :meth:`EntryTable.written`).
        """
        self._image.record(written)
        entries: dict[int, PoEntry] = {}
        for item, rendered in replacements.items():
            start = self._image.line(item)
            entry = done.get(item)
            if entry is None:  # the header
                msgstr = edit_header_text(self._header_msgstr, header)
                entry = replace(self._table.items[item], msgstr=msgstr)
            entries[item] = replace(
                entry,
                line=start + rendered.msgid_offset,
                msgstr_line=start + rendered.msgstr_offset,
            )
        self._table.written(entries, done)
        header_item = self._table.header_item
        if header_item is not None and header_item in replacements:
            self._header_msgstr = self._table.items[header_item].msgstr
            self._header = parse_header(self._header_msgstr)
        changes = self._table.edits.header_changes
        for name, value in list(header.items()):
            if name in changes and changes[name] == value:
                del changes[name]
        if self._image.rewritten > self._COMPACT_AFTER:
            self._image.compact()
