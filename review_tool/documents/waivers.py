"""Notes and waivers, kept in the PO file itself.

A **note** is a translator comment (``# text``): what the editor wants the next reader to
know. It is shown and edited in the review screen and exported as a TMX ``<note>``.

A **waiver** says "this finding is fine here" for one segment: ``# review-tool waive RULE
DIGEST``, a translator comment too, because ``msgcat`` and ``msgmerge`` keep comments but drop
unknown flags. DIGEST is a hash of the entry's context, source and translation, so any edit,
in the tool or outside it (a ``git pull``, ``msgmerge``, a text editor), lapses the waiver:
the finding comes back and must be looked at again. Waivers are kept apart from notes and
never exported. ``check`` leaves waived findings out unless ``--no-waivers``.

A **draft** is an edit of an approved entry not approved yet: ``# review-tool draft: "…"``
(the text as one JSON string), so the approval stands and the draft is not lost; approving
the entry drops it. (An edit of an entry not approved is simply written as its fuzzy text.)

No side file: all three travel with the entry, in the same commit, through the same merge.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from review_tool.po.entry import PoEntry

if TYPE_CHECKING:
    from review_tool.documents.check_runner import Located

WAIVER_PREFIX = "review-tool waive "
DRAFT_PREFIX = "review-tool draft: "  # an edit of an approved entry, not approved yet
WAIVER_MARK = WAIVER_PREFIX.encode()  # a PO file without it has no waiver (a fast test)


def entry_digest(entry: PoEntry) -> str:
    """16 hex digits of SHA-256 over context, source(s) and translation(s)."""
    parts = [
        entry.msgctxt if entry.msgctxt is not None else "\x01",
        entry.msgid,
        entry.msgid_plural if entry.msgid_plural is not None else "\x01",
        entry.msgstr,
        *entry.msgstr_plural,
    ]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:16]


def is_waiver(comment: str) -> bool:
    return comment.strip().startswith(WAIVER_PREFIX)


def _parse(comment: str) -> tuple[str, str] | None:
    words = comment.strip()[len(WAIVER_PREFIX) :].split()
    return (words[0], words[1]) if len(words) == 2 else None


def waived_rules(entry: PoEntry) -> frozenset[str]:
    """The rules waived for this entry as it is now (a waiver of another text has lapsed)."""
    digest = None
    rules = set()
    for comment in entry.translator_comments:
        if not is_waiver(comment):
            continue
        parsed = _parse(comment)
        if parsed is None:
            continue
        digest = digest or entry_digest(entry)
        if parsed[1] == digest:
            rules.add(parsed[0])
    return frozenset(rules)


def is_draft(comment: str) -> bool:
    return comment.strip().startswith(DRAFT_PREFIX)


def _is_ours(comment: str) -> bool:
    return is_waiver(comment) or is_draft(comment)


def notes(entry: PoEntry) -> list[str]:
    """The translator comments that are notes (waivers and drafts left out)."""
    return [c for c in entry.translator_comments if not _is_ours(c)]


def with_notes(entry: PoEntry, text: str) -> PoEntry:
    """The entry with its notes replaced by the lines of ``text`` (waivers, draft kept)."""
    lines = [line.rstrip() for line in text.strip("\n").split("\n")] if text.strip() else []
    ours = [c for c in entry.translator_comments if _is_ours(c)]
    return replace(entry, translator_comments=(*lines, *ours))


def draft_of(entry: PoEntry) -> str | list[str] | None:
    """The draft kept beside an approved entry's text (a list for a plural entry)."""
    for comment in entry.translator_comments:
        if is_draft(comment):
            try:
                value = json.loads(comment.strip()[len(DRAFT_PREFIX) :])
            except ValueError:
                return None
            if isinstance(value, str) or (
                isinstance(value, list) and all(isinstance(v, str) for v in value)
            ):
                return value
    return None


def with_draft(entry: PoEntry, draft: str | Sequence[str] | None) -> PoEntry:
    """The entry with ``draft`` kept as a comment (None: without one). The draft is one JSON
    string on one line, so a newline in it cannot break the comment."""
    kept = [c for c in entry.translator_comments if not is_draft(c)]
    if draft is not None:
        value = draft if isinstance(draft, str) else list(draft)
        kept.append(DRAFT_PREFIX + json.dumps(value, ensure_ascii=False))
    return replace(entry, translator_comments=tuple(kept))


def with_waiver(entry: PoEntry, rules: Iterable[str]) -> PoEntry:
    """The entry with ``rules`` waived for its current text (lapsed waivers dropped)."""
    digest = entry_digest(entry)
    current = waived_rules(entry) | set(rules)
    kept = [c for c in entry.translator_comments if not is_waiver(c)]
    added = [f"{WAIVER_PREFIX}{rule} {digest}" for rule in sorted(current)]  # kept last
    return replace(entry, translator_comments=(*kept, *added))


def waived_in_file(path: Path) -> dict[int, frozenset[str]]:
    """``{entry index: waived rules}`` of a PO file (read only if it holds a waiver)."""
    from review_tool.po.store import PoStore

    try:
        with open(path, "rb") as handle:
            if WAIVER_MARK not in handle.read():
                return {}
    except OSError:
        return {}
    store = PoStore.load(path)
    out: dict[int, frozenset[str]] = {}
    for index, entry in enumerate(store.entries):
        rules = waived_rules(entry)
        if rules:
            out[index] = rules
    return out


def drop_waived(items: list[Located], files: Iterable[Path]) -> tuple[list[Located], int]:
    """The findings without the waived ones, and how many were left out."""
    from review_tool.documents.check_runner import is_po

    waived = {str(p): w for p in files if is_po(p) and (w := waived_in_file(p))}
    if not waived:
        return items, 0
    kept = [
        item
        for item in items
        if item.finding.rule not in waived.get(item.path, {}).get(item.index, frozenset())
    ]
    return kept, len(items) - len(kept)
