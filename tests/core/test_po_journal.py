"""The PO journal: approvals made durable by an append, written into the file later.

Every reader (PoStore.load) sees what is in the journal; a save or a compaction writes it
into the file and removes it; a torn tail is ignored; replaying is idempotent, including
after a crash between the rename of the new file and the removal of the journal."""

from __future__ import annotations

import dataclasses
import difflib
import os
from pathlib import Path

import pytest
from gettext_check import msgfmt_check

from review_tool import po_journal
from review_tool.cli import main
from review_tool.errors import InputError
from review_tool.po_store import CONFLICT_COMMENT, PoEntry, PoStore

HEADER = (
    'msgid ""\n'
    'msgstr ""\n'
    '"Project-Id-Version: journal\\n"\n'
    '"PO-Revision-Date: 2024-01-01 10:00+0000\\n"\n'
    '"Last-Translator: Someone <s@example.org>\\n"\n'
    '"Language: de\\n"\n'
    '"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
    '"X-Source-Language: en\\n"\n'
)


def make_po(folder: Path, entries: int = 20) -> Path:
    (folder / "glossary").mkdir(exist_ok=True)
    po = folder / "doc.po"
    body = "".join(
        f'#: doc.txt:{i + 1}\nmsgctxt "p-{i:03d}"\nmsgid "Segment number {i}."\nmsgstr ""\n\n'
        for i in range(entries)
    )
    po.write_text(HEADER + "\n" + body.rstrip("\n") + "\n", encoding="utf-8")
    return po


def approve(store: PoStore, index: int, text: str, who: str = "UI <ui@example.org>") -> None:
    report = store.commit(index, store.entries[index].with_translation(text, fuzzy=False),
                          last_translator=who)  # fmt: skip
    assert report.written and report.journaled


def texts(store: PoStore) -> dict[int, str]:
    return {i: e.msgstr for i, e in enumerate(store.entries) if e.msgstr}


def test_commit_is_durable_in_the_journal_and_save_writes_it(tmp_path: Path) -> None:
    po = make_po(tmp_path)
    before = po.read_bytes()
    store = PoStore.load(po)
    approve(store, 3, 'Segment "drei" ✓')
    approve(store, 7, "Segment sieben\nzweite Zeile")
    assert po.read_bytes() == before  # the file itself is untouched ...
    journal = store.journal_path
    assert journal == tmp_path / ".doc.po.journal" and journal.is_file()
    assert store.dirty and store.journaled == 2
    # ... and every reader sees the approvals
    other = PoStore.load(po)
    assert texts(other) == {3: 'Segment "drei" ✓', 7: "Segment sieben\nzweite Zeile"}
    assert other.entries[3].approved and other.header["Last-Translator"] == "UI <ui@example.org>"
    assert other.replay_conflicts == ()

    report = store.save(last_translator="UI <ui@example.org>")
    assert report.written and not report.conflicts and not report.merged_external
    assert not journal.exists() and not store.dirty and store.journaled == 0
    assert texts(PoStore.load(po)) == texts(other)
    msgfmt_check(po)
    # a one-entry-per-approval diff: untouched entries stay byte-identical
    diff = difflib.ndiff(before.decode().split("\n"), po.read_text(encoding="utf-8").split("\n"))
    added = [line[2:] for line in diff if line.startswith("+ ")]
    # the translator replaced is credited in a header comment (as Poedit does)
    added = [line for line in added if not line.startswith("# ")]
    assert added == [
        '"PO-Revision-Date: ' + PoStore.load(po).header["PO-Revision-Date"] + '\\n"',
        '"Last-Translator: UI <ui@example.org>\\n"',
        'msgstr "Segment \\"drei\\" ✓"',
        '"Segment sieben\\n"',
        '"zweite Zeile"',
    ]


def test_loading_replays_and_the_loader_can_save_it(tmp_path: Path) -> None:
    po = make_po(tmp_path)
    ui = PoStore.load(po)
    approve(ui, 1, "Eins")
    cli = PoStore.load(po)  # a CLI approve while the UI has records in the journal
    cli.update(2, cli.entries[2].with_translation("Zwei", fuzzy=False))
    report = cli.save(last_translator="CLI")
    assert report.written and report.conflicts == ()
    assert not ui.journal_path.exists()
    assert texts(PoStore.load(po)) == {1: "Eins", 2: "Zwei"}
    msgfmt_check(po)
    # the UI goes on: its next approval and its save merge with what the CLI wrote
    approve(ui, 3, "Drei")
    report = ui.save(last_translator="UI")
    assert report.merged_external and report.conflicts == ()
    assert texts(ui) == texts(PoStore.load(po)) == {1: "Eins", 2: "Zwei", 3: "Drei"}
    assert all(not e.translator_comments for e in ui.entries)
    msgfmt_check(po)


