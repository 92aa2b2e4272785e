"""The entries of one PO file in memory: each as on disk, the unsaved edits, and the views.

Why a class of its own: callers address entries by their index among the live entries
(:attr:`PoStore.entries <review_tool.po.store.PoStore.entries>`), by key (msgctxt, msgid) or
by msgctxt, while a save works on *items* (every entry of the file, the header and obsolete
entries included, numbered in file order as the parser numbered them; items from
``len(items)`` on are entries appended since).  Keeping the two in step through edits, a
re-application of our edits onto another writer's file (by key, as msgmerge carries
translations) and a save that rewrote some items is one job, separate from the bytes
(:mod:`review_tool.po.disk_image`) and from the write transaction (:mod:`review_tool.po.store`).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from review_tool.po.entry import Key, PoEntry
from review_tool.po.merge import Found, carried_to_successor, find_successor, merge_entry

__all__ = ["Edits", "EntryTable"]


@dataclass(slots=True)
class Edits:
    """The unsaved changes to a file's entries, by item (see :class:`EntryTable`)."""

    pending: dict[int, PoEntry] = field(default_factory=dict)  # items of the file changed
    appended: list[PoEntry] = field(default_factory=list)  # items after the file's last
    header_changes: dict[str, str | None] = field(default_factory=dict)  # None: removed
    rewrite: tuple[list[PoEntry], list[PoEntry]] | None = None  # a new order (live, obsolete)

    def __bool__(self) -> bool:
        return bool(
            self.pending or self.appended or self.header_changes or self.rewrite is not None
        )


