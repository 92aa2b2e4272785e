"""Import a document (or a reviewed PO) into per-language PO files, with msgmerge semantics.

Re-importing keeps every translation: an unchanged paragraph keeps its entry as it is, an
edited one keeps its old translation marked fuzzy with the previous msgid (``#|``), a removed
one becomes obsolete (``#~``). A reviewed PO can be the source of further languages: its
approved translations, not its original msgids, are what gets translated onward.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from review_tool.core.glossary import base_lang, normalize_lang
from review_tool.documents.paragraphs import (
    document_name,
    language_from_name,
    read_document,
    segment_id,
)
from review_tool.errors import InputError
from review_tool.po.store import PoEntry, PoStore

FUZZY_MATCH_CUTOFF = 70.0


@dataclass(frozen=True, slots=True)
class SourceUnit:
    ident: str
    text: str
    reference: str


# The PO header recording which document bytes the entries were imported from.
SOURCE_HASH_HEADER = "X-Source-Document-Hash"


@dataclass(frozen=True, slots=True)
class Source:
    name: str  # document name used for the PO file name
    lang: str
    units: tuple[SourceUnit, ...]
    skipped: tuple[str, ...] = ()  # ids of segments left out (not approved in a PO source)
    digest: str = ""  # segments.document_digest of a document source ("" for a PO source)


@dataclass(frozen=True, slots=True)
class ImportReport:
    path: Path
    created: bool
    added: int
    unchanged: int
    fuzzy: int
    obsoleted: int
    # The store as written (when it still is the file: saves loading it again).
    store: PoStore | None = field(default=None, compare=False, repr=False)


def read_source(path: Path, lang: str | None, relative_name: str) -> Source:
    if not relative_name.isprintable():
        # A PO file names its document in a header line and in references: no room for a
        # newline or a tab there, nor for bytes that are not UTF-8 (the PO is).
        raise InputError(
            path,
            None,
            "a PO file cannot name this document (a control character such as a newline, "
            "or bytes that are not UTF-8, in its name); rename the file",
        )
    if path.suffix.lower() == ".po":
        store = PoStore.load(path)
        src_lang = normalize_lang(lang) if lang else store.language
        if not src_lang:
            raise InputError(path, None, "no Language header: pass --lang")
        units = []
        skipped = []
        for index, entry in enumerate(store.entries):
            ident = entry.msgctxt or f"#{index}"
            if entry.msgid_plural is not None:
                continue
            if not entry.approved:
                skipped.append(ident)
                continue
            ref = entry.references[0] if entry.references else f"{relative_name}:{index + 1}"
            units.append(SourceUnit(ident, entry.msgstr, ref))
        return Source(path.stem, src_lang, tuple(units), tuple(skipped))
    doc = read_document(path)
    src_lang = normalize_lang(lang) if lang else language_from_name(path)
    if not src_lang:
        raise InputError(path, None, "cannot tell the language: name it doc.<lang>.txt or --lang")
    taken: set[str] = set()
    units = [
        SourceUnit(segment_id(p.text, taken), p.text, f"{relative_name}:{p.index + 1}")
        for p in doc.paragraphs
    ]
    return Source(document_name(path), src_lang, tuple(units), digest=doc.digest)


def _fresh(unit: SourceUnit, same_language: bool) -> PoEntry:
    if same_language:
        # Reviewing a text in its own language: the text itself is the unapproved candidate.
        return PoEntry(
            msgid=unit.text,
            msgstr=unit.text,
            msgctxt=unit.ident,
            flags=("fuzzy",),
            references=(unit.reference,),
        )
    return PoEntry(msgid=unit.text, msgctxt=unit.ident, references=(unit.reference,))


def merge_entries(
    units: tuple[SourceUnit, ...], old: list[PoEntry], old_obsolete: list[PoEntry], same: bool
) -> tuple[list[PoEntry], list[PoEntry], dict[str, int]]:
    """msgmerge: the new live entries in document order, the obsolete ones, and counts."""
    by_key = {(e.msgctxt, e.msgid): e for e in old}
    by_ctx = {e.msgctxt: e for e in old if e.msgctxt is not None}
    obsolete_by_key = {(e.msgctxt, e.msgid): e for e in old_obsolete}
    used: set[tuple[str | None, str]] = set()
    counts = {"added": 0, "unchanged": 0, "fuzzy": 0, "obsoleted": 0}
    live: list[PoEntry | None] = []
    pending: list[int] = []
    for unit in units:
        key = (unit.ident, unit.text)
        entry = by_key.get(key) or by_key.get((None, unit.text))
        if entry is not None and entry.key not in used:
            used.add(entry.key)
            live.append(
                dataclasses.replace(entry, msgctxt=unit.ident, references=(unit.reference,))
            )
            counts["unchanged"] += 1
            continue
        revived = obsolete_by_key.pop(key, None)
        if revived is not None:
            live.append(dataclasses.replace(revived, obsolete=False, references=(unit.reference,)))
            counts["unchanged"] += 1
            continue
        same_ctx = by_ctx.get(unit.ident)
        if same_ctx is not None and same_ctx.key not in used:
            used.add(same_ctx.key)
            live.append(_carry(same_ctx, unit, same))
            counts["fuzzy" if same_ctx.translated else "added"] += 1
            continue
        live.append(None)
        pending.append(len(live) - 1)
    leftovers = [e for e in old if e.key not in used and e.msgstr]
    for slot in pending:
        unit = units[slot]
        match = None
        if leftovers:
            match = process.extractOne(
                unit.text,
                [e.msgid for e in leftovers],
                scorer=fuzz.ratio,
                score_cutoff=FUZZY_MATCH_CUTOFF,
            )
        if match is not None:
            previous = leftovers.pop(match[2])
            used.add(previous.key)
            live[slot] = _carry(previous, unit, same)
            counts["fuzzy" if previous.translated else "added"] += 1
        else:
            live[slot] = _fresh(unit, same)
            counts["added"] += 1
    for entry in old:
        if entry.key not in used and entry.translated:
            obsolete_by_key[entry.key] = dataclasses.replace(entry, obsolete=True)
            counts["obsoleted"] += 1
    return [e for e in live if e is not None], list(obsolete_by_key.values()), counts


def _carry(previous: PoEntry, unit: SourceUnit, same: bool) -> PoEntry:
    """The old translation, kept for an edited paragraph: fuzzy, with the previous msgid."""
    if not previous.translated:
        return _fresh(unit, same)
    flags = previous.flags if "fuzzy" in previous.flags else ("fuzzy", *previous.flags)
    return dataclasses.replace(
        previous,
        msgid=unit.text,
        msgctxt=unit.ident,
        flags=flags,
        references=(unit.reference,),
        previous_msgid=previous.msgid,
        previous_msgctxt=previous.msgctxt if previous.msgctxt != unit.ident else None,
        obsolete=False,
    )


def import_into(
    source: Source, target_lang: str, po_path: Path, *, translator: str, source_ref: str
) -> ImportReport:
    """Create or update the PO file through the store's one write path.

    The msgmerge runs under the folder's lock on the file as it is *now*
    (:meth:`PoStore.transact`), so approvals made while the import ran are part of what it
    merges: an approval of a paragraph the new document edits is carried to the new entry
    as fuzzy with the previous msgid (``#|``).  The file keeps its comments above the
    header, its mode and its symlink; untouched entries keep their bytes.
    """
    target_lang = normalize_lang(target_lang)
    same = base_lang(target_lang) == base_lang(source.lang)
    counts: dict[str, int] = {}
    created: list[bool] = []

    def new() -> PoStore:
        created.append(True)
        entries = [_fresh(u, same) for u in source.units]
        counts.update(added=len(entries), unchanged=0, fuzzy=0, obsoleted=0)
        store = PoStore.new(
            po_path,
            language=target_lang,
            source_language=source.lang,
            project=source.name,
            entries=entries,
        )
        store.set_header("X-Source-Document", source_ref)
        if source.digest:
            store.set_header(SOURCE_HASH_HEADER, source.digest)
        return store

    def merge(store: PoStore) -> None:
        if created:
            return
        live, obsolete, found = merge_entries(source.units, store.entries, store.obsolete, same)
        counts.update(found)
        if [e.key for e in live] == [e.key for e in store.entries] and len(obsolete) == len(
            store.obsolete
        ):
            for index, entry in enumerate(live):
                if entry != store.entries[index]:
                    store.update(index, entry)
        else:  # the paragraphs moved
            store.replace_entries(live, obsolete)
            store.set_header("X-Source-Language", source.lang)
            store.set_header("X-Source-Document", source_ref)
        store.set_header(SOURCE_HASH_HEADER, source.digest or None)

    po_path.parent.mkdir(parents=True, exist_ok=True)
    store = PoStore.transact(po_path, merge, new=new, last_translator=translator)
    if created:
        return ImportReport(po_path, True, counts["added"], 0, 0, 0, store=store)
    return _report(po_path, counts, store)


def _report(po_path: Path, counts: dict[str, int], store: PoStore | None) -> ImportReport:
    return ImportReport(
        po_path,
        False,
        counts["added"],
        counts["unchanged"],
        counts["fuzzy"],
        counts["obsoleted"],
        store=store,
    )
