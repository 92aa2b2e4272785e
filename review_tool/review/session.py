"""The UI-free model of one review: a PO file, a cursor on its segments, drafts, undo, writes.

``ReviewSession.open(PATH)`` takes a corpus document (imported on the fly into
``locales/<lang>/LC_MESSAGES/<doc>.po`` when that file is missing or no longer matches the
document) or any PO file, ours or a real catalog with contexts and plurals.

Plural entries are edited form by form: :meth:`forms` is the draft of every ``msgstr[n]``
(as many as the ``Plural-Forms`` header says), :meth:`set_forms` records an edit, and
approving takes all the forms at once (one form of several would write a broken entry);
:meth:`form_labels` says which numbers each form is for.

The session decides how its changes are saved; the screen only asks.  Approve, mark fuzzy
and undo are checked at once (an approval ``msgfmt --check`` would refuse raises
:class:`ApprovalRefused` with the reason), shown at once, and written into the PO file by one
ordered background writer (:mod:`review_tool.review.ordered_writer`) through the store's one write
path (:meth:`PoStore.write_change`: lock, merge by entry with what is on disk, atomic
replace), so no key waits for the disk.  :attr:`save_state` says saving / saved / error;
each finished write goes to :attr:`on_saved` (set by the screen) and must be shown: a write
that failed is taken back from the screen (the text stays in the draft), and an entry both
sides changed comes back as a ``Conflict``.  :meth:`flush` waits until everything is written.

Undo is per segment: a stack of changes (``edit`` of the draft, ``approve``, ``fuzzy``); undoing
a write writes the previous entry back. Segments are identified by ``(msgctxt, msgid)`` so
drafts and undo survive a merge that moved entries around.

Findings of every segment are computed lazily and cached on the text checked, so a 100 000
segment file opens at once; :meth:`scan_findings` fills the cache in the background.

A large PO file is opened on its first segments: :meth:`open` reads
the header and the entries up to the first one to review and a screenful more
(:data:`FIRST_BYTES`, :data:`FIRST_ROWS`), the screen reads the rest behind its first screen
(:meth:`read_more`, :attr:`reading`).  Meanwhile ``len(session)`` is what is read so far;
whatever needs every segment (:meth:`counts`, :meth:`search`, :meth:`next_with_findings`,
:meth:`scan_findings`, :meth:`index_of`) and every write first reads the rest (:attr:`store`),
and raises the file's InputError if the rest is broken, before anything is written.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from review_tool.core.checks.checker import Checker
from review_tool.core.glossary import base_lang, normalize_lang
from review_tool.core.models import Candidate, Finding, Term
from review_tool.core.term_matcher import Match
from review_tool.documents.candidates import (
    OFFLINE_ORIGINS,
    CandidateBuilder,
    SegmentRequest,
    Translator,
)
from review_tool.errors import InputError
from review_tool.gc_pause import no_cycle_collection
from review_tool.review.ordered_writer import OrderedWriter, SaveState, WriteResult
from review_tool.review.session_extras import EditorExtras, kept_draft

if TYPE_CHECKING:
    from review_tool.documents.importer import ImportReport, Source
    from review_tool.po.store import Loading, PoEntry, PoStore, SaveReport
    from review_tool.workspace import Workspace

State = Literal["approved", "fuzzy", "untranslated"]
Key = tuple[str | None, str]
FIRST_BYTES = 1 << 20  # of the PO file read before the first screen (then more if need be)
FIRST_ROWS = 200  # segments read past the current one before the first screen
READ_STEP = 2 << 20  # bytes of the PO file read at a time behind the first screen


class ReadOnlySegment(ValueError):
    """Raised when editing a segment the review cannot edit."""


class ApprovalRefused(ValueError):
    """Raised when a text cannot be approved (empty, or ``msgfmt --check`` would refuse it)."""


@dataclass(frozen=True, slots=True)
class SegmentInfo:
    """What the screen shows of one segment."""

    index: int
    id: str  # msgctxt, or "#<number>" (1-based, as on screen) when the entry has none
    source: str
    target: str  # msgstr (msgstr[0] of a plural entry)
    state: State
    line: int
    source_plural: str | None = None
    plural_targets: tuple[str, ...] = ()

    @property
    def plural(self) -> bool:
        return self.source_plural is not None


@dataclass(frozen=True, slots=True)
class Change:
    """One undoable change to a segment."""

    kind: Literal["edit", "approve", "fuzzy"]
    before_text: str  # the draft before
    after_text: str  # the draft after
    before_entry: PoEntry | None = None  # the PO entry before a write


@dataclass(frozen=True, slots=True)
class UndoResult:
    change: Change
    text: str  # the draft now
    write: WriteResult | None  # set when undoing a write (written in the background)


@dataclass(frozen=True, slots=True)
class Counts:
    approved: int
    fuzzy: int
    untranslated: int

    @property
    def total(self) -> int:
        return self.approved + self.fuzzy + self.untranslated


def entry_key(entry: PoEntry) -> Key:
    return (entry.msgctxt, entry.msgid)


@dataclass
class ReviewSession(EditorExtras):
    loading: Loading  # of the PO file (which may still be going on)
    checker: Checker
    source_lang: str
    target_lang: str
    builder: CandidateBuilder
    translators: Sequence[Translator] = ()
    offline_origins: tuple[str, ...] = OFFLINE_ORIGINS
    last_translator: str = ""  # who writes: Workspace.translator(), never the tool
    display_path: str = ""
    locales_dir: Path | None = None
    import_report: ImportReport | None = None
    lock_timeout: float = 10.0  # how long a write waits for another writer's lock
    lock_attempts: int = 6  # ... that many times before the write fails (the screen: saving…)
    current: int = 0
    _drafts: dict[Key, str] = field(default_factory=dict)
    _forms: dict[Key, tuple[str, ...]] = field(default_factory=dict)  # plural drafts
    _edited: set[Key] = field(default_factory=set)  # drafts written as fuzzy (✎ until approved)
    _undo: dict[Key, list[Change]] = field(default_factory=dict)
    _findings: dict[int, tuple[str, tuple[Finding, ...]]] = field(default_factory=dict)
    _machine: dict[tuple[str, str, str], list[Candidate]] = field(default_factory=dict)
    _counts: Counts | None = None
    _memory_ready: bool = False
    _lock: threading.RLock = field(default_factory=threading.RLock)
    _store: PoStore | None = None
    # Written in the background: the screen shows these until the writer has written them.
    _unsaved: dict[Key, PoEntry] = field(default_factory=dict)
    _writer: OrderedWriter = field(default_factory=OrderedWriter)
    on_saved: Callable[[WriteResult], None] | None = None  # called in the writer thread
    _cursor_key: Key | None = None  # the current segment's, as of the last move

    # -- the PO file, read in steps ----------------------------------------------------------

    @property
    def store(self) -> PoStore:
        """The PO file's store; while the file is still being read, this reads the rest first
        (whatever needs every entry, or writes, waits for it: :attr:`reading`)."""
        if self._store is None:
            self._store = self.loading.finish()
            self._counts = None
        return self._store

    @property
    def reading(self) -> bool:
        """Whether the PO file is still being read (only its first entries are there)."""
        return self._store is None and not self.loading.complete

    @property
    def read_fraction(self) -> float:
        """How much of the PO file is read, 0 to 1."""
        return self.loading.fraction if self.reading else 1.0

    def read_more(self, size: int | None = None) -> bool:
        """Read about ``size`` more bytes of the PO file (default :data:`READ_STEP`; for a
        worker thread); True once the whole file is read.  Raises the file's InputError, as
        opening it would have."""
        if self._store is not None:
            return True
        if self.loading.step(READ_STEP if size is None else size):
            self.store  # noqa: B018 - takes the finished store
            return True
        return False

    @property
    def _entries(self) -> Sequence[PoEntry]:
        """The live entries read so far (all of them once the file is read)."""
        if self._store is not None:
            return self._store.entries
        if self.loading.complete:
            return self.store.entries
        return self.loading.entries

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path,
        workspace: Workspace,
        checker: Checker,
        *,
        lang: str | None = None,
        source_lang: str | None = None,
        translators: Sequence[Translator] = (),
        origins: Iterable[str] = OFFLINE_ORIGINS,
    ) -> ReviewSession:
        """Open a PO file, or a document (imported into the workspace's locales/ if needed)."""
        from review_tool.po.store import PoStore

        path = Path(path)
        report = None
        if path.suffix.lower() == ".po":
            po_path = path
            loading = _start(PoStore.start_load(po_path))
            header = loading.header
            target = normalize_lang(lang) if lang else (header.get("Language") or "")
            if not target:
                raise InputError(path, None, "no Language header: pass --lang")
            src = source_lang or header.get("X-Source-Language") or "en"
        else:
            po_path, report, src, target, loading = _import_document(
                path, workspace, lang, source_lang
            )
        session = cls(
            loading=loading,
            checker=checker,
            source_lang=normalize_lang(src),
            target_lang=target,
            builder=CandidateBuilder(checker, None, list(translators)),
            translators=list(translators),
            offline_origins=tuple(o for o in origins if o in OFFLINE_ORIGINS),
            last_translator=workspace.translator(),
            display_path=workspace.relative(po_path),
            locales_dir=workspace.locales_dir,
            import_report=report,
        )
        session._writer.on_done = session._saved
        # No cyclic garbage collection between the steps (each would walk what is read).
        with no_cycle_collection():
            session.goto(session.first_pending())
            # The rows of the first screen: the segment list starts at the current segment.
            while session.reading and len(session._entries) < session.current + FIRST_ROWS:
                session.read_more(FIRST_BYTES)
        return session

    @property
    def path(self) -> Path:
        return self.loading.path

    @property
    def same_language(self) -> bool:
        return base_lang(self.source_lang) == base_lang(self.target_lang)

    # -- segments ----------------------------------------------------------------------------

    def __len__(self) -> int:
        """Segments read so far (all of them once the file is read)."""
        return len(self._entries)

    def entry(self, index: int) -> PoEntry:
        """The segment's entry as the screen shows it (with a change still being written)."""
        e = self._entries[index]
        if self._unsaved:
            return self._unsaved.get((e.msgctxt, e.msgid), e)
        return e

    def segment(self, index: int) -> SegmentInfo:
        e = self.entry(index)
        plural = e.msgid_plural is not None
        targets = tuple(e.msgstr_plural) if plural else ()
        return SegmentInfo(
            index=index,
            id=e.msgctxt or f"#{index + 1}",
            source=e.msgid,
            target=(targets[0] if targets else "") if plural else e.msgstr,
            state=e.state,
            line=e.line,
            source_plural=e.msgid_plural,
            plural_targets=targets,
        )

    def state(self, index: int) -> State:
        state: State = self.entry(index).state
        return state

    def editable(self, index: int | None = None) -> bool:
        """Whether the review can edit the segment (every entry, plural ones included)."""
        return True

    def note(self, index: int | None = None) -> str:
        """Why a segment cannot be edited here ('' when it can)."""
        return ""

    def counts(self) -> Counts:
        if self._counts is None:
            # PoEntry.state, inlined: this walks every entry (100 000 at open).
            fuzzy = approved = 0
            unsaved = self._unsaved
            for e in self.store.entries:
                if unsaved:
                    e = unsaved.get((e.msgctxt, e.msgid), e)
                if "fuzzy" in e.flags:
                    fuzzy += 1
                elif e.msgid_plural is None:
                    approved += e.msgstr != ""
                elif e.msgstr_plural and all(e.msgstr_plural):
                    approved += 1
            total = len(self.store.entries)
            self._counts = Counts(approved, fuzzy, total - approved - fuzzy)
        return self._counts

    def first_pending(self) -> int:
        """The first editable segment not approved yet (0 when all are); reads the file on
        until there is one."""
        start = 0
        while True:
            entries = self._entries
            for i in range(start, len(entries)):
                e = self.entry(i) if self._unsaved else entries[i]
                if e.state != "approved":
                    return i
            if not self.reading:
                return 0
            start = len(entries)
            self.read_more(FIRST_BYTES)

    def next_pending(self, after: int | None = None) -> int | None:
        """The next segment after ``after`` (default: the current one) not approved yet,
        wrapping around; None when every other segment is approved."""
        start = self.current if after is None else after
        entries = self.store.entries  # every segment: the whole file
        n = len(entries)
        for k in range(1, n):
            i = (start + k) % n
            if entries[i].state != "approved":
                return i
        return None

    def index_of(self, key: Key) -> int | None:
        return self.store.find(*key)

    # -- moving ------------------------------------------------------------------------------

    def goto(self, index: int) -> int:
        if len(self):
            self.current = max(0, min(index, len(self) - 1))
            self._cursor_key = self._key(self.current)
        return self.current

    def next(self) -> int:
        return self.goto(self.current + 1)

    def previous(self) -> int:
        return self.goto(self.current - 1)

    def next_with_findings(self, step: int = 1) -> int | None:
        """Move to the next (``step=1``) or previous (``-1``) segment with findings, wrapping
        around; None (and no move) when no other segment has any."""
        self.store  # noqa: B018 - every segment: the whole file
        n = len(self)
        for k in range(1, n):
            i = (self.current + k * step) % n
            if self.findings(i):
                return self.goto(i)
        return None

    def search(self, query: str, step: int = 1, *, include_current: bool = False) -> int | None:
        """Move to the next segment whose source or translation contains ``query`` (case
        folded), wrapping around; None (and no move) when there is none."""
        needle = query.casefold()
        self.store  # noqa: B018 - every segment: the whole file
        if not needle or not len(self):
            return None
        n = len(self)
        first = 0 if include_current else 1
        for k in range(first, n + first):
            i = (self.current + k * step) % n
            e = self.entry(i)
            hay = [e.msgid, e.msgstr, e.msgid_plural or "", *e.msgstr_plural]
            if any(needle in h.casefold() for h in hay if h):
                return self.goto(i)
        return None

    # -- findings ----------------------------------------------------------------------------

    def checked_text(self, index: int) -> str:
        e = self.entry(index)
        if e.msgid_plural is not None:
            return e.msgstr_plural[0] if e.msgstr_plural else ""
        return e.msgstr

    def check(self, text: str, index: int | None = None) -> list[Finding]:
        """Findings of ``text`` as the translation of segment ``index`` (default: current)."""
        if not text:
            return []
        e = self._entries[self.current if index is None else index]
        with self._lock:
            return self.checker.check(
                text,
                self.target_lang,
                source=e.msgid,
                source_lang=self.source_lang,
                flags=frozenset(e.flags),
                plural_source=e.msgid_plural,  # a plural form: against both sources
            )

    def form_findings(self, index: int) -> list[Finding]:
        """Findings of each form of a plural entry, against msgid and msgid_plural (a finding
        only where both sources have it), with offsets into the forms as the screen shows
        them: one line each, after its "[n] " label (which is never checked)."""
        e = self._entries[index]
        out: list[Finding] = []
        offset = 0
        for n, form in enumerate(e.msgstr_plural):
            label = f"[{n}] "
            offset += len(label)
            if form:
                source, other = (e.msgid, e.msgid_plural) if n == 0 else (e.msgid_plural, e.msgid)
                with self._lock:
                    found = self.checker.check(
                        form,
                        self.target_lang,
                        source=source,
                        source_lang=self.source_lang,
                        flags=frozenset(e.flags),
                        plural_source=other,
                    )
                out.extend(replace(f, start=f.start + offset, end=f.end + offset) for f in found)
            offset += len(form) + 1  # the line break
        return out

    def findings(self, index: int) -> tuple[Finding, ...]:
        """Findings of the segment's translation in the PO (cached on that text), waived
        ones left out."""
        text = self.checked_text(index)
        hit = self._findings.get(index)
        if hit is not None and hit[0] == text:
            return hit[1]
        waived = self.waived(index) if self.entry(index).translator_comments else ()
        found = tuple(f for f in self.check(text, index) if f.rule not in waived)
        self._findings[index] = (text, found)
        return found

    def known_findings(self, index: int) -> tuple[Finding, ...] | None:
        """The cached findings of a segment, or None if not computed yet (never computes)."""
        hit = self._findings.get(index)
        if hit is None or hit[0] != self.checked_text(index):
            return None
        return hit[1]

    def scan_findings(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        every: int = 200,
    ) -> int:
        """Compute the findings of every segment (for a background worker); returns how many
        segments have findings. ``progress(done, total)`` is called every ``every`` segments."""
        self.store  # noqa: B018 - every segment: the whole file
        total = len(self)
        with_findings = 0
        for i in range(total):
            if cancelled is not None and i % 50 == 0 and cancelled():
                break
            if i < len(self) and self.findings(i):
                with_findings += 1
            if progress is not None and (i + 1) % every == 0:
                progress(i + 1, total)
        if progress is not None:
            progress(total, total)
        return with_findings

    def error_findings(self, text: str, index: int | None = None) -> list[Finding]:
        return [f for f in self.check(text, index) if f.severity == "error"]

    # -- glossary ----------------------------------------------------------------------------

    def term_matches(self, index: int | None = None) -> list[Match]:
        """Glossary terms in the segment's source text."""
        e = self._entries[self.current if index is None else index]
        with self._lock:
            return self.checker.matcher.find(e.msgid)

    def concepts(self, index: int | None = None) -> list[tuple[str, list[Term]]]:
        """The concepts named in the source, each with its terms in every glossary language."""
        seen: dict[str, list[Term]] = {}
        for m in self.term_matches(index):
            for t in m.terms:
                if t.concept not in seen:
                    seen[t.concept] = self.checker.glossary.concept_terms(t.concept)
        return list(seen.items())

    # -- drafts and undo ---------------------------------------------------------------------

    def _key(self, index: int | None) -> Key:
        return entry_key(self._entries[self.current if index is None else index])

    def draft(self, index: int | None = None) -> str:
        """The text in the editor: the unsaved draft, else the PO translation, else (reviewing
        a text in its own language) the source."""
        i = self.current if index is None else index
        key = self._key(i)
        if key in self._drafts:
            return self._drafts[key]
        e = self.entry(i)
        if e.msgid_plural is not None:
            return self.forms(i)[0]
        kept = kept_draft(e)
        if isinstance(kept, str):
            return kept
        if e.msgstr:
            return e.msgstr
        return e.msgid if self.same_language else ""

    def set_draft(self, text: str, index: int | None = None) -> bool:
        """Record an edit of the draft (taking a candidate, applying a finding, typing);
        returns False when nothing changed."""
        i = self.current if index is None else index
        if not self.editable(i):
            raise ReadOnlySegment(self.note(i))
        before = self.draft(i)
        if text == before:
            return False
        key = self._key(i)
        self._undo.setdefault(key, []).append(Change("edit", before, text))
        self._drafts[key] = text
        return True

    def dirty(self, index: int | None = None) -> bool:
        """Whether the draft differs from what the PO holds."""
        i = self.current if index is None else index
        key = self._key(i)
        return key in self._drafts and self._drafts[key] != self.checked_text(i)

    def history(self, index: int | None = None) -> list[Change]:
        return list(self._undo.get(self._key(index), []))

    def can_undo(self, index: int | None = None) -> bool:
        return bool(self._undo.get(self._key(index)))

    def undo(self, index: int | None = None) -> UndoResult | None:
        """Undo the last change to a segment; a write is undone by writing the previous entry
        back (in the background, as every write). None when there is nothing to undo."""
        i = self.current if index is None else index
        key = self._key(i)
        stack = self._undo.get(key)
        if not stack:
            return None
        change = stack.pop()
        self._forms.pop(key, None)
        write = None
        if change.before_entry is not None:
            write = self._submit(key, self.entry(i), change.before_entry, "undo")
        self._drafts[key] = change.before_text
        return UndoResult(change, change.before_text, write)

    # -- writing -----------------------------------------------------------------------------

    def approve(self, text: str | Sequence[str], index: int | None = None) -> WriteResult:
        """Approve ``text`` (one string per form for a plural entry) as the segment's
        translation: shown at once, written into the PO file in the background
        (:meth:`WriteResult.wait`, :attr:`on_saved`).  Raises ApprovalRefused (nothing
        changed) when ``msgfmt --check`` would refuse it."""
        return self._write(text, False, index)

    def mark_fuzzy(self, text: str | Sequence[str], index: int | None = None) -> WriteResult:
        """Store ``text`` as a fuzzy (not yet approved) translation, as :meth:`approve`."""
        return self._write(text, True, index)

    def _write(self, given: str | Sequence[str], fuzzy: bool, index: int | None) -> WriteResult:
        i = self.current if index is None else index
        if not self.editable(i):
            raise ReadOnlySegment(self.note(i))
        from review_tool.documents.waivers import with_draft
        from review_tool.po.store import approval_problem

        key = self._key(i)
        before_entry = self.entry(i)
        forms = [given] if isinstance(given, str) else list(given)
        if before_entry.msgid_plural is not None and isinstance(given, str):
            forms = [given, *self.forms(i)[1:]]
        if not forms or any(not t.strip() for t in forms):
            raise ApprovalRefused("an empty translation cannot be approved or marked fuzzy")
        text = forms[0]
        new_text: str | Sequence[str] = forms if before_entry.msgid_plural is not None else text
        # the draft kept beside the approved text is approved (or marked fuzzy) now
        entry = with_draft(before_entry.with_translation(new_text, fuzzy=fuzzy), None)
        store = self.store
        problem = approval_problem(entry, store.nplurals, store.header.get("Plural-Forms"))
        if problem is not None:
            raise ApprovalRefused(f"not approved: {problem}")
        before_text = self.draft(i)
        write = self._submit(key, before_entry, entry, "fuzzy" if fuzzy else "approve")
        self._forms.pop(key, None)
        self._undo.setdefault(key, []).append(
            Change("fuzzy" if fuzzy else "approve", before_text, text, before_entry)
        )
        self._drafts[key] = text
        return write

    def _submit(self, key: Key, base: PoEntry, entry: PoEntry, label: str) -> WriteResult:
        """Show ``entry`` now and have the writer write it (base -> entry, by key)."""
        self._unsaved[key] = entry
        self._counts = None

        def write() -> SaveReport:
            from review_tool.po.locked_write import LockTimeout

            attempt = 1
            try:
                while True:
                    try:
                        return self.store.write_change(
                            base,
                            entry,
                            last_translator=self.last_translator,
                            lock_timeout=self.lock_timeout,
                        )
                    except LockTimeout:  # a long import, say: still saving, try again
                        if attempt >= self.lock_attempts:
                            raise
                        attempt += 1
            finally:
                if self._unsaved.get(key) is entry:  # (not changed again meanwhile)
                    del self._unsaved[key]
                self._counts = None

        return self._writer.submit(write, label)

    def _saved(self, outcome: WriteResult) -> None:
        if self.on_saved is not None:
            self.on_saved(outcome)

    # -- the PO file on disk -----------------------------------------------------------------

    @property
    def save_state(self) -> SaveState:
        """saving (writes queued), saved (the file holds every change), or error (the last
        write failed: :attr:`save_error`)."""
        return self._writer.state

    @property
    def writes_done(self) -> int:
        """Writes finished (or failed) since the session was opened."""
        return self._writer.finished

    @property
    def save_error(self) -> str:
        error = self._writer.last_error
        return str(error) if error is not None else ""

    @property
    def file_up_to_date(self) -> bool:
        """Whether the PO file on disk holds every change made here."""
        return self._writer.state == "saved"

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every change is written (on quit); False on timeout."""
        return self._writer.wait(timeout)

    def after_write(self, outcome: WriteResult) -> None:
        """Bring the cursor and caches in line with a finished write (call it on the thread
        that moves the cursor): a merge may have moved the entries; the cursor stays on its
        segment."""
        self._counts = None
        report = outcome.result
        if report is not None and report.merged_external:
            self._findings.clear()
            key = self._cursor_key
            found = self.index_of(key) if key is not None else None
            self.goto(found if found is not None else self.current)

    # -- candidates --------------------------------------------------------------------------

    def request(self, index: int | None = None) -> SegmentRequest:
        e = self._entries[self.current if index is None else index]
        return SegmentRequest(e.msgid, self.source_lang, self.target_lang, e.msgstr)

    def _ensure_memory(self) -> None:
        if self._memory_ready or "tm" not in self.offline_origins or self.locales_dir is None:
            self._memory_ready = True
            return
        from review_tool.documents.tm import build_memory

        self.builder.memory = build_memory(
            self.locales_dir, self.source_lang, self.target_lang, exclude=self.path
        )
        self._memory_ready = True

    def offline_candidates(self, index: int | None = None) -> list[Candidate]:
        """The fix and TM candidates (synchronous, cached by the builder)."""
        i = self.current if index is None else index
        if not self.editable(i) or not self.offline_origins:
            return []
        with self._lock:
            self._ensure_memory()
            return self.builder.candidates(self.request(i), origins=self.offline_origins)

    def machine_candidates(
        self, translator: Translator, req: SegmentRequest | None = None
    ) -> list[Candidate]:
        """One MT engine's candidates for a request (default: the current segment's); blocking,
        so call it from a worker thread with a request built on the UI thread. Cached."""
        req = req if req is not None else self.request()
        cache_key = (translator.name, req.source, req.current)
        hit = self._machine.get(cache_key)
        if hit is not None:
            return hit
        found = self.builder.machine(translator, req)  # never raises: errors become candidates
        if not any(c.error for c in found):
            self._machine[cache_key] = found
        return found

    def cached_machine(self, name: str, req: SegmentRequest) -> list[Candidate] | None:
        return self._machine.get((name, req.source, req.current))


def _start(loading: Loading) -> Loading:
    """The start of the file read (header, first entries); all of it when the file is small."""
    if not loading.step(FIRST_BYTES) and not loading.header:
        loading.finish()  # (a header that is not the first entry: read on to it)
    return loading


def _import_document(
    path: Path, ws: Workspace, lang: str | None, source_lang: str | None
) -> tuple[Path, ImportReport | None, str, str, Loading]:
    """Import a document into its PO file when the file is missing or out of date; returns
    the PO file's load.

    The PO records the fingerprint of the document it was imported from; while the
    document still has it, the PO is current without splitting and comparing the document
    (the slow part of reopening 100 000 paragraphs), and the rest of the PO can be read
    while the first screen is shown.
    """
    from review_tool.documents.importer import SOURCE_HASH_HEADER, read_source
    from review_tool.documents.paragraphs import document_name, file_digest, language_from_name
    from review_tool.po.store import Loading, PoStore

    src = source_lang or language_from_name(path) or lang
    if not src:
        raise InputError(path, None, "cannot tell the language: name it doc.<lang>.txt or --lang")
    src_lang = normalize_lang(src)
    target = normalize_lang(lang) if lang else src_lang
    po_path = ws.po_path(document_name(path), target)
    if po_path.exists():
        loading = _start(PoStore.start_load(po_path))
        recorded = loading.header.get(SOURCE_HASH_HEADER)
        if recorded and recorded == file_digest(path):
            return po_path, None, src_lang, target, loading
        store = loading.finish()
        source = read_source(path, src, ws.relative(path))
        have = [(e.msgctxt, e.msgid) for e in store.entries]
        want = [(u.ident, u.text) for u in source.units]
        if have == want:
            return po_path, None, source.lang, target, loading
    else:
        source = read_source(path, src, ws.relative(path))
    report = _do_import(source, target, po_path, ws, path)
    if report.store is not None:
        return po_path, report, source.lang, target, Loading.of(report.store)
    return po_path, report, source.lang, target, _start(PoStore.start_load(po_path))


def _do_import(
    source: Source, target: str, po_path: Path, ws: Workspace, path: Path
) -> ImportReport:
    from review_tool.documents.importer import import_into

    return import_into(
        source, target, po_path, translator=ws.translator(), source_ref=ws.relative(path)
    )
