"""What a save writes: the store's unsaved edits turned into the new file's pieces.

Why a module of its own: deciding the new bytes is the one place where the rule "never
rewrite what did not change" (see :mod:`review_tool.po`) is kept, and it is a pure function
of the file as it is (:class:`~review_tool.po.disk_image.DiskImage` and its entries) and the
edits: a changed entry is re-serialised reusing its own unchanged lines, new entries go
after the last live entry, a new header goes before the first entry, and a whole new order
(an import whose paragraphs moved) keeps the bytes of every entry that did not change.
Writing the plan, under the lock, is the store's (:mod:`review_tool.po.store`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from review_tool.po.disk_image import DiskImage, Insert, Pieces
from review_tool.po.entry import Key, PoEntry
from review_tool.po.entry_table import Edits
from review_tool.po.header import edit_header_text
from review_tool.po.translator_credit import credited
from review_tool.po.writer import RenderedEntry, render_entry

__all__ = ["SavePlan", "SplicePlanner"]


@dataclass(slots=True)
class SavePlan:
    """What a save writes: the new file's pieces and what they change."""

    pieces: Pieces
    replacements: dict[int, RenderedEntry]  # items rewritten in place
    written: dict[int, bytes]  # their bytes
    inserted: bool  # entries or a header were added (the store reads the file again)


class SplicePlanner:
    """Plans saves of one file as it is now: ``items`` are its entries as written (the
    header at ``header_item``, whose msgstr is ``header_msgstr``), ``image`` their bytes."""

    def __init__(
        self,
        image: DiskImage,
        items: list[PoEntry],
        header_item: int | None,
        header_msgstr: str,
        nplurals: int,
    ) -> None:
        self._image = image
        self._items = items
        self._header_item = header_item
        self._header_msgstr = header_msgstr
        self._nplurals = nplurals

    def render_item(self, item: int, entry: PoEntry) -> RenderedEntry:
        """``entry`` serialised as the new text of ``item``, reusing its unchanged lines."""
        old = self._items[item] if item < len(self._items) else None
        raw = self._image.text(item).decode("utf-8") if old is not None else None
        return render_entry(entry, self._nplurals, old, raw)

    def render_header(self, changes: dict[str, str | None]) -> RenderedEntry:
        """The header with ``changes``; a replaced translator is credited in its comments."""
        msgstr = edit_header_text(self._header_msgstr, changes)
        if self._header_item is None:
            entry = PoEntry("", msgstr)
            return render_entry(entry, self._nplurals)
        old = self._items[self._header_item]
        on_disk = dict(
            line.split(":", 1) for line in self._header_msgstr.split("\n") if ":" in line
        )
        on_disk = {k.strip(): v.strip() for k, v in on_disk.items()}
        comments = credited(old.translator_comments, on_disk, changes)  # as Poedit does
        entry = replace(old, msgstr=msgstr, translator_comments=comments)
        raw = self._image.text(self._header_item).decode()
        return render_entry(entry, self._nplurals, old, raw)

    def plan(self, edits: Edits, live: list[int]) -> SavePlan:
        """The new file, as slices of the old one and the re-serialised entries; ``live``
        are the live items in file order (new entries go after the last of the file's)."""
        if edits.rewrite is not None:
            return self._plan_rewrite(edits, *edits.rewrite)
        image = self._image
        replacements: dict[int, RenderedEntry] = {}
        for item, entry in edits.pending.items():
            replacements[item] = self.render_item(item, entry)
        inserts: list[Insert] = []
        if edits.header_changes:
            rendered = self.render_header(edits.header_changes)
            if self._header_item is not None:
                replacements[self._header_item] = rendered
            else:
                offset = image.starts[0] if self._items else len(image.data)
                text = rendered.text
                if self._items:
                    text += "\n"
                elif image.data:
                    text = ("\n" if image.data.endswith(b"\n") else "\n\n") + text
                inserts.append((offset, 0, image.encode(text)))
        if edits.appended:
            inserts.append(self._append_insert(edits.appended, live, bool(inserts)))
        written = {item: image.encode(r.text) for item, r in replacements.items()}
        pieces = image.splice(written, inserts)
        return SavePlan(pieces, replacements, written, inserted=bool(inserts))

    def _plan_rewrite(self, edits: Edits, live: list[PoEntry], obsolete: list[PoEntry]) -> SavePlan:
        image = self._image
        view = memoryview(image.data)
        header = self._header_item
        pieces: Pieces = []
        if header is not None:
            pieces.append(view[: image.starts[header]])
            if edits.header_changes:
                pieces.append(image.encode(self.render_header(edits.header_changes).text))
            else:
                pieces.append(image.text(header))
        elif edits.header_changes:
            pieces.append(image.encode(self.render_header(edits.header_changes).text))
        old_items: dict[tuple[Key, bool], int] = {}
        for item, entry in enumerate(self._items):
            if item != header:
                old_items.setdefault((entry.key, entry.obsolete), item)
        newline = image.newline.encode()
        for entry in (*live, *obsolete):
            same = old_items.get((entry.key, entry.obsolete))
            data: bytes | None = None
            if same is not None and same not in edits.pending and self._items[same] == entry:
                data = image.text(same)  # untouched: byte-identical
            if data is None:
                data = image.encode(render_entry(entry, self._nplurals).text)
            if pieces:
                if not bytes(pieces[-1][-1:]) == b"\n":
                    pieces.append(newline)
                pieces.append(newline)
            pieces.append(data)
        return SavePlan(pieces, {}, {}, inserted=True)

    def _append_insert(
        self, appended: list[PoEntry], live: list[int], after_new_header: bool
    ) -> Insert:
        image = self._image
        anchor: int | None = None
        for item in reversed(live):
            if item < len(self._items):
                anchor = item
                break
        else:
            anchor = self._header_item
        text = "".join("\n" + render_entry(e, self._nplurals).text for e in appended)
        if anchor is not None:
            offset = image.ends[anchor]
            if not image.text(anchor).endswith(b"\n"):
                text = "\n" + text
        else:
            offset = len(image.data)
            if not image.data.strip() and not after_new_header:
                text = text[1:]
            elif not image.data.endswith(b"\n"):
                text = "\n" + text
        return (offset, 1, image.encode(text))
