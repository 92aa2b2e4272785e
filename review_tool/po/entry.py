"""One gettext PO entry (:class:`PoEntry`) and the fast way the parser builds it.

Shared by the parser (:mod:`review_tool.po.parser`), the serialiser (:mod:`review_tool.po.writer`)
and the store (:mod:`review_tool.po.store`), which re-exports it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

EntryState = Literal["approved", "fuzzy", "untranslated"]
Key = tuple[str | None, str]


@dataclass(frozen=True, slots=True)
class PoEntry:
    """One PO entry.  Equality ignores ``line``/``msgstr_line`` (where it sits in a file).

    For plural entries (``msgid_plural`` set) the translation is in ``msgstr_plural``
    and ``msgstr`` stays empty.
    """

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    translator_comments: tuple[str, ...] = ()
    extracted_comments: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    line: int = field(default=0, compare=False)
    msgstr_line: int = field(default=0, compare=False)

    @property
    def key(self) -> Key:
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def forms(self) -> tuple[str, ...]:
        """The translation: ``(msgstr,)``, or the plural forms."""
        return self.msgstr_plural if self.msgid_plural is not None else (self.msgstr,)

    @property
    def translated(self) -> bool:
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural)
        return self.msgstr != ""

    @property
    def approved(self) -> bool:
        return self.translated and not self.fuzzy

    @property
    def state(self) -> EntryState:
        if self.fuzzy:
            return "fuzzy"
        return "approved" if self.translated else "untranslated"

    def with_translation(self, text: str | Sequence[str], *, fuzzy: bool) -> PoEntry:
        """This entry with a new translation, marked fuzzy or approved.

        ``text`` is a string, or one string per plural form for plural entries.
        Approving (``fuzzy=False``) also drops the ``#|`` previous-msgid lines, which
        only make sense while a fuzzy match waits for review.
        """
        plural: tuple[str, ...]
        if isinstance(text, str):
            if self.msgid_plural is not None:
                raise ValueError("a plural entry needs one text per plural form")
            msgstr, plural = text, ()
        else:
            forms = tuple(text)
            if self.msgid_plural is None:
                if len(forms) != 1:
                    raise ValueError("a non-plural entry takes exactly one text")
                msgstr, plural = forms[0], ()
            else:
                if not forms:
                    raise ValueError("a plural entry needs at least one form")
                msgstr, plural = "", forms
        flags = tuple(f for f in self.flags if f != "fuzzy")
        if fuzzy:
            return replace(self, msgstr=msgstr, msgstr_plural=plural, flags=("fuzzy", *flags))
        return replace(
            self,
            msgstr=msgstr,
            msgstr_plural=plural,
            flags=flags,
            previous_msgctxt=None,
            previous_msgid=None,
            previous_msgid_plural=None,
        )


_ENTRY_FIELDS = (
    "msgid", "msgstr", "msgctxt", "msgid_plural", "msgstr_plural", "flags",
    "translator_comments", "extracted_comments", "references", "previous_msgctxt",
    "previous_msgid", "previous_msgid_plural", "obsolete", "line", "msgstr_line",
)  # fmt: skip
_ENTRY_SETTERS = tuple(getattr(PoEntry, name).__set__ for name in _ENTRY_FIELDS)
assert _ENTRY_FIELDS == PoEntry.__slots__


def entry_from_values(
    values: Sequence[object],
    _new: Callable[[type[PoEntry]], PoEntry] = object.__new__,  # type: ignore[assignment]
    _setters: tuple[Callable[[PoEntry, object], None], ...] = _ENTRY_SETTERS,
) -> PoEntry:
    """``PoEntry(*values)`` without the frozen dataclass ``__init__``: a third of the cost,
    which counts at 100 000 entries.  The values must already have
    the right types.  Written out field by field on purpose (a loop costs twice as much)."""
    s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14 = _setters
    v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14 = values
    entry = _new(PoEntry)
    s0(entry, v0)
    s1(entry, v1)
    s2(entry, v2)
    s3(entry, v3)
    s4(entry, v4)
    s5(entry, v5)
    s6(entry, v6)
    s7(entry, v7)
    s8(entry, v8)
    s9(entry, v9)
    s10(entry, v10)
    s11(entry, v11)
    s12(entry, v12)
    s13(entry, v13)
    s14(entry, v14)
    return entry