def test_cli_approve_of_a_journaled_segment_replaces_it_knowingly(tmp_path: Path) -> None:
    po = make_po(tmp_path)
    ui = PoStore.load(po)
    approve(ui, 4, "Vier (UI)")
    code = main(["approve", str(po), "--index", "4", "--text", "Vier (CLI)",
                 "--workspace", str(tmp_path)])  # fmt: skip
    assert code == 0
    disk = PoStore.load(po)
    assert disk.entries[4].msgstr == "Vier (CLI)" and not disk.entries[4].translator_comments
    report = ui.save()
    assert report.conflicts == () and ui.entries[4].msgstr == "Vier (CLI)"
    msgfmt_check(po)


def test_external_rewrite_merges_the_journal_with_a_conflict(tmp_path: Path) -> None:
    """Someone replaces the file without knowing of the journal (a git pull)."""
    po = make_po(tmp_path)
    ui = PoStore.load(po)
    approve(ui, 5, "Fünf (UI)")
    approve(ui, 6, "Sechs (UI)")
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgid "Segment number 5."\nmsgstr ""',
                        'msgid "Segment number 5."\nmsgstr "Fünf (git)"')  # fmt: skip
    text = text.replace('msgid "Segment number 9."\nmsgstr ""',
                        'msgid "Segment number 9."\nmsgstr "Neun (git)"')  # fmt: skip
    po.write_text(text, encoding="utf-8")
    reader = PoStore.load(po)
    assert [(c.index, c.theirs and c.theirs.msgstr) for c in reader.replay_conflicts] == [
        (5, "Fünf (git)")
    ]
    report = ui.save()
    assert report.merged_external
    assert [(c.index, c.ours.msgstr) for c in report.conflicts] == [(5, "Fünf (UI)")]
    disk = PoStore.load(po)
    assert texts(disk) == {5: "Fünf (UI)", 6: "Sechs (UI)", 9: "Neun (git)"}
    assert disk.entries[5].translator_comments == (CONFLICT_COMMENT + "Fünf (git)",)
    msgfmt_check(po)


def test_torn_tail_is_ignored_and_cut_off_by_the_next_append(tmp_path: Path) -> None:
    po = make_po(tmp_path)
    ui = PoStore.load(po)
    approve(ui, 0, "Null")
    size_after_first = ui.journal_path.stat().st_size
    approve(ui, 1, "Eins")
    journal = ui.journal_path
    data = journal.read_bytes()
    for cut in (size_after_first + 3, size_after_first + 8, len(data) - 1):
        journal.write_bytes(data[:cut])  # a crash in the middle of the second append
        assert texts(PoStore.load(po)) == {0: "Null"}
    # a flipped bit in the last record: not complete either
    corrupt = bytearray(data)
    corrupt[-5] ^= 0x20
    journal.write_bytes(bytes(corrupt))
    assert texts(PoStore.load(po)) == {0: "Null"}
    # the next writer cuts the torn tail off before appending
    other = PoStore.load(po)
    approve(other, 2, "Zwei")
    assert texts(PoStore.load(po)) == {0: "Null", 2: "Zwei"}
    records, end = po_journal.parse(journal.read_bytes())
    assert end == journal.stat().st_size and len(records) == 2
    other.save()
    assert texts(PoStore.load(po)) == {0: "Null", 2: "Zwei"} and not journal.exists()
    msgfmt_check(po)


def test_a_file_that_is_not_a_journal_is_ignored_and_replaced(tmp_path: Path) -> None:
    po = make_po(tmp_path)
    journal = po_journal.journal_path(po)
    journal.write_bytes(b"something else entirely\n")
    store = PoStore.load(po)
    assert texts(store) == {} and not store.dirty
    approve(store, 0, "Null")
    assert journal.read_bytes().startswith(po_journal.MAGIC)
    assert texts(PoStore.load(po)) == {0: "Null"}


