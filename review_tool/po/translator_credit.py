"""Credit the previous translator in the PO header's comments when Last-Translator changes.

``Last-Translator`` names whoever wrote the file last; an approval by someone else replaces
it. Poedit and Lokalize keep the earlier translators in the header's comment block
(``# Jane Doe <jane@example.org>, 2019.``), so a catalog's history of people survives a new
reviewer. We do the same: the outgoing ``Last-Translator`` gets a line with the year of the
file's ``PO-Revision-Date``, unless the comments name them already or the value is
gettext's placeholder.
"""

from __future__ import annotations

import re

PLACEHOLDERS = ("FULL NAME <EMAIL@ADDRESS>", "FULL NAME", "")


def _name_of(person: str) -> str:
    return person.split("<", 1)[0].strip().casefold()


def credited(
    comments: tuple[str, ...], header: dict[str, str], changes: dict[str, str | None]
) -> tuple[str, ...]:
    """The header's translator comments, with the outgoing Last-Translator credited when
    ``changes`` replace it by someone else."""
    new = changes.get("Last-Translator")
    previous = (header.get("Last-Translator") or "").strip()
    if new is None or previous in PLACEHOLDERS or "\n" in previous:
        return comments
    if _name_of(previous) == _name_of(new) or not _name_of(previous):
        return comments
    if any(_name_of(previous) in c.casefold() for c in comments):
        return comments
    year = re.match(r"\s*(\d{4})", header.get("PO-Revision-Date", ""))
    line = f"{previous}, {year.group(1)}." if year else f"{previous}."
    return (*comments, line)