class EntryTable:
    """Items as on disk plus :attr:`edits`, seen as live and obsolete entries.

    ``live``/``obs`` map a live (obsolete) index to its item; ``entries``/``obsolete`` are
    the entries with the edits applied.  The key index is built on first use (hashing
    100 000 msgids takes a while, and a review that never merges never needs it).
    """

    def __init__(
        self,
        items: list[PoEntry] | None = None,
        header_item: int | None = None,
        live: list[int] | None = None,
        obs: list[int] | None = None,
        *,
        live_index: dict[Key, int] | None = None,
        obs_index: dict[Key, int] | None = None,
    ) -> None:
        self.items: list[PoEntry] = items if items is not None else []
        self.header_item = header_item
        self.edits = Edits()
        self.live: list[int] = live if live is not None else []
        self.entries: list[PoEntry] = [self.items[i] for i in self.live]
        self.obs: list[int] = obs if obs is not None else []
        self.obsolete: list[PoEntry] = [self.items[i] for i in self.obs]
        self._index_map: dict[Key, int] | None = live_index if items is not None else {}
        self._obs_index: dict[Key, int] = obs_index if obs_index is not None else {}
        self._ctx_index: dict[str | None, int] | None = None  # built on first use

    @property
    def _index(self) -> dict[Key, int]:
        """Key -> live index."""
        index = self._index_map
        if index is None:
            index = {(e.msgctxt, e.msgid): i for i, e in enumerate(self.entries)}
            self._index_map = index
        return index

    # -- lookups ---------------------------------------------------------------------

    def find(self, key: Key) -> int | None:
        """The live index of the entry with this key."""
        return self._index.get(key)

    def has_key(self, key: Key) -> bool:
        """Whether a live or obsolete entry has this key."""
        return key in self._index or key in self._obs_index

    def index_of_context(self, msgctxt: str | None) -> int | None:
        """Index of the first live entry with this msgctxt."""
        if self._ctx_index is None:
            ctx_index: dict[str | None, int] = {}
            for i, entry in enumerate(self.entries):
                ctx_index.setdefault(entry.msgctxt, i)
            self._ctx_index = ctx_index
        return self._ctx_index.get(msgctxt)

    def current_item(self, item: int) -> PoEntry:
        """The entry of ``item`` with our unsaved change, if any (whatever the views say)."""
        n = len(self.items)
        if item >= n:
            return self.edits.appended[item - n]
        return self.edits.pending.get(item, self.items[item])

    def _item_for_key(self, key: Key) -> int | None:
        live = self._index.get(key)
        if live is not None:
            return self.live[live]
        obs = self._obs_index.get(key)
        return self.obs[obs] if obs is not None else None

    # -- edits -----------------------------------------------------------------------

    def update(self, index: int, entry: PoEntry, nplurals: int) -> None:
        """Replace live entry ``index`` (written at its place on the next save)."""
        if entry.obsolete:
            raise ValueError("use make_obsolete() to make an entry obsolete")
        old = self.entries[index]
        if entry.key != old.key:
            clash = self._index.get(entry.key)
            if clash is not None and clash != index:
                raise ValueError(f"another entry (index {clash}) already has this msgctxt/msgid")
        entry = _normalised(entry, nplurals)
        if (entry.line, entry.msgstr_line) != (old.line, old.msgstr_line):
            entry = replace(entry, line=old.line, msgstr_line=old.msgstr_line)
        self.set_item(self.live[index], entry)
        self.entries[index] = entry
        if entry.key != old.key:
            del self._index[old.key]
            self._index[entry.key] = index
            self._ctx_index = None

    def append(self, entry: PoEntry, nplurals: int) -> int:
        """Add a live entry (written after the last live entry); returns its index."""
        if entry.obsolete:
            raise ValueError("append() adds live entries")
        if entry.key in self._index:
            raise ValueError("an entry with this msgctxt/msgid already exists")
        if entry.msgid == "" and entry.msgctxt is None:
            raise ValueError('msgid "" is the header; use set_header()')
        entry = _normalised(entry, nplurals)
        entry = replace(entry, line=0, msgstr_line=0) if entry.line else entry
        item = len(self.items) + len(self.edits.appended)
        self.edits.appended.append(entry)
        index = len(self.entries)
        self.live.append(item)
        self.entries.append(entry)
        self._index[entry.key] = index
        if self._ctx_index is not None:
            self._ctx_index.setdefault(entry.msgctxt, index)
        return index

    def make_obsolete(self, index: int) -> None:
        """Turn live entry ``index`` into an obsolete (``#~``) entry, in place."""
        entry = replace(self.entries[index], obsolete=True)
        self.set_item(self.live[index], entry)
        self.rebuild_views()

    def set_item(self, item: int, entry: PoEntry) -> None:
        """Make ``entry`` the new content of ``item`` (the views follow in
        :meth:`rebuild_views`)."""
        n = len(self.items)
        if item >= n:
            self.edits.appended[item - n] = entry
        elif entry == self.items[item] and entry.obsolete == self.items[item].obsolete:
            self.edits.pending.pop(item, None)
        else:
            self.edits.pending[item] = entry

    def discard_edits(self) -> None:
        """Forget every unsaved change."""
        self.edits = Edits()
        self.rebuild_views()

    def rebuild_views(self) -> None:
        """Recompute the live/obsolete lists and indexes from items and pending changes."""
        live: list[int] = []
        obs: list[int] = []
        entries: list[PoEntry] = []
        obsolete: list[PoEntry] = []
        pending = self.edits.pending
        header = self.header_item
        all_items = self.items + self.edits.appended
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
        self.live, self.entries, self.obs, self.obsolete = live, entries, obs, obsolete
        self._index_map = None
        self._obs_index = {}
        for i, e in enumerate(obsolete):
            self._obs_index.setdefault(e.key, i)
        self._ctx_index = None

    def apply_change(
        self,
        base: PoEntry | None,
        mine: PoEntry,
        conflicts: list[Found],
        *,
        nplurals: int,
        theirs_win: bool = False,
        new_there: Callable[[Key], bool] | None = None,
    ) -> None:
        """Re-apply one change (``base`` -> ``mine``) onto these entries, by key.

        Where the entry is no longer live here, another writer replaced or removed it (an
        import of an edited paragraph, msgmerge): a changed translation goes to the entry
        that replaced it (the live entry whose ``#|`` previous msgid is ours, else the
        closest untranslated source among the entries ``new_there`` says the other writer
        added) as fuzzy with our msgid as the previous one, as
        msgmerge carries translations; failing that it is kept as an obsolete entry.  It
        never brings the old paragraph back as a live entry.  Call :meth:`rebuild_views`
        after the last change.
        """
        key = base.key if base is not None else mine.key
        live = self._index.get(key)
        if live is not None or base is None and mine.obsolete:
            item = self.live[live] if live is not None else self._item_for_key(key)
            if item is None:
                return
            theirs = self.current_item(item)
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
            self.set_item(item, replace(result, line=theirs.line, msgstr_line=theirs.msgstr_line))
            return
        if base is None:
            if not mine.obsolete:
                self.append(mine, nplurals)
            return
        if mine.obsolete or (mine.forms, mine.fuzzy) == (base.forms, base.fuzzy):
            return  # nothing of ours to keep
        successor = find_successor(self.entries, base, new_there)
        if successor is not None:
            item = self.live[successor]
            self.set_item(item, carried_to_successor(base, mine, self.current_item(item)))
            return
        obs = self._obs_index.get(key)
        if obs is not None:
            item = self.obs[obs]
            self.set_item(item, replace(mine, obsolete=True, line=0, msgstr_line=0))
            return
        self.edits.appended.append(replace(mine, obsolete=True, line=0, msgstr_line=0))

    def written(self, entries: dict[int, PoEntry], done: dict[int, PoEntry]) -> None:
        """``entries`` (item -> the entry as written, with its lines) are now in the file:
        they become the items, and the views show them.  ``done`` are the pending entries
        that were written; a pending entry changed again since (a commit during a save in
        another thread) stays pending, as a change against what was just written.
        """
        for item, entry in entries.items():
            self.items[item] = entry
            if item == self.header_item:
                continue
            views, items = (
                (self.obsolete, self.obs) if entry.obsolete else (self.entries, self.live)
            )
            pos = bisect.bisect_left(items, item)
            shown = views[pos] if pos < len(items) and items[pos] == item else None
            if shown is not None and shown is not done.get(item):
                if shown == entry:
                    self.edits.pending.pop(item, None)
                    views[pos] = entry
                else:
                    self.edits.pending[item] = shown
                continue
            self.edits.pending.pop(item, None)
            if shown is not None:
                views[pos] = entry


def _normalised(entry: PoEntry, nplurals: int) -> PoEntry:
    """The entry as it will read back: an untranslated plural gets nplurals "" forms."""
    if entry.msgid_plural is not None and not entry.msgstr_plural:
        return replace(entry, msgstr="", msgstr_plural=("",) * nplurals)
    if entry.msgid_plural is None and entry.msgstr_plural:
        raise ValueError("msgstr_plural needs msgid_plural")
    return entry
