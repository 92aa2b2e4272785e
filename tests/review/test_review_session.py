"""The UI-free review model: opening, moving, searching, drafts, undo, writes, conflicts."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from ui_support import BrokenTranslator, FakeTranslator

from review_tool.core.checks.checker import Checker
from review_tool.core.word_diff import Chunk, tokenize, word_diff
from review_tool.po.store import PoStore
from review_tool.review.session import ApprovalRefused, ReviewSession
from review_tool.workspace import Workspace

# -- word diff ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("the OCS flag floated", "the SCO flag floated"),
        ("President XI warmly shaken the leaders", "President Xi warmly shook hands with them"),
        ("", "new text"),
        ("old text", ""),
        ("上海合作组织峰会", "上合组织峰会"),
        ("a  b\n\nc", "a b c"),
    ],
)
def test_word_diff_rebuilds_both_texts(a: str, b: str) -> None:
    chunks = word_diff(a, b)
    assert "".join(c.a_text for c in chunks) == a
    assert "".join(c.b_text for c in chunks) == b


def test_word_diff_reports_word_changes() -> None:
    assert word_diff("the OCS flag", "the SCO flag") == [
        Chunk("equal", "the ", "the "),
        Chunk("replace", "OCS", "SCO"),
        Chunk("equal", " flag", " flag"),
    ]
    assert word_diff("same", "same") == [Chunk("equal", "same", "same")]
    assert tokenize("Hi, 上海!") == ["Hi", ",", " ", "上", "海", "!"]


def test_word_diff_merges_a_rewritten_phrase() -> None:
    chunks = word_diff("he warmly shaken the hands", "he warmly shook hands with the hands")
    changes = [c for c in chunks if c.op != "equal"]
    assert len(changes) == 1 and changes[0].op == "replace"


# -- opening -----------------------------------------------------------------------------------


def test_open_document_imports_it(session: ReviewSession, ws: Workspace) -> None:
    po = ws.po_path("sco-tianjin-summit-2025", "en")
    assert po.is_file() and session.path == po
    assert session.import_report is not None and session.import_report.created
    assert session.same_language and session.target_lang == "en"
    c = session.counts()
    assert c.total == len(session) == 16 and c.fuzzy == 16 and c.approved == 0
    assert session.current == 0
    # a same-language review starts from the text itself
    assert session.draft() == session.segment(0).source


def test_reopen_starts_at_first_not_approved(
    session: ReviewSession, ws: Workspace, doc: Path, checker: Checker
) -> None:
    session.approve(session.draft(0), 0)
    session.approve(session.draft(1), 1)
    assert session.flush() and session.save_state == "saved"
    again = ReviewSession.open(doc, ws, checker)
    assert again.import_report is None  # the PO matched the document: no re-import
    assert again.current == 2
    assert again.counts().approved == 2


def test_reopen_trusts_the_recorded_document_fingerprint(
    session: ReviewSession,
    ws: Workspace,
    doc: Path,
    checker: Checker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from review_tool.documents import importer
    from review_tool.documents.importer import SOURCE_HASH_HEADER
    from review_tool.documents.paragraphs import file_digest

    assert session.store.header[SOURCE_HASH_HEADER] == file_digest(doc)
    real_read_source = importer.read_source

    def no_split(*args: object, **kwargs: object) -> None:
        raise AssertionError("the document was split again")

    monkeypatch.setattr(importer, "read_source", no_split)
    again = ReviewSession.open(doc, ws, checker)
    assert again.import_report is None and len(again) == 16
    # an edited document is imported again (its changed paragraph becomes fuzzy)
    monkeypatch.setattr(importer, "read_source", real_read_source)
    text = doc.read_text(encoding="utf-8")
    first = again.segment(1).source
    doc.write_text(text.replace(first, first + " Added."), encoding="utf-8")
    edited = ReviewSession.open(doc, ws, checker)
    assert edited.import_report is not None and not edited.import_report.created
    assert edited.segment(1).source == first + " Added."
    assert edited.store.header[SOURCE_HASH_HEADER] == file_digest(doc)
    # a PO without the fingerprint (older ones) is compared paragraph by paragraph
    edited.store.set_header(SOURCE_HASH_HEADER, None)
    edited.store.save()
    old_style = ReviewSession.open(doc, ws, checker)
    assert old_style.import_report is None and len(old_style) == 16


def test_search_source_and_translation(session: ReviewSession) -> None:
    found = session.search("BELARUSIAN")
    assert found is not None and "Belarusian" in session.segment(found).source
    session.goto(0)
    assert session.search("no such words anywhere") is None
    assert session.current == 0
    # translation-only text is found too
    session.approve("Completely new wording zebra.", 3)
    session.goto(0)
    assert session.search("ZEBRA") == 3


def test_findings_and_scan(session: ReviewSession) -> None:
    assert session.known_findings(1) is None
    seen: list[tuple[int, int]] = []
    count = session.scan_findings(lambda d, t: seen.append((d, t)), every=5)
    assert seen[-1] == (16, 16) and count >= 10
    assert session.known_findings(1)
    rules = {f.rule for f in session.findings(1)}
    assert "term.forbidden" in rules
    assert session.check("") == []


def test_concepts_in_every_language(session: ReviewSession) -> None:
    concepts = dict(session.concepts(0))
    assert "sco" in concepts
    langs = {t.lang.split("_")[0] for t in concepts["sco"]}
    assert {"en", "fr", "ru", "zh"} <= langs


# -- drafts, writes, undo ----------------------------------------------------------------------


def test_approve_writes_po_and_undo_restores(session: ReviewSession) -> None:
    session.goto(1)
    fixed = session.offline_candidates()[0]
    assert fixed.origin == "fix" and "SCO flag" in fixed.text
    assert session.set_draft(fixed.text)
    write = session.approve(fixed.text)
    assert session.segment(1).state == "approved"  # shown at once, written behind
    assert write.wait(10) and write.error is None
    assert write.result.written and not write.result.conflicts
    on_disk = PoStore.load(session.path).entries[1]
    assert on_disk.state == "approved" and on_disk.msgstr == fixed.text
    assert session.counts().approved == 1
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(session.path)], check=True)

    undone = session.undo()
    assert undone is not None and undone.change.kind == "approve" and undone.write is not None
    assert undone.write.wait(10) and undone.write.error is None
    on_disk = PoStore.load(session.path).entries[1]
    assert on_disk.state == "fuzzy" and on_disk.msgstr == session.segment(1).source
    assert session.draft() == fixed.text  # back to the draft before approving
    undone = session.undo()
    assert undone is not None and undone.change.kind == "edit"
    assert session.draft() == session.segment(1).source
    assert session.undo() is None


def test_mark_fuzzy_and_empty_text(session: ReviewSession) -> None:
    session.mark_fuzzy("A new fuzzy text.", 2).wait(10)
    entry = PoStore.load(session.path).entries[2]
    assert entry.fuzzy and entry.msgstr == "A new fuzzy text."
    with pytest.raises(ApprovalRefused):
        session.approve("   ", 2)
    with pytest.raises(ApprovalRefused, match="newline"):
        session.approve("Ends with a newline\n", 2)
    assert session.segment(2).state == "fuzzy" and session.save_state == "saved"


def test_external_change_is_merged_and_conflict_reported(session: ReviewSession) -> None:
    path = session.path
    # another editor approves segment 5 and changes segment 1, after we loaded the file
    other = PoStore.load(path)
    other.update(5, other.entries[5].with_translation("Their approved text.", fuzzy=False))
    other.update(1, other.entries[1].with_translation("Their version of one.", fuzzy=False))
    other.save(last_translator="Other <o@example.org>")

    session.goto(7)
    write = session.approve("Our version of one.", 1)
    assert write.wait(10) and write.error is None
    session.after_write(write)
    report = write.result
    assert report.merged_external and session.file_up_to_date and session.current == 7
    assert [(c.index, c.theirs.msgstr if c.theirs else None) for c in report.conflicts] == [
        (1, "Their version of one.")
    ]
    disk = PoStore.load(path)
    assert disk.entries[1].msgstr == "Our version of one."
    assert any("Their version of one." in c for c in disk.entries[1].translator_comments)
    assert disk.entries[5].msgstr == "Their approved text." and disk.entries[5].approved
    assert session.segment(5).target == "Their approved text."  # the model sees theirs too
    assert session.counts().approved == 2


# -- catalogs with plurals and contexts --------------------------------------------------------


def test_catalog_plural_forms_are_edited_and_approved_together(
    catalog_session: ReviewSession,
) -> None:
    s = catalog_session
    assert s.target_lang == "fr" and s.source_lang == "en" and not s.same_language
    assert len(s) == 4  # the obsolete entry is not a segment
    assert s.current == 1  # first not approved (the fuzzy one)
    plural = s.segment(2)
    assert plural.plural and plural.plural_targets == ("Un fichier", "%d fichiers")
    # French: plural=(n > 1), so form 0 is for 0 and 1
    assert s.form_labels(2) == ["msgstr[0] · n = 0, 1", "msgstr[1] · n = 2, 3, 4, 5…"]
    assert s.set_forms(["Un seul fichier", "%d fichiers"], 2)
    assert s.draft(2) == "Un seul fichier" and s.forms(2)[1] == "%d fichiers"
    with pytest.raises(ValueError):
        s.approve(["Un seul fichier", ""], 2)  # every form or none
    s.approve(["Un seul fichier", "%d fichiers en tout"], 2).wait()
    entry = PoStore.load(s.path).entries[2]
    assert entry.msgstr_plural == ("Un seul fichier", "%d fichiers en tout") and entry.approved
    assert s.draft(3) == ""  # untranslated, other language: empty editor
    assert s.segment(0).id == "menu" and s.segment(1).id == "#2"
    s.goto(3)
    assert s.search("[/PREFIX]") == 0  # markup-like text is plain text to search


def test_first_pending_skips_plural(catalog_session: ReviewSession) -> None:
    s = catalog_session
    s.approve("Le sommet de l'OCS", 1)
    s.approve("Membres de l'OCS", 3)
    assert s.first_pending() == 0  # only the plural is left: back to the top


def test_machine_candidates(session: ReviewSession) -> None:
    fake = FakeTranslator()
    req = session.request(1)
    found = session.machine_candidates(fake, req)
    assert found[0].origin == "fake" and "SCO flag" in found[0].text
    assert session.cached_machine("fake", req) == found
    assert session.machine_candidates(fake, req) == found and fake.calls == 1
    broken = session.machine_candidates(BrokenTranslator(), req)
    assert broken[0].error == "quota exceeded [/bold]"
    assert session.cached_machine("broken", req) is None  # errors are not cached


def test_a_write_waits_out_a_long_held_lock_and_lands(session: ReviewSession) -> None:
    """An import of a large document can hold the lock longer than one lock timeout: the
    screen's writer tries again (the status stays "saving") instead of dropping the approval."""
    import fcntl
    import os
    import threading

    session.lock_timeout = 0.2
    held = os.open(session.path.parent, os.O_RDONLY)
    fcntl.flock(held, fcntl.LOCK_EX)
    threading.Timer(0.5, os.close, (held,)).start()  # released after 2-3 lock timeouts
    write = session.approve("Approved after the wait.", 2)
    assert session.save_state == "saving"
    assert write.wait(10) and write.error is None
    assert PoStore.load(session.path).entries[2].msgstr == "Approved after the wait."
