"""An XLIFF file into a PO catalog: ``review-tool import file.xlf``.

Each segment becomes an entry keyed by its XLIFF id (``msgctxt``) and source (``msgid``); a
translation approved in the XLIFF (1.2 ``approved="yes"`` or state ``final``, 2.0 state
``final``) is approved in the PO, any other translation comes in fuzzy, and notes become
extracted comments. Re-importing merges by key through the PO store's one write path: an
entry already approved in the PO keeps its translation, new segments are added, and
segments the XLIFF no longer has are made obsolete.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from review_tool.core.glossary import normalize_lang
from review_tool.documents.xliff import Segment, XliffFile
from review_tool.po.entry import PoEntry
from review_tool.po.store import PoStore


@dataclass(frozen=True, slots=True)
class XliffImport:
    po: Path
    created: bool
    added: int
    updated: int
    unchanged: int  # the same, or approved in the PO already (kept as it is)
    obsoleted: int


def _entry(seg: Segment) -> PoEntry:
    entry = PoEntry(seg.source, msgctxt=seg.key, extracted_comments=seg.notes)
    if seg.target:
        entry = entry.with_translation(seg.target, fuzzy=not seg.approved)
    return entry


def import_xliff(xf: XliffFile, po_path: Path, *, translator: str, source_ref: str) -> XliffImport:
    target = normalize_lang(xf.target_lang)
    wanted = [_entry(seg) for seg in xf.segments]
    counts = {"added": 0, "updated": 0, "unchanged": 0, "obsoleted": 0}
    created: list[bool] = []

    def new() -> PoStore:
        created.append(True)
        store = PoStore.new(
            po_path,
            language=target,
            source_language=normalize_lang(xf.source_lang) or None,
            project=xf.path.stem,
        )
        store.set_header("X-Source-Document", source_ref)
        return store

    def edit(store: PoStore) -> None:
        keys = {e.key for e in wanted}
        for entry in wanted:
            index = store.find(*entry.key)
            if index is None:
                store.append(entry)
                counts["added"] += 1
                continue
            have = store.entries[index]
            same = (have.forms, have.fuzzy) == (entry.forms, entry.fuzzy)
            if have.state == "approved" or not entry.translated or same:
                counts["unchanged"] += 1
                continue
            store.update(index, have.with_translation(entry.msgstr, fuzzy=entry.fuzzy))
            counts["updated"] += 1
        for index in reversed(range(len(store.entries))):
            if store.entries[index].key not in keys:
                store.make_obsolete(index)
                counts["obsoleted"] += 1

    po_path.parent.mkdir(parents=True, exist_ok=True)
    PoStore.transact(po_path, edit, new=new, last_translator=translator)
    return XliffImport(po_path, bool(created), **counts)
