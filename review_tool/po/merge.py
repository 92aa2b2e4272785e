"""The three-way merge of PO entries by key, apart from the store that applies it.

Why a module of its own: every writer re-applies its changes onto the file's current
bytes by entry key (see :mod:`review_tool.po.store`), and deciding what one entry becomes
when two writers changed it — which side wins each part, when that is a conflict, where a
translation goes when its entry was replaced (msgmerge-style carrying to a successor) — is
pure logic on :class:`~review_tool.po.entry.PoEntry` values that can be read and tested
without the store's byte bookkeeping.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from review_tool.po.entry import Key, PoEntry

__all__ = [
    "CONFLICT_COMMENT",
    "SUCCESSOR_CUTOFF",
    "Conflict",
    "Found",
    "carried_to_successor",
    "find_successor",
    "merge_entry",
    "with_other_version",
]

CONFLICT_COMMENT = "other version: "
# How alike (rapidfuzz ratio) an untranslated source must be to take the translation of the
# entry it replaced (as the importer's msgmerge matching: importer.FUZZY_MATCH_CUTOFF).
SUCCESSOR_CUTOFF = 70.0

# A change that met another writer's: (key, what was written, theirs or None).
Found = tuple[Key, PoEntry, "PoEntry | None"]

_T = TypeVar("_T")


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


def merge_entry(base: PoEntry | None, mine: PoEntry, theirs: PoEntry) -> tuple[PoEntry, bool]:
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
        merged = with_other_version(merged, theirs)
    return merged, conflict


def with_other_version(mine: PoEntry, theirs: PoEntry) -> PoEntry:
    forms = theirs.forms
    text = forms[0] if len(forms) == 1 else " | ".join(forms)
    shown = text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n") or "(empty)"
    comment = CONFLICT_COMMENT + shown
    if comment in mine.translator_comments:
        return mine
    return replace(mine, translator_comments=(*mine.translator_comments, comment))


def find_successor(
    entries: Sequence[PoEntry], base: PoEntry, new_there: Callable[[Key], bool] | None
) -> int | None:
    """The index in ``entries`` (the live entries) of the one that took ``base``'s place.

    The live entry whose ``#|`` previous msgid is ``base``'s, else the closest untranslated
    source among the entries ``new_there`` says the other writer added (None: none).
    """
    for index, entry in enumerate(entries):
        if (
            entry.previous_msgid == base.msgid
            and (entry.previous_msgctxt if entry.previous_msgctxt is not None else entry.msgctxt)
            == base.msgctxt
        ):
            return index
    from rapidfuzz import fuzz, process

    if new_there is None:
        return None
    open_ = [
        i
        for i, e in enumerate(entries)
        if not e.translated and e.msgid_plural is None and new_there(e.key)
    ]
    if not open_:
        return None
    match = process.extractOne(
        base.msgid,
        [entries[i].msgid for i in open_],
        scorer=fuzz.ratio,
        score_cutoff=SUCCESSOR_CUTOFF,
    )
    return open_[match[2]] if match is not None else None


def carried_to_successor(base: PoEntry, mine: PoEntry, theirs: PoEntry) -> PoEntry:
    """``theirs`` (the successor of ``base``) carrying our translation ``mine``, as fuzzy,
    with ``base``'s msgid as the previous one, as msgmerge carries translations."""
    flags = ("fuzzy", *(f for f in theirs.flags if f != "fuzzy"))
    carried = replace(
        theirs,
        msgstr=mine.msgstr,
        msgstr_plural=mine.msgstr_plural if theirs.msgid_plural is not None else (),
        flags=flags,
        previous_msgid=theirs.previous_msgid or base.msgid,
        previous_msgctxt=theirs.previous_msgctxt
        if theirs.previous_msgid
        else (base.msgctxt if base.msgctxt != theirs.msgctxt else None),
    )
    if carried.msgid_plural is None and mine.msgid_plural is not None:
        carried = replace(carried, msgstr=mine.msgstr_plural[0] if mine.msgstr_plural else "")
    return carried
