"""Reading, editing and writing gettext PO files: the one package that owns PO I/O.

**Why not polib.**  polib is on the design card and is used where it is correct and enough:
it is the oracle the reader is tested against (tests/po/test_po_reader.py, and the real
catalogs of tests/po/test_po_store.py) and the baseline of the PO benchmark
(``python -m benchmarks --only po``).  The store (:mod:`review_tool.po.store`) needs three
things polib cannot give:

* **Byte spans, so a save rewrites only what changed.**  Untouched entries must stay
  byte-identical and one approval must be a one-entry diff (git history, merges by entry,
  reviewers reading diffs).  polib keeps no positions and writes the whole file again in its
  own way: after a polib load and save, 199 of the 5 759 lines msgcat writes for the five
  UTF-8 catalogs of tests/data/catalogs differ (155 with ``wrapwidth=79``); it drops the
  ``#~|`` previous-msgid lines of obsolete entries and writes ``\\a`` as ``\\\\a``.
* **Speed on large files.**  On the 105 626-entry catalog that ``python -m benchmarks --only
  po`` joins with msgcat (13.1 MB; 2026-12-07, the 2 cores shared with other work),
  approving one entry through the one write path (lock, current bytes compared, entry
  spliced, fsynced, renamed) takes 30-48 ms (12 ms of CPU) where polib's edit and ``save()``
  take 2.2-2.7 s, and a load takes 1.7-1.9 s where polib takes 2.8-4.7 s.  The review
  screen shows the first entries of a 117 MB document PO once its first 200 KB are parsed
  (a load in steps, :mod:`review_tool.po.loading`); polib reads the whole file first.
* **One line naming file and line for broken input.**  polib reads an unterminated string
  without a word (a catalog of one entry) and takes a path that does not exist for PO text
  ("Syntax error in po file (line 1)").

**The package.**  :mod:`~review_tool.po.entry` (one entry), :mod:`~review_tool.po.escapes`
(one string grammar), :mod:`~review_tool.po.charset`, :mod:`~review_tool.po.parser` (bytes to
entries with their byte spans), :mod:`~review_tool.po.writer` (msgcat's wrapping),
:mod:`~review_tool.po.loading` (reading a file, in steps); the store and its parts:
:mod:`~review_tool.po.store` (the façade and the write transaction),
:mod:`~review_tool.po.entry_table` (entries, edits, views), :mod:`~review_tool.po.disk_image`
(the file's bytes and where each entry lies), :mod:`~review_tool.po.splice_plan` (what a save
writes), :mod:`~review_tool.po.merge` (the three-way merge of one entry),
:mod:`~review_tool.po.header`, :mod:`~review_tool.po.validate` (what ``msgfmt --check``
refuses), :mod:`~review_tool.po.locate`; and the format-neutral write path,
:mod:`~review_tool.po.locked_write` over :mod:`~review_tool.po.atomic_io`.
"""
