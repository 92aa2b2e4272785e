"""What the review session adds for the editor on top of moving and writing: plural forms
edited one by one (labelled with the numbers each form is for), drafts kept until approved,
notes and waivers — all kept in the PO itself, as the entry's text or comments
(see :mod:`review_tool.documents.waivers`). A mixin of
:class:`review_tool.review.session.ReviewSession`,
kept apart so that each module stays a few hundred lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from review_tool.core.models import Finding

if TYPE_CHECKING:
    from review_tool.po.entry import PoEntry
    from review_tool.po.store import Loading, PoStore
    from review_tool.review.ordered_writer import WriteResult

Key = tuple[str | None, str]


class EditorExtras:
    """Plural forms, drafts, notes and waivers of a review session."""

    if TYPE_CHECKING:  # what ReviewSession provides
        current: int
        loading: Loading
        _drafts: dict[Key, str]
        _forms: dict[Key, tuple[str, ...]]
        _edited: set[Key]
        _findings: dict[int, tuple[str, tuple[Finding, ...]]]

        @property
        def store(self) -> PoStore: ...

        def entry(self, index: int) -> PoEntry: ...

        def _key(self, index: int | None) -> Key: ...

        def draft(self, index: int | None = None) -> str: ...

        def checked_text(self, index: int) -> str: ...

        def _submit(self, key: Key, base: PoEntry, entry: PoEntry, label: str) -> WriteResult: ...

    # -- plural forms ------------------------------------------------------------------------

    @property
    def plural_forms_header(self) -> str | None:
        return self.loading.header.get("Plural-Forms")

    def form_count(self, index: int | None = None) -> int:
        """How many ``msgstr[n]`` a plural entry takes: the header's ``nplurals``, or as
        many as the entry has."""
        from review_tool.po.plural_forms import nplurals

        e = self.entry(self.current if index is None else index)
        return max(len(e.msgstr_plural), nplurals(self.plural_forms_header) or 2)

    def form_labels(self, index: int | None = None) -> list[str]:
        """``msgstr[n] · n = 1, 21, 31…`` for each form of a plural entry."""
        from review_tool.po.plural_rule import form_examples

        count = self.form_count(index)
        examples = form_examples(self.plural_forms_header, count)
        return [f"msgstr[{k}]" + (f" · n = {ex}" if ex else "") for k, ex in enumerate(examples)]

    def forms(self, index: int | None = None) -> tuple[str, ...]:
        """The draft of every form of a plural entry (the PO's forms until edited)."""
        i = self.current if index is None else index
        key = self._key(i)
        if key in self._forms:
            return self._forms[key]
        e = self.entry(i)
        kept = kept_draft(e)
        if isinstance(kept, list):
            return tuple(kept)
        have = tuple(e.msgstr_plural)
        return have + ("",) * (self.form_count(i) - len(have))

    def set_forms(self, forms: Sequence[str], index: int | None = None) -> bool:
        """Record an edit of a plural entry's forms; False when nothing changed."""
        i = self.current if index is None else index
        new = tuple(forms)
        if new == self.forms(i):
            return False
        self._forms[self._key(i)] = new
        return True

    # -- drafts ------------------------------------------------------------------------------

    def has_draft(self, index: int) -> bool:
        """Whether the segment has an edit not approved: typed here and not written yet, or
        kept beside the approved text in the PO (✎ in the list)."""
        e = self.entry(index)
        if e.translator_comments and kept_draft(e) is not None:
            return True
        key = (e.msgctxt, e.msgid)
        if key in self._edited and e.state != "approved":
            return True
        if key in self._forms:
            return self._forms[key] != tuple(e.msgstr_plural)
        return key in self._drafts and self._drafts[key] != self.checked_text(index)

    def save_draft(self, index: int | None = None) -> WriteResult | None:
        """Write the segment's edit not approved into the PO (leaving the segment, quitting):
        as the fuzzy translation where the entry is not approved; beside the approved text,
        as a comment, where it is, so the approval stands. None when there is nothing to
        write. Written in the background like an approval (:meth:`flush` waits for it)."""
        from review_tool.documents.waivers import draft_of, with_draft

        i = self.current if index is None else index
        key = self._key(i)
        if key not in self._drafts and key not in self._forms:
            return None
        self.store  # noqa: B018 - writes need the whole file
        e = self.entry(i)
        plural = e.msgid_plural is not None
        value: str | list[str] = list(self.forms(i)) if plural else self.draft(i)
        in_po: str | list[str] = list(e.msgstr_plural) if plural else e.msgstr
        texts = value if isinstance(value, list) else [value]
        if e.state == "approved":
            kept = draft_of(e)
            wanted = None if value == in_po else value
            if kept == wanted:
                return None
            new = with_draft(e, wanted)
        else:
            if value == in_po and "fuzzy" in e.flags or not any(t.strip() for t in texts):
                return None
            new = with_draft(e.with_translation(value, fuzzy=True), None)
            self._edited.add(key)
        if new == e:
            return None
        return self._submit(key, e, new, "draft")

    # -- notes and waivers (comments on the entry, see waivers.py) ---------------------------

    def notes(self, index: int | None = None) -> list[str]:
        from review_tool.documents.waivers import notes

        return notes(self.entry(self.current if index is None else index))

    def waived(self, index: int | None = None) -> frozenset[str]:
        """Rules waived for the segment's text in the PO (lapsed when the text changed)."""
        from review_tool.documents.waivers import waived_rules

        return waived_rules(self.entry(self.current if index is None else index))

    def set_notes(self, text: str, index: int | None = None) -> WriteResult | None:
        """Replace the segment's notes (translator comments) with the lines of ``text``;
        None when nothing changed."""
        from review_tool.documents.waivers import with_notes

        i = self.current if index is None else index
        self.store  # noqa: B018 - writes need the whole file
        entry = self.entry(i)
        new = with_notes(entry, text)
        if new == entry:
            return None
        return self._submit(self._key(i), entry, new, "notes")

    def waive(self, rules: Sequence[str], index: int | None = None) -> WriteResult:
        """Accept ``rules`` for the segment's text as it is in the PO (any edit lapses it)."""
        from review_tool.documents.waivers import with_waiver

        i = self.current if index is None else index
        self.store  # noqa: B018 - writes need the whole file
        entry = self.entry(i)
        write = self._submit(self._key(i), entry, with_waiver(entry, rules), "waive")
        self._findings.pop(i, None)
        return write


def kept_draft(entry: PoEntry) -> str | list[str] | None:
    """The draft kept beside an approved entry (see waivers.py), if any."""
    if not entry.translator_comments or entry.state != "approved":
        return None
    from review_tool.documents.waivers import draft_of

    return draft_of(entry)