def test_replay_is_idempotent_after_a_crash_before_the_journal_is_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    po = make_po(tmp_path)
    ui = PoStore.load(po)
    approve(ui, 1, "A")
    approve(ui, 1, "B")  # a chain of records for one entry
    approve(ui, 2, "Zwei")
    monkeypatch.setattr(po_journal, "remove", lambda path: None)  # "crash" after the rename
    ui.save()
    monkeypatch.undo()
    assert ui.journal_path.exists()
    written = po.read_bytes()
    again = PoStore.load(po)  # the fold marker matches the file: nothing to apply
    assert not again.dirty and texts(again) == {1: "B", 2: "Zwei"}
    assert again.replay_conflicts == ()
    # Even without the marker, replaying records the file already holds changes nothing.
    journal = ui.journal_path
    records, _end = po_journal.parse(journal.read_bytes())
    sets = [r for r in records if r.data["op"] == "set"]
    journal.write_bytes(po_journal.MAGIC + b"".join(po_journal.encode(r.data) for r in sets))
    replayed = PoStore.load(po)
    assert texts(replayed) == {1: "B", 2: "Zwei"} and replayed.replay_conflicts == ()
    assert all(not e.translator_comments for e in replayed.entries)
    replayed.save()
    assert texts(PoStore.load(po)) == {1: "B", 2: "Zwei"} and not journal.exists()
    assert po.read_bytes().replace(b"\n", b"") != b""  # still a file
    assert len(po.read_bytes()) == len(written)  # only the revision date changed
    msgfmt_check(po)


def test_fold_marker_of_a_rename_that_never_happened_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    po = make_po(tmp_path)
    before = po.read_bytes()
    ui = PoStore.load(po)
    approve(ui, 1, "Eins")

    def crash(*args: object, **kwargs: object) -> None:
        raise OSError(5, "Input/output error")

    from review_tool import atomic_io

    monkeypatch.setattr(atomic_io.os, "replace", crash)
    with pytest.raises(InputError, match="Input/output error"):
        ui.save()
    monkeypatch.undo()
    assert po.read_bytes() == before
    records, _end = po_journal.parse(ui.journal_path.read_bytes())
    assert [r.data["op"] for r in records] == ["set", "fold"]
    assert texts(PoStore.load(po)) == {1: "Eins"}
    ui.save()
    assert texts(PoStore.load(po)) == {1: "Eins"} and not ui.journal_path.exists()


def test_background_compaction_with_commits_in_between(tmp_path: Path) -> None:
    po = make_po(tmp_path)
    ui = PoStore.load(po)
    approve(ui, 1, "Eins")
    approve(ui, 2, "Zwei")
    plan = ui.prepare_compaction(last_translator="UI")
    assert plan is not None and not plan.merge
    approve(ui, 3, "Drei")  # while the new file is being written
    approve(ui, 2, "Zwei, neu")
    approve(ui, 1, "Segment number 1.")  # back to ... something else than what was written
    report = ui.finish_compaction(plan)
    assert report.written
    disk_only = PoStore.load(po, lock_timeout=1)
    assert texts(disk_only) == {1: "Segment number 1.", 2: "Zwei, neu", 3: "Drei"}
    records, _end = po_journal.parse(ui.journal_path.read_bytes())
    assert [r.data["op"] for r in records] == ["set"] * 3  # only what came after the plan
    assert ui.dirty and ui.journaled == 3
    assert texts(ui) == texts(disk_only)
    plan = ui.prepare_compaction()
    assert plan is not None and not plan.merge and ui.finish_compaction(plan).written
    assert not ui.journal_path.exists() and not ui.dirty
    assert texts(ui) == texts(PoStore.load(po)) == {1: "Segment number 1.", 2: "Zwei, neu",
                                                     3: "Drei"}  # fmt: skip
    assert ui.entries == PoStore.load(po).entries
    msgfmt_check(po)


def test_compaction_gives_way_to_a_writer_that_came_in_between(tmp_path: Path) -> None:
    po = make_po(tmp_path)
    ui = PoStore.load(po)
    approve(ui, 1, "Eins")
    plan = ui.prepare_compaction()
    assert plan is not None and not plan.merge
    main(["approve", str(po), "--index", "8", "--text", "Acht", "--workspace", str(tmp_path)])
    assert not ui.finish_compaction(plan).written
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    plan = ui.prepare_compaction()
    assert plan is not None and plan.merge
    report = ui.save()
    assert report.merged_external and texts(ui) == {1: "Eins", 8: "Acht"}
    assert texts(PoStore.load(po)) == {1: "Eins", 8: "Acht"}


