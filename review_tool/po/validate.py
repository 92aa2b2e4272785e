"""What ``msgfmt --check`` would refuse in an approved entry.

Why a module of its own: every save validates what it approves before writing
(:meth:`review_tool.po.store.PoStore.save`), and the review session and the command line ask
the same question of a single entry before offering an approval; the rule depends only on
the entry, the plural count and the header's Plural-Forms, not on the store.
"""

from __future__ import annotations

from review_tool.core import format_directives
from review_tool.po.entry import PoEntry

__all__ = ["approval_problem"]


def approval_problem(entry: PoEntry, nplurals: int, plural_forms: str | None = None) -> str | None:
    """Why ``msgfmt --check`` would refuse this entry as approved, or None.

    Only approved entries (translated, not fuzzy, not obsolete) are checked: msgfmt
    ignores fuzzy drafts, which are saved as they are.  The plural form count and the
    leading/trailing newlines are checked here, the format directives of the entry's format
    flags (``c-format``, ``python-format`` …) by :mod:`review_tool.core.format_directives`
    (``plural_forms``: the header's Plural-Forms, which msgfmt reads for plural entries).
    """
    if entry.fuzzy or entry.obsolete or not entry.translated:
        return None
    if entry.msgid == "" and entry.msgctxt is None:
        return None  # the header
    forms = entry.forms
    if entry.msgid_plural is not None and len(forms) != nplurals:
        return f"{len(forms)} plural forms, but the header's Plural-Forms says nplurals={nplurals}"
    starts, ends = entry.msgid.startswith("\n"), entry.msgid.endswith("\n")
    for n, form in enumerate(forms):
        name = f"msgstr[{n}]" if entry.msgid_plural is not None else "the translation"
        if form.startswith("\n") != starts:
            return f"msgid and {name} must both begin with a newline, or neither"
        if form.endswith("\n") != ends:
            return f"msgid and {name} must both end with a newline, or neither"
    errors = format_directives.approval_errors(
        entry.msgid, entry.msgid_plural, forms, frozenset(entry.flags), plural_forms=plural_forms
    )
    return errors[0] if errors else None