def test_two_sessions_on_one_journal(tmp_path: Path) -> None:
    po = make_po(tmp_path)
    a, b = PoStore.load(po), PoStore.load(po)
    approve(a, 1, "A eins")
    approve(b, 2, "B zwei")
    approve(a, 3, "A drei")
    approve(b, 3, "B drei")  # b never saw a's text for 3: a conflict, nothing lost
    assert texts(PoStore.load(po)) == {1: "A eins", 2: "B zwei", 3: "B drei"}
    plan = a.prepare_compaction()
    assert plan is not None and plan.merge  # b's records are in the journal too
    report = a.save()
    assert texts(PoStore.load(po)) == {1: "A eins", 2: "B zwei", 3: "B drei"}
    assert [c.ours.msgstr for c in report.conflicts] == ["B drei"]
    assert PoStore.load(po).entries[3].translator_comments == (CONFLICT_COMMENT + "A drei",)
    b.save()
    final = PoStore.load(po)
    assert texts(final) == {1: "A eins", 2: "B zwei", 3: "B drei"}
    assert final.entries[3].translator_comments == (CONFLICT_COMMENT + "A drei",)
    msgfmt_check(po)


def test_commit_under_a_held_lock_times_out_and_changes_nothing(tmp_path: Path) -> None:
    import fcntl

    po = make_po(tmp_path)
    store = PoStore.load(po)
    with open(tmp_path / ".doc.po.lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(InputError, match="locked by another process"):
            store.commit(0, store.entries[0].with_translation("x", fuzzy=False), lock_timeout=0.2)
    assert not store.dirty and store.entries[0].msgstr == ""
    assert not store.journal_path.exists()


def test_replayed_entries_keep_plurals_contexts_and_comments(tmp_path: Path) -> None:
    po = tmp_path / "p.po"
    po.write_text(
        HEADER + '\n#. note\n#: a.c:1\n#, c-format\nmsgid "%d file"\nmsgid_plural "%d files"\n'
        'msgstr[0] ""\nmsgstr[1] ""\n\n#| msgid "old"\n#, fuzzy\nmsgctxt "menu"\nmsgid "Open"\n'
        'msgstr "Auf"\n',
        encoding="utf-8",
    )
    store = PoStore.load(po)
    plural = store.entries[0].with_translation(["%d Datei", "%d Dateien"], fuzzy=False)
    store.commit(0, plural)
    store.commit(1, dataclasses.replace(store.entries[1].with_translation("Öffnen", fuzzy=False),
                                        translator_comments=("checked",)))  # fmt: skip
    loaded = PoStore.load(po)
    assert loaded.entries == store.entries
    assert loaded.entries[1].previous_msgid is None and loaded.entries[1].msgctxt == "menu"
    loaded.save()
    assert PoStore.load(po).entries == store.entries
    msgfmt_check(po)


def test_entry_data_round_trip() -> None:
    from review_tool.po_store import _entry_data, _entry_from_data

    entry = PoEntry("a", "", "c", "as", ("x", "y"), ("fuzzy",), ("t",), ("e",), ("r:1",),
                    "pc", "pa", "pas", False)  # fmt: skip
    assert _entry_from_data(_entry_data(entry)) == entry
    with pytest.raises(ValueError):
        _entry_from_data(["a"])
    with pytest.raises(ValueError):
        _entry_from_data([1] * 13)


def test_reader_of_a_read_only_folder_still_sees_the_journal(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions")
    po = make_po(tmp_path)
    store = PoStore.load(po)
    approve(store, 0, "Null")
    (tmp_path / ".doc.po.lock").unlink()
    tmp_path.chmod(0o555)
    try:
        assert texts(PoStore.load(po)) == {0: "Null"}
    finally:
        tmp_path.chmod(0o755)


def test_commit_needs_the_file_and_the_entry_on_disk(tmp_path: Path) -> None:
    fresh = PoStore.new(tmp_path / "new.po", language="de", entries=[PoEntry("a")])
    with pytest.raises(ValueError, match="save"):
        fresh.commit(0, fresh.entries[0].with_translation("A", fuzzy=False))
    fresh.save()
    index = fresh.append(PoEntry("b"))
    with pytest.raises(ValueError, match="save"):
        fresh.commit(index, fresh.entries[index].with_translation("B", fuzzy=False))
    assert not fresh.journal_path.exists()
    fresh.commit(0, fresh.entries[0].with_translation("A", fuzzy=False))
    fresh.save()
    assert [e.msgstr for e in PoStore.load(tmp_path / "new.po").entries] == ["A", ""]
